package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.exec.RowExpr;
import io.basalt.sql.exec.TableExprCompiler;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.BitSet;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.AnyComparisonExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.CollateExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExtractExpression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.IntervalExpression;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.TrimFunction;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsBooleanExpression;
import net.sf.jsqlparser.expression.operators.relational.IsDistinctExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.IsUnknownExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.RegExpMatchOperator;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;

/**
 * Binds JSqlParser expressions to a {@link Scope} and compiles them into {@link Bound}
 * closures with PostgreSQL's typing. One instance serves one query level of one statement:
 * it shares the statement's {@link ParamTypes} and collects this level's {@link OuterRefs}.
 * Instances are cheap; {@link #withHook} and {@link #inClause} derive variants sharing both.
 *
 * <p>As a {@link TableExprCompiler} it compiles the CHECK and DEFAULT texts of the catalog.
 */
public final class ExprCompiler implements TableExprCompiler {
    private final ParamTypes params;
    private final SubqueryPlanner subqueries;
    private final OuterRefs outerRefs;
    private final ExprHook hook;
    private final String clause;

    /** A compiler for catalog expressions: no parameters, no subqueries. */
    public ExprCompiler() {
        this(new ParamTypes(null), null);
    }

    public ExprCompiler(ParamTypes params, SubqueryPlanner subqueries) {
        this(params, subqueries, new OuterRefs(), null, null);
    }

    private ExprCompiler(ParamTypes params, SubqueryPlanner subqueries, OuterRefs outerRefs, ExprHook hook,
                         String clause) {
        this.params = params;
        this.subqueries = subqueries;
        this.outerRefs = outerRefs;
        this.hook = hook;
        this.clause = clause;
    }

    /** A compiler for a subquery of this level: same parameters, its own outer references. */
    public ExprCompiler forSubquery() {
        return new ExprCompiler(params, subqueries, new OuterRefs(), null, null);
    }

    /**
     * A compiler for a subquery in FROM: it runs in this level's environment (it cannot see this
     * level's FROM items, but its references to enclosing queries have the same depths), so it
     * records into this level's outer references.
     */
    public ExprCompiler forDerivedTable() {
        return new ExprCompiler(params, subqueries, outerRefs, null, null);
    }

    public ExprCompiler withHook(ExprHook newHook) {
        return new ExprCompiler(params, subqueries, outerRefs, newHook, clause);
    }

    /**
     * The clause being bound, for errors such as "aggregate functions are not allowed in WHERE";
     * null where aggregates are allowed.
     */
    public ExprCompiler inClause(String newClause) {
        return new ExprCompiler(params, subqueries, outerRefs, hook, newClause);
    }

    public ParamTypes params() {
        return params;
    }

    public OuterRefs outerRefs() {
        return outerRefs;
    }

    public SubqueryPlanner subqueries() {
        return subqueries;
    }

    public String clause() {
        return clause;
    }

    /**
     * Compiles a CHECK or DEFAULT text of {@code table}. Each call binds with a fresh compiler,
     * so one instance can serve every thread of the store and the DDL executor.
     */
    @Override
    public RowExpr compile(TableDef table, String sql, SqlType expected) {
        ExprCompiler c = new ExprCompiler().inClause("check constraints");
        Bound b = c.compile(parse(sql), Scope.ofTable(table, table.name()));
        if (expected != null) {
            if (!b.isUntyped() && !io.basalt.sql.types.Casts.canCast(b.type().kind(), expected.kind(),
                    io.basalt.sql.types.CastContext.ASSIGNMENT)) {
                throw SqlErrors.datatypeMismatch("expression is of type " + b.type().kind().sqlName()
                        + " but type " + expected.kind().sqlName() + " is required");
            }
            b = Coercion.assignment(b, expected, c.params(), "?column?");
        }
        Expr e = b.expr();
        return (ctx, row) -> e.eval(Env.root(ctx), row);
    }

    /** Parses one expression; 42601 for text that is not one. */
    public static Expression parse(String sql) {
        try {
            return CCJSqlParserUtil.newParser(sql).Expression();
        } catch (ParseException | RuntimeException e) {
            throw new SqlException("42601", "syntax error in expression \"" + sql + "\"", e);
        }
    }

