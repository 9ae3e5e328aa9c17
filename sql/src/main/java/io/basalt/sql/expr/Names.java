package io.basalt.sql.expr;

import java.util.Locale;

/** Identifier folding as PostgreSQL does it: unquoted names fold to lower case, quoted ones are kept. */
public final class Names {
    private Names() {
    }

    /** The folded table qualifier of a column reference ({@code t} in {@code t.x}), or null. */
    public static String qualifier(net.sf.jsqlparser.schema.Column c) {
        return c.getTable() == null || c.getTable().getName() == null ? null : fold(c.getTable().getName());
    }

    /** The catalog form of an identifier as written ({@code Foo} is foo, {@code "Foo"} is Foo). */
    public static String fold(String ident) {
        if (ident == null) {
            return null;
        }
        if (ident.length() >= 2 && ident.startsWith("\"") && ident.endsWith("\"")) {
            return ident.substring(1, ident.length() - 1).replace("\"\"", "\"");
        }
        return ident.toLowerCase(Locale.ROOT);
    }
}
