package io.basalt.storage.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Test helpers that damage and inspect segment files the way a crash or a bad disk would.
 * Offsets are computed from the documented format, not from the production constants, so a
 * format change shows up here.
 */
final class WalFiles {
    /** magic, version, first sequence, header CRC. */
    static final int SEGMENT_HEADER_BYTES = 20;
    /** length, CRC. */
    static final int FRAME_HEADER_BYTES = 8;

    private WalFiles() {}

    /** Segment files in sequence order. */
    static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("\\d{20}\\.wal")).sorted().toList();
        }
    }

    static Path segment(Path dir, long firstSequence) {
        return dir.resolve(String.format("%020d.wal", firstSequence));
    }

    /** Byte offset of frame {@code index} (from 0) in a segment whose payloads have these sizes. */
    static long frameOffset(int[] payloadSizes, int index) {
        long offset = SEGMENT_HEADER_BYTES;
        for (int i = 0; i < index; i++) {
            offset += FRAME_HEADER_BYTES + payloadSizes[i];
        }
        return offset;
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, offset);
            one.put(0, (byte) (one.get(0) ^ 0x5A)).rewind();
            channel.write(one, offset);
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    static void appendZeros(Path file, int count) throws IOException {
        Files.write(file, new byte[count], StandardOpenOption.APPEND);
    }

    /** Every record of the log in {@code dir}, replayed through a fresh open. */
    static List<Record> replayAll(Path dir, WalOptions options) throws IOException {
        try (SegmentedWal wal = SegmentedWal.open(dir, options)) {
            return replayAll(wal);
        }
    }

    static List<Record> replayAll(SegmentedWal wal) throws IOException {
        List<Record> records = new ArrayList<>();
        wal.replay((sequence, payload) -> records.add(new Record(sequence, payload)));
        return records;
    }

    /** Payload {@code i} of a test: its size varies, and its bytes say which record it is. */
    static byte[] payload(int i, int size) {
        byte[] bytes = new byte[size];
        for (int b = 0; b < size; b++) {
            bytes[b] = (byte) (i * 31 + b);
        }
        return bytes;
    }

    record Record(long sequence, byte[] payload) {}
}
