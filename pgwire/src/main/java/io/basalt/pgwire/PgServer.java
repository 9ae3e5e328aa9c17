package io.basalt.pgwire;

import io.basalt.sql.api.SqlService;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL wire protocol (v3) server on Netty NIO, serving sessions of one
 * {@link SqlService}. Event loops only decode and encode; each connection's statements run on
 * its own thread (see the package documentation for the state machine).
 */
public final class PgServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PgServer.class);
    /** Outbound bytes queued in Netty above which a connection's SQL thread waits for the client to read. */
    private static final int WRITE_BUFFER_HIGH_BYTES = 1 << 20;
    private static final int WRITE_BUFFER_LOW_BYTES = 256 << 10;
    private static final int ACCEPT_BACKLOG = 1024;
    private static final long SHUTDOWN_TIMEOUT_MS = 5_000;

    private final ServerContext context;
    private final EventLoopGroup bossGroup;
    private final EventLoopGroup ioGroup;
    /** The listening socket and every accepted one, so that close() reaches them all. */
    private final ChannelGroup channels;
    private final Channel serverChannel;

    private PgServer(ServerContext context, EventLoopGroup bossGroup, EventLoopGroup ioGroup, ChannelGroup channels,
                     Channel serverChannel) {
        this.context = context;
        this.bossGroup = bossGroup;
        this.ioGroup = ioGroup;
        this.channels = channels;
        this.serverChannel = serverChannel;
        channels.add(serverChannel);
    }

    /**
     * Binds {@code host:port} (port 0: an ephemeral port, see {@link #port()}) and starts
     * serving. A port that cannot be bound is an {@link UncheckedIOException}.
     */
    public static PgServer start(String host, int port, SqlService service, PgServerConfig config) throws InterruptedException {
        ServerContext context = new ServerContext(service, config);
        int ioThreads = config.ioThreads() > 0 ? config.ioThreads() : 2 * Runtime.getRuntime().availableProcessors();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("pgwire-accept", true),
            NioIoHandler.newFactory());
        EventLoopGroup io = new MultiThreadIoEventLoopGroup(ioThreads, new DefaultThreadFactory("pgwire-io", true),
            NioIoHandler.newFactory());
        ChannelGroup channels = new DefaultChannelGroup("pgwire", GlobalEventExecutor.INSTANCE);
        ServerBootstrap b = new ServerBootstrap()
            .group(boss, io)
            .channelFactory(DirectSocketChannel.Server::new)
            .option(ChannelOption.SO_BACKLOG, ACCEPT_BACKLOG)
            .childOption(ChannelOption.TCP_NODELAY, true)
            // Half-closed input still gets answers: a client may send its last messages and shut
            // down writing, and PostgreSQL answers those before closing.
            .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
            .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(WRITE_BUFFER_LOW_BYTES, WRITE_BUFFER_HIGH_BYTES))
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    channels.add(ch);
                    ch.pipeline().addLast("frames", new PgFrameDecoder(config.messageBytesMax(), config.startupBytesMax()));
                    ch.pipeline().addLast("connection", new PgChannelHandler(context));
                }
            });
        Channel ch;
        try {
            ch = b.bind(host, port).sync().channel();
        } catch (Exception e) {
            boss.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            io.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            // Netty rethrows the bind failure (an IOException) without declaring it.
            switch (e) {
                case InterruptedException ie -> throw ie;
                case RuntimeException re -> throw re;
                case IOException ioe -> throw new UncheckedIOException("cannot listen on " + host + ":" + port, ioe);
                default -> throw new IllegalStateException("cannot listen on " + host + ":" + port, e);
            }
        }
        PgServer server = new PgServer(context, boss, io, channels, ch);
        log.info("pgwire listening on {} ({} auth, maxConnections {})", ch.localAddress(), config.authMode(),
            config.maxConnections());
        return server;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) serverChannel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** Connections currently open, including refused ones not yet closed. */
    public int connections() {
        return context.connections();
    }

    /**
     * Stops accepting, cancels running statements, closes every connection and waits (up to
     * {@code SHUTDOWN_TIMEOUT_MS}) for their SQL threads to close their sessions, which rolls
     * back open transactions; then stops the event loops.
     */
    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        context.keys.cancelAll();
        channels.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(SHUTDOWN_TIMEOUT_MS);
        for (Thread t : context.connectionThreads) {
            long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            try {
                if (leftMs <= 0 || !t.join(java.time.Duration.ofMillis(leftMs))) {
                    log.warn("pgwire: connection thread {} still running at shutdown", t.getName());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        bossGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
        ioGroup.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly(SHUTDOWN_TIMEOUT_MS);
    }
}
