package io.basalt.kv;

import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.ReadView;
import io.basalt.txn.TxnId;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * The state machine's own keys in its engine, beside the MVCC store's: everything besides the
 * versions that a restart needs, under the local prefix {@code 0x01} (docs/storage.md). Each
 * name is {@code 0x01 'kv.' name}, so no name is a prefix of the store's {@code 0x01 'mvcc'} and
 * every key below lies in {@link #START}..{@link #END}.
 *
 * <pre>
 * 0x01 'kv.meta'                                term and last commit timestamp (KvSnapshotData with only those)
 * 0x01 'kv.session'   u64 client id             ClientSession
 * 0x01 'kv.committed' u64 sequence              TxnOutcome, in the order the commits applied
 * 0x01 'kv.staged'    u64 wall u32 logical u64 origin                   StagedTxn without keys
 * 0x01 'kv.staged'    u64 wall u32 logical u64 origin u32 stage         StagedTxn with that stage's keys only
 * </pre>
 *
 * Integers are big-endian, so keys of one name sort by number; a staged transaction's header
 * comes before its stages' keys.
 */
final class LocalKeys {
    static final byte[] START = name("kv.");
    static final byte[] END = KeyOrder.prefixEnd(START);
    static final byte[] META = name("kv.meta");
    static final byte[] SESSIONS = name("kv.session");
    static final byte[] COMMITTED = name("kv.committed");
    static final byte[] STAGED = name("kv.staged");
    /** Length of a staged transaction's key: prefix and the transaction id. */
    static final int STAGED_KEY_BYTES = STAGED.length + 20;

    private LocalKeys() {
    }

    private static byte[] name(String name) {
        byte[] ascii = name.getBytes(StandardCharsets.US_ASCII);
        byte[] key = new byte[ascii.length + 1];
        key[0] = 0x01;
        System.arraycopy(ascii, 0, key, 1, ascii.length);
        return key;
    }

    static byte[] session(long clientId) {
        return ByteBuffer.allocate(SESSIONS.length + 8).put(SESSIONS).putLong(clientId).array();
    }

    static byte[] committed(long sequence) {
        return ByteBuffer.allocate(COMMITTED.length + 8).put(COMMITTED).putLong(sequence).array();
    }

    static long committedSequence(byte[] key) {
        return ByteBuffer.wrap(key, COMMITTED.length, 8).getLong();
    }

    static byte[] staged(TxnId txn) {
        return ByteBuffer.allocate(STAGED_KEY_BYTES).put(STAGED).putLong(txn.start().wallMicros())
            .putInt(txn.start().logical()).putLong(txn.origin()).array();
    }

    static byte[] stage(TxnId txn, int stage) {
        return ByteBuffer.allocate(STAGED_KEY_BYTES + 4).put(staged(txn)).putInt(stage).array();
    }

    static boolean isStageKeys(byte[] key) {
        return key.length == STAGED_KEY_BYTES + 4;
    }

    /** Visits every key and value under {@code prefix} in key order. */
    static void scan(ReadView view, byte[] prefix, BiConsumer<byte[], byte[]> visitor) {
        try (EngineIterator it = view.newIterator(prefix, KeyOrder.prefixEnd(prefix))) {
            for (; it.isValid(); it.next()) {
                visitor.accept(it.key(), it.value());
            }
        }
    }
}