    /** Binds {@code e} against {@code scope}. */
    public Bound compile(Expression e, Scope scope) {
        if (hook != null) {
            Bound b = hook.intercept(e, this);
            if (b != null) {
                return b;
            }
        }
        return dispatch(e, scope);
    }

    /** Binds a condition (WHERE, ON, HAVING, CASE WHEN): it must be boolean; 42804 otherwise. */
    public Bound compileCondition(Expression e, Scope scope, String where) {
        return Logic.requireBoolean(compile(e, scope), where, params);
    }

    private Bound dispatch(Expression e, Scope scope) {
        return switch (e) {
            case Column c -> column(c, scope);
            case JdbcParameter p -> param(p);
            case ExpressionList<?> list -> parenthesised(list, scope);
            case SignedExpression s -> ArithmeticOps.signed(this, s, scope);
            case Concat c -> ArithmeticOps.concat(this, c, scope);
            case AndExpression a -> Logic.and(this, a, scope);
            case OrExpression o -> Logic.or(this, o, scope);
            case NotExpression n -> Logic.not(this, n, scope);
            case IsNullExpression n -> Logic.isNull(this, n, scope);
            case IsBooleanExpression b -> Logic.isBoolean(this, b, scope);
            case IsUnknownExpression u -> Logic.isUnknown(this, u, scope);
            case IsDistinctExpression d -> Comparisons.isDistinct(this, d, scope);
            case ComparisonOperator c -> Comparisons.compare(this, c, scope);
            case Between b -> Comparisons.between(this, b, scope);
            case InExpression in -> in.getRightExpression() instanceof ParenthesedSelect
                    ? SubqueryExprs.in(this, in, scope) : Comparisons.inList(this, in, scope);
            case LikeExpression l -> Comparisons.like(this, l, scope);
            case RegExpMatchOperator m -> RegexOps.match(this, m, scope);
            case ExtractExpression x -> DateTimeFunctions.extract(this, x, scope);
            case ExistsExpression x -> SubqueryExprs.exists(this, x, scope);
            case ParenthesedSelect s -> SubqueryExprs.scalar(this, s, scope);
            case CaseExpression c -> Conditionals.caseExpr(this, c, scope);
            case CastExpression c when CatalogFunctions.isCatalogCast(c) -> CatalogFunctions.cast(this, c, scope);
            case CastExpression c when ArrayExprs.isArrayCast(c) -> ArrayExprs.cast(this, c, scope);
            case net.sf.jsqlparser.expression.ArrayConstructor a -> ArrayExprs.constructor(this, a, scope);
            case net.sf.jsqlparser.expression.ArrayExpression a -> subscript(a, scope);
            case CastExpression c -> Coercion.explicit(compile(c.getLeftExpression(), scope),
                    TypeNames.of(c.getColDataType()), params);
            case CollateExpression c -> collate(c, scope);
            case Function f -> Functions.call(this, f, scope);
            case TrimFunction t -> StringFunctions.trim(this, t, scope);
            case AnalyticExpression a -> throw windowOrFilter(a);
            case AnyComparisonExpression a -> throw SqlErrors.notSupportedPlural("ANY, SOME and ALL comparisons");
            case IntervalExpression i -> interval(i);
            default -> ArithmeticOps.isArithmetic(e) ? ArithmeticOps.binary(this, e, scope)
                    : BitwiseOps.isBitwise(e) ? BitwiseOps.binary(this, e, scope) : Literals.of(e);
        };
    }

    /**
     * {@code INTERVAL 'text'}, and {@code INTERVAL 'n' unit} for an integer; a field
     * qualifier over other text ({@code INTERVAL '1 day 2 hours' HOUR}) would truncate the
     * value and is 0A000.
     */
    private static Bound interval(IntervalExpression i) {
        String p = i.getParameter();
        if (p == null || p.length() < 2 || !p.startsWith("'") || !p.endsWith("'")) {
            throw SqlErrors.syntax("INTERVAL must be followed by a string literal");
        }
        String text = p.substring(1, p.length() - 1).replace("''", "'");
        String unit = i.getIntervalType();
        if (unit != null && !unit.isBlank()) {
            if (!text.strip().matches("[+-]?\\d+")) {
                throw SqlErrors.notSupportedPlural("interval field qualifiers");
            }
            text = text.strip() + " " + unit.strip();
        }
        return Bound.literal(io.basalt.sql.types.IntervalText.parse(text), SqlType.INTERVAL);
    }

