package io.basalt.raft;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void electsAndReplicates() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.propose(Cluster.id(1), "x");
        c.stabilize();
        c.run(3);
        for (var id : c.ids) {
            assertThat(c.appliedData(id)).containsExactly("x");
        }
    }
}
