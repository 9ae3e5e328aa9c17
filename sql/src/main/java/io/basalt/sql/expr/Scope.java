package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.ScopeColumn.Visibility;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The names an expression can use: the columns of the row it is evaluated over, in row order,
 * grouped by FROM item, and the scope of the enclosing query (for correlated subqueries).
 * Resolution follows PostgreSQL: the innermost query that has the name wins, and a name that
 * two FROM items of that query both have is ambiguous.
 */
public final class Scope {
    private static final Scope EMPTY = new Scope(List.of(), List.of(), null, null);

    private final List<ScopeColumn> columns;
    private final List<String> tables;
    private final Scope outer;
    /** The row indexes {@code *} lists, in order, when it is not row order (JOIN ... USING); else null. */
    private final List<Integer> starOrder;

    private Scope(List<ScopeColumn> columns, List<String> tables, Scope outer, List<Integer> starOrder) {
        this.columns = List.copyOf(columns);
        this.tables = List.copyOf(tables);
        this.outer = outer;
        this.starOrder = starOrder == null ? null : List.copyOf(starOrder);
    }

    /** A scope without columns (SELECT without FROM, VALUES, a catalog DEFAULT). */
    public static Scope empty() {
        return EMPTY;
    }

    public static Scope of(List<ScopeColumn> columns, Scope outer) {
        Set<String> names = new LinkedHashSet<>();
        for (ScopeColumn c : columns) {
            if (c.table() != null) {
                names.add(c.table());
            }
        }
        return new Scope(columns, new ArrayList<>(names), outer, null);
    }

    /** The columns of {@code table} (hidden row id included) under the name {@code alias}. */
    public static Scope ofTable(TableDef table, String alias) {
        List<ScopeColumn> cols = new ArrayList<>();
        for (ColumnDef c : table.columns()) {
            cols.add(new ScopeColumn(alias, c.name(), c.type(), table.id(), c.position(),
                    c.hidden() ? Visibility.HIDDEN : Visibility.VISIBLE));
        }
        return new Scope(cols, List.of(alias), null, null);
    }

    /** This row followed by {@code right}'s row, as a join produces it. */
    public Scope concat(Scope right) {
        List<ScopeColumn> cols = new ArrayList<>(columns);
        cols.addAll(right.columns);
        List<String> names = new ArrayList<>(tables);
        names.addAll(right.tables);
        return new Scope(cols, names, outer, null);
    }

    public Scope withOuter(Scope newOuter) {
        return new Scope(columns, tables, newOuter, starOrder);
    }

    /**
     * The same scope with {@code *} listing the row indexes {@code order}: JOIN ... USING puts
     * the merged columns first, as PostgreSQL does.
     */
    public Scope withStarOrder(List<Integer> order) {
        return new Scope(columns, tables, outer, order);
    }

    /** The same columns with visibility changed at {@code index}. */
    public Scope withVisibility(int index, Visibility v) {
        List<ScopeColumn> cols = new ArrayList<>(columns);
        cols.set(index, cols.get(index).withVisibility(v));
        return new Scope(cols, tables, outer, starOrder);
    }

    public List<ScopeColumn> columns() {
        return columns;
    }

    public ScopeColumn column(int index) {
        return columns.get(index);
    }

    public int width() {
        return columns.size();
    }

    public List<String> tables() {
        return tables;
    }

    public Scope outer() {
        return outer;
    }

    public boolean hasTable(String name) {
        return tables.contains(name);
    }

    /** A resolved column: {@code depth} 0 is this query's row, 1 the enclosing query's, ... */
    public record Resolved(int depth, int index, ScopeColumn column) {
    }

    /**
     * Resolves {@code table.name} ({@code table} null when unqualified), both already folded.
     * Throws 42703, 42702 or 42P01 as PostgreSQL does.
     */
    public Resolved resolve(String table, String name) {
        int depth = 0;
        boolean tableSeen = false;
        for (Scope s = this; s != null; s = s.outer, depth++) {
            if (table != null && !s.hasTable(table)) {
                continue;
            }
            tableSeen = true;
            int found = s.find(table, name);
            if (found >= 0) {
                return new Resolved(depth, found, s.columns.get(found));
            }
        }
        if (table != null && !tableSeen) {
            throw new SqlException("42P01", "missing FROM-clause entry for table \"" + table + "\"");
        }
        String shown = table == null ? "\"" + name + "\"" : table + "." + name;
        throw new SqlException("42703", "column " + shown + " does not exist");
    }

    /** Index of the column in this scope only, -1 if absent; 42702 if two FROM items have it. */
    private int find(String table, String name) {
        int found = -1;
        for (int i = 0; i < columns.size(); i++) {
            ScopeColumn c = columns.get(i);
            if (!c.name().equals(name) || c.visibility() == Visibility.HIDDEN) {
                continue;
            }
            if (table == null ? c.visibility() != Visibility.VISIBLE : !table.equals(c.table())) {
                continue;
            }
            if (found >= 0) {
                String shown = table == null ? name : table + "." + name;
                throw new SqlException("42702", "column reference \"" + shown + "\" is ambiguous");
            }
            found = i;
        }
        return found;
    }

    /** Row indexes {@code *} (table null) or {@code table.*} expands to. */
    public List<Integer> star(String table) {
        List<Integer> out = new ArrayList<>();
        if (table != null && !hasTable(table)) {
            throw new SqlException("42P01", "missing FROM-clause entry for table \"" + table + "\"");
        }
        if (table == null && starOrder != null) {
            return starOrder;
        }
        for (int i = 0; i < columns.size(); i++) {
            ScopeColumn c = columns.get(i);
            boolean wanted = table == null ? c.visibility() == Visibility.VISIBLE
                    : table.equals(c.table()) && c.visibility() != Visibility.HIDDEN;
            if (wanted) {
                out.add(i);
            }
        }
        return out;
    }
}
