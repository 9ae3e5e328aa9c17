package io.basalt.storage.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every segment of a log directory once on open, checks every header and frame, and
 * cuts a torn tail of the last segment. Everything else that is wrong stops the open.
 */
final class WalRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(WalRecovery.class);

    private final Path dir;
    private final ChannelFactory channels;

    WalRecovery(Path dir, ChannelFactory channels) {
        this.dir = dir;
        this.channels = channels;
    }

    /** The segments in sequence order, the last one already cut to its valid length. */
    List<Segment> recover() throws IOException {
        deleteTemporaryFiles();
        List<Segment> segments = new ArrayList<>();
        List<Path> files = segmentFiles();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            long first = WalFormat.parseSegmentName(file.getFileName().toString());
            if (i > 0) {
                checkContiguous(segments.getLast(), file, first);
            } else if (first < 1) {
                throw new WalCorruptionException(file, 0, "sequence numbers start at 1, not " + first);
            }
            segments.add(scan(file, first, i == files.size() - 1));
        }
        return segments;
    }

    private static void checkContiguous(Segment previous, Path file, long first) throws IOException {
        if (first != previous.nextSequence()) {
            throw new WalCorruptionException(file, 0, "gap in sequence numbers: the segment starts at "
                + first + " but the previous segment " + previous.path() + " ends at sequence "
                + (previous.nextSequence() - 1) + " (byte offset " + previous.sizeBytes() + ")");
        }
    }

    private Segment scan(Path file, long first, boolean last) throws IOException {
        try (FileChannel channel = channels.open(file, StandardOpenOption.READ)) {
            FrameReader reader = new FrameReader(channel, file, channel.size());
            checkHeader(reader, file, first);
            long offset = WalFormat.SEGMENT_HEADER_BYTES;
            long count = 0;
            while (true) {
                FrameRead read = reader.read(offset, false);
                switch (read) {
                    case FrameRead.Valid valid -> {
                        count++;
                        offset = valid.nextOffset();
                    }
                    case FrameRead.End end -> {
                        return new Segment(file, first, count, offset);
                    }
                    case FrameRead.Bad bad -> {
                        checkTail(reader, file, offset, bad.reason(), last);
                        cutTail(file, offset, reader.size() - offset, bad.reason());
                        return new Segment(file, first, count, offset);
                    }
                }
            }
        }
    }

    private static void checkHeader(FrameReader reader, Path file, long first) throws IOException {
        if (reader.size() < WalFormat.SEGMENT_HEADER_BYTES) {
            throw new WalCorruptionException(file, 0, "segment header incomplete: " + reader.size()
                + " of " + WalFormat.SEGMENT_HEADER_BYTES + " bytes");
        }
        var header = reader.bytes(0, WalFormat.SEGMENT_HEADER_BYTES);
        var problem = WalFormat.checkHeader(header.array(), header.arrayOffset(), first);
        if (problem != null) {
            throw new WalCorruptionException(file, problem.offset(), problem.reason());
        }
    }

    /** A bad frame is a torn tail only at the end of the last segment. */
    private static void checkTail(FrameReader reader, Path file, long offset, String reason, boolean last)
            throws IOException {
        if (!last) {
            throw new WalCorruptionException(file, offset, reason + ", in a segment that is not the last");
        }
        long valid = reader.findValidFrameAfter(offset);
        if (valid >= 0) {
            throw new WalCorruptionException(file, offset, reason + ", and a valid frame follows at byte offset "
                + valid);
        }
    }

    private void cutTail(Path file, long offset, long bytesCut, String reason) throws IOException {
        try (FileChannel channel = channels.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(offset);
            channel.force(true);
        }
        LOG.warn("Cut the torn tail of the write-ahead log: {} truncated at byte offset {}, {} bytes cut ({})",
            file, offset, bytesCut, reason);
    }

    /** Leftovers of a segment creation that a crash interrupted before the rename. */
    private void deleteTemporaryFiles() throws IOException {
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + WalFormat.TEMP_SUFFIX)) {
            for (Path temp : stream) {
                LOG.info("Deleting {}, a segment whose creation did not finish", temp);
                Files.delete(temp);
            }
        }
    }

    private List<Path> segmentFiles() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + WalFormat.SEGMENT_SUFFIX)) {
            for (Path file : stream) {
                if (WalFormat.parseSegmentName(file.getFileName().toString()) >= 0) {
                    files.add(file);
                }
            }
        }
        files.sort(Comparator.comparingLong(f -> WalFormat.parseSegmentName(f.getFileName().toString())));
        return files;
    }
}
