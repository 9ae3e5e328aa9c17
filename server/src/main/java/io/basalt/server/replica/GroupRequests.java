package io.basalt.server.replica;

import io.basalt.common.NodeId;
import io.basalt.kv.KvCommands;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.NotLeaderException;
import io.basalt.raft.RaftNode;
import io.basalt.raft.RaftRole;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.NodeConfig;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.ClientRequest;
import io.basalt.server.proto.NodeProto.Error.Code;
import io.basalt.server.transport.Responder;
import io.basalt.server.wire.StatusCodec;
import io.basalt.server.wire.WireException;
import java.util.function.Consumer;

/**
 * Turns one client request into inputs of the group's Raft node. A write takes its key's lock
 * through the {@link TxnHost} (it is an implicit transaction), is proposed and
 * answered when its entry is applied; a read asks for a read index and is answered once the
 * state machine reaches it. A follower answers with a redirect naming the leader and its
 * address, which the client follows. Runs on the group's event loop.
 */
final class GroupRequests {
    /** A request larger than this is refused before it reaches the log. */
    static final int REQUEST_BYTES_MAX = 4 << 20;

    private final long groupId;
    private final NodeConfig config;
    private final RaftNode raft;
    private final ClientWaiters waiters;
    private final TxnHost txns;
    private final long adminTimeoutMs;
    private long nextReadId = 1;

    GroupRequests(long groupId, NodeConfig config, RaftNode raft, ClientWaiters waiters, TxnHost txns,
                  long adminTimeoutMs) {
        this.groupId = groupId;
        this.config = config;
        this.raft = raft;
        this.waiters = waiters;
        this.txns = txns;
        this.adminTimeoutMs = adminTimeoutMs;
    }

    void handle(ClientRequest q, Responder r) {
        if (q.getSerializedSize() > REQUEST_BYTES_MAX) {
            r.reply(Responses.error(Code.INVALID, "request of " + q.getSerializedSize() + " bytes exceeds the limit of "
                + REQUEST_BYTES_MAX));
            return;
        }
        switch (q.getOpCase()) {
            case PUT -> {
                NodeProto.PutRequest p = q.getPut();
                propose(KvCommands.put(p.getClientId(), p.getSequence(), p.getKey().toByteArray(),
                    p.getValue().toByteArray()), r);
            }
            case DELETE -> {
                NodeProto.DeleteRequest d = q.getDelete();
                propose(KvCommands.delete(d.getClientId(), d.getSequence(), d.getKey().toByteArray()), r);
            }
            case CAS -> {
                NodeProto.CasRequest c = q.getCas();
                byte[] expected = c.getExpectAbsent() ? null : c.getExpected().toByteArray();
                propose(KvCommands.cas(c.getClientId(), c.getSequence(), c.getKey().toByteArray(), expected,
                    c.getValue().toByteArray()), r);
            }
            case GET -> read(q.getGet().getKey().toByteArray(), r);
            case TXN -> {
                if (raft.role() != RaftRole.LEADER) {
                    redirectTo(raft.leader(), r);
                } else {
                    txns.handle(q.getTxn(), r);
                }
            }
            case PROMOTE -> promote(r);
            case SET_REPLICATION -> setReplication(q.getSetReplication(), r);
            case TRANSFER_LEADER -> transfer(q.getTransferLeader().getTarget(), r);
            case STATUS, BACKUP, BACKUP_RELEASE, OP_NOT_SET -> r.reply(Responses.error(Code.INVALID, "request " + q.getOpCase()
                + " is not one a group serves"));
        }
    }

    /** A single write runs as an implicit transaction: it waits for its key's lock like any writer. */
    private void propose(byte[] command, Responder r) {
        if (raft.role() != RaftRole.LEADER) {
            redirectTo(raft.leader(), r);
            return;
        }
        txns.autocommit(command, r);
    }

    private void read(byte[] key, Responder r) {
        long id = nextReadId++;
        try {
            raft.readIndex(id);
            waiters.readRequested(id, key, r);
        } catch (NotLeaderException e) {
            redirect(e, r);
        }
    }

