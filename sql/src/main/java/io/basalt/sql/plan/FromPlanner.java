package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.Expr;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.ScopeColumn;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.store.RowLock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.LateralSubSelect;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * Plans a FROM list with its joins and the WHERE clause. Joins are left-deep in the order
 * written. Each WHERE or ON conjunct is checked as early as it can be: a condition on one
 * table is pushed into that table's scan (where it may pick an index), a condition on several
 * becomes a condition of the join that brings in the last of them, except that nothing from
 * WHERE is pushed below a LEFT JOIN into its null-extended side.
 */
final class FromPlanner {
    private final QueryPlanner planner;
    private final ExprCompiler compiler;
    private final Scope outer;
    private final RowLock lock;
    private final List<FromEntry> entries = new ArrayList<>();
    private final List<Conjunct> top = new ArrayList<>();
    /** The first entry brought in by a RIGHT or FULL JOIN, or -1: the entries before it may be null-extended. */
    private int firstRightJoined = -1;
    /** What {@code *} lists, once a JOIN ... USING has put its merged columns first; null while in row order. */
    private List<Integer> starOrder;

    FromPlanner(QueryPlanner planner, ExprCompiler compiler, Scope outer, RowLock lock) {
        this.planner = planner;
        this.compiler = compiler;
        this.outer = outer;
        this.lock = lock;
    }

    /** The planned FROM and WHERE: rows laid out as {@code scope} says. */
    record Result(PlanNode node, Scope scope, List<TableSpan> tables) {
        Result(PlanNode node, Scope scope) {
            this(node, scope, List.of());
        }
    }

    /** Where a table's columns are in the joined row, and which of them are its primary key. */
    record TableSpan(int offset, int width, List<Integer> keyColumns) {
        boolean contains(int column) {
            return column >= offset && column < offset + width;
        }
    }

    Result plan(FromItem first, List<Join> joins, Expression where) {
        add(first, false);
        List<List<Expression>> on = new ArrayList<>();
        on.add(List.of());
        for (Join j : joins == null ? List.<Join>of() : joins) {
            on.add(join(j));
        }
        for (int k = 0; k < on.size(); k++) {
            for (Expression e : on.get(k)) {
                place(analyse(e, prefix(k), k));
            }
        }
        for (Expression e : conjuncts(where)) {
            place(analyse(e, prefix(entries.size() - 1), -1));
        }
        JoinBuilder b = new JoinBuilder(planner, compiler, entries, lock);
        Scope scope = prefix(entries.size() - 1);
        return new Result(b.build(top), starOrder == null ? scope : scope.withStarOrder(starOrder), spans());
    }

    private List<TableSpan> spans() {
        List<TableSpan> out = new ArrayList<>();
        for (FromEntry e : entries) {
            if (e.table != null) {
                List<Integer> key = e.table.primaryIndex().columnIds().stream()
                        .map(id -> e.offset + e.table.columnIndex(id)).toList();
                out.add(new TableSpan(e.offset, e.width(), key));
            }
        }
        return out;
    }

    /** The scope of the rows joined from entries 0..k. */
    Scope prefix(int k) {
        Scope s = entries.get(0).joined;
        for (int i = 1; i <= k; i++) {
            s = s.concat(entries.get(i).joined);
        }
        return s.withOuter(outer);
    }

