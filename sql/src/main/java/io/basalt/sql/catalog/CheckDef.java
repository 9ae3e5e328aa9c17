package io.basalt.sql.catalog;

/** A CHECK constraint; {@code exprSql} is its boolean expression as SQL text. */
public record CheckDef(String name, String exprSql) {

    /** The folded names of the columns the expression mentions, in order of first mention. */
    public java.util.Set<String> columnNames() {
        return SqlText.columnsOf(exprSql);
    }
}
