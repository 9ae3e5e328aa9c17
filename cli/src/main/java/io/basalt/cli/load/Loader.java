package io.basalt.cli.load;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * Loads rows into a table in batches of COPY FROM STDIN. Each batch is one COPY statement;
 * outside {@code --single-transaction} each commits on its own (autocommit), so a huge file is
 * many bounded transactions and a bad row costs only its batch. With it, the batches run in
 * one transaction that commits at the end. A batch the server aborted as a whole (SQLSTATE
 * 40001 when the leader changes under it, 40P01, 55P03) wrote nothing, and is read and sent
 * again, up to {@link #RETRIES_PER_BATCH_MAX} times (see {@link RowReader#rewind}).
 *
 * <p>The client is pgjdbc's {@link CopyManager} rather than a wire client of our own: it is
 * the client Basalt's COPY is already tested against (CopyClusterTest), and it handles the
 * startup, the CopyIn sub-protocol, CopyFail and the error fields ({@link ServerErrorMessage})
 * that the failure report is built from. Rows are written as the reader hands them out, so
 * nothing holds more than one read buffer of the file.
 */
public final class Loader {
    /**
     * @param skipRows data rows (after the header) to read past without loading them
     */
    public record Settings(CopySql sql, int batchRows, boolean singleTransaction, boolean header, long skipRows) {
        public Settings {
            if (batchRows < 1) {
                throw new IllegalArgumentException("--batch-rows must be at least 1, not " + batchRows);
            }
            if (skipRows < 0) {
                throw new IllegalArgumentException("--skip-rows must not be negative, not " + skipRows);
            }
        }
    }

    /**
     * @param rows the rows this run committed
     * @param skippedRows the data rows read past ({@code --skip-rows}; fewer if the file has fewer)
     * @param endMarkerLine the line of an end-of-data marker {@code \.} that ended the data, or 0
     */
    public record Result(long rows, long skippedRows, long bytesRead, long elapsedNanos, long endMarkerLine) {}

    /** What the server says about a COPY row: {@code COPY t, line N[, column c: "v" | : "row"]}. */
    private static final Pattern COPY_LINE = Pattern.compile("COPY .*?, line (\\d+)(.*)");

    /** SQLSTATEs of a transaction the server aborted as a whole: serialization failure (a leader change), deadlock, lock timeout. */
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01", "55P03");
    /** Tries of one batch: an election takes about half a second, a loaded machine several times that. */
    static final int RETRIES_PER_BATCH_MAX = 8;
    static final long RETRY_BACKOFF_MS_MIN = 100;
    static final long RETRY_BACKOFF_MS_MAX = 3_000;

    /** Where in a batch a failure happened, which decides what became of the batch. */
    private enum Stage { START, SEND, END }

    private final Settings settings;
    private final Connection connection;
    private final Progress progress;
    private final BatchLines lines = new BatchLines();
    /** Rows this run committed, and rows it sent (committed or, in one transaction, not yet). */
    private long committed;
    private long sent;
    /** Bytes of the input up to the end of the last batch done. */
    private long done;

    public Loader(Settings settings, Connection connection, Progress progress) {
        this.settings = settings;
        this.connection = connection;
        this.progress = progress;
        progress.rowsLabel(settings.singleTransaction() ? "sent" : "committed");
    }

    public Result load(RowReader reader) throws LoadFailure {
        CopyManager copies;
        long skipped;
        try {
            copies = connection.unwrap(PGConnection.class).getCopyAPI();
            if (settings.singleTransaction()) {
                connection.setAutoCommit(false);
            }
            if (settings.header()) {
                reader.skip(1);
            }
            skipped = reader.skip(settings.skipRows());
            progress.skipped(reader.consumed());
            done = reader.consumed();
        } catch (IOException | SQLException e) {
            throw failure(e, Stage.START, null, false);
        }
        String statement = settings.sql().statement();
        boolean first = true;
        while (true) {
            long firstRow = settings.skipRows() + sent + 1;
            reader.mark();
            for (int attempt = 1; ; attempt++) {
                lines.start(reader.line());
                RowReader.Run run;
                try {
                    run = reader.next(settings.batchRows(), lines);
                } catch (IOException e) {
                    // Nothing of this batch was sent.
                    throw failure(e, Stage.START, null, false);
                }
                if (run == null) {
                    return finish(reader, skipped);
                }
                BatchError error = batch(copies, statement, reader, run);
                if (error == null) {
                    break;
                }
                LoadFailure.Batch batch = new LoadFailure.Batch(firstRow, firstRow + Math.max(lines.rows(), 1) - 1,
                    lines.firstLine(), lines.lastRowLine());
                if (!retryable(error, attempt, reader)) {
                    throw failure(error.cause(), error.stage(), batch, first && error.stage() == Stage.START);
                }
                progress.note("the batch of data rows " + batch.firstRow() + "-" + batch.lastRow() + " was"
                    + " aborted (" + ((SQLException) error.cause()).getSQLState() + ", as when a leader changes);"
                    + " sending it again (" + attempt + " of " + (RETRIES_PER_BATCH_MAX - 1) + ")");
                backOff(attempt);
                try {
                    reader.rewind();
                } catch (IOException e) {
                    throw failure(e, Stage.START, batch, false);
                }
            }
            first = false;
        }
    }

    private Result finish(RowReader reader, long skipped) throws LoadFailure {
        if (settings.singleTransaction()) {
            try {
                connection.commit();
                committed = sent;
            } catch (SQLException e) {
                throw failure(e, Stage.END, null, false);
            }
        }
        return new Result(committed, skipped, reader.bytesRead(), progress.elapsedNanos(), reader.endMarkerLine());
    }

    /** Why a batch failed, and at which stage. */
    private record BatchError(Exception cause, Stage stage) {}

    /**
     * One COPY of up to {@code batchRows} rows, the first {@code run} of them read already;
     * null when it succeeded. A failed batch wrote nothing (in one transaction: the transaction
     * is rolled back), except when its commit was lost on the way back.
     */
    private BatchError batch(CopyManager copies, String statement, RowReader reader, RowReader.Run run)
        throws LoadFailure {
        CopyIn copy = null;
        Stage stage = Stage.START;
        int rows = 0;
        long count;
        try {
            copy = copies.copyIn(statement);
            stage = Stage.SEND;
            while (run != null) {
                copy.writeToCopy(run.bytes(), run.offset(), run.length());
                rows += run.rows();
                progress.update(reader.bytesRead(), done, settings.singleTransaction() ? sent + rows : committed);
                run = rows < settings.batchRows() ? reader.next(settings.batchRows() - rows, lines) : null;
            }
            stage = Stage.END;
            count = copy.endCopy();
        } catch (IOException | SQLException e) {
            cancelQuietly(copy);
            if (settings.singleTransaction()) {
                rollbackQuietly();
            }
            return new BatchError(e, stage);
        }
        sent += count;
        if (!settings.singleTransaction()) {
            committed += count;
        }
        if (count != rows) {
            // The server stopped early, at an end-of-data marker inside a row the reader did not take for one.
            if (settings.singleTransaction()) {
                rollbackQuietly();
            }
            throw new LoadFailure("the server loaded " + count + " of the " + rows + " rows sent in a batch: it found"
                + " the end of the data (\\.) before the last of them", null, null, -1, -1, "", committed,
                settings.skipRows() + committed, null, settings.singleTransaction()
                    ? LoadFailure.Outcome.ALL_ROLLED_BACK : LoadFailure.Outcome.ROLLED_BACK);
        }
        done = reader.consumed();
        progress.update(reader.bytesRead(), done, settings.singleTransaction() ? sent : committed);
        return null;
    }

    /**
     * A batch the server aborted as a whole, as it does when the leader changes under it (and
     * for a deadlock or a lock wait that timed out), wrote nothing and is sent again, if the
     * reader can hand it out again; not in one transaction, whose earlier batches went with it.
     */
    private boolean retryable(BatchError error, int attempt, RowReader reader) {
        return error.cause() instanceof SQLException e && RETRYABLE.contains(e.getSQLState())
            && attempt < RETRIES_PER_BATCH_MAX && reader.rewindable() && !settings.singleTransaction();
    }

    private static void backOff(int attempt) {
        long ms = Math.min(RETRY_BACKOFF_MS_MAX, RETRY_BACKOFF_MS_MIN << Math.min(attempt - 1, 20));
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The report of {@code e}: a server error naming a line of the batch is mapped to the line
     * of the file and the data row; the batch's outcome follows from where it failed.
     */
    private LoadFailure failure(Exception e, Stage stage, LoadFailure.Batch batch, boolean refused) {
        String state = e instanceof SQLException s ? s.getSQLState() : null;
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        String detail = null;
        long line = -1;
        long row = -1;
        String where = "";
        if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
            ServerErrorMessage m = p.getServerErrorMessage();
            message = m.getMessage();
            detail = m.getDetail();
            Matcher copyLine = m.getWhere() == null ? null : COPY_LINE.matcher(m.getWhere().lines().findFirst().orElse(""));
            if (copyLine != null && copyLine.matches() && batch != null) {
                long n = Long.parseLong(copyLine.group(1));
                if (n >= 1 && n <= lines.rows()) {
                    line = lines.lineOf(n);
                    row = batch.firstRow() + n - 1;
                    where = copyLine.group(2);
                }
            }
        } else if (e instanceof RowReader.BadInputException bad) {
            line = bad.line();
        } else if (e instanceof IOException) {
            message = "cannot read the input: " + message;
        }
        // A COPY that commits on its own, or the single transaction's COMMIT, lost on the way back.
        boolean inDoubt = stage == Stage.END && (state == null || state.equals("40003") || state.startsWith("08"))
            && (batch == null || !settings.singleTransaction());
        LoadFailure.Outcome outcome = refused && committed == 0 ? LoadFailure.Outcome.REFUSED
            : inDoubt ? LoadFailure.Outcome.MAYBE_COMMITTED
            : settings.singleTransaction() ? LoadFailure.Outcome.ALL_ROLLED_BACK
            : LoadFailure.Outcome.ROLLED_BACK;
        return new LoadFailure(message, state, detail, line, row, where, committed, settings.skipRows() + committed,
            batch, outcome);
    }

    private static void cancelQuietly(CopyIn copy) {
        if (copy != null && copy.isActive()) {
            try {
                copy.cancelCopy();
            } catch (SQLException e) {
                // The connection is gone: the server rolls the COPY back with it.
            }
        }
    }

    private void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // As above: a lost connection's transaction is rolled back by the server.
        }
    }
}
