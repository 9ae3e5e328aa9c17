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
