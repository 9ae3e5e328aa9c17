package io.basalt.sql.types;

/**
 * A cursor over stored bytes (a key or a row) that decoders read from. Reading past the end
 * means the bytes are corrupt or were written for another schema: it is reported as XX001
 * naming what was being read, never as an index exception.
 */
public final class ByteSource {
    private final byte[] bytes;
    private final int end;
    private int position;

    public ByteSource(byte[] bytes) {
        this(bytes, 0, bytes.length);
    }

    public ByteSource(byte[] bytes, int offset, int length) {
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + bytes.length + " bytes");
        }
        this.bytes = bytes;
        this.position = offset;
        this.end = offset + length;
    }

    public int position() {
        return position;
    }

    public int remaining() {
        return end - position;
    }

    public boolean hasRemaining() {
        return position < end;
    }

    /** The next byte as 0..255. */
    public int read(String what) {
        need(1, what);
        return bytes[position++] & 0xFF;
    }

    /** The next byte without consuming it, as 0..255. */
    public int peek(String what) {
        need(1, what);
        return bytes[position] & 0xFF;
    }

    public int readInt(String what) {
        need(4, what);
        int v = 0;
        for (int k = 0; k < 4; k++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    public long readLong(String what) {
        need(8, what);
        long v = 0;
        for (int k = 0; k < 8; k++) {
            v = (v << 8) | (bytes[position++] & 0xFF);
        }
        return v;
    }

    public byte[] readBytes(int count, String what) {
        if (count < 0) {
            throw TypeErrors.corrupted("negative length " + count + " for " + what);
        }
        need(count, what);
        byte[] out = java.util.Arrays.copyOfRange(bytes, position, position + count);
        position += count;
        return out;
    }

    public void skip(int count, String what) {
        if (count < 0) {
            throw TypeErrors.corrupted("negative length " + count + " for " + what);
        }
        need(count, what);
        position += count;
    }

    private void need(int count, String what) {
        if (count > end - position) {
            throw TypeErrors.corrupted("truncated " + what + ": needs " + count + " bytes at offset "
                    + position + ", " + (end - position) + " left");
        }
    }
}
