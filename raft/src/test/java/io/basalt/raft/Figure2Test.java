package io.basalt.raft;

import static io.basalt.raft.Fixtures.append;
import static io.basalt.raft.Fixtures.drain;
import static io.basalt.raft.Fixtures.entries;
import static io.basalt.raft.Fixtures.id;
import static io.basalt.raft.Fixtures.node;
import static io.basalt.raft.Fixtures.only;
import static io.basalt.raft.Fixtures.sent;
import static io.basalt.raft.Fixtures.vote;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One test per rule of the Raft paper's figure 2. */
class Figure2Test {

    @Nested
    class RequestVoteReceiver {
        @Test
        void rejectsCandidateOfOlderTerm() {
            RaftNode n = node(2, 3, 5, 1, 1);
            n.step(vote(1, 2, 4, VoteKind.ELECTION, 9, 4));
            Ready r = drain(n);
            Message.VoteResponse resp = only(r, Message.VoteResponse.class);
            assertThat(resp.granted()).isFalse();
            assertThat(resp.term()).isEqualTo(5);
            assertThat(n.term()).isEqualTo(5);
        }

        @Test
        void grantsOnceAndDurablyPerTerm() {
            RaftNode n = node(3, 3, 1, 1);
            n.step(vote(1, 3, 2, VoteKind.ELECTION, 1, 1));
            Ready r = drain(n);
            assertThat(only(r, Message.VoteResponse.class).granted()).isTrue();
            assertThat(r.hardState()).isEqualTo(new HardState(2, id(1), 0));
            n.step(vote(2, 3, 2, VoteKind.ELECTION, 1, 1));
            assertThat(only(drain(n), Message.VoteResponse.class).granted()).isFalse();
            n.step(vote(1, 3, 2, VoteKind.ELECTION, 1, 1));
            assertThat(only(drain(n), Message.VoteResponse.class).granted()).as("the same candidate again").isTrue();
        }

        @Test
        void rejectsCandidateWithLessUpToDateLog() {
            RaftNode n = node(3, 3, 2, 1, 2);
            n.step(vote(1, 3, 3, VoteKind.ELECTION, 5, 1));
            assertThat(only(drain(n), Message.VoteResponse.class).granted()).as("lower last term").isFalse();
            n.step(vote(2, 3, 4, VoteKind.ELECTION, 1, 2));
            assertThat(only(drain(n), Message.VoteResponse.class).granted()).as("shorter, same term").isFalse();
            n.step(vote(1, 3, 5, VoteKind.ELECTION, 2, 2));
            assertThat(only(drain(n), Message.VoteResponse.class).granted()).as("equal log").isTrue();
        }

        @Test
        void doubleVoteBreakGrantsTwice() {
            RaftNode n = node(Fixtures.plain(3, 3).withBreaks(java.util.Set.of(ProtocolBreak.DOUBLE_VOTE)), 1, 1);
            n.step(vote(1, 3, 2, VoteKind.ELECTION, 1, 1));
            drain(n);
            n.step(vote(2, 3, 2, VoteKind.ELECTION, 1, 1));
            assertThat(only(drain(n), Message.VoteResponse.class).granted()).isTrue();
        }
    }

    @Nested
    class AppendEntriesReceiver {
        @Test
        void rejectsLeaderOfOlderTerm() {
            RaftNode n = node(2, 3, 3, 1);
            n.step(append(1, 2, 2, 1, 1, entries(1, 2).subList(1, 2), 2));
            Message.AppendResponse resp = only(drain(n), Message.AppendResponse.class);
            assertThat(resp.success()).isFalse();
            assertThat(resp.term()).isEqualTo(3);
            assertThat(n.status().lastIndex()).isEqualTo(1);
        }

        @Test
        void rejectsWhenPrevEntryMissingOrDifferent() {
            RaftNode n = node(2, 3, 3, 1, 1, 2);
            n.step(append(1, 2, 3, 5, 3, List.of(), 0));
            Message.AppendResponse missing = only(drain(n), Message.AppendResponse.class);
            assertThat(missing.success()).isFalse();
            assertThat(missing.rejectHint()).as("try right after my last entry").isEqualTo(4);
            n.step(append(1, 2, 3, 3, 3, List.of(), 0));
            Message.AppendResponse differs = only(drain(n), Message.AppendResponse.class);
            assertThat(differs.success()).isFalse();
            assertThat(differs.rejectHint()).isEqualTo(4);
            assertThat(differs.rejectHintTerm()).isEqualTo(2);
        }

        @Test
        void deletesConflictingEntryAndAllThatFollow() {
            RaftNode n = node(2, 3, 3, 1, 1, 2, 2);
            List<Entry> leader = entries(1, 1, 3);
            n.step(append(1, 2, 3, 2, 1, leader.subList(2, 3), 0));
            Ready r = drain(n);
            assertThat(only(r, Message.AppendResponse.class).matchIndex()).isEqualTo(3);
            assertThat(r.entries()).containsExactly(leader.get(2));
            assertThat(n.status().lastIndex()).isEqualTo(3);
            assertThat(n.log.term(3)).isEqualTo(3);
        }

