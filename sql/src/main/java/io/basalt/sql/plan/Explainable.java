package io.basalt.sql.plan;

/** A planned statement EXPLAIN can describe. */
interface Explainable {
    ExplainNode explain();
}
