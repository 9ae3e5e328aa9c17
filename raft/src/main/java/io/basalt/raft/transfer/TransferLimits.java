package io.basalt.raft.transfer;

/**
 * The limits of a snapshot transfer, counted in bytes and in the driver's ticks.
 *
 * @param chunkBytes the most bytes the sender puts in one chunk
 * @param windowChunks the most chunks in flight, sent but not acknowledged (flow control)
 * @param resendTicks without progress for this long, the sender sends again from what the
 *        receiver last acknowledged (a chunk or an answer was lost)
 * @param idleTicksMax without progress for this long, a session is given up
 * @param bytesPerTickMax the sender's rate limit in bytes per tick; 0 for none
 */
public record TransferLimits(int chunkBytes, int windowChunks, int resendTicks, int idleTicksMax,
                             long bytesPerTickMax) {
    /** The largest chunk either side accepts, whatever it is configured to send. */
    public static final int CHUNK_BYTES_MAX = 16 << 20;
    public static final int CHUNK_BYTES_MIN = 16;

    public TransferLimits {
        if (chunkBytes < CHUNK_BYTES_MIN || chunkBytes > CHUNK_BYTES_MAX) {
            throw new IllegalArgumentException("snapshot chunk must be " + CHUNK_BYTES_MIN + " to " + CHUNK_BYTES_MAX
                + " bytes, not " + chunkBytes);
        }
        if (windowChunks < 1 || resendTicks < 1 || idleTicksMax <= resendTicks || bytesPerTickMax < 0) {
            throw new IllegalArgumentException("need window >= 1, 1 <= resend ticks < idle ticks, rate >= 0: "
                + windowChunks + ", " + resendTicks + ", " + idleTicksMax + ", " + bytesPerTickMax);
        }
    }
}
