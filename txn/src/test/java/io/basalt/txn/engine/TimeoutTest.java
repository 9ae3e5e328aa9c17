package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.SqlState;
import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** Claims 5 and 6: lock waits end at lockTimeoutMs; silent clients lose their transaction at heartbeatTimeoutMs. */
class TimeoutTest {

    @Test
    void aWaiterPastLockTimeoutIsAbortedAndWhatWaitedBehindItProceeds() {
        EngineHarness h = new EngineHarness(TxnConfig.DEFAULTS.withLockTimeoutMs(5_000));
        TxnId holder = h.begin();
        TxnId waiter = h.begin();
        TxnId behind = h.begin();
        h.assertDone(h.put(holder, "k", "h"));
        h.assertDone(h.put(waiter, "j", "w"));
        long waiterWantsK = h.put(waiter, "k", "w");
        h.assertWaiting(waiterWantsK);

        h.tick(1_000);
        long behindWantsJ = h.put(behind, "j", "b");
        h.assertWaiting(behindWantsJ);

        h.tick(4_999);
        h.assertWaiting(waiterWantsK);
        h.tick(5_000);
        h.assertAborted(waiterWantsK, SqlState.LOCK_NOT_AVAILABLE);
        assertThat(h.failed(waiterWantsK).message()).contains("lock_timeout");
        h.assertDone(behindWantsJ);
        assertThat(h.engine.isOpen(waiter)).isFalse();
        assertThat(h.engine.isOpen(holder)).as("the holder did nothing wrong").isTrue();
        assertThat(h.engine.stats().lockTimeouts()).isEqualTo(1);

        // Nothing of the timed-out transaction survives.
        long commitBehind = h.commit(behind);
        h.applyAll();
        h.committed(commitBehind);
        assertThat(h.stored("j")).isEqualTo("b");
    }

    @Test
    void anIdleTransactionIsAbortedAtHeartbeatTimeoutAndItsLocksReleased() {
        EngineHarness h = new EngineHarness(TxnConfig.DEFAULTS.withHeartbeatTimeoutMs(10_000)
            .withLockTimeoutMs(60_000));
        TxnId silent = h.begin();
        h.assertDone(h.put(silent, "k", "s"));
        TxnId waiter = h.begin();
        TxnId chatty = h.begin();
        h.assertDone(h.put(chatty, "c", "1"));

        h.tick(1_000);
        long waiterWantsK = h.put(waiter, "k", "w");
        for (long ms = 3_000; ms <= 9_000; ms += 3_000) {
            h.tick(ms);
            h.assertDone(h.heartbeat(chatty));
        }
        h.tick(10_000);
        assertThat(h.engine.isOpen(silent)).as("exactly heartbeatTimeoutMs is not yet over it").isTrue();
        h.assertWaiting(waiterWantsK);

        h.tick(10_001);
        assertThat(h.engine.isOpen(silent)).isFalse();
        h.assertDone(waiterWantsK);
        assertThat(h.engine.stats().heartbeatExpiries()).isEqualTo(1);

        long late = h.get(silent, "k");
        h.assertAborted(late, SqlState.IDLE_IN_TRANSACTION_TIMEOUT);
        h.assertAborted(h.commit(silent), SqlState.IDLE_IN_TRANSACTION_TIMEOUT);

        for (long ms = 12_000; ms <= 40_000; ms += 3_000) {
            h.tick(ms);
            h.assertDone(h.heartbeat(chatty));
        }
        assertThat(h.engine.isOpen(chatty)).isTrue();
        long commit = h.commit(chatty);
        h.applyAll();
        h.committed(commit);
        assertThat(h.stored("c")).isEqualTo("1");
        assertThat(h.stored("k")).as("the expired transaction's write was dropped").isNull();
    }

    @Test
    void aTransactionWaitingForALockIsNotExpiredForSilence() {
        EngineHarness h = new EngineHarness(TxnConfig.DEFAULTS.withHeartbeatTimeoutMs(1_000)
            .withLockTimeoutMs(5_000));
        TxnId holder = h.begin();
        h.assertDone(h.put(holder, "k", "h"));
        TxnId waiter = h.begin();
        long wants = h.put(waiter, "k", "w");
        for (long ms = 500; ms <= 3_000; ms += 500) {
            h.tick(ms);
            h.assertDone(h.heartbeat(holder));
        }
        h.assertWaiting(wants);
        assertThat(h.engine.isOpen(waiter)).isTrue();

        // Granted after a long wait: the silence was the engine's, so the client gets its full
        // heartbeat window from the answer on.
        long commit = h.commit(holder);
        h.applyAll();
        h.committed(commit);
        h.assertDone(wants);
        h.tick(3_500);
        assertThat(h.engine.isOpen(waiter)).isTrue();
        h.assertDone(h.put(waiter, "k2", "w"));
    }

    @Test
    void aHeartbeatWhileARequestWaitsOrACommitIsInFlightIsNoted() {
        EngineHarness h = new EngineHarness(TxnConfig.DEFAULTS.withHeartbeatTimeoutMs(1_000)
            .withLockTimeoutMs(60_000));
        TxnId holder = h.begin();
        h.assertDone(h.put(holder, "k", "h"));
        long commit = h.commit(holder);
        h.assertDone(h.heartbeat(holder));

        TxnId waiter = h.begin();
        long wants = h.put(waiter, "k", "w");
        h.assertDone(h.heartbeat(waiter));
        h.assertWaiting(wants);

        h.applyAll();
        h.committed(commit);
        h.assertDone(wants);
    }
}
