package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Subquery;
import io.basalt.sql.types.SqlType;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;

/** A planned query as a subquery expression sees it. */
final class PlannedSubquery implements Subquery {
    private final QueryPlan plan;
    private final BitSet outerRefs;
    private final boolean furtherOut;

    PlannedSubquery(QueryPlan plan, BitSet outerRefs, boolean furtherOut) {
        this.plan = plan;
        this.outerRefs = outerRefs;
        this.furtherOut = furtherOut;
    }

    @Override
    public List<SqlType> columnTypes() {
        return plan.types();
    }

    @Override
    public List<String> columnNames() {
        return plan.names();
    }

    @Override
    public BitSet outerRefs() {
        return (BitSet) outerRefs.clone();
    }

    @Override
    public boolean readsFurtherOut() {
        return furtherOut;
    }

    @Override
    public Iterator<Object[]> open(Env env) {
        return plan.root().open(env);
    }
}
