package io.basalt.txn.engine;

import static io.basalt.txn.engine.EngineHarness.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Claim 14: each deliberate break really breaks the protocol, so the checkers that must catch
 * it have something to catch. Each test pairs the broken engine with a correct one.
 */
class TxnBreakTest {

    /** T1 reads k; T2 then writes k. Returns T2's answer so far (null: still waiting). */
    private static TxnResult writeAfterRead(EngineHarness h) {
        h.seed("k", "v");
        TxnId t1 = h.begin();
        assertThat(h.value(h.get(t1, "k"))).isEqualTo("v");
        TxnId t2 = h.begin();
        return h.result(h.put(t2, "k", "w"));
    }

    @Test
    void earlyLockReleaseLetsAWriterInRightAfterARead() {
        assertThat(writeAfterRead(new EngineHarness(TxnConfig.DEFAULTS, Set.of(TxnBreak.EARLY_LOCK_RELEASE))))
            .isEqualTo(TxnResult.DONE);
        assertThat(writeAfterRead(new EngineHarness())).as("the correct engine keeps the writer waiting").isNull();
    }

    @Test
    void earlyLockReleaseKeepsExclusiveLocks() {
        EngineHarness h = new EngineHarness(TxnConfig.DEFAULTS, Set.of(TxnBreak.EARLY_LOCK_RELEASE));
        TxnId t1 = h.begin();
        h.assertDone(h.put(t1, "k", "1"));
        h.value(h.get(t1, "j"));
        TxnId t2 = h.begin();
        h.assertWaiting(h.put(t2, "k", "2"));
    }

    /** T1 scans [a, m); T2 inserts c. Returns T2's answer so far (null: still waiting). */
    private static TxnResult insertIntoScannedRange(EngineHarness h) {
        h.seed("b", "1");
        TxnId t1 = h.begin();
        assertThat(h.rows(h.scan(t1, range("a", "m"), 0))).containsExactly("b=1");
        TxnId t2 = h.begin();
        return h.result(h.put(t2, "c", "phantom"));
    }

    @Test
    void skipRangeLocksStillLocksTheRowsTheScanFound() {
        EngineHarness h = new EngineHarness(TxnConfig.DEFAULTS, Set.of(TxnBreak.SKIP_RANGE_LOCKS));
        assertThat(insertIntoScannedRange(h)).isEqualTo(TxnResult.DONE);
        TxnId t3 = h.begin();
        assertThat(h.result(h.put(t3, "b", "changed"))).as("the row the scan saw is locked").isNull();
    }

    @Test
    void skipRangeLocksLetsAPhantomIn() {
        assertThat(insertIntoScannedRange(new EngineHarness(TxnConfig.DEFAULTS, Set.of(TxnBreak.SKIP_RANGE_LOCKS))))
            .isEqualTo(TxnResult.DONE);
        assertThat(insertIntoScannedRange(new EngineHarness())).as("the correct engine keeps the insert waiting")
            .isNull();
    }
}
