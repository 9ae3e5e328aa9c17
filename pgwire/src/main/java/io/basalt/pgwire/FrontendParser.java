package io.basalt.pgwire;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns one complete message body into a {@link FrontendMessage}. Framing (lengths, limits)
 * is {@link PgFrameDecoder}'s job; this class checks each message's grammar.
 */
final class FrontendParser {
    static final int SSL_REQUEST_CODE = 80877103;
    static final int GSSENC_REQUEST_CODE = 80877104;
    static final int CANCEL_REQUEST_CODE = 80877102;
    /**
     * Messages that carry only names and counts get PostgreSQL's small-message cap, so a
     * garbage length on a Sync cannot make the server buffer {@code messageBytesMax}.
     */
    static final int SMALL_MESSAGE_BYTES_MAX = 10_000;

    private FrontendParser() {
    }

    static boolean isKnownType(byte type) {
        return switch (type) {
            case 'Q', 'P', 'B', 'D', 'E', 'C', 'S', 'H', 'X', 'p', 'd', 'c', 'f', 'F' -> true;
            default -> false;
        };
    }

    /** The body limit of message {@code type}: small for control messages, else {@code largeMax}. */
    static int bodyBytesMax(byte type, int largeMax) {
        return switch (type) {
            case 'D', 'E', 'C', 'S', 'H', 'X', 'p', 'c', 'f' -> Math.min(SMALL_MESSAGE_BYTES_MAX, largeMax);
            default -> largeMax;
        };
    }

    /** A StartupMessage body after its version code: name/value pairs ended by an empty name. */
    static FrontendMessage startup(int versionCode, ByteBuf body) {
        int major = versionCode >>> 16;
        int minor = versionCode & 0xFFFF;
        MessageReader r = new MessageReader(body);
        Map<String, String> params = new LinkedHashMap<>();
        if (major == 3) {
            while (true) {
                if (r.remaining() == 0) {
                    throw new ProtocolException("invalid startup packet layout: expected terminator as last byte");
                }
                String name = r.cstring();
                if (name.isEmpty()) {
                    break;
                }
                params.put(name, r.cstring());
            }
            r.end();
        }
        return new FrontendMessage.Startup(major, minor, params);
    }

    static FrontendMessage typed(byte type, ByteBuf body) {
        MessageReader r = new MessageReader(body);
        FrontendMessage m = switch (type) {
            case 'Q' -> new FrontendMessage.Query(r.cstring());
            case 'P' -> parse(r);
            case 'B' -> bind(r);
            case 'D' -> new FrontendMessage.Describe(target(r, "DESCRIBE"), r.cstring());
            case 'E' -> new FrontendMessage.Execute(r.cstring(), r.int32());
            case 'C' -> new FrontendMessage.Close(target(r, "CLOSE"), r.cstring());
            case 'S' -> new FrontendMessage.Sync();
            case 'H' -> new FrontendMessage.Flush();
            case 'X' -> new FrontendMessage.Terminate();
            case 'p' -> new FrontendMessage.PasswordMessage(r.cstring());
            case 'd' -> new FrontendMessage.CopyData(r.bytes(r.remaining()));
            case 'c' -> new FrontendMessage.CopyDone();
            case 'f' -> new FrontendMessage.CopyFail(r.cstring());
            case 'F' -> {
                r.bytes(r.remaining());
                yield new FrontendMessage.FunctionCall();
            }
            default -> throw new ProtocolException("invalid frontend message type " + (type & 0xFF));
        };
        r.end();
        return m;
    }

    private static FrontendMessage parse(MessageReader r) {
        String name = r.cstring();
        String sql = r.cstring();
        int n = r.count("parameter type");
        int[] oids = new int[n];
        for (int i = 0; i < n; i++) {
            oids[i] = r.int32();
        }
        return new FrontendMessage.Parse(name, sql, oids);
    }

    private static FrontendMessage bind(MessageReader r) {
        String portal = r.cstring();
        String statement = r.cstring();
        short[] paramFormats = shorts(r, r.count("parameter format"));
        int n = r.count("parameter");
        byte[][] values = new byte[n][];
        for (int i = 0; i < n; i++) {
            int len = r.int32();
            if (len < -1) {
                throw new ProtocolException("invalid length " + len + " of bind parameter " + (i + 1));
            }
            values[i] = len == -1 ? null : r.bytes(len);
        }
        short[] resultFormats = shorts(r, r.count("result format"));
        return new FrontendMessage.Bind(portal, statement, paramFormats, values, resultFormats);
    }

    private static short[] shorts(MessageReader r, int n) {
        short[] s = new short[n];
        for (int i = 0; i < n; i++) {
            s[i] = r.int16();
        }
        return s;
    }

    private static char target(MessageReader r, String what) {
        byte t = r.int8();
        if (t != 'S' && t != 'P') {
            throw new ProtocolException("invalid " + what + " message subtype " + (t & 0xFF));
        }
        return (char) t;
    }
}
