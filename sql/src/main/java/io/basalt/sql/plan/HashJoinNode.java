package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.HashKey;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An equi-join: the right input is read into a hash table on its key expressions, then each
 * left row probes it. Keys with a null never match (null = null is not true). Conditions that
 * are not equalities are checked on each candidate pair; a left join emits an unmatched left
 * row with nulls.
 */
final class HashJoinNode implements PlanNode {
    private final PlanNode left;
    private final PlanNode right;
    private final int rightWidth;
    private final Expr[] leftKeys;
    private final Expr[] rightKeys;
    private final SqlType[] keyTypes;
    private final List<String> hashTexts;
    private final Expr residual;
    private final List<String> residualTexts;
    private final boolean leftJoin;

    HashJoinNode(PlanNode left, PlanNode right, int rightWidth, Expr[] leftKeys, Expr[] rightKeys, SqlType[] keyTypes,
                 List<String> hashTexts, Expr residual, List<String> residualTexts, boolean leftJoin) {
        this.left = left;
        this.right = right;
        this.rightWidth = rightWidth;
        this.leftKeys = leftKeys;
        this.rightKeys = rightKeys;
        this.keyTypes = keyTypes;
        this.hashTexts = hashTexts;
        this.residual = residual;
        this.residualTexts = residualTexts;
        this.leftJoin = leftJoin;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Map<HashKey, List<Object[]>> table = new HashMap<>();
        for (Object[] r : Rows.drain(env, right.open(env))) {
            HashKey k = key(env, rightKeys, r);
            if (!k.hasNull()) {
                table.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
            }
        }
        Iterator<Object[]> outer = left.open(env);
        return new Iterator<>() {
            private Iterator<Object[]> pending = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!pending.hasNext() && outer.hasNext()) {
                    env.ctx().checkCancelled();
                    pending = probe(env, outer.next(), table).iterator();
                }
                return pending.hasNext();
            }

            @Override
            public Object[] next() {
                hasNext();
                return pending.next();
            }
        };
    }

    private HashKey key(Env env, Expr[] exprs, Object[] row) {
        Object[] values = new Object[exprs.length];
        for (int i = 0; i < exprs.length; i++) {
            values[i] = exprs[i].eval(env, row);
        }
        return new HashKey(values, keyTypes);
    }

    private List<Object[]> probe(Env env, Object[] l, Map<HashKey, List<Object[]>> table) {
        HashKey k = key(env, leftKeys, l);
        List<Object[]> out = new ArrayList<>();
        List<Object[]> candidates = k.hasNull() ? List.of() : table.getOrDefault(k, List.of());
        for (Object[] r : candidates) {
            Object[] joined = Rows.concat(l, r);
            if (residual == null || Boolean.TRUE.equals(residual.eval(env, joined))) {
                out.add(joined);
            }
        }
        if (out.isEmpty() && leftJoin) {
            out.add(Rows.withNulls(l, rightWidth));
        }
        return out;
    }

    /** Left rows are read in order and each one's matches emitted together, so the left order holds. */
    @Override
    public RowOrder order() {
        return left.order();
    }

    @Override
    public ExplainNode explain() {
        List<String> details = new ArrayList<>();
        details.add("Hash Cond: " + Rows.conditionText(hashTexts));
        if (!residualTexts.isEmpty()) {
            details.add("Join Filter: " + Rows.conditionText(residualTexts));
        }
        ExplainNode hash = ExplainNode.of("Hash", List.of(), right.explain());
        return ExplainNode.of(leftJoin ? "Hash Left Join" : "Hash Join", details, left.explain(), hash);
    }
}
