package io.basalt.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.raft.Entry;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.Message;
import io.basalt.raft.RaftRole;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.NodeConfig;
import io.basalt.server.proto.NodeProto;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver's ordering rules, with a log whose writes finish only when the test says: nothing
 * leaves the node before the write it depends on is durable, and a failed write is final.
 */
class GroupReplicaTest {
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");

    @TempDir
    Path dir;

    private final ScriptedLog log = new ScriptedLog();
    private final ConcurrentLinkedQueue<Message> sent = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<NodeProto.ClientResponse> answers = new LinkedBlockingQueue<>();
    private GroupReplica replica;

    @AfterEach
    void stop() {
        replica.stop();
    }

    @Test
    void votesLeaveOnlyAfterTheirWritesAreDurableWhileALeadersAppendsGoOutAtOnce() throws Exception {
        replica = replica();
        request(NodeProto.ClientRequest.newBuilder().setPromote(NodeProto.PromoteRequest.getDefaultInstance()));
        await().until(() -> log.appends.size() == 1);
        replica.status().get(); // a round trip through the loop: the task that appended is over
        assertThat(sent).as("the vote for itself is not durable yet").isEmpty();

        log.complete(0, 1);
        await().until(() -> sent.stream().filter(m -> m instanceof Message.VoteRequest).count() == 2);
        Message.VoteRequest ask = (Message.VoteRequest) sent.peek();
        sent.clear();

        replica.deliver(new Message.VoteResponse(1, N2, N1, ask.term(), false, true));
        await().until(() -> log.appends.size() == 2);
        replica.status().get();
        // The leader's appends promise nothing about its own disk: they leave in parallel with its fsync.
        assertThat(sent).as("the leader's first entry goes to both followers before its own write is durable")
            .filteredOn(m -> m instanceof Message.AppendRequest a && !a.entries().isEmpty()).hasSize(2);
        assertThat(replica.status().get().commitIndex()).as("nothing commits before the leader's own write").isZero();
    }

    @Test
    void appendAcknowledgementsLeaveOnlyAfterTheirWritesAreDurable() throws Exception {
        replica = replica();
        replica.deliver(new Message.AppendRequest(1, N2, N1, 1, 0, 0, List.of(Entry.noop(1, 1)), 0, 1));
        await().until(() -> log.appends.size() == 1);
        replica.status().get();
        assertThat(sent).as("the follower's entry is not durable yet").isEmpty();

        log.complete(0, 2);
        await().until(() -> sent.stream().anyMatch(m -> m instanceof Message.AppendResponse r && r.success()
            && r.matchIndex() == 1));
    }

    @Test
    void aFailedWriteStopsTheReplicaForGood() throws Exception {
        replica = replica();
        request(NodeProto.ClientRequest.newBuilder().setPromote(NodeProto.PromoteRequest.getDefaultInstance()));
        await().until(() -> log.appends.size() == 1);
        log.fail(0, new IOException("injected fsync failure"));

        NodeProto.ClientResponse promote = answers.take();
        assertThat(promote.getError().getCode()).isEqualTo(NodeProto.Error.Code.WRITES_STOPPED);
        assertThat(promote.getError().getMessage()).contains("n1 stopped accepting writes", "injected fsync failure");
        request(NodeProto.ClientRequest.newBuilder().setPut(NodeProto.PutRequest.newBuilder().setClientId(1)
            .setSequence(1)));
        assertThat(answers.take().getError().getCode()).isEqualTo(NodeProto.Error.Code.WRITES_STOPPED);
        assertThat(sent).as("nothing of the failed write was sent").isEmpty();
        assertThat(replica.status().get().role()).isEqualTo(RaftRole.FOLLOWER);
    }

    private GroupReplica replica() {
        Map<NodeId, InetSocketAddress> peers = Map.of(N1, new InetSocketAddress("127.0.0.1", 1),
            N2, new InetSocketAddress("127.0.0.1", 2), N3, new InetSocketAddress("127.0.0.1", 3));
        // Manual failover: the tests make n1 campaign with a promotion.
        NodeConfig config = NodeConfig.of(N1, peers, dir, "c").withModes(ReplicationMode.SYNC, FailoverMode.MANUAL);
        // Not started: no ticks, so only the test's inputs move the node.
        return new GroupReplica(1, config, RecoveredGroup.empty(1), log, new LogReleaser(log, Set.of(1L)), sent::add);
    }

    private void request(NodeProto.ClientRequest.Builder request) {
        replica.request(request.setGroupId(1).build(), r -> answers.add(r.build()));
    }
}
