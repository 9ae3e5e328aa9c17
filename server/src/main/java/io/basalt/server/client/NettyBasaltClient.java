package io.basalt.server.client;

import com.google.protobuf.ByteString;
import io.basalt.common.NodeId;
import io.basalt.kv.KvResult;
import io.basalt.raft.RaftStatus;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.NodeConfig;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.ClientRequest;
import io.basalt.server.proto.NodeProto.ClientResponse;
import io.basalt.server.transport.InboundSink;
import io.basalt.server.transport.NettyRuntime;
import io.basalt.server.wire.StatusCodec;
import io.basalt.server.wire.WireException;
import io.basalt.txn.Isolation;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@link BasaltClient} over the node protocol. It tries the node it believes leads, follows
 * NotLeader redirects, and moves on to another node when one is unreachable. A write keeps its
 * (client id, sequence) across every retry, so the state machine applies it once however many
 * nodes saw it; writes from one client are therefore issued one at a time. When the timeout
 * passes after a write reached some node without a definite answer, the exception says the
 * outcome is unknown. Connections are opened on first use; the client is thread-safe.
 */
public final class NettyBasaltClient implements BasaltClient {
    private static final long GROUP_ID = 1;

    private final Endpoints endpoints;
    private final EventLoopGroup group;
    private final Duration timeout;
    private final long clientId;
    private final AtomicLong sequence = new AtomicLong();
    private final ReentrantLock writeLock = new ReentrantLock();

