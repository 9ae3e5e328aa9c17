package io.basalt.storage.wal;

import io.basalt.common.Invariants;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A segmented, append-only log of opaque records on disk. See the package documentation for
 * the format and the invariants.
 *
 * <p>Meant for one writer (usually a {@link GroupCommitWriter}). Every method is synchronized,
 * so status calls from other threads are safe, but may wait for an fsync in progress.
 */
public final class SegmentedWal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentedWal.class);
    /** Appends gather here so that many small records cost one write call. */
    private static final int WRITE_BUFFER_BYTES = 256 * 1024;

    private final Path dir;
    private final WalOptions options;
    private final ChannelFactory channels;
    private final DirectoryLock lock;
    /** Sealed segments, oldest first; all complete and durable. */
    private final List<Segment> sealed;
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);
    private final CRC32C crc = new CRC32C();
    private Path activePath;
    private FileChannel active;
    private long activeFirstSequence;
    /** The active segment's length including what still sits in the write buffer. */
    private long activeBytes;
    private long nextSequence;
    private IOException failure;
    /** The file the log's latest write, fsync or creation is on: what a failure names. */
    private Path ioPath;
    private Path failedPath;
    private boolean closed;

    private SegmentedWal(Path dir, WalOptions options, ChannelFactory channels, DirectoryLock lock,
                         List<Segment> sealed) {
        this.dir = dir;
        this.options = options;
        this.channels = channels;
        this.lock = lock;
        this.sealed = sealed;
    }

    /** Opens the log in {@code dir}, creating it if needed, and recovers it; see the package doc. */
    public static SegmentedWal open(Path dir, WalOptions options) throws IOException {
        return open(dir, options, ChannelFactory.DEFAULT);
    }

    static SegmentedWal open(Path dir, WalOptions options, ChannelFactory channels) throws IOException {
        Files.createDirectories(dir);
        DirectoryLock lock = DirectoryLock.acquire(dir);
        try {
            List<Segment> segments = new WalRecovery(dir, channels).recover();
            SegmentedWal wal = new SegmentedWal(dir, options, channels, lock, new ArrayList<>(segments));
            if (segments.isEmpty()) {
                wal.createSegment(1);
            } else {
                wal.activate(wal.sealed.removeLast());
            }
            return wal;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * Buffers one record; it is durable only after the next {@link #sync()} returns.
     *
     * @return the record's sequence number
     * @throws IllegalArgumentException if the payload exceeds {@link WalOptions#recordBytesMax()}
     * @throws WalFailedException if an earlier write or fsync failed, or this one does
     */
    public synchronized long append(byte[] payload) throws IOException {
        checkUsable();
        options.checkRecord(payload);
        long frameBytes = WalFormat.FRAME_HEADER_BYTES + (long) payload.length;
        try {
            if (nextSequence > activeFirstSequence && activeBytes + frameBytes > options.segmentBytesMax()) {
                rollover();
            }
            ioPath = activePath;
            bufferFrame(payload);
        } catch (IOException e) {
            throw fail(e);
        }
        activeBytes += frameBytes;
        return nextSequence++;
    }

    /** Makes every record appended so far durable. A failure here is final. */
    public synchronized void sync() throws IOException {
        checkUsable();
        try {
            ioPath = activePath;
            flush();
            active.force(false);
        } catch (IOException e) {
            throw fail(e);
        }
    }

    /**
     * Hands every record to {@code visitor} in sequence order, including appended records not
     * yet synced. Frames are checked again against their CRC on the way.
     */
    public synchronized void replay(RecordVisitor visitor) throws IOException {
        checkUsable();
        try {
            ioPath = activePath;
            flush();
        } catch (IOException e) {
            throw fail(e);
        }
        for (Segment segment : segments()) {
            replaySegment(segment, visitor);
        }
    }

    /**
     * Deletes the sealed segments whose records all have sequence numbers below
     * {@code sequence}; log compaction calls this once a snapshot covers them. The active
     * segment is never deleted, so a segment may outlive its records until it rolls over.
     * A file that cannot be deleted is reported as a plain IOException and stays in the log;
     * only a failed directory fsync is final, like any failed fsync.
     */
    public synchronized void releaseBefore(long sequence) throws IOException {
        checkUsable();
        int released = 0;
        // Oldest first: a crash part-way leaves a shorter log that is still contiguous.
        while (!sealed.isEmpty()) {
            long next = sealed.size() > 1 ? sealed.get(1).firstSequence() : activeFirstSequence;
            if (next > sequence) {
                break;
            }
            Files.delete(sealed.getFirst().path());
            sealed.removeFirst();
            released++;
        }
        if (released > 0) {
            try {
                syncDirectory();
            } catch (IOException e) {
                throw fail(e);
            }
        }
    }

    /** The oldest record's sequence; {@code lastSequence() + 1} when the log holds none. */
    public synchronized long firstSequence() {
        return sealed.isEmpty() ? activeFirstSequence : sealed.getFirst().firstSequence();
    }

    /** The newest record's sequence, durable or not; 0 before the first record ever. */
    public synchronized long lastSequence() {
        return nextSequence - 1;
    }

    /** Bytes of all segments, including appended records not yet written out. */
    public synchronized long sizeBytes() {
        long total = activeBytes;
        for (Segment segment : sealed) {
            total += segment.sizeBytes();
        }
        return total;
    }

    public synchronized int segmentCount() {
        return sealed.size() + 1;
    }

    public Path directory() {
        return dir;
    }

    public WalOptions options() {
        return options;
    }

    /** Syncs what was appended unless the log has failed, then releases the files. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        try {
            if (failure == null) {
                sync();
            }
        } finally {
            closed = true;
            try {
                active.close();
            } finally {
                lock.close();
            }
        }
    }

    private List<Segment> segments() {
        List<Segment> all = new ArrayList<>(sealed);
        all.add(new Segment(activePath, activeFirstSequence, nextSequence - activeFirstSequence, activeBytes));
        return all;
    }

    private void replaySegment(Segment segment, RecordVisitor visitor) throws IOException {
        try (FileChannel channel = channels.open(segment.path(), StandardOpenOption.READ)) {
            FrameReader reader = new FrameReader(channel, segment.path(), segment.sizeBytes());
            long offset = WalFormat.SEGMENT_HEADER_BYTES;
            for (long sequence = segment.firstSequence(); sequence < segment.nextSequence(); sequence++) {
                if (!(reader.read(offset, true) instanceof FrameRead.Valid valid)) {
                    throw new WalCorruptionException(segment.path(), offset,
                        "frame changed on disk since the log was opened");
                }
                visitor.visit(sequence, valid.payload());
                offset = valid.nextOffset();
            }
            Invariants.check(offset == segment.sizeBytes(), "replay of %s ended at %d, not at %d",
                segment.path(), offset, segment.sizeBytes());
        }
    }

    private void bufferFrame(byte[] payload) throws IOException {
        WalFormat.updateWithLength(crc, payload.length);
        crc.update(payload);
        int frameBytes = WalFormat.FRAME_HEADER_BYTES + payload.length;
        if (writeBuffer.remaining() < frameBytes) {
            flush();
        }
        if (frameBytes <= writeBuffer.remaining()) {
            writeBuffer.putInt(payload.length).putInt((int) crc.getValue()).put(payload);
            return;
        }
        // Larger than the whole buffer: write it straight out rather than grow the buffer.
        ByteBuffer header = ByteBuffer.allocate(WalFormat.FRAME_HEADER_BYTES);
        header.putInt(payload.length).putInt((int) crc.getValue()).flip();
        writeFully(active, header);
        writeFully(active, ByteBuffer.wrap(payload));
    }

    private void flush() throws IOException {
        writeBuffer.flip();
        try {
            writeFully(active, writeBuffer);
        } finally {
            writeBuffer.clear();
        }
    }

    /** Seals the active segment, durable, before its successor exists; see the package doc. */
    private void rollover() throws IOException {
        ioPath = activePath;
        flush();
        active.force(false);
        active.close();
        sealed.add(new Segment(activePath, activeFirstSequence, nextSequence - activeFirstSequence, activeBytes));
        createSegment(nextSequence);
    }

    /** Creates a segment atomically: a file with that name always has a durable header. */
    private void createSegment(long firstSequence) throws IOException {
        Path path = dir.resolve(WalFormat.segmentName(firstSequence));
        Path temp = dir.resolve(path.getFileName() + WalFormat.TEMP_SUFFIX);
        ioPath = temp;
        try (FileChannel channel = channels.open(temp, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            writeFully(channel, WalFormat.encodeHeader(firstSequence));
            channel.force(true);
        }
        Invariants.check(!Files.exists(path), "segment %s already exists", path);
        Files.move(temp, path, StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        activate(new Segment(path, firstSequence, 0, WalFormat.SEGMENT_HEADER_BYTES));
    }

    private void activate(Segment segment) throws IOException {
        activePath = segment.path();
        activeFirstSequence = segment.firstSequence();
        nextSequence = segment.nextSequence();
        activeBytes = segment.sizeBytes();
        active = channels.open(activePath, StandardOpenOption.WRITE);
        active.position(activeBytes);
    }

    /** Makes file creations, renames and deletions in the directory durable. */
    private void syncDirectory() throws IOException {
        ioPath = dir;
        try (FileChannel directory = channels.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private void checkUsable() throws WalFailedException {
        if (closed) {
            throw new IllegalStateException("write-ahead log " + dir + " is closed");
        }
        if (failure != null) {
            throw new WalFailedException("write-ahead log " + dir + " failed earlier and accepts nothing more; "
                + "the failure was", failedPath, failure);
        }
    }

    /**
     * Makes the failure final. Nothing is retried, not even an fsync that might succeed the
     * second time: see {@link WalFailedException}.
     */
    private WalFailedException fail(IOException cause) {
        if (failure == null) {
            failure = cause;
            failedPath = ioPath;
            LOG.error("Write-ahead log {} failed on {}: {}. {}; it accepts no more writes, and the node must "
                    + "restart to recover from what is on disk", dir, failedPath, WalFailedException.reasonOf(cause),
                WalFailedException.isDiskFull(cause) ? "The disk is full" : "An I/O error", cause);
        }
        return new WalFailedException("write-ahead log " + dir + " write or fsync failed", failedPath, failure);
    }
}
