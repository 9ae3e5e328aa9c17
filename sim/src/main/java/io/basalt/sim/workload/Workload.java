package io.basalt.sim.workload;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What the simulated clients do: single reads and writes of registers (checked for
 * linearizability), bank transfers with full reads (totals must hold), or Elle-style
 * list-append transactions (checked for dependency cycles, in real time too).
 */
public enum Workload {
    REGISTER,
    BANK,
    LIST_APPEND;

    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public boolean transactional() {
        return this != REGISTER;
    }

    public static Workload parse(String name) {
        for (Workload w : values()) {
            if (w.cliName().equals(name)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown workload '" + name + "': use "
            + Arrays.stream(values()).map(Workload::cliName).collect(Collectors.joining(", ")));
    }
}
