package io.basalt.sim;

/**
 * How many seeds a test runs: its CI default, twice that in a soak ({@code -Dbasalt.sim.soak=true},
 * whose seeds also run a longer safety phase), or {@code -Dbasalt.sim.seeds=N}.
 */
final class SeedBudget {
    private static final int SOAK_FACTOR = 2;

    private SeedBudget() {}

    static int seeds(int ciDefault) {
        int explicit = Integer.getInteger("basalt.sim.seeds", 0);
        if (explicit > 0) {
            return explicit;
        }
        return Boolean.getBoolean("basalt.sim.soak") ? ciDefault * SOAK_FACTOR : ciDefault;
    }
}
