package io.basalt.pgwire;

/**
 * The PostgreSQL SQLSTATEs the wire layer itself raises; errors from statements carry the
 * engine's own codes through unchanged.
 */
final class SqlStates {
    /** Malformed or out-of-order bytes: the connection cannot be trusted to stay in sync. */
    static final String PROTOCOL_VIOLATION = "08P01";
    /** More clients than {@code maxConnections}. */
    static final String TOO_MANY_CONNECTIONS = "53300";
    static final String INVALID_PASSWORD = "28P01";
    static final String INVALID_AUTHORIZATION_SPECIFICATION = "28000";
    static final String FEATURE_NOT_SUPPORTED = "0A000";
    static final String INVALID_PARAMETER_VALUE = "22023";
    static final String CHARACTER_NOT_IN_REPERTOIRE = "22021";
    static final String INVALID_TEXT_REPRESENTATION = "22P02";
    static final String INVALID_BINARY_REPRESENTATION = "22P03";
    static final String UNDEFINED_FUNCTION = "42883";
    static final String DUPLICATE_PREPARED_STATEMENT = "42P05";
    static final String DUPLICATE_CURSOR = "42P03";
    static final String INVALID_SQL_STATEMENT_NAME = "26000";
    static final String INVALID_CURSOR_NAME = "34000";
    /** A per-connection limit (prepared statements, portals) was reached. */
    static final String PROGRAM_LIMIT_EXCEEDED = "54000";
    /** An engine failure that is not the client's fault; logged with its stack trace. */
    static final String INTERNAL_ERROR = "XX000";

    private SqlStates() {
    }
}
