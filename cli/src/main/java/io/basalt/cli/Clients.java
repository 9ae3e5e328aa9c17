package io.basalt.cli;

import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.NettyBasaltClient;
import java.time.Duration;

/** Opens the cluster client every command uses. */
final class Clients {
    private Clients() {}

    static BasaltClient connect(PeerList peers, String clusterId, Duration timeout) {
        return NettyBasaltClient.connect(clusterId, peers.addresses(), timeout);
    }
}
