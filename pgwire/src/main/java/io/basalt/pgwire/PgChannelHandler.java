package io.basalt.pgwire;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import java.io.IOException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of a connection's pipeline, on its event loop: starts the connection's
 * SQL thread, forwards decoded messages and socket events to it, and keeps every exception
 * from reaching Netty's "unhandled exception" log. It never runs SQL.
 */
final class PgChannelHandler extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(PgChannelHandler.class);

    private final ServerContext server;
    private PgConnection connection;
    private ScheduledFuture<?> startupTimeout;
    private boolean released;

    PgChannelHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        boolean admitted = server.admit();
        connection = new PgConnection(ctx.channel(), server, admitted);
        // An admitted connection gets a platform thread, as a PostgreSQL backend gets a process:
        // waking a virtual thread goes through the ForkJoinPool, whose carriers cost a point
        // SELECT a fifth of its time (BENCHMARKS.md, SQL). At most maxConnections of them exist;
        // a refused connection, which only sends its error and closes, gets a virtual one, so a
        // flood of connects cannot create platform threads without bound.
        Thread.Builder builder = admitted ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
        Thread sqlThread = builder.name("pgwire-conn-" + connection.pid()).unstarted(connection);
        server.connectionThreads.add(sqlThread);
        sqlThread.start();
        long timeoutMs = server.config.startupTimeoutMs();
        startupTimeout = ctx.executor().schedule(() -> {
            if (!connection.ready() && ctx.channel().isActive()) {
                log.info("connection {} from {}: no complete startup within {} ms; closing it", connection.pid(),
                    ctx.channel().remoteAddress(), timeoutMs);
                ctx.close();
            }
        }, timeoutMs, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        connection.received((Inbound) msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        connection.outbound().writabilityChanged();
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof ChannelInputShutdownEvent) {
            connection.received(ChannelEvent.INPUT_CLOSED);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (connection != null && !released) {
            released = true;
            startupTimeout.cancel(false);
            connection.received(ChannelEvent.DISCONNECTED);
            // A SQL thread waiting for the socket to drain must notice that it never will.
            connection.outbound().writabilityChanged();
            server.release();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // A reset or a vanished client: the socket failed, nobody sent anything wrong.
            log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            log.warn("connection from {}: closing after {}", ctx.channel().remoteAddress(), cause.toString());
        }
        ctx.close();
    }
}
