package io.basalt.sql.store;

import io.basalt.common.SqlState;
import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.kv.client.KvTxns;
import io.basalt.txn.Isolation;
import io.basalt.txn.LockWait;
import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * An in-memory key-value store for tests of the SQL layer: writes are buffered per transaction
 * and applied on commit, reads see the transaction's own writes, scans merge the buffer. There
 * is no isolation between transactions: that lives below the SQL layer and is tested there.
 * {@link #failNextCommits} makes commits fail as a conflict would, to test retries.
 */
public final class MemoryKv implements KvTxns {
    /** Like the server's scanRowsMax: the most rows one scan returns. */
    static final int SCAN_ROWS_MAX = 100_000;
    private static final byte[] DELETED = new byte[0];

    private final NavigableMap<byte[], byte[]> data = new TreeMap<>(Arrays::compareUnsigned);
    private final Map<byte[], Txn> exclusive = new TreeMap<>(Arrays::compareUnsigned);
    private int failingCommits;
    private String failureState;
    private int commits;

    @Override
    public synchronized KvTxn begin(boolean readOnly, Isolation isolation) {
        return new Txn(readOnly);
    }

    /** The next {@code n} commits fail with {@code sqlState} (the transaction is aborted). */
    public synchronized void failNextCommits(int n, String sqlState) {
        failingCommits = n;
        failureState = sqlState;
    }

    /** Committed transactions so far. */
    public synchronized int commits() {
        return commits;
    }

    /** Committed keys starting with {@code prefix}. */
    public synchronized List<byte[]> keys(byte[] prefix) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] k : data.tailMap(prefix, true).keySet()) {
            if (!startsWith(k, prefix)) {
                break;
            }
            out.add(k);
        }
        return out;
    }

    static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    private final class Txn implements KvTxn {
        private final boolean readOnly;
        private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
        private boolean done;

        Txn(boolean readOnly) {
            this.readOnly = readOnly;
        }

        @Override
        public byte[] get(byte[] key) throws KvException {
            open();
            synchronized (MemoryKv.this) {
                byte[] w = writes.get(key);
                if (w != null) {
                    return w == DELETED ? null : w;
                }
                return data.get(key);
            }
        }

        @Override
        public byte[] getForUpdate(byte[] key) throws KvException {
            return getLocked(key, true, LockWait.WAIT);
        }

        @Override
        public byte[] getLocked(byte[] key, boolean forUpdate, LockWait wait) throws KvException {
            open();
            synchronized (MemoryKv.this) {
                Txn holder = exclusive.get(key);
                if (holder != null && holder != this && wait != LockWait.WAIT) {
                    if (wait == LockWait.SKIP_LOCKED) {
                        return null;
                    }
                    throw new KvException("another transaction holds a lock on this key", SqlState.LOCK_NOT_AVAILABLE,
                        false);
                }
                if (forUpdate) {
                    exclusive.put(key.clone(), this);
                }
            }
            return get(key);
        }

        @Override
        public void put(byte[] key, byte[] value) throws KvException {
            writable();
            lock(key);
            writes.put(key.clone(), value.clone());
        }

        @Override
        public void delete(byte[] key) throws KvException {
            writable();
            lock(key);
            writes.put(key.clone(), DELETED);
        }

        private void lock(byte[] key) {
            synchronized (MemoryKv.this) {
                exclusive.put(key.clone(), this);
            }
        }

        /** No range locks here: the scan is the plain one whatever {@code wait} says. */
        @Override
        public List<KvRow> scan(byte[] start, byte[] end, int limit, LockWait wait) throws KvException {
            return scan(start, end, limit);
        }

        @Override
        public List<KvRow> scan(byte[] start, byte[] end, int limit) throws KvException {
            open();
            int max = limit <= 0 ? SCAN_ROWS_MAX : Math.min(limit, SCAN_ROWS_MAX);
            NavigableMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
            synchronized (MemoryKv.this) {
                merged.putAll(end == null ? data.tailMap(start, true) : data.subMap(start, true, end, false));
            }
            merged.putAll(end == null ? writes.tailMap(start, true) : writes.subMap(start, true, end, false));
            List<KvRow> out = new ArrayList<>();
            Iterator<Map.Entry<byte[], byte[]>> it = merged.entrySet().iterator();
            while (it.hasNext() && out.size() < max) {
                Map.Entry<byte[], byte[]> e = it.next();
                if (e.getValue() != DELETED) {
                    out.add(new KvRow(e.getKey(), e.getValue()));
                }
            }
            return out;
        }

        @Override
        public Timestamp commit() throws KvException {
            open();
            done = true;
            synchronized (MemoryKv.this) {
                if (failingCommits > 0) {
                    failingCommits--;
                    throw new KvException("injected commit failure", failureState, true);
                }
                for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
                    if (e.getValue() == DELETED) {
                        data.remove(e.getKey());
                    } else {
                        data.put(e.getKey(), e.getValue());
                    }
                }
                commits++;
                release();
            }
            return null;
        }

        @Override
        public void abort() {
            close();
        }

        @Override
        public void close() {
            done = true;
            synchronized (MemoryKv.this) {
                release();
            }
        }

        private void release() {
            exclusive.values().removeIf(t -> t == this);
        }

        private void open() throws KvException {
            if (done) {
                throw new KvException("transaction is over", "25000", true);
            }
        }

        private void writable() throws KvException {
            open();
            if (readOnly) {
                throw new KvException("cannot write in a read-only transaction", "25006", false);
            }
        }
    }
}
