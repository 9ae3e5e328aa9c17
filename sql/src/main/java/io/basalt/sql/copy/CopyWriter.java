package io.basalt.sql.copy;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes rows of COPY TO output, each a line ending in a newline, as PostgreSQL 15 writes
 * them. Text: NULL is the NULL string; backslash, the delimiter, and the control characters
 * {@code \b \f \n \r \t \v} are escaped with a backslash. CSV: NULL is the NULL string
 * unquoted; a value is quoted when it holds the delimiter, the quote, a newline or carriage
 * return, equals the NULL string, or is {@code \.} alone on its line, and inside quotes the
 * quote and escape characters are preceded by the escape character.
 */
public final class CopyWriter {
    private final CopyOptions options;
    private final StringBuilder line = new StringBuilder();

    public CopyWriter(CopyOptions options) {
        this.options = options;
    }

    /** The header line: the column names. */
    public byte[] header(List<String> names) {
        return row(names.toArray(String[]::new));
    }

    /** One row's line; null entries are SQL NULL. */
    public byte[] row(String[] values) {
        line.setLength(0);
        char delimiter = (char) options.delimiter();
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                line.append(delimiter);
            }
            String v = values[i];
            if (v == null) {
                line.append(options.nullString());
            } else if (options.csv()) {
                csv(v, values.length == 1);
            } else {
                text(v, delimiter);
            }
        }
        line.append('\n');
        return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void text(String v, char delimiter) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\b' -> line.append("\\b");
                case '\f' -> line.append("\\f");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                case '\t' -> line.append("\\t");
                case 0x0B -> line.append("\\v");
                default -> {
                    if (c == delimiter) {
                        line.append('\\');
                    }
                    line.append(c);
                }
            }
        }
    }

    private void csv(String v, boolean onlyValue) {
        char delimiter = (char) options.delimiter();
        char quote = (char) options.quote();
        char escape = (char) options.escape();
        boolean quoted = v.equals(options.nullString()) || (onlyValue && v.equals("\\."));
        for (int i = 0; i < v.length() && !quoted; i++) {
            char c = v.charAt(i);
            quoted = c == delimiter || c == quote || c == '\n' || c == '\r';
        }
        if (!quoted) {
            line.append(v);
            return;
        }
        line.append(quote);
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c == quote || c == escape) {
                line.append(escape);
            }
            line.append(c);
        }
        line.append(quote);
    }
}