        @Test
        void appendsNewEntriesAndKeepsMatchingOnes() {
            RaftNode n = node(2, 3, 1, 1, 1);
            List<Entry> leader = entries(1, 1, 1, 1);
            n.step(append(1, 2, 1, 0, 0, leader, 0));
            Ready r = drain(n);
            assertThat(r.entries()).as("only the entries not already held").containsExactlyElementsOf(leader.subList(2, 4));
            // A stale, shorter append must not truncate what follows.
            n.step(append(1, 2, 1, 0, 0, leader.subList(0, 1), 0));
            drain(n);
            assertThat(n.status().lastIndex()).isEqualTo(4);
        }

        @Test
        void commitIsMinOfLeaderCommitAndLastNewEntry() {
            RaftNode n = node(2, 3, 1);
            List<Entry> leader = entries(1, 1, 1, 1);
            n.step(append(1, 2, 1, 0, 0, leader.subList(0, 2), 4));
            drain(n);
            assertThat(n.status().commitIndex()).isEqualTo(2);
            n.step(append(1, 2, 1, 2, 1, leader.subList(2, 3), 3));
            drain(n);
            assertThat(n.status().commitIndex()).isEqualTo(3);
        }
    }

    @Nested
    class RulesForServers {
        @Test
        void appliesCommittedEntriesInOrderOnlyOnceDurable() {
            RaftNode n = node(2, 3, 1);
            List<Entry> leader = entries(1, 1);
            n.step(append(1, 2, 1, 0, 0, leader, 2));
            Ready first = n.ready();
            assertThat(first.committed()).as("not durable yet").isEmpty();
            n.persisted(first.lastEntryIndex(), first.lastEntryTerm());
            assertThat(n.hasReady()).isTrue();
            assertThat(n.ready().committed()).containsExactlyElementsOf(leader);
            assertThat(n.status().appliedIndex()).isEqualTo(2);
        }

        @Test
        void higherTermMakesAnyRoleAFollower() {
            Cluster c = Cluster.of(3, cfg -> cfg.withPreVoteAndCheckQuorum(false, false));
            c.elect(1);
            RaftNode leader = c.node(1);
            leader.step(new Message.AppendResponse(Cluster.GROUP, id(2), id(1), 7, false, 0, 0, 0, 0));
            assertThat(leader.role()).isEqualTo(RaftRole.FOLLOWER);
            assertThat(leader.term()).isEqualTo(7);
            assertThat(leader.status().votedFor()).isNull();
        }

        @Test
        void followerCampaignsAfterElectionTimeoutWithoutLeader() {
            RaftNode n = node(1, 3, 0);
            Fixtures.tick(n, 9);
            assertThat(n.role()).as("timeout is at least electionTimeoutTicksMin").isEqualTo(RaftRole.FOLLOWER);
            Fixtures.tick(n, 11);
            assertThat(n.role()).isEqualTo(RaftRole.CANDIDATE);
            Ready r = drain(n);
            assertThat(r.hardState()).isEqualTo(new HardState(1, id(1), 0));
            assertThat(sent(r, Message.VoteRequest.class)).extracting(Message::to).containsExactly(id(2), id(3));
        }

        @Test
        void leaderHeartbeatsResetFollowerTimer() {
            RaftNode n = node(2, 3, 1);
            for (int i = 0; i < 50; i++) {
                n.tick();
                n.step(append(1, 2, 1, 0, 0, List.of(), 0));
                drain(n);
            }
            assertThat(n.role()).isEqualTo(RaftRole.FOLLOWER);
            assertThat(n.leader()).isEqualTo(id(1));
        }

        @Test
        void candidateStartsNewElectionOnTimeoutAndYieldsToLeader() {
            RaftNode n = node(1, 3, 0);
            int ticks = 0;
            while (n.role() != RaftRole.CANDIDATE) {
                n.tick();
                ticks++;
            }
            assertThat(n.term()).isEqualTo(1);
            drain(n);
            int again = 0;
            while (n.term() == 1) {
                n.tick();
                again++;
            }
            assertThat(List.of(ticks, again)).allSatisfy(t -> assertThat(t).isBetween(10, 19));
            assertThat(n.role()).isEqualTo(RaftRole.CANDIDATE);
            assertThat(n.term()).isEqualTo(2);
            n.step(append(2, 1, 2, 0, 0, List.of(), 0));
            assertThat(n.role()).isEqualTo(RaftRole.FOLLOWER);
            assertThat(n.leader()).isEqualTo(id(2));
        }

        @Test
        void candidateWithMajorityBecomesLeaderAndAppendsNoop() {
            RaftNode n = node(1, 3, 0);
            Fixtures.tick(n, 20);
            drain(n);
            n.step(new Message.VoteResponse(Cluster.GROUP, id(2), id(1), 1, false, true));
            assertThat(n.role()).isEqualTo(RaftRole.LEADER);
            Ready r = drain(n);
            assertThat(r.entries()).containsExactly(Entry.noop(1, 1));
            assertThat(sent(r, Message.AppendRequest.class)).hasSize(2);
        }

        @Test
        void leaderDecrementsNextIndexOnRejectionAndRetries() {
            Cluster c = Cluster.of(3, cfg -> cfg.withPreVoteAndCheckQuorum(false, false));
            c.elect(1);
            c.isolate(id(3));
            for (int i = 0; i < 5; i++) {
                c.propose(id(1), "v" + i);
            }
            c.stabilize();
            c.heal();
            c.run(3);
            assertThat(c.node(3).status().lastIndex()).isEqualTo(6);
            assertThat(c.appliedData(id(3))).containsExactly("v0", "v1", "v2", "v3", "v4");
        }
    }
}
