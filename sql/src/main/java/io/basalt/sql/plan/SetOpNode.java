package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.HashKey;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * UNION, INTERSECT and EXCEPT of two inputs with equal row shapes, with or without ALL. Rows
 * are equal when every column is equal or both null. Without ALL the result has no duplicates;
 * with ALL a row appears as often as the operation's multiset rules say.
 */
final class SetOpNode implements PlanNode {
    enum Op { UNION, INTERSECT, EXCEPT }

    private final Op op;
    private final boolean all;
    private final PlanNode left;
    private final PlanNode right;
    private final SqlType[] types;

    SetOpNode(Op op, boolean all, PlanNode left, PlanNode right, SqlType[] types) {
        this.op = op;
        this.all = all;
        this.left = left;
        this.right = right;
        this.types = types;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        if (op == Op.UNION && all) {
            Iterator<Object[]> a = left.open(env);
            Iterator<Object[]> b = right.open(env);
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return a.hasNext() || b.hasNext();
                }

                @Override
                public Object[] next() {
                    return a.hasNext() ? a.next() : b.next();
                }
            };
        }
        Map<HashKey, long[]> counts = new LinkedHashMap<>();
        left.open(env).forEachRemaining(r -> count(counts, r, 0));
        if (op == Op.UNION) {
            right.open(env).forEachRemaining(r -> count(counts, r, 0));
        } else {
            Map<HashKey, long[]> other = new HashMap<>();
            right.open(env).forEachRemaining(r -> count(other, r, 0));
            counts.forEach((k, c) -> c[1] = other.containsKey(k) ? other.get(k)[0] : 0);
        }
        List<Object[]> out = new ArrayList<>();
        counts.forEach((k, c) -> {
            long n = switch (op) {
                case UNION -> 1;
                case INTERSECT -> all ? Math.min(c[0], c[1]) : (c[1] > 0 ? 1 : 0);
                case EXCEPT -> all ? Math.max(0, c[0] - c[1]) : (c[1] > 0 ? 0 : 1);
            };
            for (long i = 0; i < n; i++) {
                out.add(k.values());
            }
        });
        return out.iterator();
    }

    private void count(Map<HashKey, long[]> counts, Object[] row, int slot) {
        counts.computeIfAbsent(new HashKey(row, types), k -> new long[2])[slot]++;
    }

    @Override
    public ExplainNode explain() {
        ExplainNode append = ExplainNode.of("Append", List.of(), left.explain(), right.explain());
        return switch (op) {
            case UNION -> all ? append : ExplainNode.of("HashAggregate", List.of(), append);
            case INTERSECT -> ExplainNode.of("HashSetOp Intersect" + (all ? " All" : ""), List.of(), append);
            case EXCEPT -> ExplainNode.of("HashSetOp Except" + (all ? " All" : ""), List.of(), append);
        };
    }
}
