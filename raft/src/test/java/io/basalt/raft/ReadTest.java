package io.basalt.raft;

import static io.basalt.raft.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Linearizable reads: read index (§6.4) and leader leases. */
class ReadTest {

    private static Cluster cluster(ReadMode mode, Set<ProtocolBreak> breaks) {
        Cluster c = Cluster.of(3, cfg -> cfg.withModes(ReplicationMode.SYNC, FailoverMode.AUTOMATIC, mode)
            .withBreaks(breaks));
        c.strict = breaks.isEmpty();
        c.elect(1);
        c.run(2);
        return c;
    }

    @Test
    void readIndexConfirmsLeadershipWithAHeartbeatRound() throws Exception {
        Cluster c = cluster(ReadMode.READ_INDEX, Set.of());
        c.propose(id(1), "a");
        c.stabilize();
        long commit = c.node(1).status().commitIndex();
        c.node(1).readIndex(7);
        Ready r = c.node(1).ready();
        assertThat(r.readStates()).as("not before a quorum answers").isEmpty();
        assertThat(r.messages()).filteredOn(m -> m instanceof Message.AppendRequest a && a.readContext() != 0)
            .hasSize(2);
        c.network.addAll(r.messages());
        c.stabilize();
        assertThat(c.readStates.get(id(1))).containsExactly(new ReadState(7, commit));
    }

    @Test
    void readsArrivingBeforeTheRoundLeavesShareIt() throws Exception {
        Cluster c = cluster(ReadMode.READ_INDEX, Set.of());
        c.propose(id(1), "a");
        c.stabilize();
        long commit = c.node(1).status().commitIndex();
        c.node(1).readIndex(7);
        c.node(1).readIndex(8);
        c.node(1).readIndex(9);
        Ready r = c.node(1).ready();
        assertThat(r.messages()).as("one heartbeat per follower for the three reads")
            .filteredOn(m -> m instanceof Message.AppendRequest a && a.readContext() != 0).hasSize(2);
        c.network.addAll(r.messages());
        c.stabilize();
        assertThat(c.readStates.get(id(1))).containsExactly(new ReadState(7, commit), new ReadState(8, commit),
            new ReadState(9, commit));
    }

    @Test
    void readArrivingAfterTheRoundLeftWaitsForAnother() throws Exception {
        Cluster c = cluster(ReadMode.READ_INDEX, Set.of());
        c.propose(id(1), "a");
        c.stabilize();
        c.node(1).readIndex(7);
        Ready first = c.node(1).ready();
        c.node(1).readIndex(8);
        Ready second = c.node(1).ready();
        assertThat(second.messages()).as("the second read starts its own round")
            .filteredOn(m -> m instanceof Message.AppendRequest a && a.readContext() != 0).hasSize(2);
        // Only the first round's heartbeats are delivered: their echoes must not confirm the second read.
        c.network.addAll(first.messages());
        c.stabilize();
        assertThat(c.readStates.get(id(1))).extracting(ReadState::requestId).containsExactly(7L);
    }

    @Test
    void isolatedLeaderNeverConfirmsARead() throws Exception {
        Cluster c = cluster(ReadMode.READ_INDEX, Set.of());
        c.isolate(id(1));
        c.node(1).readIndex(1);
        c.stabilize();
        c.run(3);
        assertThat(c.readStates.get(id(1))).isEmpty();
    }

    @Test
    void readWaitsForFirstCommitOfLeadersTerm() throws Exception {
        Cluster c = Cluster.of(3);
        c.drop = m -> m instanceof Message.AppendResponse;
        c.elect(1);
        c.node(1).readIndex(3);
        c.stabilize();
        assertThat(c.readStates.get(id(1))).isEmpty();
        c.drop = m -> false;
        c.run(2);
        assertThat(c.readStates.get(id(1))).singleElement()
            .satisfies(rs -> assertThat(rs.readIndex()).isGreaterThanOrEqualTo(1));
        assertThat(c.readStates.get(id(1)).getFirst().readIndex()).isEqualTo(c.node(1).status().commitIndex());
    }

    @Test
    void singleVoterAnswersAtOnce() throws Exception {
        Cluster c = Cluster.of(1);
        c.elect(1);
        c.node(1).readIndex(9);
        c.processReadies();
        assertThat(c.readStates.get(id(1))).containsExactly(new ReadState(9, 1));
    }

    @Test
    void followerThrowsWithLeaderHint() {
        Cluster c = cluster(ReadMode.READ_INDEX, Set.of());
        assertThatThrownBy(() -> c.node(2).readIndex(1)).isInstanceOf(NotLeaderException.class)
            .satisfies(e -> assertThat(((NotLeaderException) e).leaderHint()).isEqualTo(id(1)));
    }

    @Test
    void leaseStartIsTheTickOfTheRoundAQuorumLastEchoed() throws Exception {
        Cluster c = cluster(ReadMode.READ_INDEX, Set.of());
        assertThat(c.node(2).leaseStartTick()).as("a follower has no lease").isEqualTo(-1);
        long start = c.node(1).leaseStartTick();
        assertThat(start).isBetween(0L, c.node(1).ticks());
        c.run(3);
        assertThat(c.node(1).leaseStartTick()).as("renewed by later heartbeat rounds").isGreaterThan(start);
        c.isolate(id(1));
        long before = c.node(1).leaseStartTick();
        c.tick(id(1));
        c.tick(id(1));
        c.stabilize();
        assertThat(c.node(1).leaseStartTick()).as("cut off: no newer echo, the start stays and ages")
            .isEqualTo(before).isLessThan(c.node(1).ticks());
    }

