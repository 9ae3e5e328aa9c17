package io.basalt.sql.expr;

/** The running state of one aggregate call within one group. */
public interface Accumulator {
    /** Adds one input row's argument values ({@code b} is string_agg's delimiter, else null). */
    void add(Object a, Object b);

    /** The aggregate's value over everything added so far. */
    Object result();
}
