package io.basalt.kv;

import io.basalt.kv.proto.HlcTimestamp;
import io.basalt.kv.proto.TxnRef;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;

/** Timestamps and transaction ids to and from their protobuf form. */
public final class TxnCodec {
    private TxnCodec() {
    }

    public static HlcTimestamp encode(Timestamp ts) {
        return HlcTimestamp.newBuilder().setWallMicros(ts.wallMicros()).setLogical(ts.logical()).build();
    }

    /** Decodes a timestamp; throws IllegalArgumentException for one out of range. */
    public static Timestamp decode(HlcTimestamp ts) {
        if (ts.getWallMicros() < 0 || ts.getLogical() < 0) {
            throw new IllegalArgumentException("timestamp out of range: " + ts.getWallMicros() + "." + ts.getLogical());
        }
        return new Timestamp(ts.getWallMicros(), ts.getLogical());
    }

    public static TxnRef encode(TxnId id) {
        return TxnRef.newBuilder().setStart(encode(id.start())).setOrigin(id.origin()).build();
    }

    public static TxnId decode(TxnRef ref) {
        return new TxnId(decode(ref.getStart()), ref.getOrigin());
    }
}
