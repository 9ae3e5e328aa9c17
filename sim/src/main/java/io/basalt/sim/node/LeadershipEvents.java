package io.basalt.sim.node;

/**
 * Moments of a leader's life that faults like to hit: just after it won an election (before
 * its first entry is replicated) and just after it advanced its commit index (before followers
 * learn of it). The nemesis listens to them; they carry no protocol state.
 */
public interface LeadershipEvents {
    LeadershipEvents NONE = new LeadershipEvents() {
        @Override
        public void onElected(int node) {}

        @Override
        public void onCommitted(int node) {}
    };

    void onElected(int node);

    void onCommitted(int node);
}
