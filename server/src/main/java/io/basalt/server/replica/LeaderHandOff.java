package io.basalt.server.replica;

import io.basalt.common.NodeId;
import io.basalt.raft.FollowerProgress;
import io.basalt.raft.Message;
import io.basalt.raft.RaftNode;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A leader whose log failed hands its group on at once, instead of leaving the followers to
 * notice its silence after an election timeout: it asks its core to transfer leadership to the
 * voter with the longest log, and sends the {@link Message.TimeoutNow} that results, which makes
 * that voter campaign at once. Nothing else the frozen core says is sent: this replica can make
 * nothing durable any more, so it may neither vote nor acknowledge an append.
 *
 * <p>Leaders send their appends before their own write is durable, so the target usually
 * holds every entry already and only its answer to the last append is missing: while the
 * hand-off runs, the target's append answers are still stepped into the core, which sends the
 * TimeoutNow once the target has caught up. If it never does, the followers elect a leader when
 * their election timeout passes, as after a crash. Used only on the group's event loop.
 */
final class LeaderHandOff {
    private static final Logger log = LoggerFactory.getLogger(LeaderHandOff.class);

    private final RaftNode raft;
    private final Outbox outbox;
    /** The voter being handed the group, or null when no hand-off runs. */
    private NodeId target;

    LeaderHandOff(RaftNode raft, Outbox outbox) {
        this.raft = raft;
        this.outbox = outbox;
    }

    /** The log just failed: if this replica leads, start handing the group on. */
    void start() {
        RaftStatus s = raft.status();
        if (s.role() != RaftRole.LEADER) {
            return;
        }
        target = s.followers().stream().filter(f -> !f.learner())
            .max(Comparator.comparing(FollowerProgress::recentlyActive).thenComparingLong(FollowerProgress::matchIndex))
            .map(FollowerProgress::id).orElse(null);
        if (target != null) {
            log.info("group {} on {}: handing leadership to {} (it has the log through index {} of {})",
                s.groupId(), s.self(), target, s.followers().stream().filter(f -> f.id().equals(target))
                    .findFirst().map(FollowerProgress::matchIndex).orElse(0L), s.lastIndex());
            raft.transferLeadership(target);
            sendTimeoutNow();
        }
    }

    /** A message that reached the stopped replica: only the target's append answers matter. */
    void step(Message m) {
        if (target != null && m instanceof Message.AppendResponse && m.from().equals(target)) {
            raft.step(m);
            sendTimeoutNow();
        }
    }

    private void sendTimeoutNow() {
        if (raft.hasReady()) {
            for (Message m : raft.ready().messages()) {
                if (m instanceof Message.TimeoutNow) {
                    outbox.send(m);
                    target = null;
                }
            }
        }
        if (raft.status().role() != RaftRole.LEADER) {
            target = null;
        }
    }
}