    private NettyBasaltClient(String clusterId, Map<NodeId, InetSocketAddress> known, List<InetSocketAddress> unnamed,
                              Duration timeout, LocalConnection local) {
        if (known.isEmpty() && unnamed.isEmpty()) {
            throw new IllegalArgumentException("a client needs at least one node address");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        this.group = NettyRuntime.newGroup(1, "basalt-client");
        this.timeout = timeout;
        this.endpoints = new Endpoints(group, clusterId, timeout.toMillis(), known, unnamed, local);
        long id = 0;
        while (id == 0) {
            id = new SecureRandom().nextLong(); // 0 means "no session" to the state machine
        }
        this.clientId = id;
    }

    /** A client of the cluster whose members are {@code nodes}; every call gives up after {@code timeout}. */
    public static NettyBasaltClient connect(String clusterId, Map<NodeId, InetSocketAddress> nodes, Duration timeout) {
        return new NettyBasaltClient(clusterId, new LinkedHashMap<>(nodes), List.of(), timeout, null);
    }

    /**
     * A client that runs inside node {@code self}: requests for that node go to {@code selfSink}
     * by a method call, requests for the others over TCP. {@code nodes} must name {@code self}.
     */
    public static NettyBasaltClient inProcess(String clusterId, Map<NodeId, InetSocketAddress> nodes, Duration timeout,
                                              NodeId self, InboundSink selfSink) {
        if (!nodes.containsKey(self)) {
            throw new IllegalArgumentException("the nodes " + nodes.keySet() + " do not include " + self);
        }
        return new NettyBasaltClient(clusterId, new LinkedHashMap<>(nodes), List.of(), timeout,
            new LocalConnection(self, selfSink));
    }

    /** A client of the nodes at {@code hostPorts} ({@code host:port} each); ids are learned at connection. */
    public static NettyBasaltClient connect(String clusterId, List<String> hostPorts, Duration timeout) {
        return new NettyBasaltClient(clusterId, Map.of(), hostPorts.stream().map(NodeConfig::parseAddress).toList(),
            timeout, null);
    }

    @Override
    public KvResult put(byte[] key, byte[] value) throws ClientException {
        return write(seq -> ClientRequest.newBuilder().setPut(NodeProto.PutRequest.newBuilder().setClientId(clientId)
            .setSequence(seq).setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value))));
    }

    @Override
    public KvResult get(byte[] key) throws ClientException {
        ClientResponse r = new Call(endpoints, timeout, false).run(request()
            .setGet(NodeProto.GetRequest.newBuilder().setKey(ByteString.copyFrom(key))));
        return kvResult(r);
    }

    @Override
    public KvResult delete(byte[] key) throws ClientException {
        return write(seq -> ClientRequest.newBuilder().setDelete(NodeProto.DeleteRequest.newBuilder()
            .setClientId(clientId).setSequence(seq).setKey(ByteString.copyFrom(key))));
    }

    @Override
    public KvResult compareAndSet(byte[] key, byte[] expected, byte[] value) throws ClientException {
        return write(seq -> {
            NodeProto.CasRequest.Builder cas = NodeProto.CasRequest.newBuilder().setClientId(clientId).setSequence(seq)
                .setKey(ByteString.copyFrom(key)).setValue(ByteString.copyFrom(value));
            if (expected == null) {
                cas.setExpectAbsent(true);
            } else {
                cas.setExpected(ByteString.copyFrom(expected));
            }
            return ClientRequest.newBuilder().setCas(cas);
        });
    }

    private KvResult write(java.util.function.LongFunction<ClientRequest.Builder> build) throws ClientException {
        writeLock.lock();
        try {
            // The state machine treats a sequence at or below the last applied one as a retry,
            // so sequences must reach it in order: one write at a time per client.
            ClientRequest.Builder req = build.apply(sequence.incrementAndGet()).setGroupId(GROUP_ID);
            return kvResult(new Call(endpoints, timeout, true).run(req));
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public Transaction begin(boolean readOnly, Isolation isolation) throws ClientException {
        return Transaction.begin(endpoints, timeout, GROUP_ID, readOnly, isolation);
    }

    @Override
    public Transaction beginDeferred(boolean readOnly, Isolation isolation) {
        return Transaction.deferred(endpoints, timeout, GROUP_ID, readOnly, isolation);
    }

    @Override
    public NodeStatusReport status(NodeId node) throws ClientException {
        ClientResponse r = endpoints.ask(node, request().setStatus(NodeProto.StatusRequest.getDefaultInstance()));
        if (!r.hasStatus()) {
            throw new ClientException("node " + node + " did not report its status: " + Call.describe(r), false);
        }
        try {
            return StatusCodec.decode(r.getStatus());
        } catch (WireException e) {
            throw new ClientException("node " + node + " sent an invalid status: " + e.getMessage(), false);
        }
    }

    @Override
    public PromoteReport promote(NodeId node) throws ClientException {
        long highestKnownCommit = 0;
        List<String> unreachable = new ArrayList<>();
        for (NodeId n : endpoints.allIds()) {
            try {
                for (RaftStatus g : status(n).groups()) {
                    highestKnownCommit = Math.max(highestKnownCommit, g.commitIndex());
                }
            } catch (ClientException e) {
                unreachable.add(n.value());
            }
        }
        ClientResponse r = endpoints.ask(node, request().setPromote(NodeProto.PromoteRequest.getDefaultInstance()));
        if (!r.hasPromote()) {
            throw new ClientException("promotion of " + node + " failed: " + Call.describe(r), false);
        }
        long last = r.getPromote().getPromotedLastIndex();
        long lost = Math.max(0, highestKnownCommit - last);
        String detail = node + " leads from term " + r.getPromote().getNewTerm() + "; its log ended at " + last
            + ", the highest commit index reported was " + highestKnownCommit
            + (lost == 0 ? ": no acknowledged entry is missing" : ": " + lost + " acknowledged entries are lost")
            + (unreachable.isEmpty() ? "" : " (not asked, unreachable: " + String.join(", ", unreachable) + ")");
        return new PromoteReport(node, r.getPromote().getNewTerm(), last, highestKnownCommit, lost, detail);
    }

    @Override
    public void setReplication(ReplicationMode mode) throws ClientException {
        List<String> failed = new ArrayList<>();
        List<String> done = new ArrayList<>();
        NodeProto.SetReplicationRequest.Builder set = NodeProto.SetReplicationRequest.newBuilder()
            .setMode(StatusCodec.encode(mode));
        for (NodeId n : endpoints.allIds()) {
            try {
                ClientResponse r = endpoints.ask(n, request().setSetReplication(set));
                (r.hasAck() ? done : failed).add(n + (r.hasAck() ? "" : " (" + Call.describe(r) + ")"));
            } catch (ClientException e) {
                failed.add(n + " (" + e.getMessage() + ")");
            }
        }
        if (!failed.isEmpty()) {
            throw new ClientException("replication mode " + mode.cliName() + " is set on " + done + " but not on "
                + failed + "; those keep their mode until they take the command", false);
        }
    }

    @Override
    public void transferLeader(NodeId node) throws ClientException {
        ClientResponse r = new Call(endpoints, timeout, false).run(request()
            .setTransferLeader(NodeProto.TransferLeaderRequest.newBuilder().setTarget(node.value())));
        if (!r.hasAck()) {
            throw new ClientException("transfer of leadership to " + node + " failed: " + Call.describe(r), false);
        }
    }

    @Override
    public BackupCheckpoint backup(NodeId node) throws ClientException {
        ClientRequest.Builder req = request().setBackup(NodeProto.BackupRequest.newBuilder().setAnyReplica(node != null));
        ClientResponse r = node == null ? new Call(endpoints, timeout, false).run(req) : endpoints.ask(node, req);
        if (!r.hasBackup()) {
            throw new ClientException("the backup checkpoint failed: " + Call.describe(r), false);
        }
        NodeProto.BackupReply b = r.getBackup();
        return new BackupCheckpoint(NodeId.of(b.getNode()), java.nio.file.Path.of(b.getCheckpointDir()), b);
    }

    @Override
    public void releaseBackup(BackupCheckpoint checkpoint) throws ClientException {
        ClientResponse r = endpoints.ask(checkpoint.node(), request().setBackupRelease(
            NodeProto.BackupRelease.newBuilder().setCheckpoint(checkpoint.name())));
        if (!r.hasAck()) {
            throw new ClientException("node " + checkpoint.node() + " did not release checkpoint " + checkpoint.name()
                + ": " + Call.describe(r), false);
        }
    }

    @Override
    public void close() {
        endpoints.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static ClientRequest.Builder request() {
        return ClientRequest.newBuilder().setGroupId(GROUP_ID);
    }

    private static KvResult kvResult(ClientResponse r) throws ClientException {
        if (!r.hasKv()) {
            throw new ClientException("unexpected answer: " + Call.describe(r), false);
        }
        NodeProto.KvReply kv = r.getKv();
        return new KvResult(kv.getOk(), kv.getFound(), kv.getFound() ? kv.getValue().toByteArray() : null);
    }
}
