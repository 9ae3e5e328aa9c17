package io.basalt.cli.load;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * Why a load stopped, where in the file, and what of it is in the table: what an operator
 * needs to fix the input and resume without loading a row twice.
 */
public final class LoadFailure extends Exception {
    /** What became of the rows of the batch that failed. */
    public enum Outcome {
        /** The COPY statement itself was refused before any row of the first batch was sent (no such table). */
        REFUSED,
        /** The batch was rolled back; the batches before it are committed. */
        ROLLED_BACK,
        /** The connection was lost, or the outcome was unknown, while the batch (or the single transaction) committed. */
        MAYBE_COMMITTED,
        /** {@code --single-transaction}: nothing was committed. */
        ALL_ROLLED_BACK
    }

    /** The failed batch: its data rows (counted from 1 after the header) and the lines they start on. */
    public record Batch(long firstRow, long lastRow, long firstLine, long lastLine) {}

    private final String sqlState;
    private final String detail;
    private final long line;
    private final long row;
    private final String where;
    private final long committedRows;
    private final long resumeSkipRows;
    private final Batch batch;
    private final Outcome outcome;

    /**
     * @param sqlState the server's SQLSTATE, or null when the client found the problem
     * @param line the line of the file on which the rejected row starts, or -1 if the server named none
     * @param row that row's number among the data rows, or -1
     * @param where what the server said about the row after its line number (a column and value, or the row), or ""
     * @param batch null when no batch was started
     */
    LoadFailure(String message, String sqlState, String detail, long line, long row, String where, long committedRows,
                long resumeSkipRows, Batch batch, Outcome outcome) {
        super(message);
        this.sqlState = sqlState;
        this.detail = detail;
        this.line = line;
        this.row = row;
        this.where = where;
        this.committedRows = committedRows;
        this.resumeSkipRows = resumeSkipRows;
        this.batch = batch;
        this.outcome = outcome;
    }

    public String sqlState() {
        return sqlState;
    }

    public long line() {
        return line;
    }

    public long committedRows() {
        return committedRows;
    }

    public Outcome outcome() {
        return outcome;
    }

    /** The {@code --skip-rows} that resumes after the rows committed. */
    public long resumeSkipRows() {
        return resumeSkipRows;
    }

    /**
     * The report, a line each: what was rejected and where, the server's error, what is in the
     * table, and the command that resumes ({@code resumeCommand} of a {@code --skip-rows}).
     */
    public List<String> report(String file, String table, LongFunction<String> resumeCommand) {
        String error = (sqlState == null ? "" : "ERROR " + sqlState + ": ") + getMessage();
        List<String> out = new ArrayList<>();
        if (outcome == Outcome.REFUSED) {
            out.add("cannot import into " + table + ": " + error);
            return out;
        }
        if (line > 0) {
            out.add((row > 0 ? "line " + line + " of " + file + " (data row " + row + ")" : "line " + line + " of " + file)
                + (sqlState == null ? ": " : " was rejected: ") + error);
        } else if (batch != null) {
            out.add("the batch of data rows " + range(batch.firstRow(), batch.lastRow()) + " (lines "
                + range(batch.firstLine(), batch.lastLine()) + " of " + file + ") failed: " + error);
        } else {
            out.add(file + ": " + error);
        }
        if (where.startsWith(", ")) {
            out.add("  at " + where.substring(2));
        } else if (where.startsWith(": ")) {
            out.add("  row: " + where.substring(2));
        }
        if (detail != null && !detail.isEmpty()) {
            out.add("  detail: " + detail);
        }
        String before = committedRows == 0 ? "No rows were committed before it" : committedRows + " rows were committed"
            + " before it (data rows " + range(resumeSkipRows - committedRows + 1, resumeSkipRows) + ")";
        String rows = batch == null ? "" : " of data rows " + range(batch.firstRow(), batch.lastRow());
        switch (outcome) {
            case ROLLED_BACK -> {
                out.add("  " + before + (batch == null ? "." : "; the batch" + rows + " was rolled back."));
                out.add("  " + (inputAtFault() ? "Fix the input, then resume with: " : "Resume with: ")
                    + resumeCommand.apply(resumeSkipRows));
            }
            case MAYBE_COMMITTED -> {
                if (batch == null) {
                    out.add("  The commit was in flight: the whole load may or may not have been committed.");
                    out.add("  Count the table's rows; if it was not committed, run it again: "
                        + resumeCommand.apply(resumeSkipRows));
                } else {
                    out.add("  " + before + "; the batch" + rows + " may or may not have been committed (its commit"
                        + " was in flight).");
                    out.add("  Count the table's rows; if the batch was not committed, resume with: "
                        + resumeCommand.apply(resumeSkipRows));
                    out.add("  if it was: " + resumeCommand.apply(batch.lastRow()));
                }
            }
            case ALL_ROLLED_BACK -> {
                out.add("  Nothing was committed: --single-transaction rolled the whole load back.");
                out.add("  " + (inputAtFault() ? "Fix the input, then run it again: " : "Run it again: ")
                    + resumeCommand.apply(resumeSkipRows));
            }
            case REFUSED -> throw new IllegalStateException("handled above");
        }
        return out;
    }

    /**
     * The rows were refused (a row the server named, a data exception, a constraint, a row
     * too long), rather than the load interrupted (a leader change, a lost connection).
     */
    private boolean inputAtFault() {
        return line > 0 || sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"));
    }

    private static String range(long from, long to) {
        return from == to ? Long.toString(from) : from + "-" + to;
    }
}
