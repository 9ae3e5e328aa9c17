package io.basalt.server.client;

/**
 * A client call failed. {@code outcomeUnknown} is true when a write may or may not have been
 * applied (a timeout or a lost connection after the request was sent).
 */
public final class ClientException extends Exception {
    private static final long serialVersionUID = 1L;
    private final boolean outcomeUnknown;

    public ClientException(String message, boolean outcomeUnknown) {
        super(message);
        this.outcomeUnknown = outcomeUnknown;
    }

    public ClientException(String message, boolean outcomeUnknown, Throwable cause) {
        super(message, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
