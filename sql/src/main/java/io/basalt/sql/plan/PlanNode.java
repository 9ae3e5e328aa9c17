package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import java.util.Iterator;

/** A node of an executable query plan: it produces rows on demand and can describe itself for EXPLAIN. */
public interface PlanNode {
    /** Starts producing rows; every call starts afresh. */
    Iterator<Object[]> open(Env env);

    ExplainNode explain();

    /** The order its rows come out in, if it guarantees one. */
    default RowOrder order() {
        return RowOrder.NONE;
    }
}
