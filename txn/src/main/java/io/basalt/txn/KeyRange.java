package io.basalt.txn;

import java.util.Arrays;

/**
 * The keys {@code start <= k < end} in unsigned byte order; a null {@code end} means no upper
 * bound. The arrays are owned by the range: callers must not change them afterwards.
 */
public record KeyRange(byte[] start, byte[] end) {
    public KeyRange {
        if (start == null) {
            throw new IllegalArgumentException("range start must not be null (use an empty key)");
        }
        if (end != null && Keys.compare(start, end) > 0) {
            throw new IllegalArgumentException("range start " + Keys.show(start) + " is after its end " + Keys.show(end));
        }
    }

    /** Every key. */
    public static KeyRange all() {
        return new KeyRange(new byte[0], null);
    }

    public boolean contains(byte[] key) {
        return Keys.compare(key, start) >= 0 && (end == null || Keys.compare(key, end) < 0);
    }

    public boolean overlaps(KeyRange o) {
        boolean thisStartsBeforeOtherEnds = o.end == null || Keys.compare(start, o.end) < 0;
        boolean otherStartsBeforeThisEnds = end == null || Keys.compare(o.start, end) < 0;
        return thisStartsBeforeOtherEnds && otherStartsBeforeThisEnds && !isEmpty() && !o.isEmpty();
    }

    public boolean isEmpty() {
        return end != null && Keys.compare(start, end) == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyRange r && Arrays.equals(start, r.start) && Arrays.equals(end, r.end);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(start) * 31 + Arrays.hashCode(end);
    }

    @Override
    public String toString() {
        return "[" + Keys.show(start) + ", " + (end == null ? "+inf" : Keys.show(end)) + ")";
    }
}
