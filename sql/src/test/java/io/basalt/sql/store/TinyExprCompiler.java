package io.basalt.sql.store;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.RowExpr;
import io.basalt.sql.exec.TableExprCompiler;
import io.basalt.sql.expr.Names;
import io.basalt.sql.types.SqlType;
import java.math.BigDecimal;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.BooleanValue;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;

/**
 * Just enough of an expression compiler for the catalog and store tests: columns, integer,
 * decimal, string, boolean and NULL literals, + - *, comparisons, AND/OR/NOT, IS [NOT] NULL
 * and now(); integers are Longs until coerced to the expected type. Counts its compilations.
 */
public final class TinyExprCompiler implements TableExprCompiler {
    private int compilations;

    public int compilations() {
        return compilations;
    }

    @Override
    public RowExpr compile(TableDef table, String sql, SqlType expected) {
        compilations++;
        Expression e;
        try {
            e = CCJSqlParserUtil.newParser(sql).Expression();
        } catch (Exception | Error x) {
            throw new SqlException("42601", "syntax error: " + sql);
        }
        RowExpr r = compile(table, e);
        return (ctx, row) -> coerce(r.eval(ctx, row), expected);
    }

    private RowExpr compile(TableDef t, Expression e) {
        if (e instanceof Column c) {
            ColumnDef col = t.column(Names.fold(c.getColumnName()));
            if (col == null) {
                throw new SqlException("42703", "column \"" + Names.fold(c.getColumnName()) + "\" does not exist");
            }
            int p = t.columnIndex(col.id());
            return (ctx, row) -> row[p];
        }
        if (e instanceof LongValue v) {
            long x = v.getValue();
            return (ctx, row) -> x;
        }
        if (e instanceof DoubleValue v) {
            BigDecimal x = new BigDecimal(v.toString());
            return (ctx, row) -> x;
        }
        if (e instanceof StringValue v) {
            String x = v.getValue();
            return (ctx, row) -> x;
        }
        if (e instanceof BooleanValue v) {
            boolean x = v.getValue();
            return (ctx, row) -> x;
        }
        if (e instanceof NullValue) {
            return (ctx, row) -> null;
        }
        if (e instanceof Function f && f.getName().equalsIgnoreCase("now")) {
            return (ctx, row) -> ctx.transactionTime();
        }
        if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            return compile(t, (Expression) p.get(0));
        }
        if (e instanceof SignedExpression s) {
            RowExpr x = compile(t, s.getExpression());
            return (ctx, row) -> {
                Object v = x.eval(ctx, row);
                return v == null ? null : s.getSign() == '-' ? num(v).negate() : num(v);
            };
        }
        if (e instanceof NotExpression n) {
            RowExpr x = compile(t, n.getExpression());
            return (ctx, row) -> {
                Object v = x.eval(ctx, row);
                return v == null ? null : !(Boolean) v;
            };
        }
        if (e instanceof IsNullExpression n) {
            RowExpr x = compile(t, n.getLeftExpression());
            return (ctx, row) -> (x.eval(ctx, row) == null) != n.isNot();
        }
        if (e instanceof BinaryExpression b) {
            return binary(b, compile(t, b.getLeftExpression()), compile(t, b.getRightExpression()));
        }
        throw new SqlException("0A000", "the test compiler does not know " + e.getClass().getSimpleName());
    }

    private static RowExpr binary(BinaryExpression b, RowExpr l, RowExpr r) {
        if (b instanceof AndExpression) {
            return (ctx, row) -> and(l.eval(ctx, row), r.eval(ctx, row));
        }
        if (b instanceof OrExpression) {
            return (ctx, row) -> {
                Object x = l.eval(ctx, row);
                Object y = r.eval(ctx, row);
                Object notX = x == null ? null : !(Boolean) x;
                Object notY = y == null ? null : !(Boolean) y;
                Object both = and(notX, notY);
                return both == null ? null : !(Boolean) both;
            };
        }
        String op = b.getStringExpression();
        return (ctx, row) -> {
            Object x = l.eval(ctx, row);
            Object y = r.eval(ctx, row);
            if (x == null || y == null) {
                return null;
            }
            if (b instanceof Addition) {
                return num(x).add(num(y));
            }
            if (b instanceof Subtraction) {
                return num(x).subtract(num(y));
            }
            if (b instanceof Multiplication) {
                return num(x).multiply(num(y));
            }
            if (b instanceof ComparisonOperator) {
                int c = x instanceof Number ? num(x).compareTo(num(y)) : compareOther(x, y);
                return switch (op) {
                    case "=" -> c == 0;
                    case "<>", "!=" -> c != 0;
                    case "<" -> c < 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    case ">=" -> c >= 0;
                    default -> throw new SqlException("0A000", "operator " + op);
                };
            }
            throw new SqlException("0A000", "the test compiler does not know " + op);
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareOther(Object x, Object y) {
        return ((Comparable) x).compareTo(y);
    }

    private static Object and(Object x, Object y) {
        if (Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y)) {
            return false;
        }
        return x == null || y == null ? null : true;
    }

    private static BigDecimal num(Object v) {
        return v instanceof BigDecimal d ? d : new BigDecimal(v.toString());
    }

    private static Object coerce(Object v, SqlType t) {
        if (v == null || t == null || !(v instanceof Number n)) {
            return v;
        }
        return switch (t.kind()) {
            case INT2 -> n.shortValue();
            case INT4 -> n.intValue();
            case INT8 -> n.longValue();
            case NUMERIC -> num(n);
            case FLOAT4 -> n.floatValue();
            case FLOAT8 -> n.doubleValue();
            default -> v;
        };
    }
}
