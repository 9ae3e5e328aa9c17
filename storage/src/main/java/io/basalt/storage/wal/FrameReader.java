package io.basalt.storage.wal;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * Reads and checks frames of one segment through a read-ahead buffer with positional reads.
 * Positional reads rather than a memory map, so that a disk read error arrives as an
 * IOException instead of a fault inside the JVM.
 */
final class FrameReader {
    private static final int BUFFER_BYTES = 1 << 20;

    private final FileChannel channel;
    private final Path path;
    private final long size;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final CRC32C crc = new CRC32C();
    private long bufferStart;
    private int bufferLength;

    FrameReader(FileChannel channel, Path path, long size) {
        this.channel = channel;
        this.path = path;
        this.size = size;
    }

    long size() {
        return size;
    }

    /** The {@code length} bytes at {@code offset}, which must lie inside the file. */
    ByteBuffer bytes(long offset, int length) throws IOException {
        load(offset, length);
        return ByteBuffer.wrap(buffer, (int) (offset - bufferStart), length).slice();
    }

    /** Reads and checks the frame at {@code offset}; copies the payload only when asked. */
    FrameRead read(long offset, boolean copyPayload) throws IOException {
        long left = size - offset;
        if (left == 0) {
            return new FrameRead.End();
        }
        if (left < WalFormat.FRAME_HEADER_BYTES) {
            return new FrameRead.Bad("incomplete frame header: " + left + " of "
                + WalFormat.FRAME_HEADER_BYTES + " bytes");
        }
        ByteBuffer header = bytes(offset, WalFormat.FRAME_HEADER_BYTES);
        int length = header.getInt(0);
        int stored = header.getInt(4);
        long payloadLeft = left - WalFormat.FRAME_HEADER_BYTES;
        if (length < 0 || length > WalFormat.PAYLOAD_BYTES_LIMIT) {
            return new FrameRead.Bad("impossible frame length " + Integer.toUnsignedString(length));
        }
        if (length > payloadLeft) {
            return new FrameRead.Bad("incomplete frame: payload of " + length + " bytes but only "
                + payloadLeft + " bytes left in the file");
        }
        byte[] payload = copyPayload ? new byte[length] : null;
        int computed = checksum(offset + WalFormat.FRAME_HEADER_BYTES, length, payload);
        if (computed != stored) {
            return new FrameRead.Bad(String.format(
                "frame CRC32C mismatch: stored 0x%08x, computed 0x%08x", stored, computed));
        }
        return new FrameRead.Valid(payload, offset + WalFormat.FRAME_HEADER_BYTES + length);
    }

    /**
     * The offset of the first valid frame that starts after {@code badOffset}, or -1. Tells a
     * torn tail (nothing valid follows) from damage in the middle of the log. It tries every
     * byte offset because a damaged length field says nothing about where the next frame is.
     */
    long findValidFrameAfter(long badOffset) throws IOException {
        for (long offset = badOffset + 1; offset + WalFormat.FRAME_HEADER_BYTES <= size; offset++) {
            if (read(offset, false) instanceof FrameRead.Valid) {
                return offset;
            }
        }
        return -1;
    }

    private int checksum(long payloadOffset, int length, byte[] copy) throws IOException {
        WalFormat.updateWithLength(crc, length);
        if (length + WalFormat.FRAME_HEADER_BYTES <= BUFFER_BYTES) {
            // Load from the frame's start, so that scanning on to the next offset stays in buffer.
            load(payloadOffset - WalFormat.FRAME_HEADER_BYTES, length + WalFormat.FRAME_HEADER_BYTES);
        }
        for (int done = 0; done < length; ) {
            int chunk = Math.min(BUFFER_BYTES, length - done);
            load(payloadOffset + done, chunk);
            int index = (int) (payloadOffset + done - bufferStart);
            crc.update(buffer, index, chunk);
            if (copy != null) {
                System.arraycopy(buffer, index, copy, done, chunk);
            }
            done += chunk;
        }
        return (int) crc.getValue();
    }

    /** Makes {@code [offset, offset + length)} resident in the buffer, reading ahead. */
    private void load(long offset, int length) throws IOException {
        if (offset >= bufferStart && offset + length <= bufferStart + bufferLength) {
            return;
        }
        int want = (int) Math.min(BUFFER_BYTES, size - offset);
        ByteBuffer target = ByteBuffer.wrap(buffer, 0, want);
        while (target.hasRemaining()) {
            if (channel.read(target, offset + target.position()) < 0) {
                throw new EOFException(path + " became shorter while being read, at byte offset "
                    + (offset + target.position()));
            }
        }
        bufferStart = offset;
        bufferLength = want;
    }
}
