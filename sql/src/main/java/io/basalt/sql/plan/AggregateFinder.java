package io.basalt.sql.plan;

import io.basalt.sql.expr.Aggregates;
import io.basalt.sql.expr.Functions;
import io.basalt.sql.expr.Names;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnalyticType;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

/** Finds aggregate calls in an expression, not looking into subqueries (theirs belong to them). */
final class AggregateFinder extends ExpressionVisitorAdapter<Void> {
    private boolean found;

    static boolean any(Expression e) {
        if (e == null) {
            return false;
        }
        AggregateFinder f = new AggregateFinder();
        e.accept(f, null);
        return f.found;
    }

    @Override
    public <S> Void visit(Function function, S context) {
        if (Aggregates.isAggregate(Functions.name(function))) {
            found = true;
            return null;
        }
        return super.visit(function, context);
    }

    @Override
    public <S> Void visit(AnalyticExpression a, S context) {
        if (a.getType() == AnalyticType.FILTER_ONLY && Aggregates.isAggregate(Names.fold(a.getName()))) {
            found = true;
            return null;
        }
        return super.visit(a, context);
    }

    @Override
    public <S> Void visit(ParenthesedSelect select, S context) {
        return null;
    }
}
