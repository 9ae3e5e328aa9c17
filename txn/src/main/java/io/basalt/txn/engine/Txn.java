package io.basalt.txn.engine;

import io.basalt.txn.Isolation;
import io.basalt.txn.Keys;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** One open transaction on the leader: its buffered writes, its waiting operation, its state. */
final class Txn {
    enum Status { ACTIVE, COMMITTING }

    final TxnId id;
    final boolean readOnly;
    final Isolation isolation;
    /** The snapshot a read-only transaction reads; null for read-write ones, which read the latest. */
    final Timestamp readTs;
    /** Autocommit: the driver's own command that runs once the locks are held. */
    final Object attachment;
    final TreeMap<byte[], Write> writes = new TreeMap<>(Keys.ORDER);
    long writeBytes;
    long lastHeardMs;
    Status status = Status.ACTIVE;
    /** The operation waiting for a lock, or null. */
    PendingOp pending;
    Timestamp commitTs;
    /** Requests waiting for the commit's outcome (a retried commit adds one). */
    final List<Long> commitRequests = new ArrayList<>();

    Txn(TxnId id, boolean readOnly, Isolation isolation, Timestamp readTs, Object attachment, long nowMs) {
        this.id = id;
        this.readOnly = readOnly;
        this.isolation = isolation;
        this.readTs = readTs;
        this.attachment = attachment;
        this.lastHeardMs = nowMs;
    }

    boolean autocommit() {
        return attachment != null;
    }
}
