package io.basalt.sql.store;

import io.basalt.sql.types.SqlType;
import java.math.BigDecimal;

/**
 * Key values as the key encoding expects them. Callers may hand a key column a number of a
 * neighbouring width (an int literal for a bigint key); this converts it to the column's Java
 * class when the value fits, so equal numbers always make equal keys. A value that does not
 * fit is left alone: choosing what a comparison with it means is the planner's work.
 */
final class KeyValues {
    private KeyValues() {
    }

    static Object[] coerce(Object[] values, SqlType[] types) {
        Object[] out = null;
        for (int i = 0; i < values.length; i++) {
            Object c = coerce(values[i], types[i]);
            if (c != values[i]) {
                if (out == null) {
                    out = values.clone();
                }
                out[i] = c;
            }
        }
        return out == null ? values : out;
    }

    static Object coerce(Object v, SqlType type) {
        if (!(v instanceof Number n) || type.kind().javaClass().isInstance(v)) {
            return v;
        }
        return switch (type.kind()) {
            case INT2 -> fits(n, Short.MIN_VALUE, Short.MAX_VALUE) ? (Object) n.shortValue() : v;
            case INT4 -> fits(n, Integer.MIN_VALUE, Integer.MAX_VALUE) ? (Object) n.intValue() : v;
            case INT8 -> fits(n, Long.MIN_VALUE, Long.MAX_VALUE) ? (Object) n.longValue() : v;
            case FLOAT4 -> n.floatValue();
            case FLOAT8 -> n.doubleValue();
            case NUMERIC -> n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue())
                : new BigDecimal(n.toString());
            default -> v;
        };
    }

    private static boolean fits(Number n, long min, long max) {
        if (n instanceof Short || n instanceof Integer || n instanceof Long) {
            return n.longValue() >= min && n.longValue() <= max;
        }
        return false;
    }
}
