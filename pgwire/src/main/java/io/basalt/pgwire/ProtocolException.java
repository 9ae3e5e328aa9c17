package io.basalt.pgwire;

/**
 * Bytes from a client that break the protocol's framing or grammar. Always answered with
 * 08P01 and a closed connection: after one bad length nothing later can be trusted.
 */
final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ProtocolException(String message) {
        super(message, null, false, false);
    }
}
