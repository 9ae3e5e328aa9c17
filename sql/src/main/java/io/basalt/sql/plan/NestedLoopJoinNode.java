package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Joins every left row with every right row that satisfies the condition; a left join also
 * emits an unmatched left row with nulls for the right columns. The right input is read once
 * per execution and kept in memory.
 */
final class NestedLoopJoinNode implements PlanNode {
    private final PlanNode left;
    private final PlanNode right;
    private final int rightWidth;
    private final Expr cond;
    private final List<String> condTexts;
    private final boolean leftJoin;

    NestedLoopJoinNode(PlanNode left, PlanNode right, int rightWidth, Expr cond, List<String> condTexts,
                       boolean leftJoin) {
        this.left = left;
        this.right = right;
        this.rightWidth = rightWidth;
        this.cond = cond;
        this.condTexts = condTexts;
        this.leftJoin = leftJoin;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Iterator<Object[]> outer = left.open(env);
        List<Object[]> inner = Rows.drain(env, right.open(env));
        return new Iterator<>() {
            private Iterator<Object[]> pending = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!pending.hasNext() && outer.hasNext()) {
                    pending = matches(env, outer.next(), inner).iterator();
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

    private List<Object[]> matches(Env env, Object[] l, List<Object[]> inner) {
        env.ctx().checkCancelled();
        List<Object[]> out = new ArrayList<>();
        for (Object[] r : inner) {
            Object[] joined = Rows.concat(l, r);
            if (cond == null || Boolean.TRUE.equals(cond.eval(env, joined))) {
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
        List<String> details = condTexts.isEmpty() ? List.of()
                : List.of("Join Filter: " + Rows.conditionText(condTexts));
        return ExplainNode.of(leftJoin ? "Nested Loop Left Join" : "Nested Loop", details, left.explain(),
                right.explain());
    }
}
