package io.basalt.sql.store;

/**
 * One end of an index range: the first {@code values.length} key columns of the index, and
 * whether rows equal to that prefix are included. A null bound means the range is open.
 */
public record KeyBound(Object[] values, boolean inclusive) {
}
