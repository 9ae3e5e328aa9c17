package io.basalt.raft;

import static io.basalt.raft.Fixtures.drain;
import static io.basalt.raft.Fixtures.id;
import static io.basalt.raft.Fixtures.only;
import static io.basalt.raft.Fixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Pre-vote, leader stickiness and check-quorum (DESIGN.md §4 and §11). */
class PreVoteAndCheckQuorumTest {

    @Test
    void rejoiningPartitionedNodeDoesNotDeposeLeader() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        long term = c.node(1).term();
        c.isolate(id(3));
        c.run(100);
        assertThat(c.node(3).term()).as("pre-vote never succeeds alone").isEqualTo(term);
        c.heal();
        c.run(5);
        assertThat(c.node(1).role()).isEqualTo(RaftRole.LEADER);
        assertThat(c.node(1).term()).isEqualTo(term);
        assertThat(c.node(3).leader()).isEqualTo(id(1));
    }

    @Test
    void withoutPreVoteRejoiningNodeBumpsTermsAndDeposesLeader() {
        Cluster c = Cluster.of(3, cfg -> cfg.withPreVoteAndCheckQuorum(false, false));
        c.elect(1);
        long term = c.node(1).term();
        c.isolate(id(3));
        c.run(100);
        assertThat(c.node(3).term()).isGreaterThan(term + 2);
        c.heal();
        c.run(1);
        assertThat(c.node(1).term()).isGreaterThan(term + 2);
        assertThat(c.node(1).role()).isNotEqualTo(RaftRole.LEADER);
    }

    @Test
    void preVoteChangesNeitherTermNorVote() {
        RaftNode n = Fixtures.node(1, 3, cfg -> cfg.withPreVoteAndCheckQuorum(true, true));
        while (n.role() == RaftRole.FOLLOWER) {
            n.tick();
        }
        assertThat(n.role()).isEqualTo(RaftRole.PRE_CANDIDATE);
        Ready r = drain(n);
        assertThat(r.hardState()).as("nothing to persist").isNull();
        assertThat(Fixtures.sent(r, Message.VoteRequest.class)).allSatisfy(v -> {
            assertThat(v.kind()).isEqualTo(VoteKind.PRE_VOTE);
            assertThat(v.term()).isEqualTo(1);
        });
        n.step(new Message.VoteResponse(Cluster.GROUP, id(2), id(1), 1, true, true));
        assertThat(n.role()).isEqualTo(RaftRole.CANDIDATE);
        assertThat(n.term()).isEqualTo(1);
        assertThat(Fixtures.sent(drain(n), Message.VoteRequest.class)).hasSize(2)
            .allSatisfy(v -> assertThat(v.kind()).isEqualTo(VoteKind.ELECTION));
    }

    @Test
    void voterWithLiveLeaderRefusesPreVoteAndIgnoresElection() {
        RaftNode n = Fixtures.node(2, 3, cfg -> cfg.withPreVoteAndCheckQuorum(true, true));
        n.step(Fixtures.append(1, 2, 1, 0, 0, List.of(), 0));
        drain(n);
        n.step(vote(3, 2, 2, VoteKind.PRE_VOTE, 5, 1));
        Message.VoteResponse pre = only(drain(n), Message.VoteResponse.class);
        assertThat(pre.granted()).isFalse();
        n.step(vote(3, 2, 2, VoteKind.ELECTION, 5, 1));
        Ready r = drain(n);
        assertThat(r.messages()).as("ignored").isEmpty();
        assertThat(n.term()).isEqualTo(1);
        assertThat(n.leader()).isEqualTo(id(1));
        // Once the leader has been silent for the minimum election timeout, the pre-vote passes.
        Fixtures.tick(n, 10);
        n.step(vote(3, 2, 2, VoteKind.PRE_VOTE, 5, 1));
        Message.VoteResponse later = only(drain(n), Message.VoteResponse.class);
        assertThat(later.granted()).isTrue();
        assertThat(later.term()).isEqualTo(2);
        assertThat(n.term()).as("pre-vote does not bump the term").isEqualTo(1);
    }

    @Test
    void transferAndForcedVotesBypassStickiness() {
        RaftNode n = Fixtures.node(2, 3, cfg -> cfg.withPreVoteAndCheckQuorum(true, true));
        n.step(Fixtures.append(1, 2, 1, 0, 0, List.of(), 0));
        drain(n);
        n.step(vote(3, 2, 2, VoteKind.TRANSFER, 0, 0));
        assertThat(only(drain(n), Message.VoteResponse.class).granted()).isTrue();
        assertThat(n.term()).isEqualTo(2);
    }

    @Test
    void leaderCutFromMajorityStepsDown() {
        Cluster c = Cluster.of(5);
        c.elect(1);
        c.isolate(id(1));
        c.cutLink(id(1), id(2));
        c.cut.remove(List.of(id(1), id(2)));
        c.cut.remove(List.of(id(2), id(1)));
        c.run(10);
        assertThat(c.node(1).role()).as("hears only n2: no quorum of 5").isEqualTo(RaftRole.FOLLOWER);
        c.run(40);
        NodeId leader = c.leader();
        assertThat(leader).isNotNull().isNotEqualTo(id(1));
    }

    @Test
    void leaderWithoutCheckQuorumStaysLeaderWhenCut() {
        Cluster c = Cluster.of(3, cfg -> cfg.withPreVoteAndCheckQuorum(true, false));
        c.elect(1);
        c.isolate(id(1));
        c.run(50);
        assertThat(c.node(1).role()).isEqualTo(RaftRole.LEADER);
    }

    @Test
    void followerAnswersAHeartbeatAtOnceWhileItsEntriesAreStillBeingWritten() {
        RaftNode n = Fixtures.node(2, 3, cfg -> cfg.withPreVoteAndCheckQuorum(true, true));
        n.step(Fixtures.append(1, 2, 1, 0, 0, Fixtures.entries(1, 1), 0));
        Ready writing = n.ready(); // not persisted: its write is still in flight
        assertThat(only(writing, Message.AppendResponse.class).requiresDurableSender()).isTrue();
        n.step(new Message.AppendRequest(Cluster.GROUP, id(1), id(2), 1, 2, 1, List.of(), 0, 5));
        Ready heartbeat = n.ready();
        Message.HeartbeatResponse alive = only(heartbeat, Message.HeartbeatResponse.class);
        assertThat(alive.requiresDurableSender()).as("vouches for nothing on disk").isFalse();
        assertThat(alive.term()).isEqualTo(1);
        assertThat(alive.readContext()).isEqualTo(5);
        assertThat(only(heartbeat, Message.AppendResponse.class).requiresDurableSender())
            .as("the acknowledgement of entries still waits for the disk").isTrue();
    }

    @Test
    void leaderWhoseFollowersAreSlowToPersistKeepsLeadingAndConfirmsReads() throws Exception {
        Cluster c = Cluster.of(3);
        c.elect(1);
        long term = c.node(1).term();
        // Every acknowledgement of entries arrives later than any election timeout, as from
        // followers writing a batch larger than their disks can take in that time.
        c.drop = m -> m instanceof Message.AppendResponse;
        c.run(100);
        assertThat(c.node(1).role()).as("the followers answer heartbeats").isEqualTo(RaftRole.LEADER);
        assertThat(c.node(1).term()).isEqualTo(term);
        c.node(1).readIndex(7);
        c.stabilize();
        assertThat(c.readStates.get(id(1))).extracting(ReadState::requestId).containsExactly(7L);

        c.drop = m -> m instanceof Message.AppendResponse || m instanceof Message.HeartbeatResponse;
        c.run(100);
        assertThat(c.node(1).role() != RaftRole.LEADER || c.node(1).term() > term)
            .as("silent followers: check-quorum ends its term's leadership").isTrue();
    }
}
