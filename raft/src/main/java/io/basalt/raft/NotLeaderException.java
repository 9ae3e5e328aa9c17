package io.basalt.raft;

import io.basalt.common.NodeId;

/** A proposal or read was sent to a node that is not the group's leader (or is handing off). */
public final class NotLeaderException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient NodeId leaderHint;

    public NotLeaderException(NodeId leaderHint, String message) {
        super(message);
        this.leaderHint = leaderHint;
    }

    /** The leader this node believes in, or {@code null} if it knows none. */
    public NodeId leaderHint() {
        return leaderHint;
    }
}
