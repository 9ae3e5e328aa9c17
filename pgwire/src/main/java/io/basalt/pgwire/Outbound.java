package io.basalt.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A connection's response bytes, gathered on its SQL thread and handed to Netty at the
 * protocol's flush points (ReadyForQuery, Flush, PortalSuspended, a fatal error), so a result
 * of many rows costs one write and one syscall, not one per row. A result larger than
 * {@code flushBytes} goes out in pieces, and the SQL thread waits while the socket's outbound
 * buffer is above its high-water mark: a slow reader slows its own connection, not the heap.
 */
final class Outbound {
    /** How long one wait for writability lasts before the channel is checked again. */
    private static final long WRITABLE_POLL_MS = 100;

    private final Channel channel;
    private final int flushBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition writable = lock.newCondition();
    private ByteBuf pending;

    Outbound(Channel channel, int flushBytes) {
        this.channel = channel;
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
        if (b.isReadable() && channel.isActive()) {
            channel.writeAndFlush(b);
        } else {
            b.release();
        }
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
