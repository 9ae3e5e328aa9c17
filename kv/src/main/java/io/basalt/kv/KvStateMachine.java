package io.basalt.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.basalt.common.Invariants;
import io.basalt.kv.proto.ClientSession;
import io.basalt.kv.proto.KvCommand;
import io.basalt.kv.proto.KvSnapshotData;
import io.basalt.kv.proto.KvVersion;
import io.basalt.kv.proto.StagedTxn;
import io.basalt.kv.proto.TxnOutcome;
import io.basalt.kv.proto.TxnWrite;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Keys;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.mvcc.KeyValue;
import io.basalt.txn.mvcc.VersionStore;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Versions of keys, changed only by applying committed log entries in index order. Every
 * command writes its versions at one commit timestamp, drawn by the leader while it held the
 * command's locks, so a transaction's writes become visible together and a snapshot read at a
 * timestamp sees exactly the commits at or below it. A command that does not decode is applied
 * as a no-op with a failed result (it was committed, so every replica must treat it the same way).
 *
 * <p>A transaction too large for one entry stages its writes in {@code TxnStage} entries before
 * its commit entry. Each stage is written into the version store at once, at the transaction's
 * commit timestamp, which stays pending (invisible to every read) until the commit entry makes
 * it visible in one step; so no single apply does work in proportion to the whole transaction.
 * Those of a leader that lost its term before its commit entry are dropped when the first entry
 * of a later term applies, since entries of one term precede those of every later term in the
 * log.
 */
public final class KvStateMachine {
    private final VersionStore versions = new VersionStore();
    private final Map<Long, ClientSession> sessions = new HashMap<>();
    private final CommittedTxns committed = new CommittedTxns();
    private final Map<TxnId, Staged> staged = new LinkedHashMap<>();
    private long appliedIndex;
    private long term;
    private Timestamp lastCommitTs = Timestamp.MIN;

    /** The writes staged so far by a transaction, in the term its leader staged them. */
    private static final class Staged {
        final long term;
        final Timestamp commitTs;
        final List<byte[]> keys = new ArrayList<>();
        int stages;

        Staged(long term, Timestamp commitTs) {
            this.term = term;
            this.commitTs = commitTs;
        }
    }

    /** Applies the command of the committed entry at {@code index}, in the term of the last entry applied. */
    public KvResult apply(long index, byte[] command) {
        return apply(index, term, command);
    }

    /** Applies the command of the committed entry at {@code index}, of term {@code entryTerm}. */
    public KvResult apply(long index, long entryTerm, byte[] command) {
        advance(index, entryTerm);
        KvCommand cmd;
        Timestamp ts;
        TxnId txn;
        try {
            cmd = KvCommand.parseFrom(command);
            ts = cmd.hasCommitTs() ? TxnCodec.decode(cmd.getCommitTs()) : lastCommitTs.next();
            txn = cmd.hasTxn() ? TxnCodec.decode(cmd.getTxn()) : null;
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            return new KvResult(false, false, null);
        }
        if (cmd.getOpCase() == KvCommand.OpCase.TXN_STAGE) {
            return stage(cmd, txn, ts);
        }
        if (!ts.after(lastCommitTs)) {
            // Leaders draw commit timestamps from a clock moved past every applied one, so this
            // does not happen; if it did, every replica takes the same next timestamp instead.
            ts = lastCommitTs.next();
        }
        if (cmd.getClientId() != 0) {
            ClientSession last = sessions.get(cmd.getClientId());
            if (last != null && cmd.getSequence() <= last.getSequence()) {
                // A retry of the session's last command (one write in flight per client): its outcome.
                return new KvResult(last.getOk(), last.getFound(), last.getFound() ? last.getValue().toByteArray() : null,
                    txn, ts);
            }
        }
        lastCommitTs = ts;
        KvResult result = execute(cmd, ts, txn);
        if (cmd.getClientId() != 0) {
            ClientSession.Builder s = ClientSession.newBuilder().setClientId(cmd.getClientId())
                .setSequence(cmd.getSequence()).setOk(result.ok()).setFound(result.found());
            if (result.found()) {
                s.setValue(ByteString.copyFrom(result.value()));
            }
            sessions.put(cmd.getClientId(), s.build());
        }
        return result.stamped(txn, ts);
    }

    /** Marks a non-command entry (no-op, configuration) as applied. */
    public void skip(long index) {
        skip(index, term);
    }

    /** Marks a non-command entry (no-op, configuration) of term {@code entryTerm} as applied. */
    public void skip(long index, long entryTerm) {
        advance(index, entryTerm);
    }

