package io.basalt.server.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TransportTest {
    private static final String CLUSTER = "transport-test";
    private static final NodeId N1 = NodeId.of("n1");
    private static final NodeId N2 = NodeId.of("n2");

    private final RecordingSink sink1 = new RecordingSink();
    private final RecordingSink sink2 = new RecordingSink();
    private Transport t1;
    private Transport t2;
    private Map<NodeId, InetSocketAddress> peers;

    @BeforeEach
    void start() throws IOException {
        peers = Map.of(N1, freeAddress(), N2, freeAddress());
        t1 = new Transport(N1, CLUSTER, peers, sink1);
        t2 = new Transport(N2, CLUSTER, peers, sink2);
        t1.start(peers.get(N1));
        t2.start(peers.get(N2));
    }

    @AfterEach
    void stop() {
        t1.close();
        t2.close();
    }

    @Test
    void peersExchangeRaftMessagesOverTheirOutboundLinks() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> t1.connected(N2) && t2.connected(N1));
        t1.send(raft(N1, N2, 7), N2);
        t2.send(raft(N2, N1, 8), N1);

        Received atN2 = sink2.raft.poll(10, TimeUnit.SECONDS);
        Received atN1 = sink1.raft.poll(10, TimeUnit.SECONDS);
        assertThat(atN2).isNotNull();
        assertThat(atN2.peer()).isEqualTo(N1);
        assertThat(atN2.message().getTerm()).isEqualTo(7);
        assertThat(atN1.peer()).isEqualTo(N2);
        assertThat(atN1.message().getTerm()).isEqualTo(8);
    }

    @Test
    void aHeartbeatStillGoesOutBehindALinkThatBulkAppendsFilledWhileAppendsAreDropped() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> t1.connected(N2));
        sink2.hold();  // n2 stops reading: its I/O thread waits in the sink
        t1.send(raft(N1, N2, 1), N2);
        NodeProto.RaftMessage bulk = append(N1, N2, 2, 1 << 20);
        for (int i = 0; i < 1_000 && !t1.congested(N2); i++) {
            t1.send(bulk, N2);
            Thread.sleep(1); // lets the socket's buffers fill before the next look
        }
        assertThat(t1.congested(N2)).as("the link filled up").isTrue();
        t1.send(append(N1, N2, 3, 1 << 20), N2);  // large, behind a full buffer: dropped
        t1.send(raft(N1, N2, 4), N2);  // small: queued

        sink2.release();
        java.util.List<Long> terms = new java.util.ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (Received r; (r = sink2.raft.poll()) != null; ) {
                terms.add(r.message().getTerm());
            }
            return terms.contains(4L);
        });
        assertThat(terms).as("terms received, in order").startsWith(1L, 2L).endsWith(4L).doesNotContain(3L);
    }

    @Test
    void aClientIsAnsweredOnItsOwnConnection() throws Exception {
        try (RawConnection c = clientConnection()) {
            c.send(NodeProto.Frame.newBuilder().setRequest(NodeProto.ClientRequest.newBuilder().setRequestId(42)
                .setStatus(NodeProto.StatusRequest.getDefaultInstance())).build());
            NodeProto.Frame reply = c.receive();
            assertThat(reply.getResponse().getRequestId()).isEqualTo(42);
            assertThat(reply.getResponse().hasAck()).isTrue();
        }
    }

    @Test
    void garbageBytesCloseTheConnectionAndTheNodeServesOthers() throws Exception {
        try (LogCapture log = new LogCapture(InboundHandler.class); RawConnection bad = new RawConnection(peers.get(N1))) {
            bad.sendBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(bad.closedByPeer()).isTrue();
            await().untilAsserted(() -> assertThat(log.warnings()).anyMatch(w -> w.contains("frame longer than")));
        }
        assertStillServes();
    }

    @Test
    void aFrameThatIsNotProtobufClosesTheConnection() throws Exception {
        try (LogCapture log = new LogCapture(InboundHandler.class); RawConnection bad = new RawConnection(peers.get(N1))) {
            bad.sendBytes(new byte[] {0, 0, 0, 6, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f});
            assertThat(bad.closedByPeer()).isTrue();
            await().untilAsserted(() -> assertThat(log.warnings()).anyMatch(w -> w.contains("undecodable input")));
        }
        assertStillServes();
    }

    @Test
    void aHugeFrameLengthClosesTheConnectionUnread() throws Exception {
        try (RawConnection bad = new RawConnection(peers.get(N1))) {
            bad.sendBytes(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
            assertThat(bad.closedByPeer()).isTrue();
        }
        assertStillServes();
    }

    @Test
    void aWrongClusterIdIsRefusedAndLoggedWithThePeersName() throws Exception {
        try (LogCapture log = new LogCapture(InboundHandler.class); RawConnection bad = new RawConnection(peers.get(N1))) {
            bad.send(Frames.handshake("another-cluster", "n2"));
            assertThat(bad.closedByPeer()).isTrue();
            await().untilAsserted(() -> assertThat(log.warnings())
                .anyMatch(w -> w.contains("'n2'") && w.contains("another-cluster") && w.contains(CLUSTER)));
        }
        assertStillServes();
    }

    @Test
    void aWrongProtocolVersionIsRefused() throws Exception {
        try (LogCapture log = new LogCapture(InboundHandler.class); RawConnection bad = new RawConnection(peers.get(N1))) {
            bad.send(NodeProto.Frame.newBuilder().setHandshake(NodeProto.Handshake.newBuilder().setClusterId(CLUSTER)
                .setProtocolVersion(Frames.PROTOCOL_VERSION + 1).setSender("client")).build());
            assertThat(bad.closedByPeer()).isTrue();
            await().untilAsserted(() -> assertThat(log.warnings()).anyMatch(w -> w.contains("protocol version")));
        }
        assertStillServes();
    }

    @Test
    void anythingBeforeTheHandshakeOrFromAStrangerIsRefused() throws Exception {
        try (RawConnection noHandshake = new RawConnection(peers.get(N1))) {
            noHandshake.send(NodeProto.Frame.newBuilder().setRaft(raft(N2, N1, 1)).build());
            assertThat(noHandshake.closedByPeer()).isTrue();
        }
        try (RawConnection stranger = new RawConnection(peers.get(N1))) {
            stranger.send(Frames.handshake(CLUSTER, "n9"));
            assertThat(stranger.closedByPeer()).isTrue();
        }
        try (RawConnection impostor = new RawConnection(peers.get(N1))) {
            impostor.send(Frames.handshake(CLUSTER, "n2"));
            assertThat(impostor.receive().getHandshake().getSender()).isEqualTo("n1");
            impostor.send(NodeProto.Frame.newBuilder().setRaft(raft(NodeId.of("n3"), N1, 1)).build());
            assertThat(impostor.closedByPeer()).isTrue();
        }
        assertThat(sink1.raft).isEmpty();
        assertStillServes();
    }

    @Test
    void aTakenPortIsReportedWithItsAddress() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", taken.getLocalPort());
            Transport t3 = new Transport(NodeId.of("n3"), CLUSTER, Map.of(NodeId.of("n3"), address), sink1);
            try {
                assertThatThrownBy(() -> t3.start(address)).isInstanceOf(BindException.class)
                    .hasMessageContaining("n3 cannot listen on 127.0.0.1:" + taken.getLocalPort());
            } finally {
                t3.close();
            }
        }
    }

    private void assertStillServes() throws IOException {
        try (RawConnection good = clientConnection()) {
            good.send(NodeProto.Frame.newBuilder().setRequest(NodeProto.ClientRequest.newBuilder().setRequestId(1)
                .setStatus(NodeProto.StatusRequest.getDefaultInstance())).build());
            assertThat(good.receive().getResponse().hasAck()).isTrue();
        }
    }

    private RawConnection clientConnection() throws IOException {
        RawConnection c = new RawConnection(peers.get(N1));
        c.send(Frames.handshake(CLUSTER, Frames.CLIENT_SENDER));
        assertThat(c.receive().getHandshake().getSender()).isEqualTo("n1");
        return c;
    }

    private static NodeProto.RaftMessage raft(NodeId from, NodeId to, long term) {
        return NodeProto.RaftMessage.newBuilder().setGroupId(1).setFrom(from.value()).setTo(to.value()).setTerm(term)
            .setTimeoutNow(NodeProto.TimeoutNow.getDefaultInstance()).build();
    }

    static InetSocketAddress freeAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return new InetSocketAddress("127.0.0.1", s.getLocalPort());
        }
    }

    private record Received(NodeId peer, NodeProto.RaftMessage message) {}

    /** A Raft message carrying one entry of {@code bytes} bytes. */
    private static NodeProto.RaftMessage append(NodeId from, NodeId to, long term, int bytes) {
        return NodeProto.RaftMessage.newBuilder().setGroupId(1).setFrom(from.value()).setTo(to.value()).setTerm(term)
            .setAppendRequest(NodeProto.AppendRequest.newBuilder().addEntries(NodeProto.Entry.newBuilder()
                .setData(com.google.protobuf.ByteString.copyFrom(new byte[bytes])))).build();
    }

    private static final class RecordingSink implements InboundSink {
        final BlockingQueue<Received> raft = new LinkedBlockingQueue<>();
        private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
        private volatile boolean holding;

        /** Makes the next Raft message wait in the sink, which stops the connection's reads, until {@link #release}. */
        void hold() {
            holding = true;
        }

        void release() {
            holding = false;
            released.countDown();
        }

        @Override
        public void onRaft(NodeId peer, NodeProto.RaftMessage message) {
            raft.add(new Received(peer, message));
            if (holding) {
                try {
                    released.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void onRequest(NodeProto.ClientRequest request, Responder responder) {
            responder.reply(NodeProto.ClientResponse.newBuilder().setAck(NodeProto.Ack.getDefaultInstance()));
        }
    }
}
