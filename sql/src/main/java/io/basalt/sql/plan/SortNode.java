package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.Values;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/** Sorts its input (stable) on columns of its rows; nulls sort as the largest values unless told otherwise. */
final class SortNode implements PlanNode {
    /** One sort column: its row index, type, direction and where nulls go. */
    record Key(int index, SqlType type, boolean descending, boolean nullsFirst, String text) {
    }

    private final PlanNode input;
    private final List<Key> keys;

    SortNode(PlanNode input, List<Key> keys) {
        this.input = input;
        this.keys = keys;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        List<Object[]> rows = Rows.drain(env, input.open(env));
        rows.sort(comparator());
        return rows.iterator();
    }

    private Comparator<Object[]> comparator() {
        return (a, b) -> {
            for (Key k : keys) {
                Object x = a[k.index()];
                Object y = b[k.index()];
                int c;
                if (x == null || y == null) {
                    c = x == y ? 0 : ((x == null) == k.nullsFirst() ? -1 : 1);
                } else {
                    c = Values.compare(x, y, k.type());
                    if (k.descending()) {
                        c = -c;
                    }
                }
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
    }

    @Override
    public ExplainNode explain() {
        String text = String.join(", ", keys.stream().map(Key::text).toList());
        return ExplainNode.of("Sort", List.of("Sort Key: " + text), input.explain());
    }
}
