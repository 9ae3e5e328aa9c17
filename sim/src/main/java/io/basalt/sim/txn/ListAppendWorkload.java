package io.basalt.sim.txn;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.basalt.common.Prng;
import io.basalt.sim.check.txn.MicroOp;
import io.basalt.sim.check.txn.Outcome;
import io.basalt.sim.check.txn.TxnRecord;
import io.basalt.txn.engine.TxnResult;
import io.basalt.txn.mvcc.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Elle's list-append workload: each transaction appends unique values to a few lists and reads
 * lists, some by a scan of every key (so an insert into the range is a phantom the scan must
 * lock out). A list is stored as its comma-separated values; an append reads the list and
 * writes it back longer. Transactions that only read run read-only (snapshot) half the time.
 */
public final class ListAppendWorkload implements TxnClient.Workload {
    /** Values of one process never collide with another's. */
    private static final long VALUES_PER_PROCESS = 1_000_000_000L;
    static final String SCAN_START = "k";
    static final String SCAN_END = "l";

    private final int process;
    private final int keys;
    private final TxnHistory history;
    private long nextValue;

    public ListAppendWorkload(int process, int keys, TxnHistory history) {
        this.process = process;
        this.keys = keys;
        this.history = history;
    }

    @Override
    public TxnClient.Txn newTxn(Prng prng) {
        int n = 1 + prng.nextInt(4);
        List<Planned> plan = new ArrayList<>();
        boolean writes = false;
        for (int i = 0; i < n; i++) {
            double roll = prng.nextDouble();
            String key = "k" + prng.nextInt(keys);
            if (roll < 0.5 && plan.stream().noneMatch(p -> p.append && p.key.equals(key))) {
                plan.add(new Planned(true, false, key, (long) (process + 1) * VALUES_PER_PROCESS + ++nextValue));
                writes = true;
            } else if (roll < 0.85) {
                plan.add(new Planned(false, false, key, 0));
            } else {
                plan.add(new Planned(false, true, null, 0));
            }
        }
        return new Run(plan, !writes && prng.chance(0.5));
    }

    private record Planned(boolean append, boolean scan, String key, long value) {}

    private final class Run implements TxnClient.Txn {
        private final List<Planned> plan;
        private final boolean readOnly;
        private final List<MicroOp> ops = new ArrayList<>();
        private int index;
        /** For an append: its read of the list was sent, the write is next. */
        private boolean appendRead;

        Run(List<Planned> plan, boolean readOnly) {
            this.plan = plan;
            this.readOnly = readOnly;
        }

        @Override
        public boolean readOnly() {
            return readOnly;
        }

        @Override
        public Step next(TxnResult previous) {
            if (previous != null) {
                Planned p = plan.get(index);
                if (p.append && appendRead) {
                    List<Long> list = decode(((TxnResult.Value) previous).value());
                    list.add(p.value);
                    appendRead = false;
                    return new Step.Put(p.key, encode(list));
                }
                record(p, previous);
                index++;
            }
            if (index >= plan.size()) {
                return null;
            }
            Planned p = plan.get(index);
            if (p.scan) {
                return new Step.Scan(SCAN_START, SCAN_END);
            }
            appendRead = p.append;
            return new Step.Get(p.key);
        }

        private void record(Planned p, TxnResult r) {
            if (p.append) {
                ops.add(new MicroOp.Append(p.key, p.value));
            } else if (p.scan) {
                Map<String, List<Long>> seen = new HashMap<>();
                for (KeyValue kv : ((TxnResult.Rows) r).rows()) {
                    seen.put(new String(kv.key(), UTF_8), decode(kv.value()));
                }
                for (int k = 0; k < keys; k++) {
                    ops.add(new MicroOp.Read("k" + k, seen.getOrDefault("k" + k, List.of())));
                }
            } else {
                ops.add(new MicroOp.Read(p.key, decode(((TxnResult.Value) r).value())));
            }
        }

        @Override
        public void finished(Outcome outcome, long invokeUs, long completeUs) {
            // Only steps that were answered are recorded: a commit is sent only after all of them,
            // so a transaction that may have committed has every append here. Reads count only
            // for committed transactions.
            List<MicroOp> recorded = new ArrayList<>();
            for (MicroOp op : ops) {
                recorded.add(outcome == Outcome.OK || op instanceof MicroOp.Append ? op
                    : new MicroOp.Read(op.key(), null));
            }
            history.record(new TxnRecord(history.nextId(), process, invokeUs, completeUs, outcome, recorded));
        }
    }

    static List<Long> decode(byte[] value) {
        List<Long> out = new ArrayList<>();
        if (value == null || value.length == 0) {
            return out;
        }
        for (String s : new String(value, UTF_8).split(",")) {
            out.add(Long.parseLong(s));
        }
        return out;
    }

    static byte[] encode(List<Long> list) {
        return String.join(",", list.stream().map(String::valueOf).toList()).getBytes(UTF_8);
    }
}
