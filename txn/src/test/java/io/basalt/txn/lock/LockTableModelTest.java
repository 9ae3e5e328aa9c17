package io.basalt.txn.lock;

import static io.basalt.txn.lock.LockFixtures.S;
import static io.basalt.txn.lock.LockFixtures.X;
import static io.basalt.txn.lock.LockFixtures.key;
import static io.basalt.txn.lock.LockFixtures.range;
import static io.basalt.txn.lock.LockFixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.basalt.common.Prng;
import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Random acquires and releases by a few transactions over a few overlapping keys and ranges,
 * checked after every step against the locking invariants and against {@link ReferenceLocks};
 * then every transaction ends and the table must be empty. A failure names the seed, the step
 * and the last operations.
 */
class LockTableModelTest {
    private static final int SEEDS = 250;
    private static final int STEPS_PER_SEED = 200;
    private static final int TXN_SLOTS = 5;
    private static final int TRACE_STEPS_MAX = 25;
    /** Reads that turn into writes of the same target are what make upgrades (and their deadlocks). */
    private static final double UPGRADE_CHANCE = 0.25;
    private static final List<LockTarget> TARGETS = List.of(key("a"), key("b"), key("c"), key("d"),
        range("a", "c"), range("b", null), range("c", "d"), range("b", "b"), range("", null));

    private LockTable table;
    private ReferenceLocks ref;
    /** What each live transaction was told it holds, from Granted answers and grants. */
    private final Map<TxnId, Map<LockTarget, LockMode>> told = new LinkedHashMap<>();
    /** The requests that were answered Waiting and not yet granted or withdrawn. */
    private final Map<TxnId, Grant> pending = new HashMap<>();
    private final Deque<String> trace = new ArrayDeque<>();
    private String where;
    /** How often the interesting cases came up, so that a generator gone dull fails the test. */
    private int waits;
    private int upgradeWaits;
    private int releaseGrants;

