package io.basalt.pgwire;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.pgwire.RawPgClient.Msg;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A client that pipelines far more than the inbox holds still gets every answer, in order. */
@Timeout(60)
class BackpressureTest {
    private static final int EXECUTIONS = 5_000;

    @Test
    void pipelinedBindsAreAnsweredInOrderWithATinyInbox() throws Exception {
        ScriptedSqlService engine = new ScriptedSqlService();
        try (PgServer server = PgServer.start("127.0.0.1", 0, engine, PgServerConfig.defaults().withInboxMessagesMax(4));
             RawPgClient c = RawPgClient.login(server.port(), "pipe")) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            all.writeBytes(RawPgClient.parse("s", "SELECT $1::int4", 23));
            for (int i = 0; i < EXECUTIONS; i++) {
                all.writeBytes(RawPgClient.bind("", "s", new short[0],
                    new byte[][] {Integer.toString(i).getBytes(StandardCharsets.UTF_8)}));
                all.writeBytes(RawPgClient.execute("", 0));
            }
            all.writeBytes(RawPgClient.sync());
            // Written from another thread: the server stops reading while its inbox is full, so
            // a client that only wrote would deadlock against a server that only wrote.
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    c.send(all.toByteArray());
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            List<Msg> got = c.readUntil('Z');
            writer.get();
            List<String> values = new ArrayList<>();
            for (Msg m : got) {
                if (m.type() == 'D') {
                    values.add(m.values().get(0));
                }
            }
            assertThat(values).hasSize(EXECUTIONS);
            for (int i = 0; i < EXECUTIONS; i++) {
                assertThat(values.get(i)).isEqualTo(Integer.toString(i));
            }
            assertThat(got.getLast().toString()).isEqualTo("Z(I)");
        }
    }

    /**
     * A result far larger than the socket buffers, read only after a pause: the server's writes
     * stop fitting in the kernel, the rest queues in Netty, and later answers on the same
     * connection still come after it, complete and in order.
     */
    @Test
    void aLargeResultToAClientThatReadsLateArrivesWholeAndInOrder() throws Exception {
        ScriptedSqlService engine = new ScriptedSqlService();
        int rows = 400_000;
        try (PgServer server = PgServer.start("127.0.0.1", 0, engine, PgServerConfig.defaults());
             RawPgClient c = RawPgClient.login(server.port(), "slow")) {
            for (int round = 0; round < 3; round++) {
                c.send(RawPgClient.query("SELECT generate_series(1, " + rows + ")"), RawPgClient.query("SELECT 7"));
                Thread.sleep(300);  // the server fills the socket buffers and waits
                List<Msg> got = c.readUntil('Z');
                assertThat(got).hasSize(rows + 3);
                for (int i = 0; i < rows; i++) {
                    assertThat(got.get(1 + i).values()).containsExactly(Integer.toString(i + 1));
                }
                List<Msg> next = c.readUntil('Z');
                assertThat(next.get(1).values()).as("the answer after the large one").containsExactly("7");
            }
        }
    }
}
