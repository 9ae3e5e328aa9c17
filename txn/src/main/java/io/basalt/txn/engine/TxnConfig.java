package io.basalt.txn.engine;

/**
 * Limits of the transaction engine, each named with its unit.
 *
 * @param lockTimeoutMs      a lock wait longer than this aborts the transaction (SQLSTATE 55P03)
 * @param heartbeatTimeoutMs a transaction not heard from for this long is aborted and its locks
 *                           released (its client vanished)
 * @param txnWriteBytesMax   buffered writes beyond this abort the transaction (SQLSTATE 54000)
 * @param activeTxnsMax      transactions open at once on one leader; more are refused
 * @param scanRowsMax        rows one scan returns at most
 * @param versionRetentionMs committed versions older than this (and older than every open
 *                           snapshot) may be garbage-collected
 * @param commitEntryBytes   a commit whose writes are larger is proposed as stage entries of
 *                           about this size followed by its commit entry
 */
public record TxnConfig(long lockTimeoutMs, long heartbeatTimeoutMs, long txnWriteBytesMax, int activeTxnsMax,
                        int scanRowsMax, long versionRetentionMs, int commitEntryBytes) {
    public static final int COMMIT_ENTRY_BYTES_DEFAULT = 256 << 10;
    public static final TxnConfig DEFAULTS = new TxnConfig(5_000, 10_000, 1L << 30, 10_000, 100_000, 60_000,
        COMMIT_ENTRY_BYTES_DEFAULT);

    public TxnConfig(long lockTimeoutMs, long heartbeatTimeoutMs, long txnWriteBytesMax, int activeTxnsMax,
                     int scanRowsMax, long versionRetentionMs) {
        this(lockTimeoutMs, heartbeatTimeoutMs, txnWriteBytesMax, activeTxnsMax, scanRowsMax, versionRetentionMs,
            COMMIT_ENTRY_BYTES_DEFAULT);
    }

    public TxnConfig {
        require(lockTimeoutMs > 0, "lockTimeoutMs must be positive, was " + lockTimeoutMs);
        require(heartbeatTimeoutMs > 0, "heartbeatTimeoutMs must be positive, was " + heartbeatTimeoutMs);
        require(txnWriteBytesMax > 0, "txnWriteBytesMax must be positive, was " + txnWriteBytesMax);
        require(activeTxnsMax > 0, "activeTxnsMax must be positive, was " + activeTxnsMax);
        require(scanRowsMax > 0, "scanRowsMax must be positive, was " + scanRowsMax);
        require(versionRetentionMs >= 0, "versionRetentionMs must not be negative, was " + versionRetentionMs);
        require(commitEntryBytes > 0, "commitEntryBytes must be positive, was " + commitEntryBytes);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public TxnConfig withLockTimeoutMs(long ms) {
        return new TxnConfig(ms, heartbeatTimeoutMs, txnWriteBytesMax, activeTxnsMax, scanRowsMax, versionRetentionMs,
            commitEntryBytes);
    }

    public TxnConfig withHeartbeatTimeoutMs(long ms) {
        return new TxnConfig(lockTimeoutMs, ms, txnWriteBytesMax, activeTxnsMax, scanRowsMax, versionRetentionMs,
            commitEntryBytes);
    }

    public TxnConfig withTxnWriteBytesMax(long bytes) {
        return new TxnConfig(lockTimeoutMs, heartbeatTimeoutMs, bytes, activeTxnsMax, scanRowsMax, versionRetentionMs,
            commitEntryBytes);
    }

    public TxnConfig withVersionRetentionMs(long ms) {
        return new TxnConfig(lockTimeoutMs, heartbeatTimeoutMs, txnWriteBytesMax, activeTxnsMax, scanRowsMax, ms,
            commitEntryBytes);
    }

    public TxnConfig withCommitEntryBytes(int bytes) {
        return new TxnConfig(lockTimeoutMs, heartbeatTimeoutMs, txnWriteBytesMax, activeTxnsMax, scanRowsMax,
            versionRetentionMs, bytes);
    }
}
