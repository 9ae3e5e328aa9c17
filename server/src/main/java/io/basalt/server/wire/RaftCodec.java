package io.basalt.server.wire;

import com.google.protobuf.ByteString;
import io.basalt.common.NodeId;
import io.basalt.raft.Entry;
import io.basalt.raft.EntryType;
import io.basalt.raft.HardState;
import io.basalt.raft.Membership;
import io.basalt.raft.Message;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import io.basalt.raft.VoteKind;
import io.basalt.server.proto.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Converts Raft's records to their protobuf form and back. Decoding validates what a peer could
 * get wrong (an unknown message kind, a bad node id) and throws {@link WireException}; the
 * caller closes the connection that sent it.
 */
public final class RaftCodec {
    private RaftCodec() {}

    public static NodeProto.RaftMessage encode(Message m) {
        NodeProto.RaftMessage.Builder b = NodeProto.RaftMessage.newBuilder().setGroupId(m.groupId())
            .setFrom(m.from().value()).setTo(m.to().value()).setTerm(m.term());
        switch (m) {
            case Message.VoteRequest v -> b.setVoteRequest(NodeProto.VoteRequest.newBuilder()
                .setKind(NodeProto.VoteKind.valueOf(v.kind().name())).setLastLogIndex(v.lastLogIndex())
                .setLastLogTerm(v.lastLogTerm()));
            case Message.VoteResponse v -> b.setVoteResponse(NodeProto.VoteResponse.newBuilder()
                .setPreVote(v.preVote()).setGranted(v.granted()));
            case Message.AppendRequest a -> {
                NodeProto.AppendRequest.Builder ab = NodeProto.AppendRequest.newBuilder()
                    .setPrevLogIndex(a.prevLogIndex()).setPrevLogTerm(a.prevLogTerm())
                    .setLeaderCommit(a.leaderCommit()).setReadContext(a.readContext());
                a.entries().forEach(e -> ab.addEntries(encode(e)));
                b.setAppendRequest(ab);
            }
            case Message.AppendResponse a -> b.setAppendResponse(NodeProto.AppendResponse.newBuilder()
                .setSuccess(a.success()).setMatchIndex(a.matchIndex()).setRejectHint(a.rejectHint())
                .setRejectHintTerm(a.rejectHintTerm()).setReadContext(a.readContext()));
            case Message.HeartbeatResponse h -> b.setHeartbeatResponse(NodeProto.HeartbeatResponse.newBuilder()
                .setReadContext(h.readContext()));
            case Message.InstallSnapshot s -> b.setInstallSnapshot(
                NodeProto.InstallSnapshot.newBuilder().setSnapshot(encode(s.snapshot())));
            case Message.TimeoutNow t -> b.setTimeoutNow(NodeProto.TimeoutNow.getDefaultInstance());
        }
        return b.build();
    }

    /**
     * Decodes and validates a message: besides its form, the shape a correct peer always gives
     * it (non-negative positions, an append's entries contiguous after its previous index with
     * terms that never decrease or exceed the sender's), so a broken or hostile peer cannot
     * trip the core's invariants and stop the group.
     */
    public static Message decode(NodeProto.RaftMessage m) throws WireException {
        Message message = decodeUnchecked(m);
        validate(message);
        return message;
    }

    private static void validate(Message message) throws WireException {
        require(message.term() >= 0, "negative term %d", message.term());
        switch (message) {
            case Message.VoteRequest v -> require(v.lastLogIndex() >= 0 && v.lastLogTerm() >= 0
                && v.lastLogTerm() <= v.term(), "vote request with log position %d@%d in term %d",
                v.lastLogIndex(), v.lastLogTerm(), v.term());
            case Message.AppendRequest a -> validateAppend(a);
            case Message.AppendResponse a -> require(a.matchIndex() >= 0 && a.rejectHint() >= 0
                && a.rejectHintTerm() >= 0, "append response with negative positions");
            case Message.VoteResponse v -> { }
            case Message.HeartbeatResponse h -> require(h.readContext() >= 0,
                "heartbeat response with negative read context %d", h.readContext());
            case Message.InstallSnapshot s -> require(s.snapshot().meta().term() <= s.term(),
                "snapshot of term %d sent in term %d", s.snapshot().meta().term(), s.term());
            case Message.TimeoutNow t -> { }
        }
    }

