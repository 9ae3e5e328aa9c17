package io.basalt.sql.plan;

import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Comparisons;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.store.RowLock;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;

/**
 * Turns placed FROM entries into nodes: a scan per entry (with its pushed conditions and
 * access path) and a left-deep chain of joins. An equi-join uses a hash join, or, when the
 * equalities fix the whole primary key of a table that has no better access path of its
 * own, a nested loop that looks each key up (one point read per left row instead of a scan
 * of the whole table); any other join is a nested loop.
 */
final class JoinBuilder {
    private final QueryPlanner planner;
    private final ExprCompiler compiler;
    private final List<FromEntry> entries;
    private final RowLock lock;

    JoinBuilder(QueryPlanner planner, ExprCompiler compiler, List<FromEntry> entries, RowLock lock) {
        this.planner = planner;
        this.compiler = compiler;
        this.entries = entries;
        this.lock = lock;
    }

    PlanNode build(List<Conjunct> top) {
        PlanNode node = scan(entries.get(0));
        for (int k = 1; k < entries.size(); k++) {
            node = join(node, k);
            FromEntry e = entries.get(k);
            if (!e.after.isEmpty()) {
                node = filter(node, e.after, prefix(k));
            }
        }
        return top.isEmpty() ? node : filter(node, top, prefix(entries.size() - 1));
    }

    private Scope prefix(int k) {
        Scope s = entries.get(0).joined;
        for (int i = 1; i <= k; i++) {
            s = s.concat(entries.get(i).joined);
        }
        return s.withOuter(entries.get(0).own.outer());
    }

    private PlanNode filter(PlanNode node, List<Conjunct> conds, Scope scope) {
        return new FilterNode(node, all(conds, scope), conds.stream().map(Conjunct::text).toList());
    }

    /** The conjunction of {@code conds} bound against {@code scope}, or null for none. */
    Expr all(List<Conjunct> conds, Scope scope) {
        if (conds.isEmpty()) {
            return null;
        }
        Expr[] parts = conds.stream().map(c -> compiler.compileCondition(c.ast(), scope, "WHERE").expr())
                .toArray(Expr[]::new);
        if (parts.length == 1) {
            return parts[0];
        }
        return (env, row) -> {
            boolean sawNull = false;
            for (Expr p : parts) {
                Object v = p.eval(env, row);
                if (Boolean.FALSE.equals(v)) {
                    return false;
                }
                sawNull |= v == null;
            }
            return sawNull ? null : Boolean.TRUE;
        };
    }

    PlanNode scan(FromEntry e) {
        if (e.table == null) {
            return e.pushed.isEmpty() ? e.subquery.root() : filter(e.subquery.root(), e.pushed, e.own);
        }
        KeyCandidates k = new KeyCandidates(compiler, e.own);
        for (Conjunct c : e.pushed) {
            k.add(c.ast(), c.text());
        }
        AccessPath path = AccessPathChooser.choose(e.table, k);
        return new ScanNode(planner.store(), e.table, e.alias, path, all(e.pushed, e.own),
                e.pushed.stream().map(Conjunct::text).toList(), lock);
    }

    /** One equality usable as a hash key: the left side over the rows joined so far, the right over the new entry. */
    record KeyPair(Bound left, Bound right, SqlType type, Conjunct source) {
    }

    private PlanNode join(PlanNode left, int k) {
        FromEntry e = entries.get(k);
        if (e.lateral != null || e.function != null) {
            List<Conjunct> conds = new ArrayList<>(e.pushed);
            conds.addAll(e.joinConds);
            PlanNode joined = e.lateral != null ? new LateralValuesNode(left, e.lateral)
                    : new FunctionScanNode(left, e.function);
            return conds.isEmpty() ? joined : filter(joined, conds, prefix(k));
        }
        if (e.rightJoined) {
            // Right and full joins are rare enough that a nested loop serves them all.
            return new NestedLoopJoinNode(left, scan(e), e.width(), all(e.joinConds, prefix(k)),
                    e.joinConds.stream().map(Conjunct::text).toList(), e.leftJoined, e.offset);
        }
        List<KeyPair> keys = new ArrayList<>();
        List<Conjunct> rest = new ArrayList<>();
        for (Conjunct c : e.joinConds) {
            KeyPair p = keyPair(c, k);
            if (p != null) {
                keys.add(p);
            } else {
                rest.add(c);
            }
        }
        Expr residual = all(rest, prefix(k));
        List<String> restTexts = rest.stream().map(Conjunct::text).toList();
        if (keys.isEmpty()) {
            return new NestedLoopJoinNode(left, scan(e), e.width(), residual, restTexts, e.leftJoined);
        }
        PlanNode lookup = IndexLookupJoinNode.tryBuild(this, left, e, keys, residual, restTexts, lock);
        if (lookup != null) {
            return lookup;
        }
        return new HashJoinNode(left, scan(e), e.width(),
                keys.stream().map(p -> p.left().expr()).toArray(Expr[]::new),
                keys.stream().map(p -> p.right().expr()).toArray(Expr[]::new),
                keys.stream().map(KeyPair::type).toArray(SqlType[]::new),
                keys.stream().map(p -> p.source().text()).toList(), residual, restTexts, e.leftJoined);
    }

    /** {@code c} as a hash key when it is {@code left-expr = right-expr} with the sides on either side of the join. */
    private KeyPair keyPair(Conjunct c, int k) {
        if (!(c.ast() instanceof EqualsTo eq) || c.volatile_()
                || eq.getRightExpression() instanceof net.sf.jsqlparser.expression.AnyComparisonExpression) {
            return null;
        }
        Scope before = prefix(k - 1);
        Scope all = prefix(k);
        BitSet l = itemsOf(compiler.compile(eq.getLeftExpression(), all).refs());
        BitSet r = itemsOf(compiler.compile(eq.getRightExpression(), all).refs());
        Expression leftSide;
        Expression rightSide;
        if (isBefore(l, k) && isOnly(r, k)) {
            leftSide = eq.getLeftExpression();
            rightSide = eq.getRightExpression();
        } else if (isBefore(r, k) && isOnly(l, k)) {
            leftSide = eq.getRightExpression();
            rightSide = eq.getLeftExpression();
        } else {
            return null;
        }
        Comparisons.Pair p = Comparisons.unify(compiler, compiler.compile(leftSide, before),
                compiler.compile(rightSide, entries.get(k).own), "=");
        return new KeyPair(p.left(), p.right(), p.type(), c);
    }

    private static boolean isBefore(BitSet items, int k) {
        return !items.isEmpty() && items.length() <= k;
    }

    private static boolean isOnly(BitSet items, int k) {
        return items.cardinality() == 1 && items.get(k);
    }

    private BitSet itemsOf(BitSet refs) {
        return FromPlanner.itemsOf(entries, refs);
    }

    /** The scope of the rows joined up to and including {@code e}. */
    Scope prefixUpTo(FromEntry e) {
        return prefix(entries.indexOf(e));
    }

    QueryPlanner planner() {
        return planner;
    }

    ExprCompiler compiler() {
        return compiler;
    }
}
