package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.SqlState;
import io.basalt.txn.Isolation;
import io.basalt.txn.TxnId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claim 9: the end of the leader's term aborts what is open and leaves committing outcomes to the next leader. */
class CloseTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void closeAbortsWaitersTellsCommittersToAskAgainAndRefusesLaterRequests() {
        TxnId committing = h.begin();
        h.assertDone(h.put(committing, "k", "c"));
        long commit = h.commit(committing);
        TxnId waiting = h.begin();
        long wants = h.put(waiting, "k", "w");
        TxnId idle = h.begin();
        h.assertDone(h.put(idle, "i", "x"));
        h.assertWaiting(commit);
        h.assertWaiting(wants);

        h.close("term 3 ended");
        h.assertAborted(wants, SqlState.SERIALIZATION_FAILURE);
        assertThat(h.result(commit)).isInstanceOf(TxnResult.Unknown.class);
        assertThat(((TxnResult.Unknown) h.result(commit)).message()).contains("term 3 ended");

        h.assertAborted(h.begin(false, Isolation.SERIALIZABLE), SqlState.SERIALIZATION_FAILURE);
        h.assertAborted(h.get(idle, "i"), SqlState.SERIALIZATION_FAILURE);
        h.assertAborted(h.put(idle, "i", "y"), SqlState.SERIALIZATION_FAILURE);
        h.assertAborted(h.commit(idle), SqlState.SERIALIZATION_FAILURE);
        h.assertAborted(h.autocommit(List.of("z"), "cmd"), SqlState.SERIALIZATION_FAILURE);
        assertThat(h.allProposals()).as("only the commit proposed before the close").hasSize(1);
    }

    @Test
    void aCommitRetriedAfterCloseIsStillInDoubtUntilTheOutcomeIsKnown() {
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "v"));
        h.commit(t);
        h.close("stepped down");

        // The entry may still commit under the next leader: "aborted, retry" would make the
        // client run the transaction twice.
        assertThat(h.result(h.commit(t))).isInstanceOf(TxnResult.Unknown.class);
        assertThat(h.result(h.abort(t))).isInstanceOf(TxnResult.Unknown.class);

        h.applyAll();
        TxnResult.Committed outcome = h.committed(h.commit(t));
        assertThat(outcome.commitTs()).isEqualTo(h.committed.get(t));
    }

    @Test
    void aWaitingSnapshotReadFailsAtClose() {
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "v"));
        h.commit(writer);
        TxnId reader = h.beginReadOnly();
        long read = h.get(reader, "k");
        h.assertWaiting(read);
        h.close("stepped down");
        h.assertAborted(read, SqlState.SERIALIZATION_FAILURE);
    }

    @Test
    void aProposalThatCouldNotBeMadeAbortsTheTransactionAndFreesWhatWaitedForIt() {
        h.seed("k", "old");
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "new"));
        long commit = h.commit(t);
        TxnId writer = h.begin();
        long put = h.put(writer, "k", "w");
        TxnId ro = h.beginReadOnly();
        long read = h.get(ro, "k");
        h.assertWaiting(put);
        h.assertWaiting(read);

        h.failProposals();
        h.assertAborted(commit, SqlState.SERIALIZATION_FAILURE);
        h.assertDone(put);
        assertThat(h.value(read)).isEqualTo("old");
        h.assertAborted(h.commit(t), SqlState.SERIALIZATION_FAILURE);
        assertThat(h.stored("k")).isEqualTo("old");
    }
}
