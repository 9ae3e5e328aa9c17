package io.basalt.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.raft.HardState;
import io.basalt.raft.Membership;
import io.basalt.raft.Message;
import io.basalt.raft.RaftConfig;
import io.basalt.raft.RaftNode;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftState;
import io.basalt.raft.Ready;
import io.basalt.txn.HybridClock;
import io.basalt.txn.Isolation;
import io.basalt.txn.TxnId;
import io.basalt.txn.engine.TxnConfig;
import io.basalt.txn.engine.TxnResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * A commit too large for one entry is proposed as stage entries over several drains, never
 * more than {@link GroupTxns#UNCOMMITTED_ENTRIES_FOR_STAGES_MAX} past the commit index: one
 * Ready must not carry the whole load to write and send in one turn of the loop.
 */
class StagedProposalTest {
    private static final long GROUP = 1;
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");
    private static final NodeId N3 = NodeId.of("n3");

    private final List<TxnResult> replies = new ArrayList<>();
    private final GroupTxns.Sink sink = new GroupTxns.Sink() {
        @Override
        public void reply(long requestId, TxnResult result) {
            replies.add(result);
        }

        @Override
        public void proposed(long requestId, long index, long term) {}

        @Override
        public void notLeader(long requestId, NodeId leaderHint) {}
    };

    @Test
    void aStagedCommitWaitsWhileTooManyEntriesAreUncommittedAndGoesOnAsTheyCommit() {
        RaftNode raft = leader();
        KvStateMachine kv = new KvStateMachine();
        // 1 KiB entries: 600 writes of about 110 bytes make some 65 stage entries.
        TxnConfig config = new TxnConfig(5_000, 10_000, 1L << 30, 10_000, 100_000, 60_000, 1024);
        GroupTxns txns = new GroupTxns(GROUP, 1, config, raft, kv, new HybridClock(() -> 1_000_000L, 500_000),
            Set.of());
        txns.onRole(RaftRole.LEADER, raft.term(), "test", sink);
        commitThrough(raft, raft.lastIndex()); // the term's no-op
        kv.skip(raft.lastIndex(), raft.term());
        txns.afterApply(0);

        txns.engine().begin(1, false, Isolation.SERIALIZABLE);
        txns.drain(sink);
        TxnId txn = ((TxnResult.Began) replies.getLast()).txn();
        for (int i = 0; i < 600; i++) {
            txns.engine().put(2 + i, txn, "k%05d".formatted(i).getBytes(UTF_8), "v".repeat(100).getBytes(UTF_8));
        }
        txns.engine().commit(10_000, txn);
        long before = raft.lastIndex();
        txns.drain(sink);
        txns.drain(sink);
        long proposed = raft.lastIndex() - before;
        assertThat(raft.lastIndex() - raft.commitIndex())
            .as("stops at the bound, whatever the drains' byte budget")
            .isEqualTo(GroupTxns.UNCOMMITTED_ENTRIES_FOR_STAGES_MAX);
        assertThat(proposed).isEqualTo(GroupTxns.UNCOMMITTED_ENTRIES_FOR_STAGES_MAX);

        commitThrough(raft, raft.lastIndex());
        txns.drain(sink);
        assertThat(raft.lastIndex() - before).as("the rest follows once those entries commit")
            .isGreaterThan(proposed);
        assertThat(raft.lastIndex() - raft.commitIndex()).isLessThanOrEqualTo(
            GroupTxns.UNCOMMITTED_ENTRIES_FOR_STAGES_MAX);
    }

    /** n1 of three voters, elected in term 1. */
    private static RaftNode leader() {
        Membership members = new Membership(new TreeSet<>(List.of(N1, N2, N3)), new TreeSet<>());
        RaftNode raft = new RaftNode(RaftConfig.defaults(GROUP, N1, members), new Prng(1),
            new RaftState(HardState.INITIAL, null, List.of()));
        while (raft.role() == RaftRole.FOLLOWER) {
            raft.tick();
        }
        persist(raft);
        raft.step(new Message.VoteResponse(GROUP, N2, N1, 1, true, true));
        persist(raft);
        raft.step(new Message.VoteResponse(GROUP, N2, N1, 1, false, true));
        persist(raft);
        assertThat(raft.role()).isEqualTo(RaftRole.LEADER);
        return raft;
    }

    /** Makes the leader's entries durable and has n2 acknowledge them through {@code index}. */
    private static void commitThrough(RaftNode raft, long index) {
        persist(raft);
        raft.step(new Message.AppendResponse(GROUP, N2, N1, raft.term(), true, index, 0, 0, 0));
        persist(raft);
        assertThat(raft.commitIndex()).isEqualTo(index);
    }

    private static void persist(RaftNode raft) {
        while (raft.hasReady()) {
            Ready r = raft.ready();
            raft.persisted(r.lastEntryIndex(), r.lastEntryTerm());
        }
    }
}