    private static void validateAppend(Message.AppendRequest a) throws WireException {
        require(a.term() >= 1 && a.prevLogIndex() >= 0 && a.prevLogTerm() >= 0 && a.prevLogTerm() <= a.term()
            && a.leaderCommit() >= 0, "append with previous entry %d@%d, commit %d in term %d",
            a.prevLogIndex(), a.prevLogTerm(), a.leaderCommit(), a.term());
        long expectedIndex = a.prevLogIndex() + 1;
        long lastTerm = a.prevLogTerm();
        for (Entry e : a.entries()) {
            require(e.index() == expectedIndex, "append entries not contiguous: entry %d where %d was due",
                e.index(), expectedIndex);
            require(e.term() >= lastTerm && e.term() <= a.term(), "entry %d has term %d after term %d, sent in term %d",
                e.index(), e.term(), lastTerm, a.term());
            expectedIndex++;
            lastTerm = e.term();
        }
    }

    private static void require(boolean ok, String format, Object... args) throws WireException {
        if (!ok) {
            throw new WireException(String.format(format, args));
        }
    }

    private static Message decodeUnchecked(NodeProto.RaftMessage m) throws WireException {
        long g = m.getGroupId();
        NodeId from = nodeId(m.getFrom());
        NodeId to = nodeId(m.getTo());
        long t = m.getTerm();
        return switch (m.getKindCase()) {
            case VOTE_REQUEST -> {
                NodeProto.VoteRequest v = m.getVoteRequest();
                yield new Message.VoteRequest(g, from, to, t, voteKind(v.getKind()), v.getLastLogIndex(),
                    v.getLastLogTerm());
            }
            case VOTE_RESPONSE -> new Message.VoteResponse(g, from, to, t, m.getVoteResponse().getPreVote(),
                m.getVoteResponse().getGranted());
            case APPEND_REQUEST -> {
                NodeProto.AppendRequest a = m.getAppendRequest();
                List<Entry> entries = new ArrayList<>(a.getEntriesCount());
                for (NodeProto.Entry e : a.getEntriesList()) {
                    entries.add(decode(e));
                }
                yield new Message.AppendRequest(g, from, to, t, a.getPrevLogIndex(), a.getPrevLogTerm(), entries,
                    a.getLeaderCommit(), a.getReadContext());
            }
            case APPEND_RESPONSE -> {
                NodeProto.AppendResponse a = m.getAppendResponse();
                yield new Message.AppendResponse(g, from, to, t, a.getSuccess(), a.getMatchIndex(),
                    a.getRejectHint(), a.getRejectHintTerm(), a.getReadContext());
            }
            case HEARTBEAT_RESPONSE -> new Message.HeartbeatResponse(g, from, to, t,
                m.getHeartbeatResponse().getReadContext());
            case INSTALL_SNAPSHOT -> new Message.InstallSnapshot(g, from, to, t,
                decode(m.getInstallSnapshot().getSnapshot()));
            case TIMEOUT_NOW -> new Message.TimeoutNow(g, from, to, t);
            case KIND_NOT_SET -> throw new WireException("raft message without a kind from " + from);
        };
    }

    public static NodeProto.Entry encode(Entry e) {
        NodeProto.Entry.Builder b = NodeProto.Entry.newBuilder().setTerm(e.term()).setIndex(e.index())
            .setType(NodeProto.EntryType.valueOf(e.type().name())).setData(ByteString.copyFrom(e.data()));
        if (e.membership() != null) {
            b.setMembership(encode(e.membership()));
        }
        return b.build();
    }

