package io.basalt.pgwire;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.api.TxStatus;
import io.basalt.sql.types.SqlType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parse, Bind, Describe, Execute and Close for one connection: its named and unnamed
 * statements and portals. Each method either writes its response or throws the
 * {@link SqlException} that puts the connection into skip-until-Sync. The unnamed statement
 * and portal (name "") are replaced by the next Parse or Bind, as the protocol says.
 */
final class ExtendedProtocol {
    private static final String UNNAMED = "";

    private final SqlSession session;
    private final ResultWriter writer;
    private final Outbound out;
    private final int statementsMax;
    private final int portalsMax;
    private final Map<String, Prepared> statements = new HashMap<>();
    private final Map<String, Portal> portals = new HashMap<>();

    ExtendedProtocol(SqlSession session, ResultWriter writer, Outbound out, int statementsMax, int portalsMax) {
        this.session = session;
        this.writer = writer;
        this.out = out;
        this.statementsMax = statementsMax;
        this.portalsMax = portalsMax;
    }

    void parse(FrontendMessage.Parse m) {
        String name = m.statement();
        if (name.equals(UNNAMED)) {
            statements.remove(UNNAMED);
        } else if (statements.containsKey(name)) {
            throw new SqlException(SqlStates.DUPLICATE_PREPARED_STATEMENT, "prepared statement \"" + name + "\" already exists");
        } else if (statements.size() >= statementsMax) {
            throw new SqlException(SqlStates.PROGRAM_LIMIT_EXCEEDED, "too many prepared statements on this connection"
                + " (limit " + statementsMax + ")", null, "Close prepared statements that are no longer used.", 0, null);
        }
        Prepared p = m.sql().isBlank() ? new EmptyStatement() : session.prepare(m.sql(), oids(m.paramTypeOids()));
        statements.put(name, p);
        BackendMessages.empty(out.buffer(), '1');
    }

    void bind(FrontendMessage.Bind m) {
        Prepared p = statement(m.statement());
        String name = m.portal();
        if (name.equals(UNNAMED)) {
            portals.remove(UNNAMED);
        } else if (portals.containsKey(name)) {
            throw new SqlException(SqlStates.DUPLICATE_CURSOR, "portal \"" + name + "\" already exists");
        } else if (portals.size() >= portalsMax) {
            throw new SqlException(SqlStates.PROGRAM_LIMIT_EXCEEDED, "too many open portals on this connection (limit "
                + portalsMax + ")");
        }
        List<Object> params = ParameterDecoder.decode(p, m.statement(), m, writer.zone());
        short[] formats = ParameterDecoder.resultFormats(p.columns(), m.resultFormats());
        portals.put(name, new Portal(p, params, formats));
        BackendMessages.empty(out.buffer(), '2');
    }

    void describe(FrontendMessage.Describe m) {
        if (m.target() == 'S') {
            Prepared p = statement(m.name());
            BackendMessages.parameterDescription(out.buffer(), p.paramTypes());
            writer.rowDescription(p.columns(), ResultWriter.ALL_TEXT);
        } else {
            Portal portal = portal(m.name());
            writer.rowDescription(portal.statement.columns(), portal.resultFormats);
        }
    }

    /** Runs the portal on its first Execute, then sends up to {@code maxRows} of its rows (0: all). */
    void execute(FrontendMessage.Execute m) {
        Portal portal = portal(m.portal());
        if (!portal.started()) {
            Result r;
            try {
                r = portal.statement instanceof EmptyStatement ? Result.empty() : session.execute(portal.statement, portal.params);
            } catch (RuntimeException e) {
                portals.remove(m.portal());
                throw e;
            }
            portal.start(r);
            writer.notices(r);
            writer.parameterChanges(r);
        }
        Result r = portal.result();
        if (!r.returnsRows()) {
            writer.commandComplete(r.commandTag());
            return;
        }
        int from = portal.nextRow();
        int size = r.rows().size();
        int to = m.maxRows() > 0 ? (int) Math.min(size, (long) from + m.maxRows()) : size;
        writer.rows(r, from, to, portal.resultFormats);
        portal.advance(to);
        if (!portal.drained()) {
            BackendMessages.empty(out.buffer(), 's');
            out.flush();
        } else {
            writer.commandComplete(portal.wasSuspended() ? lastFetchTag(r.commandTag(), to - from) : r.commandTag());
        }
    }

    void close(FrontendMessage.Close m) {
        if (m.target() == 'S') {
            statements.remove(m.name());
        } else {
            portals.remove(m.name());
        }
        BackendMessages.empty(out.buffer(), '3');
    }

    /** A simple Query replaces the unnamed statement and portal. */
    void simpleQueryStarted() {
        statements.remove(UNNAMED);
        portals.remove(UNNAMED);
    }

    /**
     * Portals live only as long as their transaction: once the session is idle again (after
     * Sync or a simple query) they are gone, as PostgreSQL's non-holdable portals are.
     */
    void transactionMayHaveEnded() {
        if (session.status() == TxStatus.IDLE) {
            portals.clear();
        }
    }

    private Prepared statement(String name) {
        Prepared p = statements.get(name);
        if (p == null) {
            throw new SqlException(SqlStates.INVALID_SQL_STATEMENT_NAME, "prepared statement \"" + name + "\" does not exist");
        }
        return p;
    }

    private Portal portal(String name) {
        Portal p = portals.get(name);
        if (p == null) {
            throw new SqlException(SqlStates.INVALID_CURSOR_NAME, "portal \"" + name + "\" does not exist");
        }
        return p;
    }

    /**
     * PostgreSQL's tag after a suspended SELECT counts the rows of the final Execute only
     * ("SELECT 5" for the last 5 of 25); other tags (INSERT ... RETURNING) keep their total.
     */
    private static String lastFetchTag(String tag, int rows) {
        return tag != null && tag.startsWith("SELECT ") ? "SELECT " + rows : tag;
    }

    private static List<Integer> oids(int[] oids) {
        return Arrays.stream(oids).boxed().toList();
    }

    /** A statement of only whitespace: Execute answers EmptyQueryResponse without the engine. */
    private record EmptyStatement() implements Prepared {
        @Override
        public String sql() {
            return "";
        }

        @Override
        public List<SqlType> paramTypes() {
            return List.of();
        }

        @Override
        public List<Column> columns() {
            return null;
        }
    }
}
