package io.basalt.cli.load;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code COPY t [(cols)] FROM STDIN WITH (...)} statement each batch runs. The table and
 * column names are passed on as written (so {@code "Mixed Case"} and {@code schema.t} work as in
 * psql), after checking that each is one identifier: the statement can hold nothing else.
 * The header line is never sent: the loader reads past it itself, so that the server's line
 * numbers count data rows only.
 */
public record CopySql(String table, List<String> columns, boolean csv, String delimiter, String nullString,
                      String quote, String escape) {
    private static final String IDENTIFIER = "(?:[\\p{L}_][\\p{L}\\p{N}_$]*|\"(?:[^\"]|\"\")+\")";
    private static final Pattern TABLE = Pattern.compile(IDENTIFIER + "(?:\\." + IDENTIFIER + "){0,2}");
    private static final Pattern COLUMN = Pattern.compile(IDENTIFIER);

    public CopySql {
        if (!TABLE.matcher(table).matches()) {
            throw new IllegalArgumentException("--table must be a table name, optionally schema-qualified"
                + " (e.g. t, public.t or \"My Table\"), not '" + table + "'");
        }
        columns = List.copyOf(columns);
        for (String c : columns) {
            if (!COLUMN.matcher(c).matches()) {
                throw new IllegalArgumentException("--columns must be column names separated by commas, not '" + c + "'");
            }
        }
        if (!csv && (quote != null || escape != null)) {
            throw new IllegalArgumentException("--quote and --escape apply to --format csv only");
        }
        // The rows are split by these, so they are checked here and not only by the server.
        for (String[] option : new String[][] {{"--quote", quote}, {"--escape", escape}}) {
            String v = option[1];
            if (v != null && (v.length() != 1 || v.charAt(0) > 127)) {
                throw new IllegalArgumentException(option[0] + " must be a single ASCII character, not '" + v + "'");
            }
        }
    }

    /** Splits {@code a, b,"c,d"} into names at the commas outside double quotes. */
    public static List<String> parseColumns(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        out.add(current.toString().strip());
        return out;
    }

    public String statement() {
        StringBuilder sql = new StringBuilder("COPY ").append(table);
        if (!columns.isEmpty()) {
            sql.append(" (").append(String.join(", ", columns)).append(')');
        }
        sql.append(" FROM STDIN WITH (FORMAT ").append(csv ? "csv" : "text");
        option(sql, "DELIMITER", delimiter);
        option(sql, "NULL", nullString);
        option(sql, "QUOTE", quote);
        option(sql, "ESCAPE", escape);
        return sql.append(')').toString();
    }

    /** The quote byte the rows are split by (CSV). */
    public byte quoteByte() {
        return quote == null ? (byte) '"' : (byte) quote.charAt(0);
    }

    /** The escape byte the rows are split by (CSV): the quote unless given. */
    public byte escapeByte() {
        return escape == null ? quoteByte() : (byte) escape.charAt(0);
    }

    private static void option(StringBuilder sql, String name, String value) {
        if (value != null) {
            sql.append(", ").append(name).append(" '").append(value.replace("'", "''")).append('\'');
        }
    }
}
