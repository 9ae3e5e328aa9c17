package io.basalt.sim.disk;

import io.basalt.common.Prng;
import io.basalt.raft.Entry;
import io.basalt.raft.RaftState;
import io.basalt.raft.Snapshot;
import io.basalt.sim.core.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * One node's disk. Writes are volatile until a sync completes after a simulated fsync
 * latency; syncs complete in the order they were issued. A crash keeps what was synced plus a
 * random prefix of the unsynced writes (they reached the platter), tears the next one (an
 * entries write keeps a prefix of its entries, any other write is lost) and forgets the rest.
 */
public final class SimDisk {
    private record Pending(long seq, DiskRecord record) {}

    private final EventLoop loop;
    private final Prng prng;
    private final DiskParams params;
    private final LogImage durable = new LogImage();
    private final List<Pending> unsynced = new ArrayList<>();
    private long nextSeq = 1;
    private long durableSeq;
    private long lastSyncDoneUs;
    private int epoch;
    private boolean corrupt;

    public SimDisk(EventLoop loop, Prng prng, DiskParams params) {
        this.loop = loop;
        this.prng = prng;
        this.params = params;
    }

    /** Buffers a write; returns its sequence number, durable once {@link #durableSeq()} reaches it. */
    public long write(DiskRecord record) {
        long seq = nextSeq++;
        unsynced.add(new Pending(seq, record));
        return seq;
    }

    /** Makes every write issued so far durable after an fsync latency, then runs {@code onDurable}. */
    public void sync(Runnable onDurable) {
        long upTo = nextSeq - 1;
        int syncEpoch = epoch;
        long latencyUs = params.fsyncUsMin() + (long) (prng.nextDouble() * (params.fsyncUsMax() - params.fsyncUsMin()));
        long doneUs = Math.max(loop.nowUs() + latencyUs, lastSyncDoneUs);
        lastSyncDoneUs = doneUs;
        loop.at(doneUs, () -> {
            if (syncEpoch == epoch) {
                makeDurable(upTo);
                onDurable.run();
            }
        });
    }

    private void makeDurable(long upTo) {
        while (!unsynced.isEmpty() && unsynced.getFirst().seq() <= upTo) {
            durable.apply(unsynced.removeFirst().record());
        }
        durableSeq = Math.max(durableSeq, upTo);
    }

    public long durableSeq() {
        return durableSeq;
    }

    /** Power loss: see the class comment. Pending sync completions never fire. */
    public void crash(boolean allowCorruption) {
        epoch++;
        int reached = unsynced.isEmpty() ? 0 : prng.nextInt(unsynced.size() + 1);
        for (int i = 0; i < reached; i++) {
            durable.apply(unsynced.get(i).record());
        }
        if (reached < unsynced.size() && unsynced.get(reached).record() instanceof DiskRecord.EntriesWrite w) {
            List<Entry> kept = w.entries().subList(0, prng.nextInt(w.entries().size()));
            durable.apply(new DiskRecord.EntriesWrite(kept));
        }
        unsynced.clear();
        durableSeq = nextSeq - 1;
        if (allowCorruption && durable.lastIndex() > 0 && prng.chance(params.corruptionProbability())) {
            corrupt = true;
        }
    }

    public boolean corrupt() {
        return corrupt;
    }

    /** What a restarting node reads back. */
    public RaftState recover() throws CorruptLogException {
        if (corrupt) {
            long middle = (durable.firstIndex() + durable.lastIndex()) / 2;
            throw new CorruptLogException("record of entry " + middle + " fails its checksum before the log's tail");
        }
        return durable.toRaftState();
    }

    /** The latest durable snapshot (with its data), or null. */
    public Snapshot snapshot() {
        return durable.snapshot();
    }

    /** A copy of the durable log. */
    public LogImage durableImage() {
        return durable.copy();
    }
}
