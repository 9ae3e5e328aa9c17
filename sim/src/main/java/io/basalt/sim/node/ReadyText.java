package io.basalt.sim.node;

import io.basalt.raft.Message;
import io.basalt.raft.Ready;

/** A Ready in one readable line (plus one line per message), for replaying a seed by hand. */
final class ReadyText {
    private ReadyText() {}

    static String describe(Ready rd) {
        StringBuilder sb = new StringBuilder();
        if (rd.softState() != null) {
            sb.append(rd.softState()).append(' ');
        }
        if (rd.hardState() != null) {
            sb.append(rd.hardState()).append(' ');
        }
        if (rd.snapshot() != null) {
            sb.append(rd.snapshot()).append(' ');
        }
        if (!rd.entries().isEmpty()) {
            sb.append("entries ").append(rd.entries().getFirst()).append("..").append(rd.entries().getLast().index()).append(' ');
        }
        if (rd.resetStateMachine()) {
            sb.append("RESET ");
        }
        if (!rd.committed().isEmpty()) {
            sb.append("commit ").append(rd.committed().getFirst().index()).append("..").append(rd.committed().getLast()).append(' ');
        }
        for (Message m : rd.messages()) {
            sb.append("\n      -> ").append(m);
        }
        return sb.toString();
    }
}
