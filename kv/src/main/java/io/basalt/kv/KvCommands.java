package io.basalt.kv;

import com.google.protobuf.ByteString;
import io.basalt.kv.proto.CompareAndSet;
import io.basalt.kv.proto.Delete;
import io.basalt.kv.proto.KvCommand;
import io.basalt.kv.proto.Put;

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
}
