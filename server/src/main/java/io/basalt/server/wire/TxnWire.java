package io.basalt.server.wire;

import com.google.protobuf.ByteString;
import io.basalt.server.proto.NodeProto;
import io.basalt.txn.Isolation;
import io.basalt.txn.LockWait;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.engine.TxnResult;
import io.basalt.txn.mvcc.KeyValue;

/** Transaction ids, timestamps and results to and from the node protocol. */
public final class TxnWire {
    private TxnWire() {
    }

    public static NodeProto.Hlc encode(Timestamp ts) {
        return NodeProto.Hlc.newBuilder().setWallMicros(ts.wallMicros()).setLogical(ts.logical()).build();
    }

    public static Timestamp decode(NodeProto.Hlc ts) throws WireException {
        if (ts.getWallMicros() < 0 || ts.getLogical() < 0) {
            throw new WireException("timestamp out of range: " + ts.getWallMicros() + "." + ts.getLogical());
        }
        return new Timestamp(ts.getWallMicros(), ts.getLogical());
    }

    public static NodeProto.TxnHandle encode(TxnId id) {
        return NodeProto.TxnHandle.newBuilder().setStart(encode(id.start())).setOrigin(id.origin()).build();
    }

    public static TxnId decode(NodeProto.TxnHandle h) throws WireException {
        if (!h.hasStart()) {
            throw new WireException("transaction handle without a start timestamp");
        }
        return new TxnId(decode(h.getStart()), h.getOrigin());
    }

    public static NodeProto.Isolation encode(Isolation i) {
        return i == Isolation.READ_COMMITTED ? NodeProto.Isolation.READ_COMMITTED : NodeProto.Isolation.SERIALIZABLE;
    }

    public static Isolation decode(NodeProto.Isolation i) {
        return i == NodeProto.Isolation.READ_COMMITTED ? Isolation.READ_COMMITTED : Isolation.SERIALIZABLE;
    }

    public static NodeProto.LockWait encode(LockWait w) {
        return switch (w) {
            case WAIT -> NodeProto.LockWait.LOCK_WAIT_UNSPECIFIED;
            case NOWAIT -> NodeProto.LockWait.LOCK_WAIT_NOWAIT;
            case SKIP_LOCKED -> NodeProto.LockWait.LOCK_WAIT_SKIP_LOCKED;
        };
    }

    /** An unknown value (from a newer node) waits, as the default does. */
    public static LockWait decode(NodeProto.LockWait w) {
        return switch (w) {
            case LOCK_WAIT_NOWAIT -> LockWait.NOWAIT;
            case LOCK_WAIT_SKIP_LOCKED -> LockWait.SKIP_LOCKED;
            case LOCK_WAIT_UNSPECIFIED, UNRECOGNIZED -> LockWait.WAIT;
        };
    }

    public static NodeProto.TxnReply encode(TxnResult r) {
        NodeProto.TxnReply.Builder b = NodeProto.TxnReply.newBuilder();
        switch (r) {
            case TxnResult.Began began -> {
                NodeProto.TxnBegan.Builder x = NodeProto.TxnBegan.newBuilder().setTxn(encode(began.txn()));
                if (began.readTs() != null) {
                    x.setReadTs(encode(began.readTs()));
                }
                b.setBegan(x);
            }
            case TxnResult.Value v -> {
                NodeProto.TxnValue.Builder x = NodeProto.TxnValue.newBuilder().setFound(v.value() != null);
                if (v.value() != null) {
                    x.setValue(ByteString.copyFrom(v.value()));
                }
                b.setValue(x);
            }
            case TxnResult.Rows rows -> {
                NodeProto.TxnRows.Builder x = NodeProto.TxnRows.newBuilder();
                for (KeyValue kv : rows.rows()) {
                    x.addRows(NodeProto.TxnRow.newBuilder().setKey(ByteString.copyFrom(kv.key()))
                        .setValue(ByteString.copyFrom(kv.value())));
                }
                b.setRows(x);
            }
            case TxnResult.Done d -> b.setDone(NodeProto.Ack.getDefaultInstance());
            case TxnResult.Committed c -> {
                NodeProto.TxnCommitted.Builder x = NodeProto.TxnCommitted.newBuilder();
                if (c.commitTs() != null) {
                    x.setCommitTs(encode(c.commitTs()));
                }
                b.setCommitted(x);
            }
            case TxnResult.Failed f -> b.setFailed(NodeProto.TxnFailed.newBuilder().setSqlState(f.sqlState())
                .setMessage(f.message()).setAborted(f.aborted()));
            case TxnResult.Unknown u -> b.setUnknown(u.message());
        }
        return b.build();
    }
}
