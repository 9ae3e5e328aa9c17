package io.basalt.storage.wal;

/**
 * Limits of one write-ahead log.
 *
 * @param segmentBytesMax a segment rolls over before an append would take it past this size
 *     (a segment holding a single larger record is the one exception)
 * @param recordBytesMax the largest payload {@link SegmentedWal#append(byte[])} accepts
 */
public record WalOptions(long segmentBytesMax, int recordBytesMax) {
    public static final long SEGMENT_BYTES_MAX_DEFAULT = 64L * 1024 * 1024;
    public static final int RECORD_BYTES_MAX_DEFAULT = 16 * 1024 * 1024;
    /** Small enough that tests can force rollovers; smaller would mean a file per record. */
    public static final long SEGMENT_BYTES_MAX_MIN = 256;

    public WalOptions {
        if (segmentBytesMax < SEGMENT_BYTES_MAX_MIN) {
            throw new IllegalArgumentException(
                "segmentBytesMax must be at least " + SEGMENT_BYTES_MAX_MIN + ": " + segmentBytesMax);
        }
        if (recordBytesMax < 0 || recordBytesMax > WalFormat.PAYLOAD_BYTES_LIMIT) {
            throw new IllegalArgumentException("recordBytesMax must be in [0, "
                + WalFormat.PAYLOAD_BYTES_LIMIT + "]: " + recordBytesMax);
        }
    }

    public static WalOptions defaults() {
        return new WalOptions(SEGMENT_BYTES_MAX_DEFAULT, RECORD_BYTES_MAX_DEFAULT);
    }

    public WalOptions withSegmentBytesMax(long value) {
        return new WalOptions(value, recordBytesMax);
    }

    public WalOptions withRecordBytesMax(int value) {
        return new WalOptions(segmentBytesMax, value);
    }

    /** Rejects a payload this log will not store; a caller error, so unchecked. */
    void checkRecord(byte[] payload) {
        if (payload == null) {
            throw new IllegalArgumentException("WAL record payload must not be null");
        }
        if (payload.length > recordBytesMax) {
            throw new IllegalArgumentException("WAL record of " + payload.length
                + " bytes exceeds recordBytesMax " + recordBytesMax);
        }
    }
}
