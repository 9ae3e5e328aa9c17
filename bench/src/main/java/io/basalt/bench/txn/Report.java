package io.basalt.bench.txn;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tables printed at the end of a run, one per figure, from the phases that ran. */
final class Report {
    private static final String HEADER = String.format(Locale.ROOT, "  %-28s %9s %9s %9s %9s %9s %7s", "", "txn/s",
        "p50 ms", "p99 ms", "max ms", "aborts/s", "errors");
    /** (c) may slow (a) by at most this share. */
    private static final double SNAPSHOT_SLOWDOWN_MAX = 0.10;
    /** (d): a deadlock's victim learns of it within this, at the 99th percentile. */
    private static final double DEADLOCK_ABORT_P99_MS_MAX = 50;

    private final TxnBenchOptions o;
    private final PrintStream out;

    Report(TxnBenchOptions o, PrintStream out) {
        this.o = o;
        this.out = out;
    }

    /** The phase of (a) with (c) beside it in round {@code round} (from 1): c, c2, c3, ... */
    static String withName(int round) {
        return round == 1 ? "c" : "c" + round;
    }

    /** The phase of (a) alone: a before the first round, then a2 after round 1, a3 after round 2, ... */
    static String aloneName(int index) {
        return index == 1 ? "a" : "a" + index;
    }

    /** {@code r}: phase results by "phase/group" (a/rw, c/rw, c/ro, a2/rw, c2/rw, ..., e/put, b/hot). */
    void print(Map<String, PhaseResult> r, String hotCheck, DeadlockProbe.Result d) {
        out.printf(Locale.ROOT, "Each load phase: %d s measured after %d s of warm-up; latency of a whole unit"
            + " (begin of the first attempt to the commit that succeeded, retries included).%n", o.durationS(),
            o.warmupS());
        if (r.containsKey("a/rw") || r.containsKey("e/put")) {
            readWriteVsPut(r.get("a/rw"), r.get("e/put"));
        }
        if (r.containsKey("c/rw")) {
            snapshots(r);
        }
        if (r.containsKey("b/hot")) {
            hotSpot(r.get("b/hot"), r.get("b2/hot"), hotCheck);
        }
        if (d != null) {
            deadlocks(d);
        }
        out.flush();
    }

    private void readWriteVsPut(PhaseResult a, PhaseResult e) {
        out.printf(Locale.ROOT, "%n(a) uncontended read-write transactions: get %d random keys of %d, put them, commit;"
            + " %d clients%n(e) single-key put of a random key of the same space (client.put), %d clients%n",
            o.keysPerTxn(), o.keys(), o.clients(), o.clients());
        out.println(HEADER);
        row("(a) read-write txn", a);
        row("(e) single put", e);
        if (a != null && e != null && e.perSecond() > 0) {
            out.printf(Locale.ROOT, "  (a)/(e) throughput: %.2f (1.00: a %d-key transaction costs one replicated"
                + " write; %.2f: it costs %d)%n", a.perSecond() / e.perSecond(), o.keysPerTxn(), 1.0 / o.keysPerTxn(),
                o.keysPerTxn());
        }
        if (a != null && e != null) {
            out.printf(Locale.ROOT, "  commit step of (a): p50 %.2f p99 %.2f ms vs one single put: p50 %.2f p99 %.2f ms"
                + " (the commit is one replicated log entry for all %d keys)%n", a.commitP50Ms(), a.commitP99Ms(),
                e.p50Ms(), e.p99Ms(), o.keysPerTxn());
        }
    }

    /**
     * (c)'s verdict: the pooled rate of (a) beside the readers over the pooled rate of (a) alone,
     * every round counted. Each round's own ratio (against the mean of the two phases of (a) alone
     * around it) is printed too, so that the spread between rounds shows next to the verdict.
     */
    private void snapshots(Map<String, PhaseResult> r) {
        List<PhaseResult> alone = new ArrayList<>();
        List<PhaseResult> with = new ArrayList<>();
        List<PhaseResult> readers = new ArrayList<>();
        alone.add(r.get(aloneName(1) + "/rw"));
        for (int round = 1; r.containsKey(withName(round) + "/rw"); round++) {
            with.add(r.get(withName(round) + "/rw"));
            readers.add(r.get(withName(round) + "/ro"));
            alone.add(r.get(aloneName(round + 1) + "/rw"));
        }
        out.printf(Locale.ROOT, "%n(c) read-only snapshot transactions (begin(readOnly, SERIALIZABLE), scan %d rows"
            + " from a random key, commit), %d threads, beside (a); %d rounds of (a) beside (c) then (a) alone%n",
            o.scanRows(), o.readers(), with.size());
        out.println(HEADER);
        row("(a) alone", alone.getFirst());
        for (int i = 0; i < with.size(); i++) {
            row("(a) beside (c), round " + (i + 1), with.get(i));
            row("(c) readers, round " + (i + 1), readers.get(i));
            row("(a) alone", alone.get(i + 1));
            double around = mean(List.of(alone.get(i), alone.get(i + 1)));
            out.printf(Locale.ROOT, "  round %d: (a) beside (c) / (a) alone around it: %.3f%n", i + 1,
                rate(with.get(i)) / around);
        }
        double ratio = mean(with) / mean(alone);
        out.printf(Locale.ROOT, "  (a) beside (c) / (a) alone, pooled: %.1f / %.1f txn/s = %.3f, slowdown %.1f%%"
            + " (target <= %.0f%%: %s)%n", mean(with), mean(alone), ratio, 100 * (1 - ratio),
            100 * SNAPSHOT_SLOWDOWN_MAX,
            Double.isNaN(ratio) ? "unknown" : 1 - ratio <= SNAPSHOT_SLOWDOWN_MAX ? "met" : "MISSED");
    }

