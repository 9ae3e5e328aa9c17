package io.basalt.server;

/**
 * A node could not start: its port is taken, its data directory cannot be written, or its log
 * is damaged. The message says which, and what to check.
 */
public final class NodeStartException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NodeStartException(String message, Throwable cause) {
        super(message, cause);
    }

    public NodeStartException(String message) {
        super(message);
    }
}
