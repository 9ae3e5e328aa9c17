package io.basalt.server.replica;

import com.google.protobuf.InvalidProtocolBufferException;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.wire.RaftCodec;
import io.basalt.server.wire.WireException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/** Replays the node's write-ahead log into one {@link RecoveredGroup} per group found in it. */
public final class Recovery {
    private Recovery() {}

    /**
     * @throws IOException if the log cannot be read, or a record does not decode (named by its
     *         sequence): the frame's checksum passed, so the bytes are what this node wrote
     *         and a newer or foreign format is the likely cause
     */
    public static Map<Long, RecoveredGroup> replay(RecordLog log) throws IOException {
        Map<Long, RecoveredGroup> groups = new HashMap<>();
        IOException[] failure = new IOException[1];
        log.replay((sequence, payload) -> {
            if (failure[0] != null) {
                return;
            }
            try {
                apply(groups, NodeProto.WalRecord.parseFrom(payload), sequence);
            } catch (InvalidProtocolBufferException | WireException e) {
                failure[0] = new IOException("write-ahead log record " + sequence + " does not decode: "
                    + e.getMessage(), e);
            }
        });
        if (failure[0] != null) {
            throw failure[0];
        }
        return groups;
    }

    private static void apply(Map<Long, RecoveredGroup> groups, NodeProto.WalRecord r, long sequence)
        throws WireException {
        RecoveredGroup g = groups.computeIfAbsent(r.getGroupId(), RecoveredGroup::new);
        switch (r.getRecordCase()) {
            case ENTRY -> g.entry(RaftCodec.decode(r.getEntry()), sequence);
            case HARD_STATE -> g.hardState(RaftCodec.decode(r.getHardState()), sequence);
            case SNAPSHOT -> g.snapshot(RaftCodec.decode(r.getSnapshot()), r.getSnapshot().getReceived(), sequence);
            case RECORD_NOT_SET -> throw new WireException("record " + sequence + " is empty");
        }
    }
}
