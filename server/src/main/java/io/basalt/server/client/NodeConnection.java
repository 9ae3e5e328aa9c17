package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.transport.Frames;
import io.basalt.server.transport.NettyRuntime;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One client connection to one node: the handshake (which tells the client the node's id),
 * then requests matched to responses by id. A lost connection fails every request in flight.
 */
final class NodeConnection implements Connection {
    private final Channel channel;
    private final NodeId node;
    private final AtomicLong nextRequestId = new AtomicLong(1);
    private final Map<Long, CompletableFuture<NodeProto.ClientResponse>> pending;

    private NodeConnection(Channel channel, NodeId node, Map<Long, CompletableFuture<NodeProto.ClientResponse>> pending) {
        this.channel = channel;
        this.node = node;
        this.pending = pending;
    }

    /**
     * Connects and handshakes.
     *
     * @throws IOException if the node cannot be reached or refuses the handshake
     */
    static NodeConnection open(EventLoopGroup group, InetSocketAddress address, String clusterId, long timeoutMs)
        throws IOException {
        Map<Long, CompletableFuture<NodeProto.ClientResponse>> pending = new ConcurrentHashMap<>();
        CompletableFuture<NodeProto.Handshake> handshake = new CompletableFuture<>();
        Bootstrap b = new Bootstrap().group(group).channel(NettyRuntime.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeoutMs))
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    Frames.addCodec(ch.pipeline());
                    ch.pipeline().addLast(new ResponseHandler(address, handshake, pending));
                }
            });
        ChannelFuture connect = b.connect(address);
        if (!connect.awaitUninterruptibly(timeoutMs, TimeUnit.MILLISECONDS) || !connect.isSuccess()) {
            connect.channel().close();
            Throwable cause = connect.cause();
            throw new IOException("cannot connect to " + address + ": " + (cause == null ? "timed out" : cause.getMessage()),
                cause);
        }
        Channel ch = connect.channel();
        ch.writeAndFlush(Frames.handshake(clusterId, Frames.CLIENT_SENDER));
        try {
            NodeProto.Handshake reply = handshake.get(timeoutMs, TimeUnit.MILLISECONDS);
            return new NodeConnection(ch, NodeId.of(reply.getSender()), pending);
        } catch (InterruptedException e) {
            ch.close();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + address, e);
        } catch (ExecutionException | TimeoutException | IllegalArgumentException e) {
            ch.close();
            throw new IOException("node at " + address + " did not accept the handshake (is it a node of cluster '"
                + clusterId + "' with protocol version " + Frames.PROTOCOL_VERSION + "?)", e);
        }
    }

    @Override
    public NodeId node() {
        return node;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    /** Sends {@code request} with a fresh id; the future fails if the connection is lost first. */
    @Override
    public CompletableFuture<NodeProto.ClientResponse> send(NodeProto.ClientRequest.Builder request) {
        long id = nextRequestId.getAndIncrement();
        CompletableFuture<NodeProto.ClientResponse> f = new CompletableFuture<>();
        pending.put(id, f);
        NodeProto.Frame frame = NodeProto.Frame.newBuilder().setRequest(request.clone().setRequestId(id)).build();
        channel.writeAndFlush(frame).addListener(done -> {
            if (!done.isSuccess()) {
                pending.remove(id);
                f.completeExceptionally(new IOException("sending to " + node + " failed", done.cause()));
            }
        });
        if (!channel.isActive()) {
            failAll(pending, new IOException("connection to " + node + " is closed"));
        }
        return f;
    }

    @Override
    public void close() {
        channel.close();
    }

    private static void failAll(Map<Long, CompletableFuture<NodeProto.ClientResponse>> pending, IOException e) {
        pending.values().forEach(f -> f.completeExceptionally(e));
        pending.clear();
    }

    private static final class ResponseHandler extends SimpleChannelInboundHandler<NodeProto.Frame> {
        private final InetSocketAddress address;
        private final CompletableFuture<NodeProto.Handshake> handshake;
        private final Map<Long, CompletableFuture<NodeProto.ClientResponse>> pending;

        ResponseHandler(InetSocketAddress address, CompletableFuture<NodeProto.Handshake> handshake,
                        Map<Long, CompletableFuture<NodeProto.ClientResponse>> pending) {
            this.address = address;
            this.handshake = handshake;
            this.pending = pending;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, NodeProto.Frame frame) {
            if (frame.hasHandshake()) {
                handshake.complete(frame.getHandshake());
            } else if (frame.hasResponse()) {
                CompletableFuture<NodeProto.ClientResponse> f = pending.remove(frame.getResponse().getRequestId());
                if (f != null) {
                    f.complete(frame.getResponse());
                }
            } else {
                ctx.close();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            IOException lost = new IOException("connection to " + address + " was lost");
            handshake.completeExceptionally(lost);
            failAll(pending, lost);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
