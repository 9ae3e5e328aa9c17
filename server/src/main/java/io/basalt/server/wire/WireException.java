package io.basalt.server.wire;

/**
 * Bytes from the network (or a log record) that decode as protobuf but do not make a valid
 * Basalt message. Raised for input a peer or a client got wrong, never for a local bug.
 */
public final class WireException extends Exception {
    private static final long serialVersionUID = 1L;

    public WireException(String message) {
        super(message);
    }
}
