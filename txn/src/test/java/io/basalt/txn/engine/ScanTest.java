package io.basalt.txn.engine;

import static io.basalt.txn.engine.EngineHarness.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** Claim 11: serializable scans lock their range against phantoms and show the transaction's own writes. */
class ScanTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void anInsertIntoAScannedRangeWaitsForTheScannerButOneOutsideDoesNot() {
        h.seed("b", "1");
        h.seed("d", "2");
        TxnId scanner = h.begin();
        assertThat(h.rows(h.scan(scanner, range("a", "m"), 0))).containsExactly("b=1", "d=2");

        TxnId inserter = h.begin();
        long phantom = h.put(inserter, "c", "new");
        h.assertWaiting(phantom);
        TxnId outside = h.begin();
        h.assertDone(h.put(outside, "m", "edge"));
        h.assertDone(h.put(outside, "z", "far"));

        assertThat(h.rows(h.scan(scanner, range("a", "m"), 0))).as("no phantom on a second scan")
            .containsExactly("b=1", "d=2");
        assertThat(h.committed(h.commit(scanner)).commitTs()).isNull();
        h.assertDone(phantom);
        long commit = h.commit(inserter);
        h.applyAll();
        h.committed(commit);
        assertThat(h.stored("c")).isEqualTo("new");
    }

    @Test
    void aScanWaitsForAnUncommittedWriteInsideItsRange() {
        h.seed("b", "1");
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "c", "w"));
        TxnId scanner = h.begin();
        long scan = h.scan(scanner, range("a", "m"), 0);
        h.assertWaiting(scan);
        long commit = h.commit(writer);
        h.assertWaiting(scan);
        h.applyAll();
        h.committed(commit);
        assertThat(h.rows(scan)).containsExactly("b=1", "c=w");
    }

    @Test
    void ownWritesAreMergedIntoScanResultsAndTheLimitIsRespected() {
        for (String k : new String[] {"a", "b", "c", "d", "e"}) {
            h.seed(k, k + "0");
        }
        TxnId t = h.begin();
        h.assertDone(h.put(t, "bb", "new"));
        h.assertDone(h.delete(t, "c"));
        h.assertDone(h.put(t, "d", "d1"));
        h.assertDone(h.delete(t, "a"));
        h.assertDone(h.delete(t, "nothing"));

        assertThat(h.rows(h.scan(t, range("", null), 0))).containsExactly("b=b0", "bb=new", "d=d1", "e=e0");
        assertThat(h.rows(h.scan(t, range("", null), 2))).containsExactly("b=b0", "bb=new");
        assertThat(h.rows(h.scan(t, range("", null), 3))).containsExactly("b=b0", "bb=new", "d=d1");
        assertThat(h.rows(h.scan(t, range("bb", "e"), 0))).containsExactly("bb=new", "d=d1");
        assertThat(h.rows(h.scan(t, range("c", "d"), 0))).isEmpty();
    }

    @Test
    void theScanRowLimitCapsEveryScan() {
        EngineHarness small = new EngineHarness(new TxnConfig(5_000, 10_000, 1 << 20, 100, 2, 60_000));
        small.seed("a", "1");
        small.seed("b", "2");
        small.seed("c", "3");
        TxnId t = small.begin();
        assertThat(small.rows(small.scan(t, range("", null), 0))).containsExactly("a=1", "b=2");
        assertThat(small.rows(small.scan(t, range("", null), 10))).containsExactly("a=1", "b=2");
    }
}
