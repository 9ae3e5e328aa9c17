package io.basalt.server.replica;

import io.basalt.raft.Entry;
import io.basalt.raft.HardState;
import io.basalt.raft.Ready;
import io.basalt.raft.Snapshot;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.wire.RaftCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The write-ahead log records of one group. A Ready's records go in the order its contract
 * gives: snapshot, entries, hard state, so that replay sees them as they were meant.
 */
final class WalRecords {
    private WalRecords() {}

    static List<byte[]> of(long groupId, Ready r) {
        List<byte[]> records = new ArrayList<>(r.entries().size() + 2);
        if (r.snapshot() != null) {
            // A Ready's snapshot is one this replica installs from its leader.
            records.add(NodeProto.WalRecord.newBuilder().setGroupId(groupId)
                .setSnapshot(RaftCodec.encode(r.snapshot()).toBuilder().setReceived(true)).build().toByteArray());
        }
        for (Entry e : r.entries()) {
            records.add(NodeProto.WalRecord.newBuilder().setGroupId(groupId).setEntry(RaftCodec.encode(e))
                .build().toByteArray());
        }
        if (r.hardState() != null) {
            records.add(hardState(groupId, r.hardState()));
        }
        return records;
    }

    /** The offset of a Ready's first entry record within its batch. */
    static int firstEntryOffset(Ready r) {
        return r.snapshot() != null ? 1 : 0;
    }

    static byte[] snapshot(long groupId, Snapshot s) {
        return NodeProto.WalRecord.newBuilder().setGroupId(groupId).setSnapshot(RaftCodec.encode(s))
            .build().toByteArray();
    }

    static byte[] hardState(long groupId, HardState h) {
        return NodeProto.WalRecord.newBuilder().setGroupId(groupId).setHardState(RaftCodec.encode(h))
            .build().toByteArray();
    }
}
