package io.basalt.sql.types;

import java.math.BigDecimal;
import java.util.Arrays;

/** Exact identity of two values as the encodings promise to keep it (numeric scale, float bits). */
final class SameValue {
    private SameValue() {
    }

    static boolean same(Object a, Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof Float x && b instanceof Float y) {
            return (x.isNaN() && y.isNaN()) || Float.floatToIntBits(x) == Float.floatToIntBits(y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            return (x.isNaN() && y.isNaN()) || Double.doubleToLongBits(x) == Double.doubleToLongBits(y);
        }
        if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
            return x.equals(y);
        }
        return a.getClass() == b.getClass() && a.equals(b);
    }

    static String show(Object v) {
        return v instanceof byte[] bytes ? Arrays.toString(bytes) : String.valueOf(v);
    }
}