    /** A stage entry: its writes become versions at the transaction's pending commit timestamp. */
    private KvResult stage(KvCommand cmd, TxnId txn, Timestamp ts) {
        if (txn == null || !cmd.hasCommitTs()) {
            return new KvResult(false, false, null);
        }
        Staged s = staged.get(txn);
        if (s == null) {
            // The leader drew the commit timestamp after every commit before it in the log, and
            // proposed the stages and the commit with nothing between them.
            Invariants.check(ts.after(lastCommitTs), "stage of %s at %s, not after the last commit at %s", txn, ts,
                lastCommitTs);
            s = new Staged(term, ts);
            staged.put(txn, s);
            versions.beginPending(ts);
        }
        Invariants.check(s.commitTs.equals(ts), "stage of %s at %s after stages at %s", txn, ts, s.commitTs);
        for (TxnWrite w : cmd.getTxnStage().getWritesList()) {
            byte[] key = w.getKey().toByteArray();
            if (ts.equals(versions.latestVersionTs(key))) {
                continue; // a malformed stage naming a key twice: the first write stands
            }
            write(key, ts, w.getDelete() ? null : w.getValue().toByteArray());
            if (ts.equals(versions.latestVersionTs(key))) {
                s.keys.add(key); // written: a delete of an absent key writes nothing
            }
        }
        s.stages++;
        return KvResult.OK_ABSENT;
    }

    private void advance(long index, long entryTerm) {
        Invariants.check(index > appliedIndex, "apply out of order: index %d after %d", index, appliedIndex);
        Invariants.check(entryTerm >= term, "entry %d of term %d after term %d", index, entryTerm, term);
        appliedIndex = index;
        if (entryTerm > term) {
            term = entryTerm;
            // A commit entry of an earlier term can no longer follow: its leader's term is over.
            staged.values().removeIf(s -> {
                if (s.term < entryTerm) {
                    versions.dropPending(s.commitTs, s.keys);
                    return true;
                }
                return false;
            });
        }
    }

    private KvResult execute(KvCommand cmd, Timestamp ts, TxnId txn) {
        return switch (cmd.getOpCase()) {
            case PUT -> KvResult.of(true, write(cmd.getPut().getKey().toByteArray(), ts,
                cmd.getPut().getValue().toByteArray()));
            case DELETE -> KvResult.of(true, write(cmd.getDelete().getKey().toByteArray(), ts, null));
            case CAS -> {
                byte[] key = cmd.getCas().getKey().toByteArray();
                byte[] current = versions.read(key, Timestamp.MAX);
                boolean matches = cmd.getCas().getExpectAbsent()
                    ? current == null
                    : current != null && java.util.Arrays.equals(current, cmd.getCas().getExpected().toByteArray());
                if (matches) {
                    write(key, ts, cmd.getCas().getValue().toByteArray());
                }
                yield KvResult.of(matches, current);
            }
            case TXN_COMMIT -> {
                // One version per key even if a malformed command names a key twice (the last wins).
                TreeMap<byte[], TxnWrite> writes = new TreeMap<>(Keys.ORDER);
                int stages = cmd.getTxnCommit().getStaged();
                Staged s = stages > 0 && txn != null ? staged.remove(txn) : null;
                if (stages > 0) {
                    // The stage entries precede the commit in the same term, so they were all applied.
                    Invariants.check(s != null && s.stages == stages && s.commitTs.equals(ts),
                        "commit of %s at %s names %d staged entries, applied: %s", txn, ts, stages,
                        s == null ? "none" : s.stages + " at " + s.commitTs);
                }
                for (TxnWrite w : cmd.getTxnCommit().getWritesList()) {
                    writes.put(w.getKey().toByteArray(), w);
                }
                if (s != null) {
                    // A malformed commit naming a staged key again: the staged write stands.
                    writes.keySet().removeIf(k -> ts.equals(versions.latestVersionTs(k)));
                }
                writes.forEach((k, w) -> write(k, ts, w.getDelete() ? null : w.getValue().toByteArray()));
                if (s != null) {
                    versions.commitPending(ts);
                }
                if (txn != null) {
                    committed.add(txn, ts);
                }
                yield KvResult.OK_ABSENT;
            }
            case TXN_STAGE, OP_NOT_SET -> new KvResult(false, false, null);
        };
    }

    /** Writes a version of {@code key} (a deletion if {@code value} is null); returns the previous value. */
    private byte[] write(byte[] key, Timestamp ts, byte[] value) {
        byte[] previous = versions.read(key, Timestamp.MAX);
        if (value != null || previous != null) {
            versions.write(key, ts, value);
        }
        return previous;
    }

    /** The latest committed value of {@code key}, or null. Linearizable only after a read index is applied. */
    public byte[] get(byte[] key) {
        byte[] v = versions.read(key, Timestamp.MAX);
        return v == null ? null : v.clone();
    }

    /** The committed versions, for the leader's transaction engine (same thread only). */
    public VersionStore versions() {
        return versions;
    }

    /** The commit timestamp of {@code txn} if its commit was applied (within the retention window), else null. */
    public Timestamp committedAt(TxnId txn) {
        return committed.committedAt(txn);
    }

