package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.HashKey;
import io.basalt.sql.types.SqlType;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** SELECT DISTINCT: drops rows equal (nulls equal) on the first {@code width} columns to one before. */
final class DistinctNode implements PlanNode {
    private final PlanNode input;
    private final SqlType[] types;
    private final List<String> keyTexts;

    DistinctNode(PlanNode input, SqlType[] types, List<String> keyTexts) {
        this.input = input;
        this.types = types;
        this.keyTexts = keyTexts;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Set<HashKey> seen = new HashSet<>();
        return Rows.filter(env, input.open(env), (e, row) ->
                seen.add(new HashKey(java.util.Arrays.copyOf(row, types.length), types)));
    }

    @Override
    public ExplainNode explain() {
        return ExplainNode.of("HashAggregate", List.of("Group Key: " + String.join(", ", keyTexts)), input.explain());
    }
}