    @Test
    void noLeaseBeforeTheTermCommitsNorWithManualFailoverNorAcrossATransfer() throws Exception {
        Cluster waiting = Cluster.of(3);
        waiting.drop = m -> m instanceof Message.AppendResponse;
        waiting.elect(1);
        assertThat(waiting.node(1).leaseStartTick()).as("nothing of its term committed yet").isEqualTo(-1);

        Cluster manual = Cluster.of(3, cfg -> cfg.withModes(ReplicationMode.SYNC, FailoverMode.MANUAL,
            ReadMode.READ_INDEX));
        manual.node(1).promote();
        manual.stabilize();
        manual.run(2);
        assertThat(manual.node(1).status().role()).isEqualTo(RaftRole.LEADER);
        assertThat(manual.node(1).leaseStartTick()).as("a forced election ignores stickiness").isEqualTo(-1);

        Cluster c = cluster(ReadMode.READ_INDEX, Set.of());
        c.isolate(id(2));
        c.node(1).transferLeadership(id(2));
        assertThat(c.node(1).leaseStartTick()).as("while transferring").isEqualTo(-1);
        for (int i = 0; i < 40; i++) {
            c.tick(id(1));
            c.tick(id(3));
            c.stabilize();
        }
        assertThat(c.node(1).status().role()).as("the transfer was given up").isEqualTo(RaftRole.LEADER);
        assertThat(c.node(1).leaseStartTick()).as("a late vote for the target could still elect it: no lease"
            + " for the rest of the term").isEqualTo(-1);
    }

    @Test
    void leaseModeFallsBackToARoundForTheRestOfTheTermAfterATransferWasGivenUp() throws Exception {
        Cluster c = cluster(ReadMode.LEASE, Set.of());
        c.isolate(id(2));
        c.node(1).transferLeadership(id(2));
        for (int i = 0; i < 40; i++) {
            c.tick(id(1));
            c.tick(id(3));
            c.stabilize();
        }
        assertThat(c.node(1).status().role()).isEqualTo(RaftRole.LEADER);
        c.node(1).readIndex(5);
        Ready r = c.node(1).ready();
        assertThat(r.readStates()).as("not at once on the lease").isEmpty();
        assertThat(r.messages()).filteredOn(m -> m instanceof Message.AppendRequest a && a.readContext() != 0)
            .as("a heartbeat round instead").isNotEmpty();
    }

    @Test
    void leaseServesAtOnceWhileQuorumRecentlyAcknowledged() throws Exception {
        Cluster c = cluster(ReadMode.LEASE, Set.of());
        c.node(1).readIndex(5);
        Ready r = c.node(1).ready();
        assertThat(r.readStates()).containsExactly(new ReadState(5, c.node(1).status().commitIndex()));
        assertThat(r.messages()).as("no round trip").isEmpty();
    }

    @Test
    void leaseNeedsAcknowledgementsEvenWhenAsyncCommitNeedsNone() throws Exception {
        Cluster c = Cluster.of(3, cfg -> cfg.withModes(ReplicationMode.ASYNC, FailoverMode.AUTOMATIC, ReadMode.LEASE));
        c.drop = m -> m instanceof Message.AppendResponse;
        c.elect(1);
        assertThat(c.node(1).status().commitIndex()).as("committed on the leader alone").isEqualTo(1);
        c.node(1).readIndex(4);
        c.processReadies();
        assertThat(c.readStates.get(id(1))).isEmpty();
    }

    @Test
    void noLeaseReadsWhileTransferringLeadership() throws Exception {
        Cluster c = cluster(ReadMode.LEASE, Set.of());
        c.node(1).transferLeadership(id(2));
        c.node(1).readIndex(5);
        Ready r = c.node(1).ready();
        assertThat(r.readStates()).isEmpty();
    }

    @Test
    void expiredLeaseFallsBackToReadIndex() throws Exception {
        Cluster c = cluster(ReadMode.LEASE, Set.of());
        c.isolate(id(1));
        c.run(8);
        assertThat(c.node(1).role()).as("check-quorum has not fired yet").isEqualTo(RaftRole.LEADER);
        c.node(1).readIndex(5);
        c.stabilize();
        assertThat(c.readStates.get(id(1))).isEmpty();
        c.heal();
        c.run(1);
        assertThat(c.readStates.get(id(1))).extracting(ReadState::requestId).containsExactly(5L);
    }

    @Test
    void leaseWithoutCheckQuorumBreakServesFromADeposedLeader() throws Exception {
        Cluster c = cluster(ReadMode.LEASE, Set.of(ProtocolBreak.LEASE_READ_WITHOUT_CHECK_QUORUM));
        c.isolate(id(1));
        c.run(60);
        assertThat(c.node(1).role()).as("never steps down").isEqualTo(RaftRole.LEADER);
        NodeId other = c.leader().equals(id(1)) ? null : c.leader();
        assertThat(c.node(2).role() == RaftRole.LEADER || c.node(3).role() == RaftRole.LEADER).isTrue();
        c.node(1).readIndex(5);
        c.processReadies();
        assertThat(c.readStates.get(id(1))).as("a stale read is served").hasSize(1);
        assertThat(other).isNotEqualTo(id(1));
    }
}
