package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import java.util.List;
import java.util.stream.Collectors;

/** The binder's and planner's user errors, worded and coded as PostgreSQL words and codes them. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** 0A000 for a construct Basalt does not implement: "RIGHT JOIN is not supported". */
    public static SqlException notSupported(String what) {
        return new SqlException("0A000", what + " is not supported");
    }

    /** 0A000 for constructs named in the plural: "WITH queries are not supported". */
    public static SqlException notSupportedPlural(String what) {
        return new SqlException("0A000", what + " are not supported");
    }

    public static SqlException operatorDoesNotExist(String op, SqlType left, SqlType right) {
        String shown = left == null ? op + " " + right.kind().sqlName()
                : left.kind().sqlName() + " " + op + " " + right.kind().sqlName();
        return new SqlException("42883", "operator does not exist: " + shown, null,
                "No operator matches the given name and argument types. You might need to add explicit type casts.",
                0, null);
    }

    public static SqlException functionDoesNotExist(String name, List<SqlType> args) {
        String shown = args.stream().map(t -> t.kind().sqlName()).collect(Collectors.joining(", "));
        return new SqlException("42883", "function " + name + "(" + shown + ") does not exist", null,
                "No function matches the given name and argument types. You might need to add explicit type casts.",
                0, null);
    }

    /** 42725: several overloads of {@code name} fit the arguments and none is the best. */
    public static SqlException functionNotUnique(String name, List<SqlType> args) {
        String shown = args.stream().map(t -> t.kind().sqlName()).collect(Collectors.joining(", "));
        return new SqlException("42725", "function " + name + "(" + shown + ") is not unique", null,
                "Could not choose a best candidate function. You might need to add explicit type casts.", 0, null);
    }

    /** 42804, e.g. "argument of WHERE must be type boolean, not type integer". */
    public static SqlException datatypeMismatch(String message) {
        return new SqlException("42804", message);
    }

    public static SqlException cannotCast(SqlType from, SqlType to) {
        return new SqlException("42846", "cannot cast type " + from.kind().sqlName() + " to " + to.sqlName());
    }

    /** 42803: a column used outside an aggregate in a grouped query. */
    public static SqlException mustGroup(String table, String column) {
        String shown = table == null ? column : table + "." + column;
        return new SqlException("42803", "column \"" + shown
                + "\" must appear in the GROUP BY clause or be used in an aggregate function");
    }

    public static SqlException syntax(String message) {
        return new SqlException("42601", message);
    }
}
