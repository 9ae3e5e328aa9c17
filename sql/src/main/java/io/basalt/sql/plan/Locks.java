package io.basalt.sql.plan;

import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.store.RowLock;
import io.basalt.txn.LockWait;
import net.sf.jsqlparser.statement.select.ForMode;
import net.sf.jsqlparser.statement.select.Select;

/**
 * FOR UPDATE / FOR SHARE: the lock the scans of a SELECT take on the rows they return. FOR
 * NO KEY UPDATE locks as FOR UPDATE and FOR KEY SHARE as FOR SHARE (stronger than asked, never
 * weaker). With {@code OF t} every table of the query is still locked. NOWAIT and SKIP LOCKED
 * go with the lock down to the store ({@link LockWait}); Oracle's WAIT n is refused.
 */
final class Locks {
    private Locks() {
    }

    /** PostgreSQL's refusals of FOR UPDATE/SHARE where rows are not those of one table (0A000). */
    static void checkAllowed(net.sf.jsqlparser.statement.select.PlainSelect ps, RowLock lock, boolean aggregates) {
        if (!lock.locks()) {
            return;
        }
        String clause = ps.getGroupBy() != null ? "GROUP BY clause" : ps.getHaving() != null ? "HAVING clause"
                : aggregates ? "aggregate functions" : ps.getDistinct() != null ? "DISTINCT clause" : null;
        if (clause != null) {
            throw new io.basalt.sql.api.SqlException("0A000", "FOR " + ps.getForMode().getValue()
                    + " is not allowed with " + clause);
        }
    }

    static RowLock of(Select s) {
        ForMode mode = s.getForMode();
        if (mode == null) {
            return RowLock.NONE;
        }
        if (s.getWait() != null) {
            throw SqlErrors.notSupported("FOR " + mode.getValue() + " WAIT");
        }
        LockWait wait = s.isNoWait() ? LockWait.NOWAIT : s.isSkipLocked() ? LockWait.SKIP_LOCKED : LockWait.WAIT;
        return switch (mode) {
            case UPDATE, NO_KEY_UPDATE -> new RowLock(RowLock.Strength.UPDATE, wait);
            case SHARE, KEY_SHARE -> new RowLock(RowLock.Strength.SHARE, wait);
            default -> throw SqlErrors.notSupported("FOR " + mode.getValue());
        };
    }
}
