package io.basalt.sql.api;

import java.util.List;
import java.util.Map;

/**
 * The outcome of one statement.
 *
 * @param columns   the row shape, or null for a statement that returns no rows (then
 *                  pgwire sends NoData / no RowDescription)
 * @param rows      the rows, each an array of engine values in column order (empty when
 *                  {@code columns} is null)
 * @param commandTag the CommandComplete tag, e.g. {@code SELECT 3}, {@code INSERT 0 1},
 *                  {@code BEGIN}; null for an empty query string (EmptyQueryResponse)
 * @param notices   notices raised while the statement ran, in order
 * @param parameterChanges run-time parameters the statement changed (SET TimeZone ...), to be
 *                  reported with ParameterStatus
 */
public record Result(List<Column> columns, List<Object[]> rows, String commandTag, List<Notice> notices,
                     Map<String, String> parameterChanges) {
    public static Result command(String tag) {
        return new Result(null, List.of(), tag, List.of(), Map.of());
    }

    public static Result empty() {
        return new Result(null, List.of(), null, List.of(), Map.of());
    }

    public boolean returnsRows() {
        return columns != null;
    }
}
