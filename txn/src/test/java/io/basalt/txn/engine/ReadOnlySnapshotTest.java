package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.SqlState;
import io.basalt.txn.Isolation;
import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** Claim 10: read-only transactions read one snapshot, take no locks and block no one. */
class ReadOnlySnapshotTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void aSnapshotKeepsReadingItsStateAfterLaterCommitsAreApplied() {
        h.seed("a", "a1");
        h.seed("b", "b1");
        TxnId ro = h.beginReadOnly();
        assertThat(h.value(h.get(ro, "a"))).isEqualTo("a1");

        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "a", "a2"));
        h.assertDone(h.delete(writer, "b"));
        h.assertDone(h.put(writer, "c", "c2"));
        long commit = h.commit(writer);
        h.applyAll();
        h.committed(commit);

        assertThat(h.value(h.get(ro, "a"))).isEqualTo("a1");
        assertThat(h.value(h.get(ro, "b"))).isEqualTo("b1");
        assertThat(h.value(h.get(ro, "c"))).isNull();
        assertThat(h.rows(h.scan(ro, EngineHarness.range("a", null), 0))).containsExactly("a=a1", "b=b1");
        assertThat(h.committed(h.commit(ro)).commitTs()).isNull();

        TxnId fresh = h.beginReadOnly();
        assertThat(h.rows(h.scan(fresh, EngineHarness.range("a", null), 0))).containsExactly("a=a2", "c=c2");
    }

    @Test
    void theSnapshotTimestampIsReportedAtBegin() {
        long req = h.begin(true, Isolation.SERIALIZABLE);
        TxnResult.Began began = h.beganResult(req);
        assertThat(began.readTs()).isEqualTo(began.txn().start());
        TxnResult.Began rw = h.beganResult(h.begin(false, Isolation.SERIALIZABLE));
        assertThat(rw.readTs()).isNull();
    }

    @Test
    void aReadOfAKeyBeingCommittedBelowTheSnapshotWaitsForTheApply() {
        h.seed("k", "old");
        h.seed("other", "o");
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "new"));
        long commit = h.commit(writer);
        Proposal p = h.unapplied().getFirst();

        TxnId ro = h.beginReadOnly();
        assertThat(p.commitTs().before(ro.start())).isTrue();
        long read = h.get(ro, "k");
        TxnId scanner = h.beginReadOnly();
        long scan = h.scan(scanner, EngineHarness.range("a", "z"), 10);
        h.assertWaiting(read);
        h.assertWaiting(scan);
        TxnId bystander = h.beginReadOnly();
        assertThat(h.value(h.get(bystander, "other"))).as("a key the committer does not write is read at once")
            .isEqualTo("o");
        assertThat(h.rows(h.scan(bystander, EngineHarness.range("l", "z"), 10))).containsExactly("other=o");

        h.applyAll();
        h.committed(commit);
        assertThat(h.value(read)).isEqualTo("new");
        assertThat(h.rows(scan)).containsExactly("k=new", "other=o");
    }

    @Test
    void aCommitThatStartsAfterTheSnapshotDoesNotMakeItWait() {
        h.seed("k", "old");
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "new"));
        TxnId ro = h.beginReadOnly();
        h.commit(writer);
        assertThat(h.value(h.get(ro, "k"))).isEqualTo("old");
        h.applyAll();
        assertThat(h.value(h.get(ro, "k"))).isEqualTo("old");
    }

    @Test
    void readOnlyTransactionsNeverBlockWriters() {
        h.seed("k", "old");
        TxnId ro = h.beginReadOnly();
        assertThat(h.value(h.get(ro, "k"))).isEqualTo("old");
        h.rows(h.scan(ro, EngineHarness.range("a", "z"), 0));

        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "new"));
        h.assertDone(h.put(writer, "m", "inserted"));
        long commit = h.commit(writer);
        h.applyAll();
        h.committed(commit);
        assertThat(h.engine.stats().lockWaits()).isZero();
    }

    @Test
    void aWriteInAReadOnlyTransactionIsRefusedWithoutEndingIt() {
        h.seed("k", "v");
        TxnId ro = h.beginReadOnly();
        long put = h.put(ro, "k", "x");
        TxnResult.Failed f = h.failed(put);
        assertThat(f.sqlState()).isEqualTo(SqlState.READ_ONLY_SQL_TRANSACTION);
        assertThat(f.aborted()).isFalse();
        assertThat(h.failed(h.delete(ro, "k")).sqlState()).isEqualTo(SqlState.READ_ONLY_SQL_TRANSACTION);
        assertThat(h.value(h.get(ro, "k"))).isEqualTo("v");
        assertThat(h.committed(h.commit(ro)).commitTs()).isNull();
        assertThat(h.allProposals()).hasSize(1);
    }

    @Test
    void aSnapshotReadWaitingLongerThanTheHeartbeatTimeoutIsNotExpired() {
        EngineHarness slow = new EngineHarness(TxnConfig.DEFAULTS.withHeartbeatTimeoutMs(1_000));
        slow.seed("k", "old");
        TxnId writer = slow.begin();
        slow.assertDone(slow.put(writer, "k", "new"));
        slow.commit(writer);
        TxnId ro = slow.beginReadOnly();
        long read = slow.get(ro, "k");
        slow.tick(5_000);
        slow.assertWaiting(read);
        assertThat(slow.engine.isOpen(ro)).as("the reader waits for the engine, it is not idle").isTrue();

        slow.applyAll();
        assertThat(slow.value(read)).isEqualTo("new");
        slow.tick(5_500);
        assertThat(slow.committed(slow.commit(ro)).commitTs()).isNull();
    }

    @Test
    void aSecondRequestWhileASnapshotReadWaitsIsRefusedAndAnAbortFailsTheRead() {
        h.seed("k", "old");
        TxnId writer = h.begin();
        h.assertDone(h.put(writer, "k", "new"));
        h.commit(writer);
        TxnId ro = h.beginReadOnly();
        long read = h.get(ro, "k");

        TxnResult.Failed busy = h.failed(h.commit(ro));
        assertThat(busy.sqlState()).isEqualTo(SqlState.INVALID_TRANSACTION_STATE);
        assertThat(busy.aborted()).isFalse();
        assertThat(h.failed(h.get(ro, "other")).sqlState()).isEqualTo(SqlState.INVALID_TRANSACTION_STATE);
        h.assertWaiting(read);

        h.assertDone(h.abort(ro));
        h.assertAborted(read, SqlState.SERIALIZATION_FAILURE);
        h.applyAll();
        assertThat(h.engine.isOpen(ro)).isFalse();
    }
}
