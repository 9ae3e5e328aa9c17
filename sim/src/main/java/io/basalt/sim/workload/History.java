package io.basalt.sim.workload;

import java.util.ArrayList;
import java.util.List;

/** Every client operation of a run, as invoked and as answered. */
public final class History {
    private final List<Op> ops = new ArrayList<>();
    private long lastAckedWriteInvokeUs = -1;

    public int invoke(long clientId, Op.Kind kind, String key, long value, long expected, long nowUs) {
        int id = ops.size();
        ops.add(Op.invoked(id, clientId, kind, key, value, expected, nowUs));
        return id;
    }

    public Op get(int id) {
        return ops.get(id);
    }

    public void ok(int id, long nowUs, long outValue, boolean outOk, long index, long term) {
        Op op = ops.get(id);
        ops.set(id, op.ok(nowUs, outValue, outOk, index, term));
        if (op.isWrite()) {
            lastAckedWriteInvokeUs = Math.max(lastAckedWriteInvokeUs, op.invokeUs());
        }
    }

    public void unknown(int id) {
        ops.set(id, ops.get(id).unknown());
    }

    /** Marks every operation still waiting as unknown (the run ended first). */
    public void closePending() {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).outcome() == Op.Outcome.PENDING) {
                unknown(i);
            }
        }
    }

    /** True if a write invoked at or after {@code sinceUs} was acknowledged. */
    public boolean writeAckedInvokedSince(long sinceUs) {
        return lastAckedWriteInvokeUs >= sinceUs;
    }

    public List<Op> ops() {
        return List.copyOf(ops);
    }
}
