package io.basalt.sim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventLoopTest {
    @Test
    void runsEventsByTimeThenBySchedulingOrder() {
        EventLoop loop = new EventLoop();
        List<String> order = new ArrayList<>();
        loop.at(20, () -> order.add("b"));
        loop.at(10, () -> order.add("a"));
        loop.at(20, () -> order.add("c"));
        loop.at(15, () -> loop.after(5, () -> order.add("d")));
        loop.runUntil(100, () -> false);
        assertThat(order).containsExactly("a", "b", "c", "d");
        assertThat(loop.nowUs()).isEqualTo(100);
    }

    @Test
    void stopsWhenAskedAndLeavesLaterEventsQueued() {
        EventLoop loop = new EventLoop();
        List<Long> times = new ArrayList<>();
        for (long t = 1; t <= 10; t++) {
            loop.at(t, () -> times.add(loop.nowUs()));
        }
        loop.runUntil(100, () -> times.size() == 3);
        assertThat(times).containsExactly(1L, 2L, 3L);
        loop.runUntil(5, () -> false);
        assertThat(times).containsExactly(1L, 2L, 3L, 4L, 5L);
    }
}
