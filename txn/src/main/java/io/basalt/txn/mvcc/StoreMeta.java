package io.basalt.txn.mvcc;

import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.StorageCorruptionException;
import io.basalt.txn.Timestamp;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.TreeSet;

/**
 * What {@link EngineVersionStore} keeps beside the versions, under {@link VersionKeys#META_KEY}
 * and written in the same batch as the versions it describes: exact counts, so that
 * {@code versionCount}, {@code keyCount} and {@code approximateBytes} cost nothing and agree
 * with the in-memory store; the collected horizon, so a reopened store still refuses writes
 * below it; and the pending commit timestamps, so a reopened store still hides the staged
 * versions of a transaction whose commit entry has not applied.
 *
 * <p>Format, big-endian: {@code u8 format (1) | u64 versions | u64 keys | u64 bytes |
 * u64 horizon wall | u32 horizon logical | u32 pending count | (u64 wall | u32 logical) per
 * pending timestamp, ascending}. It is a fixed record of a few numbers read by this class
 * alone, so it is hand-made rather than protobuf, which {@code txn} does not depend on.
 */
record StoreMeta(long versionCount, long keyCount, long bytes, Timestamp gcHorizon, List<Timestamp> pending) {
    static final StoreMeta EMPTY = new StoreMeta(0, 0, 0, Timestamp.MIN, List.of());

    private static final byte FORMAT = 1;
    private static final int FIXED_BYTES = 1 + 8 + 8 + 8 + 8 + 4 + 4;
    private static final int TIMESTAMP_BYTES = 12;

    /** Pending timestamps are kept sorted, so equal metadata encodes to equal bytes. */
    StoreMeta {
        pending = List.copyOf(new TreeSet<>(pending));
    }

    byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(FIXED_BYTES + pending.size() * TIMESTAMP_BYTES);
        out.put(FORMAT).putLong(versionCount).putLong(keyCount).putLong(bytes)
            .putLong(gcHorizon.wallMicros()).putInt(gcHorizon.logical()).putInt(pending.size());
        for (Timestamp ts : pending) {
            out.putLong(ts.wallMicros()).putInt(ts.logical());
        }
        return out.array();
    }

    /** The metadata stored as {@code stored}; null means none was ever written (an empty store). */
    static StoreMeta decode(byte[] stored) {
        if (stored == null) {
            return EMPTY;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(stored);
            byte format = in.get();
            if (format != FORMAT) {
                throw corrupt("format " + format + ", expected " + FORMAT);
            }
            long versions = in.getLong();
            long keys = in.getLong();
            long bytes = in.getLong();
            Timestamp horizon = new Timestamp(in.getLong(), in.getInt());
            int pendingCount = in.getInt();
            if (pendingCount < 0 || in.remaining() != (long) pendingCount * TIMESTAMP_BYTES) {
                throw corrupt(pendingCount + " pending timestamps in " + in.remaining() + " bytes");
            }
            TreeSet<Timestamp> pending = new TreeSet<>();
            for (int i = 0; i < pendingCount; i++) {
                pending.add(new Timestamp(in.getLong(), in.getInt()));
            }
            if (versions < 0 || keys < 0 || bytes < 0 || keys > versions) {
                throw corrupt(versions + " versions, " + keys + " keys, " + bytes + " bytes");
            }
            return new StoreMeta(versions, keys, bytes, horizon, List.copyOf(pending));
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw corrupt(stored.length + " bytes do not decode: " + e);
        }
    }

    private static StorageCorruptionException corrupt(String what) {
        return new StorageCorruptionException("mvcc metadata " + KeyOrder.show(VersionKeys.META_KEY) + " is damaged: "
            + what);
    }
}