    public static Entry decode(NodeProto.Entry e) throws WireException {
        EntryType type = switch (e.getType()) {
            case NORMAL -> EntryType.NORMAL;
            case NOOP -> EntryType.NOOP;
            case CONFIG -> EntryType.CONFIG;
            case ENTRY_TYPE_UNSPECIFIED, UNRECOGNIZED -> throw new WireException("entry " + e.getIndex()
                + " has an unknown type " + e.getTypeValue());
        };
        Membership membership = type == EntryType.CONFIG ? decode(e.getMembership()) : null;
        try {
            return new Entry(e.getTerm(), e.getIndex(), type, e.getData().toByteArray(), membership);
        } catch (IllegalArgumentException bad) {
            throw new WireException("bad entry: " + bad.getMessage());
        }
    }

    public static NodeProto.Membership encode(Membership m) {
        NodeProto.Membership.Builder b = NodeProto.Membership.newBuilder();
        m.voters().forEach(v -> b.addVoters(v.value()));
        m.learners().forEach(l -> b.addLearners(l.value()));
        return b.build();
    }

    public static Membership decode(NodeProto.Membership m) throws WireException {
        TreeSet<NodeId> voters = new TreeSet<>();
        TreeSet<NodeId> learners = new TreeSet<>();
        for (String v : m.getVotersList()) {
            voters.add(nodeId(v));
        }
        for (String l : m.getLearnersList()) {
            learners.add(nodeId(l));
        }
        try {
            return new Membership(voters, learners);
        } catch (IllegalArgumentException bad) {
            throw new WireException("bad membership: " + bad.getMessage());
        }
    }

    public static NodeProto.Snapshot encode(Snapshot s) {
        return NodeProto.Snapshot.newBuilder().setMeta(encode(s.meta())).setData(ByteString.copyFrom(s.data()))
            .setExternal(s.external()).build();
    }

    public static Snapshot decode(NodeProto.Snapshot s) throws WireException {
        if (s.getExternal()) {
            require(s.getData().isEmpty(), "external snapshot at %d carries %d bytes of image", s.getMeta().getIndex(),
                s.getData().size());
            return Snapshot.external(decode(s.getMeta()));
        }
        return new Snapshot(decode(s.getMeta()), s.getData().toByteArray());
    }

    public static NodeProto.SnapshotMeta encode(SnapshotMeta m) {
        return NodeProto.SnapshotMeta.newBuilder().setIndex(m.index()).setTerm(m.term())
            .setMembership(encode(m.membership())).build();
    }

    public static SnapshotMeta decode(NodeProto.SnapshotMeta m) throws WireException {
        return new SnapshotMeta(m.getIndex(), m.getTerm(), decode(m.getMembership()));
    }

    public static NodeProto.HardState encode(HardState h) {
        return NodeProto.HardState.newBuilder().setTerm(h.term()).setCommit(h.commit())
            .setVotedFor(h.votedFor() == null ? "" : h.votedFor().value()).build();
    }

    public static HardState decode(NodeProto.HardState h) throws WireException {
        return new HardState(h.getTerm(), optionalNodeId(h.getVotedFor()), h.getCommit());
    }

    /** A node id from the wire; the empty string stands for "none". */
    public static NodeId optionalNodeId(String s) throws WireException {
        return s.isEmpty() ? null : nodeId(s);
    }

    public static NodeId nodeId(String s) throws WireException {
        try {
            return NodeId.of(s);
        } catch (IllegalArgumentException bad) {
            throw new WireException(bad.getMessage());
        }
    }

    private static VoteKind voteKind(NodeProto.VoteKind k) throws WireException {
        return switch (k) {
            case PRE_VOTE -> VoteKind.PRE_VOTE;
            case ELECTION -> VoteKind.ELECTION;
            case TRANSFER -> VoteKind.TRANSFER;
            case FORCED -> VoteKind.FORCED;
            case VOTE_KIND_UNSPECIFIED, UNRECOGNIZED -> throw new WireException("unknown vote kind " + k);
        };
    }
}
