package io.basalt.raft;

import static io.basalt.raft.Fixtures.id;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import org.junit.jupiter.api.Test;

/** Commit points of sync, sync-all and async replication, and what an async failover loses. */
class ReplicationModeTest {

    private static Cluster cluster(ReplicationMode mode) {
        Cluster c = Cluster.of(3, cfg -> cfg.withModes(mode, FailoverMode.AUTOMATIC, ReadMode.READ_INDEX));
        c.elect(1);
        c.run(1);
        return c;
    }

    @Test
    void syncCommitsOnMajorityOnly() {
        Cluster c = cluster(ReplicationMode.SYNC);
        c.isolate(id(3));
        long a = c.propose(id(1), "a");
        c.stabilize();
        assertThat(c.node(1).status().commitIndex()).isEqualTo(a);
        c.cutLink(id(1), id(2));
        long b = c.propose(id(1), "b");
        c.stabilize();
        assertThat(c.node(1).status().commitIndex()).as("leader alone is no majority").isEqualTo(a).isLessThan(b);
    }

    @Test
    void syncAllWaitsForEveryVoter() {
        Cluster c = cluster(ReplicationMode.SYNC_ALL);
        c.isolate(id(3));
        long a = c.propose(id(1), "a");
        c.stabilize();
        assertThat(c.node(1).status().commitIndex()).isLessThan(a);
        c.heal();
        c.run(2);
        assertThat(c.node(1).status().commitIndex()).isEqualTo(a);
        assertThat(c.appliedData(id(3))).containsExactly("a");
    }

    @Test
    void asyncCommitsOnLeaderDurabilityAlone() {
        Cluster c = cluster(ReplicationMode.ASYNC);
        c.isolate(id(1));
        long a = c.propose(id(1), "a");
        c.stabilize();
        RaftStatus s = c.node(1).status();
        assertThat(s.commitIndex()).isEqualTo(a);
        assertThat(c.appliedData(id(1))).containsExactly("a");
        assertThat(s.unshippedEntries()).as("committed but on no follower").isEqualTo(1);
    }

    @Test
    void leaderMatchIsItsPersistedIndexNotItsLastIndex() {
        RaftNode n = Fixtures.node(1, 1, cfg -> cfg.withModes(ReplicationMode.ASYNC, FailoverMode.AUTOMATIC,
            ReadMode.READ_INDEX));
        while (n.role() != RaftRole.LEADER) {
            n.tick();
        }
        Fixtures.drain(n);
        long before = n.status().commitIndex();
        long index = propose(n, "a");
        Ready r = n.ready();
        assertThat(r.entries()).extracting(Entry::index).containsExactly(index);
        assertThat(n.status().commitIndex()).as("not durable yet").isEqualTo(before);
        n.persisted(r.lastEntryIndex(), r.lastEntryTerm());
        assertThat(n.status().commitIndex()).isEqualTo(index);
        assertThat(n.ready().committed()).extracting(Entry::index).containsExactly(index);
    }

    @Test
    void modeChangesLive() {
        Cluster c = cluster(ReplicationMode.SYNC_ALL);
        c.isolate(id(3));
        long a = c.propose(id(1), "a");
        c.stabilize();
        assertThat(c.node(1).status().commitIndex()).isLessThan(a);
        c.node(1).setReplicationMode(ReplicationMode.SYNC);
        c.processReadies();
        assertThat(c.node(1).status().commitIndex()).isEqualTo(a);
        assertThat(c.node(1).status().replicationMode()).isEqualTo(ReplicationMode.SYNC);
    }

    @Test
    void asyncFailoverLosesAndCountsAcknowledgedEntries() {
        Cluster c = cluster(ReplicationMode.ASYNC);
        c.strict = false;
        c.isolate(id(1));
        c.propose(id(1), "a");
        c.propose(id(1), "b");
        c.stabilize();
        assertThat(c.appliedData(id(1))).containsExactly("a", "b");
        c.crash(id(1));
        c.heal();
        c.run(40);
        NodeId leader = c.leader();
        assertThat(leader).isIn(id(2), id(3));
        c.propose(leader, "c");
        c.restart(id(1));
        c.run(5);
        RaftStatus s = c.node(1).status();
        assertThat(s.lostCommittedEntries()).isEqualTo(2);
        assertThat(c.resets.get(id(1))).as("applied entries were replaced: state machine rebuilt").isEqualTo(1);
        assertThat(c.appliedData(id(1))).containsExactly("c");
        assertThat(c.violations).anyMatch(v -> v.startsWith("state machine safety"));
    }

