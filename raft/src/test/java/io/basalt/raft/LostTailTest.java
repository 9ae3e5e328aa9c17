package io.basalt.raft;

import static io.basalt.raft.Fixtures.id;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A follower whose disk lost the tail of its log (a file cut short while it was down) after
 * it had acknowledged those entries: the leader notices from the rejected heartbeat and sends
 * them again, even when no new write arrives to trigger repair.
 */
class LostTailTest {

    @Test
    void followerThatLostAcknowledgedTailIsRepairedByHeartbeats() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.run(1);
        c.propose(id(1), "a");
        c.propose(id(1), "b");
        c.stabilize();
        long last = c.node(1).status().lastIndex();
        assertThat(c.node(3).status().appliedIndex()).isEqualTo(last);

        c.crash(id(3));
        Cluster.Disk disk = c.disks.get(id(3));
        disk.entries.removeLast();
        disk.hardState = new HardState(disk.hardState.term(), disk.hardState.votedFor(),
            Math.min(disk.hardState.commit(), disk.lastIndex()));
        c.restart(id(3));
        assertThat(c.node(3).status().lastIndex()).isEqualTo(last - 1);

        c.run(5);
        assertThat(c.node(3).status().lastIndex()).isEqualTo(last);
        assertThat(c.node(3).status().appliedIndex()).as("repaired without any new proposal").isEqualTo(last);
        assertThat(c.appliedData(id(3))).containsExactly("a", "b");
    }

    @Test
    void rejectionOlderThanTheAcknowledgementRewindsNothing() {
        Cluster c = Cluster.of(3);
        c.elect(1);
        c.run(1);
        c.propose(id(1), "a");
        c.propose(id(1), "b");
        c.stabilize();
        RaftNode leader = c.node(1);
        long last = leader.status().lastIndex();
        // An answer from before n2 held the entries, delivered late (round 0 precedes every ack).
        leader.step(new Message.AppendResponse(Cluster.GROUP, id(2), id(1), leader.term(), false, 0, last - 1,
            leader.term(), 0));
        assertThat(leader.hasReady()).as("nothing is sent again").isFalse();
        assertThat(leader.status().followers()).filteredOn(f -> f.id().equals(id(2)))
            .extracting(FollowerProgress::matchIndex).containsExactly(last);
    }
}
