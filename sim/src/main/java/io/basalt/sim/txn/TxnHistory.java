package io.basalt.sim.txn;

import io.basalt.sim.check.txn.BankRead;
import io.basalt.sim.check.txn.Outcome;
import io.basalt.sim.check.txn.TxnRecord;
import java.util.ArrayList;
import java.util.List;

/** Every transaction of a run as its client saw it, for the checkers. */
public final class TxnHistory {
    private final List<TxnRecord> records = new ArrayList<>();
    private final List<BankRead> bankReads = new ArrayList<>();
    private long lastCommittedInvokeUs = -1;
    private int ok;
    private int failed;
    private int unknown;

    int nextId() {
        return records.size() + bankReads.size() + ok + failed + unknown;
    }

    void record(TxnRecord r) {
        records.add(r);
        count(r.outcome(), r.invokeTime());
    }

    void count(Outcome outcome, long invokeUs) {
        switch (outcome) {
            case OK -> {
                ok++;
                lastCommittedInvokeUs = Math.max(lastCommittedInvokeUs, invokeUs);
            }
            case FAIL -> failed++;
            case INFO -> unknown++;
        }
    }

    void bankRead(BankRead r) {
        bankReads.add(r);
    }

    public List<TxnRecord> records() {
        return List.copyOf(records);
    }

    public List<BankRead> bankReads() {
        return List.copyOf(bankReads);
    }

    /** True if a transaction invoked at or after {@code sinceUs} committed. */
    public boolean committedInvokedSince(long sinceUs) {
        return lastCommittedInvokeUs >= sinceUs;
    }

    public int total() {
        return ok + failed + unknown;
    }

    public int committed() {
        return ok;
    }

    public int unknown() {
        return unknown;
    }
}
