package io.basalt.pgwire;

import java.util.Map;

/**
 * The limits and authentication of a {@link PgServer}. Every limit is named with its unit last
 * and checked where the resource is taken, so a client that crosses one gets a SQLSTATE, not
 * an out-of-memory server.
 *
 * @param maxConnections     connections served at once; one more gets 53300 "sorry, too many
 *                           clients already" after its StartupMessage (PostgreSQL's name)
 * @param messageBytesMax    the largest message body accepted after startup. A message is
 *                           buffered whole before it is decoded, so this bounds what one
 *                           connection can pin; a length field above it is 08P01 and the
 *                           connection closes before any of the body is buffered
 * @param startupBytesMax    the largest startup packet (PostgreSQL's MAX_STARTUP_PACKET_LENGTH)
 * @param authMode           TRUST or PASSWORD
 * @param passwords          user → cleartext password, consulted in PASSWORD mode
 * @param statementsMax      named prepared statements one connection may hold (54000 beyond)
 * @param portalsMax         open portals one connection may hold (54000 beyond)
 * @param inboxMessagesMax   decoded messages queued for a connection's SQL thread before the
 *                           server stops reading its socket (TCP then pushes back on the client)
 * @param outboundFlushBytes response bytes gathered before they are flushed ahead of the
 *                           ReadyForQuery that would normally flush them (large results)
 * @param startupTimeoutMs   time from accept to ReadyForQuery before the connection is closed
 *                           (PostgreSQL's authentication_timeout)
 * @param ioThreads          Netty event-loop threads; 0 picks twice the processor count
 */
public record PgServerConfig(int maxConnections, int messageBytesMax, int startupBytesMax, AuthMode authMode,
                             Map<String, String> passwords, int statementsMax, int portalsMax, int inboxMessagesMax,
                             int outboundFlushBytes, long startupTimeoutMs, int ioThreads) {
    public static final int MAX_CONNECTIONS_DEFAULT = 100;
    /**
     * 64 MiB: far above any statement text or row a client sends in practice (PostgreSQL's own
     * 1 GiB cap exists for bytea values that Basalt's key-value rows could not hold anyway),
     * and low enough that {@code maxConnections} worst-case buffers stay within a node's heap.
     */
    public static final int MESSAGE_BYTES_MAX_DEFAULT = 64 << 20;
    public static final int STARTUP_BYTES_MAX_DEFAULT = 10_000;
    /** Above pgjdbc's default statement cache (256) many times over, yet bounded. */
    public static final int STATEMENTS_MAX_DEFAULT = 10_000;
    public static final int PORTALS_MAX_DEFAULT = 1_000;
    /** Enough for a pipelined JDBC batch of a few hundred Bind/Execute pairs between reads. */
    public static final int INBOX_MESSAGES_MAX_DEFAULT = 1_024;
    public static final int OUTBOUND_FLUSH_BYTES_DEFAULT = 256 << 10;
    public static final long STARTUP_TIMEOUT_MS_DEFAULT = 60_000;

    public PgServerConfig {
        require(maxConnections > 0, "maxConnections must be positive: " + maxConnections);
        require(messageBytesMax >= 1024, "messageBytesMax must be at least 1024: " + messageBytesMax);
        require(startupBytesMax >= 64, "startupBytesMax must be at least 64: " + startupBytesMax);
        require(authMode != null, "authMode is required");
        passwords = Map.copyOf(passwords);
        require(statementsMax > 0 && portalsMax > 0, "statement and portal limits must be positive");
        require(inboxMessagesMax >= 4, "inboxMessagesMax must be at least 4: " + inboxMessagesMax);
        require(outboundFlushBytes >= 1024, "outboundFlushBytes must be at least 1024: " + outboundFlushBytes);
        require(startupTimeoutMs > 0, "startupTimeoutMs must be positive: " + startupTimeoutMs);
        require(ioThreads >= 0, "ioThreads must not be negative: " + ioThreads);
    }

    public static PgServerConfig defaults() {
        return new PgServerConfig(MAX_CONNECTIONS_DEFAULT, MESSAGE_BYTES_MAX_DEFAULT, STARTUP_BYTES_MAX_DEFAULT,
            AuthMode.TRUST, Map.of(), STATEMENTS_MAX_DEFAULT, PORTALS_MAX_DEFAULT, INBOX_MESSAGES_MAX_DEFAULT,
            OUTBOUND_FLUSH_BYTES_DEFAULT, STARTUP_TIMEOUT_MS_DEFAULT, 0);
    }

    public PgServerConfig withMaxConnections(int n) {
        return new PgServerConfig(n, messageBytesMax, startupBytesMax, authMode, passwords, statementsMax,
            portalsMax, inboxMessagesMax, outboundFlushBytes, startupTimeoutMs, ioThreads);
    }

    public PgServerConfig withMessageBytesMax(int bytes) {
        return new PgServerConfig(maxConnections, bytes, startupBytesMax, authMode, passwords, statementsMax,
            portalsMax, inboxMessagesMax, outboundFlushBytes, startupTimeoutMs, ioThreads);
    }

    /** PASSWORD authentication against {@code userPasswords}. */
    public PgServerConfig withPasswords(Map<String, String> userPasswords) {
        return new PgServerConfig(maxConnections, messageBytesMax, startupBytesMax, AuthMode.PASSWORD, userPasswords,
            statementsMax, portalsMax, inboxMessagesMax, outboundFlushBytes, startupTimeoutMs, ioThreads);
    }

    public PgServerConfig withStatementLimits(int statements, int portals) {
        return new PgServerConfig(maxConnections, messageBytesMax, startupBytesMax, authMode, passwords, statements,
            portals, inboxMessagesMax, outboundFlushBytes, startupTimeoutMs, ioThreads);
    }

    public PgServerConfig withInboxMessagesMax(int messages) {
        return new PgServerConfig(maxConnections, messageBytesMax, startupBytesMax, authMode, passwords, statementsMax,
            portalsMax, messages, outboundFlushBytes, startupTimeoutMs, ioThreads);
    }

    public PgServerConfig withStartupTimeoutMs(long ms) {
        return new PgServerConfig(maxConnections, messageBytesMax, startupBytesMax, authMode, passwords, statementsMax,
            portalsMax, inboxMessagesMax, outboundFlushBytes, ms, ioThreads);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }
}
