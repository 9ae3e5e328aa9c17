package io.basalt.server.backup;

/** Told how far a copy or a check of a backup's files has come; the command line draws it. */
public interface ByteProgress {
    ByteProgress NONE = new ByteProgress() {
        @Override
        public void phase(String what, long totalBytes) {}

        @Override
        public void advanced(long bytes) {}
    };

    /** A new phase begins ("copying", "verifying") over {@code totalBytes} bytes. */
    void phase(String what, long totalBytes);

    /** {@code bytes} more bytes of the phase are done. */
    void advanced(long bytes);
}
