package io.basalt.txn.engine;

import static io.basalt.txn.engine.EngineHarness.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.SqlState;
import io.basalt.txn.LockWait;
import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** SELECT ... FOR UPDATE/SHARE NOWAIT and SKIP LOCKED: a lock that would be queued is refused or skipped, never waited for. */
class LockWaitTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void nowaitFailsAtOnceWhenTheRowIsHeldAndQueuesNothing() {
        h.seed("a", "1");
        TxnId holder = h.begin();
        h.assertDone(h.put(holder, "a", "2"));
        TxnId t = h.begin();

        TxnResult.Failed f = h.failed(h.getLocked(t, "a", true, LockWait.NOWAIT));
        assertThat(f.sqlState()).isEqualTo(SqlState.LOCK_NOT_AVAILABLE);
        assertThat(f.aborted()).as("the transaction stays open, as after any failed statement").isFalse();
        assertThat(h.failed(h.getLocked(t, "a", false, LockWait.NOWAIT)).sqlState())
            .as("FOR SHARE conflicts with an exclusive holder too").isEqualTo(SqlState.LOCK_NOT_AVAILABLE);
        assertThat(h.engine.stats().waiting()).isZero();
        assertThat(h.engine.stats().lockWaits()).isZero();

        h.tick(h.nowMs() + TxnConfig.DEFAULTS.lockTimeoutMs() + 1);
        assertThat(h.value(h.get(t, "b"))).as("no lock timeout follows a refusal").isNull();
    }

    @Test
    void nowaitTakesAFreeLockAndHoldsIt() {
        h.seed("a", "1");
        TxnId t = h.begin();
        assertThat(h.value(h.getLocked(t, "a", true, LockWait.NOWAIT))).isEqualTo("1");

        TxnId other = h.begin();
        long write = h.put(other, "a", "2");
        h.assertWaiting(write);
        h.committed(h.commit(t));
        h.assertDone(write);
    }

    @Test
    void nowaitDoesNotOvertakeAnEarlierWaiter() {
        h.seed("a", "1");
        TxnId reader = h.begin();
        assertThat(h.value(h.get(reader, "a"))).isEqualTo("1");
        TxnId writer = h.begin();
        h.assertWaiting(h.put(writer, "a", "2"));

        TxnId t = h.begin();
        assertThat(h.failed(h.getLocked(t, "a", false, LockWait.NOWAIT)).sqlState())
            .as("a share lock compatible with the holder still queues behind the waiting writer (FIFO)")
            .isEqualTo(SqlState.LOCK_NOT_AVAILABLE);
        assertThat(h.value(h.getLocked(reader, "a", false, LockWait.NOWAIT))).as("a lock already held").isEqualTo("1");
    }

    @Test
    void skipLockedAnswersNoValueForAHeldRowAndReadsAFreeOne() {
        h.seed("a", "1");
        h.seed("b", "2");
        TxnId holder = h.begin();
        assertThat(h.value(h.getForUpdate(holder, "a"))).isEqualTo("1");
        TxnId t = h.begin();

        assertThat(h.value(h.getLocked(t, "a", true, LockWait.SKIP_LOCKED))).isNull();
        assertThat(h.value(h.getLocked(t, "b", true, LockWait.SKIP_LOCKED))).isEqualTo("2");
        assertThat(h.engine.stats().waiting()).isZero();
        TxnId third = h.begin();
        assertThat(h.value(h.getLocked(third, "b", true, LockWait.SKIP_LOCKED)))
            .as("the row the skipping transaction locked is skipped by the next").isNull();
    }

    @Test
    void aSerializableNowaitScanFailsWhenItsRangeLockWouldWait() {
        h.seed("b", "1");
        TxnId holder = h.begin();
        assertThat(h.value(h.getForUpdate(holder, "b"))).isEqualTo("1");
        TxnId t = h.begin();

        assertThat(h.failed(h.scan(t, range("a", "m"), 0, LockWait.NOWAIT)).sqlState())
            .isEqualTo(SqlState.LOCK_NOT_AVAILABLE);
        assertThat(h.rows(h.scan(t, range("m", null), 0, LockWait.NOWAIT))).as("a range nobody holds").isEmpty();
        assertThat(h.engine.stats().waiting()).isZero();
    }

    @Test
    void aSkipLockedScanTakesNoRangeLockSoItNeitherWaitsNorBlocksInserts() {
        h.seed("b", "1");
        h.seed("c", "2");
        TxnId holder = h.begin();
        h.assertDone(h.put(holder, "b", "changed"));
        TxnId t = h.begin();

        assertThat(h.rows(h.scan(t, range("a", "m"), 0, LockWait.SKIP_LOCKED)))
            .as("the committed rows; the caller then locks each one, skipping b").containsExactly("b=1", "c=2");
        assertThat(h.value(h.getLocked(t, "b", true, LockWait.SKIP_LOCKED))).isNull();
        assertThat(h.value(h.getLocked(t, "c", true, LockWait.SKIP_LOCKED))).isEqualTo("2");

        TxnId inserter = h.begin();
        h.assertDone(h.put(inserter, "d", "new"));
    }
}
