package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.Values;

/**
 * A tuple of values usable as a hash-map key with SQL equality (1.0 equals 1.00, 'a' equals
 * 'a  ' as character(n)); two nulls are equal, as GROUP BY and DISTINCT treat them.
 */
public final class HashKey {
    private final Object[] values;
    private final SqlType[] types;
    private final int hash;

    public HashKey(Object[] values, SqlType[] types) {
        this.values = values;
        this.types = types;
        int h = 1;
        for (int i = 0; i < values.length; i++) {
            h = 31 * h + Values.hash(values[i], types[i]);
        }
        this.hash = h;
    }

    public Object[] values() {
        return values;
    }

    /** Whether any value is null (a join key with a null never matches). */
    public boolean hasNull() {
        for (Object v : values) {
            if (v == null) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HashKey k) || k.hash != hash || k.values.length != values.length) {
            return false;
        }
        for (int i = 0; i < values.length; i++) {
            if (!Values.equals(values[i], k.values[i], types[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }
}
