package io.basalt.sim.net;

/**
 * Network behaviour of one run. A message's latency is {@code latencyBaseUs} plus an
 * exponential tail of mean {@code latencyTailMeanUs}, capped at {@code latencyUsMax}; random
 * latency is also what reorders messages.
 */
public record NetworkParams(long latencyBaseUs, long latencyTailMeanUs, long latencyUsMax,
                            double dropProbability, double duplicateProbability) {
    public NetworkParams {
        if (latencyBaseUs < 0 || latencyTailMeanUs < 0 || latencyUsMax < latencyBaseUs) {
            throw new IllegalArgumentException("bad latency bounds");
        }
    }

    /** The same latencies without drops or duplicates (the liveness phase). */
    public NetworkParams reliable() {
        return new NetworkParams(latencyBaseUs, latencyTailMeanUs, latencyUsMax, 0, 0);
    }
}
