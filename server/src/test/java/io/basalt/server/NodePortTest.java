package io.basalt.server;

import static io.basalt.server.ClusterTest.b;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.NodeId;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.transport.Frames;
import io.basalt.server.transport.RawConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input on a running node's port closes that connection; the cluster keeps serving. */
class NodePortTest {
    @TempDir
    Path dir;

    @Test
    void badConnectionsAreClosedAndRealClientsAreServed() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client()) {
            NodeId leader = c.awaitLeader();
            var address = c.peers().get(leader);
            byte[][] attacks = {
                "GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
                {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff},
                frame(Frames.handshake("another-cluster", "n2")),
                frame(NodeProto.Frame.newBuilder().setHandshake(NodeProto.Handshake.newBuilder()
                    .setClusterId(TestCluster.CLUSTER_ID).setProtocolVersion(99).setSender("client")).build()),
            };
            int round = 0;
            for (byte[] attack : attacks) {
                try (RawConnection bad = new RawConnection(address)) {
                    bad.sendBytes(attack);
                    assertThat(bad.closedByPeer()).isTrue();
                }
                client.put(b("after-attack-" + round), b("ok"));
                assertThat(client.get(b("after-attack-" + round)).value()).isEqualTo(b("ok"));
                round++;
            }
            assertThat(c.awaitLeader()).as("the attacks did not disturb the group").isEqualTo(leader);
        }
    }

    @RepeatedTest(5)
    void aStoppedNodeClosesItsConnectionsAndItsSuccessorAnswers() throws Exception {
        try (TestCluster c = TestCluster.start(dir, 3); BasaltClient client = c.client()) {
            NodeId n3 = c.ids().get(2);
            assertThat(client.status(n3).node()).isEqualTo(n3);
            c.stop(n3);
            // The client's open connection must end with the node, not leave requests unanswered.
            assertThatThrownBy(() -> client.status(n3)).isInstanceOf(ClientException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("did not answer"));
            c.start(n3);
            assertThat(client.status(n3).node()).isEqualTo(n3);
        }
    }

    private static byte[] frame(NodeProto.Frame f) {
        byte[] body = f.toByteArray();
        byte[] out = new byte[body.length + 4];
        java.nio.ByteBuffer.wrap(out).putInt(body.length).put(body);
        return out;
    }
}
