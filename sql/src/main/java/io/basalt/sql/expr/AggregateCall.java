package io.basalt.sql.expr;

import io.basalt.sql.types.SqlType;
import java.util.function.Supplier;

/**
 * One aggregate call of a grouped query, bound against the rows being grouped.
 *
 * @param text     the call as written, to recognise the same call elsewhere in the query
 * @param arg      the argument over input rows, null for {@code count(*)}
 * @param arg2     string_agg's delimiter, else null
 * @param distinct whether only distinct argument values count
 * @param type     the result type
 * @param factory  makes the state for one group
 * @param filter   the FILTER (WHERE ...) condition over input rows, null for none: rows for
 *                 which it is not true are not aggregated
 */
public record AggregateCall(String text, Bound arg, Bound arg2, boolean distinct, SqlType type,
                            Supplier<Accumulator> factory, Bound filter) {

    public AggregateCall(String text, Bound arg, Bound arg2, boolean distinct, SqlType type,
                         Supplier<Accumulator> factory) {
        this(text, arg, arg2, distinct, type, factory, null);
    }

    /** This call aggregating only the rows {@code newFilter} is true for, recognised as {@code newText}. */
    public AggregateCall withFilter(String newText, Bound newFilter) {
        return new AggregateCall(newText, arg, arg2, distinct, type, factory, newFilter);
    }
}
