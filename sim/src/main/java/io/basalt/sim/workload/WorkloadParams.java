package io.basalt.sim.workload;

/**
 * The client workload: {@code clients} concurrent clients on {@code keys} keys (few, so
 * operations conflict), each waiting up to {@code opThinkUsMax} between operations and giving
 * up on one after {@code opTimeoutUs} (its outcome is then unknown); {@code kind} says whether
 * they run single operations or transactions.
 */
public record WorkloadParams(int clients, int keys, double readFraction, double casFraction,
                             long opTimeoutUs, long opThinkUsMax, long retryBackoffUsMax, Workload kind) {
    public WorkloadParams(int clients, int keys, double readFraction, double casFraction, long opTimeoutUs,
                          long opThinkUsMax, long retryBackoffUsMax) {
        this(clients, keys, readFraction, casFraction, opTimeoutUs, opThinkUsMax, retryBackoffUsMax, Workload.REGISTER);
    }
}
