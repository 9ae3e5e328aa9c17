package io.basalt.sim.workload;

/**
 * The client workload: {@code clients} concurrent clients on {@code keys} keys (few, so
 * operations conflict), each waiting up to {@code opThinkUsMax} between operations and giving
 * up on one after {@code opTimeoutUs} (its outcome is then unknown).
 */
public record WorkloadParams(int clients, int keys, double readFraction, double casFraction,
                             long opTimeoutUs, long opThinkUsMax, long retryBackoffUsMax) {}
