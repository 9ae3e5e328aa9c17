package io.basalt.pgwire;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The READY, IN_EXTENDED and SKIP_UNTIL_SYNC states: simple queries, the extended protocol
 * and Sync. Statement errors become ErrorResponses and leave the connection open; an engine
 * failure that is not a {@link SqlException} is answered XX000 and logged with its stack.
 */
final class SessionProtocol {
    private static final Logger log = LoggerFactory.getLogger(SessionProtocol.class);

    private final int pid;
    private final SqlSession session;
    private final Outbound out;
    private final ResultWriter writer;
    private final ExtendedProtocol extended;

    SessionProtocol(int pid, SqlSession session, Outbound out, PgServerConfig config, CopyStream.Source copySource) {
        this.pid = pid;
        this.session = session;
        this.out = out;
        this.writer = new ResultWriter(out, session);
        this.extended = new ExtendedProtocol(session, writer, out, config.statementsMax(), config.portalsMax());
        session.copyClient(new CopyStream(copySource, out));
    }

    /** Handles one message in {@code state} and returns the next state. */
    ConnectionState handle(ConnectionState state, FrontendMessage m) {
        if (m instanceof FrontendMessage.Sync) {
            sync();
            return ConnectionState.READY;
        }
        if (state == ConnectionState.SKIP_UNTIL_SYNC) {
            return state;
        }
        return switch (m) {
            case FrontendMessage.Query q -> {
                simpleQuery(q.sql());
                yield ConnectionState.READY;
            }
            case FrontendMessage.Flush f -> {
                out.flush();
                yield state;
            }
            case FrontendMessage.CopyData c -> state;
            case FrontendMessage.CopyDone c -> state;
            case FrontendMessage.CopyFail c -> state;
            case FrontendMessage.FunctionCall f -> {
                writer.error(new SqlException(SqlStates.FEATURE_NOT_SUPPORTED, "fastpath function calls are not supported"));
                writer.readyForQuery(session.status());
                out.flush();
                yield ConnectionState.READY;
            }
            case FrontendMessage.Parse p -> extendedStep(() -> extended.parse(p));
            case FrontendMessage.Bind b -> extendedStep(() -> extended.bind(b));
            case FrontendMessage.Describe d -> extendedStep(() -> extended.describe(d));
            case FrontendMessage.Execute e -> extendedStep(() -> extended.execute(e));
            case FrontendMessage.Close c -> extendedStep(() -> extended.close(c));
            default -> throw new ProtocolException("unexpected " + m.getClass().getSimpleName() + " message after startup");
        };
    }

    private ConnectionState extendedStep(Runnable step) {
        try {
            step.run();
            return ConnectionState.IN_EXTENDED;
        } catch (ProtocolException e) {
            throw e;
        } catch (SqlException e) {
            writer.error(e);
        } catch (RuntimeException e) {
            internalError(e);
        }
        // PostgreSQL ends the implicit transaction (or fails the block) on any error of the
        // batch, including those found here before the engine saw the statement.
        session.statementFailed();
        // The client may be waiting on a Flush it sent earlier; it must see the error now.
        out.flush();
        return ConnectionState.SKIP_UNTIL_SYNC;
    }

    private void simpleQuery(String sql) {
        extended.simpleQueryStarted();
        try {
            session.simpleQuery(sql, writer::simpleResult);
        } catch (SqlException e) {
            writer.error(e);
        } catch (RuntimeException e) {
            internalError(e);
        }
        readyForQuery();
    }

    private void sync() {
        try {
            session.sync();
        } catch (SqlException e) {
            writer.error(e);
        } catch (RuntimeException e) {
            internalError(e);
        }
        readyForQuery();
    }

    private void readyForQuery() {
        extended.transactionMayHaveEnded();
        writer.readyForQuery(session.status());
        out.flush();
    }

    private void internalError(RuntimeException e) {
        log.error("connection {}: the engine failed with an unexpected exception", pid, e);
        writer.error(new SqlException(SqlStates.INTERNAL_ERROR, "internal error: " + e.getClass().getSimpleName()));
    }
}
