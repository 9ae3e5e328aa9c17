package io.basalt.pgwire;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.netty.channel.Channel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection's SQL thread (a platform thread; see PgChannelHandler) that takes decoded messages from the
 * inbox in arrival order and drives the {@link ConnectionState} machine, so statements never
 * run on a Netty event loop and one connection's messages are never reordered. Startup and
 * authentication are handled here; everything after ReadyForQuery goes to
 * {@link SessionProtocol}.
 *
 * <p>Backpressure: the event loop appends to the inbox and pauses reading the socket when it
 * holds more than {@code inboxMessagesMax} messages; this thread resumes reading once it has
 * drained it to half. Both switches happen on the event loop, so they cannot cross.
 */
final class PgConnection implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(PgConnection.class);
    /** The newest minor version of protocol 3 this server speaks. */
    private static final int PROTOCOL_MINOR_LATEST = 0;

    private record Login(String user, String database, Map<String, String> parameters) {
    }

    private final Channel channel;
    private final ServerContext server;
    private final boolean admitted;
    private final int pid;
    private final LinkedBlockingQueue<Inbound> inbox = new LinkedBlockingQueue<>();
    private final int resumeReadingAt;
    private final Outbound out;
    /** Switched on the event loop only; read by the SQL thread to know when to ask for a resume. */
    private volatile boolean readingPaused;
    private volatile boolean ready;
    private ConnectionState state = ConnectionState.STARTUP;
    private Login login;
    private SqlSession session;
    private SessionProtocol protocol;
    /** A message a COPY took from the inbox but left for the connection to handle; taken first. */
    private Inbound handedBack;

    PgConnection(Channel channel, ServerContext server, boolean admitted) {
        this.channel = channel;
        this.server = server;
        this.admitted = admitted;
        this.pid = server.keys.newPid();
        this.resumeReadingAt = server.config.inboxMessagesMax() / 2;
        this.out = new Outbound(channel, server.config.outboundFlushBytes());
    }

    int pid() {
        return pid;
    }

    Outbound outbound() {
        return out;
    }

    /** Whether startup finished (ReadyForQuery sent); the startup timeout closes connections that are not. */
    boolean ready() {
        return ready;
    }

    /** Event loop: queues a message or socket event for the SQL thread. */
    void received(Inbound in) {
        inbox.add(in);
        if (!readingPaused && inbox.size() > server.config.inboxMessagesMax()) {
            readingPaused = true;
            channel.config().setAutoRead(false);
            // The SQL thread may have drained the inbox before it could see the pause; then
            // nobody would ask to resume, so look again now that the pause is visible.
            resumeReading();
        }
    }

    @Override
    public void run() {
        try {
            while (state != ConnectionState.CLOSED) {
                step(take());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.error("connection {}: unexpected failure; closing it", pid, e);
            fatal(new SqlException(SqlStates.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName()));
        } finally {
            shutdown();
            server.connectionThreads.remove(Thread.currentThread());
        }
    }

    /** The next message or event: one a COPY handed back, else the inbox's next, waiting for it. */
    private Inbound take() throws InterruptedException {
        Inbound in = handedBack;
        handedBack = null;
        if (in == null) {
            in = inbox.take();
            if (readingPaused && inbox.size() <= resumeReadingAt) {
                askToResumeReading();
            }
        }
        if (log.isTraceEnabled()) {
            log.trace("connection {} in {}: {}", pid, state, describe(in));
        }
        return in;
    }

    /** {@link #take} for a COPY running inside a statement, which cannot wait with a checked exception. */
    private final CopyStream.Source copySource = new CopyStream.Source() {
        @Override
        public Inbound take() {
            try {
                return PgConnection.this.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SqlException("57P01", "terminating connection due to administrator command");
            }
        }

        @Override
        public void putBack(Inbound in) {
            handedBack = in;
        }
    };

    private void askToResumeReading() {
        try {
            channel.eventLoop().execute(this::resumeReading);
        } catch (RejectedExecutionException e) {
            // The server is shutting down; there is nothing left to read.
        }
    }

    private static String describe(Inbound in) {
        return switch (in) {
            case FrontendMessage.Parse p -> "Parse(" + p.statement() + ", " + p.sql() + ", "
                + java.util.Arrays.toString(p.paramTypeOids()) + ")";
            case FrontendMessage.Bind b -> "Bind(" + b.portal() + ", " + b.statement() + ", " + b.paramValues().length
                + " values, formats " + java.util.Arrays.toString(b.paramFormats()) + " / "
                + java.util.Arrays.toString(b.resultFormats()) + ")";
            case FrontendMessage.PasswordMessage p -> "PasswordMessage";
            default -> in.toString();
        };
    }

    private void resumeReading() {
        if (readingPaused && inbox.size() <= resumeReadingAt) {
            readingPaused = false;
            channel.config().setAutoRead(true);
        }
    }

    private void step(Inbound in) {
        switch (in) {
            case ChannelEvent.DISCONNECTED -> state = ConnectionState.CLOSED;
            case ChannelEvent.INPUT_CLOSED -> close();
            case FrontendMessage.Malformed m -> fatal(SqlStates.PROTOCOL_VIOLATION, m.reason());
            case FrontendMessage.Terminate t -> close();
            case FrontendMessage m -> {
                try {
                    switch (state) {
                        case STARTUP -> onStartupPhase(m);
                        case AUTH -> onPassword(m);
                        case READY, IN_EXTENDED, SKIP_UNTIL_SYNC -> state = protocol.handle(state, m);
                        case CLOSED -> { }
                    }
                } catch (ProtocolException e) {
                    fatal(SqlStates.PROTOCOL_VIOLATION, e.getMessage());
                }
            }
        }
    }

    private void onStartupPhase(FrontendMessage m) {
        switch (m) {
            case FrontendMessage.SslRequest s -> refuseEncryption();
            case FrontendMessage.GssEncRequest g -> refuseEncryption();
            case FrontendMessage.CancelRequest c -> {
                boolean cancelled = server.keys.cancel(c.pid(), c.secret());
                log.debug("cancel request for connection {}: {}", c.pid(), cancelled ? "delivered" : "no match");
                close();
            }
            case FrontendMessage.Startup s -> onStartup(s);
            default -> throw new ProtocolException("expected a startup message, got " + m.getClass().getSimpleName());
        }
    }

    /** Basalt offers neither TLS nor GSSAPI encryption yet: 'N', and the client goes on in clear. */
    private void refuseEncryption() {
        out.buffer().writeByte('N');
        out.flush();
    }

    private void onStartup(FrontendMessage.Startup s) {
        if (s.majorVersion() != 3) {
            fatal(SqlStates.FEATURE_NOT_SUPPORTED, "unsupported frontend protocol " + s.majorVersion() + "."
                + s.minorVersion() + ": server supports 3.0 to 3." + PROTOCOL_MINOR_LATEST);
            return;
        }
        if (!admitted) {
            fatal(SqlStates.TOO_MANY_CONNECTIONS, "sorry, too many clients already");
            return;
        }
        Map<String, String> params = new LinkedHashMap<>(s.parameters());
        List<String> unrecognised = params.keySet().stream().filter(k -> k.startsWith("_pq_.")).toList();
        unrecognised.forEach(params::remove);
        if (s.minorVersion() > PROTOCOL_MINOR_LATEST || !unrecognised.isEmpty()) {
            BackendMessages.negotiateProtocolVersion(out.buffer(), PROTOCOL_MINOR_LATEST, unrecognised);
        }
        String user = params.remove("user");
        if (user == null || user.isEmpty()) {
            fatal(SqlStates.INVALID_AUTHORIZATION_SPECIFICATION, "no PostgreSQL user name specified in startup packet");
            return;
        }
        String database = params.remove("database");
        login = new Login(user, database == null || database.isEmpty() ? user : database, params);
        switch (server.config.authMode()) {
            case TRUST -> completeLogin();
            case PASSWORD -> {
                BackendMessages.authentication(out.buffer(), BackendMessages.AUTH_CLEARTEXT_PASSWORD);
                out.flush();
                state = ConnectionState.AUTH;
            }
        }
    }

    private void onPassword(FrontendMessage m) {
        if (!(m instanceof FrontendMessage.PasswordMessage p)) {
            throw new ProtocolException("expected a password response, got " + m.getClass().getSimpleName());
        }
        String expected = server.config.passwords().get(login.user());
        // Compared in constant time, and an unknown user fails exactly like a wrong password.
        boolean ok = expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
            p.password().getBytes(StandardCharsets.UTF_8));
        if (!ok) {
            log.info("connection {}: password authentication failed for user \"{}\"", pid, login.user());
            fatal(SqlStates.INVALID_PASSWORD, "password authentication failed for user \"" + login.user() + "\"");
            return;
        }
        completeLogin();
    }

    private void completeLogin() {
        BackendMessages.authentication(out.buffer(), BackendMessages.AUTH_OK);
        try {
            session = server.service.open(login.user(), login.database(), login.parameters());
        } catch (SqlException e) {
            fatal(e);
            return;
        }
        for (Map.Entry<String, String> e : server.service.initialParameters().entrySet()) {
            String current = session.setting(e.getKey());
            BackendMessages.parameterStatus(out.buffer(), e.getKey(), current != null ? current : e.getValue());
        }
        int secret = server.keys.register(pid, session);
        BackendMessages.backendKeyData(out.buffer(), pid, secret);
        protocol = new SessionProtocol(pid, session, out, server.config, copySource);
        BackendMessages.readyForQuery(out.buffer(), session.status().code());
        out.flush();
        ready = true;
        state = ConnectionState.READY;
    }

    private void fatal(String sqlState, String message) {
        fatal(new SqlException(sqlState, message));
    }

    /** Sends a FATAL ErrorResponse after everything already answered, then closes. */
    private void fatal(SqlException e) {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        log.debug("connection {}: FATAL {} {}", pid, e.sqlState(), e.getMessage());
        BackendMessages.error(out.buffer(), "FATAL", e);
        close();
    }

    private void close() {
        out.flushAndClose();
        state = ConnectionState.CLOSED;
    }

    private void shutdown() {
        state = ConnectionState.CLOSED;
        server.keys.unregister(pid);
        out.discard();
        channel.close();
        if (session != null) {
            try {
                session.close();
            } catch (RuntimeException e) {
                log.warn("connection {}: closing the SQL session failed", pid, e);
            }
        }
    }
}
