package io.basalt.raft;

import java.util.List;

/**
 * The effects of the inputs a {@link RaftNode} took since the last {@code Ready}. The driver
 * performs them in this order:
 * <ol>
 *   <li>persist {@code snapshot} (if any), then {@code entries} (the first entry's index may be
 *       at or below the current last index: everything from there on is replaced), then
 *       {@code hardState} (if any), and make them durable;</li>
 *   <li>only then send {@code messages} (<b>persist before send</b>), and tell the node with
 *       {@link RaftNode#persisted(long, long)}; messages for which
 *       {@link Message#requiresDurableSender()} is false (a leader's appends) may be sent
 *       before the write completes;</li>
 *   <li>{@code committed} entries are durable on this node and committed, so they may be
 *       applied as soon as the Ready is taken, provided the order of applies is kept: a
 *       snapshot or reset must take effect after the Readys before it;</li>
 *   <li>if {@code snapshot} is set, replace the state machine with it (it may lie below what
 *       was applied, after an async failover); else if {@code resetStateMachine}, discard the
 *       applied state and restore it from the latest snapshot (or to empty); then apply
 *       {@code committed} in order;</li>
 *   <li>serve {@code readStates} once the applied index reaches each read index.</li>
 * </ol>
 * Readys must be persisted in the order they were taken; several may be in flight at once
 * (pipelining) and one fsync may cover many of them (group commit).
 *
 * @param softState non-null when role, term or leader changed
 * @param snapshot a snapshot received from the leader, to persist and install; or null
 * @param resetStateMachine true when entries this node had applied were replaced by a new
 *        leader's log (possible only in async mode, or under a protocol break)
 * @param committed entries to apply; never beyond what this node holds durably
 */
public record Ready(
    SoftState softState,
    HardState hardState,
    Snapshot snapshot,
    List<Entry> entries,
    List<Message> messages,
    boolean resetStateMachine,
    List<Entry> committed,
    List<ReadState> readStates) {

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committed = List.copyOf(committed);
        readStates = List.copyOf(readStates);
    }

    /** True if the driver must write something before sending this Ready's messages. */
    public boolean mustPersist() {
        return hardState != null || snapshot != null || !entries.isEmpty();
    }

    /** The index of the last entry to persist, or 0 if none. */
    public long lastEntryIndex() {
        return entries.isEmpty() ? (snapshot == null ? 0 : snapshot.meta().index()) : entries.getLast().index();
    }

    /** The term of the last entry to persist, or 0 if none. */
    public long lastEntryTerm() {
        return entries.isEmpty() ? (snapshot == null ? 0 : snapshot.meta().term()) : entries.getLast().term();
    }
}
