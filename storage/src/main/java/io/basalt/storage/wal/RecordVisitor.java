package io.basalt.storage.wal;

/** Receives the records of a log in sequence order during {@link SegmentedWal#replay}. */
@FunctionalInterface
public interface RecordVisitor {
    void visit(long sequence, byte[] payload);
}