    /** AND-ed parts of {@code e}. */
    static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        if (e instanceof AndExpression a) {
            out.addAll(conjuncts(a.getLeftExpression()));
            out.addAll(conjuncts(a.getRightExpression()));
        } else if (e instanceof ExpressionList<?> p && p.size() == 1 && p.get(0) instanceof AndExpression) {
            out.addAll(conjuncts(p.get(0)));
        } else {
            out.add(e);
        }
        return out;
    }

    private void add(FromItem item, boolean leftJoined) {
        FromEntry last = entries.isEmpty() ? null : entries.get(entries.size() - 1);
        int offset = last == null ? 0 : last.offset + last.width();
        FromEntry e = switch (item) {
            case Table t when planner.commonTable(t) != null -> commonTableEntry(t, offset, leftJoined);
            case Table t when planner.systemTable(t) != null -> systemEntry(t, offset, leftJoined);
            case Table t -> tableEntry(t, offset, leftJoined);
            case LateralSubSelect ls when !entries.isEmpty() -> lateralEntry(ls, offset, leftJoined);
            case TableFunction tf -> functionEntry(tf, offset, leftJoined);
            case ParenthesedSelect ps -> subqueryEntry(ps, ps.getAlias(), offset, leftJoined);
            case Values v -> subqueryEntry(v, v.getAlias(), offset, leftJoined);
            case ParenthesedFromItem p when p.getFromItem() instanceof Select sel
                    && (p.getJoins() == null || p.getJoins().isEmpty()) ->
                    subqueryEntry(sel, aliasOf(p, sel), offset, leftJoined);
            case ParenthesedFromItem p -> throw SqlErrors.notSupportedPlural("parenthesized joins");
            default -> throw SqlErrors.notSupported("FROM item " + item);
        };
        for (FromEntry other : entries) {
            if (other.alias.equals(e.alias)) {
                throw new SqlException("42712", "table name \"" + e.alias + "\" specified more than once");
            }
        }
        entries.add(e);
    }

    /** The alias of a parenthesised query in FROM: written after the parentheses or, for VALUES, inside. */
    private static Alias aliasOf(ParenthesedFromItem p, Select sel) {
        return p.getAlias() != null ? p.getAlias() : sel instanceof Values v ? v.getAlias() : null;
    }

    private FromEntry tableEntry(Table t, int offset, boolean leftJoined) {
        TableDef def = planner.table(t);
        Alias a = t.getAlias();
        if (a != null && a.getAliasColumns() != null && !a.getAliasColumns().isEmpty()) {
            throw SqlErrors.notSupportedPlural("column aliases on a table");
        }
        String alias = a == null ? def.name() : Names.fold(a.getName());
        return new FromEntry(alias, def, null, Scope.ofTable(def, alias).withOuter(outer), offset, leftJoined);
    }

    /** A system relation: a derived table over its computed rows, named by its alias or its own name. */
    private FromEntry systemEntry(Table t, int offset, boolean leftJoined) {
        QueryPlan sub = planner.planSystemTable(planner.systemTable(t));
        Alias a = t.getAlias();
        List<String> names = new ArrayList<>();
        if (a != null && a.getAliasColumns() != null) {
            a.getAliasColumns().forEach(col -> names.add(Names.fold(col.name)));
        }
        String alias = a == null ? Names.fold(t.getName()) : Names.fold(a.getName());
        return derivedEntry(sub, alias, names, offset, leftJoined);
    }

    /** A reference to a WITH query: its columns renamed by the WITH list, then by the reference's alias. */
    private FromEntry commonTableEntry(Table t, int offset, boolean leftJoined) {
        WithItem<?> item = planner.commonTable(t);
        QueryPlan sub = planner.planCommonTable(item, outer, compiler);
        List<String> names = new ArrayList<>(CommonTables.columnNames(item));
        Alias a = t.getAlias();
        if (a != null && a.getAliasColumns() != null) {
            for (int i = 0; i < a.getAliasColumns().size(); i++) {
                String n = Names.fold(a.getAliasColumns().get(i).name);
                if (i < names.size()) {
                    names.set(i, n);
                } else {
                    names.add(n);
                }
            }
        }
        String alias = a == null ? Names.fold(t.getName()) : Names.fold(a.getName());
        return derivedEntry(sub, alias, names, offset, leftJoined);
    }

    private FromEntry subqueryEntry(Select select, Alias as, int offset, boolean leftJoined) {
        if (as == null) {
            throw new SqlException("42601", "subquery in FROM must have an alias");
        }
        QueryPlan sub = planner.planDerived(select, outer, compiler);
        List<String> names = new ArrayList<>();
        if (as.getAliasColumns() != null) {
            as.getAliasColumns().forEach(col -> names.add(Names.fold(col.name)));
        }
        return derivedEntry(sub, Names.fold(as.getName()), names, offset, leftJoined);
    }

    /**
     * {@code LATERAL (SELECT exprs) AS a(cols)} after other FROM items: one row per joined row,
     * so its expressions are bound over the rows joined so far and appended to each. A lateral
     * subquery with anything more than a select list is 0A000.
     */
    private FromEntry lateralEntry(LateralSubSelect ls, int offset, boolean leftJoined) {
        if (!(ls.getSelect() instanceof PlainSelect ps) || ps.getFromItem() != null || ps.getWhere() != null
                || ps.getGroupBy() != null || ps.getHaving() != null || ps.getOrderByElements() != null
                || ps.getLimit() != null || ps.getOffset() != null || ps.getDistinct() != null
                || ps.getWithItemsList() != null || leftJoined) {
            throw SqlErrors.notSupported("LATERAL subquery other than a select list without FROM");
        }
        if (ls.getAlias() == null) {
            throw new SqlException("42601", "subquery in FROM must have an alias");
        }
        Scope before = prefix(entries.size() - 1);
        String alias = Names.fold(ls.getAlias().getName());
        List<String> renames = new ArrayList<>();
        if (ls.getAlias().getAliasColumns() != null) {
            ls.getAlias().getAliasColumns().forEach(col -> renames.add(Names.fold(col.name)));
        }
        List<Expr> exprs = new ArrayList<>();
        List<ScopeColumn> cols = new ArrayList<>();
        for (SelectItem<?> item : ps.getSelectItems()) {
            if (item.getExpression() instanceof AllColumns) {
                throw SqlErrors.notSupported("* in a LATERAL subquery");
            }
            Bound b = compiler.resolveUnknown(compiler.compile(item.getExpression(), before));
            exprs.add(b.expr());
            int i = cols.size();
            String name = i < renames.size() ? renames.get(i)
                    : item.getAlias() != null ? Names.fold(item.getAlias().getName()) : OutputNames.of(item.getExpression());
            cols.add(new ScopeColumn(alias, name, b.type(), 0, 0, ScopeColumn.Visibility.VISIBLE));
        }
        if (renames.size() > cols.size()) {
            throw new SqlException("42P10", "table \"" + alias + "\" has " + cols.size()
                    + " columns available but " + renames.size() + " columns specified");
        }
        FromEntry e = new FromEntry(alias, null, null, Scope.of(cols, outer), offset, false);
        e.lateral = exprs;
        return e;
    }

    /**
     * A set-returning function in FROM ({@link FromFunction}): first in the list, a derived
     * table over its values; after other items, its values appended to each row joined so far.
     */
    private FromEntry functionEntry(TableFunction tf, int offset, boolean leftJoined) {
        boolean first = entries.isEmpty();
        FromFunction fn = FromFunction.of(tf, compiler, first ? Scope.of(List.of(), outer) : prefix(entries.size() - 1));
        if (first) {
            QueryPlan sub = new QueryPlan(new FunctionScanNode(ValuesNode.oneRow(), fn), fn.columns());
            return derivedEntry(sub, fn.alias(), List.of(), offset, leftJoined);
        }
        if (leftJoined) {
            throw SqlErrors.notSupported("LEFT JOIN to a function in FROM");
        }
        List<ScopeColumn> cols = fn.columns().stream().map(c -> new ScopeColumn(fn.alias(), c.name(), c.type(), 0, 0,
                ScopeColumn.Visibility.VISIBLE)).toList();
        FromEntry e = new FromEntry(fn.alias(), null, null, Scope.of(cols, outer), offset, false);
        e.function = fn;
        return e;
    }

    /** A FROM entry over a planned query, its first columns renamed to {@code renames}. */
    private FromEntry derivedEntry(QueryPlan sub, String alias, List<String> renames, int offset, boolean leftJoined) {
        if (renames.size() > sub.columns().size()) {
            throw new SqlException("42P10", "table \"" + alias + "\" has " + sub.columns().size()
                    + " columns available but " + renames.size() + " columns specified");
        }
        List<ScopeColumn> cols = new ArrayList<>();
        for (int i = 0; i < sub.columns().size(); i++) {
            Column c = sub.columns().get(i);
            String name = i < renames.size() ? renames.get(i) : c.name();
            cols.add(new ScopeColumn(alias, name, c.type(), c.tableOid(), c.columnNumber(),
                    ScopeColumn.Visibility.VISIBLE));
        }
        return new FromEntry(alias, null, sub, Scope.of(cols, outer), offset, leftJoined);
    }

    /** Adds the item of {@code j}; returns its ON conjuncts (USING as equalities). */
    private List<Expression> join(Join j) {
        if (j.isApply() || j.isSemi() || j.isStraight()) {
            throw SqlErrors.notSupported("this join");
        }
        int before = entries.size();
        add(j.getFromItem(), j.isLeft() || j.isFull());
        if (j.isRight() || j.isFull()) {
            entries.get(before).rightJoined = true;
            if (firstRightJoined < 0) {
                firstRightJoined = before;
            }
        }
        List<Expression> on = new ArrayList<>();
        if (j.getOnExpressions() != null) {
            for (Expression e : j.getOnExpressions()) {
                on.addAll(conjuncts(e));
            }
        }
        List<net.sf.jsqlparser.schema.Column> using = j.isNatural() ? naturalColumns(before) : j.getUsingColumns();
        if (using != null && !using.isEmpty()) {
            if (j.isRight() || j.isFull()) {
                // Their merged column would be the COALESCE of both sides, which Basalt does not model.
                throw SqlErrors.notSupported("RIGHT or FULL JOIN with USING or NATURAL");
            }
            List<Integer> left = star();
            on.addAll(Using.equalities(using, prefix(before - 1), entries.get(before)));
            starOrder = Using.starOrder(using, prefix(before - 1), left, entries.get(before));
        } else if (starOrder != null) {
            starOrder.addAll(visible(entries.get(before)));
        }
        if ((j.isLeft() || j.isRight() || j.isFull()) && on.isEmpty() && !j.isNatural()) {
            throw SqlErrors.syntax((j.isLeft() ? "LEFT" : j.isRight() ? "RIGHT" : "FULL")
                    + " JOIN needs an ON or USING clause");
        }
        return on;
    }

    /** What {@code *} lists over the entries joined so far, as row indexes. */
    private List<Integer> star() {
        return starOrder != null ? new ArrayList<>(starOrder) : prefix(entries.size() - 2).star(null);
    }

    /** The row indexes of the columns of {@code e} that {@code *} lists. */
    static List<Integer> visible(FromEntry e) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < e.width(); i++) {
            if (e.joined.column(i).visibility() == ScopeColumn.Visibility.VISIBLE) {
                out.add(e.offset + i);
            }
        }
        return out;
    }

    /** NATURAL JOIN's columns: those of the left side, in its order, that the new entry also has. */
    private List<net.sf.jsqlparser.schema.Column> naturalColumns(int entry) {
        Scope left = prefix(entry - 1);
        FromEntry right = entries.get(entry);
        List<net.sf.jsqlparser.schema.Column> out = new ArrayList<>();
        for (int i : star()) {
            String name = left.column(i).name();
            boolean shared = right.own.columns().stream()
                    .anyMatch(c -> c.name().equals(name) && c.visibility() == ScopeColumn.Visibility.VISIBLE);
            if (shared && out.stream().noneMatch(c -> c.getColumnName().equals(Using.quote(name)))) {
                out.add(Using.column(null, name));
            }
        }
        return out;
    }

    /** Binds {@code e} against {@code scope} to learn which FROM items it reads. */
    private Conjunct analyse(Expression e, Scope scope, int onJoin) {
        Bound b = compiler.inClause(onJoin < 0 ? "WHERE" : "JOIN conditions").compileCondition(e, scope,
                onJoin < 0 ? "WHERE" : "JOIN/ON");
        return new Conjunct(e, itemsOf(b.refs()), b.volatile_(), onJoin);
    }

    private BitSet itemsOf(BitSet refs) {
        return itemsOf(entries, refs);
    }

    /** The FROM entries (by index) that the joined-row columns {@code refs} belong to. */
    static BitSet itemsOf(List<FromEntry> entries, BitSet refs) {
        BitSet items = new BitSet();
        refs.stream().forEach(col -> {
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (col >= entries.get(i).offset) {
                    items.set(i);
                    return;
                }
            }
        });
        return items;
    }

    private void place(Conjunct c) {
        if (c.onJoin() >= 0 && entries.get(c.onJoin()).rightJoined) {
            // Nothing of a right or full join's condition can move below it: either side may be null-extended.
            entries.get(c.onJoin()).joinConds.add(c);
            return;
        }
        if (firstRightJoined >= 0 && (c.onJoin() < 0 || c.onJoin() > firstRightJoined)
                && !entries.get(Math.max(c.onJoin(), 0)).leftJoined) {
            // Past a right join, the rows joined so far may be null-extended: check after the join.
            if (c.onJoin() < 0) {
                top.add(c);
            } else {
                entries.get(c.onJoin()).joinConds.add(c);
            }
            return;
        }
        if (c.onJoin() >= 0 && entries.get(c.onJoin()).leftJoined) {
            FromEntry e = entries.get(c.onJoin());
            boolean ownOnly = c.items().cardinality() == 1 && c.items().get(c.onJoin()) && !c.volatile_();
            (ownOnly ? e.pushed : e.joinConds).add(c);
            return;
        }
        if (c.volatile_()) {
            // A volatile condition (random()) must see each joined row once, not each table row.
            if (c.onJoin() > 0) {
                entries.get(c.onJoin()).joinConds.add(c);
            } else {
                top.add(c);
            }
            return;
        }
        int last = c.lastItem();
        if (last < 0) {
            entries.get(0).pushed.add(c);
        } else if (c.items().cardinality() == 1 && !entries.get(last).leftJoined) {
            entries.get(last).pushed.add(c);
        } else if (entries.get(last).leftJoined) {
            entries.get(last).after.add(c);
        } else {
            entries.get(last).joinConds.add(c);
        }
    }
}
