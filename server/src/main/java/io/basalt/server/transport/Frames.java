package io.basalt.server.transport;

import io.basalt.server.proto.NodeProto;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.codec.MessageToMessageDecoder;
import io.netty.handler.codec.MessageToMessageEncoder;
import java.io.IOException;
import java.util.List;

/** The frame format of the node port and the limits that bound it. */
public final class Frames {
    /** The largest frame accepted; a longer length prefix closes the connection unread. */
    public static final int FRAME_BYTES_MAX = 64 << 20;
    /**
     * Bumped whenever node.proto changes incompatibly; peers with another version are refused.
     * 2: snapshots travel as transfers of checkpoint files ({@code SnapshotTransfer}), not in one
     * {@code InstallSnapshot}. 3: a heartbeat is also answered at once with a
     * {@code HeartbeatResponse}.
     */
    public static final int PROTOCOL_VERSION = 3;
    /** The handshake sender of a client connection (node ids name peers). */
    public static final String CLIENT_SENDER = "client";
    /** A connection that has not completed its handshake by then is closed. */
    public static final long HANDSHAKE_TIMEOUT_MS = 5_000;
    private static final int LENGTH_BYTES = 4;

    private Frames() {}

    /** Adds the length framing and the protobuf codec for {@link NodeProto.Frame}. */
    public static void addCodec(ChannelPipeline p) {
        p.addLast("frame-decoder", new LengthFieldBasedFrameDecoder(FRAME_BYTES_MAX, 0, LENGTH_BYTES, 0, LENGTH_BYTES));
        p.addLast("frame-prepender", new LengthFieldPrepender(LENGTH_BYTES));
        p.addLast("proto-decoder", new Decoder());
        p.addLast("proto-encoder", new Encoder());
    }

    public static NodeProto.Frame handshake(String clusterId, String sender) {
        return NodeProto.Frame.newBuilder().setHandshake(NodeProto.Handshake.newBuilder().setClusterId(clusterId)
            .setProtocolVersion(PROTOCOL_VERSION).setSender(sender)).build();
    }

    private static final class Decoder extends MessageToMessageDecoder<ByteBuf> {
        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) throws IOException {
            // A frame that is not a valid Frame throws InvalidProtocolBufferException, which
            // reaches exceptionCaught and closes the connection.
            out.add(NodeProto.Frame.parseFrom(new ByteBufInputStream(in)));
        }
    }

    private static final class Encoder extends MessageToMessageEncoder<NodeProto.Frame> {
        @Override
        protected void encode(ChannelHandlerContext ctx, NodeProto.Frame frame, List<Object> out) {
            out.add(Unpooled.wrappedBuffer(frame.toByteArray()));
        }
    }
}
