package io.basalt.sim.disk;

/**
 * A synced record before the tail does not read back. Like the real WAL, the node must not
 * start on such a log: cutting it there would silently drop acknowledged state.
 */
public final class CorruptLogException extends Exception {
    private static final long serialVersionUID = 1L;

    public CorruptLogException(String message) {
        super(message);
    }
}
