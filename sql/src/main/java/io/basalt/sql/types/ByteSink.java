package io.basalt.sql.types;

import java.util.Arrays;

/**
 * A growable byte buffer that keys and rows are written into. Not thread-safe.
 */
public final class ByteSink {
    private static final int INITIAL_CAPACITY = 32;

    private byte[] buf;
    private int length;

    public ByteSink() {
        this(INITIAL_CAPACITY);
    }

    public ByteSink(int capacity) {
        buf = new byte[Math.max(capacity, 1)];
    }

    /** Appends the low 8 bits of {@code b}. */
    public ByteSink write(int b) {
        ensure(1);
        buf[length++] = (byte) b;
        return this;
    }

    public ByteSink write(byte[] bytes) {
        return write(bytes, 0, bytes.length);
    }

    public ByteSink write(byte[] bytes, int offset, int count) {
        ensure(count);
        System.arraycopy(bytes, offset, buf, length, count);
        length += count;
        return this;
    }

    /** Appends {@code v} big-endian in 4 bytes. */
    public ByteSink writeInt(int v) {
        ensure(4);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buf[length++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** Appends {@code v} big-endian in 8 bytes. */
    public ByteSink writeLong(long v) {
        ensure(8);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buf[length++] = (byte) (v >>> shift);
        }
        return this;
    }

    /** Bytes written so far. */
    public int length() {
        return length;
    }

    /** Inverts every byte written at or after {@code start} (descending key columns). */
    void invertFrom(int start) {
        for (int i = start; i < length; i++) {
            buf[i] = (byte) ~buf[i];
        }
    }

    /** Forgets everything written at or after {@code newLength}. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate " + length + " bytes to " + newLength);
        }
        length = newLength;
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buf, length);
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }
}
