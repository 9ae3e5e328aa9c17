package io.basalt.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A transaction too large for one log entry: stage entries, then a commit entry, all in one
 * term. Nothing is visible before the commit applies; a leader that lost its term before the
 * commit leaves nothing behind.
 */
class StagedCommitTest {
    private static final TxnId T1 = new TxnId(new Timestamp(1_000, 0), 7);
    private static final TxnId T2 = new TxnId(new Timestamp(2_000, 0), 7);
    private static final Timestamp COMMIT = new Timestamp(5_000, 0);

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    /** {@code n} rows of about 100 bytes, keys k00000.. */
    private static List<Write> rows(int n, String value) {
        List<Write> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Write(b("k%05d".formatted(i)), b(value.repeat(100 / value.length()))));
        }
        return out;
    }

    @Test
    void writesLargerThanAnEntryAreSplitIntoStagesAndBecomeVisibleOnlyAtTheCommit() {
        List<byte[]> entries = KvCommands.txnCommands(T1, COMMIT, rows(1_000, "a"), 10_000);
        assertThat(entries).as("about 110 bytes a write, 10 000 bytes an entry").hasSizeBetween(10, 13);
        for (byte[] e : entries) {
            assertThat(e.length).isLessThan(12_000);
        }
        KvStateMachine sm = new KvStateMachine();
        long index = 0;
        for (byte[] e : entries.subList(0, entries.size() - 1)) {
            KvResult r = sm.apply(++index, 1, e);
            assertThat(r.txn()).as("a stage is no commit").isNull();
        }
        assertThat(sm.get(b("k00000"))).isNull();
        assertThat(sm.versions().scan(KeyRange.all(), Timestamp.MAX, Integer.MAX_VALUE)).as("nothing visible").isEmpty();
        assertThat(sm.digest()).isEqualTo(new KvStateMachine().digest());
        assertThat(sm.stagedTxns()).isOne();
        assertThat(sm.lastCommitTs()).as("stages take no timestamp").isEqualTo(Timestamp.MIN);

        KvResult r = sm.apply(++index, 1, entries.getLast());
        assertThat(r.txn()).isEqualTo(T1);
        assertThat(r.commitTs()).isEqualTo(COMMIT);
        assertThat(sm.size()).isEqualTo(1_000);
        assertThat(sm.versions().read(b("k00999"), COMMIT)).isNotNull();
        assertThat(sm.versions().read(b("k00000"), COMMIT.prev())).isNull();
        assertThat(sm.stagedTxns()).isZero();
        assertThat(sm.committedAt(T1)).isEqualTo(COMMIT);
    }

    @Test
    void stagesWhoseCommitNeverCameAreDroppedWhenALaterTermApplies() {
        List<byte[]> entries = KvCommands.txnCommands(T1, COMMIT, rows(500, "a"), 10_000);
        KvStateMachine sm = new KvStateMachine();
        sm.apply(1, 1, entries.get(0));
        sm.apply(2, 1, entries.get(1));
        // Another transaction of the same term commits in between: the stages stay.
        sm.apply(3, 1, KvCommands.txnCommit(T2, new Timestamp(3_000, 0), List.of(new Write(b("x"), b("1")))));
        assertThat(sm.stagedTxns()).isOne();
        // The leader lost its term: the next leader's first entry applies.
        sm.skip(4, 2);
        assertThat(sm.stagedTxns()).isZero();
        assertThat(sm.size()).as("only the other transaction's row").isOne();
        assertThat(sm.getString("x")).isEqualTo("1");
    }

    @Test
    void aSnapshotTakenBetweenStagesCarriesThemToTheReplicaThatInstallsIt() {
        List<Write> writes = rows(300, "b");
        List<byte[]> entries = KvCommands.txnCommands(T1, COMMIT, writes, 10_000);
        KvStateMachine leader = new KvStateMachine();
        long index = 0;
        for (byte[] e : entries.subList(0, entries.size() - 1)) {
            leader.apply(++index, 3, e);
        }
        KvStateMachine follower = new KvStateMachine();
        follower.restore(index, leader.snapshot());
        assertThat(follower.stagedTxns()).isOne();
        for (KvStateMachine sm : List.of(leader, follower)) {
            sm.apply(index + 1, 3, entries.getLast());
            assertThat(sm.size()).isEqualTo(300);
        }
        assertThat(follower.digest()).isEqualTo(leader.digest());
    }

    @Test
    void stagedDeletesApplyAndAKeyNamedTwiceKeepsItsFirstWriteOnEveryReplica() {
        List<Write> writes = new ArrayList<>(rows(200, "c"));
        writes.add(new Write(b("z"), null));
        // A transaction's writes name each key once; a malformed entry naming one again must
        // still apply the same way everywhere.
        writes.add(new Write(b("k00000"), b("again")));
        List<byte[]> entries = KvCommands.txnCommands(T1, COMMIT, writes, 5_000);
        assertThat(entries.size()).isGreaterThan(2);
        KvStateMachine a = new KvStateMachine();
        KvStateMachine b = new KvStateMachine();
        for (KvStateMachine sm : List.of(a, b)) {
            sm.apply(1, 1, KvCommands.put(0, 0, b("z"), b("before")));
            long index = 1;
            for (byte[] e : entries) {
                sm.apply(++index, 1, e);
            }
        }
        assertThat(a.getString("k00000")).isEqualTo("c".repeat(100));
        assertThat(a.get(b("z"))).as("deleted by the transaction").isNull();
        assertThat(a.get(b("k00002"))).isNotNull();
        assertThat(a.digest()).isEqualTo(b.digest());
    }

    @Test
    void aSmallCommitIsOneEntryAsBefore() {
        List<byte[]> entries = KvCommands.txnCommands(T1, COMMIT, rows(3, "d"), 1 << 20);
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst()).isEqualTo(KvCommands.txnCommit(T1, COMMIT, rows(3, "d")));
    }
}
