package io.basalt.raft;

import static io.basalt.raft.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Pipelining and the per-message limits of replication. */
class FlowControlTest {

    private static Cluster cluster(int entriesMax, long bytesMax, int inflightMax) {
        Cluster c = Cluster.of(2, cfg -> cfg.withAppendLimits(entriesMax, bytesMax, inflightMax));
        c.elect(1);
        c.run(2);
        return c;
    }

    private static List<Message.AppendRequest> appendsInFlight(Cluster c) {
        return c.network.stream().filter(m -> m instanceof Message.AppendRequest a && !a.entries().isEmpty())
            .map(m -> (Message.AppendRequest) m).toList();
    }

    private static void propose(Cluster c, byte[] data) {
        try {
            c.node(1).propose(data);
        } catch (NotLeaderException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void pipelinesUpToInflightLimitWithEntryLimitPerMessage() {
        Cluster c = cluster(3, 1 << 20, 2);
        for (int i = 0; i < 10; i++) {
            propose(c, ("v" + i).getBytes());
        }
        c.processReadies();
        List<Message.AppendRequest> appends = appendsInFlight(c);
        assertThat(appends).as("two appends in flight, without waiting for answers").hasSize(2);
        assertThat(appends.get(1).prevLogIndex()).as("optimistic next index")
            .isEqualTo(appends.get(0).prevLogIndex() + appends.get(0).entries().size());
        c.tracing = true;
        c.stabilize();
        List<String> later = c.trace.stream()
            .filter(l -> l.startsWith("n1->n2 AppendRequest") && l.contains("entries=")).toList();
        assertThat(later).extracting(l -> l.split(":").length - 1).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3))
            .contains(3);
        assertThat(c.appliedData(id(2))).hasSize(10);
    }

    @Test
    void byteLimitSplitsMessagesButAlwaysSendsOneEntry() {
        Cluster c = cluster(100, 250, 64);
        byte[] big = new byte[100];
        for (int i = 0; i < 4; i++) {
            propose(c, big);
        }
        propose(c, new byte[1000]);
        c.processReadies();
        c.stabilize();
        c.run(1);
        assertThat(c.node(2).status().commitIndex()).isEqualTo(c.node(1).status().lastIndex());
    }

    @Test
    void byteLimitPerMessage() {
        Cluster c = cluster(100, 250, 64);
        c.tracing = true;
        byte[] big = new byte[100];
        for (int i = 0; i < 4; i++) {
            propose(c, big);
            c.processReadies();
        }
        c.network.clear();
        c.run(2);
        assertThat(c.trace).filteredOn(l -> l.startsWith("n1->n2 AppendRequest") && l.contains("entries="))
            .isNotEmpty()
            .allSatisfy(l -> assertThat(l.split(":").length - 1).as(l).isLessThanOrEqualTo(2));
        assertThat(c.node(2).status().lastIndex()).isEqualTo(c.node(1).status().lastIndex());
    }

    @Test
    void rejectionFallsBackToProbingOneAppendAtATime() {
        Cluster c = cluster(1, 1 << 20, 8);
        c.isolate(id(2));
        for (int i = 0; i < 5; i++) {
            propose(c, ("v" + i).getBytes());
        }
        c.processReadies();
        c.stabilize();
        c.heal();
        c.tracing = true;
        c.run(1);
        long rejects = c.trace.stream().filter(l -> l.contains("reject")).count();
        assertThat(rejects).isPositive();
        assertThat(c.appliedData(id(2))).hasSize(5);
    }
}
