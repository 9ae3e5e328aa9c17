package io.basalt.sql.catalog;

/** A CHECK constraint; {@code exprSql} is its boolean expression as SQL text. */
public record CheckDef(String name, String exprSql) {
}
