package io.basalt.sim.node;

import io.basalt.common.NodeId;
import io.basalt.kv.GroupTxns;
import io.basalt.kv.KvCommands;
import io.basalt.kv.KvResult;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.Entry;
import io.basalt.raft.NotLeaderException;
import io.basalt.raft.RaftNode;
import io.basalt.raft.RaftRole;
import io.basalt.raft.ReadState;
import io.basalt.sim.workload.ClientReply;
import io.basalt.sim.workload.ClientRequest;
import io.basalt.sim.workload.Op;
import io.basalt.sim.workload.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * A node's client-facing side: turns requests into proposals and read-index requests, and
 * answers them when the log says so. A write is answered when the entry at its (index, term)
 * is applied, or "not applied" when another term's entry lands there. A read is answered once
 * the state machine has applied its read index. Everything here is memory: a crash forgets it.
 */
final class ClientDesk {
    private record PendingWrite(ClientRequest request, long term) {}

    private record WaitingRead(ClientRequest request, long readIndex) {}

    /** Request ids of single writes in the leader's transaction engine, apart from transaction steps. */
    static final long SINGLE_WRITE_IDS = 1L << 62;

    private final BiConsumer<ClientRequest, ClientReply> reply;
    private final TreeMap<Long, PendingWrite> writes = new TreeMap<>();
    /** Single writes waiting for their key's lock in the engine, by request id. */
    private final Map<Long, ClientRequest> locking = new HashMap<>();
    private long nextSingle = SINGLE_WRITE_IDS;
    private final Map<Long, ClientRequest> readsById = new HashMap<>();
    private final List<WaitingRead> waitingReads = new ArrayList<>();
    private long nextReadId;

    ClientDesk(BiConsumer<ClientRequest, ClientReply> reply) {
        this.reply = reply;
    }

    void clear() {
        writes.clear();
        locking.clear();
        readsById.clear();
        waitingReads.clear();
    }

    /**
     * A request. Reads ask for a read index. A write is a single write in the leader's
     * transaction engine, as on a server: it takes its key's lock, is stamped with a commit
     * timestamp and proposed; answered when its entry applies.
     */
    void onRequest(RaftNode node, GroupTxns txns, ClientRequest r) {
        if (r.kind() != Op.Kind.GET) {
            if (node.role() != RaftRole.LEADER || txns.engine() == null) {
                // A leader still applying its log before serving answers like one that is not sure.
                reply.accept(r, ClientReply.notLeader(r, address(node.leader())));
                return;
            }
            long id = nextSingle++;
            locking.put(id, r);
            txns.singleWrite(id, command(r));
            return;
        }
        try {
            if (r.kind() == Op.Kind.GET) {
                long id = ++nextReadId;
                readsById.put(id, r);
                try {
                    node.readIndex(id);
                } catch (NotLeaderException e) {
                    readsById.remove(id);
                    throw e;
                }
                return;
            }
            long index = node.propose(command(r));
            PendingWrite replaced = writes.put(index, new PendingWrite(r, node.term()));
            if (replaced != null) {
                reply.accept(replaced.request(), ClientReply.notApplied(replaced.request()));
            }
        } catch (NotLeaderException e) {
            reply.accept(r, ClientReply.notLeader(r, address(e.leaderHint())));
        }
    }

    private static byte[] command(ClientRequest r) {
        byte[] key = Values.key(r.key());
        byte[] value = Values.encode(r.value());
        return switch (r.kind()) {
            case PUT -> KvCommands.put(r.clientId(), r.sequence(), key, value);
            case CAS -> KvCommands.cas(r.clientId(), r.sequence(), key,
                r.expected() == 0 ? null : Values.encode(r.expected()), value);
            case GET -> throw new IllegalArgumentException("reads are not proposed");
        };
    }

    boolean owns(long requestId) {
        return requestId >= SINGLE_WRITE_IDS;
    }

    /** Single write {@code id} was proposed at {@code index}: answered when that entry applies. */
    void singleProposed(long id, long index, long term) {
        ClientRequest r = locking.remove(id);
        if (r == null) {
            return;
        }
        PendingWrite replaced = writes.put(index, new PendingWrite(r, term));
        if (replaced != null) {
            reply.accept(replaced.request(), ClientReply.notApplied(replaced.request()));
        }
    }

    /** Single write {@code id} was never proposed (lock timeout, deadlock, leadership ended): safe to retry. */
    void singleNotProposed(long id, NodeId leaderHint, boolean notLeader) {
        ClientRequest r = locking.remove(id);
        if (r != null) {
            reply.accept(r, notLeader ? ClientReply.notLeader(r, address(leaderHint)) : ClientReply.notApplied(r));
        }
    }

    /** The entry {@code e} was applied with {@code result} (null for non-commands). */
    void onApplied(Entry e, KvResult result) {
        PendingWrite w = writes.remove(e.index());
        if (w == null) {
            return;
        }
        if (w.term() != e.term() || result == null) {
            reply.accept(w.request(), ClientReply.notApplied(w.request()));
            return;
        }
        ClientRequest r = w.request();
        reply.accept(r, new ClientReply(r.sequence(), r.attempt(), ClientReply.Status.OK, result.found(),
            Values.decode(result.value()), result.ok(), -1, e.index(), e.term()));
    }

    void onReadStates(List<ReadState> states) {
        for (ReadState s : states) {
            ClientRequest r = readsById.remove(s.requestId());
            if (r != null) {
                waitingReads.add(new WaitingRead(r, s.readIndex()));
            }
        }
    }

    /** Answers every read whose read index the state machine has reached. */
    void serveReads(KvStateMachine kv) {
        Iterator<WaitingRead> it = waitingReads.iterator();
        while (it.hasNext()) {
            WaitingRead w = it.next();
            if (kv.appliedIndex() >= w.readIndex()) {
                it.remove();
                byte[] v = kv.get(Values.key(w.request().key()));
                ClientRequest r = w.request();
                reply.accept(r, new ClientReply(r.sequence(), r.attempt(), ClientReply.Status.OK, v != null,
                    Values.decode(v), true, -1, 0, 0));
            }
        }
    }

    static int address(NodeId id) {
        return id == null ? -1 : Integer.parseInt(id.value().substring(1)) - 1;
    }

    static NodeId nodeId(int address) {
        return NodeId.of("n" + (address + 1));
    }
}
