package io.basalt.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.basalt.common.Invariants;
import io.basalt.kv.proto.ClientSession;
import io.basalt.kv.proto.KvCommand;
import io.basalt.kv.proto.KvSnapshotData;
import io.basalt.kv.proto.KvVersion;
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
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Versions of keys, changed only by applying committed log entries in index order. Every
 * command writes its versions at one commit timestamp, drawn by the leader while it held the
 * command's locks, so a transaction's writes become visible together and a snapshot read at a
 * timestamp sees exactly the commits at or below it. A command that does not decode is applied
 * as a no-op with a failed result (it was committed, so every replica must treat it the same way).
 */
public final class KvStateMachine {
    private final VersionStore versions = new VersionStore();
    private final Map<Long, ClientSession> sessions = new HashMap<>();
    private final CommittedTxns committed = new CommittedTxns();
    private long appliedIndex;
    private Timestamp lastCommitTs = Timestamp.MIN;

    /** Applies the command of the committed entry at {@code index}. */
    public KvResult apply(long index, byte[] command) {
        Invariants.check(index > appliedIndex, "apply out of order: index %d after %d", index, appliedIndex);
        appliedIndex = index;
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
        Invariants.check(index > appliedIndex, "apply out of order: index %d after %d", index, appliedIndex);
        appliedIndex = index;
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
                for (TxnWrite w : cmd.getTxnCommit().getWritesList()) {
                    writes.put(w.getKey().toByteArray(), w);
                }
                writes.forEach((k, w) -> write(k, ts, w.getDelete() ? null : w.getValue().toByteArray()));
                if (txn != null) {
                    committed.add(txn, ts);
                }
                yield KvResult.OK_ABSENT;
            }
            case OP_NOT_SET -> new KvResult(false, false, null);
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
        return b.build().toByteArray();
    }

    /** Replaces the state with a snapshot taken at {@code index} ({@code data} empty means empty state). */
    public void restore(long index, byte[] image) {
        versions.clear();
        sessions.clear();
        committed.clear();
        appliedIndex = index;
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
            lastCommitTs = TxnCodec.decode(snap.getLastCommitTs());
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
