package io.basalt.kv;

import com.google.protobuf.InvalidProtocolBufferException;
import io.basalt.kv.proto.TxnOutcome;
import io.basalt.storage.api.ReadView;
import io.basalt.storage.api.StorageCorruptionException;
import io.basalt.storage.api.WriteBatch;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Transactions whose commit entry was applied, kept so a client that repeats its commit (after
 * a lost answer or a failover) learns the real outcome. A record is dropped only when it is
 * both {@link #RETENTION_MICROS} of commit time old and more than {@link #RETAINED_MIN} commits
 * back: a leader whose clock runs fast cannot age recent records out early. Pruned by applied
 * entries, never by a local clock, so every replica holds the same records.
 *
 * <p>Each record is also a local key of the engine ({@link LocalKeys#committed}) under a
 * sequence number that grows with every record, so the records load back in the order they
 * are pruned in; {@link #add} puts the changes into the step's batch.
 */
final class CommittedTxns {
    static final long RETENTION_MICROS = 10L * 60 * 1_000_000;
    static final int RETAINED_MIN = 100_000;

    private record Committed(TxnId txn, Timestamp commitTs, long sequence) {}

    private final Map<TxnId, Timestamp> byId = new HashMap<>();
    private final ArrayDeque<Committed> byAge = new ArrayDeque<>();
    private long nextSequence;

    /** Records {@code txn}'s commit, and prunes; the changes to the local keys go into {@code batch}. */
    void add(TxnId txn, Timestamp commitTs, WriteBatch batch) {
        if (byId.putIfAbsent(txn, commitTs) == null) {
            Committed c = new Committed(txn, commitTs, nextSequence++);
            byAge.addLast(c);
            batch.put(LocalKeys.committed(c.sequence()), TxnOutcome.newBuilder().setTxn(TxnCodec.encode(txn))
                .setCommitTs(TxnCodec.encode(commitTs)).build().toByteArray());
        }
        long cutoff = commitTs.wallMicros() - RETENTION_MICROS;
        while (byAge.size() > RETAINED_MIN && byAge.peekFirst().commitTs().wallMicros() < cutoff) {
            Committed old = byAge.removeFirst();
            byId.remove(old.txn());
            batch.delete(LocalKeys.committed(old.sequence()));
        }
    }

    /** Reads the records back from the local keys of {@code view}, replacing what is held. */
    void load(ReadView view) {
        clear();
        LocalKeys.scan(view, LocalKeys.COMMITTED, (key, value) -> {
            try {
                TxnOutcome o = TxnOutcome.parseFrom(value);
                Committed c = new Committed(TxnCodec.decode(o.getTxn()), TxnCodec.decode(o.getCommitTs()),
                    LocalKeys.committedSequence(key));
                byId.put(c.txn(), c.commitTs());
                byAge.addLast(c);
                nextSequence = c.sequence() + 1;
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                throw new StorageCorruptionException("committed transaction record " + LocalKeys.committedSequence(key)
                    + " does not decode: " + e.getMessage(), e);
            }
        });
    }

    Timestamp committedAt(TxnId txn) {
        return byId.get(txn);
    }

    void forEach(BiConsumer<TxnId, Timestamp> visitor) {
        for (Committed c : byAge) {
            visitor.accept(c.txn(), c.commitTs());
        }
    }

    int size() {
        return byId.size();
    }

    /** Forgets every record; the caller deletes the local keys. */
    void clear() {
        byId.clear();
        byAge.clear();
        nextSequence = 0;
    }
}
