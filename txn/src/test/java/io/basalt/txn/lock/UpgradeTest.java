package io.basalt.txn.lock;

import static io.basalt.txn.lock.LockFixtures.S;
import static io.basalt.txn.lock.LockFixtures.X;
import static io.basalt.txn.lock.LockFixtures.assertGranted;
import static io.basalt.txn.lock.LockFixtures.assertWaiting;
import static io.basalt.txn.lock.LockFixtures.key;
import static io.basalt.txn.lock.LockFixtures.range;
import static io.basalt.txn.lock.LockFixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** A reader that decides to write the key it read: shared to exclusive on the same target. */
class UpgradeTest {
    private final LockTable table = new LockTable();
    private final TxnId a = txn(1);
    private final TxnId b = txn(2);
    private final TxnId c = txn(3);

    @Test
    void upgradeAloneIsGrantedAtOnce() {
        assertGranted(table.acquire(a, key("k"), S));
        assertGranted(table.acquire(a, key("k"), X));
        assertThat(table.holds(a, key("k"), X)).isTrue();
        assertThat(table.heldCount()).as("one lock, raised").isEqualTo(1);
        assertWaiting(table.acquire(b, key("k"), S), a);
    }

    @Test
    void upgradeOfARangeIsGrantedAtOnceWhenAlone() {
        assertGranted(table.acquire(a, range("a", "m"), S));
        assertGranted(table.acquire(a, range("a", "m"), X));
        assertWaiting(table.acquire(b, key("c"), S), a);
    }

    @Test
    void upgradeWaitsForOtherReaderButJumpsAheadOfQueuedWriter() {
        table.acquire(a, key("k"), S);
        table.acquire(b, key("k"), S);
        assertWaiting(table.acquire(c, key("k"), X), a, b);

        assertWaiting(table.acquire(a, key("k"), X), b);
        assertThat(table.blockers(a)).as("the upgrade does not wait for the writer").doesNotContain(c);
        assertThat(table.blockers(c)).containsExactlyInAnyOrder(a, b);

        assertThat(table.releaseAll(b)).containsExactly(new Grant(a, key("k"), X));
        assertThat(table.isWaiting(c)).isTrue();
        assertThat(table.blockers(c)).containsExactly(a);

        assertThat(table.releaseAll(a)).containsExactly(new Grant(c, key("k"), X));
        assertThat(table.waitingCount()).isZero();
    }

    @Test
    void newReaderWaitsBehindWaitingUpgrade() {
        table.acquire(a, key("k"), S);
        table.acquire(b, key("k"), S);
        assertWaiting(table.acquire(a, key("k"), X), b);
        assertWaiting(table.acquire(c, key("k"), S), a);
    }

    @Test
    void upgradeQueuedLaterStillGoesAheadOfOrdinaryWaiters() {
        TxnId d = txn(4);
        table.acquire(a, key("k"), S);
        table.acquire(b, key("k"), S);
        table.acquire(c, key("k"), X);
        table.acquire(d, key("k"), X);
        assertWaiting(table.acquire(b, key("k"), X), a);
        assertThat(table.blockers(d)).containsExactlyInAnyOrder(a, b, c);
        assertThat(table.releaseAll(a)).containsExactly(new Grant(b, key("k"), X));
        assertThat(table.releaseAll(b)).containsExactly(new Grant(c, key("k"), X));
        assertThat(table.releaseAll(c)).containsExactly(new Grant(d, key("k"), X));
    }

    @Test
    void twoUpgradersOnOneKeyBlockEachOther() {
        table.acquire(a, key("k"), S);
        table.acquire(b, key("k"), S);
        assertWaiting(table.acquire(a, key("k"), X), b);
        assertWaiting(table.acquire(b, key("k"), X), a);
        assertThat(table.blockers(a)).containsExactly(b);
        assertThat(table.blockers(b)).as("the wait-for graph sees the cycle").containsExactly(a);

        assertThat(table.cancelWait(b)).as("the victim still holds its shared lock").isEmpty();
        assertThat(table.blockers(a)).containsExactly(b);
        assertThat(table.releaseAll(b)).containsExactly(new Grant(a, key("k"), X));
    }
}
