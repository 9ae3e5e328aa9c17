package io.basalt.sql.plan;

import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the access path for a table from what its conjuncts fix: a primary key lookup when
 * every key column is fixed by {@code =} (one of them may be an IN list: several lookups),
 * a unique index lookup likewise, else the index with the longest fixed prefix (a range on
 * the next column counts half a column; the primary index wins ties, since its entries are the
 * rows), else a full scan. A point lookup touches one shard; the rest may fan out.
 */
final class AccessPathChooser {
    private AccessPathChooser() {
    }

    static AccessPath choose(TableDef table, KeyCandidates k) {
        AccessPath pk = lookup(table, table.primaryIndex(), k);
        if (pk != null) {
            return pk;
        }
        for (IndexDef ix : table.indexes()) {
            if (ix.unique() && !ix.primary()) {
                AccessPath p = lookup(table, ix, k);
                if (p != null) {
                    return p;
                }
            }
        }
        AccessPath best = null;
        double bestScore = 0;
        for (IndexDef ix : table.indexes()) {
            AccessPath p = range(table, ix, k);
            if (p == null) {
                continue;
            }
            double score = p.prefix().length + (p.lower() != null || p.upper() != null ? 0.5 : 0)
                    + (ix.primary() ? 0.1 : 0);
            if (score > bestScore) {
                best = p;
                bestScore = score;
            }
        }
        return best != null ? best : AccessPath.seq(table);
    }

    private static int position(TableDef table, int columnId) {
        return table.columnIndex(columnId);
    }

    private static SqlType[] keyTypes(TableDef table, IndexDef ix) {
        return ix.columnIds().stream().map(id -> table.columnById(id).type()).toArray(SqlType[]::new);
    }

    /** Lookups of whole keys of {@code ix}: every column fixed, at most one by an IN list. */
    private static AccessPath lookup(TableDef table, IndexDef ix, KeyCandidates k) {
        List<List<Expr>> tuples = new ArrayList<>();
        tuples.add(new ArrayList<>());
        Set<String> conditions = new LinkedHashSet<>();
        boolean usedIn = false;
        for (int id : ix.columnIds()) {
            int col = position(table, id);
            KeyCandidates.Value eq = k.equal.get(col);
            if (eq != null) {
                tuples.forEach(t -> t.add(eq.expr()));
                conditions.add(eq.condition());
                continue;
            }
            List<KeyCandidates.Value> list = k.in.get(col);
            if (list == null || usedIn) {
                return null;
            }
            usedIn = true;
            List<List<Expr>> expanded = new ArrayList<>();
            for (List<Expr> t : tuples) {
                for (KeyCandidates.Value v : list) {
                    List<Expr> copy = new ArrayList<>(t);
                    copy.add(v.expr());
                    expanded.add(copy);
                }
                conditions.add(list.get(0).condition());
            }
            tuples = expanded;
        }
        List<Expr[]> keys = tuples.stream().map(t -> t.toArray(Expr[]::new)).toList();
        return new AccessPath(AccessPath.Kind.LOOKUP, ix, keys, new Expr[0], null, null, keyTypes(table, ix),
                List.copyOf(conditions));
    }

    /** A range of {@code ix}: its longest fixed prefix, then bounds on the next ascending column. */
    private static AccessPath range(TableDef table, IndexDef ix, KeyCandidates k) {
        List<Expr> prefix = new ArrayList<>();
        Set<String> conditions = new LinkedHashSet<>();
        int i = 0;
        for (; i < ix.columnIds().size(); i++) {
            KeyCandidates.Value eq = k.equal.get(position(table, ix.columnIds().get(i)));
            if (eq == null) {
                break;
            }
            prefix.add(eq.expr());
            conditions.add(eq.condition());
        }
        AccessPath.Bound lo = null;
        AccessPath.Bound hi = null;
        if (i < ix.columnIds().size() && !ix.descending().get(i)) {
            int col = position(table, ix.columnIds().get(i));
            KeyCandidates.Range l = k.lower.get(col);
            KeyCandidates.Range u = k.upper.get(col);
            if (l != null) {
                lo = new AccessPath.Bound(l.expr(), l.inclusive());
                conditions.add(l.condition());
            }
            if (u != null) {
                hi = new AccessPath.Bound(u.expr(), u.inclusive());
                conditions.add(u.condition());
            }
        }
        if (prefix.isEmpty() && lo == null && hi == null) {
            return null;
        }
        return new AccessPath(AccessPath.Kind.RANGE, ix, List.of(), prefix.toArray(Expr[]::new), lo, hi,
                keyTypes(table, ix), List.copyOf(conditions));
    }
}
