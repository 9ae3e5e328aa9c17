package io.basalt.server.transport;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one outbound connection from this node to one peer. It connects at start and after every
 * loss, waiting {@link #BACKOFF_MS_MIN} doubled per failed attempt up to {@link #BACKOFF_MS_MAX}.
 * Messages sent while it is down are dropped, and so are large ones (appends with entries) while
 * the socket's buffer is full: Raft retries, and a slow peer must not grow this node's memory
 * without bound. Small ones (heartbeats, votes, acknowledgements) still queue behind a full
 * buffer up to {@link #QUEUED_BYTES_MAX}: dropping a heartbeat because a bulk load filled the
 * link tells the followers the leader is gone, and they elect another in the middle of the load.
 */
final class PeerLink {
    private static final Logger log = LoggerFactory.getLogger(PeerLink.class);
    static final long BACKOFF_MS_MIN = 20;
    static final long BACKOFF_MS_MAX = 1_000;
    static final int CONNECT_TIMEOUT_MS = 1_000;
    /** Peers start in any order, so a failure or two before the first connection is normal. */
    private static final int FAILURES_REPORTED_MIN = 3;
    private static final int WRITE_BUFFER_BYTES_LOW = 1 << 20;
    private static final int WRITE_BUFFER_BYTES_HIGH = 8 << 20;
    /** Largest frame that still queues while the buffer is above its high mark. */
    static final int SMALL_FRAME_BYTES_MAX = 64 << 10;
    /** Most bytes queued on the link, small frames included; past it everything is dropped. */
    static final long QUEUED_BYTES_MAX = 32L << 20;

    private final NodeId peer;
    private final InetSocketAddress address;
    private final Bootstrap bootstrap;
    private final NodeProto.Frame handshake;
    private volatile Channel channel;
    private volatile boolean closed;
    /** Failed attempts since the last connection; touched by Netty threads, hence atomic. */
    private final AtomicInteger failures = new AtomicInteger();
    /** True while a connection attempt is under way, so that a nudge and a retry never both dial. */
    private final java.util.concurrent.atomic.AtomicBoolean connecting = new java.util.concurrent.atomic.AtomicBoolean();

    PeerLink(NodeId self, NodeId peer, InetSocketAddress address, String clusterId, EventLoopGroup group) {
        this.peer = peer;
        this.address = address;
        this.handshake = Frames.handshake(clusterId, self.value());
        this.bootstrap = new Bootstrap().group(group).channel(NettyRuntime.channel())
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MS)
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(WRITE_BUFFER_BYTES_LOW, WRITE_BUFFER_BYTES_HIGH))
            .handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel ch) {
                    Frames.addCodec(ch.pipeline());
                    ch.pipeline().addLast(new ReplyHandler());
                }
            });
    }

    void start() {
        connect();
    }

    /**
     * Queues {@code frame} for the peer, or drops it if the peer is unreachable, or congested and
     * the frame large; true if queued.
     */
    boolean send(NodeProto.Frame frame) {
        Channel ch = channel;
        if (ch != null && ch.isActive() && (ch.isWritable() || fitsBehindFullBuffer(ch, frame))) {
            ch.writeAndFlush(frame, ch.voidPromise());
            return true;
        }
        return false;
    }

    /** Whether the link is up and below its buffer's high mark, where a large frame is queued. */
    boolean writable() {
        Channel ch = channel;
        return ch != null && ch.isActive() && ch.isWritable();
    }

    private static boolean fitsBehindFullBuffer(Channel ch, NodeProto.Frame frame) {
        if (frame.getSerializedSize() > SMALL_FRAME_BYTES_MAX) {
            return false;
        }
        io.netty.channel.ChannelOutboundBuffer queued = ch.unsafe().outboundBuffer();
        return queued != null && queued.totalPendingWriteBytes() < QUEUED_BYTES_MAX;
    }

    /** Whether the link's buffer is above its high mark, where large frames are dropped. */
    boolean congested() {
        Channel ch = channel;
        return ch != null && ch.isActive() && !ch.isWritable();
    }

    boolean connected() {
        Channel ch = channel;
        return ch != null && ch.isActive();
    }

    void close() {
        closed = true;
        Channel ch = channel;
        if (ch != null) {
            ch.close();
        }
    }

    /** The peer just connected to us, so it is up: connect now rather than wait out the backoff. */
    void nudge() {
        connect();
    }

    private void connect() {
        if (closed || connected() || !connecting.compareAndSet(false, true)) {
            return;
        }
        ChannelFuture f = bootstrap.connect(address);
        f.addListener(done -> {
            connecting.set(false);
            if (!done.isSuccess()) {
                retryLater(done.cause());
                return;
            }
            Channel ch = f.channel();
            ch.writeAndFlush(handshake);
            int failed = failures.getAndSet(0);
            if (failed >= FAILURES_REPORTED_MIN) {
                log.info("connected to {} at {} after {} failed attempts", peer, address, failed);
            }
            channel = ch;
            ch.closeFuture().addListener(c -> {
                channel = null;
                retryLater(null);
            });
            if (closed) {
                ch.close();
            }
        });
    }

    private void retryLater(Throwable cause) {
        if (closed) {
            return;
        }
        int failed = failures.getAndIncrement();
        long delayMs = Math.min(BACKOFF_MS_MAX, BACKOFF_MS_MIN << Math.min(failed, 20));
        if (failed == 0 && cause != null) {
            log.debug("cannot reach {} at {}: {}", peer, address, cause.toString());
        }
        bootstrap.config().group().schedule(this::connect, delayMs, TimeUnit.MILLISECONDS);
    }

    /** A peer answers only with its handshake; Raft replies come over the peer's own link. */
    private final class ReplyHandler extends SimpleChannelInboundHandler<NodeProto.Frame> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, NodeProto.Frame frame) {
            if (!frame.hasHandshake()) {
                log.warn("closing link to {}: it sent a {} frame", peer, frame.getBodyCase());
                ctx.close();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("link to {} failed: {}", peer, cause.toString());
            ctx.close();
        }
    }
}
