package io.basalt.sql.exec;

import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.types.SqlType;
import java.util.List;

/**
 * What planning a statement needs: the catalog version to bind against, the parameter types
 * the client gave ({@code null} entries or a shorter list: infer them), and the statement's
 * text (for error positions).
 */
public record PlanContext(Catalog catalog, List<SqlType> givenParamTypes, String sql) {
}
