package io.basalt.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.storage.api.Engine;
import io.basalt.storage.memory.MemoryEngine;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state machine's state lives in its engine: a state machine opened again on the engine
 * (after a flush, or a crash that kept the flushed steps) is the one that wrote it, at the
 * engine's applied index, and applying the rest of the log makes it equal to a replica that
 * never stopped.
 */
class KvStateMachineEngineTest {
    private static final TxnId T1 = new TxnId(new Timestamp(1_000, 0), 7);
    private static final TxnId T2 = new TxnId(new Timestamp(2_000, 0), 7);
    private static final Timestamp COMMIT1 = new Timestamp(5_000, 0);
    private static final Timestamp COMMIT2 = new Timestamp(6_000, 0);

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    private static UnaryOperator<Engine> wipe(Path dir) {
        return old -> {
            throw new AssertionError("no engine of " + dir + " is replaced in this test");
        };
    }

    /** A log with single writes of two clients, a committed transaction and a large one staged across a reopen. */
    private static List<byte[]> log() {
        List<byte[]> log = new ArrayList<>();
        log.add(KvCommands.put(1, 1, b("a"), b("1")));
        log.add(KvCommands.put(2, 1, b("b"), b("2")));
        log.add(KvCommands.txnCommit(T1, COMMIT1, List.of(new Write(b("c"), b("3")), new Write(b("a"), null))));
        List<Write> rows = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            rows.add(new Write(b("r%04d".formatted(i)), b("x".repeat(50))));
        }
        log.addAll(KvCommands.txnCommands(T2, COMMIT2, rows, 4_000));
        log.add(KvCommands.put(1, 2, b("b"), b("22")));
        return log;
    }

    @Test
    void aStateMachineReopenedOnItsEngineContinuesWhereTheFlushedStepsEnd() {
        List<byte[]> log = log();
        int stopAt = 5; // inside T2's stages
        assertThat(log.size()).isGreaterThan(stopAt + 3);

        KvStateMachine reference = new KvStateMachine();
        for (int i = 0; i < log.size(); i++) {
            reference.apply(i + 1, 1, log.get(i));
        }

        MemoryEngine engine = MemoryEngine.open(dir);
        KvStateMachine first = new KvStateMachine(engine, wipe(dir));
        for (int i = 0; i < stopAt; i++) {
            first.apply(i + 1, 1, log.get(i));
        }
        assertThat(first.flush()).isEqualTo(stopAt);
        first.apply(stopAt + 1, 1, log.get(stopAt)); // applied, not flushed: a crash loses it
        Timestamp lastCommit = first.lastCommitTs();
        int staged = first.stagedTxns();
        // Stands in for kill -9: the image on disk is the flushed one.

        KvStateMachine reopened = new KvStateMachine(MemoryEngine.open(dir), wipe(dir));
        assertThat(reopened.appliedIndex()).isEqualTo(stopAt);
        assertThat(reopened.term()).isEqualTo(1);
        assertThat(reopened.lastCommitTs()).isEqualTo(lastCommit);
        assertThat(reopened.stagedTxns()).isEqualTo(staged).isOne();
        assertThat(reopened.committedAt(T1)).isEqualTo(COMMIT1);
        assertThat(reopened.getString("c")).isEqualTo("3");
        assertThat(reopened.get(b("r0000"))).as("staged, not committed").isNull();
        for (int i = stopAt; i < log.size(); i++) {
            reopened.apply(i + 1, 1, log.get(i));
        }
        assertThat(reopened.digest()).isEqualTo(reference.digest());
        assertThat(reopened.snapshot()).isEqualTo(reference.snapshot());
        // A retry of client 1's last write is answered from its session, not applied again.
        KvResult retry = reopened.apply(log.size() + 1, 1, KvCommands.put(1, 2, b("b"), b("again")));
        assertThat(retry.ok()).isTrue();
        assertThat(reopened.getString("b")).isEqualTo("22");
        engine.close();
        reopened.close();
    }

    @Test
    void reopenedAfterEveryEntryTheStateEqualsOneThatNeverStopped() {
        List<byte[]> log = log();
        KvStateMachine reference = new KvStateMachine();
        for (int i = 0; i < log.size(); i++) {
            reference.apply(i + 1, 1, log.get(i));
        }
        KvStateMachine sm = new KvStateMachine(MemoryEngine.open(dir), wipe(dir));
        for (int i = 0; i < log.size(); i++) {
            sm.apply(i + 1, 1, log.get(i));
            sm.close(); // flushes
            sm = new KvStateMachine(MemoryEngine.open(dir), wipe(dir));
            assertThat(sm.appliedIndex()).isEqualTo(i + 1);
        }
        assertThat(sm.digest()).isEqualTo(reference.digest());
        assertThat(sm.stagedTxns()).isZero();
        assertThat(sm.committedAt(T2)).isEqualTo(COMMIT2);
        assertThat(sm.lastCommitTs()).isEqualTo(reference.lastCommitTs());
        assertThat(sm.size()).isEqualTo(reference.size());
        assertThat(sm.snapshot()).isEqualTo(reference.snapshot());
        sm.close();
    }

    @Test
    void aSnapshotBelowTheAppliedIndexReplacesTheEngine() {
        List<byte[]> log = log();
        KvStateMachine leader = new KvStateMachine();
        leader.apply(1, 1, log.get(0));
        leader.apply(2, 1, log.get(1));
        byte[] image = leader.snapshot();

        int[] wiped = {0};
        KvStateMachine follower = new KvStateMachine(MemoryEngine.create(), old -> {
            old.close();
            wiped[0]++;
            return MemoryEngine.create();
        });
        for (int i = 0; i < 4; i++) {
            follower.apply(i + 1, 1, log.get(i));
        }
        follower.restore(2, image);
        assertThat(wiped[0]).isOne();
        assertThat(follower.appliedIndex()).isEqualTo(2);
        assertThat(follower.digest()).isEqualTo(leader.digest());
        assertThat(follower.stagedTxns()).isZero();
        assertThat(follower.committedAt(T1)).isNull();

        follower.restore(10, image);
        assertThat(wiped[0]).as("forward: cleared in place").isOne();
        assertThat(follower.appliedIndex()).isEqualTo(10);
        assertThatThrownBy(() -> follower.apply(10, 1, log.get(2))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aSnapshotImageKeepsStagedTransactionsAcrossAReopen() {
        List<byte[]> log = log();
        KvStateMachine leader = new KvStateMachine();
        for (int i = 0; i < 5; i++) {
            leader.apply(i + 1, 1, log.get(i));
        }
        assertThat(leader.stagedTxns()).isOne();
        KvStateMachine follower = new KvStateMachine(MemoryEngine.open(dir), wipe(dir));
        follower.restore(5, leader.snapshot());
        follower.close();
        follower = new KvStateMachine(MemoryEngine.open(dir), wipe(dir));
        for (int i = 5; i < log.size(); i++) {
            leader.apply(i + 1, 1, log.get(i));
            follower.apply(i + 1, 1, log.get(i));
        }
        assertThat(follower.digest()).isEqualTo(leader.digest());
        assertThat(follower.committedAt(T2)).isEqualTo(COMMIT2);
        follower.close();
    }
}
