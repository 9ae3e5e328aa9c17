package io.basalt.storage.api;

/**
 * Sizes every engine accepts. A {@link WriteBatch} refuses anything larger, so both engines
 * reject the same writes, and the memory engine's image format can use 32-bit lengths.
 */
public final class EngineLimits {
    /** Encoded SQL keys are far smaller; RocksDB slows down long before keys reach this. */
    public static final int KEY_BYTES_MAX = 64 * 1024;
    /** Above the Raft log's largest record (16 MiB), so any value one entry carries fits. */
    public static final int VALUE_BYTES_MAX = 64 * 1024 * 1024;

    private EngineLimits() {
    }
}
