package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** Claim 1: a transaction reads its own writes; others see them only once the commit is applied. */
class VisibilityTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void aTransactionReadsItsOwnBufferedWritesAndDeletes() {
        h.seed("gone", "old");
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "v1"));
        assertThat(h.value(h.get(t, "k"))).isEqualTo("v1");
        h.assertDone(h.put(t, "k", "v2"));
        assertThat(h.value(h.get(t, "k"))).isEqualTo("v2");
        h.assertDone(h.delete(t, "gone"));
        assertThat(h.value(h.get(t, "gone"))).isNull();
    }

    @Test
    void writesAreInvisibleToOthersUntilTheCommitIsAppliedThenANewTransactionSeesThem() {
        h.seed("k", "before");
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "after"));
        long commit = h.commit(writer);
        h.assertWaiting(commit);
        assertThat(h.stored("k")).as("nothing is applied before the log applies it").isEqualTo("before");

        // A snapshot begun now is above the commit timestamp: it must wait for the apply rather
        // than read the old value.
        TxnId reader = h.beginReadOnly();
        long read = h.get(reader, "k");

        h.applyAll();
        assertThat(h.committed(commit).commitTs()).isNotNull();
        assertThat(h.value(read)).as("the snapshot waited for the apply and sees the write")
            .isEqualTo("after");

        TxnId later = h.begin();
        assertThat(h.value(h.get(later, "k"))).isEqualTo("after");
    }

    @Test
    void readCommittedReaderDoesNotSeeAnUncommittedWrite() {
        h.seed("k", "before");
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "dirty"));
        TxnId reader = h.beginReadCommitted();
        assertThat(h.value(h.get(reader, "k"))).isEqualTo("before");
    }

    @Test
    void commitOfATransactionWithoutWritesAnswersCommittedNullWithoutAProposal() {
        h.seed("k", "v");
        int proposalsBefore = h.allProposals().size();
        TxnId t = h.begin();
        assertThat(h.value(h.get(t, "k"))).isEqualTo("v");
        long commit = h.commit(t);
        assertThat(h.committed(commit).commitTs()).isNull();
        assertThat(h.allProposals()).hasSize(proposalsBefore);
        assertThat(h.engine.isOpen(t)).isFalse();

        // Its shared lock went with it: a writer is not kept waiting.
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "w"));
    }
}
