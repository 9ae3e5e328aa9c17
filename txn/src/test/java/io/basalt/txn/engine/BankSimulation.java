package io.basalt.txn.engine;

import io.basalt.common.Prng;
import io.basalt.txn.Isolation;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.mvcc.KeyValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A bank on one engine, driven from one seed: clients run transfers (get a, get b, put a-x,
 * put b+x, commit) interleaved step by step, an auditor sums every account in read-only
 * snapshots, and the driver applies proposals and advances time at random moments. Aborted
 * transfers (deadlock victims, lock timeouts, expired heartbeats, client rollbacks) are retried.
 *
 * <p>Checked along the way: every snapshot sums to the bank's total; a transfer that declined
 * for want of funds read what was still committed when it committed. Checked at the end:
 * replaying the committed transfers in commit-timestamp order from the opening balances
 * reproduces every value each of them read and the final balances, each committed transfer
 * left exactly its two versions in the store, and none went negative.
 */
final class BankSimulation {
    static final int ACCOUNTS = 5;
    static final int OPENING_BALANCE = 100;
    static final int CLIENTS = 4;
    static final int TRANSFERS_PER_CLIENT = 8;
    static final int AUDITS = 6;
    static final int STEPS_MAX = 100_000;

    /** What one run saw; {@code violations} is empty when every check held. */
    record Report(long seed, List<String> violations, int committed, int declined, int retries, long deadlocks,
                  long lockTimeouts, long heartbeatExpiries, int audits) {}

    private record Transfer(int from, int to, int amount) {}

    private record Done(TxnId txn, Timestamp commitTs, Transfer transfer, int readFrom, int readTo) {}

    private enum Phase { IDLE, BEGIN, GET_FROM, GET_TO, PUT_FROM, PUT_TO, COMMIT, ABORT }

    private final class Client {
        final boolean auditor;
        int remaining;
        Transfer transfer;
        Phase phase = Phase.IDLE;
        TxnId txn;
        long request = -1;
        int readFrom;
        int readTo;

        Client(boolean auditor, int remaining) {
            this.auditor = auditor;
            this.remaining = remaining;
        }

        boolean ready() {
            return request < 0 ? remaining > 0 : h.answered(request);
        }
    }

    private final long seed;
    private final Prng prng;
    private final EngineHarness h;
    private final List<Client> clients = new ArrayList<>();
    private final List<Done> done = new ArrayList<>();
    private final List<String> violations = new ArrayList<>();
    private int declined;
    private int retries;
    private int audits;

