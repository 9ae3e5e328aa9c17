package io.basalt.kv;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.basalt.kv.proto.CompareAndSet;
import io.basalt.kv.proto.Delete;
import io.basalt.kv.proto.HlcTimestamp;
import io.basalt.kv.proto.KvCommand;
import io.basalt.kv.proto.Put;
import io.basalt.kv.proto.TxnCommit;
import io.basalt.kv.proto.TxnRef;
import io.basalt.kv.proto.TxnStage;
import io.basalt.kv.proto.TxnWrite;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.util.ArrayList;
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
                case TXN_COMMIT, TXN_STAGE, OP_NOT_SET -> throw new IllegalArgumentException("not a single-key command: "
                    + c.getOpCase());
            };
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("command does not decode: " + e.getMessage(), e);
        }
    }

    /** A transaction's commit: all its writes at one timestamp. */
    public static byte[] txnCommit(TxnId txn, Timestamp commitTs, List<Write> writes) {
        return txnCommands(txn, commitTs, writes, Integer.MAX_VALUE).getFirst();
    }

    /**
     * The log entries that commit {@code writes} of {@code txn} at {@code commitTs}: one commit
     * entry if they fit in {@code entryBytes}, else stage entries of about that size each and a
     * commit entry with the rest, to be proposed in this order with nothing between them.
     */
    public static List<byte[]> txnCommands(TxnId txn, Timestamp commitTs, List<Write> writes, int entryBytes) {
        List<byte[]> out = new ArrayList<>();
        CommitEntries entries = new CommitEntries(txn, commitTs, writes, entryBytes);
        while (entries.hasNext()) {
            out.add(entries.next());
        }
        return out;
    }

    /**
     * The entries of {@link #txnCommands}, encoded one at a time as they are taken, so a driver
     * can propose a large commit over several turns of its loop.
     */
    public static final class CommitEntries implements java.util.Iterator<byte[]> {
        private final TxnId txn;
        private final Timestamp commitTs;
        private final List<Write> writes;
        private final int entryBytes;
        private int from;
        private int stages;
        private boolean done;

        public CommitEntries(TxnId txn, Timestamp commitTs, List<Write> writes, int entryBytes) {
            this.txn = txn;
            this.commitTs = commitTs;
            this.writes = writes;
            this.entryBytes = entryBytes;
        }

        @Override
        public boolean hasNext() {
            return !done;
        }

        /** The next stage entry, or the commit entry with the writes that are left. */
        @Override
        public byte[] next() {
            if (done) {
                throw new java.util.NoSuchElementException("all entries of the commit were taken");
            }
            long bytes = 0;
            for (int i = from; i < writes.size(); i++) {
                if (bytes >= entryBytes) {
                    byte[] stage = stage(txn, commitTs, writes.subList(from, i));
                    from = i;
                    stages++;
                    return stage;
                }
                Write w = writes.get(i);
                bytes += w.key().length + (w.isDelete() ? 0 : w.value().length) + 8;
            }
            done = true;
            TxnCommit.Builder c = TxnCommit.newBuilder().setStaged(stages);
            for (Write w : writes.subList(from, writes.size())) {
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

    /**
     * {@code KvCommand{txn_stage{writes}, commit_ts, txn}} written straight into its bytes: a bulk
     * load stages every row, and building messages first would copy each key and value twice.
     */
    static byte[] stage(TxnId txn, Timestamp commitTs, List<Write> writes) {
        int body = 0;
        for (Write w : writes) {
            int size = writeSize(w);
            body += CodedOutputStream.computeTagSize(1) + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        HlcTimestamp ts = TxnCodec.encode(commitTs);
        TxnRef ref = TxnCodec.encode(txn);
        int total = CodedOutputStream.computeTagSize(KvCommand.TXN_STAGE_FIELD_NUMBER)
            + CodedOutputStream.computeUInt32SizeNoTag(body) + body
            + CodedOutputStream.computeMessageSize(KvCommand.COMMIT_TS_FIELD_NUMBER, ts)
            + CodedOutputStream.computeMessageSize(KvCommand.TXN_FIELD_NUMBER, ref);
        byte[] out = new byte[total];
        CodedOutputStream o = CodedOutputStream.newInstance(out);
        try {
            o.writeTag(KvCommand.TXN_STAGE_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
            o.writeUInt32NoTag(body);
            for (Write w : writes) {
                o.writeTag(TxnStage.WRITES_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                o.writeUInt32NoTag(writeSize(w));
                o.writeByteArray(TxnWrite.KEY_FIELD_NUMBER, w.key());
                if (w.isDelete()) {
                    o.writeBool(TxnWrite.DELETE_FIELD_NUMBER, true);
                } else {
                    o.writeByteArray(TxnWrite.VALUE_FIELD_NUMBER, w.value());
                }
            }
            o.writeMessage(KvCommand.COMMIT_TS_FIELD_NUMBER, ts);
            o.writeMessage(KvCommand.TXN_FIELD_NUMBER, ref);
            o.checkNoSpaceLeft();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stage entry of " + total + " bytes did not fit its own size", e);
        }
        return out;
    }

    private static int writeSize(Write w) {
        return CodedOutputStream.computeByteArraySize(TxnWrite.KEY_FIELD_NUMBER, w.key())
            + (w.isDelete() ? CodedOutputStream.computeBoolSize(TxnWrite.DELETE_FIELD_NUMBER, true)
                : CodedOutputStream.computeByteArraySize(TxnWrite.VALUE_FIELD_NUMBER, w.value()));
    }
}
