package io.basalt.storage.wal;

/** What {@link FrameReader} found at one offset of a segment. */
sealed interface FrameRead {
    /** A frame whose CRC matches; {@code payload} is null when the caller only checked it. */
    record Valid(byte[] payload, long nextOffset) implements FrameRead {}

    /** The offset is exactly the end of the file. */
    record End() implements FrameRead {}

    /** An incomplete frame, an impossible length or a CRC mismatch. */
    record Bad(String reason) implements FrameRead {}
}
