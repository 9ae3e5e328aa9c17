package io.basalt.txn.engine;

import io.basalt.common.SqlState;
import io.basalt.txn.KeyRange;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import io.basalt.txn.mvcc.MvccStore;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads of read-only transactions at their snapshot timestamp. They take no locks; the one
 * thing they wait for is a transaction already committing at or below the snapshot that
 * writes what they read, since its versions are not applied yet.
 */
final class SnapshotReads {
    private record Waiting(long req, Txn reader, byte[] key, KeyRange range, int limit, Set<TxnId> blockers) {}

    private final MvccStore store;
    private final List<TxnReply> replies;
    private final List<Waiting> waiting = new ArrayList<>();

    SnapshotReads(MvccStore store, List<TxnReply> replies) {
        this.store = store;
        this.replies = replies;
    }

    void get(long req, Txn reader, byte[] key, List<Txn> committing) {
        Set<TxnId> blockers = new TreeSet<>();
        for (Txn w : committing) {
            if (!w.commitTs.after(reader.readTs) && w.writes.containsKey(key)) {
                blockers.add(w.id);
            }
        }
        answerOrWait(new Waiting(req, reader, key, null, 0, blockers));
    }

    void scan(long req, Txn reader, KeyRange range, int limit, List<Txn> committing) {
        Set<TxnId> blockers = new TreeSet<>();
        for (Txn w : committing) {
            if (!w.commitTs.after(reader.readTs) && !inRange(w.writes, range).isEmpty()) {
                blockers.add(w.id);
            }
        }
        answerOrWait(new Waiting(req, reader, null, range, limit, blockers));
    }

    /**
     * {@code txn} was applied or abandoned: reads that waited only for it are answered. Their
     * readers were waiting for the engine, not idle, so their heartbeat windows restart now.
     */
    void resolved(TxnId txn, long nowMs) {
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            w.blockers.remove(txn);
            if (w.blockers.isEmpty()) {
                it.remove();
                w.reader.lastHeardMs = nowMs;
                answer(w);
            }
        }
    }

    /** True if a read of {@code reader} is waiting: the reader has a request in progress. */
    boolean waiting(TxnId reader) {
        for (Waiting w : waiting) {
            if (w.reader.id.equals(reader)) {
                return true;
            }
        }
        return false;
    }

    /** {@code reader} ended (rolled back by its client): its waiting read is answered with {@code why}. */
    void cancel(TxnId reader, TxnResult.Failed why) {
        for (Iterator<Waiting> it = waiting.iterator(); it.hasNext(); ) {
            Waiting w = it.next();
            if (w.reader.id.equals(reader)) {
                it.remove();
                replies.add(new TxnReply(w.req, why));
            }
        }
    }

    void failAll(String why) {
        for (Waiting w : waiting) {
            replies.add(new TxnReply(w.req, new TxnResult.Failed(SqlState.SERIALIZATION_FAILURE, "transaction "
                + w.reader.id + " was aborted: " + why + "; retry it", true)));
        }
        waiting.clear();
    }

    private void answerOrWait(Waiting w) {
        if (w.blockers.isEmpty()) {
            answer(w);
        } else {
            waiting.add(w);
        }
    }

    private void answer(Waiting w) {
        TxnResult r = w.key != null
            ? new TxnResult.Value(store.read(w.key, w.reader.readTs))
            : new TxnResult.Rows(store.scan(w.range, w.reader.readTs, w.limit));
        replies.add(new TxnReply(w.req, r));
    }

    private static NavigableMap<byte[], Write> inRange(NavigableMap<byte[], Write> writes, KeyRange range) {
        return range.end() == null
            ? writes.tailMap(range.start(), true) : writes.subMap(range.start(), true, range.end(), false);
    }
}
