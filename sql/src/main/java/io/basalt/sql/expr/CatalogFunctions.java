package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.ForeignKeyDef;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.pgcatalog.Constraints;
import io.basalt.sql.pgcatalog.Oids;
import io.basalt.sql.pgcatalog.Relations;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;

/**
 * The functions of PostgreSQL's system catalog information that clients call when they
 * inspect the catalog (psql's {@code \d} commands, pgbench): visibility, type and definition
 * printing, owners, descriptions. They answer from the catalog version the statement runs on
 * ({@link io.basalt.sql.pgcatalog}); OIDs are {@code bigint}.
 */
public final class CatalogFunctions {
    private static final SqlType OID = SqlType.INT8;
    private static final SqlType T = SqlType.TEXT;
    /**
     * The type of a regclass value: text holding the relation's name as regclass prints it,
     * told apart from other text by a scale no text type has, so that comparing it with an
     * OID ({@link #relationOperands}) compares relations rather than failing as text = bigint.
     */
    public static final SqlType REGCLASS = new SqlType(TypeKind.TEXT, -1, -1, -2);
    /** The schemas current_schemas(true) lists, in search order; (false) leaves out the implicit pg_catalog. */
    private static final List<String> SEARCH_PATH_IMPLICIT = List.of("pg_catalog", "public");

    private CatalogFunctions() {
    }

    /**
     * {@code array_position(current_schemas(b), x)}, which pgbench asks to find a table's
     * schema on the search path: bound as a whole, since Basalt has no arrays. Null for any
     * other call.
     */
    static Bound dispatch(ExprCompiler c, String name, List<Expression> args, Scope s) {
        if (name.equals("current_schemas")) {
            throw SqlErrors.notSupportedPlural("arrays");
        }
        if (!name.equals("array_position") || args.size() != 2 || !(args.get(0) instanceof Function inner)
            || !Functions.name(inner).equals("current_schemas") || Functions.args(inner).size() != 1) {
            return null;
        }
        Bound implicit = Coercion.implicit(c.compile(Functions.args(inner).get(0), s), SqlType.BOOL, c.params());
        Bound schema = Coercion.implicit(c.compile(args.get(1), s), T, c.params());
        return Functions.strict(List.of(implicit, schema), SqlType.INT4, (env, v) -> {
            List<String> path = (Boolean) v[0] ? SEARCH_PATH_IMPLICIT : SEARCH_PATH_IMPLICIT.subList(1, 2);
            int at = path.indexOf((String) v[1]);
            return at < 0 ? null : at + 1;
        });
    }

    /** The object identifier types a cast may name: Basalt has none of them as a type of its own. */
    private static String catalogCastType(CastExpression c) {
        String t = c.getColDataType().getDataType().strip().replace("\"", "").toLowerCase(Locale.ROOT);
        if (t.startsWith("pg_catalog.")) {
            t = t.substring("pg_catalog.".length());
        }
        return switch (t) {
            case "oid", "regclass", "regtype", "regnamespace" -> t;
            default -> null;
        };
    }

    static boolean isCatalogCast(CastExpression c) {
        return catalogCastType(c) != null && (c.getColDataType().getArrayData() == null
            || c.getColDataType().getArrayData().isEmpty());
    }

    /**
     * A cast to {@code oid} is a cast to {@code bigint}, the type OIDs have here. A cast to
     * {@code regclass}, {@code regtype} or {@code regnamespace} gives the object's name as
     * text, which is what those types print: from an OID, the name of the object with that
     * OID (the number itself when there is none, as PostgreSQL prints it), from a string, the
     * object it names by name or number (42P01 or 42704 when there is none). So such a value
     * prints as in PostgreSQL and compares as text, except that a regclass compared with an
     * OID compares relations ({@link #relationOperands}).
     */
    static Bound cast(ExprCompiler c, CastExpression cast, Scope s) {
        return castBound(c, catalogCastType(cast), c.compile(cast.getLeftExpression(), s));
    }

