package io.basalt.server.replica;

import io.basalt.common.NodeId;
import io.basalt.common.SqlState;
import io.basalt.storage.wal.WalFailedException;

/**
 * Why a replica's write-ahead log failed, worded for the operator who reads the log and
 * {@code basalt status}, and for the clients whose writes it stopped: a full disk (SQLSTATE
 * 53100, fixed by freeing space) or an I/O error (58030: a failed write or fsync, fixed by
 * checking the disk). Either way the replica acknowledges nothing more until it is restarted.
 *
 * @param sqlState {@link SqlState#DISK_FULL} or {@link SqlState#IO_ERROR}
 * @param message the whole explanation, naming the file and the operating system's error
 */
record LogFault(String sqlState, String message) {

    static LogFault of(NodeId node, long groupId, Throwable error) {
        WalFailedException wal = walFailure(error);
        String where = wal != null && wal.file() != null ? " on " + wal.file() : "";
        String reason = wal != null ? wal.reason() : rootMessage(error);
        return stopped(node, groupId, "its write-ahead log failed" + where + ": " + reason, "fsync", error);
    }

    /**
     * The state engine failed (a RocksDB write or flush): the replica cannot apply or make
     * durable what it applied, so it stops as it does when its log fails. The Raft log still
     * holds every entry, so nothing acknowledged is lost; a restart replays what the engine lacks.
     */
    static LogFault ofEngine(NodeId node, long groupId, Throwable error) {
        String reason = error.getMessage() == null ? rootMessage(error) : error.getMessage();
        return stopped(node, groupId, "its state engine failed: " + reason, "flush", error);
    }

    /** The fault's SQLSTATE and whole message: what failed, why, and what the operator does. */
    private static LogFault stopped(NodeId node, long groupId, String failed, String syncCall, Throwable error) {
        boolean full = WalFailedException.isDiskFull(error);
        String what = full ? "the disk is full" : "an I/O error; a failed write or " + syncCall + " is never retried";
        String fix = full ? "Free space on that disk, then restart the node"
            : "Check the disk (kernel log, SMART), then restart the node";
        return new LogFault(full ? SqlState.DISK_FULL : SqlState.IO_ERROR, "node " + node
            + " stopped accepting writes for group " + groupId + ": " + failed + " (" + what
            + "). It stepped down and acknowledges nothing it could not persist. " + fix);
    }

    private static WalFailedException walFailure(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WalFailedException w) {
                return w;
            }
        }
        return null;
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
