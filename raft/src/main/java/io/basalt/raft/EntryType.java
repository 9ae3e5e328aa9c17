package io.basalt.raft;

/** What a log entry carries. */
public enum EntryType {
    /** Opaque application data (a command for the replicated state machine). */
    NORMAL,
    /** Appended by each new leader in its own term, so older entries can commit (Raft §5.4.2). */
    NOOP,
    /** A membership change; {@link Entry#membership()} holds the configuration it introduces. */
    CONFIG
}
