package io.basalt.sim;

import io.basalt.txn.engine.TxnBreak;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Deliberate transaction bugs the transactional workloads' checkers must catch: shared locks
 * released right after each read, scans that lock the rows they saw but not the range, and
 * followers serving read-only transactions from their latest state without a snapshot.
 */
public enum TxnMutation {
    EARLY_LOCK_RELEASE("early-lock-release"),
    SKIP_RANGE_LOCKS("skip-range-locks"),
    FOLLOWER_READ("follower-read");

    private final String cliName;

    TxnMutation(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** The engine break this mutation sets, if it is one. */
    public Set<TxnBreak> engineBreaks() {
        return switch (this) {
            case EARLY_LOCK_RELEASE -> Set.of(TxnBreak.EARLY_LOCK_RELEASE);
            case SKIP_RANGE_LOCKS -> Set.of(TxnBreak.SKIP_RANGE_LOCKS);
            case FOLLOWER_READ -> Set.of();
        };
    }

    /** The mutation named {@code name}, or null if it names none (it may be a protocol break). */
    public static TxnMutation find(String name) {
        for (TxnMutation m : values()) {
            if (m.cliName.equals(name)) {
                return m;
            }
        }
        return null;
    }

    public static String names() {
        return Arrays.stream(values()).map(TxnMutation::cliName).collect(Collectors.joining(", "));
    }
}
