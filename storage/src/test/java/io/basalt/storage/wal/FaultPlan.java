package io.basalt.storage.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides which writes and fsyncs of a log fail or stall. Tests switch faults on after the
 * log is open, so recovery and segment creation run on a healthy disk.
 */
final class FaultPlan {
    final AtomicBoolean failForce = new AtomicBoolean();
    final AtomicBoolean failWrite = new AtomicBoolean();
    final AtomicInteger forceCalls = new AtomicInteger();
    /** When set, the next fsync signals {@code forceEntered} and waits for {@code forceRelease}. */
    final AtomicBoolean stallNextForce = new AtomicBoolean();
    final CountDownLatch forceEntered = new CountDownLatch(1);
    final CountDownLatch forceRelease = new CountDownLatch(1);

    /** A channel factory that puts this plan in front of every channel the log opens. */
    ChannelFactory channels() {
        return (path, options) -> new FaultyFileChannel(FileChannel.open(path, options), this);
    }

    void beforeForce() throws IOException {
        forceCalls.incrementAndGet();
        if (stallNextForce.compareAndSet(true, false)) {
            forceEntered.countDown();
            try {
                if (!forceRelease.await(30, TimeUnit.SECONDS)) {
                    throw new IOException("test never released the stalled fsync");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
        if (failForce.get()) {
            throw new IOException("injected fsync failure (EIO)");
        }
    }

    void beforeWrite() throws IOException {
        if (failWrite.get()) {
            throw new IOException("injected write failure: No space left on device");
        }
    }
}
