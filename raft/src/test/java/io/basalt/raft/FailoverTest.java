package io.basalt.raft;

import static io.basalt.raft.Fixtures.drain;
import static io.basalt.raft.Fixtures.id;
import static io.basalt.raft.Fixtures.only;
import static io.basalt.raft.Fixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Manual failover with operator promotion, and leadership transfer (§3.10). */
class FailoverTest {

    private static Cluster manual() {
        return Cluster.of(3, cfg -> cfg.withModes(ReplicationMode.SYNC, FailoverMode.MANUAL, ReadMode.READ_INDEX));
    }

    @Test
    void manualModeNeverCampaignsOnTimeout() {
        Cluster c = manual();
        c.run(100);
        assertThat(c.leader()).isNull();
        assertThat(c.nodes.values()).allSatisfy(n -> assertThat(n.term()).isZero());
    }

    @Test
    void promoteRunsForcedElectionAtOnce() {
        Cluster c = manual();
        c.tracing = true;
        c.node(2).promote();
        c.stabilize();
        assertThat(c.node(2).role()).isEqualTo(RaftRole.LEADER);
        assertThat(c.node(2).term()).isEqualTo(1);
        assertThat(c.trace).anyMatch(l -> l.contains("VoteRequest term=1 FORCED"));
        assertThat(c.trace).noneMatch(l -> l.contains("PRE_VOTE"));
        c.crash(id(2));
        c.run(100);
        assertThat(c.leader()).as("nobody takes over without the operator").isNull();
        c.node(3).promote();
        c.stabilize();
        assertThat(c.node(3).role()).isEqualTo(RaftRole.LEADER);
    }

    @Test
    void forcedPromotionWinsWithShorterLogAndCountsWhatItLacks() {
        Cluster c = manual();
        c.strict = false;
        c.node(1).promote();
        c.stabilize();
        c.isolate(id(3));
        c.propose(id(1), "a");
        c.stabilize();
        assertThat(c.appliedData(id(2))).containsExactly("a");
        c.crash(id(1));
        c.heal();
        c.node(3).promote();
        c.stabilize();
        assertThat(c.node(3).role()).isEqualTo(RaftRole.LEADER);
        c.run(3);
        assertThat(c.node(2).status().lostCommittedEntries()).isEqualTo(1);
        assertThat(c.appliedData(id(2))).isEmpty();
    }

    @Test
    void forcedVoteIsStillOneVotePerTerm() {
        RaftNode n = Fixtures.node(2, 3, 1, 1, 1);
        n.step(vote(1, 2, 2, VoteKind.ELECTION, 2, 1));
        assertThat(only(drain(n), Message.VoteResponse.class).granted()).isTrue();
        n.step(vote(3, 2, 2, VoteKind.FORCED, 0, 0));
        assertThat(only(drain(n), Message.VoteResponse.class).granted()).isFalse();
        n.step(vote(3, 2, 3, VoteKind.FORCED, 0, 0));
        assertThat(only(drain(n), Message.VoteResponse.class).granted()).as("empty log, next term").isTrue();
    }

    @Test
    void failoverModeChangesLive() {
        Cluster c = manual();
        c.run(50);
        assertThat(c.leader()).isNull();
        c.nodes.values().forEach(n -> n.setFailoverMode(FailoverMode.AUTOMATIC));
        c.run(50);
        assertThat(c.leader()).isNotNull();
        assertThat(c.node(1).status().failoverMode()).isEqualTo(FailoverMode.AUTOMATIC);
    }

    @Test
    void transferCatchesTargetUpThenHandsOver() throws Exception {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.isolate(id(3));
        c.propose(id(1), "a");
        c.stabilize();
        c.heal();
        c.tracing = true;
        c.node(1).transferLeadership(id(3));
        assertThatThrownBy(() -> c.node(1).propose(new byte[] {1}))
            .isInstanceOf(NotLeaderException.class)
            .satisfies(e -> assertThat(((NotLeaderException) e).leaderHint()).isEqualTo(id(3)));
        c.processReadies();
        c.stabilize();
        assertThat(c.node(3).role()).isEqualTo(RaftRole.LEADER);
        assertThat(c.node(1).role()).isEqualTo(RaftRole.FOLLOWER);
        assertThat(c.trace).anyMatch(l -> l.contains("TimeoutNow"));
        assertThat(c.trace).anyMatch(l -> l.contains("TRANSFER"));
        c.propose(id(3), "b");
        c.run(2);
        assertThat(c.appliedData(id(1))).containsExactly("a", "b");
    }

    @Test
    void transferAbortsAfterElectionTimeout() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.isolate(id(3));
        c.node(1).transferLeadership(id(3));
        c.run(5);
        assertThatThrownBy(() -> c.node(1).propose(new byte[] {1})).isInstanceOf(NotLeaderException.class);
        c.run(10);
        assertThat(c.node(1).role()).isEqualTo(RaftRole.LEADER);
        c.propose(id(1), "after");
    }
}
