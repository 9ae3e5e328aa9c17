package io.basalt.sim.disk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import io.basalt.raft.Entry;
import io.basalt.raft.HardState;
import io.basalt.raft.Membership;
import io.basalt.raft.RaftState;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import io.basalt.sim.core.EventLoop;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimDiskTest {
    private static final DiskParams FSYNC_1MS = new DiskParams(1_000, 1_000, 0);

    private static List<Entry> entries(long term, long from, long to) {
        List<Entry> list = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            list.add(Entry.normal(term, i, new byte[] {(byte) i}));
        }
        return list;
    }

    @Test
    void syncedWritesSurviveACrashAndUnsyncedOnesLeaveOnlyAPrefix() throws Exception {
        for (long seed = 1; seed <= 200; seed++) {
            EventLoop loop = new EventLoop();
            SimDisk disk = new SimDisk(loop, new Prng(seed), FSYNC_1MS);
            disk.write(new DiskRecord.EntriesWrite(entries(1, 1, 3)));
            disk.write(new DiskRecord.HardStateWrite(new HardState(1, NodeId.of("n1"), 2)));
            disk.sync(() -> { });
            loop.runUntil(10_000, () -> false);
            disk.write(new DiskRecord.EntriesWrite(entries(2, 3, 6)));
            disk.write(new DiskRecord.EntriesWrite(entries(2, 7, 9)));
            disk.crash(false);

            RaftState s = disk.recover();
            assertThat(s.hardState()).isEqualTo(new HardState(1, NodeId.of("n1"), 2));
            List<Entry> all = new ArrayList<>(entries(1, 1, 2));
            all.addAll(entries(2, 3, 9));
            // Either the synced log (1..3 in term 1), or the new writes' prefix over it.
            if (s.entries().size() >= 3 && s.entries().get(2).term() == 2) {
                assertThat(all).startsWith(s.entries().toArray(Entry[]::new));
            } else {
                assertThat(s.entries()).isEqualTo(entries(1, 1, 3));
            }
        }
    }

    @Test
    void crashesSometimesKeepPartOfTheUnsyncedTail() throws Exception {
        int longer = 0;
        for (long seed = 1; seed <= 100; seed++) {
            SimDisk disk = new SimDisk(new EventLoop(), new Prng(seed), FSYNC_1MS);
            disk.write(new DiskRecord.EntriesWrite(entries(1, 1, 5)));
            disk.crash(false);
            longer += disk.recover().entries().isEmpty() ? 0 : 1;
        }
        assertThat(longer).isBetween(1, 99);
    }

    @Test
    void syncsCompleteInOrderAfterTheFsyncLatency() {
        EventLoop loop = new EventLoop();
        SimDisk disk = new SimDisk(loop, new Prng(7), new DiskParams(500, 5_000, 0));
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            disk.write(new DiskRecord.HardStateWrite(new HardState(i + 1, null, 0)));
            int n = i;
            disk.sync(() -> done.add(n));
        }
        loop.runUntil(400, () -> false);
        assertThat(done).isEmpty();
        loop.runUntil(1_000_000, () -> false);
        assertThat(done).isSorted().hasSize(20);
        assertThat(disk.durableSeq()).isEqualTo(20);
    }

    @Test
    void aCrashCancelsPendingSyncs() {
        EventLoop loop = new EventLoop();
        SimDisk disk = new SimDisk(loop, new Prng(3), FSYNC_1MS);
        List<String> done = new ArrayList<>();
        disk.write(new DiskRecord.HardStateWrite(new HardState(1, null, 0)));
        disk.sync(() -> done.add("sync"));
        disk.crash(false);
        loop.runUntil(1_000_000, () -> false);
        assertThat(done).isEmpty();
    }

    @Test
    void aCorruptRecordBeforeTheTailKeepsTheNodeDown() {
        EventLoop loop = new EventLoop();
        SimDisk disk = new SimDisk(loop, new Prng(3), new DiskParams(1, 1, 1.0));
        disk.write(new DiskRecord.EntriesWrite(entries(1, 1, 10)));
        disk.sync(() -> { });
        loop.runUntil(100, () -> false);
        disk.crash(true);
        assertThat(disk.corrupt()).isTrue();
        assertThatThrownBy(disk::recover).isInstanceOf(CorruptLogException.class);
    }

    @Test
    void aSnapshotDropsTheEntriesItCoversAndKeepsTheRest() {
        LogImage log = new LogImage();
        log.apply(new DiskRecord.EntriesWrite(entries(1, 1, 10)));
        Membership m = Membership.ofVoters(NodeId.of("n1"));
        log.apply(new DiskRecord.SnapshotWrite(new Snapshot(new SnapshotMeta(6, 1, m), new byte[0])));
        assertThat(log.firstIndex()).isEqualTo(7);
        assertThat(log.lastIndex()).isEqualTo(10);
        assertThat(log.termAt(6)).isEqualTo(1);
        log.apply(new DiskRecord.EntriesWrite(entries(3, 9, 9)));
        assertThat(log.lastIndex()).isEqualTo(9);
        assertThat(log.termAt(9)).isEqualTo(3);
        // A snapshot from a leader whose log differs here replaces the whole log.
        log.apply(new DiskRecord.SnapshotWrite(new Snapshot(new SnapshotMeta(8, 2, m), new byte[0])));
        assertThat(log.lastIndex()).isEqualTo(8);
        assertThat(log.toRaftState().entries()).isEmpty();
    }
}
