package io.basalt.storage.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes to apply together with {@link Engine#apply}: puts, deletes and range deletes, kept in
 * the order they were added. A batch copies every array it is given and is not changed by being
 * applied, so it can be applied to more than one engine. Not thread-safe.
 */
public final class WriteBatch {
    /** The operations, in order; arrays are the batch's own copies. */
    private final List<Op> ops = new ArrayList<>();
    private long bytes;

    private enum Kind { PUT, DELETE, DELETE_RANGE }

    private record Op(Kind kind, byte[] first, byte[] second) {
    }

    /** Receives a batch's operations in order. The arrays are the batch's own: read them, never change them. */
    public interface Visitor {
        void put(byte[] key, byte[] value);

        void delete(byte[] key);

        /** Deletes every key in {@code [start, end)}; {@code start < end} always. */
        void deleteRange(byte[] start, byte[] end);
    }

    /** Stores {@code value} under {@code key}. */
    public WriteBatch put(byte[] key, byte[] value) {
        checkKey(key, "key");
        Objects.requireNonNull(value, "value (a deletion is delete(key))");
        if (value.length > EngineLimits.VALUE_BYTES_MAX) {
            throw new IllegalArgumentException("value of " + value.length + " bytes exceeds VALUE_BYTES_MAX "
                + EngineLimits.VALUE_BYTES_MAX + " (key " + KeyOrder.show(key) + ")");
        }
        add(new Op(Kind.PUT, key.clone(), value.clone()));
        return this;
    }

    /** Removes {@code key}; nothing happens if it is absent. */
    public WriteBatch delete(byte[] key) {
        checkKey(key, "key");
        add(new Op(Kind.DELETE, key.clone(), null));
        return this;
    }

    /**
     * Removes every key in {@code [start, end)}. Both bounds are required: an engine has no
     * largest key to stand for "to the end" ({@link KeyOrder#prefixEnd} gives the end of a
     * prefix). {@code start == end} removes nothing; {@code start > end} is refused.
     */
    public WriteBatch deleteRange(byte[] start, byte[] end) {
        checkKey(start, "range start");
        checkKey(end, "range end");
        int order = KeyOrder.compare(start, end);
        if (order > 0) {
            throw new IllegalArgumentException("range start " + KeyOrder.show(start) + " is after its end "
                + KeyOrder.show(end));
        }
        if (order < 0) {
            add(new Op(Kind.DELETE_RANGE, start.clone(), end.clone()));
        }
        return this;
    }

    /** Hands every operation to {@code visitor}, in the order they were added. */
    public void forEach(Visitor visitor) {
        for (Op op : ops) {
            switch (op.kind()) {
                case PUT -> visitor.put(op.first(), op.second());
                case DELETE -> visitor.delete(op.first());
                case DELETE_RANGE -> visitor.deleteRange(op.first(), op.second());
            }
        }
    }

    /** The number of operations (an empty range delete is not one). */
    public int size() {
        return ops.size();
    }

    public boolean isEmpty() {
        return ops.isEmpty();
    }

    /** The bytes of every key and value in the batch. */
    public long byteSize() {
        return bytes;
    }

    private void add(Op op) {
        ops.add(op);
        bytes += op.first().length + (op.second() == null ? 0 : op.second().length);
    }

    private static void checkKey(byte[] key, String what) {
        Objects.requireNonNull(key, what);
        if (key.length > EngineLimits.KEY_BYTES_MAX) {
            throw new IllegalArgumentException(what + " of " + key.length + " bytes exceeds KEY_BYTES_MAX "
                + EngineLimits.KEY_BYTES_MAX);
        }
    }

    @Override
    public String toString() {
        return "WriteBatch[" + ops.size() + " operations, " + bytes + " bytes]";
    }
}
