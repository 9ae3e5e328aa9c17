package io.basalt.sql.store;

import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.time.ZoneId;
import java.util.List;
import java.util.StringJoiner;

/** Rows and keys as PostgreSQL prints them in error DETAIL lines. */
final class RowText {
    private RowText() {
    }

    /** {@code (1, null, abc)}: the visible columns of {@code row} (hidden row id left out). */
    static String row(TableDef table, Object[] row, ZoneId zone) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < table.columns().size(); i++) {
            ColumnDef c = table.columns().get(i);
            if (!c.hidden()) {
                j.add(value(row[i], c.type(), zone));
            }
        }
        return j.toString();
    }

    /** {@code (a, b)=(1, 2)}: key columns named by {@code columnIds} of {@code table}, values taken from {@code row}. */
    static String key(TableDef table, List<Integer> columnIds, Object[] row, ZoneId zone) {
        StringJoiner names = new StringJoiner(", ", "(", ")");
        StringJoiner values = new StringJoiner(", ", "(", ")");
        for (int id : columnIds) {
            int pos = table.columnIndex(id);
            ColumnDef c = table.columns().get(pos);
            names.add(c.name());
            values.add(value(row[pos], c.type(), zone));
        }
        return names + "=" + values;
    }

    static String value(Object v, SqlType type, ZoneId zone) {
        if (v == null) {
            return "null";
        }
        try {
            return TextCodec.format(v, type, zone);
        } catch (RuntimeException e) {
            return String.valueOf(v);
        }
    }
}
