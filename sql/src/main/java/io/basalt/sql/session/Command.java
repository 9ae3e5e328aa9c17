package io.basalt.sql.session;

import io.basalt.sql.copy.CopyOptions;
import io.basalt.txn.Isolation;
import java.util.List;

/**
 * A statement the session handles itself, before or instead of JSqlParser: transaction
 * control and run-time settings, which JSqlParser does not parse in PostgreSQL's forms.
 * Everything else arrives as {@link Parsed}.
 */
public sealed interface Command {
    /** BEGIN / START TRANSACTION with optional modes (null: not given). */
    record Begin(Isolation isolation, Boolean readOnly) implements Command {
    }

    /** COMMIT / END. */
    record Commit() implements Command {
    }

    /** ROLLBACK / ABORT. */
    record Rollback() implements Command {
    }

    /** SET TRANSACTION ... or SET SESSION CHARACTERISTICS AS TRANSACTION ... ({@code session} true). */
    record SetTransaction(Isolation isolation, Boolean readOnly, boolean session) implements Command {
    }

    /** SET [SESSION|LOCAL] name TO|= value, SET TIME ZONE value; {@code value} null means DEFAULT. */
    record Set(String name, String value, boolean local) implements Command {
    }

    /** RESET name / RESET ALL ({@code name} null). */
    record Reset(String name) implements Command {
    }

    /** SHOW name / SHOW ALL ({@code name} null). */
    record Show(String name) implements Command {
    }

    /** Statements accepted and ignored with their tag (DISCARD ALL, VACUUM, ANALYZE, CHECKPOINT...). */
    record NoOp(String tag) implements Command {
    }

    /**
     * COPY, read by {@link CopyParser}: of {@code table} in {@code schema} (null: not given) and
     * its {@code columns} (empty: all), or of the rows of {@code query} (then {@code table} is
     * null); {@code from} the endpoint into the table, or to it.
     */
    record Copy(String schema, String table, List<String> columns, String query, boolean from, Endpoint endpoint,
                CopyOptions options) implements Command {
        /** Where the data comes from or goes to: the client (STDIN/STDOUT), a server file, or a program. */
        public enum Endpoint { CLIENT, FILE, PROGRAM }
    }

    /** Anything else, parsed by JSqlParser. */
    record Parsed(net.sf.jsqlparser.statement.Statement statement, String sql) implements Command {
    }
}