    private static Bound castBound(ExprCompiler c, String type, Bound in) {
        if (type.equals("oid")) {
            return Coercion.explicit(in, OID, c.params());
        }
        boolean fromString = in.isUntyped() || in.type().kind().isString();
        if (!fromString && !in.type().kind().isInteger()) {
            throw new SqlException("42846", "cannot cast type " + in.type().kind().sqlName() + " to " + type);
        }
        Bound arg = fromString ? Coercion.implicit(in, T, c.params()) : Coercion.implicit(in, OID, c.params());
        return Functions.strict(List.of(arg), type.equals("regclass") ? REGCLASS : T, (env, v) -> {
            Catalog catalog = env.ctx().catalog();
            if (v[0] instanceof Long oid) {
                return nameOf(catalog, type, oid);
            }
            String text = ((String) v[0]).strip();
            if (text.matches("[0-9]+")) {
                return nameOf(catalog, type, Long.parseLong(text));
            }
            return named(catalog, type, text);
        });
    }

    /** {@code in}, an OID or a relation's name or number in a string, as a regclass value. */
    public static Bound regclass(ExprCompiler c, Bound in) {
        if (in.type().equals(REGCLASS)) {
            return in;
        }
        return castBound(c, "regclass", in);
    }

    /**
     * The operands of {@code l op r} when one is a regclass and the other an OID: the OID is
     * turned into the regclass text of its relation, so {@code =} and {@code <>} compare
     * relations (relation names are unique, and an OID with no relation prints as its number,
     * so two texts are equal exactly when the OIDs are). Ordering is 42883, as regclass
     * orders by OID and these texts do not. Null when neither side is a regclass.
     */
    static Bound[] relationOperands(ExprCompiler c, Bound l, Bound r, String op) {
        boolean lr = l.type().equals(REGCLASS);
        boolean rr = r.type().equals(REGCLASS);
        if (lr == rr || !(lr ? r : l).type().kind().isInteger()) {
            return null;
        }
        if (!op.equals("=") && !op.equals("<>")) {
            throw SqlErrors.operatorDoesNotExist(op, l.type(), r.type());
        }
        return lr ? new Bound[] {l, regclass(c, r)} : new Bound[] {regclass(c, l), r};
    }

    /**
     * pg_partition_ancestors(regclass) for one relation: the relation itself when it is a
     * table or an index (Basalt has no partitions, so there are no ancestors), null when there
     * is no such relation or it is a sequence, where PostgreSQL returns no rows.
     */
    public static Bound partitionAncestor(ExprCompiler c, Bound in) {
        Bound oid = in.isUntyped() || in.type().kind().isString() ? regclassOid(c, in)
            : Coercion.implicit(in, OID, c.params());
        return Functions.strict(List.of(oid), REGCLASS, (env, v) -> {
            Relations.Relation r = Relations.byOid(env.ctx().catalog(), (Long) v[0]);
            if (r == null) {
                return Oids.systemRelationName((Long) v[0]);
            }
            return r.kind() == Relations.Kind.SEQUENCE ? null : relationText(r.name());
        });
    }