    @Test
    void asyncLossBelowSnapshotIsRepairedWithLeadersSnapshot() {
        Cluster c = cluster(ReplicationMode.ASYNC);
        c.strict = false;
        c.isolate(id(1));
        c.propose(id(1), "a");
        c.propose(id(1), "b");
        c.stabilize();
        c.compact(id(1));
        assertThat(c.node(1).status().firstIndex()).as("a and b are in n1's snapshot").isEqualTo(4);
        c.crash(id(1));
        c.heal();
        c.run(40);
        NodeId leader = c.leader();
        c.propose(leader, "c");
        c.propose(leader, "d");
        c.run(2);
        // The leader's snapshot ends below n1's, at its own no-op of a later term: n1 sees that
        // its snapshot is not in the leader's log.
        c.compact(leader, 2);
        c.tracing = true;
        c.restart(id(1));
        c.run(5);
        assertThat(c.trace).anyMatch(l -> l.startsWith(leader + "->n1 InstallSnapshot"));
        assertThat(c.node(1).status().lostCommittedEntries()).isPositive();
        assertThat(c.appliedData(id(1))).containsExactly("c", "d");
        assertThat(c.node(1).log.term(c.node(1).status().lastIndex())).isEqualTo(c.node(leader).term());
    }

    @Test
    void syncFailoverLosesNothing() {
        Cluster c = cluster(ReplicationMode.SYNC);
        c.propose(id(1), "a");
        c.stabilize();
        c.crash(id(1));
        c.run(40);
        NodeId leader = c.leader();
        c.propose(leader, "b");
        c.restart(id(1));
        c.run(5);
        assertThat(c.node(1).status().lostCommittedEntries()).isZero();
        assertThat(c.appliedData(id(1))).containsExactly("a", "b");
    }

    static long propose(RaftNode n, String data) {
        try {
            return n.propose(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (NotLeaderException e) {
            throw new AssertionError(e);
        }
    }


    @Test
    void appliedEntriesReplacedAboveAnExternalSnapshotAskForTheLeadersSnapshotInsteadOfAReset() {
        // n1's snapshot is external (its state lives in the driver's engine, past the snapshot):
        // it cannot rebuild its state machine from it, so it must not be told to reset.
        Cluster c = cluster(ReplicationMode.ASYNC);
        c.strict = false;
        RaftNode n1 = c.node(1);
        long base = n1.status().appliedIndex();
        n1.compact(Snapshot.external(new SnapshotMeta(base, n1.termAt(base), n1.membershipAt(base))));
        c.isolate(id(1));
        c.propose(id(1), "a");
        c.propose(id(1), "b");
        c.stabilize();
        assertThat(c.appliedData(id(1))).as("async: applied on the isolated leader alone").contains("a", "b");
        c.crash(id(1));
        c.heal();
        c.run(40);
        NodeId leader = c.leader();
        c.propose(leader, "c");
        c.run(2);
        c.tracing = true;
        // Back without a restart (which would hand the core an image): its core still holds the external snapshot.
        c.down.remove(id(1));
        c.run(10);
        assertThat(c.resets.getOrDefault(id(1), 0)).as("no reset: there is no image to rebuild from").isZero();
        assertThat(c.appliedData(id(1))).as("nothing rebuilt yet: it waits for a snapshot").contains("a", "b");
        c.compact(leader);
        c.run(10);
        assertThat(c.resets.getOrDefault(id(1), 0)).isZero();
        assertThat(c.trace).anyMatch(l -> l.startsWith(leader + "->n1 InstallSnapshot"));
        assertThat(c.node(1).status().lostCommittedEntries()).isPositive();
        assertThat(c.appliedData(id(1))).containsExactly("c");
    }
}
