package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.SqlState;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** Claim 8: asking again for a transaction's outcome gets the same outcome. */
class IdempotentOutcomeTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void aRetriedCommitGetsTheSameTimestampWhileCommittingAndAfterTheApply() {
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "v"));
        long first = h.commit(t);
        long second = h.commit(t);
        h.assertWaiting(first);
        h.assertWaiting(second);
        assertThat(h.unapplied()).as("a retried commit proposes nothing more").hasSize(1);

        h.applyAll();
        Timestamp ts = h.committed(first).commitTs();
        assertThat(ts).isNotNull().isEqualTo(h.committed.get(t));
        assertThat(h.committed(second).commitTs()).isEqualTo(ts);
        assertThat(h.committed(h.commit(t)).commitTs()).isEqualTo(ts);
        assertThat(h.allProposals()).hasSize(1);
    }

    @Test
    void aRetriedCommitOfATransactionWithoutWritesIsStillCommitted() {
        TxnId t = h.begin();
        h.get(t, "k");
        assertThat(h.committed(h.commit(t)).commitTs()).isNull();
        assertThat(h.result(h.commit(t))).as("the client lost the first answer and asks again")
            .isEqualTo(new TxnResult.Committed(null));
    }

    @Test
    void commitOfAnAbortedTransactionRepeatsTheOriginalReason() {
        TxnId t1 = h.begin();
        TxnId t2 = h.begin();
        h.assertDone(h.put(t1, "a", "1"));
        h.assertDone(h.put(t2, "b", "2"));
        h.put(t1, "b", "1");
        long victim = h.put(t2, "a", "2");
        TxnResult.Failed original = h.failed(victim);
        assertThat(original.sqlState()).isEqualTo(SqlState.DEADLOCK_DETECTED);

        long commit = h.commit(t2);
        assertThat(h.failed(commit)).isEqualTo(original);
        h.assertDone(h.abort(t2));
        assertThat(h.allProposals()).isEmpty();
    }

    @Test
    void commitAfterAClientAbortSaysItWasRolledBack() {
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "v"));
        h.assertDone(h.abort(t));
        long commit = h.commit(t);
        h.assertAborted(commit, SqlState.SERIALIZATION_FAILURE);
        assertThat(h.failed(commit).message()).contains("rolled back");
        assertThat(h.allProposals()).isEmpty();
    }

    @Test
    void abortOfACommittedTransactionAnswersCommitted() {
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "v"));
        long commit = h.commit(t);
        long abortWhileCommitting = h.abort(t);
        TxnResult.Failed refused = h.failed(abortWhileCommitting);
        assertThat(refused.sqlState()).isEqualTo(SqlState.INVALID_TRANSACTION_STATE);
        assertThat(refused.aborted()).as("it is not over: the commit is on its way").isFalse();

        h.applyAll();
        Timestamp ts = h.committed(commit).commitTs();
        assertThat(h.committed(h.abort(t)).commitTs()).isEqualTo(ts);
        assertThat(h.stored("k")).isEqualTo("v");
    }

    @Test
    void commitOfAnUnknownTransactionIsAnAbortToRetry() {
        TxnId stranger = new TxnId(new Timestamp(42, 0), 99);
        h.assertAborted(h.commit(stranger), SqlState.SERIALIZATION_FAILURE);
        h.assertAborted(h.get(stranger, "k"), SqlState.SERIALIZATION_FAILURE);
        assertThat(h.allProposals()).isEmpty();
    }

    @Test
    void aRequestAfterTheCommitIsRefusedWithoutEndingAnything() {
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "v"));
        long commit = h.commit(t);
        TxnResult.Failed busy = h.failed(h.put(t, "k", "w"));
        assertThat(busy.sqlState()).isEqualTo(SqlState.INVALID_TRANSACTION_STATE);
        assertThat(busy.aborted()).isFalse();
        h.applyAll();
        h.committed(commit);
        TxnResult.Failed after = h.failed(h.put(t, "k", "w"));
        assertThat(after.sqlState()).isEqualTo(SqlState.INVALID_TRANSACTION_STATE);
        assertThat(h.stored("k")).isEqualTo("v");
    }
}
