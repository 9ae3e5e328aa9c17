package io.basalt.sql.expr;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The types of $1..$n while a statement is bound: those the client gave, and those inferred
 * from the first context that fixes them ({@code col = $1} gives $1 the column's type).
 * A parameter nothing types is text, as PostgreSQL resolves a lone unknown.
 */
public final class ParamTypes {
    /** PostgreSQL's limit on parameters of one statement (the Bind message counts them in 16 bits). */
    public static final int PARAMS_MAX = 65535;

    private final List<SqlType> given;
    private final Map<Integer, SqlType> inferred = new HashMap<>();
    private int highest;

    public ParamTypes(List<SqlType> given) {
        this.given = given == null ? List.of() : given;
    }

    /** The type of $n if known yet, else UNKNOWN; remembers that $n is used. */
    public SqlType typeOf(int n) {
        if (n < 1 || n > PARAMS_MAX) {
            throw new SqlException("42P02", "there is no parameter $" + n);
        }
        highest = Math.max(highest, n);
        if (n <= given.size() && given.get(n - 1) != null && given.get(n - 1).kind() != TypeKind.UNKNOWN) {
            return given.get(n - 1);
        }
        SqlType t = inferred.get(n);
        return t == null ? SqlType.UNKNOWN : t;
    }

    /** Fixes the type of $n unless it is already known; modifiers are dropped, as PostgreSQL does. */
    public void infer(int n, SqlType type) {
        if (type.kind() == TypeKind.UNKNOWN || typeOf(n).kind() != TypeKind.UNKNOWN) {
            return;
        }
        inferred.put(n, SqlType.of(type.kind()));
    }

    /** The final types of $1..$n, untyped ones as text. */
    public List<SqlType> resolved() {
        int n = Math.max(highest, given.size());
        List<SqlType> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            SqlType t = i <= highest ? typeOf(i) : given.get(i - 1);
            out.add(t == null || t.kind() == TypeKind.UNKNOWN ? SqlType.TEXT : t);
        }
        return out;
    }
}
