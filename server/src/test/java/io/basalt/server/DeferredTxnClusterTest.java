package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.ByteString;
import io.basalt.common.NodeId;
import io.basalt.common.SqlState;
import io.basalt.raft.RaftRole;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.Row;
import io.basalt.server.client.Transaction;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.transport.Frames;
import io.basalt.server.transport.RawConnection;
import io.basalt.txn.Isolation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deferred transactions on three real nodes: the begin, held writes and reads asked for ahead
 * travel as the steps of one request, and nothing reaches the leader before it must.
 */
class DeferredTxnClusterTest {
    @TempDir
    Path dir;

    @Test
    void heldWritesAreReadBackAndCommitTogetherAndNothingReachesTheLeaderEarly() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3)) {
            NodeId leader = c.awaitLeader();
            try (BasaltClient client = c.clientOf(c.anyFollower(leader))) {
                long begunBefore = c.node(leader).txnStats(1).begun();
                try (Transaction t = client.beginDeferred(false, Isolation.SERIALIZABLE)) {
                    t.put(b("a"), b("1"));
                    t.put(b("b"), b("2"));
                    t.delete(b("b"));
                    assertThat(t.id()).as("nothing sent before the first read").isNull();
                    assertThat(c.node(leader).txnStats(1).begun()).isEqualTo(begunBefore);
                    assertThat(t.get(b("a"))).as("reads its own held write").isEqualTo(b("1"));
                    assertThat(t.id()).isNotNull();
                    assertThat(t.get(b("b"))).as("and its own held delete").isNull();
                    t.put(b("c"), b("3"));
                    assertThat(client.get(b("a")).found()).as("invisible before commit").isFalse();
                    assertThat(t.commit()).isNotNull();
                }
                assertThat(client.get(b("a")).value()).isEqualTo(b("1"));
                assertThat(client.get(b("b")).found()).isFalse();
                assertThat(client.get(b("c")).value()).as("held until the commit, then committed with it")
                    .isEqualTo(b("3"));

                try (Transaction t = client.beginDeferred(false, Isolation.SERIALIZABLE)) {
                    t.put(b("w"), b("only writes"));
                    assertThat(t.commit()).as("a transaction that only wrote").isNotNull();
                }
                assertThat(client.get(b("w")).value()).isEqualTo(b("only writes"));

                long begun = c.node(leader).txnStats(1).begun();
                try (Transaction t = client.beginDeferred(true, Isolation.SERIALIZABLE)) {
                    assertThat(t.commit()).isNull();
                }
                try (Transaction t = client.beginDeferred(false, Isolation.SERIALIZABLE)) {
                    t.put(b("x"), b("rolled back"));
                    t.abort();
                }
                assertThat(c.node(leader).txnStats(1).begun()).as("neither reached the leader").isEqualTo(begun);
                assertThat(client.get(b("x")).found()).isFalse();

                try (Transaction t = client.beginDeferred(true, Isolation.SERIALIZABLE)) {
                    List<Row> rows = t.scan(new byte[0], null, 0);
                    assertThat(rows).extracting(Row::keyString).containsExactly("a", "c", "w");
                    assertThat(t.readTs()).as("a read-only one learns its snapshot").isNotNull();
                    assertThat(t.commit()).isNull();
                }
                // Its first request confirmed the reads; the leader forgets the snapshot once
                // the commit, sent without waiting, arrives.
                await().atMost(Duration.ofSeconds(10)).until(() -> c.node(leader).txnStats(1).active() == 0);
            }
            c.awaitConverged();
        }
    }

    @Test
    void readsAreConfirmedOnTheLeaseAndALeaderCutOffStopsConfirmingThem() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3)) {
            NodeId leader = c.awaitLeader();
            try (BasaltClient client = c.clientOf(leader, Duration.ofSeconds(3))) {
                client.put(b("k"), b("v"));
                long before = c.node(leader).leaseReads(1);
                for (int i = 0; i < 20; i++) {
                    try (Transaction t = client.beginDeferred(true, Isolation.SERIALIZABLE)) {
                        assertThat(t.get(b("k"))).isEqualTo(b("v"));
                        t.commit();
                    }
                }
                assertThat(c.node(leader).leaseReads(1) - before).as("confirmed without a heartbeat round")
                    .isGreaterThanOrEqualTo(15);
                for (NodeId id : c.ids()) {
                    if (!id.equals(leader)) {
                        c.stop(id);
                    }
                }
                // Cut off, it steps down once an election timeout (300 ms or more) passes without a
                // majority, which is after its lease (135 ms) ran out: from then on no read of it
                // may be confirmed, on the lease or otherwise.
                await().atMost(Duration.ofSeconds(10)).until(() -> c.status(leader).role() != RaftRole.LEADER);
                assertThatThrownBy(() -> {
                    try (Transaction t = client.beginDeferred(true, Isolation.SERIALIZABLE)) {
                        t.get(b("k"));
                    }
                }).isInstanceOf(ClientException.class);
            }
        }
    }

    @Test
    void withReadIndexEveryReadTakesARound() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3, cfg -> cfg.withReadLease(false))) {
            NodeId leader = c.awaitLeader();
            try (BasaltClient client = c.clientOf(leader)) {
                client.put(b("k"), b("v"));
                for (int i = 0; i < 5; i++) {
                    try (Transaction t = client.beginDeferred(true, Isolation.SERIALIZABLE)) {
                        assertThat(t.get(b("k"))).isEqualTo(b("v"));
                        t.commit();
                    }
                }
                assertThat(c.node(leader).leaseReads(1)).isZero();
            }
        }
    }

    @Test
    void aPrefetchedKeyIsReadWithTheNextRequestAndAnsweredFromIt() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient one = c.client(); BasaltClient two = c.client()) {
            c.awaitLeader();
            one.put(b("k"), b("before"));
            one.put(b("other"), b("o"));
            try (Transaction t = one.beginDeferred(false, Isolation.READ_COMMITTED)) {
                t.prefetch(b("k"));
                assertThat(t.get(b("other"))).isEqualTo(b("o"));
                // Read committed reads the newest value at each read: a read of its own would
                // now see "after"; the prefetched one was read with the request above.
                two.put(b("k"), b("after"));
                assertThat(t.get(b("k"))).isEqualTo(b("before"));
                assertThat(t.get(b("k"))).as("answered once; the next read is a read").isEqualTo(b("after"));
                t.commit();
            }
            try (Transaction t = one.beginDeferred(false, Isolation.SERIALIZABLE)) {
                t.prefetch(b("k"));
                t.put(b("k"), b("mine"));
                assertThat(t.get(b("k"))).as("its own write, not what was read ahead").isEqualTo(b("mine"));
                t.abort();
            }
        }
    }

    @Test
    void aHeldWriteMeetsItsDeadlockAtFlush() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient one = c.client(); BasaltClient two = c.client();
             ExecutorService pool = Executors.newSingleThreadExecutor()) {
            c.awaitLeader();
            Transaction older = one.begin();
            older.getForUpdate(b("a"));
            Transaction younger = two.beginDeferred(false, Isolation.SERIALIZABLE);
            younger.getForUpdate(b("b"));
            Future<?> olderWaits = pool.submit(() -> {
                older.put(b("b"), b("from older"));
                return null;
            });
            younger.put(b("a"), b("from younger"));
            assertThatThrownBy(younger::flush).isInstanceOfSatisfying(ClientException.class, e -> {
                assertThat(e.sqlState()).isEqualTo(SqlState.DEADLOCK_DETECTED);
                assertThat(e.transactionAborted()).isTrue();
            });
            olderWaits.get(10, TimeUnit.SECONDS);
            older.commit();
            assertThat(one.get(b("b")).value()).isEqualTo(b("from older"));
            assertThat(one.get(b("a")).found()).isFalse();
            younger.close();
        }
    }

    @Test
    void aResentCommitRequestAnswersTheOutcomeInsteadOfRunningItsStepsAgain() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client();
             RawConnection raw = new RawConnection(c.config(c.awaitLeader()).listen())) {
            NodeId leader = c.awaitLeader();
            raw.send(Frames.handshake(TestCluster.CLUSTER_ID, Frames.CLIENT_SENDER));
            assertThat(raw.receive().hasHandshake()).isTrue();
            NodeProto.TxnReply began = ask(raw, 1, NodeProto.TxnRequest.newBuilder().setSteps(steps(
                NodeProto.TxnRequest.newBuilder().setBegin(NodeProto.TxnBegin.getDefaultInstance()),
                get("r"))));
            assertThat(began.getSteps().getRepliesList()).extracting(NodeProto.TxnReply::getOutcomeCase)
                .containsExactly(NodeProto.TxnReply.OutcomeCase.BEGAN, NodeProto.TxnReply.OutcomeCase.VALUE);
            NodeProto.TxnHandle handle = began.getSteps().getReplies(0).getBegan().getTxn();
            NodeProto.TxnRequest.Builder commit = NodeProto.TxnRequest.newBuilder().setTxn(handle).setSteps(steps(
                NodeProto.TxnRequest.newBuilder().setPut(NodeProto.TxnPut.newBuilder().setKey(bs("r"))
                    .setValue(bs("1"))),
                NodeProto.TxnRequest.newBuilder().setCommit(NodeProto.TxnCommit.getDefaultInstance())));
            NodeProto.TxnReply first = ask(raw, 2, commit);
            assertThat(first.getSteps().getRepliesList()).extracting(NodeProto.TxnReply::getOutcomeCase)
                .containsExactly(NodeProto.TxnReply.OutcomeCase.DONE, NodeProto.TxnReply.OutcomeCase.COMMITTED);
            NodeProto.TxnReply again = ask(raw, 3, commit);
            assertThat(again.getSteps().getRepliesList()).as("only the commit's outcome")
                .extracting(NodeProto.TxnReply::getOutcomeCase)
                .containsExactly(NodeProto.TxnReply.OutcomeCase.COMMITTED);
            assertThat(again.getSteps().getReplies(0).getCommitted())
                .isEqualTo(first.getSteps().getReplies(1).getCommitted());
            assertThat(client.get(b("r")).value()).isEqualTo(b("1"));
            assertThat(c.node(leader).txnStats(1).committed()).isGreaterThanOrEqualTo(1);
        }
    }

    @Test
    void malformedStepsRequestsAreRefusedAsInvalid() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3);
             RawConnection raw = new RawConnection(c.config(c.awaitLeader()).listen())) {
            raw.send(Frames.handshake(TestCluster.CLUSTER_ID, Frames.CLIENT_SENDER));
            assertThat(raw.receive().hasHandshake()).isTrue();
            NodeProto.TxnRequest.Builder begin = NodeProto.TxnRequest.newBuilder()
                .setBegin(NodeProto.TxnBegin.getDefaultInstance());
            List<NodeProto.TxnSteps.Builder> bad = List.of(
                NodeProto.TxnSteps.newBuilder(),
                steps(begin, NodeProto.TxnRequest.newBuilder().setSteps(steps(get("x")))),
                steps(get("x"), begin),
                steps(get("x")));
            long id = 10;
            for (NodeProto.TxnSteps.Builder s : bad) {
                NodeProto.ClientResponse r = call(raw, id++, NodeProto.TxnRequest.newBuilder().setSteps(s));
                assertThat(r.hasError()).as("%s", s).isTrue();
                assertThat(r.getError().getCode()).isEqualTo(NodeProto.Error.Code.INVALID);
            }
            NodeProto.ClientResponse ok = call(raw, id, NodeProto.TxnRequest.newBuilder().setSteps(steps(begin, get("x"))));
            assertThat(ok.getTxn().getSteps().getRepliesCount()).as("the node still serves").isEqualTo(2);
        }
    }

    private static NodeProto.TxnSteps.Builder steps(NodeProto.TxnRequest.Builder... steps) {
        NodeProto.TxnSteps.Builder b = NodeProto.TxnSteps.newBuilder();
        for (NodeProto.TxnRequest.Builder s : steps) {
            b.addSteps(s);
        }
        return b;
    }

    private static NodeProto.TxnRequest.Builder get(String key) {
        return NodeProto.TxnRequest.newBuilder().setGet(NodeProto.TxnGet.newBuilder().setKey(bs(key)));
    }

    private static NodeProto.TxnReply ask(RawConnection raw, long id, NodeProto.TxnRequest.Builder q) throws Exception {
        NodeProto.ClientResponse r = call(raw, id, q);
        assertThat(r.hasTxn()).as("%s", r).isTrue();
        return r.getTxn();
    }

    private static NodeProto.ClientResponse call(RawConnection raw, long id, NodeProto.TxnRequest.Builder q)
        throws Exception {
        raw.send(NodeProto.Frame.newBuilder().setRequest(NodeProto.ClientRequest.newBuilder().setRequestId(id)
            .setGroupId(1).setTxn(q)).build());
        NodeProto.Frame f = raw.receive();
        assertThat(f.getResponse().getRequestId()).isEqualTo(id);
        return f.getResponse();
    }

    private static ByteString bs(String s) {
        return ByteString.copyFromUtf8(s);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
