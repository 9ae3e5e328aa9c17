package io.basalt.bench;

import io.basalt.common.NodeId;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.NettyBasaltClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses {@code n1=127.0.0.1:7101,...} and opens Basalt clients: the one place the bench names the client class. */
final class BasaltClients {
    static final String CLUSTER_ID = "basalt";

    private BasaltClients() {}

    /** {@code id=host:port} items separated by commas, in the order given. */
    static Map<NodeId, InetSocketAddress> parse(String endpoints) {
        Map<NodeId, InetSocketAddress> out = new LinkedHashMap<>();
        int n = 0;
        for (String item : endpoints.split(",")) {
            String s = item.trim();
            if (s.isEmpty()) {
                continue;
            }
            n++;
            int eq = s.indexOf('=');
            String id = eq < 0 ? "n" + n : s.substring(0, eq);
            String hostPort = eq < 0 ? s : s.substring(eq + 1);
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("endpoint must be ID=HOST:PORT: '" + s + "'");
            }
            out.put(NodeId.of(id), new InetSocketAddress(hostPort.substring(0, colon),
                Integer.parseInt(hostPort.substring(colon + 1))));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no endpoints in '" + endpoints + "'");
        }
        return out;
    }

    /** A client of the whole cluster (it finds and follows the leader); every call gives up after {@code timeout}. */
    static BasaltClient connect(String endpoints, Duration timeout) {
        return NettyBasaltClient.connect(CLUSTER_ID, parse(endpoints), timeout);
    }
}
