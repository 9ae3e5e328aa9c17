package io.basalt.pgwire;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.internal.SocketUtils;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client connection's socket, read by Netty's event loop and written by the connection's SQL
 * thread itself ({@link Outbound}). Handing each response to the event loop instead costs, per
 * statement, a wake-up of that loop (a syscall from the SQL thread, a context switch, the
 * loop's own syscalls) before the write; in a profile of pgbench's TPC-B load the hand-off was a
 * quarter of the SQL threads' samples. The socket is non-blocking, so a write from the SQL thread never waits:
 * what the kernel does not take goes to Netty, which then owns the writes until it is done.
 */
final class DirectSocketChannel extends NioSocketChannel {
    DirectSocketChannel(Channel parent, SocketChannel socket) {
        super(parent, socket);
    }

    /** The socket, for {@link Outbound}'s direct writes. */
    SocketChannel socket() {
        return javaChannel();
    }

    /** Accepts connections as {@link DirectSocketChannel}s; otherwise Netty's own server channel. */
    static final class Server extends NioServerSocketChannel {
        private static final Logger log = LoggerFactory.getLogger(Server.class);

        @Override
        protected int doReadMessages(List<Object> accepted) throws Exception {
            SocketChannel socket = SocketUtils.accept(javaChannel());
            if (socket == null) {
                return 0;
            }
            try {
                accepted.add(new DirectSocketChannel(this, socket));
                return 1;
            } catch (RuntimeException e) {
                log.warn("pgwire: could not set up an accepted connection; closing it", e);
                try {
                    socket.close();
                } catch (IOException closing) {
                    e.addSuppressed(closing);
                }
                return 0;
            }
        }
    }
}