    BankSimulation(long seed, Set<TxnBreak> breaks) {
        this.seed = seed;
        this.prng = new Prng(seed);
        this.h = new EngineHarness(TxnConfig.DEFAULTS.withLockTimeoutMs(2_000).withHeartbeatTimeoutMs(4_000), breaks);
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(new Client(false, TRANSFERS_PER_CLIENT));
        }
        clients.add(new Client(true, AUDITS));
    }

    static String account(int i) {
        return "acct" + i;
    }

    Report run() {
        for (int i = 0; i < ACCOUNTS; i++) {
            h.seed(account(i), Integer.toString(OPENING_BALANCE));
        }
        int steps = 0;
        while (violations.isEmpty() && clients.stream().anyMatch(c -> c.remaining > 0 || c.request >= 0)) {
            if (++steps > STEPS_MAX) {
                violations.add("no progress after " + STEPS_MAX + " steps");
                break;
            }
            int dice = prng.nextInt(100);
            List<Client> ready = clients.stream().filter(Client::ready).toList();
            if (dice < 15) {
                h.applyAll();
            } else if (dice < 18) {
                h.tick(h.nowMs() + prng.nextInt(1_500));
            } else if (dice < 19) {
                // A long pause: waiters time out and idle clients lose their transactions.
                h.tick(h.nowMs() + prng.nextInt(3_000, 6_000));
            } else if (!ready.isEmpty()) {
                step(ready.get(prng.nextInt(ready.size())));
            } else if (!h.unapplied().isEmpty()) {
                h.applyAll();
            } else {
                // Every client waits and nothing is committing: each waits for a lock held by
                // another waiting client, so there is a cycle the engine should have broken.
                violations.add("stuck: every client waits for a lock and nothing is committing; " + h.engine.stats());
            }
        }
        if (violations.isEmpty()) {
            h.applyAll();
            checkReplay();
        }
        TxnStats stats = h.engine.stats();
        return new Report(seed, List.copyOf(violations), done.size(), declined, retries, stats.deadlocks(),
            stats.lockTimeouts(), stats.heartbeatExpiries(), audits);
    }

    private void step(Client c) {
        if (c.request < 0) {
            if (c.transfer == null && !c.auditor) {
                int from = prng.nextInt(ACCOUNTS);
                int to = (from + 1 + prng.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                c.transfer = new Transfer(from, to, 1 + prng.nextInt(60));
            }
            c.phase = Phase.BEGIN;
            c.request = h.begin(c.auditor, Isolation.SERIALIZABLE);
            return;
        }
        TxnResult r = h.result(c.request);
        c.request = -1;
        if (r instanceof TxnResult.Failed f) {
            if (!f.aborted()) {
                violations.add("unexpected failure that did not end the transaction in " + c.phase + ": " + f);
                return;
            }
            retries++;
            c.phase = Phase.IDLE;
            c.txn = null;
            return;
        }
        if (c.phase == Phase.ABORT) {
            expect(r instanceof TxnResult.Done, "abort answered " + r);
            retries++;
            c.phase = Phase.IDLE;
            return;
        }
        if (c.auditor) {
            audit(c, r);
            return;
        }
        if (c.phase.compareTo(Phase.GET_FROM) >= 0 && c.phase.compareTo(Phase.PUT_TO) <= 0 && prng.chance(0.02)) {
            // The client changes its mind: the rollback must leave no trace.
            c.phase = Phase.ABORT;
            c.request = h.abort(c.txn);
            return;
        }
        Transfer t = c.transfer;
        switch (c.phase) {
            case BEGIN -> {
                c.txn = ((TxnResult.Began) r).txn();
                c.phase = Phase.GET_FROM;
                c.request = h.get(c.txn, account(t.from));
            }
            case GET_FROM -> {
                c.readFrom = balance(r);
                c.phase = Phase.GET_TO;
                c.request = h.get(c.txn, account(t.to));
            }
            case GET_TO -> {
                c.readTo = balance(r);
                if (c.readFrom >= t.amount) {
                    c.phase = Phase.PUT_FROM;
                    c.request = h.put(c.txn, account(t.from), Integer.toString(c.readFrom - t.amount));
                } else {
                    c.phase = Phase.COMMIT;
                    c.request = h.commit(c.txn);
                    checkDeclined(c);
                }
            }
            case PUT_FROM -> {
                expect(r instanceof TxnResult.Done, "put answered " + r);
                c.phase = Phase.PUT_TO;
                c.request = h.put(c.txn, account(t.to), Integer.toString(c.readTo + t.amount));
            }
            case PUT_TO -> {
                expect(r instanceof TxnResult.Done, "put answered " + r);
                c.phase = Phase.COMMIT;
                c.request = h.commit(c.txn);
            }
            case COMMIT -> {
                Timestamp ts = ((TxnResult.Committed) r).commitTs();
                if (ts == null) {
                    declined++;
                    expect(c.readFrom < t.amount, "a transfer with funds committed without writes");
                } else {
                    done.add(new Done(c.txn, ts, t, c.readFrom, c.readTo));
                }
                c.remaining--;
                c.transfer = null;
                c.phase = Phase.IDLE;
            }
            default -> violations.add("client in phase " + c.phase + " got " + r);
        }
    }

    /**
     * A declined transfer held shared locks on both accounts from its reads until its commit,
     * which a transaction without writes gets in the same step: what it read must be what is
     * committed at that moment.
     */
    private void checkDeclined(Client c) {
        TxnResult r = h.result(c.request);
        if (!(r instanceof TxnResult.Committed)) {
            return;
        }
        Transfer t = c.transfer;
        expect(storedBalance(t.from) == c.readFrom && storedBalance(t.to) == c.readTo, "declined transfer " + t
            + " read " + c.readFrom + "/" + c.readTo + " but at its commit the balances were "
            + storedBalance(t.from) + "/" + storedBalance(t.to));
    }

    private void audit(Client c, TxnResult r) {
        switch (c.phase) {
            case BEGIN -> {
                c.txn = ((TxnResult.Began) r).txn();
                c.phase = Phase.GET_FROM;
                c.request = h.scan(c.txn, new KeyRange(EngineHarness.b("acct"), EngineHarness.b("acct~")), 0);
            }
            case GET_FROM -> {
                List<KeyValue> rows = ((TxnResult.Rows) r).rows();
                long sum = 0;
                for (KeyValue kv : rows) {
                    sum += Integer.parseInt(EngineHarness.s(kv.value()));
                }
                expect(rows.size() == ACCOUNTS && sum == (long) ACCOUNTS * OPENING_BALANCE,
                    "snapshot at " + c.txn.start() + " saw " + rows.size() + " accounts summing to " + sum);
                c.phase = Phase.COMMIT;
                c.request = h.commit(c.txn);
            }
            case COMMIT -> {
                expect(r instanceof TxnResult.Committed cm && cm.commitTs() == null, "read-only commit answered " + r);
                audits++;
                c.remaining--;
                c.phase = Phase.IDLE;
            }
            default -> violations.add("auditor in phase " + c.phase + " got " + r);
        }
    }

    private void checkReplay() {
        int[] balances = new int[ACCOUNTS];
        Arrays.fill(balances, OPENING_BALANCE);
        List<Done> order = new ArrayList<>(done);
        order.sort(Comparator.comparing(Done::commitTs));
        for (Done d : order) {
            Transfer t = d.transfer;
            expect(h.committed.get(d.txn).equals(d.commitTs), "outcome of " + d.txn + " differs from its answer");
            expect(balances[t.from] == d.readFrom && balances[t.to] == d.readTo, "transfer " + t + " committed at "
                + d.commitTs + " read " + d.readFrom + "/" + d.readTo + " but the serial order had "
                + balances[t.from] + "/" + balances[t.to]);
            balances[t.from] -= t.amount;
            balances[t.to] += t.amount;
            expect(balances[t.from] >= 0, "account " + t.from + " went negative at " + d.commitTs);
        }
        long sum = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            sum += storedBalance(i);
            expect(storedBalance(i) == balances[i], "account " + i + " holds " + storedBalance(i)
                + " but the committed transfers add up to " + balances[i]);
            expect(storedBalance(i) >= 0, "account " + i + " is negative");
        }
        expect(sum == (long) ACCOUNTS * OPENING_BALANCE, "money was made or lost: the total is " + sum);
        // Exactly once: each committed transfer left one version on each of its accounts, and
        // nothing else did (the opening balances aside).
        Map<Timestamp, Integer> versionsAt = new HashMap<>();
        int[] versions = {0};
        h.store.forEach((key, ts, value) -> {
            versions[0]++;
            versionsAt.merge(ts, 1, Integer::sum);
        });
        for (Done d : done) {
            expect(versionsAt.getOrDefault(d.commitTs, 0) == 2, "transfer " + d.txn + " left "
                + versionsAt.getOrDefault(d.commitTs, 0) + " versions");
        }
        expect(versions[0] == ACCOUNTS + 2 * done.size(), "the store holds " + versions[0] + " versions for "
            + done.size() + " committed transfers");
    }

    private int storedBalance(int account) {
        return Integer.parseInt(h.stored(account(account)));
    }

    private static int balance(TxnResult r) {
        return Integer.parseInt(EngineHarness.s(((TxnResult.Value) r).value()));
    }

    private void expect(boolean ok, String violation) {
        if (!ok) {
            violations.add(violation);
        }
    }
}
