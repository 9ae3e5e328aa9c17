package io.basalt.sql.plan;

import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.HashKey;
import io.basalt.sql.types.SqlType;

/** Primary key values of rows, as hash keys with SQL equality. */
final class Keys {
    private Keys() {
    }

    static HashKey primary(TableDef table, Object[] row) {
        IndexDef pk = table.primaryIndex();
        Object[] values = new Object[pk.columnIds().size()];
        SqlType[] types = new SqlType[values.length];
        for (int i = 0; i < values.length; i++) {
            int pos = table.columnIndex(pk.columnIds().get(i));
            values[i] = row[pos];
            types[i] = table.columns().get(pos).type();
        }
        return new HashKey(values, types);
    }
}
