package io.basalt.sim;

import io.basalt.sim.check.Violation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs seeds and reports. Each seed's run is single-threaded and shares nothing with the
 * others, so seeds run in parallel on the available cores; results are reported in seed order,
 * so the output does not depend on scheduling.
 */
public final class SimRunner {
    private SimRunner() {}

    /**
     * Runs every seed of {@code options}; prints one line per failing seed (its first violation
     * and the replay command), with a single seed also every finding, then the summary line.
     */
    public static SimSummary run(SimOptions options, PrintStream out) {
        List<SeedResult> results = runSeeds(options, options.firstSeed(), options.seeds());
        for (SeedResult r : results) {
            if (r.failed()) {
                out.println(failureLine(options, r));
            }
            if (options.seeds() == 1) {
                r.violations().forEach(v -> out.println("  violation " + v.oneLine()));
                r.notes().forEach(v -> out.println("  note " + v.oneLine()));
            }
        }
        SimSummary summary = SimSummary.of(options, results);
        out.println(summary.line());
        return summary;
    }

    /**
     * Replays one seed and prints every node's Readys, crashes and restarts to {@code out} as
     * they happen, then the findings and the summary line. For chasing a failure by hand.
     */
    public static SeedResult replay(SimOptions options, long seed, PrintStream out) {
        Simulation sim = new Simulation(SimParams.derive(options, seed));
        out.println(SimParams.derive(options, seed));
        sim.debugTo(out);
        SeedResult r = sim.run();
        r.violations().forEach(v -> out.println("  violation " + v.oneLine()));
        r.notes().forEach(v -> out.println("  note " + v.oneLine()));
        out.println(SimSummary.of(options.withSeeds(1, seed), List.of(r)).line());
        return r;
    }

    /** One seed, in the calling thread. */
    public static SeedResult runSeed(SimOptions options, long seed) {
        return new Simulation(SimParams.derive(options, seed)).run();
    }

    /**
     * The first seed from {@code options.firstSeed()} on, within {@code seedsMax}, whose run has a
     * violation. Seeds run in parallel batches; the lowest failing seed of a batch wins.
     */
    public static OptionalLong firstFailingSeed(SimOptions options, int seedsMax) {
        int batch = 4 * threads();
        for (long from = options.firstSeed(); from < options.firstSeed() + seedsMax; from += batch) {
            int count = (int) Math.min(batch, options.firstSeed() + seedsMax - from);
            for (SeedResult r : runSeeds(options, from, count)) {
                if (r.failed()) {
                    return OptionalLong.of(r.seed());
                }
            }
        }
        return OptionalLong.empty();
    }

    public static String failureLine(SimOptions options, SeedResult r) {
        Violation first = r.violations().isEmpty() ? new Violation("unknown", "", 0) : r.violations().getFirst();
        return "FAIL seed=" + r.seed() + " violations=" + r.violationCount() + " first=" + first.oneLine()
            + " replay: " + options.replayCommand(r.seed());
    }

    static List<SeedResult> runSeeds(SimOptions options, long from, int count) {
        int threads = Math.min(threads(), count);
        if (threads <= 1) {
            List<SeedResult> results = new ArrayList<>();
            for (long s = from; s < from + count; s++) {
                results.add(runSeed(options, s));
            }
            return results;
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<SeedResult>> futures = new ArrayList<>();
            for (long s = from; s < from + count; s++) {
                long seed = s;
                futures.add(pool.submit(() -> runSeed(options, seed)));
            }
            List<SeedResult> results = new ArrayList<>();
            for (Future<SeedResult> f : futures) {
                results.add(f.get());
            }
            return results;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running seeds", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a seed's run failed outside the simulation", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private static int threads() {
        return Integer.getInteger("basalt.sim.threads", Runtime.getRuntime().availableProcessors());
    }
}
