package io.basalt.bench.sql;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.kv.client.KvTxns;
import io.basalt.txn.Isolation;
import io.basalt.txn.LockWait;
import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A key-value store in one TreeMap, below the SQL engine in {@link PreparedPlanBench} and
 * {@link KvCallsPerStatement}: writes are buffered per transaction and applied at commit, reads
 * see the transaction's own writes. No isolation between transactions and no durability (the
 * benchmarks run one session). It can record the calls the engine makes, so that a benchmark
 * can tell the engine's own work from the store's and count the requests a statement sends
 * ({@link KvCallsPerStatement} groups the calls into requests as a node's deferred
 * transactions send them).
 */
public final class MemoryKvTxns implements KvTxns {
    /**
     * One call the engine made: its kind (begin-ro, begin-rw, prefetch, get, get-prefetched (a get
     * answered from a prefetch), get-for-update, put, delete, scan, flush, commit, abort).
     */
    public record Call(String kind, byte[] key, byte[] end, byte[] value) {
        @Override
        public String toString() {
            HexFormat hex = HexFormat.of();
            return kind + (key == null ? "" : " " + hex.formatHex(key)) + (end == null ? "" : ".." + hex.formatHex(end));
        }
    }

    private static final byte[] DELETED = new byte[0];

    private final NavigableMap<byte[], byte[]> data = new TreeMap<>(Arrays::compareUnsigned);
    private List<Call> recorded;

    /** From now on, every call is recorded (and those recorded so far are dropped). */
    public synchronized void startRecording() {
        recorded = new ArrayList<>();
    }

    /** Stops recording and returns the calls made since {@link #startRecording()}. */
    public synchronized List<Call> stopRecording() {
        List<Call> out = recorded == null ? List.of() : recorded;
        recorded = null;
        return out;
    }

    @Override
    public synchronized KvTxn begin(boolean readOnly, Isolation isolation) {
        note(readOnly ? "begin-ro" : "begin-rw", null, null);
        return new Txn(readOnly);
    }

    /**
     * Makes the calls of {@code calls} again, straight on this store (puts write the recorded
     * values): what the store itself costs for one statement, without the engine.
     */
    public Object replay(List<Call> calls) throws KvException {
        KvTxn t = null;
        Object last = null;
        for (Call c : calls) {
            switch (c.kind()) {
                case "begin-ro", "begin-rw" -> t = begin(c.kind().equals("begin-ro"), Isolation.SERIALIZABLE);
                case "get", "get-prefetched" -> last = t.get(c.key());
                case "prefetch" -> t.prefetch(c.key());
                case "flush" -> t.flush();
                case "get-for-update" -> last = t.getForUpdate(c.key());
                case "put" -> t.put(c.key(), c.value());
                case "delete" -> t.delete(c.key());
                case "scan" -> last = t.scan(c.key(), c.end(), 0);
                case "commit" -> last = t.commit();
                case "abort" -> t.abort();
                default -> throw new IllegalArgumentException("unknown call " + c);
            }
        }
        return last;
    }

    private synchronized void note(String kind, byte[] key, byte[] end) {
        note(kind, key, end, null);
    }

    private synchronized void note(String kind, byte[] key, byte[] end, byte[] value) {
        if (recorded != null) {
            recorded.add(new Call(kind, copy(key), copy(end), copy(value)));
        }
    }

    private static byte[] copy(byte[] b) {
        return b == null ? null : b.clone();
    }

    private final class Txn implements KvTxn {
        private final boolean readOnly;
        private final NavigableMap<byte[], byte[]> writes = new TreeMap<>(Arrays::compareUnsigned);
        private final List<byte[]> prefetched = new ArrayList<>();
        private boolean done;

        Txn(boolean readOnly) {
            this.readOnly = readOnly;
        }

        @Override
        public byte[] get(byte[] key) throws KvException {
            open();
            boolean early = prefetched.removeIf(k -> Arrays.equals(k, key));
            note(early ? "get-prefetched" : "get", key, null);
            return read(key);
        }

        @Override
        public void prefetch(byte[] key) {
            note("prefetch", key, null);
            prefetched.add(key.clone());
        }

        @Override
        public void flush() {
            note("flush", null, null);
        }

        @Override
        public byte[] getForUpdate(byte[] key) throws KvException {
            open();
            note("get-for-update", key, null);
            return read(key);
        }

        /** One session, so no other transaction holds a lock: NOWAIT and SKIP LOCKED always lock. */
        @Override
        public byte[] getLocked(byte[] key, boolean forUpdate, LockWait wait) throws KvException {
            return forUpdate ? getForUpdate(key) : get(key);
        }

        private byte[] read(byte[] key) {
            byte[] w = writes.get(key);
            if (w != null) {
                return w == DELETED ? null : w;
            }
            synchronized (MemoryKvTxns.this) {
                return data.get(key);
            }
        }

        @Override
        public void put(byte[] key, byte[] value) throws KvException {
            writable();
            note("put", key, null, value);
            writes.put(key.clone(), value.clone());
        }

        @Override
        public void delete(byte[] key) throws KvException {
            writable();
            note("delete", key, null);
            writes.put(key.clone(), DELETED);
        }

        @Override
        public List<KvRow> scan(byte[] start, byte[] end, int limit) throws KvException {
            open();
            note("scan", start, end);
            NavigableMap<byte[], byte[]> merged = new TreeMap<>(Arrays::compareUnsigned);
            synchronized (MemoryKvTxns.this) {
                merged.putAll(end == null ? data.tailMap(start, true) : data.subMap(start, true, end, false));
            }
            merged.putAll(end == null ? writes.tailMap(start, true) : writes.subMap(start, true, end, false));
            List<KvRow> out = new ArrayList<>();
            for (Map.Entry<byte[], byte[]> e : merged.entrySet()) {
                if (limit > 0 && out.size() >= limit) {
                    break;
                }
                if (e.getValue() != DELETED) {
                    out.add(new KvRow(e.getKey(), e.getValue()));
                }
            }
            return out;
        }

        @Override
        public List<KvRow> scan(byte[] start, byte[] end, int limit, LockWait wait) throws KvException {
            return scan(start, end, limit);
        }

        @Override
        public Timestamp commit() throws KvException {
            open();
            note("commit", null, null);
            done = true;
            synchronized (MemoryKvTxns.this) {
                for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
                    if (e.getValue() == DELETED) {
                        data.remove(e.getKey());
                    } else {
                        data.put(e.getKey(), e.getValue());
                    }
                }
            }
            return null;
        }

        @Override
        public void abort() {
            if (!done) {
                note("abort", null, null);
            }
            done = true;
        }

        @Override
        public void close() {
            abort();
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
