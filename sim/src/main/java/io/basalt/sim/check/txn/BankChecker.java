package io.basalt.sim.check.txn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bank-transfer invariant: transfers move money between a fixed set of accounts and never
 * below zero, so every committed full read must show every account, no negative balance, and
 * the same total. A read missing accounts is reported as such and not also for its total, which
 * it could not have right.
 */
public final class BankChecker {
    /** Reads with more accounts than this print only the first ones. */
    static final int ACCOUNTS_SHOWN_MAX = 10;

    private BankChecker() {}

    public static List<Anomaly> check(List<BankRead> okReads, long expectedTotal, Set<String> accounts) {
        List<Anomaly> anomalies = new ArrayList<>();
        for (BankRead read : okReads) {
            String who = Describe.txn(read.txnId()) + " (" + read.invokeTime() + ".." + read.completeTime() + ")";
            Set<String> missing = new TreeSet<>(accounts);
            missing.removeAll(read.balances().keySet());
            if (!missing.isEmpty()) {
                anomalies.add(Anomaly.of("missing-account", who + " read no balance for " + String.join(", ", missing)
                    + " of the " + accounts.size() + " accounts"));
            }
            Map<String, Long> negative = new TreeMap<>(read.balances());
            negative.values().removeIf(b -> b >= 0);
            if (!negative.isEmpty()) {
                anomalies.add(Anomaly.of("negative-balance", who + " read negative balances " + show(negative)));
            }
            if (missing.isEmpty()) {
                checkTotal(read, who, expectedTotal, accounts, anomalies);
            }
        }
        return anomalies;
    }

    private static void checkTotal(BankRead read, String who, long expectedTotal, Set<String> accounts, List<Anomaly> anomalies) {
        long total = 0;
        boolean overflow = false;
        for (long balance : read.balances().values()) {
            try {
                total = Math.addExact(total, balance);
            } catch (ArithmeticException e) {
                overflow = true;
            }
        }
        if (overflow || total != expectedTotal) {
            Set<String> extra = new TreeSet<>(read.balances().keySet());
            extra.removeAll(accounts);
            anomalies.add(Anomaly.of("wrong-total", who + " read a total of " + (overflow ? "more than a long holds" : total)
                + ", expected " + expectedTotal + ": " + show(new TreeMap<>(read.balances()))
                + (extra.isEmpty() ? "" : " (including accounts outside the bank: " + String.join(", ", extra) + ")")));
        }
    }

    private static String show(Map<String, Long> balances) {
        StringJoiner sj = new StringJoiner(", ", "{", "}");
        balances.entrySet().stream().limit(ACCOUNTS_SHOWN_MAX).forEach(e -> sj.add(e.getKey() + "=" + e.getValue()));
        if (balances.size() > ACCOUNTS_SHOWN_MAX) {
            sj.add("… " + (balances.size() - ACCOUNTS_SHOWN_MAX) + " more");
        }
        return sj.toString();
    }
}
