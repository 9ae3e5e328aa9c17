package io.basalt.txn.lock;

import static io.basalt.txn.lock.LockFixtures.S;
import static io.basalt.txn.lock.LockFixtures.X;
import static io.basalt.txn.lock.LockFixtures.assertGranted;
import static io.basalt.txn.lock.LockFixtures.assertWaiting;
import static io.basalt.txn.lock.LockFixtures.key;
import static io.basalt.txn.lock.LockFixtures.range;
import static io.basalt.txn.lock.LockFixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.LockMode;
import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which locks two transactions may hold together, and what a transaction's own locks allow. */
class CompatibilityTest {
    private final LockTable table = new LockTable();
    private final TxnId a = txn(1);
    private final TxnId b = txn(2);

    @ParameterizedTest(name = "{0} then {1}: second granted = {2}")
    @CsvSource({"SHARED, SHARED, true", "SHARED, EXCLUSIVE, false", "EXCLUSIVE, SHARED, false",
        "EXCLUSIVE, EXCLUSIVE, false"})
    void matrixOnOneKey(LockMode first, LockMode second, boolean compatible) {
        assertGranted(table.acquire(a, key("k"), first));
        LockResult r = table.acquire(b, key("k"), second);
        if (compatible) {
            assertGranted(r);
            assertThat(table.holds(b, key("k"), second)).isTrue();
            assertThat(table.heldCount()).isEqualTo(2);
        } else {
            assertWaiting(r, a);
            assertThat(table.isWaiting(b)).isTrue();
            assertThat(table.blockers(b)).containsExactly(a);
            assertThat(table.holds(b, key("k"), second)).isFalse();
            assertThat(table.waitingCount()).isEqualTo(1);
        }
    }

    @ParameterizedTest(name = "{0} then {1} on another key")
    @CsvSource({"EXCLUSIVE, EXCLUSIVE", "EXCLUSIVE, SHARED"})
    void differentKeysNeverConflict(LockMode first, LockMode second) {
        assertGranted(table.acquire(a, key("k"), first));
        assertGranted(table.acquire(b, key("k2"), second));
        assertThat(table.waitingCount()).isZero();
    }

    @ParameterizedTest(name = "holding {0}, asking {1} again")
    @CsvSource({"SHARED, SHARED", "EXCLUSIVE, SHARED", "EXCLUSIVE, EXCLUSIVE"})
    void reentranceChangesNothing(LockMode held, LockMode asked) {
        assertGranted(table.acquire(a, key("k"), held));
        assertGranted(table.acquire(a, key("k"), asked));
        assertThat(table.heldCount()).isEqualTo(1);
        assertThat(table.heldBy(a)).containsExactly(new Grant(a, key("k"), held));
    }

    @Test
    void reentranceIsGrantedEvenWithWritersQueued() {
        table.acquire(a, key("k"), S);
        assertWaiting(table.acquire(b, key("k"), X), a);
        assertGranted(table.acquire(a, key("k"), S));
    }

    @Test
    void ownRangeLockNeverBlocksOwnPointLocksInside() {
        assertGranted(table.acquire(a, range("a", "z"), X));
        assertGranted(table.acquire(a, key("m"), X));
        assertGranted(table.acquire(a, key("n"), S));
        assertThat(table.heldCount()).as("coverage is only by an equal target").isEqualTo(3);
    }

    @Test
    void ownPointLockNeverBlocksOwnRangeOverIt() {
        assertGranted(table.acquire(a, key("m"), X));
        assertGranted(table.acquire(a, range("a", "z"), S));
        assertWaiting(table.acquire(b, key("m"), S), a);
    }
}
