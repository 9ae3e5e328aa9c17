package io.basalt.server.client;

import io.basalt.common.NodeId;

/**
 * A snapshot transfer under way, as {@code basalt status} shows it.
 *
 * @param receiving true if this node receives the snapshot from {@code peer}; false if it sends it
 * @param index the snapshot's index (its last entry)
 * @param term the term of that entry
 * @param bytesDone bytes the receiver holds durably
 * @param bytesPerSecond the recent rate
 * @param resumedBytes bytes the receiver held already when the transfer began (a resumed one)
 */
public record SnapshotProgress(long groupId, boolean receiving, NodeId peer, long index, long term, long bytesDone,
                               long bytesTotal, long bytesPerSecond, long resumedBytes) {

    /** One line: "receiving snapshot at index 812 from n1: 412/2048 MiB, 85 MB/s". */
    public String describe() {
        return (receiving ? "receiving snapshot at index " + index + " from " : "sending snapshot at index " + index
            + " to ") + peer + ": " + mib(bytesDone) + "/" + mib(bytesTotal) + " MiB, " + mbPerSecond(bytesPerSecond)
            + " MB/s" + (resumedBytes > 0 ? " (resumed at " + mib(resumedBytes) + " MiB)" : "");
    }

    /** Whole MiB, or one decimal below 10 MiB. */
    public static String mib(long bytes) {
        double m = bytes / (1024.0 * 1024.0);
        return m < 10 ? String.format(java.util.Locale.ROOT, "%.1f", m) : Long.toString(Math.round(m));
    }

    /** Decimal megabytes per second, as transfer rates are usually quoted. */
    public static String mbPerSecond(long bytesPerSecond) {
        double m = bytesPerSecond / 1_000_000.0;
        return m < 10 ? String.format(java.util.Locale.ROOT, "%.1f", m) : Long.toString(Math.round(m));
    }
}
