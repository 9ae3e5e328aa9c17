package io.basalt.server.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.raft.Entry;
import io.basalt.raft.HardState;
import io.basalt.raft.Membership;
import io.basalt.raft.Message;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import io.basalt.raft.VoteKind;
import io.basalt.server.proto.NodeProto;
import java.util.List;
import org.junit.jupiter.api.Test;

class RaftCodecTest {
    private static final NodeId A = NodeId.of("a");
    private static final NodeId B = NodeId.of("b");
    private static final Membership AB = Membership.ofVoters(A, B);

    @Test
    void everyMessageKindSurvivesTheWire() throws Exception {
        Snapshot snap = new Snapshot(new SnapshotMeta(40, 3, AB), new byte[] {1, 2, 3});
        List<Message> messages = List.of(
            new Message.VoteRequest(1, A, B, 5, VoteKind.PRE_VOTE, 10, 4),
            new Message.VoteRequest(1, A, B, 5, VoteKind.FORCED, 10, 4),
            new Message.VoteResponse(1, B, A, 5, true, false),
            new Message.AppendRequest(2, A, B, 6, 9, 5, List.of(Entry.normal(6, 10, new byte[] {7}), Entry.noop(6, 11),
                Entry.config(6, 12, AB)), 8, 77),
            new Message.AppendRequest(2, A, B, 6, 9, 5, List.of(), 8, 0),
            new Message.AppendResponse(2, B, A, 6, false, 0, 7, 3, 77),
            new Message.InstallSnapshot(1, A, B, 7, snap),
            new Message.TimeoutNow(1, A, B, 8));
        for (Message m : messages) {
            Message back = RaftCodec.decode(NodeProto.RaftMessage.parseFrom(RaftCodec.encode(m).toByteArray()));
            if (m instanceof Message.InstallSnapshot s) {
                Message.InstallSnapshot b = (Message.InstallSnapshot) back;
                assertThat(b.snapshot().meta()).isEqualTo(s.snapshot().meta());
                assertThat(b.snapshot().data()).isEqualTo(s.snapshot().data());
            } else {
                assertThat(back).isEqualTo(m);
            }
        }
    }

    @Test
    void anExternalSnapshotIsMetadataOnlyAndStaysExternal() throws Exception {
        Snapshot external = Snapshot.external(new SnapshotMeta(40, 3, AB));
        Snapshot back = RaftCodec.decode(NodeProto.Snapshot.parseFrom(RaftCodec.encode(external).toByteArray()));
        assertThat(back.external()).isTrue();
        assertThat(back.data()).isEmpty();
        assertThat(back.meta()).isEqualTo(external.meta());
        NodeProto.Snapshot forged = RaftCodec.encode(external).toBuilder()
            .setData(com.google.protobuf.ByteString.copyFrom(new byte[] {1})).build();
        assertThatThrownBy(() -> RaftCodec.decode(forged)).isInstanceOf(WireException.class)
            .hasMessageContaining("external snapshot at 40 carries 1 bytes");
    }

