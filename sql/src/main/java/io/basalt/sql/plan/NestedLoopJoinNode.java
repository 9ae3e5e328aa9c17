package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * Joins every left row with every right row that satisfies the condition; a left join also
 * emits an unmatched left row with nulls for the right columns, and a right join, once the
 * left rows are done, each right row that matched none with nulls for the left columns (a
 * full join does both). The right input is read once per execution and kept in memory.
 */
final class NestedLoopJoinNode implements PlanNode {
    private final PlanNode left;
    private final PlanNode right;
    private final int rightWidth;
    private final Expr cond;
    private final List<String> condTexts;
    private final boolean leftJoin;
    /** The width of the left rows when unmatched right rows are kept (RIGHT or FULL JOIN), else -1. */
    private final int leftWidthIfRightJoin;

    NestedLoopJoinNode(PlanNode left, PlanNode right, int rightWidth, Expr cond, List<String> condTexts,
                       boolean leftJoin) {
        this(left, right, rightWidth, cond, condTexts, leftJoin, -1);
    }

    NestedLoopJoinNode(PlanNode left, PlanNode right, int rightWidth, Expr cond, List<String> condTexts,
                       boolean leftJoin, int leftWidthIfRightJoin) {
        this.leftWidthIfRightJoin = leftWidthIfRightJoin;
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
        BitSet matched = leftWidthIfRightJoin < 0 ? null : new BitSet(inner.size());
        return new Iterator<>() {
            private Iterator<Object[]> pending = Collections.emptyIterator();
            private boolean unmatchedDone = matched == null;

            @Override
            public boolean hasNext() {
                while (!pending.hasNext() && outer.hasNext()) {
                    pending = matches(env, outer.next(), inner, matched).iterator();
                }
                if (!pending.hasNext() && !unmatchedDone) {
                    unmatchedDone = true;
                    pending = unmatched(inner, matched).iterator();
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

    private List<Object[]> matches(Env env, Object[] l, List<Object[]> inner, BitSet matched) {
        env.ctx().checkCancelled();
        List<Object[]> out = new ArrayList<>();
        for (int i = 0; i < inner.size(); i++) {
            Object[] joined = Rows.concat(l, inner.get(i));
            if (cond == null || Boolean.TRUE.equals(cond.eval(env, joined))) {
                out.add(joined);
                if (matched != null) {
                    matched.set(i);
                }
            }
        }
        if (out.isEmpty() && leftJoin) {
            out.add(Rows.withNulls(l, rightWidth));
        }
        return out;
    }

    private List<Object[]> unmatched(List<Object[]> inner, BitSet matched) {
        List<Object[]> out = new ArrayList<>();
        for (int i = matched.nextClearBit(0); i < inner.size(); i = matched.nextClearBit(i + 1)) {
            out.add(Rows.concat(new Object[leftWidthIfRightJoin], inner.get(i)));
        }
        return out;
    }

    /**
     * Left rows are read in order and each one's matches emitted together, so the left order
     * holds, except that a right join's unmatched rows come last.
     */
    @Override
    public RowOrder order() {
        return leftWidthIfRightJoin < 0 ? left.order() : RowOrder.NONE;
    }

    @Override
    public ExplainNode explain() {
        List<String> details = condTexts.isEmpty() ? List.of()
                : List.of("Join Filter: " + Rows.conditionText(condTexts));
        String name = leftWidthIfRightJoin >= 0 ? (leftJoin ? "Nested Loop Full Join" : "Nested Loop Right Join")
                : leftJoin ? "Nested Loop Left Join" : "Nested Loop";
        return ExplainNode.of(name, details, left.explain(),
                right.explain());
    }
}
