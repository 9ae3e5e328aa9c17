package io.basalt.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeIdTest {
    @Test
    void lettersDigitsUnderscoreDotAndDashAreAllowed() {
        assertThat(NodeId.of("n1").value()).isEqualTo("n1");
        assertThat(NodeId.of("Zone-a_rack.7").value()).isEqualTo("Zone-a_rack.7");
        assertThat(NodeId.of("x".repeat(64)).value()).hasSize(64);
    }

    @Test
    void anythingElseIsRefusedWithTheRule() {
        for (String bad : new String[] {"", "n 1", "n/1", "é", "n1:7101", "x".repeat(65)}) {
            assertThatThrownBy(() -> NodeId.of(bad)).as("'%s'", bad).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("letters, digits");
        }
    }
}
