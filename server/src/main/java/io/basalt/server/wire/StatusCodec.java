package io.basalt.server.wire;

import io.basalt.common.NodeId;
import io.basalt.raft.FailoverMode;
import io.basalt.raft.FollowerProgress;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.raft.ReplicationMode;
import io.basalt.server.client.NodeStatusReport;
import io.basalt.server.client.SnapshotProgress;
import io.basalt.server.proto.NodeProto;
import io.basalt.storage.api.EngineStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Converts status reports and the mode enums to their protobuf form and back. */
public final class StatusCodec {
    private StatusCodec() {}

    public static NodeProto.NodeStatus encode(NodeStatusReport r) {
        NodeProto.NodeStatus.Builder b = NodeProto.NodeStatus.newBuilder().setNode(r.node().value())
            .setPid(r.pid()).setListen(r.listen());
        r.groups().forEach(g -> b.addGroups(encode(g)));
        b.putAllStoppedGroups(r.stoppedGroups());
        r.engineCaches().forEach((group, c) -> b.putEngineCaches(group, NodeProto.EngineCache.newBuilder()
            .setHits(c.blockCacheHits()).setMisses(c.blockCacheMisses()).setUsageBytes(c.blockCacheUsageBytes())
            .setCapacityBytes(c.blockCacheCapacityBytes()).setAppliedBytes(c.appliedBytes())
            .setFlushBytes(c.flushBytes()).setCompactionBytes(c.compactionBytes()).setIteratorSkips(c.iteratorSkips())
            .build()));
        for (SnapshotProgress p : r.snapshotTransfers()) {
            b.addSnapshotTransfers(NodeProto.SnapshotProgress.newBuilder().setGroupId(p.groupId())
                .setReceiving(p.receiving()).setPeer(p.peer().value()).setIndex(p.index()).setTerm(p.term())
                .setBytesDone(p.bytesDone()).setBytesTotal(p.bytesTotal()).setBytesPerSecond(p.bytesPerSecond())
                .setResumedBytes(p.resumedBytes()));
        }
        return b.build();
    }

    public static NodeStatusReport decode(NodeProto.NodeStatus s) throws WireException {
        List<RaftStatus> groups = new ArrayList<>();
        for (NodeProto.GroupStatus g : s.getGroupsList()) {
            groups.add(decode(g));
        }
        Map<Long, EngineStats> caches = new TreeMap<>();
        s.getEngineCachesMap().forEach((group, c) -> caches.put(group,
            new EngineStats(c.getHits(), c.getMisses(), c.getUsageBytes(), c.getCapacityBytes(), c.getAppliedBytes(),
                c.getFlushBytes(), c.getCompactionBytes(), c.getIteratorSkips())));
        List<SnapshotProgress> transfers = new ArrayList<>();
        for (NodeProto.SnapshotProgress p : s.getSnapshotTransfersList()) {
            transfers.add(new SnapshotProgress(p.getGroupId(), p.getReceiving(), RaftCodec.nodeId(p.getPeer()),
                p.getIndex(), p.getTerm(), p.getBytesDone(), p.getBytesTotal(), p.getBytesPerSecond(),
                p.getResumedBytes()));
        }
        return new NodeStatusReport(RaftCodec.nodeId(s.getNode()), s.getPid(), s.getListen(), groups,
            s.getStoppedGroupsMap(), caches, transfers);
    }

    public static NodeProto.GroupStatus encode(RaftStatus s) {
        NodeProto.GroupStatus.Builder b = NodeProto.GroupStatus.newBuilder().setGroupId(s.groupId())
            .setSelf(s.self().value()).setRole(NodeProto.RaftRole.valueOf(s.role().name())).setTerm(s.term())
            .setLeader(s.leader() == null ? "" : s.leader().value())
            .setVotedFor(s.votedFor() == null ? "" : s.votedFor().value())
            .setFirstIndex(s.firstIndex()).setLastIndex(s.lastIndex()).setLastTerm(s.lastTerm())
            .setPersistedIndex(s.persistedIndex()).setCommitIndex(s.commitIndex())
            .setAppliedIndex(s.appliedIndex()).setReplicationMode(encode(s.replicationMode()))
            .setFailoverMode(encode(s.failoverMode())).setMembership(RaftCodec.encode(s.membership()))
            .setLostCommittedEntries(s.lostCommittedEntries()).setUnshippedEntries(s.unshippedEntries());
        for (FollowerProgress p : s.followers()) {
            b.addFollowers(NodeProto.FollowerProgress.newBuilder().setId(p.id().value()).setLearner(p.learner())
                .setMatchIndex(p.matchIndex()).setNextIndex(p.nextIndex()).setLagEntries(p.lagEntries())
                .setLagBytes(p.lagBytes()).setRecentlyActive(p.recentlyActive()));
        }
        return b.build();
    }

    public static RaftStatus decode(NodeProto.GroupStatus s) throws WireException {
        List<FollowerProgress> followers = new ArrayList<>();
        for (NodeProto.FollowerProgress p : s.getFollowersList()) {
            followers.add(new FollowerProgress(RaftCodec.nodeId(p.getId()), p.getLearner(), p.getMatchIndex(),
                p.getNextIndex(), p.getLagEntries(), p.getLagBytes(), p.getRecentlyActive()));
        }
        return new RaftStatus(s.getGroupId(), RaftCodec.nodeId(s.getSelf()), role(s.getRole()), s.getTerm(),
            RaftCodec.optionalNodeId(s.getLeader()), RaftCodec.optionalNodeId(s.getVotedFor()),
            s.getFirstIndex(), s.getLastIndex(), s.getLastTerm(), s.getPersistedIndex(), s.getCommitIndex(),
            s.getAppliedIndex(), decode(s.getReplicationMode()), decode(s.getFailoverMode()),
            RaftCodec.decode(s.getMembership()), followers, s.getLostCommittedEntries(), s.getUnshippedEntries());
    }

    public static NodeProto.ReplicationMode encode(ReplicationMode m) {
        return NodeProto.ReplicationMode.valueOf(m.name());
    }

    public static ReplicationMode decode(NodeProto.ReplicationMode m) throws WireException {
        return switch (m) {
            case SYNC -> ReplicationMode.SYNC;
            case SYNC_ALL -> ReplicationMode.SYNC_ALL;
            case ASYNC -> ReplicationMode.ASYNC;
            case REPLICATION_MODE_UNSPECIFIED, UNRECOGNIZED -> throw new WireException("unknown replication mode " + m);
        };
    }

    public static NodeProto.FailoverMode encode(FailoverMode m) {
        return NodeProto.FailoverMode.valueOf(m.name());
    }

    public static FailoverMode decode(NodeProto.FailoverMode m) throws WireException {
        return switch (m) {
            case AUTOMATIC -> FailoverMode.AUTOMATIC;
            case MANUAL -> FailoverMode.MANUAL;
            case FAILOVER_MODE_UNSPECIFIED, UNRECOGNIZED -> throw new WireException("unknown failover mode " + m);
        };
    }

    private static RaftRole role(NodeProto.RaftRole r) throws WireException {
        return switch (r) {
            case FOLLOWER -> RaftRole.FOLLOWER;
            case PRE_CANDIDATE -> RaftRole.PRE_CANDIDATE;
            case CANDIDATE -> RaftRole.CANDIDATE;
            case LEADER -> RaftRole.LEADER;
            case LEARNER -> RaftRole.LEARNER;
            case RAFT_ROLE_UNSPECIFIED, UNRECOGNIZED -> throw new WireException("unknown role " + r);
        };
    }
}
