package io.basalt.pgwire;

import java.util.Map;

/**
 * The messages a client sends, decoded and validated by {@link FrontendParser}. Arrays are
 * owned by the message (copied out of the network buffer) and never changed after decoding.
 */
sealed interface FrontendMessage extends Inbound {
    /** The first packet of a session: protocol version and parameters (user, database, ...). */
    record Startup(int majorVersion, int minorVersion, Map<String, String> parameters) implements FrontendMessage {
    }

    /** Asks for TLS before the StartupMessage; answered 'N' (not offered). */
    record SslRequest() implements FrontendMessage {
    }

    /** Asks for GSSAPI encryption before the StartupMessage; answered 'N'. */
    record GssEncRequest() implements FrontendMessage {
    }

    /** Sent on a fresh connection to interrupt the statement of connection {@code pid}. */
    record CancelRequest(int pid, int secret) implements FrontendMessage {
    }

    /** 'p': the password asked for by AuthenticationCleartextPassword. */
    record PasswordMessage(String password) implements FrontendMessage {
    }

    /** 'Q': a simple query string, possibly several statements. */
    record Query(String sql) implements FrontendMessage {
    }

    /** 'P': prepares {@code sql} as {@code statement} ("" is the unnamed statement). */
    record Parse(String statement, String sql, int[] paramTypeOids) implements FrontendMessage {
    }

    /** 'B': binds parameter values to a statement, creating a portal. A null value is SQL NULL. */
    record Bind(String portal, String statement, short[] paramFormats, byte[][] paramValues,
                short[] resultFormats) implements FrontendMessage {
    }

    /** 'D': describes a statement ({@code target} 'S') or a portal ('P'). */
    record Describe(char target, String name) implements FrontendMessage {
    }

    /** 'E': runs a portal, returning at most {@code maxRows} rows (0: all). */
    record Execute(String portal, int maxRows) implements FrontendMessage {
    }

    /** 'C': closes a statement ('S') or a portal ('P'). */
    record Close(char target, String name) implements FrontendMessage {
    }

    /** 'S': ends an extended-protocol batch; the server answers ReadyForQuery. */
    record Sync() implements FrontendMessage {
    }

    /** 'H': asks the server to send what it has buffered. */
    record Flush() implements FrontendMessage {
    }

    /** 'X': the client is leaving. */
    record Terminate() implements FrontendMessage {
    }

    /**
     * 'd': a piece of COPY FROM STDIN data, cut wherever the client chose. Outside a copy it is
     * ignored, as PostgreSQL ignores it: a client keeps sending after the server failed a COPY.
     */
    record CopyData(byte[] data) implements FrontendMessage {
    }

    /** 'c': the end of COPY FROM STDIN data; ignored outside a copy. */
    record CopyDone() implements FrontendMessage {
    }

    /** 'f': the client abandons COPY FROM STDIN, saying why; ignored outside a copy. */
    record CopyFail(String message) implements FrontendMessage {
    }

    /** 'F': the fastpath function call, which Basalt does not offer. */
    record FunctionCall() implements FrontendMessage {
    }

    /**
     * Bytes that do not form a valid message. Decoding stops here; the connection answers
     * 08P01 and closes once the messages before it are answered.
     */
    record Malformed(String reason) implements FrontendMessage {
    }
}
