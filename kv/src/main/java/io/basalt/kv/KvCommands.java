package io.basalt.kv;

import com.google.protobuf.ByteString;
import io.basalt.kv.proto.CompareAndSet;
import io.basalt.kv.proto.Delete;
import io.basalt.kv.proto.KvCommand;
import io.basalt.kv.proto.Put;
import io.basalt.kv.proto.TxnCommit;
import io.basalt.kv.proto.TxnWrite;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.util.List;

/** Builds the encoded commands that clients propose. */
public final class KvCommands {
    private KvCommands() {}

    public static byte[] put(long clientId, long sequence, byte[] key, byte[] value) {
        return KvCommand.newBuilder().setClientId(clientId).setSequence(sequence)
            .setPut(Put.newBuilder().setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value)))
            .build().toByteArray();
    }

    public static byte[] delete(long clientId, long sequence, byte[] key) {
        return KvCommand.newBuilder().setClientId(clientId).setSequence(sequence)
            .setDelete(Delete.newBuilder().setKey(ByteString.copyFrom(key)))
            .build().toByteArray();
    }

    /** Compare-and-set; {@code expected == null} means "only if absent". */
    public static byte[] cas(long clientId, long sequence, byte[] key, byte[] expected, byte[] value) {
        CompareAndSet.Builder cas = CompareAndSet.newBuilder().setKey(ByteString.copyFrom(key))
            .setValue(ByteString.copyFrom(value));
        if (expected == null) {
            cas.setExpectAbsent(true);
        } else {
            cas.setExpected(ByteString.copyFrom(expected));
        }
        return KvCommand.newBuilder().setClientId(clientId).setSequence(sequence).setCas(cas)
            .build().toByteArray();
    }

    /**
     * The command with the commit timestamp and transaction its leader gave it once its locks
     * were held. Throws IllegalArgumentException if {@code command} does not decode.
     */
    public static byte[] stamp(byte[] command, TxnId txn, Timestamp commitTs) {
        try {
            return KvCommand.parseFrom(command).toBuilder().setTxn(TxnCodec.encode(txn))
                .setCommitTs(TxnCodec.encode(commitTs)).build().toByteArray();
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("command does not decode: " + e.getMessage(), e);
        }
    }

    /** The key a single-key command writes, for its lock. Throws IllegalArgumentException if it does not decode. */
    public static byte[] keyOf(byte[] command) {
        try {
            KvCommand c = KvCommand.parseFrom(command);
            return switch (c.getOpCase()) {
                case PUT -> c.getPut().getKey().toByteArray();
                case DELETE -> c.getDelete().getKey().toByteArray();
                case CAS -> c.getCas().getKey().toByteArray();
                case TXN_COMMIT, OP_NOT_SET -> throw new IllegalArgumentException("not a single-key command: "
                    + c.getOpCase());
            };
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("command does not decode: " + e.getMessage(), e);
        }
    }

    /** A transaction's commit: all its writes at one timestamp. */
    public static byte[] txnCommit(TxnId txn, Timestamp commitTs, List<Write> writes) {
        TxnCommit.Builder c = TxnCommit.newBuilder();
        for (Write w : writes) {
            TxnWrite.Builder tw = TxnWrite.newBuilder().setKey(ByteString.copyFrom(w.key()));
            if (w.isDelete()) {
                tw.setDelete(true);
            } else {
                tw.setValue(ByteString.copyFrom(w.value()));
            }
            c.addWrites(tw);
        }
        return KvCommand.newBuilder().setTxnCommit(c).setTxn(TxnCodec.encode(txn))
            .setCommitTs(TxnCodec.encode(commitTs)).build().toByteArray();
    }
}