    @Test
    void randomStepsKeepInvariantsAndMatchTheReference() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            run(seed);
        }
        assertThat(waits).as("requests that waited").isGreaterThan(SEEDS * 10);
        assertThat(upgradeWaits).as("upgrades that waited").isGreaterThan(SEEDS);
        assertThat(releaseGrants).as("waiters granted by a release").isGreaterThan(SEEDS * 5);
    }

    private void run(long seed) {
        table = new LockTable();
        ref = new ReferenceLocks();
        told.clear();
        pending.clear();
        trace.clear();
        Prng prng = new Prng(seed);
        TxnId[] live = new TxnId[TXN_SLOTS];
        int nextTxn = 0;
        for (int i = 0; i < TXN_SLOTS; i++) {
            live[i] = txn(++nextTxn);
        }
        for (int step = 0; step < STEPS_PER_SEED; step++) {
            where = "seed " + seed + " step " + step;
            int slot = prng.nextInt(TXN_SLOTS);
            if (step(prng, live[slot])) {
                live[slot] = txn(++nextTxn);
            }
            check();
        }
        where = "seed " + seed + " ending";
        for (TxnId t : live) {
            finish(t);
            check();
        }
        assertThat(table.heldCount()).as(this::context).isZero();
        assertThat(table.waitingCount()).as(this::context).isZero();
        assertThat(table.transactions()).as(this::context).isEmpty();
    }

    /** One random operation by {@code t}; returns true if {@code t} ended. */
    private boolean step(Prng prng, TxnId t) {
        int dice = prng.nextInt(100);
        if (dice < 70) {
            if (pending.containsKey(t)) {
                return false;
            }
            List<LockTarget> mine = List.copyOf(told.getOrDefault(t, Map.of()).keySet());
            if (!mine.isEmpty() && prng.chance(UPGRADE_CHANCE)) {
                acquire(t, mine.get(prng.nextInt(mine.size())), X);
            } else {
                acquire(t, TARGETS.get(prng.nextInt(TARGETS.size())), prng.chance(0.5) ? S : X);
            }
            return false;
        }
        if (dice < 85) {
            finish(t);
            return true;
        }
        if (dice < 95) {
            record("cancelWait " + t);
            pending.remove(t);
            applyGrants(table.cancelWait(t), ref.cancelWait(t));
            return false;
        }
        record("releaseShared " + t);
        told.getOrDefault(t, new HashMap<>()).values().removeIf(m -> m == S);
        applyGrants(table.releaseShared(t), ref.releaseShared(t));
        return false;
    }

    private void acquire(TxnId t, LockTarget target, LockMode mode) {
        record("acquire " + t + " " + target + " " + mode);
        LockResult got = table.acquire(t, target, mode);
        Set<TxnId> expected = ref.acquire(t, target, mode);
        if (expected == null) {
            same(got, new LockResult.Granted(), () -> "answer");
            told.computeIfAbsent(t, x -> new HashMap<>()).merge(target, mode, (a, b) -> a.covers(b) ? a : b);
        } else {
            same(got, new LockResult.Waiting(expected), () -> "answer");
            pending.put(t, new Grant(t, target, mode));
            waits++;
            if (told.getOrDefault(t, Map.of()).containsKey(target)) {
                upgradeWaits++;
            }
        }
    }

    private void finish(TxnId t) {
        record("releaseAll " + t);
        pending.remove(t);
        told.remove(t);
        applyGrants(table.releaseAll(t), ref.releaseAll(t));
    }

    private void applyGrants(List<Grant> got, List<Grant> expected) {
        same(got, expected, () -> "grants");
        releaseGrants += got.size();
        for (Grant g : got) {
            same(pending.remove(g.txn()), g, () -> "the request that " + g + " answers");
            told.computeIfAbsent(g.txn(), x -> new HashMap<>()).put(g.target(), g.mode());
        }
    }

    private void check() {
        Set<TxnId> known = new HashSet<>(pending.keySet());
        told.forEach((t, locks) -> {
            if (!locks.isEmpty()) {
                known.add(t);
            }
        });
        same(table.transactions(), known, () -> "transactions");
        List<Grant> allHeld = new ArrayList<>();
        for (TxnId t : known) {
            List<Grant> held = table.heldBy(t);
            allHeld.addAll(held);
            Map<LockTarget, LockMode> asHeld = new HashMap<>();
            held.forEach(g -> asHeld.put(g.target(), g.mode()));
            same(asHeld, told.getOrDefault(t, Map.of()), () -> "what " + t + " was granted");
            same(table.isWaiting(t), pending.containsKey(t), () -> "whether " + t + " waits");
        }
        same(table.heldCount(), allHeld.size(), () -> "heldCount");
        same(table.waitingCount(), pending.size(), () -> "waitingCount");
        same(new HashSet<>(allHeld), new HashSet<>(ref.held), () -> "held locks against the reference");
        checkNoConflictingHolders(allHeld);
        pending.values().forEach(w -> checkBlockers(w, allHeld));
    }

    private void checkNoConflictingHolders(List<Grant> allHeld) {
        for (Grant g : allHeld) {
            for (Grant h : allHeld) {
                if (ReferenceLocks.conflict(g.txn(), g.target(), g.mode(), h.txn(), h.target(), h.mode())) {
                    fail(context() + "\nheld together: " + g + " and " + h);
                }
            }
        }
    }

    /** Blockers are never empty, include every conflicting holder, and match the reference. */
    private void checkBlockers(Grant waiting, List<Grant> allHeld) {
        Set<TxnId> blockers = table.blockers(waiting.txn());
        if (blockers.isEmpty() || blockers.contains(waiting.txn())) {
            fail(context() + "\nblockers of " + waiting + ": " + blockers);
        }
        same(blockers, ref.blockers(ref.waiter(waiting.txn())), () -> "blockers of " + waiting);
        for (Grant h : allHeld) {
            if (ReferenceLocks.conflict(waiting.txn(), waiting.target(), waiting.mode(), h.txn(), h.target(),
                h.mode()) && !blockers.contains(h.txn())) {
                fail(context() + "\nblockers of " + waiting + " miss the conflicting holder " + h);
            }
        }
    }

    /** A cheap equality check: AssertJ's, a million times over, would dominate the run time. */
    private void same(Object actual, Object expected, Supplier<String> what) {
        if (!Objects.equals(actual, expected)) {
            fail(context() + "\n" + what.get() + ": expected " + expected + " but was " + actual);
        }
    }

    private void record(String op) {
        trace.addLast(op);
        if (trace.size() > TRACE_STEPS_MAX) {
            trace.removeFirst();
        }
    }

    private String context() {
        return where + ", last operations:\n  " + String.join("\n  ", trace);
    }
}
