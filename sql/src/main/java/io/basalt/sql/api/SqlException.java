package io.basalt.sql.api;

/**
 * An error a SQL client should see: a PostgreSQL SQLSTATE, a primary message, and optionally
 * a detail, a hint, the 1-based character position in the query text (syntax errors) and a
 * context line saying where in the work it happened (COPY's input line).
 * Thrown by every layer of the engine; the session turns it into an ErrorResponse.
 */
public class SqlException extends RuntimeException {
    private final String sqlState;
    private final String detail;
    private final String hint;
    private final int position;
    private final String context;

    public SqlException(String sqlState, String message) {
        this(sqlState, message, null, null, 0, null);
    }

    public SqlException(String sqlState, String message, Throwable cause) {
        this(sqlState, message, null, null, 0, cause);
    }

    public SqlException(String sqlState, String message, String detail, String hint, int position, Throwable cause) {
        this(sqlState, message, detail, hint, position, null, cause);
    }

    public SqlException(String sqlState, String message, String detail, String hint, int position, String context,
                        Throwable cause) {
        super(message, cause);
        if (sqlState == null || sqlState.length() != 5) {
            throw new IllegalArgumentException("SQLSTATE must have 5 characters: " + sqlState);
        }
        this.sqlState = sqlState;
        this.detail = detail;
        this.hint = hint;
        this.position = position;
        this.context = context;
    }

    public String sqlState() {
        return sqlState;
    }

    /** The DETAIL line, or null. */
    public String detail() {
        return detail;
    }

    /** The HINT line, or null. */
    public String hint() {
        return hint;
    }

    /** 1-based character offset into the statement text, or 0 when not applicable. */
    public int position() {
        return position;
    }

    /** The CONTEXT line, or null. */
    public String context() {
        return context;
    }

    /** The same error placed at {@code position} (1-based). */
    public SqlException at(int position) {
        return new SqlException(sqlState, getMessage(), detail, hint, position, context, getCause());
    }

    /** The same error with the CONTEXT line {@code context}. */
    public SqlException withContext(String context) {
        return new SqlException(sqlState, getMessage(), detail, hint, position, context, getCause());
    }
}
