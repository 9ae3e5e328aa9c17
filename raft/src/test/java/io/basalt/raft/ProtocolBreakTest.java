package io.basalt.raft;

import static io.basalt.raft.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Each deliberate protocol break produces the anomaly the checkers exist to catch. */
class ProtocolBreakTest {

    /** n1 and n2 campaign in the same term; n3 answers n1 first, then n2. */
    private static Cluster splitVote(Set<ProtocolBreak> breaks) {
        Cluster c = Cluster.of(3, cfg -> cfg.withPreVoteAndCheckQuorum(false, false).withBreaks(breaks));
        c.strict = false;
        c.drop = m -> m.to().equals(id(1)) && m.from().equals(id(2)) || m.to().equals(id(2)) && m.from().equals(id(1));
        while (c.node(1).role() != RaftRole.CANDIDATE) {
            c.node(1).tick();
        }
        while (c.node(2).role() != RaftRole.CANDIDATE) {
            c.node(2).tick();
        }
        c.stabilize();
        assertThat(c.node(1).term()).isEqualTo(c.node(2).term());
        return c;
    }

    @Test
    void withoutBreakAVoterGrantsOneCandidatePerTerm() {
        Cluster c = splitVote(Set.of());
        assertThat(c.violations).isEmpty();
        assertThat(c.nodes.values().stream().filter(n -> n.role() == RaftRole.LEADER)).hasSize(1);
    }

    @Test
    void doubleVoteElectsTwoLeadersInOneTerm() {
        Cluster c = splitVote(Set.of(ProtocolBreak.DOUBLE_VOTE));
        assertThat(c.node(1).role()).isEqualTo(RaftRole.LEADER);
        assertThat(c.node(2).role()).isEqualTo(RaftRole.LEADER);
        assertThat(c.violations).anyMatch(v -> v.startsWith("two leaders in term"));
    }

    @Test
    void ackBeforeFsyncIsLeftToTheDriver() {
        Cluster c = Cluster.of(3, cfg -> cfg.withBreaks(Set.of(ProtocolBreak.ACK_BEFORE_FSYNC)));
        c.elect(1);
        c.propose(id(1), "a");
        c.run(2);
        assertThat(c.appliedData(id(3))).containsExactly("a");
        assertThat(c.violations).isEmpty();
    }
}
