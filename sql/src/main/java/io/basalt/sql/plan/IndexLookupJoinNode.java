package io.basalt.sql.plan;

import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.store.RowLock;
import io.basalt.sql.store.TableStore;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

/**
 * A nested loop whose inner side is a primary key lookup per left row: the join's equalities
 * give every key column of the right table a value computed from the left row. This is the
 * plan for following a foreign key, and costs one point read per left row.
 */
final class IndexLookupJoinNode implements PlanNode {
    private final PlanNode left;
    private final TableStore store;
    private final TableDef table;
    private final String alias;
    private final Expr[] keys;
    private final List<String> keyTexts;
    private final Expr rightFilter;
    private final List<String> rightFilterTexts;
    private final Expr residual;
    private final List<String> residualTexts;
    private final boolean leftJoin;
    private final RowLock lock;

    private IndexLookupJoinNode(PlanNode left, FromEntry e, TableStore store, Expr[] keys, List<String> keyTexts,
                                Expr rightFilter, Expr residual, List<String> residualTexts, RowLock lock) {
        this.left = left;
        this.store = store;
        this.table = e.table;
        this.alias = e.alias;
        this.keys = keys;
        this.keyTexts = keyTexts;
        this.rightFilter = rightFilter;
        this.rightFilterTexts = e.pushed.stream().map(Conjunct::text).toList();
        this.residual = residual;
        this.residualTexts = residualTexts;
        this.leftJoin = e.leftJoined;
        this.lock = lock;
    }

    /**
     * The lookup join of entry {@code e}, or null when the key equalities do not fix its whole
     * primary key in the key's own types, or when its own conditions already give a point lookup.
     */
    static PlanNode tryBuild(JoinBuilder b, PlanNode left, FromEntry e, List<JoinBuilder.KeyPair> pairs,
                             Expr residual, List<String> restTexts, RowLock lock) {
        if (e.table == null) {
            return null;
        }
        ScanNode own = (ScanNode) b.scan(e);
        if (own.path().kind() == AccessPath.Kind.LOOKUP) {
            return null;
        }
        TableDef t = e.table;
        List<Integer> pk = t.primaryIndex().columnIds();
        Expr[] keys = new Expr[pk.size()];
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < pk.size(); i++) {
            int col = t.columnIndex(pk.get(i));
            for (JoinBuilder.KeyPair p : pairs) {
                Bound r = p.right();
                if (r.kind() == Bound.Kind.COLUMN && r.column() == col && keyKindMatches(p, t, col)) {
                    keys[i] = p.left().expr();
                    texts.add(p.source().text());
                    break;
                }
            }
            if (keys[i] == null) {
                return null;
            }
        }
        List<Conjunct> recheck = new ArrayList<>();
        pairs.forEach(p -> recheck.add(p.source()));
        Expr keyCheck = b.all(recheck, b.prefixUpTo(e));
        Expr all = residual == null ? keyCheck : (env, row) -> {
            Object a = keyCheck.eval(env, row);
            Object c = residual.eval(env, row);
            return Boolean.TRUE.equals(a) && Boolean.TRUE.equals(c);
        };
        return new IndexLookupJoinNode(left, e, b.planner().store(), keys, texts, b.all(e.pushed, e.own), all,
                restTexts, lock);
    }

    /** Whether the equality compares in the key column's own type, so a lookup finds exactly its matches. */
    private static boolean keyKindMatches(JoinBuilder.KeyPair p, TableDef t, int col) {
        var ck = t.columns().get(col).type().kind();
        var pk = p.type().kind();
        return ck == pk || ck.isInteger() && pk.isInteger();
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        Iterator<Object[]> outer = left.open(env);
        return new Iterator<>() {
            private Iterator<Object[]> pending = Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                while (!pending.hasNext() && outer.hasNext()) {
                    env.ctx().checkCancelled();
                    pending = probe(env, outer.next()).iterator();
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

    private List<Object[]> probe(Env env, Object[] l) {
        Object[] key = new Object[keys.length];
        Object[] row = null;
        for (int i = 0; i < keys.length; i++) {
            key[i] = keys[i].eval(env, l);
            if (key[i] == null) {
                key = null;
                break;
            }
        }
        if (key != null) {
            row = store.get(env.ctx(), table, key, lock);
        }
        if (row != null && rightFilter != null && !Boolean.TRUE.equals(rightFilter.eval(env, row))) {
            row = null;
        }
        if (row != null) {
            Object[] joined = Rows.concat(l, row);
            if (Boolean.TRUE.equals(residual.eval(env, joined))) {
                return List.<Object[]>of(joined);
            }
        }
        return leftJoin ? List.<Object[]>of(Rows.withNulls(l, table.columns().size())) : List.of();
    }

    /** Left rows are read in order and each one's matches emitted together, so the left order holds. */
    @Override
    public RowOrder order() {
        return left.order();
    }

    @Override
    public ExplainNode explain() {
        List<String> inner = new ArrayList<>();
        inner.add("Index Cond: " + Rows.conditionText(keyTexts));
        if (!rightFilterTexts.isEmpty()) {
            inner.add("Filter: " + Rows.conditionText(rightFilterTexts));
        }
        String on = table.name() + (alias.equals(table.name()) ? "" : " " + alias);
        ExplainNode lookup = ExplainNode.of("Index Scan using " + table.primaryIndex().name() + " on " + on, inner);
        List<String> details = residualTexts.isEmpty() ? List.of()
                : List.of("Join Filter: " + Rows.conditionText(residualTexts));
        return ExplainNode.of(leftJoin ? "Nested Loop Left Join" : "Nested Loop", details, left.explain(), lookup);
    }
}
