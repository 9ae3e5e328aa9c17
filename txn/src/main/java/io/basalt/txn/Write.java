package io.basalt.txn;

/** One buffered write of a transaction: a new value for a key, or its deletion ({@code value} null). */
public record Write(byte[] key, byte[] value) {
    public boolean isDelete() {
        return value == null;
    }

    /** The bytes this write adds to a transaction's buffer, as counted against its limit. */
    public long bytes() {
        return key.length + (value == null ? 0 : value.length);
    }
}
