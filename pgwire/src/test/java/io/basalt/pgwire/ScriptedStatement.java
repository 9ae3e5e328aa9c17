package io.basalt.pgwire;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement of the scripted test engine, parsed. The language is just big enough to drive
 * the protocol:
 * <pre>
 *   SELECT item, ...         item: an integer, 'text', NULL, or $n[::type] (echoes parameter n)
 *   SELECT generate_series(1, N)   N int4 rows
 *   FAIL sqlstate            raises that SQLSTATE (with a detail and a hint)
 *   BEGIN | COMMIT | ROLLBACK
 *   INSERT ... $1 ... $n     records the parameters; tag INSERT 0 1
 *   SET name = value         reports a ParameterStatus
 *   NOTICE text              raises a NOTICE
 *   SLEEP                    waits (up to 10 s) until cancelled: 57014
 *   SYNCFAIL                 makes the next sync() fail with 40001
 *   COPYIN                   COPY FROM STDIN of 2 columns: keeps every byte sent; tag COPY (lines)
 *   COPYOUT N                COPY TO STDOUT of N one-column rows 1..N
 * </pre>
 * Anything else is a 42601 syntax error at position 1.
 */
record ScriptedStatement(String sql, Kind kind, String argument, List<Item> items, List<SqlType> paramTypes,
                         List<Column> columns) implements Prepared {
    enum Kind { SELECT, SERIES, FAIL, BEGIN, COMMIT, ROLLBACK, INSERT, SET, NOTICE, SLEEP, SYNCFAIL, COPYIN, COPYOUT }

    /** A SELECT item: parameter {@code param} (1-based) or, when it is 0, the constant {@code value}. */
    record Item(int param, Object value, SqlType type) {
    }

    private static final Pattern SERIES = Pattern.compile("(?i)SELECT\\s+generate_series\\(\\s*1\\s*,\\s*(\\d+)\\s*\\)");
    private static final Pattern PARAM = Pattern.compile("\\$(\\d{1,9})(?:::(\\w+))?");
    /** Parameters are numbered $1..$PARAMS_MAX, as PostgreSQL would reject $0. */
    private static final int PARAMS_MAX = 100;
    private static final Pattern SET = Pattern.compile("(?i)SET\\s+(\\w+)\\s*(?:=|TO)\\s*'?([^']*)'?");

    static ScriptedStatement parse(String text, List<Integer> oids) {
        String sql = text.strip();
        String upper = sql.toUpperCase(Locale.ROOT);
        String first = upper.split("\\s+", 2)[0];
        Matcher series = SERIES.matcher(sql);
        if (series.matches()) {
            return of(sql, Kind.SERIES, series.group(1), List.of(), List.of(Column.computed("generate_series", SqlType.INT4)));
        }
        return switch (first) {
            case "SELECT" -> select(sql, oids);
            case "FAIL" -> of(sql, Kind.FAIL, sql.substring(4).strip(), List.of(), null);
            case "COPYIN" -> of(sql, Kind.COPYIN, "", List.of(), null);
            case "COPYOUT" -> of(sql, Kind.COPYOUT, sql.substring(7).strip(), List.of(), null);
            case "BEGIN", "COMMIT", "ROLLBACK", "SLEEP", "SYNCFAIL" -> of(sql, Kind.valueOf(first), "", List.of(), null);
            case "NOTICE" -> of(sql, Kind.NOTICE, sql.substring(6).strip(), List.of(), null);
            case "INSERT" -> of(sql, Kind.INSERT, "", paramTypes(sql, oids, List.of()), null);
            case "SET" -> {
                Matcher m = SET.matcher(sql);
                if (!m.matches()) {
                    throw syntax(sql);
                }
                yield of(sql, Kind.SET, m.group(1) + "=" + m.group(2), List.of(), null);
            }
            default -> throw syntax(sql);
        };
    }

    private static ScriptedStatement of(String sql, Kind kind, String arg, List<SqlType> params, List<Column> cols) {
        return new ScriptedStatement(sql, kind, arg, List.of(), params, cols);
    }

    private static ScriptedStatement select(String sql, List<Integer> oids) {
        List<Item> items = new ArrayList<>();
        List<Column> columns = new ArrayList<>();
        List<SqlType> casts = new ArrayList<>();
        for (String raw : sql.substring(6).split(",")) {
            String s = raw.strip();
            Matcher p = PARAM.matcher(s);
            Item item;
            if (p.matches()) {
                int n = paramNumber(p.group(1), sql);
                SqlType cast = p.group(2) == null ? null : type(p.group(2), sql);
                while (casts.size() < n) {
                    casts.add(null);
                }
                casts.set(n - 1, cast);
                item = new Item(n, null, cast);
            } else if (s.matches("-?\\d+")) {
                item = new Item(0, Integer.parseInt(s), SqlType.INT4);
            } else if (s.length() >= 2 && s.startsWith("'") && s.endsWith("'")) {
                item = new Item(0, s.substring(1, s.length() - 1), SqlType.TEXT);
            } else if (s.equalsIgnoreCase("NULL")) {
                item = new Item(0, null, SqlType.TEXT);
            } else {
                throw syntax(sql);
            }
            items.add(item);
        }
        List<SqlType> params = paramTypes(sql, oids, casts);
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            SqlType t = it.param() > 0 && it.type() == null ? params.get(it.param() - 1) : it.type();
            items.set(i, new Item(it.param(), it.value(), t));
            columns.add(Column.computed(it.param() > 0 && it.type() != null ? it.type().kind().name().toLowerCase(Locale.ROOT)
                : "?column?", t));
        }
        return new ScriptedStatement(sql, Kind.SELECT, "", List.copyOf(items), params, List.copyOf(columns));
    }

    /** $1..$max: the client's OID where given, else the cast in the text, else text. */
    private static List<SqlType> paramTypes(String sql, List<Integer> oids, List<SqlType> casts) {
        int max = 0;
        Matcher m = PARAM.matcher(sql);
        while (m.find()) {
            max = Math.max(max, paramNumber(m.group(1), sql));
        }
        List<SqlType> types = new ArrayList<>();
        for (int i = 0; i < max; i++) {
            TypeKind given = i < oids.size() && oids.get(i) != 0 ? TypeKind.ofOid(oids.get(i)) : null;
            SqlType cast = i < casts.size() ? casts.get(i) : null;
            types.add(given != null ? SqlType.of(given) : cast != null ? cast : SqlType.TEXT);
        }
        return List.copyOf(types);
    }

    private static int paramNumber(String digits, String sql) {
        int n = Integer.parseInt(digits);
        if (n < 1 || n > PARAMS_MAX) {
            throw new SqlException("42P02", "there is no parameter $" + n).at(sql.indexOf('$') + 1);
        }
        return n;
    }

    private static SqlType type(String name, String sql) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "int4", "int", "integer" -> SqlType.INT4;
            case "int8", "bigint" -> SqlType.INT8;
            case "text" -> SqlType.TEXT;
            case "varchar" -> SqlType.VARCHAR;
            case "bool", "boolean" -> SqlType.BOOL;
            case "float8" -> SqlType.FLOAT8;
            case "bytea" -> SqlType.BYTEA;
            default -> throw syntax(sql);
        };
    }

    private static SqlException syntax(String sql) {
        String word = sql.isEmpty() ? "end of input" : "\"" + sql.split("\\s+", 2)[0] + "\"";
        return new SqlException("42601", "syntax error at or near " + word).at(1);
    }
}
