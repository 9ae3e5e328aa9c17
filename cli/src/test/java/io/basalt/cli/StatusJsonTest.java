package io.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.Membership;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.client.NodeStatusReport;
import io.basalt.server.client.SnapshotProgress;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** What {@code basalt status} shows of a snapshot transfer under way, as text and as JSON. */
class StatusJsonTest {
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");

    private static NodeStatusReport follower(SnapshotProgress p) {
        RaftStatus g = new RaftStatus(1, N2, RaftRole.FOLLOWER, 3, N1, N1, 1, 0, 0, 0, 0, 0, ReplicationMode.SYNC,
            FailoverMode.AUTOMATIC, new Membership(new TreeSet<>(List.of(N1, N2)), new TreeSet<>()), List.of(), 0, 0);
        return new NodeStatusReport(N2, 42, "127.0.0.1:7001", List.of(g), Map.of(), Map.of(), List.of(p));
    }

    @Test
    void aSnapshotBeingReceivedShowsItsProgressAndRate() {
        SnapshotProgress p = new SnapshotProgress(1, true, N1, 812, 3, 412L << 20, 2048L << 20, 85_000_000,
            100L << 20);
        assertThat(p.describe())
            .isEqualTo("receiving snapshot at index 812 from n1: 412/2048 MiB, 85 MB/s (resumed at 100 MiB)");
        String json = StatusJson.render(List.of(follower(p)), List.of());
        assertThat(json).contains("\"snapshotTransfers\":[{\"direction\":\"receiving\",\"peer\":\"n1\",\"index\":812,"
            + "\"term\":3,\"bytesDone\":" + (412L << 20) + ",\"bytesTotal\":" + (2048L << 20)
            + ",\"bytesPerSecond\":85000000,\"resumedBytes\":" + (100L << 20) + "}]");
    }

    @Test
    void noTransferIsAnEmptyList() {
        RaftStatus g = follower(new SnapshotProgress(1, true, N1, 1, 1, 0, 0, 0, 0)).groups().getFirst();
        NodeStatusReport none = new NodeStatusReport(N2, 42, "127.0.0.1:7001", List.of(g));
        assertThat(StatusJson.render(List.of(none), List.of())).contains("\"snapshotTransfers\":[]");
        SnapshotProgress sending = new SnapshotProgress(1, false, N2, 9, 1, 1 << 19, 1 << 20, 1_500_000, 0);
        assertThat(sending.describe()).isEqualTo("sending snapshot at index 9 to n2: 0.5/1.0 MiB, 1.5 MB/s");
    }
}
