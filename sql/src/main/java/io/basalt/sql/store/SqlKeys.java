package io.basalt.sql.store;

import io.basalt.sql.types.ByteSink;
import io.basalt.sql.types.ByteSource;
import io.basalt.sql.types.KeyCodec;
import io.basalt.sql.types.SqlType;
import java.util.Arrays;

/**
 * The SQL keyspace: every key starts with {@link #KEYSPACE}, then the table id and the index
 * id as order-preserving uint32s, then the index's key columns (see package-info for the
 * whole layout). Table id {@link #CATALOG_TABLE_ID} holds the catalog itself.
 */
public final class SqlKeys {
    /** First byte of every SQL key; other users of the key-value store write printable keys. */
    public static final byte KEYSPACE = 0x01;
    /** The catalog's own "table": versions, table records, sequences, counters. */
    public static final int CATALOG_TABLE_ID = 0;
    /** Catalog sub-ranges, in the index id position of table 0. */
    public static final int CATALOG_VERSION = 1;
    public static final int CATALOG_TABLES = 2;
    public static final int CATALOG_SEQUENCES = 3;
    public static final int CATALOG_COUNTERS = 4;
    /** Keyspace byte, table id and index id. */
    static final int HEADER_BYTES = 9;

    private SqlKeys() {
    }

    /** {@code 0x01 | table}: every key of the table, all its indexes, starts with this. */
    public static byte[] tablePrefix(int tableId) {
        ByteSink k = new ByteSink(HEADER_BYTES);
        k.write(KEYSPACE);
        KeyCodec.encodeUint32(k, tableId);
        return k.toByteArray();
    }

    /** {@code 0x01 | table | index}: every entry of one index starts with this. */
    public static byte[] indexPrefix(int tableId, int indexId) {
        ByteSink k = new ByteSink(HEADER_BYTES);
        k.write(KEYSPACE);
        KeyCodec.encodeUint32(k, tableId);
        KeyCodec.encodeUint32(k, indexId);
        return k.toByteArray();
    }

    /** The catalog key {@code 0x01 | 0 | kind | ids...}. */
    public static byte[] catalogKey(int kind, int... ids) {
        ByteSink k = new ByteSink(HEADER_BYTES + 4 * ids.length);
        k.write(KEYSPACE);
        KeyCodec.encodeUint32(k, CATALOG_TABLE_ID);
        KeyCodec.encodeUint32(k, kind);
        for (int id : ids) {
            KeyCodec.encodeUint32(k, id);
        }
        return k.toByteArray();
    }

    /** The first key after every key that starts with {@code prefix} (null: no such key). */
    public static byte[] prefixEnd(byte[] prefix) {
        return KeyCodec.prefixEnd(prefix);
    }

    /** The first key after {@code key} itself: where the next page of a scan starts. */
    public static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    /** {@code prefix} followed by {@code values} encoded as key columns of {@code types}. */
    public static byte[] append(byte[] prefix, Object[] values, SqlType[] types, boolean[] descending) {
        ByteSink k = new ByteSink(prefix.length + 16 * values.length);
        k.write(prefix);
        for (int i = 0; i < values.length; i++) {
            KeyCodec.encode(k, values[i], types[i], descending[i]);
        }
        return k.toByteArray();
    }

    /** The offset after {@code count} key columns of {@code types} that start at {@code offset}. */
    public static int skip(byte[] key, int offset, SqlType[] types, boolean[] descending, int count) {
        ByteSource in = new ByteSource(key, offset, key.length - offset);
        for (int i = 0; i < count; i++) {
            KeyCodec.decode(in, types[i], descending[i]);
        }
        return in.position();
    }

    public static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
