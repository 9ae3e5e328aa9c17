package io.basalt.sql.plan;

import io.basalt.sql.expr.Accumulator;
import io.basalt.sql.expr.AggregateCall;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.HashKey;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Groups its input by the key expressions and computes the aggregates per group. Output rows
 * are the key values followed by the aggregate results. Without GROUP BY there is exactly one
 * group, even over no rows (count is 0 then, the others null).
 */
final class HashAggregateNode implements PlanNode {
    private final PlanNode input;
    private final Expr[] keys;
    private final SqlType[] keyTypes;
    private final List<String> keyTexts;
    private final List<AggregateCall> aggs;
    private final boolean grouped;

    HashAggregateNode(PlanNode input, Expr[] keys, SqlType[] keyTypes, List<String> keyTexts,
                      List<AggregateCall> aggs, boolean grouped) {
        this.input = input;
        this.keys = keys;
        this.keyTypes = keyTypes;
        this.keyTexts = keyTexts;
        this.aggs = aggs;
        this.grouped = grouped;
    }

    /** One group's accumulators, and for DISTINCT aggregates the argument values seen. */
    private final class Group {
        final Accumulator[] acc = new Accumulator[aggs.size()];
        final List<Set<HashKey>> seen = new ArrayList<>();

        Group() {
            for (int i = 0; i < acc.length; i++) {
                acc[i] = aggs.get(i).factory().get();
                seen.add(aggs.get(i).distinct() ? new HashSet<>() : null);
            }
        }

        void add(Env env, Object[] row) {
            for (int i = 0; i < acc.length; i++) {
                AggregateCall a = aggs.get(i);
                if (a.filter() != null && !Boolean.TRUE.equals(a.filter().expr().eval(env, row))) {
                    continue;
                }
                Object v = a.arg() == null ? null : a.arg().expr().eval(env, row);
                Object d = a.arg2() == null ? null : a.arg2().expr().eval(env, row);
                Set<HashKey> distinct = seen.get(i);
                if (distinct != null && !distinct.add(new HashKey(new Object[] {v}, new SqlType[] {a.arg().type()}))) {
                    continue;
                }
                acc[i].add(v, d);
            }
        }
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Map<HashKey, Group> groups = new LinkedHashMap<>();
        for (Iterator<Object[]> it = input.open(env); it.hasNext(); ) {
            env.ctx().checkCancelled();
            Object[] row = it.next();
            Object[] k = new Object[keys.length];
            for (int i = 0; i < keys.length; i++) {
                k[i] = keys[i].eval(env, row);
            }
            groups.computeIfAbsent(new HashKey(k, keyTypes), x -> new Group()).add(env, row);
        }
        if (!grouped && groups.isEmpty()) {
            groups.put(new HashKey(new Object[0], new SqlType[0]), new Group());
        }
        List<Object[]> out = new ArrayList<>(groups.size());
        for (Map.Entry<HashKey, Group> e : groups.entrySet()) {
            Object[] k = e.getKey().values();
            Object[] row = new Object[k.length + aggs.size()];
            System.arraycopy(k, 0, row, 0, k.length);
            for (int i = 0; i < aggs.size(); i++) {
                row[k.length + i] = e.getValue().acc[i].result();
            }
            out.add(row);
        }
        return out.iterator();
    }

    @Override
    public ExplainNode explain() {
        if (!grouped) {
            return ExplainNode.of("Aggregate", List.of(), input.explain());
        }
        return ExplainNode.of("HashAggregate", List.of("Group Key: " + String.join(", ", keyTexts)), input.explain());
    }
}