    private static SqlException windowOrFilter(AnalyticExpression a) {
        return a.getType() == net.sf.jsqlparser.expression.AnalyticType.FILTER_ONLY
                ? SqlErrors.notSupported("FILTER in aggregate calls")
                : new SqlException("0A000", "WINDOW functions are not supported");
    }

    /**
     * {@code e COLLATE name}: every collation Basalt has compares strings by their bytes, as
     * PostgreSQL's C collation does, so the C, POSIX and default collations leave the value as
     * it is; any other is 42704.
     */
    private Bound collate(CollateExpression c, Scope scope) {
        Bound b = resolveUnknown(compile(c.getLeftExpression(), scope));
        String name = c.getCollate().strip();
        String unquoted = name.replace("\"", "");
        String bare = unquoted.toLowerCase(java.util.Locale.ROOT).startsWith("pg_catalog.")
                ? unquoted.substring("pg_catalog.".length()) : unquoted;
        if (!(bare.equals("C") || bare.equals("POSIX") || bare.equals("default") || bare.equals("ucs_basic"))) {
            throw new SqlException("42704", "collation \"" + unquoted + "\" for encoding \"UTF8\" does not exist");
        }
        if (!isString(b.type())) {
            throw new SqlException("42804", "collations are not supported by type " + b.type().kind().sqlName());
        }
        return b;
    }

    private Bound parenthesised(ExpressionList<?> list, Scope scope) {
        if (RowComparisons.isRow(list)) {
            // Rows are compared (RowComparisons), not yet values of a composite type.
            throw SqlErrors.notSupportedPlural("row constructors outside comparisons");
        }
        return compile(list.get(0), scope);
    }

    /** {@code (expr)[i]}; slices are 0A000. */
    private Bound subscript(net.sf.jsqlparser.expression.ArrayExpression a, Scope scope) {
        if (a.getIndexExpression() == null) {
            throw SqlErrors.notSupportedPlural("array slices");
        }
        return ArrayExprs.subscript(this, compile(a.getObjExpression(), scope), compile(a.getIndexExpression(), scope));
    }

    private Bound column(Column c, Scope scope) {
        if (c.getArrayConstructor() != null) {
            // JSqlParser reads col[i] as a column with its subscripts.
            net.sf.jsqlparser.expression.ArrayConstructor subscripts = c.getArrayConstructor();
            if (subscripts.getExpressions() == null || subscripts.getExpressions().size() != 1
                    || subscripts.getExpressions().get(0) instanceof net.sf.jsqlparser.expression.ArrayConstructor) {
                throw SqlErrors.notSupportedPlural("multidimensional arrays");
            }
            Column bare = new Column(c.getTable(), c.getColumnName());
            return ArrayExprs.subscript(this, column(bare, scope), compile(subscripts.getExpressions().get(0), scope));
        }
        String table = Names.qualifier(c);
        String name = Names.fold(c.getColumnName());
        Scope.Resolved r = scope.resolve(table, name);
        int index = r.index();
        BitSet refs = new BitSet();
        if (r.depth() == 0) {
            refs.set(index);
            return new Bound((env, row) -> row[index], r.column().type(), Bound.Kind.COLUMN, null, 0, index, refs,
                    false, false);
        }
        outerRefs.record(r.depth(), index);
        int depth = r.depth();
        return new Bound((env, row) -> env.outer(depth)[index], r.column().type(), Bound.Kind.OTHER, null, 0, -1,
                refs, true, false);
    }

    private Bound param(JdbcParameter p) {
        if (p.getIndex() == null || !"$".equals(p.getParameterCharacter())) {
            throw SqlErrors.syntax("parameters are written $1, $2, ...");
        }
        int n = p.getIndex();
        SqlType t = params.typeOf(n);
        return Coercion.param(n, t);
    }

    /** Coerces an untyped literal or parameter to text, the type PostgreSQL gives a lone unknown. */
    public Bound resolveUnknown(Bound b) {
        return b.isUntyped() ? Coercion.implicit(b, SqlType.TEXT, params) : b;
    }

    /** Whether {@code t} is a string type, counting unknown. */
    static boolean isString(SqlType t) {
        return t.kind().isString();
    }

    static boolean isKind(Bound b, TypeKind k) {
        return b.type().kind() == k;
    }
}
