package io.basalt.server.wire;

import com.google.protobuf.ByteString;
import io.basalt.common.NodeId;
import io.basalt.raft.transfer.SnapshotFile;
import io.basalt.raft.transfer.TransferLimits;
import io.basalt.raft.transfer.TransferManifest;
import io.basalt.raft.transfer.TransferMessage;
import io.basalt.server.proto.NodeProto;
import java.util.ArrayList;
import java.util.List;

/**
 * Converts snapshot transfer messages to their protobuf form and back. Decoding checks what a
 * peer could get wrong (names, sizes, digests, a chunk larger than any sender sends) and
 * throws {@link WireException}; the caller drops the message.
 */
public final class TransferCodec {
    private TransferCodec() {}

    public static NodeProto.SnapshotTransfer encode(TransferMessage m) {
        NodeProto.SnapshotTransfer.Builder b = NodeProto.SnapshotTransfer.newBuilder().setGroupId(m.groupId())
            .setFrom(m.from().value()).setTo(m.to().value()).setTerm(m.term()).setTransferId(m.transferId());
        switch (m) {
            case TransferMessage.Offer o -> b.setOffer(encode(o.manifest()));
            case TransferMessage.Accept a -> b.setAccept(NodeProto.SnapshotAccept.newBuilder().addAllHeld(a.held()));
            case TransferMessage.Chunk c -> b.setChunk(NodeProto.SnapshotChunk.newBuilder().setFile(c.file())
                .setOffset(c.offset()).setData(ByteString.copyFrom(c.data())).setCrc32C(c.crc32c()));
            case TransferMessage.ChunkAck a -> b.setChunkAck(NodeProto.SnapshotChunkAck.newBuilder().setFile(a.file())
                .setHeld(a.held()).setResend(a.resendAt() >= 0).setResendAt(Math.max(0, a.resendAt())));
            case TransferMessage.Abort a -> b.setAbort(NodeProto.SnapshotAbort.newBuilder().setReason(a.reason()));
        }
        return b.build();
    }

    public static TransferMessage decode(NodeProto.SnapshotTransfer m) throws WireException {
        long g = m.getGroupId();
        NodeId from = RaftCodec.nodeId(m.getFrom());
        NodeId to = RaftCodec.nodeId(m.getTo());
        long term = m.getTerm();
        long id = m.getTransferId();
        return switch (m.getKindCase()) {
            case OFFER -> new TransferMessage.Offer(g, from, to, term, id, decode(m.getOffer()));
            case ACCEPT -> {
                if (m.getAccept().getHeldCount() > TransferManifest.FILES_MAX) {
                    throw new WireException("snapshot answer lists " + m.getAccept().getHeldCount() + " files");
                }
                yield new TransferMessage.Accept(g, from, to, term, id, m.getAccept().getHeldList());
            }
            case CHUNK -> {
                NodeProto.SnapshotChunk c = m.getChunk();
                if (c.getData().size() > TransferLimits.CHUNK_BYTES_MAX || c.getOffset() < 0) {
                    throw new WireException("snapshot chunk of " + c.getData().size() + " bytes at " + c.getOffset());
                }
                yield new TransferMessage.Chunk(g, from, to, term, id, c.getFile(), c.getOffset(),
                    c.getData().toByteArray(), c.getCrc32C());
            }
            case CHUNK_ACK -> {
                NodeProto.SnapshotChunkAck a = m.getChunkAck();
                yield new TransferMessage.ChunkAck(g, from, to, term, id, a.getFile(), a.getHeld(),
                    a.getResend() ? a.getResendAt() : TransferMessage.ChunkAck.NONE);
            }
            case ABORT -> new TransferMessage.Abort(g, from, to, term, id, m.getAbort().getReason());
            case KIND_NOT_SET -> throw new WireException("snapshot transfer message without a kind from " + from);
        };
    }

    public static NodeProto.SnapshotOffer encode(TransferManifest manifest) {
        NodeProto.SnapshotOffer.Builder b = NodeProto.SnapshotOffer.newBuilder()
            .setMeta(RaftCodec.encode(manifest.meta())).setExternal(manifest.external());
        for (SnapshotFile f : manifest.files()) {
            b.addFiles(NodeProto.SnapshotFileInfo.newBuilder().setName(f.name()).setSize(f.size()).setSha256(f.sha256()));
        }
        return b.build();
    }

    public static TransferManifest decode(NodeProto.SnapshotOffer o) throws WireException {
        if (o.getFilesCount() > TransferManifest.FILES_MAX) {
            throw new WireException("snapshot of " + o.getFilesCount() + " files");
        }
        List<SnapshotFile> files = new ArrayList<>(o.getFilesCount());
        try {
            for (NodeProto.SnapshotFileInfo f : o.getFilesList()) {
                files.add(new SnapshotFile(f.getName(), f.getSize(), f.getSha256()));
            }
            return new TransferManifest(RaftCodec.decode(o.getMeta()), o.getExternal(), files);
        } catch (IllegalArgumentException bad) {
            throw new WireException("bad snapshot offer: " + bad.getMessage());
        }
    }
}
