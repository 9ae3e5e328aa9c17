package io.basalt.kv.client;

/**
 * A failed key-value operation. {@link #sqlState()} is the PostgreSQL code a SQL client
 * should see; {@link #transactionAborted()} says the transaction is over (deadlock victim,
 * leader change, lock timeout...) and may be retried from its start.
 */
public class KvException extends Exception {
    private final String sqlState;
    private final boolean transactionAborted;

    public KvException(String message, String sqlState, boolean transactionAborted) {
        super(message);
        this.sqlState = sqlState;
        this.transactionAborted = transactionAborted;
    }

    public KvException(String message, String sqlState, boolean transactionAborted, Throwable cause) {
        super(message, cause);
        this.sqlState = sqlState;
        this.transactionAborted = transactionAborted;
    }

    /** The SQLSTATE to report, never null. */
    public String sqlState() {
        return sqlState;
    }

    public boolean transactionAborted() {
        return transactionAborted;
    }
}
