package io.basalt.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.basalt.common.Invariants;
import io.basalt.kv.proto.ClientSession;
import io.basalt.kv.proto.KvCommand;
import io.basalt.kv.proto.KvPair;
import io.basalt.kv.proto.KvSnapshotData;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Keys and values in memory, ordered by unsigned byte order, changed only by applying committed
 * log entries in index order. A command that does not decode is applied as a no-op with a
 * failed result (it was committed, so every replica must treat it the same way).
 */
public final class KvStateMachine {
    private final NavigableMap<byte[], byte[]> data = new TreeMap<>(Arrays::compareUnsigned);
    private final Map<Long, ClientSession> sessions = new HashMap<>();
    private long appliedIndex;

    /** Applies the command of the committed entry at {@code index}. */
    public KvResult apply(long index, byte[] command) {
        Invariants.check(index > appliedIndex, "apply out of order: index %d after %d", index, appliedIndex);
        appliedIndex = index;
        KvCommand cmd;
        try {
            cmd = KvCommand.parseFrom(command);
        } catch (InvalidProtocolBufferException e) {
            return new KvResult(false, false, null);
        }
        if (cmd.getClientId() != 0) {
            ClientSession last = sessions.get(cmd.getClientId());
            if (last != null && cmd.getSequence() <= last.getSequence()) {
                // A retry of the session's last command (one write in flight per client): its outcome.
                return new KvResult(last.getOk(), last.getFound(), last.getFound() ? last.getValue().toByteArray() : null);
            }
        }
        KvResult result = execute(cmd);
        if (cmd.getClientId() != 0) {
            ClientSession.Builder s = ClientSession.newBuilder().setClientId(cmd.getClientId())
                .setSequence(cmd.getSequence()).setOk(result.ok()).setFound(result.found());
            if (result.found()) {
                s.setValue(ByteString.copyFrom(result.value()));
            }
            sessions.put(cmd.getClientId(), s.build());
        }
        return result;
    }

    /** Marks a non-command entry (no-op, configuration) as applied. */
    public void skip(long index) {
        Invariants.check(index > appliedIndex, "apply out of order: index %d after %d", index, appliedIndex);
        appliedIndex = index;
    }

    private KvResult execute(KvCommand cmd) {
        return switch (cmd.getOpCase()) {
            case PUT -> KvResult.of(true, data.put(cmd.getPut().getKey().toByteArray(), cmd.getPut().getValue().toByteArray()));
            case DELETE -> KvResult.of(true, data.remove(cmd.getDelete().getKey().toByteArray()));
            case CAS -> {
                byte[] key = cmd.getCas().getKey().toByteArray();
                byte[] current = data.get(key);
                boolean matches = cmd.getCas().getExpectAbsent()
                    ? current == null
                    : current != null && Arrays.equals(current, cmd.getCas().getExpected().toByteArray());
                if (matches) {
                    data.put(key, cmd.getCas().getValue().toByteArray());
                }
                yield KvResult.of(matches, current);
            }
            case OP_NOT_SET -> new KvResult(false, false, null);
        };
    }

    /** The current value of {@code key}, or null. Linearizable only after a read index is applied. */
    public byte[] get(byte[] key) {
        byte[] v = data.get(key);
        return v == null ? null : v.clone();
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public int size() {
        return data.size();
    }

    /** An image of the whole state, for a Raft snapshot. */
    public byte[] snapshot() {
        KvSnapshotData.Builder b = KvSnapshotData.newBuilder();
        data.forEach((k, v) -> b.addPairs(KvPair.newBuilder().setKey(ByteString.copyFrom(k)).setValue(ByteString.copyFrom(v))));
        sessions.keySet().stream().sorted().forEach(id -> b.addSessions(sessions.get(id)));
        return b.build().toByteArray();
    }

    /** Replaces the state with a snapshot taken at {@code index} ({@code data} empty means empty state). */
    public void restore(long index, byte[] image) {
        data.clear();
        sessions.clear();
        appliedIndex = index;
        if (image.length == 0) {
            return;
        }
        try {
            KvSnapshotData snap = KvSnapshotData.parseFrom(image);
            for (KvPair p : snap.getPairsList()) {
                data.put(p.getKey().toByteArray(), p.getValue().toByteArray());
            }
            for (ClientSession s : snap.getSessionsList()) {
                sessions.put(s.getClientId(), s);
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("snapshot at index " + index + " does not decode: " + e.getMessage(), e);
        }
    }

    /** A checksum of the applied state, equal on replicas that applied the same log prefix. */
    public long digest() {
        CRC32C crc = new CRC32C();
        ByteBuffer len = ByteBuffer.allocate(8);
        for (Map.Entry<byte[], byte[]> e : data.entrySet()) {
            len.clear();
            len.putInt(e.getKey().length).putInt(e.getValue().length);
            crc.update(len.array());
            crc.update(e.getKey());
            crc.update(e.getValue());
        }
        return (crc.getValue() << 32) ^ data.size();
    }

    /** Convenience for tools and tests: UTF-8 keys. */
    public String getString(String key) {
        byte[] v = get(key.getBytes(StandardCharsets.UTF_8));
        return v == null ? null : new String(v, StandardCharsets.UTF_8);
    }
}
