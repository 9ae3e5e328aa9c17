package io.basalt.server.transport;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The node port (listening) and the outbound links to every peer. */
public final class Transport implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Transport.class);
    private static final int IO_THREADS = 2;
    /** Accepted connections beyond this are closed at once, so a flood cannot exhaust the node. */
    public static final int CONNECTIONS_MAX = 1024;

    private final NodeId self;
    private final String clusterId;
    private final Map<NodeId, InetSocketAddress> peers;
    private final InboundSink sink;
    private final EventLoopGroup group;
    private final Map<NodeId, PeerLink> links = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    /** Every accepted connection, closed explicitly at stop: an event loop's shutdown may not. */
    private final ChannelGroup accepted = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private Channel server;

    /** {@code peers} lists every member of the cluster, this node included. */
    public Transport(NodeId self, String clusterId, Map<NodeId, InetSocketAddress> peers, InboundSink sink) {
        this.self = self;
        this.clusterId = clusterId;
        this.peers = Map.copyOf(peers);
        this.sink = sink;
        this.group = NettyRuntime.newGroup(IO_THREADS, "basalt-io-" + self);
    }

    /**
     * Binds the node port and starts connecting to the peers.
     *
     * @throws BindException with a message naming the address if it is taken or not local
     */
    public void start(InetSocketAddress listen) throws BindException {
        Set<NodeId> known = peers.keySet();
        ServerBootstrap b = new ServerBootstrap().group(group).channel(NettyRuntime.serverChannel())
            // A restarted node must rebind its port while old connections sit in TIME_WAIT.
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    accepted.add(ch);
                    ch.closeFuture().addListener(closed -> connections.decrementAndGet());
                    if (connections.incrementAndGet() > CONNECTIONS_MAX) {
                        log.warn("node {}: refusing a connection from {}: {} connections are open already", self,
                            ch.remoteAddress(), CONNECTIONS_MAX);
                        ch.close();
                        return;
                    }
                    Frames.addCodec(ch.pipeline());
                    ch.pipeline().addLast(new InboundHandler(clusterId, self, known, sink, Transport.this::peerConnected));
                }
            });
        try {
            server = b.bind(listen).syncUninterruptibly().channel();
        } catch (Exception e) {
            // Netty rethrows the socket's checked BindException (or a native variant) unchanged.
            BindException bind = new BindException("node " + self + " cannot listen on " + listen.getHostString()
                + ":" + listen.getPort() + ": " + e.getMessage() + " (is another process using the port?)");
            bind.initCause(e);
            throw bind;
        }
        for (Map.Entry<NodeId, InetSocketAddress> p : peers.entrySet()) {
            if (!p.getKey().equals(self)) {
                PeerLink link = new PeerLink(self, p.getKey(), p.getValue(), clusterId, group);
                links.put(p.getKey(), link);
                link.start();
            }
        }
        log.info("node {} listening on {}", self, server.localAddress());
    }

    /** The address the node port is bound to (with the real port if 0 was asked). */
    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Sends a Raft message to its addressee, or drops it if that peer is unreachable. */
    public void send(NodeProto.RaftMessage message, NodeId to) {
        PeerLink link = links.get(to);
        if (link != null) {
            link.send(NodeProto.Frame.newBuilder().setRaft(message).build());
        } else {
            log.warn("dropping a message to {}: not a peer of {}", to, self);
        }
    }

    /**
     * Sends a snapshot transfer message to its addressee; false if the link is down or its
     * buffer is full (a chunk is then not queued: the sender waits for the link).
     */
    public boolean send(NodeProto.SnapshotTransfer message, NodeId to) {
        PeerLink link = links.get(to);
        return link != null && link.send(NodeProto.Frame.newBuilder().setTransfer(message).build());
    }

    /** Whether the link to {@code peer} is up and can take a large frame now. */
    public boolean writable(NodeId peer) {
        PeerLink link = links.get(peer);
        return link != null && link.writable();
    }

    /** A restarted peer dialled in: dial back now instead of when the backoff says. */
    private void peerConnected(NodeId peer) {
        PeerLink link = links.get(peer);
        if (link != null) {
            link.nudge();
        }
    }

    /** True if the outbound link to {@code peer} is up but its buffer is full: large messages to it are dropped. */
    boolean congested(NodeId peer) {
        PeerLink link = links.get(peer);
        return link != null && link.congested();
    }

    /** True if the outbound link to {@code peer} is up. */
    public boolean connected(NodeId peer) {
        PeerLink link = links.get(peer);
        return link != null && link.connected();
    }

    @Override
    public void close() {
        links.values().forEach(PeerLink::close);
        if (server != null) {
            server.close().syncUninterruptibly();
        }
        accepted.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
