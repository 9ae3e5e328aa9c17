package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** Claim 3: locks are held until the end, and "the end" of a commit is its apply. */
class StrictTwoPhaseLockingTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void aWriterWaitsForAReaderUntilTheReaderCommits() {
        h.seed("k", "v0");
        TxnId t1 = h.begin();
        assertThat(h.value(h.get(t1, "k"))).isEqualTo("v0");

        TxnId t2 = h.begin();
        long put = h.put(t2, "k", "v2");
        h.assertWaiting(put);

        // t1 keeps its lock while it does other work.
        h.assertDone(h.put(t1, "other", "x"));
        assertThat(h.value(h.get(t1, "k"))).as("repeatable read").isEqualTo("v0");
        h.assertWaiting(put);

        long commit = h.commit(t1);
        h.assertWaiting(put);
        h.applyAll();
        h.committed(commit);
        h.assertDone(put);
    }

    @Test
    void readersShareALockButAWriterWaitsForAllOfThem() {
        h.seed("k", "v0");
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        assertThat(h.value(h.get(t1, "k"))).isEqualTo("v0");
        assertThat(h.value(h.get(t2, "k"))).as("a second reader is not kept waiting").isEqualTo("v0");

        TxnId writer = h.begin();
        long put = h.put(writer, "k", "w");
        h.assertWaiting(put);
        assertThat(h.committed(h.commit(t1)).commitTs()).isNull();
        h.assertWaiting(put);
        assertThat(h.committed(h.commit(t2)).commitTs()).isNull();
        h.assertDone(put);
    }

    @Test
    void locksAreHeldUntilTheCommitIsAppliedNotJustProposed() {
        h.seed("k", "v0");
        TxnId t1 = h.begin();
        h.assertDone(h.put(t1, "k", "v1"));
        long commit = h.commit(t1);
        assertThat(h.unapplied()).hasSize(1);

        TxnId t2 = h.begin();
        long read = h.get(t2, "k");
        h.assertWaiting(read);
        h.tick(1_000);
        h.assertWaiting(read);

        h.applyAll();
        h.committed(commit);
        assertThat(h.value(read)).as("granted after the apply, so it reads the committed value").isEqualTo("v1");
    }
}
