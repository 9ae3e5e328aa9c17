package io.basalt.raft;

/** When the leader may treat an entry as committed (and so acknowledge it to a client). */
public enum ReplicationMode {
    /** Once a majority of voters has it durable. No acknowledged write is lost while a majority survives. */
    SYNC,
    /** Once every voter has it durable. Slower, and stalls while any voter is down. */
    SYNC_ALL,
    /**
     * Once the leader alone has it durable; followers catch up. A failover can lose the window
     * that had not shipped: the core counts such losses instead of hiding them.
     */
    ASYNC;

    public String cliName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }

    public static ReplicationMode parse(String s) {
        for (ReplicationMode m : values()) {
            if (m.cliName().equalsIgnoreCase(s) || m.name().equalsIgnoreCase(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown replication mode '" + s + "' (expected sync, sync-all or async)");
    }
}
