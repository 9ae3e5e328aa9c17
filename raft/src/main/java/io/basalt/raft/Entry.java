package io.basalt.raft;

import java.util.Arrays;
import java.util.Objects;

/**
 * One log entry. {@code data} is the application's command for {@link EntryType#NORMAL}
 * entries and empty otherwise; {@code membership} is set only for {@link EntryType#CONFIG}.
 */
public record Entry(long term, long index, EntryType type, byte[] data, Membership membership) {
    private static final byte[] EMPTY = new byte[0];

    public Entry {
        Objects.requireNonNull(type, "type");
        data = data == null ? EMPTY : data;
        if (term < 1 || index < 1) {
            throw new IllegalArgumentException("term and index start at 1: term=" + term + " index=" + index);
        }
        if ((type == EntryType.CONFIG) != (membership != null)) {
            throw new IllegalArgumentException("membership is set exactly for CONFIG entries: " + type);
        }
    }

    public static Entry normal(long term, long index, byte[] data) {
        return new Entry(term, index, EntryType.NORMAL, data, null);
    }

    public static Entry noop(long term, long index) {
        return new Entry(term, index, EntryType.NOOP, EMPTY, null);
    }

    public static Entry config(long term, long index, Membership membership) {
        return new Entry(term, index, EntryType.CONFIG, EMPTY, membership);
    }

    /** Approximate bytes this entry occupies in the log and on the wire. */
    public int sizeBytes() {
        return data.length + 24;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Entry e && term == e.term && index == e.index && type == e.type
            && Arrays.equals(data, e.data) && Objects.equals(membership, e.membership);
    }

    @Override
    public int hashCode() {
        return Objects.hash(term, index, type, Arrays.hashCode(data), membership);
    }

    @Override
    public String toString() {
        return "Entry{" + index + "@" + term + " " + type + (data.length > 0 ? " " + data.length + "B" : "")
            + (membership != null ? " " + membership : "") + "}";
    }
}
