package io.basalt.sim.net;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.Prng;
import io.basalt.sim.core.EventLoop;
import io.basalt.sim.core.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NetworkTest {
    private final EventLoop loop = new EventLoop();
    private final List<Envelope> received = new ArrayList<>();

    private Network network(NetworkParams params) {
        Network net = new Network(loop, new Prng(42), new Trace(), params, 3, 4);
        for (int a = 0; a < 4; a++) {
            net.register(a, received::add);
        }
        return net;
    }

    private static NetworkParams reliable() {
        return new NetworkParams(100, 1_000, 30_000, 0, 0);
    }

    @Test
    void randomLatencyReordersMessages() {
        Network net = network(reliable());
        for (int i = 0; i < 100; i++) {
            net.send(0, 1, i);
        }
        loop.runUntil(1_000_000, () -> false);
        List<Object> order = received.stream().map(Envelope::payload).toList();
        assertThat(order).hasSize(100).isNotEqualTo(order.stream().sorted().toList());
    }

    @Test
    void oneWayCutLosesOneDirectionOnly() {
        Network net = network(reliable());
        net.links().cutOneWay(Set.of(0));
        net.send(0, 1, "lost");
        net.send(1, 0, "arrives");
        net.send(0, 3, "to a client");
        loop.runUntil(1_000_000, () -> false);
        assertThat(received).extracting(Envelope::payload).containsExactlyInAnyOrder("arrives", "to a client");
        assertThat(net.dropped()).isEqualTo(1);
    }

    @Test
    void bridgeNodeSeesBothSidesThatDoNotSeeEachOther() {
        Network net = network(reliable());
        net.links().bridge(Set.of(0), Set.of(2));
        net.send(0, 2, "cut");
        net.send(2, 0, "cut");
        net.send(0, 1, "via bridge");
        net.send(1, 2, "via bridge");
        loop.runUntil(1_000_000, () -> false);
        assertThat(received).extracting(Envelope::payload).containsOnly("via bridge").hasSize(2);
    }

    @Test
    void cloggedLinkHoldsMessagesUntilItClears() {
        Network net = network(reliable());
        net.clog(0, 1, 500_000);
        net.send(0, 1, "held");
        loop.runUntil(499_999, () -> false);
        assertThat(received).isEmpty();
        loop.runUntil(1_000_000, () -> false);
        assertThat(received).hasSize(1);
    }

    @Test
    void dropsAndDuplicatesHappenAtTheirRates() {
        Network net = network(new NetworkParams(100, 100, 1_000, 0.2, 0.1));
        for (int i = 0; i < 10_000; i++) {
            net.send(0, 1, i);
        }
        loop.runUntil(1_000_000, () -> false);
        assertThat(net.dropped()).isBetween(1_700L, 2_300L);
        assertThat(net.duplicated()).isBetween(600L, 1_000L);
        assertThat(received).hasSize((int) (10_000 - net.dropped() + net.duplicated()));
    }
}
