package io.basalt.sql.copy;

import io.basalt.sql.api.SqlException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The options of one COPY, checked as PostgreSQL checks them and with its defaults filled in:
 * text uses tab and {@code \N}; CSV uses comma, the empty unquoted string for NULL and
 * {@code "} as quote and escape. Delimiter, quote and escape are single bytes of ASCII, so
 * they can never be part of a multi-byte UTF-8 character.
 */
public record CopyOptions(Format format, byte delimiter, String nullString, Header header, byte quote, byte escape) {
    public enum Format { TEXT, CSV }

    /** HEADER: none, a first line to skip (or to write), or one whose names must match the columns. */
    public enum Header { NONE, PRESENT, MATCH }

    public static final CopyOptions TEXT = new Builder().build(true);

    public boolean csv() {
        return format == Format.CSV;
    }

    /** Collects options by name, in either of COPY's syntaxes, and checks them together at the end. */
    public static final class Builder {
        private final Set<String> seen = new HashSet<>();
        private Format format = Format.TEXT;
        private String delimiter;
        private String nullString;
        private Header header = Header.NONE;
        private String quote;
        private String escape;

        /** Sets option {@code name} to {@code value} (null: given without a value). */
        public Builder option(String name, String value) {
            String n = name.toLowerCase(Locale.ROOT);
            if (!seen.add(n)) {
                throw new SqlException("42601", "conflicting or redundant options");
            }
            switch (n) {
                case "format" -> format = format(required(n, value));
                case "delimiter" -> delimiter = required(n, value);
                case "null" -> nullString = required(n, value);
                case "header" -> header = header(value);
                case "quote" -> quote = required(n, value);
                case "escape" -> escape = required(n, value);
                case "freeze" -> bool(n, value);
                case "encoding" -> encoding(required(n, value));
                case "force_quote", "force_not_null", "force_null" ->
                    throw new SqlException("0A000", "COPY " + n.toUpperCase(Locale.ROOT) + " is not supported");
                default -> throw new SqlException("42601", "option \"" + n + "\" not recognized");
            }
            return this;
        }

        /** The options of a COPY FROM ({@code from}) or COPY TO. */
        public CopyOptions build(boolean from) {
            boolean csv = format == Format.CSV;
            byte delim = single("delimiter", delimiter == null ? (csv ? "," : "\t") : delimiter);
            String nul = nullString == null ? (csv ? "" : "\\N") : nullString;
            if (!csv && quote != null) {
                throw new SqlException("0A000", "COPY quote available only in CSV mode");
            }
            if (!csv && escape != null) {
                throw new SqlException("0A000", "COPY escape available only in CSV mode");
            }
            byte q = single("quote", quote == null ? "\"" : quote);
            byte esc = escape == null ? q : single("escape", escape);
            if (delim == '\n' || delim == '\r') {
                throw new SqlException("22023", "COPY delimiter cannot be newline or carriage return");
            }
            if (nul.indexOf('\n') >= 0 || nul.indexOf('\r') >= 0) {
                throw new SqlException("22023", "COPY null representation cannot use newline or carriage return");
            }
            if (!csv && "\\.abcdefghijklmnopqrstuvwxyz0123456789".indexOf(delim) >= 0) {
                throw new SqlException("22023", "COPY delimiter cannot be \"" + (char) delim + "\"");
            }
            if (csv && delim == q) {
                throw new SqlException("22023", "COPY delimiter and quote must be different");
            }
            if (nul.indexOf((char) delim) >= 0) {
                throw new SqlException("22023", "COPY delimiter must not appear in the NULL specification");
            }
            if (csv && nul.indexOf((char) q) >= 0) {
                throw new SqlException("22023", "CSV quote character must not appear in the NULL specification");
            }
            if (header == Header.MATCH && !from) {
                throw new SqlException("0A000", "cannot use \"match\" with HEADER in COPY TO");
            }
            return new CopyOptions(format, delim, nul, header, q, esc);
        }

        private static String required(String name, String value) {
            if (value == null) {
                throw new SqlException("42601", name + " requires a parameter");
            }
            return value;
        }

        private static Format format(String v) {
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "text" -> Format.TEXT;
                case "csv" -> Format.CSV;
                case "binary" -> throw new SqlException("0A000", "COPY format \"binary\" is not supported");
                default -> throw new SqlException("22023", "COPY format \"" + v + "\" not recognized");
            };
        }

        private static Header header(String v) {
            if (v != null && v.equalsIgnoreCase("match")) {
                return Header.MATCH;
            }
            return bool("header", v) ? Header.PRESENT : Header.NONE;
        }

        private static boolean bool(String name, String v) {
            if (v == null) {
                return true;
            }
            return switch (v.toLowerCase(Locale.ROOT)) {
                case "true", "on", "1", "yes" -> true;
                case "false", "off", "0", "no" -> false;
                default -> throw new SqlException("22023", name + " requires a Boolean value");
            };
        }

        private static void encoding(String v) {
            String e = v.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            if (!e.equals("utf8") && !e.equals("unicode")) {
                throw new SqlException("0A000", "COPY ENCODING \"" + v + "\" is not supported: Basalt speaks UTF8 only");
            }
        }

        private static byte single(String what, String v) {
            byte[] b = v.getBytes(StandardCharsets.UTF_8);
            if (b.length != 1 || b[0] < 0) {
                throw new SqlException("0A000", "COPY " + what + " must be a single one-byte character");
            }
            return b[0];
        }
    }
}
