package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import java.nio.file.Path;

/**
 * A checkpoint a node took for a backup: where it is on the node's machine, and the point of
 * the group's log it holds ({@code reply} carries the index, term, membership and engine).
 */
public record BackupCheckpoint(NodeId node, Path dir, NodeProto.BackupReply reply) {
    /** The name the node releases it by. */
    public String name() {
        return dir.getFileName().toString();
    }
}
