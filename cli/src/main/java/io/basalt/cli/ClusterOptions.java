package io.basalt.cli;

import io.basalt.server.client.BasaltClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the cluster is: the node addresses a client command may talk to. */
public final class ClusterOptions {
    /** The demo cluster's nodes, so commands work without flags next to {@code basalt demo}. */
    public static final String DEMO_NODES = "n1=127.0.0.1:7101,n2=127.0.0.1:7102,n3=127.0.0.1:7103";

    @Option(names = {"--nodes", "--peers"}, paramLabel = "ID=HOST:PORT,...",
        description = "Nodes of the cluster (default: the demo cluster, ${DEFAULT-VALUE}).",
        defaultValue = DEMO_NODES)
    String nodes;

    @Option(names = "--cluster-id", description = "Cluster id (default: ${DEFAULT-VALUE}).", defaultValue = "basalt")
    String clusterId;

    @Option(names = "--timeout-ms", description = "Timeout of one call (default: ${DEFAULT-VALUE}).", defaultValue = "5000")
    long timeoutMs;

    public PeerList peers() {
        return PeerList.parse(nodes);
    }

    public BasaltClient connect() {
        return Clients.connect(peers(), clusterId, Duration.ofMillis(timeoutMs));
    }

    /** Splits a comma-separated option, trimming blanks. */
    static List<String> split(String csv) {
        List<String> out = new ArrayList<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.trim());
            }
        }
        return out;
    }
}
