package io.basalt.sim.txn;

import io.basalt.sim.check.Checks;
import io.basalt.sim.check.txn.Anomaly;
import io.basalt.sim.check.txn.BankChecker;
import io.basalt.sim.check.txn.ListAppendChecker;
import io.basalt.sim.check.txn.ListAppendReport;
import io.basalt.sim.workload.Workload;

/**
 * The end-of-run checks of a transactional workload: for list-append, every dependency cycle
 * (real-time order included: SERIALIZABLE promises strict serializability); for the bank,
 * every committed full read shows every account, the fixed total and no negative balance.
 * Violations are named by the anomaly ("list-append:G2", "bank:wrong-total"). In async mode a
 * failover can lose acknowledged commits, so anomalies there are notes.
 */
public final class TxnChecks {
    private final Checks checks;
    private final TxnHistory history;
    private final Workload workload;
    private final int keys;
    private final long nowUs;

    public TxnChecks(Checks checks, TxnHistory history, Workload workload, int keys, long nowUs) {
        this.checks = checks;
        this.history = history;
        this.workload = workload;
        this.keys = keys;
        this.nowUs = nowUs;
    }

    public void check() {
        switch (workload) {
            case LIST_APPEND -> {
                ListAppendReport report = ListAppendChecker.check(history.records(), true);
                report.anomalies().forEach(a -> report("list-append", a));
            }
            case BANK -> BankChecker.check(history.bankReads(), BankWorkload.total(keys), BankWorkload.accountNames(keys))
                .forEach(a -> report("bank", a));
            case REGISTER -> throw new IllegalStateException("not a transactional workload");
        }
    }

    private void report(String workloadName, Anomaly a) {
        String name = workloadName + ":" + a.kind();
        if (checks.synchronous()) {
            checks.violations().violation(name, a.explanation(), nowUs);
        } else {
            checks.violations().note(name, a.explanation(), nowUs);
        }
    }
}
