package io.basalt.pgwire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the fields of one message body and throws {@link ProtocolException} for anything a
 * well-behaved client cannot send: running past the end, a string without its NUL, bytes that
 * are not UTF-8, a negative count, or bytes left over at the end.
 */
final class MessageReader {
    private final ByteBuf body;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);

    MessageReader(ByteBuf body) {
        this.body = body;
    }

    int remaining() {
        return body.readableBytes();
    }

    byte int8() {
        need(1);
        return body.readByte();
    }

    short int16() {
        need(2);
        return body.readShort();
    }

    int int32() {
        need(4);
        return body.readInt();
    }

    /** An int16 count that must not be negative. */
    int count(String what) {
        int n = int16();
        if (n < 0) {
            throw new ProtocolException("negative " + what + " count " + n);
        }
        return n;
    }

    byte[] bytes(int n) {
        need(n);
        byte[] b = new byte[n];
        body.readBytes(b);
        return b;
    }

    /** A NUL-terminated UTF-8 string. */
    String cstring() {
        int len = body.bytesBefore((byte) 0);
        if (len < 0) {
            throw new ProtocolException("invalid string in message: missing NUL terminator");
        }
        String s = utf8(body.readSlice(len));
        body.skipBytes(1);
        return s;
    }

    /** Every byte of the body must have been read, as PostgreSQL's pq_getmsgend demands. */
    void end() {
        if (body.isReadable()) {
            throw new ProtocolException("invalid message format: " + body.readableBytes() + " unexpected trailing bytes");
        }
    }

    private String utf8(ByteBuf bytes) {
        try {
            return utf8.reset().decode(bytes.nioBuffer()).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("invalid byte sequence for encoding \"UTF8\"");
        }
    }

    private void need(int n) {
        if (n < 0 || body.readableBytes() < n) {
            throw new ProtocolException("insufficient data left in message");
        }
    }
}