    /** A relation's name or number in a string, as its OID (42P01 when there is none). */
    static Bound regclassOid(ExprCompiler c, Bound in) {
        Bound text = Coercion.implicit(in, T, c.params());
        return Functions.strict(List.of(text), OID, (env, v) -> {
            String s = ((String) v[0]).strip();
            if (s.matches("[0-9]+")) {
                return Long.parseLong(s);
            }
            String name = named(env.ctx().catalog(), "regclass", s);
            if (name.startsWith("public.")) {
                name = name.substring("public.".length());
            } else if (Oids.systemRelation(name) != null) {
                return Oids.systemRelation(name);
            }
            String bare = name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\"\"", "\"") : name;
            return Relations.byName(env.ctx().catalog(), bare).oid();
        });
    }

    /**
     * A user relation's name as regclass prints it: qualified when a system relation has the
     * same name, as pg_catalog comes first on the search path (so the texts of two relations
     * never coincide).
     */
    private static String relationText(String name) {
        return Oids.systemRelation(name) != null ? "public." + Quoting.ident(name) : Quoting.ident(name);
    }

    private static String nameOf(Catalog catalog, String type, long oid) {
        String name = switch (type) {
            case "regclass" -> {
                Relations.Relation r = Relations.byOid(catalog, oid);
                yield r != null ? relationText(r.name()) : Oids.systemRelationName(oid);
            }
            case "regtype" -> {
                TypeKind k = oid > Integer.MAX_VALUE ? null : TypeKind.ofOid((int) oid);
                yield k == null ? null : k.sqlName();
            }
            default -> oid == Oids.PUBLIC_NAMESPACE ? "public" : oid == Oids.PG_CATALOG_NAMESPACE ? "pg_catalog"
                : oid == Oids.INFORMATION_SCHEMA_NAMESPACE ? "information_schema" : null;
        };
        return name == null ? Long.toString(oid) : name;
    }

    private static String named(Catalog catalog, String type, String text) {
        String name = text.startsWith("\"") && text.endsWith("\"") && text.length() > 1
            ? text.substring(1, text.length() - 1).replace("\"\"", "\"") : text.toLowerCase(Locale.ROOT);
        switch (type) {
            case "regclass" -> {
                // pg_catalog comes first on the search path, as in PostgreSQL.
                String system = name.startsWith("pg_catalog.") ? name.substring("pg_catalog.".length()) : name;
                if (Oids.systemRelation(system) != null) {
                    return system;
                }
                String bare = name.startsWith("public.") ? name.substring("public.".length()) : name;
                Relations.Relation r = Relations.byName(catalog, bare);
                if (r == null) {
                    throw new SqlException("42P01", "relation \"" + text + "\" does not exist");
                }
                return relationText(r.name());
            }
            case "regnamespace" -> {
                if (!List.of("public", "pg_catalog", "information_schema").contains(name)) {
                    throw new SqlException("3F000", "schema \"" + text + "\" does not exist");
                }
                return name;
            }
            default -> {
                return TypeNames.of(new net.sf.jsqlparser.statement.create.table.ColDataType(text)).sqlName();
            }
        }
    }

    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "pg_table_is_visible" -> oneOid(c, args, SqlType.BOOL,
                (cat, oid) -> Relations.byOid(cat, oid) == null ? null : Boolean.TRUE);
            case "pg_relation_is_publishable" -> oneOid(c, args, SqlType.BOOL, (cat, oid) -> {
                Relations.Relation r = Relations.byOid(cat, oid);
                return r == null ? null : r.kind() == Relations.Kind.TABLE;
            });
            // Basalt has no triggers and no extended statistics, so no OID names one.
            case "pg_get_triggerdef" -> args.size() == 1 ? oneOid(c, args, T, (cat, oid) -> null)
                : definition(c, args, (cat, oid, pretty) -> null);
            case "pg_get_statisticsobjdef_columns" -> oneOid(c, args, T, (cat, oid) -> null);
            case "pg_get_userbyid" -> oneOid(c, args, T,
                (cat, oid) -> oid == Oids.OWNER_ROLE ? "postgres"
                    : oid == Oids.DATABASE_OWNER_ROLE ? "pg_database_owner" : "unknown (OID=" + oid + ")");
            // pg_proc has no rows, so no OID is a function's.
            case "pg_function_is_visible" -> oneOid(c, args, SqlType.BOOL, (cat, oid) -> null);
            case "pg_get_function_result", "pg_get_function_arguments", "pg_get_function_identity_arguments" ->
                oneOid(c, args, T, (cat, oid) -> null);
            case "pg_get_indexdef" -> definition(c, args, CatalogFunctions::indexDef);
            case "pg_get_constraintdef" -> definition(c, args, CatalogFunctions::constraintDef);
            case "pg_get_expr" -> expr(c, args);
            case "format_type" -> formatType(c, args);
            case "obj_description", "shobj_description", "col_description" -> description(c, args);
            case "pg_encoding_to_char" -> {
                List<Bound> m = Functions.match(c, args, SqlType.INT4);
                yield m == null ? null : Functions.strict(m, T, (env, v) -> (Integer) v[0] == 6 ? "UTF8" : "");
            }
            default -> null;
        };
    }

    /** What a function of one OID answers in a catalog version. */
    @FunctionalInterface
    private interface OidBody {
        Object apply(Catalog catalog, long oid);
    }

    /** A definition printer: {@code pretty} leaves out the schema of names on the search path, as PostgreSQL does. */
    @FunctionalInterface
    private interface DefinitionBody {
        String apply(Catalog catalog, long oid, boolean pretty);
    }

    private static Bound oneOid(ExprCompiler c, List<Bound> args, SqlType result, OidBody body) {
        List<Bound> m = Functions.match(c, args, OID);
        return m == null ? null
            : Functions.strict(m, result, (env, v) -> body.apply(env.ctx().catalog(), (Long) v[0]));
    }

    /** pg_get_indexdef(oid [, column, pretty]) and pg_get_constraintdef(oid [, pretty]): the extra arguments change nothing here. */
    private static Bound definition(ExprCompiler c, List<Bound> args, DefinitionBody body) {
        List<Bound> m = switch (args.size()) {
            case 1 -> Functions.match(c, args, OID);
            case 2 -> Functions.match(c, args, OID, SqlType.BOOL);
            case 3 -> Functions.match(c, args, OID, SqlType.INT4, SqlType.BOOL);
            default -> null;
        };
        if (m == null) {
            return null;
        }
        if (m.size() == 3) {
            // Column n > 0 asks for that key column alone.
            return Functions.strict(m, T, (env, v) -> (Integer) v[1] == 0
                ? body.apply(env.ctx().catalog(), (Long) v[0], (Boolean) v[2])
                : indexColumn(env.ctx().catalog(), (Long) v[0], (Integer) v[1]));
        }
        return Functions.strict(m, T, (env, v) -> body.apply(env.ctx().catalog(), (Long) v[0],
            v.length > 1 && (Boolean) v[1]));
    }

    /** pg_get_expr(expr, relation [, pretty]): the catalog keeps expressions as their text, so the text itself. */
    private static Bound expr(ExprCompiler c, List<Bound> args) {
        List<Bound> m = args.size() == 2 ? Functions.match(c, args, T, OID)
            : args.size() == 3 ? Functions.match(c, args, T, OID, SqlType.BOOL) : null;
        return m == null ? null : Functions.strict(m.subList(0, 1), T, (env, v) -> v[0]);
    }

    /** Basalt keeps no comments on objects, so every description is null. */
    private static Bound description(ExprCompiler c, List<Bound> args) {
        if (args.isEmpty() || args.size() > 2) {
            return null;
        }
        return Bound.literal(null, T);
    }

    /** format_type(type, typmod): the type's name as PostgreSQL prints it, with its modifiers. */
    private static Bound formatType(ExprCompiler c, List<Bound> args) {
        List<Bound> m = Functions.match(c, args, OID, SqlType.INT4);
        if (m == null) {
            return null;
        }
        Expr type = m.get(0).expr();
        Expr mod = m.get(1).expr();
        return Bound.over((env, row) -> {
            Object oid = type.eval(env, row);
            if (oid == null) {
                return null;
            }
            TypeKind k = TypeKind.ofOid((int) (long) (Long) oid);
            if (k == null) {
                return "???";
            }
            Object typmod = mod.eval(env, row);
            return typeWithModifier(k, typmod == null ? -1 : (Integer) typmod).sqlName();
        }, T, m.toArray(Bound[]::new));
    }

    /** The type {@code k} with PostgreSQL's type modifier {@code typmod} (-1: none) decoded. */
    static SqlType typeWithModifier(TypeKind k, int typmod) {
        if (typmod < 4) {
            return SqlType.of(k);
        }
        return switch (k) {
            case VARCHAR, BPCHAR -> new SqlType(k, typmod - 4, -1, -1);
            case NUMERIC -> SqlType.numeric((typmod - 4) >> 16, (typmod - 4) & 0xffff);
            default -> SqlType.of(k);
        };
    }

    /** CREATE INDEX text as pg_get_indexdef prints it, or null for an OID that is no index. */
    private static String indexDef(Catalog catalog, long oid, boolean pretty) {
        Relations.Relation r = Relations.byOid(catalog, oid);
        if (r == null || r.kind() != Relations.Kind.INDEX) {
            return null;
        }
        IndexDef i = r.index();
        StringJoiner cols = new StringJoiner(", ", "(", ")");
        for (int k = 0; k < i.columnIds().size(); k++) {
            cols.add(Quoting.ident(r.table().columnById(i.columnIds().get(k)).name())
                + (i.descending().get(k) ? " DESC" : ""));
        }
        return "CREATE " + (i.unique() ? "UNIQUE " : "") + "INDEX " + Quoting.ident(i.name()) + " ON " + (pretty ? "" : "public.")
            + Quoting.ident(r.table().name()) + " USING btree " + cols;
    }

    private static String indexColumn(Catalog catalog, long oid, int column) {
        Relations.Relation r = Relations.byOid(catalog, oid);
        if (r == null || r.kind() != Relations.Kind.INDEX || column > r.index().columnIds().size()) {
            return r == null ? null : "";
        }
        return Quoting.ident(r.table().columnById(r.index().columnIds().get(column - 1)).name());
    }

    /** A constraint's definition as pg_get_constraintdef prints it, or null for an OID that is no constraint. */
    private static String constraintDef(Catalog catalog, long oid, boolean pretty) {
        Constraints.Constraint con = Constraints.byOid(catalog, oid);
        if (con == null) {
            return null;
        }
        TableDef t = con.table();
        if (con.index() != null) {
            return (con.index().primary() ? "PRIMARY KEY " : "UNIQUE ") + columnList(t, con.index().columnIds());
        }
        if (con.check() != null) {
            return "CHECK (" + con.check().exprSql() + ")";
        }
        ForeignKeyDef fk = con.foreignKey();
        TableDef ref = catalog.tableById(fk.refTableId());
        if (ref == null) {
            throw new SqlException("XX000", "foreign key " + fk.name() + " references a missing table");
        }
        StringBuilder out = new StringBuilder("FOREIGN KEY ").append(columnList(t, fk.columnIds()))
            .append(" REFERENCES ").append(Quoting.ident(ref.name())).append(columnList(ref, fk.refColumnIds()));
        if (fk.onUpdate() != ForeignKeyDef.Action.NO_ACTION) {
            out.append(" ON UPDATE ").append(actionText(fk.onUpdate()));
        }
        if (fk.onDelete() != ForeignKeyDef.Action.NO_ACTION) {
            out.append(" ON DELETE ").append(actionText(fk.onDelete()));
        }
        return out.toString();
    }

    private static String columnList(TableDef t, List<Integer> ids) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (int id : ids) {
            ColumnDef c = t.columnById(id);
            j.add(Quoting.ident(c.name()));
        }
        return j.toString();
    }

    private static String actionText(ForeignKeyDef.Action a) {
        return switch (a) {
            case NO_ACTION -> "NO ACTION";
            case RESTRICT -> "RESTRICT";
            case CASCADE -> "CASCADE";
            case SET_NULL -> "SET NULL";
            case SET_DEFAULT -> "SET DEFAULT";
        };
    }
}
