package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claim 2: a commit is one proposal with every write; an abort leaves no trace and frees its locks. */
class AtomicCommitTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void threeWritesBecomeOneProposalAtOneCommitTimestamp() {
        TxnId t = h.begin();
        h.assertDone(h.put(t, "a", "1"));
        h.assertDone(h.put(t, "b", "2"));
        h.assertDone(h.delete(t, "c"));
        long commit = h.commit(t);

        List<Proposal> proposals = h.unapplied();
        assertThat(proposals).hasSize(1);
        Proposal p = proposals.getFirst();
        assertThat(p.txn()).isEqualTo(t);
        assertThat(p.writes()).extracting(w -> EngineHarness.s(w.key())).containsExactly("a", "b", "c");
        assertThat(p.writes()).extracting(Write::value).extracting(EngineHarness::s).containsExactly("1", "2", null);
        assertThat(p.commitTs().after(t.start())).isTrue();

        h.applyAll();
        assertThat(h.committed(commit).commitTs()).isEqualTo(p.commitTs());
        for (String k : List.of("a", "b")) {
            assertThat(h.store.readVersion(EngineHarness.b(k), p.commitTs()).commitTs()).isEqualTo(p.commitTs());
        }
        assertThat(h.stored("a")).isEqualTo("1");
        assertThat(h.stored("b")).isEqualTo("2");
    }

    @Test
    void abortDiscardsTheBufferAndReleasesLocksSoAWaitingWriterIsGranted() {
        h.seed("a", "orig");
        TxnId t1 = h.begin();
        h.assertDone(h.put(t1, "a", "t1"));
        h.assertDone(h.put(t1, "new", "t1"));

        TxnId t2 = h.begin();
        long blocked = h.put(t2, "a", "t2");
        h.assertWaiting(blocked);

        h.assertDone(h.abort(t1));
        h.assertDone(blocked);
        assertThat(h.unapplied()).isEmpty();
        h.applyAll();
        assertThat(h.stored("a")).isEqualTo("orig");
        assertThat(h.stored("new")).isNull();

        TxnId reader = h.begin();
        long readNew = h.get(reader, "new");
        assertThat(h.value(readNew)).as("t1's lock on 'new' was released too").isNull();

        long commit = h.commit(t2);
        h.applyAll();
        h.committed(commit);
        assertThat(h.stored("a")).isEqualTo("t2");
    }
}