    @Test
    void everySnapshotTransferMessageSurvivesTheWire() throws Exception {
        io.basalt.raft.transfer.TransferManifest manifest = new io.basalt.raft.transfer.TransferManifest(
            new SnapshotMeta(40, 3, AB), true, List.of(io.basalt.raft.transfer.SnapshotFile.of("000012.sst",
                new byte[] {1, 2}), io.basalt.raft.transfer.SnapshotFile.of("CURRENT", new byte[0])));
        List<io.basalt.raft.transfer.TransferMessage> messages = List.of(
            new io.basalt.raft.transfer.TransferMessage.Offer(1, A, B, 7, 99, manifest),
            new io.basalt.raft.transfer.TransferMessage.Accept(1, B, A, 7, 99, List.of(2L, 0L)),
            new io.basalt.raft.transfer.TransferMessage.ChunkAck(1, B, A, 7, 99, 0, 1, 1),
            new io.basalt.raft.transfer.TransferMessage.ChunkAck(1, B, A, 7, 99, 1, 0,
                io.basalt.raft.transfer.TransferMessage.ChunkAck.NONE),
            new io.basalt.raft.transfer.TransferMessage.Abort(1, A, B, 7, 99, "n1 is stopping"));
        for (io.basalt.raft.transfer.TransferMessage m : messages) {
            assertThat(TransferCodec.decode(NodeProto.SnapshotTransfer.parseFrom(TransferCodec.encode(m).toByteArray())))
                .isEqualTo(m);
        }
        var chunk = new io.basalt.raft.transfer.TransferMessage.Chunk(1, A, B, 7, 99, 0, 1, new byte[] {2}, -5);
        var back = (io.basalt.raft.transfer.TransferMessage.Chunk) TransferCodec.decode(
            NodeProto.SnapshotTransfer.parseFrom(TransferCodec.encode(chunk).toByteArray()));
        assertThat(back.data()).containsExactly(2);
        assertThat(back.crc32c()).isEqualTo(-5);
        NodeProto.SnapshotTransfer badName = TransferCodec.encode(messages.getFirst()).toBuilder()
            .setOffer(TransferCodec.encode(manifest).toBuilder().setFiles(0, NodeProto.SnapshotFileInfo.newBuilder()
                .setName("../etc/passwd").setSize(1).setSha256("0".repeat(64)))).build();
        assertThatThrownBy(() -> TransferCodec.decode(badName)).isInstanceOf(WireException.class)
            .hasMessageContaining("not a plain file name");
    }

    @Test
    void hardStateWithAndWithoutAVote() throws Exception {
        for (HardState h : List.of(HardState.INITIAL, new HardState(4, B, 17))) {
            assertThat(RaftCodec.decode(RaftCodec.encode(h))).isEqualTo(h);
        }
    }

    @Test
    void whatAPeerGetsWrongIsAWireExceptionNotACrash() {
        NodeProto.RaftMessage badId = RaftCodec.encode(new Message.TimeoutNow(1, A, B, 1)).toBuilder()
            .setFrom("not a node id!").build();
        assertThatThrownBy(() -> RaftCodec.decode(badId)).isInstanceOf(WireException.class)
            .hasMessageContaining("not a node id!");
        NodeProto.RaftMessage noKind = NodeProto.RaftMessage.newBuilder().setGroupId(1).setFrom("a").setTo("b").build();
        assertThatThrownBy(() -> RaftCodec.decode(noKind)).isInstanceOf(WireException.class)
            .hasMessageContaining("without a kind");
        NodeProto.Entry untyped = NodeProto.Entry.newBuilder().setTerm(1).setIndex(1).build();
        assertThatThrownBy(() -> RaftCodec.decode(untyped)).isInstanceOf(WireException.class)
            .hasMessageContaining("unknown type");
        NodeProto.Entry indexZero = NodeProto.Entry.newBuilder().setTerm(1).setType(NodeProto.EntryType.NOOP).build();
        assertThatThrownBy(() -> RaftCodec.decode(indexZero)).isInstanceOf(WireException.class);
        NodeProto.Membership noVoters = NodeProto.Membership.getDefaultInstance();
        assertThatThrownBy(() -> RaftCodec.decode(noVoters)).isInstanceOf(WireException.class)
            .hasMessageContaining("at least one voter");
    }

    @Test
    void appendsOfAShapeNoCorrectLeaderSendsAreRefused() {
        List<Message.AppendRequest> bad = List.of(
            // a gap: entry 12 where 11 was due
            new Message.AppendRequest(1, A, B, 6, 10, 5, List.of(Entry.noop(6, 12)), 0, 0),
            // an entry from a term later than the sender's
            new Message.AppendRequest(1, A, B, 6, 10, 5, List.of(Entry.noop(7, 11)), 0, 0),
            // terms going backwards
            new Message.AppendRequest(1, A, B, 6, 10, 5, List.of(Entry.noop(6, 11), Entry.noop(5, 12)), 0, 0),
            // a negative previous index
            new Message.AppendRequest(1, A, B, 6, -1, 0, List.of(), 0, 0),
            // a previous entry from the future
            new Message.AppendRequest(1, A, B, 6, 10, 9, List.of(), 0, 0));
        for (Message.AppendRequest m : bad) {
            NodeProto.RaftMessage wire = RaftCodec.encode(m);
            assertThatThrownBy(() -> RaftCodec.decode(wire)).as("%s", m).isInstanceOf(WireException.class);
        }
    }
}
