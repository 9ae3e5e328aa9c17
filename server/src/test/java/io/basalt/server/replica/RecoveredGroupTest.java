package io.basalt.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.raft.Entry;
import io.basalt.raft.HardState;
import io.basalt.raft.Membership;
import io.basalt.raft.RaftState;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import org.junit.jupiter.api.Test;

/** The replay rules of the write-ahead log, record by record. */
class RecoveredGroupTest {
    private static final Membership ONE = Membership.ofVoters(NodeId.of("n1"));
    private final RecoveredGroup g = new RecoveredGroup(1);
    private long sequence;

    @Test
    void anEntryReplacesEveryEntryAtOrAboveItsIndex() {
        entries(1, 5, 1);
        g.entry(Entry.normal(2, 3, new byte[] {9}), ++sequence);
        RaftState s = g.raftState();
        assertThat(s.entries()).extracting(Entry::index).containsExactly(1L, 2L, 3L);
        assertThat(s.entries().getLast().term()).isEqualTo(2);
    }

    @Test
    void theLastHardStateWins() {
        g.hardState(new HardState(1, NodeId.of("n1"), 0), ++sequence);
        g.hardState(new HardState(3, null, 7), ++sequence);
        assertThat(g.raftState().hardState()).isEqualTo(new HardState(3, null, 7));
    }

    @Test
    void aSnapshotDropsTheEntriesItCoversAndKeepsTheRest() {
        entries(1, 10, 1);
        g.snapshot(snapshot(6, 1), ++sequence);
        RaftState s = g.raftState();
        assertThat(s.snapshot().index()).isEqualTo(6);
        assertThat(s.entries()).extracting(Entry::index).containsExactly(7L, 8L, 9L, 10L);
    }

    @Test
    void aSnapshotThatDisagreesWithTheLogReplacesAllOfIt() {
        entries(1, 10, 1);
        g.snapshot(snapshot(6, 2), ++sequence);
        assertThat(g.raftState().entries()).isEmpty();
    }

    @Test
    void entriesWrittenBeforeTheSnapshotRecordSurviveARelease() {
        // Segments before the snapshot were released: replay starts mid-log.
        entries(8, 12, 1);
        g.snapshot(snapshot(10, 1), ++sequence);
        entries(13, 14, 1);
        assertThat(g.raftState().entries()).extracting(Entry::index).containsExactly(11L, 12L, 13L, 14L);
    }

    @Test
    void aGapInTheLogIsReportedWithTheMissingIndexes() {
        entries(1, 2, 1);
        entries(5, 6, 1); // as if the records of entries 3 and 4 were lost with a segment
        assertThatThrownBy(g::raftState).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("lacks entries 3 to 4");
    }

    @Test
    void retentionKeepsTheSnapshotTheHardStateAndTheEntriesAfterIt() {
        entries(1, 10, 1);                              // sequences 1..10
        assertThat(g.retention().firstNeeded()).as("nothing released before a snapshot").isZero();
        g.snapshot(snapshot(6, 1), ++sequence);         // 11
        g.hardState(new HardState(1, null, 10), ++sequence); // 12
        assertThat(g.retention().firstNeeded()).as("entry 7 at sequence 7").isEqualTo(7);
        entries(7, 12, 1);                              // rewritten at 13..18
        assertThat(g.retention().firstNeeded()).isEqualTo(11);
    }

    private void entries(long from, long to, long term) {
        for (long i = from; i <= to; i++) {
            g.entry(Entry.normal(term, i, new byte[] {(byte) i}), ++sequence);
        }
    }

    private static Snapshot snapshot(long index, long term) {
        return new Snapshot(new SnapshotMeta(index, term, ONE), new byte[0]);
    }
}
