package io.basalt.raft;

import static io.basalt.raft.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Raft paper, figure 8: an entry of an old term that a later leader copies to a majority is
 * not committed by counting replicas, because a leader of a yet later term may overwrite it.
 * With {@link ProtocolBreak#COUNT_OLD_TERM_COMMIT} it is, and the overwrite destroys a
 * committed, applied entry, which the state-machine safety checker catches.
 */
class Figure8Test {

    /** Runs the figure's steps (a)-(d); returns the cluster after the final leader took over. */
    private static Cluster scenario(Set<ProtocolBreak> breaks) {
        Cluster c = Cluster.of(5, cfg -> cfg.withPreVoteAndCheckQuorum(false, false)
            .withBreaks(breaks).withAppendLimits(1, 1 << 20, 64));
        c.strict = breaks.isEmpty();
        c.elect(1);
        c.run(1);
        // (a) n1 (term 1) writes x at index 2 and reaches only n2.
        c.cutLink(id(1), id(3));
        c.cutLink(id(1), id(4));
        c.cutLink(id(1), id(5));
        c.propose(id(1), "x");
        c.stabilize();
        // (b) n1 crashes; n5 wins term 2 with n3 and n4 and writes index 2 only locally.
        c.crash(id(1));
        c.heal();
        c.drop = m -> m instanceof Message.AppendRequest a && a.from().equals(id(5));
        c.elect(5);
        assertThat(c.node(5).log.term(2)).isEqualTo(2);
        // (c) n5 crashes; n1 restarts, wins term 3 and copies x to n3, but nothing of term 3
        // reaches a majority.
        c.crash(id(5));
        c.restart(id(1));
        // Entries of term 3 never arrive (one entry per append, so the back-off still works).
        c.drop = m -> m instanceof Message.AppendRequest a && a.from().equals(id(1))
            && a.entries().stream().anyMatch(e -> e.index() >= 3) && c.node(a.to()).log.lastIndex() >= 2;
        c.elect(1);
        c.stabilize();
        assertThat(c.node(3).log.term(2)).as("x is on n1, n2, n3: a majority").isEqualTo(1);
        assertThat(c.node(1).log.term(3)).isEqualTo(c.node(1).term());
        return c;
    }

    @Test
    void oldTermEntryOnMajorityIsNotCommittedByCounting() {
        Cluster c = scenario(Set.of());
        assertThat(c.node(1).status().commitIndex()).isEqualTo(1);
        // (d) n1 crashes; n5 restarts and wins with n2, n3, n4; it overwrites x everywhere.
        c.crash(id(1));
        c.restart(id(5));
        c.drop = m -> false;
        c.elect(5);
        c.run(3);
        assertThat(c.node(3).log.term(2)).isEqualTo(2);
        assertThat(c.node(2).log.term(2)).isEqualTo(2);
        assertThat(c.violations).isEmpty();
        assertThat(c.node(2).status().lostCommittedEntries()).isZero();
    }

    @Test
    void countingOldTermEntriesLetsACommittedEntryBeOverwritten() {
        Cluster c = scenario(Set.of(ProtocolBreak.COUNT_OLD_TERM_COMMIT));
        assertThat(c.node(1).status().commitIndex()).as("x committed by counting").isEqualTo(2);
        // n1's heartbeat tells n3 the commit index (the filter drops n1's probes carrying 3@3).
        c.node(3).step(new Message.AppendRequest(Cluster.GROUP, id(1), id(3), c.node(1).term(), 2, 1,
            java.util.List.of(), 2, 0));
        c.stabilize();
        assertThat(c.appliedData(id(3))).as("heartbeats spread the commit").containsExactly("x");
        assertThat(c.appliedData(id(1))).containsExactly("x");
        c.crash(id(1));
        c.restart(id(5));
        c.drop = m -> false;
        c.elect(5);
        c.run(3);
        assertThat(c.node(3).log.term(2)).isEqualTo(2);
        assertThat(c.violations).anyMatch(v -> v.startsWith("state machine safety"));
        long lost = c.node(2).status().lostCommittedEntries() + c.node(3).status().lostCommittedEntries();
        assertThat(lost).isPositive();
    }
}
