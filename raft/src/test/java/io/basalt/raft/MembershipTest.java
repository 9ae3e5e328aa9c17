package io.basalt.raft;

import static io.basalt.raft.Fixtures.drain;
import static io.basalt.raft.Fixtures.id;
import static io.basalt.raft.Fixtures.only;
import static io.basalt.raft.Fixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Learners and one-server-at-a-time membership changes. */
class MembershipTest {

    private static Membership membership(List<Integer> voters, List<Integer> learners) {
        TreeSet<io.basalt.common.NodeId> v = new TreeSet<>();
        TreeSet<io.basalt.common.NodeId> l = new TreeSet<>();
        voters.forEach(i -> v.add(id(i)));
        learners.forEach(i -> l.add(id(i)));
        return new Membership(v, l);
    }

    @Test
    void learnerGetsTheLogButNeverCampaignsOrVotes() {
        Cluster c = Cluster.of(3, 1, cfg -> cfg);
        c.elect(1);
        c.propose(id(1), "a");
        c.run(2);
        assertThat(c.node(4).role()).isEqualTo(RaftRole.LEARNER);
        assertThat(c.appliedData(id(4))).containsExactly("a");
        c.isolate(id(4));
        c.run(100);
        assertThat(c.node(4).role()).isEqualTo(RaftRole.LEARNER);
        assertThat(c.node(4).term()).as("never campaigns").isEqualTo(c.node(1).term());
        c.heal();
        c.crash(id(1));
        c.tracing = true;
        c.run(60);
        assertThat(c.leader()).isIn(id(2), id(3));
        assertThat(c.trace).as("nobody asks a learner for its vote")
            .noneMatch(l -> l.contains("->n4 VoteRequest"))
            .noneMatch(l -> l.startsWith("n4->") && l.contains("VoteResponse"));
    }

    @Test
    void learnerPromotedByAnEntryItLacksStillAnswersVoteRequests() {
        RaftNode learner = new RaftNode(RaftConfig.defaults(Cluster.GROUP, id(4), membership(List.of(1, 2, 3),
            List.of(4))).withPreVoteAndCheckQuorum(false, false), new io.basalt.common.Prng(1), RaftState.empty());
        learner.step(vote(2, 4, 3, VoteKind.ELECTION, 5, 2));
        assertThat(only(drain(learner), Message.VoteResponse.class).granted()).isTrue();
        assertThat(learner.role()).isEqualTo(RaftRole.LEARNER);
    }

    @Test
    void learnersDoNotCountTowardCommit() {
        Cluster c = Cluster.of(2, 2, cfg -> cfg);
        c.elect(1);
        c.run(1);
        c.isolate(id(2));
        long a = c.propose(id(1), "a");
        c.run(2);
        assertThat(c.node(3).status().lastIndex()).as("learners have it").isEqualTo(a);
        assertThat(c.node(1).status().commitIndex()).as("but the other voter does not").isLessThan(a);
        assertThat(c.node(1).status().followers()).filteredOn(FollowerProgress::learner).hasSize(2);
    }

    @Test
    void addLearnerPromoteItThenRemoveTheLeader() throws Exception {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.propose(id(1), "a");
        c.run(1);
        c.add(id(4), c.configs.get(id(1)).withElection(10, 1, 8));
        c.configs.put(id(4), new RaftConfig(Cluster.GROUP, id(4), c.configs.get(id(1)).initialMembership(), 10, 1, 8,
            true, true, ReplicationMode.SYNC, FailoverMode.AUTOMATIC, ReadMode.READ_INDEX, 256, 1 << 20, 64,
            java.util.Set.of()));
        c.nodes.put(id(4), new RaftNode(c.configs.get(id(4)), new io.basalt.common.Prng(4), RaftState.empty()));

        c.node(1).proposeMembership(membership(List.of(1, 2, 3), List.of(4)));
        c.run(3);
        assertThat(c.node(4).role()).isEqualTo(RaftRole.LEARNER);
        assertThat(c.appliedData(id(4))).containsExactly("a");

        c.node(1).proposeMembership(membership(List.of(1, 2, 3, 4), List.of()));
        c.run(3);
        assertThat(c.node(4).status().membership().isVoter(id(4))).isTrue();
        assertThat(c.node(4).role()).isEqualTo(RaftRole.FOLLOWER);

        c.node(1).proposeMembership(membership(List.of(2, 3, 4), List.of()));
        c.run(3);
        assertThat(c.node(1).role()).as("removed leader steps down once committed").isEqualTo(RaftRole.FOLLOWER);
        c.run(60);
        io.basalt.common.NodeId leader = c.leader();
        assertThat(leader).isIn(id(2), id(3), id(4));
        c.propose(leader, "b");
        c.run(2);
        assertThat(c.appliedData(id(4))).containsExactly("a", "b");
    }

    @Test
    void rejectsTwoChangesAtOnceAndOverlappingChanges() throws Exception {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.run(1);
        RaftNode leader = c.node(1);
        assertThatThrownBy(() -> leader.proposeMembership(membership(List.of(1), List.of())))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> leader.proposeMembership(membership(List.of(1, 2, 3), List.of())))
            .as("no change").isInstanceOf(IllegalArgumentException.class);
        leader.proposeMembership(membership(List.of(1, 2, 3), List.of(4)));
        assertThatThrownBy(() -> leader.proposeMembership(membership(List.of(1, 2, 3), List.of(4, 5))))
            .as("previous change not committed").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noChangeBeforeEntryOfLeadersTermCommits() {
        Cluster c = Cluster.of(3);
        c.drop = m -> m instanceof Message.AppendResponse;
        c.elect(1);
        assertThatThrownBy(() -> c.node(1).proposeMembership(membership(List.of(1, 2, 3), List.of(4))))
            .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void configTakesEffectWhenAppendedNotWhenCommitted() throws Exception {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.run(1);
        c.isolate(id(1));
        c.node(1).proposeMembership(membership(List.of(1, 2), List.of()));
        c.processReadies();
        assertThat(c.node(1).status().membership().voters()).hasSize(2);
        assertThat(c.node(1).status().commitIndex()).isLessThan(c.node(1).status().lastIndex());
    }
}
