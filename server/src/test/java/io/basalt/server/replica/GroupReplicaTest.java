package io.basalt.server.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.basalt.common.NodeId;
import io.basalt.raft.Entry;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.Message;
import io.basalt.raft.RaftRole;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.NodeConfig;
import io.basalt.server.proto.NodeProto;
import io.basalt.storage.wal.WalFailedException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
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
    private long sequence;

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

    @Test
    void aLeaderWhoseDiskIsFullStopsWritesWithTheCauseAndHandsTheGroupToACaughtUpFollower() throws Exception {
        replica = replica();
        long term = becomeLeader();
        request(NodeProto.ClientRequest.newBuilder().setTxn(NodeProto.TxnRequest.newBuilder()
            .setBegin(NodeProto.TxnBegin.getDefaultInstance())));
        NodeProto.TxnHandle txn = answer().getTxn().getBegan().getTxn();
        int writesBefore = log.appends.size();
        request(NodeProto.ClientRequest.newBuilder().setPut(NodeProto.PutRequest.newBuilder().setClientId(1)
            .setSequence(1).setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v"))));
        await().until(() -> log.appends.size() > writesBefore);
        replica.status().get();
        long entry = replica.status().get().lastIndex();
        assertThat(sent).as("the leader's entry left before its own write, as always")
            .anyMatch(m -> m instanceof Message.AppendRequest a && a.to().equals(N2) && !a.entries().isEmpty());
        sent.clear();

        Path segment = dir.resolve("wal/00000000000000000001.wal");
        log.fail(log.appends.size() - 1, new WalFailedException("write-ahead log write or fsync failed", segment,
            new IOException("No space left on device")));

        NodeProto.Error put = answer().getError();
        assertThat(put.getCode()).as("its entry may commit on the others: the outcome is unknown")
            .isEqualTo(NodeProto.Error.Code.RETRY);
        assertThat(put.getSqlState()).isEqualTo("53100");
        assertThat(put.getMessage()).contains("n1 stopped accepting writes", segment.toString(),
            "No space left on device", "the disk is full", "Free space");
        assertThat(replica.stopReason()).contains(segment.toString(), "No space left on device");
        request(NodeProto.ClientRequest.newBuilder().setPut(NodeProto.PutRequest.newBuilder().setClientId(1)
            .setSequence(2).setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("w"))));
        NodeProto.Error later = answer().getError();
        assertThat(later.getCode()).isEqualTo(NodeProto.Error.Code.WRITES_STOPPED);
        assertThat(later.getSqlState()).isEqualTo("53100");
        assertThat(later.getMessage()).isEqualTo(replica.stopReason());
        assertThat(replica.status().get().role()).isEqualTo(RaftRole.FOLLOWER);

        // The open transaction ended with the log; its client is told why, with the SQLSTATE.
        request(NodeProto.ClientRequest.newBuilder().setTxn(NodeProto.TxnRequest.newBuilder().setTxn(txn)
            .setGet(NodeProto.TxnGet.newBuilder().setKey(ByteString.copyFromUtf8("k")))));
        NodeProto.TxnFailed get = answer().getTxn().getFailed();
        assertThat(get.getSqlState()).isEqualTo("53100");
        assertThat(get.getAborted()).isTrue();
        assertThat(get.getMessage()).contains("rolled back", "No space left on device");
        // A commit's outcome is for the next leader to tell: this node only refuses it.
        request(NodeProto.ClientRequest.newBuilder().setTxn(NodeProto.TxnRequest.newBuilder().setTxn(txn)
            .setCommit(NodeProto.TxnCommit.getDefaultInstance())));
        assertThat(answer().getError().getCode()).isEqualTo(NodeProto.Error.Code.WRITES_STOPPED);

        // n2 acknowledges the entry the leader could not write: it now has the whole log and is
        // told to campaign at once. n3's answer changes nothing, and nothing else ever leaves.
        replica.deliver(new Message.AppendResponse(1, N3, N1, term, true, entry, 0, 0, 0));
        replica.deliver(new Message.AppendResponse(1, N2, N1, term, true, entry, 0, 0, 0));
        await().until(() -> !sent.isEmpty());
        replica.deliver(new Message.AppendResponse(1, N3, N1, term, true, entry, 0, 0, 0));
        replica.status().get();
        assertThat(sent).singleElement().isEqualTo(new Message.TimeoutNow(1, N1, N2, term));
    }

    @Test
    void aFailedFsyncIsReportedAsAnIoErrorAndItsWriteIsNeverAcknowledged() throws Exception {
        replica = replica();
        long term = becomeLeader();
        int writesBefore = log.appends.size();
        request(NodeProto.ClientRequest.newBuilder().setPut(NodeProto.PutRequest.newBuilder().setClientId(1)
            .setSequence(1).setKey(ByteString.copyFromUtf8("k")).setValue(ByteString.copyFromUtf8("v"))));
        await().until(() -> log.appends.size() > writesBefore);
        replica.status().get();
        long entry = replica.status().get().lastIndex();
        log.fail(log.appends.size() - 1, new WalFailedException("write-ahead log write or fsync failed",
            dir.resolve("wal/00000000000000000001.wal"), new IOException("Input/output error")));

        NodeProto.Error put = answer().getError();
        assertThat(put.getSqlState()).isEqualTo("58030");
        assertThat(put.getMessage()).contains("Input/output error", "never retried", "Check the disk");
        // Both followers hold the entry, so it commits in the group, but not through this node:
        // it never applies or acknowledges what it could not write itself.
        replica.deliver(new Message.AppendResponse(1, N2, N1, term, true, entry, 0, 0, 0));
        replica.deliver(new Message.AppendResponse(1, N3, N1, term, true, entry, 0, 0, 0));
        replica.status().get();
        assertThat(replica.status().get().appliedIndex()).isLessThan(entry);
        assertThat(answers).isEmpty();
        assertThat(log.appends.stream().filter(f -> !f.isDone())).as("no write is tried after the failure")
            .isEmpty();
    }

    /** Makes n1 the leader of term 1 with its no-op committed (n2 acknowledged it); returns the term. */
    private long becomeLeader() throws Exception {
        request(NodeProto.ClientRequest.newBuilder().setPromote(NodeProto.PromoteRequest.getDefaultInstance()));
        await().until(() -> log.appends.size() == 1);
        completeWrites();
        await().until(() -> sent.stream().filter(m -> m instanceof Message.VoteRequest).count() == 2);
        long term = ((Message.VoteRequest) sent.peek()).term();
        replica.deliver(new Message.VoteResponse(1, N2, N1, term, false, true));
        await().until(() -> log.appends.size() == 2);
        completeWrites();
        replica.deliver(new Message.AppendResponse(1, N2, N1, term, true, 1, 0, 0, 0));
        await().until(() -> {
            completeWrites();
            return replica.status().get().appliedIndex() == 1;
        });
        replica.status().get();
        completeWrites();
        answers.clear();
        sent.clear();
        return term;
    }

    private NodeProto.ClientResponse answer() throws InterruptedException {
        NodeProto.ClientResponse r = answers.poll(30, TimeUnit.SECONDS);
        assertThat(r).as("an answer within 30 s").isNotNull();
        return r;
    }

    private void completeWrites() {
        for (int i = 0; i < log.appends.size(); i++) {
            if (!log.appends.get(i).isDone()) {
                sequence += log.batches.get(i).size();
                log.complete(i, sequence);
            }
        }
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
