package io.basalt.sql.plan;

import io.basalt.sql.api.Column;
import io.basalt.sql.types.SqlType;
import java.util.List;

/** A planned query: the node producing its rows and the shape of those rows. */
record QueryPlan(PlanNode root, List<Column> columns) {
    List<SqlType> types() {
        return columns.stream().map(Column::type).toList();
    }

    List<String> names() {
        return columns.stream().map(Column::name).toList();
    }
}
