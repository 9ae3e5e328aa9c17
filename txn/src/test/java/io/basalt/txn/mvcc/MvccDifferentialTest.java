package io.basalt.txn.mvcc;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.storage.memory.MemoryEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MvccDifferentialRun} on the memory engine, in a directory so that it can be closed and reopened. */
class MvccDifferentialTest {
    private static final long[] SEEDS = {1, 2, 3, 4};
    private static final int STEPS = 3_000;

    @TempDir
    Path tmp;

    @Test
    void engineStoreAnswersAsTheInMemoryStoreDoes() {
        for (long seed : SEEDS) {
            MvccDifferentialRun.Counts counts =
                new MvccDifferentialRun(seed, tmp.resolve("seed" + seed), MemoryEngine::open).run(STEPS);
            assertInterestingRun(counts, seed);
        }
    }

    /** The run did enough of everything to mean something; thresholds are about half what a seed gives. */
    static void assertInterestingRun(MvccDifferentialRun.Counts counts, long seed) {
        String where = "seed " + seed;
        assertThat(counts.commits).as(where).isGreaterThan(500);
        assertThat(counts.tombstones).as(where).isGreaterThan(100);
        assertThat(counts.stagedCommits).as(where).isGreaterThan(10);
        assertThat(counts.stagedDrops).as(where).isGreaterThan(10);
        assertThat(counts.gcCalls).as(where).isGreaterThan(150);
        assertThat(counts.syncs).as(where).isGreaterThan(30);
        assertThat(counts.flushes).as(where).isGreaterThan(100);
        assertThat(counts.reopens).as(where).isGreaterThan(3);
        assertThat(counts.reads).as(where).isGreaterThan(200);
        assertThat(counts.scans).as(where).isGreaterThan(150);
        assertThat(counts.rowsScanned).as(where).isGreaterThan(counts.scans);
    }
}
