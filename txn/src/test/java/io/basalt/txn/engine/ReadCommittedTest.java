package io.basalt.txn.engine;

import static io.basalt.txn.engine.EngineHarness.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** Claim 12: READ_COMMITTED reads take no locks and see the latest committed value; its writes still lock. */
class ReadCommittedTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void aReadIsNotBlockedByAWriterAndSeesTheLastCommittedValue() {
        h.seed("k", "committed");
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "uncommitted"));
        h.assertDone(h.put(writer, "n", "uncommitted"));

        TxnId rc = h.beginReadCommitted();
        assertThat(h.value(h.get(rc, "k"))).isEqualTo("committed");
        assertThat(h.rows(h.scan(rc, range("a", "z"), 0))).containsExactly("k=committed");

        long commit = h.commit(writer);
        h.applyAll();
        h.committed(commit);
        assertThat(h.value(h.get(rc, "k"))).as("each read sees the latest commit").isEqualTo("uncommitted");
    }

    @Test
    void aReadCommittedReaderDoesNotBlockAWriter() {
        h.seed("k", "v");
        TxnId rc = h.beginReadCommitted();
        h.value(h.get(rc, "k"));
        h.rows(h.scan(rc, range("a", "z"), 0));
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "w"));
        h.assertDone(h.put(writer, "m", "w"));
    }

    @Test
    void readCommittedWritesStillTakeExclusiveLocks() {
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "w"));
        TxnId rc = h.beginReadCommitted();
        long put = h.put(rc, "k", "rc");
        h.assertWaiting(put);
        h.assertDone(h.abort(writer));
        h.assertDone(put);
        assertThat(h.value(h.get(rc, "k"))).as("reads its own write").isEqualTo("rc");
    }
}
