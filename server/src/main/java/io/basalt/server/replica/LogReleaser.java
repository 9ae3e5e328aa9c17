package io.basalt.server.replica;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The groups of a node share one write-ahead log, so a segment may go only when no group needs
 * any of its records: this releases up to the oldest record any group still needs.
 */
public final class LogReleaser {
    private static final Logger log = LoggerFactory.getLogger(LogReleaser.class);
    private final RecordLog recordLog;
    private final Map<Long, Long> firstNeeded = new HashMap<>();

    public LogReleaser(RecordLog recordLog, Set<Long> groups) {
        this.recordLog = recordLog;
        groups.forEach(g -> firstNeeded.put(g, 0L));
    }

    /** Group {@code groupId} needs nothing before {@code sequence} (0: it still needs everything). */
    synchronized void release(long groupId, long sequence) {
        firstNeeded.put(groupId, sequence);
        long oldest = firstNeeded.values().stream().mapToLong(Long::longValue).min().orElse(0);
        if (oldest > 0) {
            try {
                recordLog.releaseBefore(oldest);
            } catch (IOException e) {
                // Releasing only frees disk; a failure leaves old segments behind, nothing lost.
                log.warn("could not release write-ahead log segments before {}: {}", oldest, e.toString());
            }
        }
    }
}
