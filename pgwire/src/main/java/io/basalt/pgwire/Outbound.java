package io.basalt.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's response bytes, gathered on its SQL thread and written at the
 * protocol's flush points (ReadyForQuery, Flush, PortalSuspended, a fatal error), so a result
 * of many rows costs one write and one syscall, not one per row. The SQL thread writes to the
 * socket itself ({@link DirectSocketChannel}) and hands Netty only what the kernel would not
 * take at once. A result larger than
 * {@code flushBytes} goes out in pieces, and the SQL thread waits while the socket's outbound
 * buffer is above its high-water mark: a slow reader slows its own connection, not the heap.
 */
final class Outbound {
    /** How long one wait for writability lasts before the channel is checked again. */
    private static final long WRITABLE_POLL_MS = 100;

    private final Channel channel;
    /** The socket to write to directly, or null to hand every write to Netty. */
    private final SocketChannel socket;
    private final int flushBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private ByteBuf pending;
    /** The last write handed to Netty; direct writes wait until it is done. */
    private ChannelFuture handedOver;

    Outbound(Channel channel, int flushBytes) {
        this.channel = channel;
        this.socket = channel instanceof DirectSocketChannel direct ? direct.socket() : null;
        this.flushBytes = flushBytes;
    }

    /** The buffer to append the next message to. */
    ByteBuf buffer() {
        if (pending == null) {
            pending = channel.alloc().buffer();
        }
        return pending;
    }

    /** Called after each appended message of a long result; sends early when the buffer is large. */
    void messageAppended() {
        if (pending != null && pending.readableBytes() >= flushBytes) {
            flush();
            awaitWritable();
        }
    }

    void flush() {
        if (pending == null) {
            return;
        }
        ByteBuf b = pending;
        pending = null;
        if (!b.isReadable() || !channel.isActive()) {
            b.release();
            return;
        }
        // Straight to the socket while Netty holds nothing of ours: bytes handed to it earlier
        // must reach the socket first. Only this thread writes, so once the last handed-over
        // write is done Netty's outbound buffer is empty and cannot fill behind our back.
        // An interrupted thread's write would close the socket (an interruptible channel), so
        // such a thread leaves the write to Netty.
        if (socket != null && (handedOver == null || handedOver.isDone()) && !Thread.currentThread().isInterrupted()) {
            handedOver = null;
            if (!writeDirect(b)) {
                return;
            }
            if (!b.isReadable()) {
                b.release();
                return;
            }
        }
        handedOver = channel.writeAndFlush(b);
    }

    /**
     * Writes what the kernel takes now; false if the socket failed (the buffer is released and
     * the channel closed, as Netty would on a failed write).
     */
    private boolean writeDirect(ByteBuf b) {
        ByteBuffer bytes = b.nioBuffer();
        try {
            while (bytes.hasRemaining() && socket.write(bytes) > 0) {
                // keep writing while the kernel takes bytes
            }
        } catch (IOException e) {
            b.release();
            channel.close();
            return false;
        }
        b.skipBytes(bytes.position());
        return true;
    }

    /** Sends what is buffered and closes the socket once it is written. */
    void flushAndClose() {
        flush();
        channel.close();
    }

    /** Drops anything not yet sent; the connection is gone. */
    void discard() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    /** Netty calls this (on the event loop) when the channel's writability flips. */
    void writabilityChanged() {
        lock.lock();
        try {
            writable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Returns early, with the interrupt flag set, if the SQL thread is interrupted. */
    private void awaitWritable() {
        lock.lock();
        try {
            while (channel.isActive() && !channel.isWritable()) {
                writable.await(WRITABLE_POLL_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
