package io.basalt.raft;

import static io.basalt.raft.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.Invariants;
import io.basalt.common.Prng;
import org.junit.jupiter.api.Test;

/** Log compaction, snapshot installation and restart from what a node recovered from disk. */
class SnapshotTest {

    @Test
    void laggingFollowerInstallsLeadersSnapshot() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.isolate(id(3));
        for (int i = 0; i < 10; i++) {
            c.propose(id(1), "v" + i);
        }
        c.run(2);
        c.compact(id(1));
        long snapIndex = c.node(1).status().firstIndex() - 1;
        assertThat(snapIndex).isEqualTo(11);
        c.propose(id(1), "after");
        c.tracing = true;
        c.heal();
        c.run(3);
        assertThat(c.trace).anyMatch(l -> l.contains("InstallSnapshot"));
        RaftStatus s = c.node(3).status();
        assertThat(s.firstIndex()).isEqualTo(snapIndex + 1);
        assertThat(s.commitIndex()).isEqualTo(c.node(1).status().commitIndex());
        assertThat(c.appliedData(id(3))).containsExactlyElementsOf(c.appliedData(id(1)));
        assertThat(c.disks.get(id(3)).snapshot.index()).isEqualTo(snapIndex);
    }

    @Test
    void aSnapshotBeyondWhatTheLogHoldsCompactsNothing() {
        // A driver's snapshot write can finish after a reset replaced what it covers.
        Cluster c = Cluster.of(1);
        c.elect(1);
        RaftNode n = c.node(1);
        long applied = n.status().appliedIndex();
        long first = n.status().firstIndex();
        n.compact(new Snapshot(new SnapshotMeta(applied + 5, 1, n.status().membership()), new byte[0]));
        n.compact(new Snapshot(new SnapshotMeta(applied, 99, n.status().membership()), new byte[0]));
        assertThat(n.status().firstIndex()).isEqualTo(first);
        n.compact(new Snapshot(new SnapshotMeta(applied, n.status().lastTerm(), n.status().membership()), new byte[0]));
        assertThat(n.status().firstIndex()).isEqualTo(applied + 1);
    }

    @Test
    void restartRedeliversCommittedEntriesAboveSnapshot() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.propose(id(1), "a");
        c.propose(id(1), "b");
        c.run(2);
        c.compact(id(2));
        c.propose(id(1), "c");
        c.run(2);
        RaftState disk = c.disks.get(id(2)).state();
        RaftNode restarted = new RaftNode(c.configs.get(id(2)), new Prng(1), disk);
        assertThat(restarted.hasReady()).isTrue();
        Ready r = restarted.ready();
        assertThat(r.committed()).extracting(e -> new String(e.data())).containsExactly("c");
        assertThat(r.committed().getFirst().index()).isEqualTo(disk.snapshot().index() + 1);
        assertThat(r.hardState()).as("nothing new to persist").isNull();
        RaftStatus s = restarted.status();
        assertThat(s.term()).isEqualTo(c.node(2).term());
        assertThat(s.persistedIndex()).isEqualTo(s.lastIndex());
        assertThat(s.appliedIndex()).isEqualTo(s.commitIndex());
    }

    @Test
    void restartedClusterKeepsItsData() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.propose(id(1), "a");
        c.run(2);
        for (int i = 1; i <= 3; i++) {
            c.crash(id(i));
        }
        for (int i = 1; i <= 3; i++) {
            c.restart(id(i));
        }
        assertThat(c.appliedData(id(2))).containsExactly("a");
        c.run(60);
        io.basalt.common.NodeId leader = c.leader();
        assertThat(leader).isNotNull();
        c.propose(leader, "b");
        c.run(2);
        for (int i = 1; i <= 3; i++) {
            assertThat(c.appliedData(id(i))).containsExactly("a", "b");
        }
    }
}
