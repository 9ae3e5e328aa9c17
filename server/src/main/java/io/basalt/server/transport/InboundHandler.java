package io.basalt.server.transport;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One accepted connection: checks the handshake, then hands Raft messages and client requests
 * to the {@link InboundSink}. Anything a remote party gets wrong closes this connection only.
 */
final class InboundHandler extends SimpleChannelInboundHandler<NodeProto.Frame> {
    private static final Logger log = LoggerFactory.getLogger(InboundHandler.class);

    private final String clusterId;
    private final NodeId self;
    private final Set<NodeId> peers;
    private final InboundSink sink;
    private final java.util.function.Consumer<NodeId> peerConnected;
    private boolean handshaken;
    /** The peer on the other end, or null for a client connection. */
    private NodeId peer;

    /** {@code peerConnected} hears of every peer that completes a handshake. */
    InboundHandler(String clusterId, NodeId self, Set<NodeId> peers, InboundSink sink,
                   java.util.function.Consumer<NodeId> peerConnected) {
        this.clusterId = clusterId;
        this.self = self;
        this.peers = peers;
        this.sink = sink;
        this.peerConnected = peerConnected;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ctx.executor().schedule(() -> {
            if (!handshaken && ctx.channel().isActive()) {
                refuse(ctx, "no handshake within " + Frames.HANDSHAKE_TIMEOUT_MS + " ms");
            }
        }, Frames.HANDSHAKE_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, NodeProto.Frame frame) {
        if (!ctx.channel().isActive()) {
            return; // refused: frames decoded from the same read are ignored
        }
        if (!handshaken) {
            onHandshake(ctx, frame);
            return;
        }
        switch (frame.getBodyCase()) {
            case RAFT -> onRaft(ctx, frame.getRaft());
            case TRANSFER -> onTransfer(ctx, frame.getTransfer());
            case REQUEST -> onRequest(ctx.channel(), frame.getRequest());
            case HANDSHAKE, RESPONSE, BODY_NOT_SET -> refuse(ctx, "unexpected " + frame.getBodyCase() + " frame");
        }
    }

    private void onHandshake(ChannelHandlerContext ctx, NodeProto.Frame frame) {
        if (!frame.hasHandshake()) {
            refuse(ctx, "the first frame is " + frame.getBodyCase() + ", not a handshake");
            return;
        }
        NodeProto.Handshake h = frame.getHandshake();
        String who = "'" + h.getSender() + "'";
        if (!h.getClusterId().equals(clusterId)) {
            refuse(ctx, who + " belongs to cluster '" + h.getClusterId() + "', this node to '" + clusterId + "'");
            return;
        }
        if (h.getProtocolVersion() != Frames.PROTOCOL_VERSION) {
            refuse(ctx, who + " speaks protocol version " + h.getProtocolVersion() + ", this node "
                + Frames.PROTOCOL_VERSION);
            return;
        }
        if (!h.getSender().equals(Frames.CLIENT_SENDER)) {
            NodeId sender = peers.stream().filter(p -> p.value().equals(h.getSender())).findFirst().orElse(null);
            if (sender == null || sender.equals(self)) {
                refuse(ctx, who + " is not a peer of " + self + " (peers: " + peers + ")");
                return;
            }
            peer = sender;
        }
        handshaken = true;
        ctx.writeAndFlush(Frames.handshake(clusterId, self.value()));
        if (peer != null) {
            peerConnected.accept(peer);
        }
    }

    private void onRaft(ChannelHandlerContext ctx, NodeProto.RaftMessage m) {
        if (peer == null) {
            refuse(ctx, "a client connection sent a Raft message");
        } else if (!m.getFrom().equals(peer.value()) || !m.getTo().equals(self.value())) {
            refuse(ctx, "peer " + peer + " sent a message from '" + m.getFrom() + "' to '" + m.getTo() + "'");
        } else {
            sink.onRaft(peer, m);
        }
    }

    private void onTransfer(ChannelHandlerContext ctx, NodeProto.SnapshotTransfer m) {
        if (peer == null) {
            refuse(ctx, "a client connection sent a snapshot transfer message");
        } else if (!m.getFrom().equals(peer.value()) || !m.getTo().equals(self.value())) {
            refuse(ctx, "peer " + peer + " sent a snapshot message from '" + m.getFrom() + "' to '" + m.getTo() + "'");
        } else {
            sink.onTransfer(peer, m);
        }
    }

    private void onRequest(Channel channel, NodeProto.ClientRequest request) {
        long id = request.getRequestId();
        sink.onRequest(request, response -> {
            if (channel.isActive()) {
                channel.writeAndFlush(NodeProto.Frame.newBuilder().setResponse(response.setRequestId(id)).build());
            }
        });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof java.io.IOException) {
            // The socket failed (a reset, a peer that died): nothing was sent wrong.
            log.debug("connection from {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
            ctx.close();
            return;
        }
        Throwable root = cause.getCause() != null && !(cause instanceof TooLongFrameException) ? cause.getCause() : cause;
        String reason = cause instanceof TooLongFrameException
            ? "frame longer than " + Frames.FRAME_BYTES_MAX + " bytes (" + cause.getMessage() + ")"
            : "undecodable input: " + root;
        refuse(ctx, reason);
    }

    private void refuse(ChannelHandlerContext ctx, String reason) {
        if (ctx.channel().isOpen()) {
            String who = peer != null ? "node " + peer : handshaken ? "client" : "unidentified sender";
            log.warn("closing connection from {} at {}: {}", who, ctx.channel().remoteAddress(), reason);
            ctx.close();
        }
    }
}
