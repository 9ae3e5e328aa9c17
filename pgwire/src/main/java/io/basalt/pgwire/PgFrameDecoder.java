package io.basalt.pgwire;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the byte stream into messages on the event loop. Before the StartupMessage packets are
 * untyped ({@code int32 length, int32 code, ...}); SSLRequest and GSSENCRequest keep the
 * decoder there, a StartupMessage moves it to typed messages ({@code byte type, int32 length,
 * body}), and a CancelRequest ends the stream. A length outside its limit, an unknown type or
 * an ungrammatical body yields one {@link FrontendMessage.Malformed} and every later byte is
 * dropped, so the client's earlier messages are still answered in order before the 08P01.
 */
final class PgFrameDecoder extends ByteToMessageDecoder {
    private static final int STARTUP_HEADER_BYTES = 8;
    private static final int TYPED_HEADER_BYTES = 5;

    private enum Mode { STARTUP, TYPED, DISCARD }

    private final int messageBytesMax;
    private final int startupBytesMax;
    private Mode mode = Mode.STARTUP;

    PgFrameDecoder(int messageBytesMax, int startupBytesMax) {
        this.messageBytesMax = messageBytesMax;
        this.startupBytesMax = startupBytesMax;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        try {
            switch (mode) {
                case STARTUP -> decodeStartup(in, out);
                case TYPED -> decodeTyped(in, out);
                case DISCARD -> in.skipBytes(in.readableBytes());
            }
        } catch (ProtocolException e) {
            malformed(in, out, e.getMessage());
        } catch (RuntimeException e) {
            // Parsing reads only within the body it was given; anything else is a bug, but the
            // client still gets a protocol error rather than a silent hang.
            malformed(in, out, "invalid message: " + e);
        }
    }

    private void decodeStartup(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 4) {
            return;
        }
        int length = in.getInt(in.readerIndex());
        if (length < STARTUP_HEADER_BYTES || length > startupBytesMax) {
            throw new ProtocolException("invalid length of startup packet: " + length);
        }
        if (in.readableBytes() < length) {
            return;
        }
        ByteBuf packet = in.readSlice(length).skipBytes(4);
        int code = packet.readInt();
        switch (code) {
            case FrontendParser.SSL_REQUEST_CODE -> out.add(fixed(packet, new FrontendMessage.SslRequest()));
            case FrontendParser.GSSENC_REQUEST_CODE -> out.add(fixed(packet, new FrontendMessage.GssEncRequest()));
            case FrontendParser.CANCEL_REQUEST_CODE -> {
                if (packet.readableBytes() != 8) {
                    throw new ProtocolException("invalid length of cancel request packet: " + length);
                }
                out.add(new FrontendMessage.CancelRequest(packet.readInt(), packet.readInt()));
                mode = Mode.DISCARD;
            }
            default -> {
                out.add(FrontendParser.startup(code, packet));
                mode = Mode.TYPED;
            }
        }
    }

    private static FrontendMessage fixed(ByteBuf packet, FrontendMessage m) {
        if (packet.isReadable()) {
            throw new ProtocolException("invalid length of negotiation request packet");
        }
        return m;
    }

    private void decodeTyped(ByteBuf in, List<Object> out) {
        if (in.readableBytes() < 1) {
            return;
        }
        byte type = in.getByte(in.readerIndex());
        if (!FrontendParser.isKnownType(type)) {
            throw new ProtocolException("invalid frontend message type " + (type & 0xFF));
        }
        if (in.readableBytes() < TYPED_HEADER_BYTES) {
            return;
        }
        int length = in.getInt(in.readerIndex() + 1);
        int bodyMax = FrontendParser.bodyBytesMax(type, messageBytesMax);
        if (length < 4 || length - 4 > bodyMax) {
            throw new ProtocolException("invalid message length " + length + " for message type '" + (char) type
                + "' (limit " + bodyMax + " bytes)");
        }
        if (in.readableBytes() < length + 1) {
            return;
        }
        in.skipBytes(TYPED_HEADER_BYTES);
        FrontendMessage m = FrontendParser.typed(type, in.readSlice(length - 4));
        out.add(m);
        if (m instanceof FrontendMessage.Terminate) {
            mode = Mode.DISCARD;
        }
    }

    private void malformed(ByteBuf in, List<Object> out, String reason) {
        out.add(new FrontendMessage.Malformed(reason));
        mode = Mode.DISCARD;
        in.skipBytes(in.readableBytes());
    }
}
