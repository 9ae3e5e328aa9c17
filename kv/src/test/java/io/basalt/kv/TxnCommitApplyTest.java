package io.basalt.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A transaction's commit entry: all its writes at one timestamp, remembered for repeated commits. */
class TxnCommitApplyTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static final TxnId T1 = new TxnId(new Timestamp(1_000, 0), 7);
    private static final TxnId T2 = new TxnId(new Timestamp(2_000, 0), 7);

    @Test
    void everyWriteOfACommitBecomesVisibleAtItsTimestampTogether() {
        KvStateMachine sm = new KvStateMachine();
        sm.apply(1, KvCommands.put(0, 0, b("b"), b("old")));
        Timestamp before = sm.lastCommitTs();
        Timestamp ts = new Timestamp(5_000, 0);
        KvResult r = sm.apply(2, KvCommands.txnCommit(T1, ts, List.of(new Write(b("a"), b("1")),
            new Write(b("b"), null), new Write(b("c"), b("3")))));
        assertThat(r.txn()).isEqualTo(T1);
        assertThat(r.commitTs()).isEqualTo(ts);
        assertThat(sm.getString("a")).isEqualTo("1");
        assertThat(sm.get(b("b"))).as("deleted").isNull();
        assertThat(sm.getString("c")).isEqualTo("3");
        // A snapshot read just below the commit sees none of it; at the commit, all of it.
        assertThat(sm.versions().read(b("a"), ts.prev())).isNull();
        assertThat(sm.versions().read(b("b"), ts.prev())).isEqualTo(b("old"));
        assertThat(sm.versions().read(b("b"), before)).isEqualTo(b("old"));
        assertThat(sm.versions().read(b("c"), ts)).isEqualTo(b("3"));
        assertThat(sm.committedAt(T1)).isEqualTo(ts);
        assertThat(sm.committedAt(T2)).isNull();
        assertThat(sm.lastCommitTs()).isEqualTo(ts);
    }

    @Test
    void aTimestampNotAfterTheLastCommitIsReplacedTheSameWayOnEveryReplica() {
        KvStateMachine a = new KvStateMachine();
        KvStateMachine b = new KvStateMachine();
        byte[] first = KvCommands.txnCommit(T1, new Timestamp(9_000, 0), List.of(new Write(b("k"), b("1"))));
        byte[] stale = KvCommands.txnCommit(T2, new Timestamp(8_000, 0), List.of(new Write(b("k"), b("2"))));
        for (KvStateMachine sm : List.of(a, b)) {
            sm.apply(1, first);
            sm.apply(2, stale);
        }
        assertThat(a.getString("k")).isEqualTo("2");
        assertThat(a.lastCommitTs()).isEqualTo(new Timestamp(9_000, 1)).isEqualTo(b.lastCommitTs());
        assertThat(a.digest()).isEqualTo(b.digest());
    }

    @Test
    void snapshotsCarryVersionsAndCommittedTransactions() {
        KvStateMachine a = new KvStateMachine();
        a.apply(1, KvCommands.txnCommit(T1, new Timestamp(1_000, 5), List.of(new Write(b("k"), b("v1")))));
        a.apply(2, KvCommands.txnCommit(T2, new Timestamp(2_000, 0), List.of(new Write(b("k"), b("v2")))));
        KvStateMachine b = new KvStateMachine();
        b.restore(2, a.snapshot());
        assertThat(b.versions().read(b("k"), new Timestamp(1_500, 0))).isEqualTo(b("v1"));
        assertThat(b.getString("k")).isEqualTo("v2");
        assertThat(b.committedAt(T1)).isEqualTo(new Timestamp(1_000, 5));
        assertThat(b.lastCommitTs()).isEqualTo(a.lastCommitTs());
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    @Test
    void garbageCollectionKeepsWhatAReadAtTheHorizonSeesAndNeverBlocksLaterApplies() {
        KvStateMachine sm = new KvStateMachine();
        sm.apply(1, KvCommands.txnCommit(T1, new Timestamp(1_000, 0), List.of(new Write(b("k"), b("v1")))));
        sm.apply(2, KvCommands.txnCommit(T2, new Timestamp(2_000, 0), List.of(new Write(b("k"), b("v2")))));
        // A horizon far in the future is capped at the last applied commit.
        long removed = sm.gc(new Timestamp(1_000_000, 0), 100);
        assertThat(removed).isEqualTo(1);
        assertThat(sm.getString("k")).isEqualTo("v2");
        // An entry still to apply (a follower catching up) has a later timestamp and applies.
        sm.apply(3, KvCommands.txnCommit(new TxnId(new Timestamp(3_000, 0), 1), new Timestamp(3_000, 0),
            List.of(new Write(b("k"), b("v3")))));
        assertThat(sm.getString("k")).isEqualTo("v3");
    }

    @Test
    void aReplicaRestoredFromASnapshotCollectsTheOldVersionsItCarried() {
        KvStateMachine a = new KvStateMachine();
        a.apply(1, KvCommands.txnCommit(T1, new Timestamp(1_000, 0), List.of(new Write(b("k"), b("v1")),
            new Write(b("gone"), b("x")))));
        a.apply(2, KvCommands.txnCommit(T2, new Timestamp(2_000, 0), List.of(new Write(b("k"), b("v2")),
            new Write(b("gone"), null))));
        KvStateMachine b = new KvStateMachine();
        b.restore(2, a.snapshot());
        assertThat(b.gc(new Timestamp(1_000_000, 0), 100)).as("k's v1, and gone's value and tombstone").isEqualTo(3);
        assertThat(b.size()).isEqualTo(1);
        // The digest covers only the newest values, so replicas collecting on their own schedules agree.
        assertThat(b.digest()).isEqualTo(a.digest());
    }

    @Test
    void aStampedSingleWriteCarriesItsTransactionAndTimestamp() {
        KvStateMachine sm = new KvStateMachine();
        Timestamp ts = new Timestamp(4_000, 2);
        KvResult r = sm.apply(1, KvCommands.stamp(KvCommands.put(0, 0, b("k"), b("v")), T1, ts));
        assertThat(r.txn()).isEqualTo(T1);
        assertThat(r.commitTs()).isEqualTo(ts);
        assertThat(sm.versions().read(b("k"), ts)).isEqualTo(b("v"));
        assertThat(sm.versions().read(b("k"), ts.prev())).isNull();
        assertThat(KvCommands.keyOf(KvCommands.put(0, 0, b("k"), b("v")))).isEqualTo(b("k"));
    }

    @Test
    void aLeaderWithAFastClockDoesNotAgeOutRecentCommitRecords() {
        KvStateMachine sm = new KvStateMachine();
        sm.apply(1, KvCommands.txnCommit(T1, new Timestamp(1_000, 0), List.of(new Write(b("a"), b("1")))));
        // The next leader's clock runs 20 minutes ahead: T1's record must still answer a repeated commit.
        long later = 1_000 + 20L * 60 * 1_000_000;
        sm.apply(2, KvCommands.txnCommit(T2, new Timestamp(later, 0), List.of(new Write(b("b"), b("2")))));
        assertThat(sm.committedAt(T1)).isEqualTo(new Timestamp(1_000, 0));
    }
}
