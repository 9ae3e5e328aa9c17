package io.basalt.raft;

import static io.basalt.raft.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Raft paper, figure 7: a leader of term 8 meets followers whose logs are missing entries
 * (a, b, e), have extra uncommitted entries (c, d) or both (f); all end up identical to the
 * leader's log, and the fast back-off repairs each in a few round trips.
 */
class Figure7Test {
    @Test
    void leaderRepairsEveryDivergentFollower() {
        Cluster c = Cluster.of(7, cfg -> cfg.withPreVoteAndCheckQuorum(false, false));
        c.withLog(1, 7, 1, 1, 1, 4, 4, 5, 5, 6, 6, 6);
        c.withLog(2, 7, 1, 1, 1, 4, 4, 5, 5, 6, 6);          // a
        c.withLog(3, 7, 1, 1, 1, 4);                         // b
        c.withLog(4, 7, 1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6);    // c
        c.withLog(5, 7, 1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7); // d
        c.withLog(6, 7, 1, 1, 1, 4, 4, 4, 4);                // e
        c.withLog(7, 7, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3);    // f
        c.tracing = true;
        c.elect(1);
        assertThat(c.node(1).term()).isEqualTo(8);
        c.run(2);

        RaftLog leader = c.node(1).log;
        assertThat(leader.lastIndex()).isEqualTo(11);
        assertThat(leader.term(11)).isEqualTo(8);
        for (int i = 2; i <= 7; i++) {
            RaftLog f = c.node(i).log;
            assertThat(f.lastIndex()).as("n%d length", i).isEqualTo(11);
            for (long idx = 1; idx <= 11; idx++) {
                assertThat(f.entry(idx)).as("n%d entry %d", i, idx).isEqualTo(leader.entry(idx));
            }
            assertThat(c.node(i).status().commitIndex()).isEqualTo(11);
        }
        long rejections = c.trace.stream().filter(l -> l.contains("AppendResponse") && l.contains("reject")).count();
        assertThat(rejections).as("fast back-off skips whole terms").isLessThanOrEqualTo(12);
        assertThat(c.violations).isEmpty();
    }
}