    /** The newest commit timestamp applied: a new leader's clock starts after it. */
    public Timestamp lastCommitTs() {
        return lastCommitTs;
    }

    /**
     * Drops versions no read at or after {@code horizon} can see, visiting at most {@code maxKeys}
     * keys. The horizon is capped at the last applied commit: a replica catching up on old
     * entries must still be able to write them, and the store refuses writes below its horizon.
     */
    public long gc(Timestamp horizon, int maxKeys) {
        return versions.gc(horizon.before(lastCommitTs) ? horizon : lastCommitTs, maxKeys);
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    /** About the bytes of every key and version held (a snapshot image is at least this large). */
    public long approximateBytes() {
        return versions.approximateBytes();
    }

    /** Transactions with staged writes whose commit entry has not applied yet. */
    public int stagedTxns() {
        return staged.size();
    }

    /** Keys with at least one version (deleted ones until their versions are collected). */
    public int size() {
        return versions.keyCount();
    }

    /** An image of the whole state, for a Raft snapshot. */
    public byte[] snapshot() {
        KvSnapshotData.Builder b = KvSnapshotData.newBuilder().setLastCommitTs(TxnCodec.encode(lastCommitTs));
        versions.forEach((k, ts, v) -> {
            KvVersion.Builder version = KvVersion.newBuilder().setKey(ByteString.copyFrom(k)).setTs(TxnCodec.encode(ts));
            if (v == null) {
                version.setTombstone(true);
            } else {
                version.setValue(ByteString.copyFrom(v));
            }
            b.addVersions(version);
        });
        sessions.keySet().stream().sorted().forEach(id -> b.addSessions(sessions.get(id)));
        committed.forEach((txn, ts) -> b.addCommitted(TxnOutcome.newBuilder().setTxn(TxnCodec.encode(txn))
            .setCommitTs(TxnCodec.encode(ts))));
        staged.forEach((txn, s) -> {
            StagedTxn.Builder st = StagedTxn.newBuilder().setTxn(TxnCodec.encode(txn)).setTerm(s.term)
                .setStages(s.stages).setCommitTs(TxnCodec.encode(s.commitTs));
            s.keys.forEach(k -> st.addKeys(ByteString.copyFrom(k)));
            b.addStaged(st);
        });
        b.setTerm(term);
        return b.build().toByteArray();
    }

    /** Replaces the state with a snapshot taken at {@code index} ({@code data} empty means empty state). */
    public void restore(long index, byte[] image) {
        versions.clear();
        sessions.clear();
        committed.clear();
        staged.clear();
        appliedIndex = index;
        term = 0;
        lastCommitTs = Timestamp.MIN;
        if (image.length == 0) {
            return;
        }
        try {
            KvSnapshotData snap = KvSnapshotData.parseFrom(image);
            for (KvVersion v : snap.getVersionsList()) {
                versions.write(v.getKey().toByteArray(), TxnCodec.decode(v.getTs()),
                    v.getTombstone() ? null : v.getValue().toByteArray());
            }
            for (ClientSession s : snap.getSessionsList()) {
                sessions.put(s.getClientId(), s);
            }
            for (TxnOutcome o : snap.getCommittedList()) {
                committed.add(TxnCodec.decode(o.getTxn()), TxnCodec.decode(o.getCommitTs()));
            }
            for (StagedTxn st : snap.getStagedList()) {
                Staged s = new Staged(st.getTerm(), TxnCodec.decode(st.getCommitTs()));
                st.getKeysList().forEach(k -> s.keys.add(k.toByteArray()));
                s.stages = st.getStages();
                staged.put(TxnCodec.decode(st.getTxn()), s);
                versions.beginPending(s.commitTs);
            }
            lastCommitTs = TxnCodec.decode(snap.getLastCommitTs());
            term = snap.getTerm();
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new IllegalArgumentException("snapshot at index " + index + " does not decode: " + e.getMessage(), e);
        }
    }

    /**
     * A checksum of the latest committed values, equal on replicas that applied the same log
     * prefix. Old versions are left out: each replica collects them on its own schedule.
     */
    public long digest() {
        CRC32C crc = new CRC32C();
        ByteBuffer len = ByteBuffer.allocate(8);
        int live = 0;
        for (KeyValue kv : versions.scan(KeyRange.all(), Timestamp.MAX, Integer.MAX_VALUE)) {
            len.clear();
            len.putInt(kv.key().length).putInt(kv.value().length);
            crc.update(len.array());
            crc.update(kv.key());
            crc.update(kv.value());
            live++;
        }
        return (crc.getValue() << 32) ^ live;
    }

    /** Convenience for tools and tests: UTF-8 keys. */
    public String getString(String key) {
        byte[] v = get(key.getBytes(StandardCharsets.UTF_8));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
