package io.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.basalt.server.client.BasaltClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code basalt start --http-listen} on real processes: what Prometheus would see on the
 * survivors when the leader is killed with SIGKILL.
 */
class MetricsProcessTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void theNewLeadersMetricsShowItsTermAndTheKilledNodeFallingBehind() throws Exception {
        try (NodeProcesses nodes = new NodeProcesses(dir, 3).withHttp(); BasaltClient client = nodes.client()) {
            nodes.startAll();
            String leader = nodes.awaitLeader(client, Duration.ofSeconds(60));
            for (int i = 0; i < 20; i++) {
                client.put(bytes("k" + i), bytes("v"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> nodes.log(leader).contains(
                "serving metrics on http://127.0.0.1:" + nodes.httpPorts.get(leader) + "/metrics"));
            String before = scrape(nodes, leader);
            assertThat(gauge(before, "basalt_raft_leader", leader)).isEqualTo(1);
            double term = gauge(before, "basalt_raft_term", leader);

            nodes.kill(leader);
            String next = nodes.awaitLeader(client, Duration.ofSeconds(60));
            for (int i = 0; i < 50; i++) {
                client.put(bytes("after" + i), bytes("v"));
            }
            String follower = nodes.running.keySet().stream().filter(id -> !id.equals(next)).findFirst().orElseThrow();
            String after = await().atMost(Duration.ofSeconds(10)).until(() -> scrape(nodes, next),
                text -> follower(text, "basalt_raft_follower_lag_entries", follower) == 0);
            assertThat(gauge(after, "basalt_raft_leader", next)).isEqualTo(1);
            assertThat(gauge(after, "basalt_raft_term", next)).isGreaterThan(term);
            assertThat(follower(after, "basalt_raft_follower_lag_entries", leader))
                .as("the killed node lacks every write since").isGreaterThanOrEqualTo(50);
            assertThat(gauge(scrape(nodes, follower), "basalt_raft_leader", follower)).isZero();
            assertThat(get(nodes, follower, "/health").statusCode()).isEqualTo(200);
        }
    }

    private static String scrape(NodeProcesses nodes, String id) throws IOException, InterruptedException {
        HttpResponse<String> r = get(nodes, id, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static HttpResponse<String> get(NodeProcesses nodes, String id, String path)
        throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + nodes.httpPorts.get(id) + path);
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** The value of group 1's sample of {@code name} on {@code node}. */
    private static double gauge(String text, String name, String node) {
        return sample(text, name, "group=\"1\",node=\"" + node + "\"");
    }

    /** The value of the leader's sample of {@code name} for replica {@code peer}. */
    private static double follower(String text, String name, String peer) {
        return sample(text, name, "peer=\"" + peer + "\"");
    }

    private static double sample(String text, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*" + Pattern.quote(labels) + "[^}]*} (\\S+)$")
            .matcher(text);
        if (!m.find()) {
            throw new AssertionError("no sample " + name + " with " + labels + " in:\n" + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
