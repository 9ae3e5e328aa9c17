package io.basalt.sql.types;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * Comparison, equality and hashing of non-null values of one SQL type, in the total order
 * PostgreSQL's btree operator classes define. This order is the one {@link KeyCodec}'s bytes
 * reproduce; every sort, index and merge in Basalt uses it.
 *
 * <ul>
 * <li>Floats: -0.0 equals 0.0, NaN equals NaN and is greater than every other value
 *     (including Infinity).</li>
 * <li>Strings compare by Unicode code point (Basalt has only the C collation, so 'B' < 'a'
 *     and the order equals the byte order of UTF-8). character(n) ignores trailing spaces.</li>
 * <li>bytea and uuid compare as unsigned bytes.</li>
 * <li>interval compares by its span, a month counted as 30 days: '1 mon' equals '30 days'.</li>
 * <li>numeric compares by value: 1.0 equals 1.00 and they hash alike.</li>
 * <li>The integer kinds, and float4 with float8, compare and hash alike, so a value keeps its
 *     identity when widened; integers are read through {@link Number#longValue()}.</li>
 * </ul>
 */
public final class Values {
    private Values() {
    }

    /** Negative, zero or positive as {@code a} sorts before, with or after {@code b}; both non-null. */
    public static int compare(Object a, Object b, SqlType type) {
        return switch (type.kind()) {
            case BOOL -> Boolean.compare((Boolean) a, (Boolean) b);
            case INT2, INT4, INT8 -> Long.compare(((Number) a).longValue(), ((Number) b).longValue());
            case NUMERIC -> ((BigDecimal) a).compareTo((BigDecimal) b);
            case FLOAT4, FLOAT8 -> compareFloat(((Number) a).doubleValue(), ((Number) b).doubleValue());
            case TEXT, VARCHAR, UNKNOWN -> compareCodePoints((String) a, (String) b);
            case BPCHAR -> compareCodePoints(StringTypes.stripPadding((String) a), StringTypes.stripPadding((String) b));
            case BYTEA -> Arrays.compareUnsigned((byte[]) a, (byte[]) b);
            case DATE -> ((LocalDate) a).compareTo((LocalDate) b);
            case TIMESTAMP -> ((LocalDateTime) a).compareTo((LocalDateTime) b);
            case TIMESTAMPTZ -> ((Instant) a).compareTo((Instant) b);
            case UUID -> compareUuid((UUID) a, (UUID) b);
            case INTERVAL -> ((Interval) a).compareSpan((Interval) b);
        };
    }

    /**
     * {@link #compare} extended to SQL NULL, which sorts after every value unless
     * {@code nullsFirst} (PostgreSQL: NULLS LAST is the default for ASC, NULLS FIRST for DESC).
     */
    public static int compareWithNulls(Object a, Object b, SqlType type, boolean nullsFirst) {
        if (a == null || b == null) {
            if (a == b) {
                return 0;
            }
            return (a == null) == nullsFirst ? -1 : 1;
        }
        return compare(a, b, type);
    }

    /**
     * Whether the values are the same under {@link #compare}; two nulls are the same here
     * (IS NOT DISTINCT FROM, grouping, DISTINCT), a null and a value are not.
     */
    public static boolean equals(Object a, Object b, SqlType type) {
        if (a == null || b == null) {
            return a == b;
        }
        return compare(a, b, type) == 0;
    }

    /** A hash consistent with {@link #equals}: equal values hash alike (null hashes to 0). */
    public static int hash(Object v, SqlType type) {
        if (v == null) {
            return 0;
        }
        return switch (type.kind()) {
            case BOOL -> Boolean.hashCode((Boolean) v);
            case INT2, INT4, INT8 -> Long.hashCode(((Number) v).longValue());
            case NUMERIC -> ((BigDecimal) v).stripTrailingZeros().hashCode();
            case FLOAT4, FLOAT8 -> {
                double d = ((Number) v).doubleValue();
                // Adding 0.0 turns -0.0 into 0.0; doubleToLongBits folds every NaN into one.
                yield Double.hashCode(d + 0.0);
            }
            case TEXT, VARCHAR, UNKNOWN -> v.hashCode();
            case BPCHAR -> StringTypes.stripPadding((String) v).hashCode();
            case BYTEA -> Arrays.hashCode((byte[]) v);
            case DATE, TIMESTAMP, TIMESTAMPTZ, UUID -> v.hashCode();
            case INTERVAL -> ((Interval) v).spanHash();
        };
    }

    /** float8_cmp: NaN is equal to itself and above everything; -0.0 equals 0.0. */
    static int compareFloat(double a, double b) {
        boolean nanA = Double.isNaN(a);
        boolean nanB = Double.isNaN(b);
        if (nanA || nanB) {
            return nanA == nanB ? 0 : (nanA ? 1 : -1);
        }
        return a < b ? -1 : (a > b ? 1 : 0);
    }

    /** Code-point order, which differs from String.compareTo's UTF-16 order above U+FFFF. */
    static int compareCodePoints(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // A surrogate (D800-DFFF) starts a code point above every BMP character.
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    return sa ? 1 : -1;
                }
                return ca - cb;
            }
        }
        return a.length() - b.length();
    }

    private static int compareUuid(UUID a, UUID b) {
        int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
        return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
    }
}
