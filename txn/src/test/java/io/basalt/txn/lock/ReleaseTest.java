package io.basalt.txn.lock;

import static io.basalt.txn.lock.LockFixtures.S;
import static io.basalt.txn.lock.LockFixtures.X;
import static io.basalt.txn.lock.LockFixtures.assertGranted;
import static io.basalt.txn.lock.LockFixtures.assertWaiting;
import static io.basalt.txn.lock.LockFixtures.key;
import static io.basalt.txn.lock.LockFixtures.range;
import static io.basalt.txn.lock.LockFixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.txn.TxnId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ending, shrinking and withdrawing: what each release frees and whom it lets through. */
class ReleaseTest {
    private final LockTable table = new LockTable();
    private final TxnId a = txn(1);
    private final TxnId b = txn(2);
    private final TxnId c = txn(3);

    @Test
    void releaseSharedFreesReadsAndKeepsWrites() {
        table.acquire(a, key("r"), S);
        table.acquire(a, key("w"), X);
        assertWaiting(table.acquire(b, key("r"), X), a);
        assertWaiting(table.acquire(c, key("w"), S), a);

        assertThat(table.releaseShared(a)).containsExactly(new Grant(b, key("r"), X));
        assertThat(table.holds(a, key("w"), X)).isTrue();
        assertThat(table.holds(a, key("r"), S)).isFalse();
        assertThat(table.heldBy(a)).containsExactly(new Grant(a, key("w"), X));
        assertThat(table.blockers(c)).containsExactly(a);
        assertThat(table.heldCount()).isEqualTo(2);
    }

    @Test
    void releaseSharedKeepsAnUpgradedLock() {
        table.acquire(a, key("k"), S);
        table.acquire(a, key("k"), X);
        assertThat(table.releaseShared(a)).isEmpty();
        assertThat(table.holds(a, key("k"), X)).isTrue();
    }

    @Test
    void cancelWaitWithdrawsTheWaiterAndLetsThoseBehindThrough() {
        table.acquire(b, key("mine"), X);
        table.acquire(a, key("k"), S);
        assertWaiting(table.acquire(b, key("k"), X), a);
        assertWaiting(table.acquire(c, key("k"), S), b);

        assertThat(table.cancelWait(b)).containsExactly(new Grant(c, key("k"), S));
        assertThat(table.isWaiting(b)).isFalse();
        assertThat(table.blockers(b)).isEmpty();
        assertThat(table.holds(b, key("mine"), X)).as("a timed-out request keeps what it holds").isTrue();
        assertThat(table.waitingCount()).isZero();
    }

    @Test
    void cancelWaitWhenNotWaitingChangesNothing() {
        table.acquire(a, key("k"), X);
        assertThat(table.cancelWait(a)).isEmpty();
        assertThat(table.cancelWait(b)).isEmpty();
        assertThat(table.holds(a, key("k"), X)).isTrue();
    }

    @Test
    void releaseAllWithdrawsTheWaitingRequestToo() {
        table.acquire(a, key("k"), S);
        table.acquire(b, key("k"), X);
        table.acquire(c, key("k"), S);
        assertThat(table.releaseAll(b)).containsExactly(new Grant(c, key("k"), S));
        assertThat(table.transactions()).containsExactly(a, c);
    }

    @Test
    void releaseAllFreesEveryKindOfLock() {
        table.acquire(a, key("k"), X);
        table.acquire(a, range("m", null), S);
        table.acquire(a, key("z"), S);
        table.acquire(b, key("k"), S);
        table.acquire(c, key("q"), X);
        assertThat(table.releaseAll(a)).containsExactly(new Grant(b, key("k"), S), new Grant(c, key("q"), X));
        assertThat(table.heldBy(a)).isEmpty();
        assertThat(table.heldCount()).isEqualTo(2);
        assertWaiting(table.acquire(txn(4), range("a", null), S), c);
    }

    @Test
    void releasingAnUnknownTransactionIsANoOp() {
        assertThat(table.releaseAll(a)).isEmpty();
        assertThat(table.releaseShared(a)).isEmpty();
        assertThat(table.transactions()).isEmpty();
    }

    @Test
    void leaderChangeCleanupEmptiesTheTable() {
        table.acquire(a, key("k"), S);
        table.acquire(b, key("k"), X);
        table.acquire(c, range("a", null), S);
        assertThat(table.transactions()).containsExactly(a, b, c);
        for (TxnId t : table.transactions()) {
            table.releaseAll(t);
        }
        assertThat(table.transactions()).isEmpty();
        assertThat(table.heldCount()).isZero();
        assertThat(table.waitingCount()).isZero();
    }

    @Test
    void askingAgainWhileWaitingIsAProgrammerError() {
        table.acquire(a, key("k"), X);
        table.acquire(b, key("k"), S);
        assertThatThrownBy(() -> table.acquire(b, key("other"), S)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("still waiting");
        assertThat(table.holds(b, key("other"), S)).isFalse();
        assertThat(table.blockers(b)).containsExactly(a);
    }

    @Test
    void waitingWithoutABlockerCannotBeBuilt() {
        assertThatThrownBy(() -> new LockResult.Waiting(Set.of())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releaseSomeFreesLocksInAcquisitionOrderAndLetsTheirWaitersThrough() {
        for (int i = 0; i < 5; i++) {
            table.acquire(a, key("k" + i), X);
        }
        assertWaiting(table.acquire(b, key("k1"), X), a);
        assertWaiting(table.acquire(c, key("k4"), S), a);

        assertThat(table.releaseSome(a, 2)).containsExactly(new Grant(b, key("k1"), X));
        assertThat(table.countHeldBy(a)).isEqualTo(3);
        assertThat(table.holds(a, key("k4"), X)).isTrue();
        assertThat(table.blockers(c)).containsExactly(a);

        assertThat(table.releaseSome(a, 2)).isEmpty();
        assertThat(table.releaseSome(a, 2)).containsExactly(new Grant(c, key("k4"), S));
        assertThat(table.countHeldBy(a)).isZero();
        assertThat(table.heldCount()).as("b's and c's").isEqualTo(2);
        assertThat(table.releaseSome(a, 2)).as("nothing left: a no-op").isEmpty();
    }
}
