package io.basalt.common;

/**
 * PostgreSQL SQLSTATE codes that Basalt's layers report, so an error raised deep in the
 * transaction engine reaches a PostgreSQL client with the code its driver expects.
 */
public final class SqlState {
    /** Retry the transaction: it lost a conflict or its leader changed. */
    public static final String SERIALIZATION_FAILURE = "40001";
    /** Chosen as the victim of a deadlock. */
    public static final String DEADLOCK_DETECTED = "40P01";
    /** A named limit was exceeded (e.g. the transaction's buffered writes). */
    public static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** A lock was not granted within lock_timeout. */
    public static final String LOCK_NOT_AVAILABLE = "55P03";
    /** A write inside a read-only transaction. */
    public static final String READ_ONLY_SQL_TRANSACTION = "25006";
    /** The transaction is not known, or no longer active. */
    public static final String INVALID_TRANSACTION_STATE = "25000";
    /** Statements after an error, until ROLLBACK. */
    public static final String IN_FAILED_SQL_TRANSACTION = "25P02";
    /** A request the server cannot take (malformed or out of range). */
    public static final String PROTOCOL_VIOLATION = "08P01";
    /** This node cannot serve the request now (not the leader, shutting down). */
    public static final String CANNOT_CONNECT_NOW = "57P03";
    /** The client's idle transaction was ended because its heartbeats stopped. */
    public static final String IDLE_IN_TRANSACTION_TIMEOUT = "25P03";

    /** The disk a write needed is full (a node's write-ahead log could not grow). */
    public static final String DISK_FULL = "53100";
    /** A write or fsync of a node's write-ahead log failed. */
    public static final String IO_ERROR = "58030";

    private SqlState() {
    }
}
