package io.basalt.txn;

/**
 * Isolation levels. SERIALIZABLE (the default) is strict serializability: read-write
 * transactions hold shared locks on what they read (ranges for scans) and exclusive locks on
 * what they write until they finish; read-only transactions read a snapshot without locks.
 * READ_COMMITTED takes no read locks: every read sees the latest committed value, writes are
 * still locked. PostgreSQL's REPEATABLE READ maps to SERIALIZABLE, which is allowed to be
 * stronger than asked.
 */
public enum Isolation {
    SERIALIZABLE,
    READ_COMMITTED;

    /** Parses a PostgreSQL level name ("serializable", "repeatable read", "read committed", "read uncommitted"). */
    public static Isolation parse(String name) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return switch (n) {
            case "serializable", "repeatable read" -> SERIALIZABLE;
            case "read committed", "read uncommitted" -> READ_COMMITTED;
            default -> throw new IllegalArgumentException("unknown isolation level '" + name
                + "': use serializable, repeatable read, read committed or read uncommitted");
        };
    }
}
