package io.basalt.cli;

import io.basalt.common.NodeId;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.NettyBasaltClient;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Opens the cluster client every command uses. */
final class Clients {
    private Clients() {}

    static BasaltClient connect(PeerList peers, String clusterId, Duration timeout) {
        Map<NodeId, InetSocketAddress> resolved = new LinkedHashMap<>();
        peers.addresses().forEach((id, a) -> resolved.put(id, new InetSocketAddress(a.getHostString(), a.getPort())));
        return NettyBasaltClient.connect(clusterId, resolved, timeout);
    }
}
