package io.basalt.storage.wal;

import java.nio.file.Path;

/**
 * One segment file as recovery found it or rollover sealed it.
 *
 * @param sizeBytes the file's length, which ends exactly after its last valid frame
 */
record Segment(Path path, long firstSequence, long recordCount, long sizeBytes) {
    /** The sequence the next segment must start at. */
    long nextSequence() {
        return firstSequence + recordCount;
    }
}
