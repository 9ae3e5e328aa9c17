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
import io.basalt.storage.api.Engine;
import io.basalt.storage.api.StorageCorruptionException;
import io.basalt.storage.api.WriteBatch;
import io.basalt.storage.memory.MemoryEngine;
import io.basalt.txn.mvcc.EngineVersionStore;
import io.basalt.txn.mvcc.KeyValue;
import io.basalt.txn.mvcc.MvccStore;
import io.basalt.txn.mvcc.Version;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
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
 *
 * <p><b>Storage.</b> The versions live in an {@link EngineVersionStore} on a storage
 * {@link Engine}; everything else a restart needs (client sessions, committed transaction
 * outcomes, staged transactions, the term of the last applied entry, the last commit
 * timestamp) lives in the same engine under {@link LocalKeys}. Each applied entry is one step:
 * its versions, its local keys and its index go into the engine in one atomic write
 * ({@link EngineVersionStore#flushTo(long, WriteBatch)}), so the engine's applied index always
 * names the last entry whose effects it holds, and a state machine opened on that engine again
 * after a crash continues with the entry after it. Durability is the Raft log's: the engine may
 * lose a suffix of steps in a crash (never part of one) until {@link #flush}.
 */
public final class KvStateMachine implements AutoCloseable {
    private Engine engine;
    /** Replaces the engine by an empty one, for a snapshot that takes the applied index back. */
    private final UnaryOperator<Engine> emptyEngine;
    private EngineVersionStore versions;
    private final Map<Long, ClientSession> sessions = new HashMap<>();
    private final CommittedTxns committed = new CommittedTxns();
    private final Map<TxnId, Staged> staged = new LinkedHashMap<>();
    private long appliedIndex;
    private long term;
    private Timestamp lastCommitTs = Timestamp.MIN;
    /** The local-key writes of the step being applied, flushed with its versions. */
    private WriteBatch local = new WriteBatch();
    /** Whether the step changed the term or the last commit timestamp. */
    private boolean metaChanged;
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

        StagedTxn header(TxnId txn) {
            return StagedTxn.newBuilder().setTxn(TxnCodec.encode(txn)).setTerm(term).setStages(stages)
                .setCommitTs(TxnCodec.encode(commitTs)).build();
        }
    }

    /** A state machine in a new memory engine, as the simulator and {@code --in-memory} nodes use. */
    public KvStateMachine() {
        this(MemoryEngine.create(), old -> {
            old.close();
            return MemoryEngine.create();
        });
    }

    /**
     * The state machine whose state {@code engine} holds (empty in a new engine), at the
     * engine's applied index. {@code emptyEngine} closes the engine it is given and returns an
     * empty one in its place (for a RocksDB engine: the same directory, wiped); it is needed
     * only when a snapshot takes the applied index back, as after an async failover. The state
     * machine owns the engine from now on and closes it in {@link #close}.
     *
     * @throws StorageCorruptionException if the state machine's local keys do not decode
     */
    public KvStateMachine(Engine engine, UnaryOperator<Engine> emptyEngine) {
        this.emptyEngine = emptyEngine;
        open(engine);
    }

    private void open(Engine opened) {
        engine = opened;
        versions = EngineVersionStore.open(opened);
        appliedIndex = opened.appliedIndex();
        sessions.clear();
        staged.clear();
        term = 0;
        lastCommitTs = Timestamp.MIN;
        local = new WriteBatch();
        metaChanged = false;
        try {
            byte[] meta = opened.get(LocalKeys.META);
            if (meta != null) {
                KvSnapshotData m = KvSnapshotData.parseFrom(meta);
                term = m.getTerm();
                lastCommitTs = TxnCodec.decode(m.getLastCommitTs());
            }
            LocalKeys.scan(opened, LocalKeys.SESSIONS, (k, v) -> {
                try {
                    ClientSession s = ClientSession.parseFrom(v);
                    sessions.put(s.getClientId(), s);
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            });
            LocalKeys.scan(opened, LocalKeys.STAGED, (k, v) -> {
                try {
                    StagedTxn st = StagedTxn.parseFrom(v);
                    if (LocalKeys.isStageKeys(k)) {
                        Staged s = staged.get(TxnCodec.decode(st.getTxn()));
                        Invariants.check(s != null, "stage keys of %s without its header", st.getTxn());
                        st.getKeysList().forEach(key -> s.keys.add(key.toByteArray()));
                    } else {
                        Staged s = new Staged(st.getTerm(), TxnCodec.decode(st.getCommitTs()));
                        s.stages = st.getStages();
                        staged.put(TxnCodec.decode(st.getTxn()), s);
                    }
                } catch (InvalidProtocolBufferException e) {
                    throw new IllegalArgumentException(e.getMessage(), e);
                }
            });
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new StorageCorruptionException("the state machine's keys in " + opened + " do not decode: "
                + e.getMessage(), e);
        }
        committed.load(opened);
    }

    /** Applies the command of the committed entry at {@code index}, in the term of the last entry applied. */
    public KvResult apply(long index, byte[] command) {
        return apply(index, term, command);
    }

    /** Applies the command of the committed entry at {@code index}, of term {@code entryTerm}. */
    public KvResult apply(long index, long entryTerm, byte[] command) {
        advance(index, entryTerm);
        KvResult result = execute(command);
        endStep();
        return result;
    }

    /** Writes the step (the entry just applied) to the engine with its index, in one atomic write. */
    private void endStep() {
        if (metaChanged) {
            local.put(LocalKeys.META, KvSnapshotData.newBuilder().setTerm(term)
                .setLastCommitTs(TxnCodec.encode(lastCommitTs)).build().toByteArray());
            metaChanged = false;
        }
        versions.flushTo(appliedIndex, local);
        local = new WriteBatch();
    }

    private KvResult execute(byte[] command) {
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
        metaChanged = true;
        KvResult result = execute(cmd, ts, txn);
        if (cmd.getClientId() != 0) {
            ClientSession.Builder s = ClientSession.newBuilder().setClientId(cmd.getClientId())
                .setSequence(cmd.getSequence()).setOk(result.ok()).setFound(result.found());
            if (result.found()) {
                s.setValue(ByteString.copyFrom(result.value()));
            }
            ClientSession session = s.build();
            sessions.put(cmd.getClientId(), session);
            local.put(LocalKeys.session(cmd.getClientId()), session.toByteArray());
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
        endStep();
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
        int written = 0;
        for (TxnWrite w : cmd.getTxnStage().getWritesList()) {
            byte[] key = w.getKey().toByteArray();
            Version newest = versions.newestVersion(key);
            if (newest != null && ts.equals(newest.commitTs())) {
                continue; // a malformed stage naming a key twice: the first write stands
            }
            if (write(key, ts, w.getDelete() ? null : w.getValue().toByteArray(), newest)) {
                s.keys.add(key); // written: a delete of an absent key writes nothing
                written++;
            }
        }
        StagedTxn.Builder stageKeys = StagedTxn.newBuilder().setTxn(TxnCodec.encode(txn));
        for (int i = s.keys.size() - written; i < s.keys.size(); i++) {
            stageKeys.addKeys(ByteString.copyFrom(s.keys.get(i)));
        }
        local.put(LocalKeys.stage(txn, s.stages), stageKeys.build().toByteArray());
        s.stages++;
        local.put(LocalKeys.staged(txn), s.header(txn).toByteArray());
        return KvResult.OK_ABSENT;
    }

    private void advance(long index, long entryTerm) {
        Invariants.check(index > appliedIndex, "apply out of order: index %d after %d", index, appliedIndex);
        Invariants.check(entryTerm >= term, "entry %d of term %d after term %d", index, entryTerm, term);
        appliedIndex = index;
        if (entryTerm > term) {
            term = entryTerm;
            metaChanged = true;
            // A commit entry of an earlier term can no longer follow: its leader's term is over.
            staged.entrySet().removeIf(e -> {
                Staged s = e.getValue();
                if (s.term < entryTerm) {
                    versions.dropPending(s.commitTs, s.keys);
                    deleteStaged(e.getKey(), s);
                    return true;
                }
                return false;
            });
        }
    }

    /**
     * Deletes a staged transaction's local keys: its header and every stage's keys. Point
     * deletes, not a range delete: RocksDB lays every range tombstone of a memtable over each
     * iterator it opens, so one per large transaction would slow every read after it.
     */
    private void deleteStaged(TxnId txn, Staged s) {
        local.delete(LocalKeys.staged(txn));
        for (int stage = 0; stage < s.stages; stage++) {
            local.delete(LocalKeys.stage(txn, stage));
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
                writes.forEach((k, w) -> {
                    Version newest = versions.newestVersion(k);
                    // A malformed commit naming a staged key again: the staged write stands.
                    if (s == null || newest == null || !ts.equals(newest.commitTs())) {
                        write(k, ts, w.getDelete() ? null : w.getValue().toByteArray(), newest);
                    }
                });
                if (s != null) {
                    versions.commitPending(ts);
                    deleteStaged(txn, s);
                }
                if (txn != null) {
                    committed.add(txn, ts, local);
                }
                yield KvResult.OK_ABSENT;
            }
            case TXN_STAGE, OP_NOT_SET -> new KvResult(false, false, null);
        };
    }

    /** Writes a version of {@code key} (a deletion if {@code value} is null); returns the previous value. */
    private byte[] write(byte[] key, Timestamp ts, byte[] value) {
        Version newest = versions.newestVersion(key);
        byte[] previous = visibleValue(key, newest);
        write(key, ts, value, newest);
        return previous;
    }

    /**
     * Writes a version of {@code key} given its newest version, looked up once by the caller
     * (each lookup is a seek in an engine); false if nothing was written: a delete of an
     * absent key.
     */
    private boolean write(byte[] key, Timestamp ts, byte[] value, Version newest) {
        byte[] previous = visibleValue(key, newest);
        if (value == null && previous == null) {
            return false;
        }
        versions.write(key, ts, value, newest);
        return true;
    }

    /** The latest committed value of {@code key} whose newest version, pending ones included, is {@code newest}. */
    private byte[] visibleValue(byte[] key, Version newest) {
        if (newest == null) {
            return null;
        }
        // A pending version is its writer's, not yet committed: the value before it is the latest.
        return versions.isPending(newest.commitTs()) ? versions.read(key, Timestamp.MAX) : newest.value();
    }

    /** The latest committed value of {@code key}, or null. Linearizable only after a read index is applied. */
    public byte[] get(byte[] key) {
        byte[] v = versions.read(key, Timestamp.MAX);
        return v == null ? null : v.clone();
    }

    /** The committed versions, for the leader's transaction engine (same thread only). */
    public MvccStore versions() {
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
        Timestamp capped = horizon.before(lastCommitTs) ? horizon : lastCommitTs;
        long removed = versions.gc(capped, maxKeys);
        if (versions.hasUnflushedWrites()) {
            versions.flushTo(appliedIndex); // no new entry: the index stays where it is
        }
        return removed;
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

    /**
     * Replaces the state with a snapshot taken at {@code index} ({@code data} empty means empty
     * state): the engine's versions and local keys are cleared and the image written in their
     * place, with {@code index}, in one atomic write. Below the engine's applied index (a
     * snapshot that replaces entries this replica applied) the engine is first replaced by an
     * empty one, since an engine's index never goes back.
     */
    public void restore(long index, byte[] image) {
        KvSnapshotData snap;
        try {
            snap = image.length == 0 ? KvSnapshotData.getDefaultInstance() : KvSnapshotData.parseFrom(image);
            // Decoded whole before anything is replaced, so a bad image changes nothing.
            TxnCodec.decode(snap.getLastCommitTs());
        } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
            throw new IllegalArgumentException("snapshot at index " + index + " does not decode: " + e.getMessage(), e);
        }
        if (index < engine.appliedIndex()) {
            open(emptyEngine.apply(engine));
        }
        versions.clear();
        sessions.clear();
        committed.clear();
        staged.clear();
        local = new WriteBatch();
        local.deleteRange(LocalKeys.START, LocalKeys.END);
        appliedIndex = index;
        term = snap.getTerm();
        lastCommitTs = image.length == 0 ? Timestamp.MIN : TxnCodec.decode(snap.getLastCommitTs());
        metaChanged = true;
        try {
            for (KvVersion v : snap.getVersionsList()) {
                versions.write(v.getKey().toByteArray(), TxnCodec.decode(v.getTs()),
                    v.getTombstone() ? null : v.getValue().toByteArray());
            }
            for (ClientSession s : snap.getSessionsList()) {
                sessions.put(s.getClientId(), s);
                local.put(LocalKeys.session(s.getClientId()), s.toByteArray());
            }
            for (TxnOutcome o : snap.getCommittedList()) {
                committed.add(TxnCodec.decode(o.getTxn()), TxnCodec.decode(o.getCommitTs()), local);
            }
            for (StagedTxn st : snap.getStagedList()) {
                TxnId txn = TxnCodec.decode(st.getTxn());
                Staged s = new Staged(st.getTerm(), TxnCodec.decode(st.getCommitTs()));
                st.getKeysList().forEach(k -> s.keys.add(k.toByteArray()));
                s.stages = st.getStages();
                staged.put(txn, s);
                versions.beginPending(s.commitTs);
                // All of the image's keys as the first stage's; later stages add theirs after.
                local.put(LocalKeys.stage(txn, 0), StagedTxn.newBuilder().setTxn(st.getTxn())
                    .addAllKeys(st.getKeysList()).build().toByteArray());
                local.put(LocalKeys.staged(txn), s.header(txn).toByteArray());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("snapshot at index " + index + " does not decode: " + e.getMessage(), e);
        }
        endStep();
    }

    /**
     * Replaces the engine: {@code replacement} closes the engine it is given and returns another
     * (a checkpoint installed in its place), whose state this state machine is from now on, at
     * that engine's applied index. Only for a snapshot the Raft core installs: the applied index
     * may go back only if the core installs a snapshot below it.
     *
     * @throws StorageCorruptionException if the new engine's local keys do not decode
     */
    public void replaceEngine(UnaryOperator<Engine> replacement) {
        open(replacement.apply(engine));
    }

    /** The term of the last entry applied (0 before any). */
    public long term() {
        return term;
    }

    /**
     * Makes everything applied so far durable in the engine and returns the applied index that
     * is now durable: the Raft log may drop its entries up to that index, never beyond.
     */
    public long flush() {
        engine.flush();
        return engine.appliedIndex();
    }

    /** The engine's read-cache counters. */
    public io.basalt.storage.api.EngineStats engineStats() {
        return engine.stats();
    }

    /** Flushes and closes the engine. */
    @Override
    public void close() {
        engine.close();
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