    /**
     * Runs {@code action} once this node has confirmed it leads (a read index round) and applied
     * through that read index: then the state holds every write acknowledged before the request
     * came. A follower redirects to the leader instead.
     */
    void afterReadIndex(Responder r, Consumer<KvStateMachine> action) {
        long id = nextReadId++;
        try {
            raft.readIndex(id);
            waiters.readRequested(id, r, action);
        } catch (NotLeaderException e) {
            redirect(e, r);
        }
    }

    private void redirect(NotLeaderException e, Responder r) {
        redirectTo(e.leaderHint() != null ? e.leaderHint() : raft.leader(), r);
    }

    void redirectTo(NodeId leader, Responder r) {
        if (config.id().equals(leader)) {
            // This node leads but hands leadership over: nothing was proposed, and the client
            // should look for the next leader, so it hears "leader unknown" rather than RETRY
            // (which would make a write's outcome unknown).
            r.reply(Responses.notLeader(null, ""));
        } else {
            r.reply(Responses.notLeader(leader, config.addressOf(leader)));
        }
    }

    /** Manual failover: a forced election at once; answered when this node leads. */
    private void promote(Responder r) {
        if (raft.status().failoverMode() != FailoverMode.MANUAL) {
            // Voters grant a forced election whatever their logs hold: with elections running,
            // promoting a lagging node could discard acknowledged writes for no reason.
            r.reply(Responses.error(Code.INVALID, "promote is for manual failover; group " + raft.status().groupId()
                + " on " + raft.status().self() + " runs automatic failover, where elections pick the most complete"
                + " log. Use transfer-leader, or start the nodes with --failover manual"));
            return;
        }
        long lastIndex = raft.status().lastIndex();
        if (raft.role() == RaftRole.LEADER) {
            r.reply(Responses.promoted(raft.term(), lastIndex));
            return;
        }
        raft.promote();
        // A forced election is one attempt: if a vote is lost on the way (a peer's link still
        // reconnecting), the node falls back to follower; it tries again until the deadline.
        waiters.await(s -> s.role() == RaftRole.LEADER, s -> Responses.promoted(s.term(), lastIndex),
            s -> {
                if (s.role() == RaftRole.FOLLOWER && s.leader() == null) {
                    raft.promote();
                }
            }, adminTimeoutMs,
            "node " + config.id() + " did not win its forced election within " + adminTimeoutMs
                + " ms: can it reach a majority of the voters?", r);
    }

    /** Applies to this replica only: the client (or a leader) sends it to every node. */
    private void setReplication(NodeProto.SetReplicationRequest q, Responder r) {
        ReplicationMode mode;
        try {
            mode = StatusCodec.decode(q.getMode());
        } catch (WireException e) {
            r.reply(Responses.error(Code.INVALID, e.getMessage()));
            return;
        }
        raft.setReplicationMode(mode);
        r.reply(Responses.ack());
    }

    private void transfer(String targetName, Responder r) {
        NodeId target;
        try {
            target = NodeId.of(targetName);
        } catch (IllegalArgumentException e) {
            r.reply(Responses.error(Code.INVALID, e.getMessage()));
            return;
        }
        if (!config.peers().containsKey(target)) {
            r.reply(Responses.error(Code.INVALID, target + " is not a member of group " + groupId + " (members: "
                + config.peers().keySet() + ")"));
            return;
        }
        if (raft.role() != RaftRole.LEADER) {
            redirectTo(raft.leader(), r);
            return;
        }
        if (target.equals(config.id())) {
            r.reply(Responses.ack());
            return;
        }
        raft.transferLeadership(target);
        waiters.await(s -> target.equals(s.leader()), s -> Responses.ack(), s -> { }, adminTimeoutMs,
            "leadership of group " + groupId + " did not move to " + target + " within " + adminTimeoutMs
                + " ms: is it up and caught up?", r);
    }
}
