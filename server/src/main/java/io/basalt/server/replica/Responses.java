package io.basalt.server.replica;

import com.google.protobuf.ByteString;
import io.basalt.common.NodeId;
import io.basalt.kv.KvResult;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.ClientResponse;

/** Builders for the responses a node sends to clients. */
public final class Responses {
    private Responses() {}

    public static ClientResponse.Builder kv(KvResult r) {
        NodeProto.KvReply.Builder b = NodeProto.KvReply.newBuilder().setOk(r.ok()).setFound(r.found());
        if (r.value() != null) {
            b.setValue(ByteString.copyFrom(r.value()));
        }
        return ClientResponse.newBuilder().setKv(b);
    }

    public static ClientResponse.Builder notLeader(NodeId leader, String leaderAddress) {
        return ClientResponse.newBuilder().setNotLeader(NodeProto.NotLeader.newBuilder()
            .setLeaderId(leader == null ? "" : leader.value()).setLeaderAddress(leaderAddress));
    }

    public static ClientResponse.Builder error(NodeProto.Error.Code code, String message) {
        return ClientResponse.newBuilder().setError(NodeProto.Error.newBuilder().setCode(code).setMessage(message));
    }

    /** An error with the SQLSTATE of its cause; {@code sqlState} may be null. */
    public static ClientResponse.Builder error(NodeProto.Error.Code code, String message, String sqlState) {
        NodeProto.Error.Builder e = NodeProto.Error.newBuilder().setCode(code).setMessage(message);
        if (sqlState != null) {
            e.setSqlState(sqlState);
        }
        return ClientResponse.newBuilder().setError(e);
    }

    public static ClientResponse.Builder ack() {
        return ClientResponse.newBuilder().setAck(NodeProto.Ack.getDefaultInstance());
    }

    public static ClientResponse.Builder promoted(long newTerm, long promotedLastIndex) {
        return ClientResponse.newBuilder().setPromote(NodeProto.PromoteReply.newBuilder().setNewTerm(newTerm)
            .setPromotedLastIndex(promotedLastIndex));
    }
}
