package io.basalt.sql.store;

import io.basalt.common.SqlState;
import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.TableDef;
import io.basalt.txn.LockWait;
import java.util.List;

/**
 * The reads of a {@link RowLock}: which key-value call takes the lock, and NOWAIT's refusal
 * in PostgreSQL's words, which name the table the key-value store does not know.
 */
final class LockedReads {
    private LockedReads() {
    }

    /**
     * Reads the row at {@code key} of {@code table} under {@code lock}; null if it has none or
     * SKIP LOCKED skipped it. FOR SHARE without NOWAIT or SKIP LOCKED reads plainly, which takes
     * the shared lock under SERIALIZABLE (see {@link KvTableStore}).
     */
    static byte[] get(KvTxn txn, byte[] key, RowLock lock, TableDef table) {
        try {
            if (lock.lockWait() != LockWait.WAIT) {
                return txn.getLocked(key, lock.strength() == RowLock.Strength.UPDATE, lock.lockWait());
            }
            return lock.strength() == RowLock.Strength.UPDATE ? txn.getForUpdate(key) : txn.get(key);
        } catch (KvException e) {
            throw error(e, lock, table);
        }
    }

    /** A page of an index range of {@code table}; the range lock of SERIALIZABLE follows {@code lock}'s {@link RowLock#lockWait}. */
    static List<KvRow> scan(KvTxn txn, byte[] start, byte[] end, int limit, RowLock lock, TableDef table) {
        try {
            return lock.lockWait() != LockWait.WAIT ? txn.scan(start, end, limit, lock.lockWait()) : txn.scan(start, end, limit);
        } catch (KvException e) {
            throw error(e, lock, table);
        }
    }

    /**
     * True if a row a scan of the primary key found must be read again to lock it: FOR UPDATE
     * takes a lock the scan does not, and a SKIP LOCKED scan locks nothing, so FOR SHARE SKIP
     * LOCKED takes each row's shared lock (or skips the row) here.
     */
    static boolean rereads(RowLock lock) {
        return lock.strength() == RowLock.Strength.UPDATE || lock.lockWait() == LockWait.SKIP_LOCKED;
    }

    private static SqlException error(KvException e, RowLock lock, TableDef table) {
        if (lock.lockWait() == LockWait.NOWAIT && SqlState.LOCK_NOT_AVAILABLE.equals(e.sqlState())) {
            return new SqlException(SqlState.LOCK_NOT_AVAILABLE, "could not obtain lock on row in relation \""
                + table.name() + "\"", e);
        }
        return KvErrors.toSql(e);
    }
}
