package io.basalt.pgwire;

import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.Result;
import java.util.List;

/**
 * A bound statement (the extended protocol's portal). It runs once, at its first Execute; the
 * materialised {@link Result} stays here and later Executes hand out the rest of its rows.
 */
final class Portal {
    final Prepared statement;
    final List<Object> params;
    /** Per-column result formats after {@link ResultWriter#effectiveFormat}; empty means all text. */
    final short[] resultFormats;
    private Result result;
    private int nextRow;
    private boolean suspended;

    Portal(Prepared statement, List<Object> params, short[] resultFormats) {
        this.statement = statement;
        this.params = params;
        this.resultFormats = resultFormats;
    }

    boolean started() {
        return result != null;
    }

    void start(Result r) {
        result = r;
    }

    Result result() {
        return result;
    }

    int nextRow() {
        return nextRow;
    }

    /** Records that rows up to {@code end} were sent and whether more remain. */
    void advance(int end) {
        nextRow = end;
        suspended |= end < result.rows().size();
    }

    boolean drained() {
        return nextRow >= result.rows().size();
    }

    /** Whether an Execute ever stopped at its row limit before the rows ran out. */
    boolean wasSuspended() {
        return suspended;
    }
}