    /** The mean rate of the phases that ran; NaN when none did. */
    private static double mean(List<PhaseResult> phases) {
        return phases.stream().filter(p -> p != null).mapToDouble(PhaseResult::perSecond).average()
            .orElse(Double.NaN);
    }

    private static double rate(PhaseResult p) {
        return p == null ? Double.NaN : p.perSecond();
    }

    private void hotSpot(PhaseResult b, PhaseResult forUpdate, String check) {
        out.printf(Locale.ROOT, "%n(b) hot spot: each transaction reads and writes back (+1) 2 of %d keys in random"
            + " order; %d clients; an aborted transaction is retried at once%n", o.hotKeys(), o.clients());
        out.println(HEADER);
        row("(b) committed txns", b);
        abortLine(b);
        if (forUpdate != null) {
            row("(b) reading FOR UPDATE", forUpdate);
            abortLine(forUpdate);
        }
        out.println("  " + check);
    }

    private void abortLine(PhaseResult b) {
        double s = b.seconds();
        long other = b.abortTotal() - b.abortCount("40P01") - b.abortCount("55P03") - b.abortCount("40001");
        double attemptsPerTxn = b.units() == 0 ? Double.NaN : (double) b.attempts() / b.units();
        out.printf(Locale.ROOT, "  aborts/s by SQLSTATE: 40P01 deadlock %.1f, 55P03 lock timeout %.1f, 40001 retry"
            + " %.1f, other %.1f; attempts per committed txn %.2f%n", b.abortCount("40P01") / s,
            b.abortCount("55P03") / s, b.abortCount("40001") / s, other / s, attemptsPerTxn);
    }

    private void deadlocks(DeadlockProbe.Result d) {
        out.printf(Locale.ROOT, "%n(d) deadlock to victim's abort, seen by the victim's client: %d trials (T1 holds x,"
            + " T2 holds y, T1 waits for y; t0: T2 asks for x; t1: T2 gets 40P01)%n", d.trials());
        out.printf(Locale.ROOT, "  %-40s %9s %9s %9s %7s%n", "", "p50 ms", "p99 ms", "max ms", "count");
        dRow("t1 - t0 (one round trip included)", d.abortNanos());
        dRow("txn put round trip, no deadlock", d.txnPutNanos());
        dRow("client.get (read index) round trip", d.getNanos());
        double p99 = DeadlockProbe.Result.q(d.abortNanos(), 0.99);
        out.printf(Locale.ROOT, "  outcomes: %s; target p99 <= %.0f ms: %s%n", d.outcomes(), DEADLOCK_ABORT_P99_MS_MAX,
            Double.isNaN(p99) ? "unknown" : p99 <= DEADLOCK_ABORT_P99_MS_MAX ? "met" : "MISSED");
    }

    private void row(String name, PhaseResult p) {
        if (p == null) {
            out.printf(Locale.ROOT, "  %-28s %9s%n", name, "not run");
            return;
        }
        out.printf(Locale.ROOT, "  %-28s %9.1f %9.2f %9.2f %9.2f %9.2f %7d%n", name, p.perSecond(), p.p50Ms(),
            p.p99Ms(), p.maxMs(), p.abortTotal() / p.seconds(), p.errorTotal());
    }

    private void dRow(String name, long[] sorted) {
        out.printf(Locale.ROOT, "  %-40s %9.2f %9.2f %9.2f %7d%n", name, DeadlockProbe.Result.q(sorted, 0.5),
            DeadlockProbe.Result.q(sorted, 0.99), DeadlockProbe.Result.q(sorted, 1.0), sorted.length);
    }
}
