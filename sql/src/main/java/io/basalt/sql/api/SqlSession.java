package io.basalt.sql.api;

import java.util.List;
import java.util.function.Consumer;

/**
 * One client connection's SQL state: its transaction, prepared statements and settings.
 * Methods are called from one thread at a time (the connection's), except {@link #cancel()}.
 *
 * <p>Transactions follow PostgreSQL. Outside BEGIN ... COMMIT, statements run in an implicit
 * transaction that ends at {@link #sync()}: a simple query string (all its statements) is one
 * implicit transaction, and in the extended protocol everything up to Sync is one. After an
 * error inside BEGIN the block is failed: statements other than ROLLBACK/COMMIT raise 25P02
 * and COMMIT rolls back.
 */
public interface SqlSession extends AutoCloseable {
    /**
     * Runs every statement of a simple query string in order, handing each result to
     * {@code each} as it finishes, then ends the implicit transaction as {@link #sync()} does.
     * The first error is thrown after the results before it were delivered; later statements
     * do not run. An empty string yields one {@link Result#empty()}.
     */
    void simpleQuery(String sql, Consumer<Result> each);

    /**
     * Parses and plans one statement. {@code paramTypeOids} may be shorter than the number of
     * parameters, and 0 means "infer". Errors: 42601 syntax (with position), 0A000
     * unsupported, 42P01 unknown table, ...
     */
    Prepared prepare(String sql, List<Integer> paramTypeOids);

    /** Executes {@code p} with parameter values already decoded to engine values. */
    Result execute(Prepared p, List<Object> params);

    /** Ends the implicit transaction (commit, or rollback after an error); a no-op inside BEGIN. */
    void sync();

    TxStatus status();

    /**
     * An error the engine did not raise itself (a Bind whose values do not decode, an unknown
     * portal) ended the current extended-protocol step: the transaction is rolled back as for
     * a failed statement (an open BEGIN block becomes failed). Idempotent.
     */
    void statementFailed();

    /**
     * Where COPY ... FROM STDIN reads and COPY ... TO STDOUT writes. Until a front end sets
     * one, such a COPY fails with 0A000.
     */
    void copyClient(CopyClient client);

    /** A run-time parameter as SHOW prints it (e.g. "TimeZone"), or null if unknown. */
    String setting(String name);

    /** Asks a running statement to stop with 57014; safe from any thread. */
    void cancel();

    /** Rolls back an open transaction and frees the session's resources. */
    @Override
    void close();

}
