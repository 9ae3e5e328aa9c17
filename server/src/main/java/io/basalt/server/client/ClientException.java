package io.basalt.server.client;

/**
 * A client call failed. {@code outcomeUnknown} is true when a write may or may not have been
 * applied (a timeout or a lost connection after the request was sent). A transaction's failure
 * carries the PostgreSQL SQLSTATE the server gave ({@link #sqlState()}, else null) and whether
 * the transaction is over ({@link #transactionAborted()}: retry it whole).
 */
public final class ClientException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean outcomeUnknown;
    private final String sqlState;
    private final boolean transactionAborted;

    public ClientException(String message, String sqlState, boolean transactionAborted) {
        super(message);
        this.outcomeUnknown = false;
        this.sqlState = sqlState;
        this.transactionAborted = transactionAborted;
    }

    public ClientException(String message, boolean outcomeUnknown) {
        super(message);
        this.outcomeUnknown = outcomeUnknown;
        this.sqlState = null;
        this.transactionAborted = false;
    }

    public ClientException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
        this.sqlState = null;
        this.transactionAborted = false;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }

    /** The SQLSTATE of a transaction's failure, or null. */
    public String sqlState() {
        return sqlState;
    }

    /** True if the transaction is over (deadlock victim, lock timeout, leader change...). */
    public boolean transactionAborted() {
        return transactionAborted;
    }
}
