package io.basalt.sql.plan;

import io.basalt.sql.expr.AggregateCall;
import io.basalt.sql.expr.Aggregates;
import io.basalt.sql.expr.Bound;
import io.basalt.sql.expr.ExprCompiler;
import io.basalt.sql.expr.ExprHook;
import io.basalt.sql.expr.Functions;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.Scope;
import io.basalt.sql.expr.ScopeColumn;
import io.basalt.sql.expr.SqlErrors;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnalyticType;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;

/**
 * Binds the expressions above a GROUP BY (select list, HAVING, ORDER BY) to the aggregate's
 * output row, which holds the group key values and then one value per aggregate call. A
 * grouped expression or an aggregate call becomes a reference to its slot; any other column
 * of the grouped rows is error 42803, as in PostgreSQL. Aggregate calls are collected as they
 * are met, so the aggregate node is built after everything above it is bound.
 */
final class GroupingHook implements ExprHook {
    private final Scope input;
    private final ExprCompiler inputCompiler;
    private final List<Bound> keys;
    private final List<String> keyTexts;
    private final List<FromPlanner.TableSpan> tables;
    private final List<AggregateCall> aggs = new ArrayList<>();

    GroupingHook(Scope input, ExprCompiler inputCompiler, List<Bound> keys, List<String> keyTexts,
                 List<FromPlanner.TableSpan> tables) {
        this.input = input;
        this.inputCompiler = inputCompiler;
        this.keys = keys;
        this.keyTexts = keyTexts;
        this.tables = tables;
    }

    List<AggregateCall> aggregates() {
        return aggs;
    }

    /** The scope of the aggregate's output: grouped columns keep their names, for subqueries to refer to. */
    Scope outputScope() {
        List<ScopeColumn> cols = new ArrayList<>();
        for (Bound k : keys) {
            ScopeColumn c = k.kind() == Bound.Kind.COLUMN ? input.column(k.column())
                    : new ScopeColumn(null, "?column?", k.type(), 0, 0, ScopeColumn.Visibility.HIDDEN);
            cols.add(c);
        }
        return Scope.of(cols, input.outer());
    }

    @Override
    public Bound intercept(Expression e, ExprCompiler c) {
        String text = e.toString();
        for (int i = 0; i < keys.size(); i++) {
            if (keyTexts.get(i).equals(text)) {
                return slot(i, keys.get(i).type());
            }
        }
        if (e instanceof Function f && Aggregates.isAggregate(Functions.name(f))) {
            return aggregate(f.toString(), () -> Aggregates.bind(inputCompiler, f, input));
        }
        if (e instanceof AnalyticExpression a && a.getType() == AnalyticType.FILTER_ONLY
                && Aggregates.isAggregate(Names.fold(a.getName()))) {
            return aggregate(a.toString(), () -> Aggregates.bindFiltered(inputCompiler, a, input));
        }
        if (e instanceof Column col) {
            return column(col);
        }
        return null;
    }

    private Bound aggregate(String text, java.util.function.Supplier<AggregateCall> binder) {
        for (int i = 0; i < aggs.size(); i++) {
            if (aggs.get(i).text().equals(text)) {
                return slot(keys.size() + i, aggs.get(i).type());
            }
        }
        AggregateCall call = binder.get();
        aggs.add(call);
        return slot(keys.size() + aggs.size() - 1, call.type());
    }

    private Bound column(Column col) {
        Scope.Resolved r = input.resolve(Names.qualifier(col), Names.fold(col.getColumnName()));
        if (r.depth() > 0) {
            return null;
        }
        for (int i = 0; i < keys.size(); i++) {
            Bound k = keys.get(i);
            if (k.kind() == Bound.Kind.COLUMN && k.column() == r.index()) {
                return slot(i, k.type());
            }
        }
        if (determinedByKey(r.index())) {
            return dependent(r.index(), r.column().type());
        }
        throw SqlErrors.mustGroup(r.column().table(), r.column().name());
    }

    /** Whether GROUP BY includes the whole primary key of the table the column belongs to. */
    private boolean determinedByKey(int column) {
        for (FromPlanner.TableSpan t : tables) {
            if (t.contains(column) && !t.keyColumns().isEmpty() && t.keyColumns().stream().allMatch(this::isGrouped)) {
                return true;
            }
        }
        return false;
    }

    private boolean isGrouped(int column) {
        return keys.stream().anyMatch(k -> k.kind() == Bound.Kind.COLUMN && k.column() == column);
    }

    private Bound dependent(int column, io.basalt.sql.types.SqlType type) {
        AggregateCall call = Aggregates.dependentColumn(column, type);
        for (int i = 0; i < aggs.size(); i++) {
            if (aggs.get(i).text().equals(call.text())) {
                return slot(keys.size() + i, type);
            }
        }
        aggs.add(call);
        return slot(keys.size() + aggs.size() - 1, type);
    }

    private static Bound slot(int index, SqlType type) {
        BitSet refs = new BitSet();
        refs.set(index);
        return new Bound((env, row) -> row[index], type, Bound.Kind.OTHER, null, 0, -1, refs, false, false);
    }
}
