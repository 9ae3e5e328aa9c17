package io.basalt.cli;

import io.basalt.common.NodeId;
import io.basalt.server.NodeConfig;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code n1=127.0.0.1:7101,n2=...} list, in the order given. An item without an id
 * gets {@code nK} after its position, so {@code --nodes 127.0.0.1:7101,127.0.0.1:7102} works too.
 */
public record PeerList(Map<NodeId, InetSocketAddress> addresses) {
    public PeerList {
        addresses = Collections.unmodifiableMap(new LinkedHashMap<>(addresses));
    }

    public static PeerList parse(String csv) {
        List<String> items = new ArrayList<>();
        int position = 0;
        for (String item : ClusterOptions.split(csv)) {
            position++;
            items.add(item.indexOf('=') < 0 ? "n" + position + "=" + item : item);
        }
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no nodes given");
        }
        return new PeerList(NodeConfig.parsePeers(items));
    }

    public NodeId find(String id) {
        NodeId nodeId = NodeId.of(id);
        if (!addresses.containsKey(nodeId)) {
            throw new IllegalArgumentException("unknown node " + id + "; the cluster has " + addresses.keySet());
        }
        return nodeId;
    }
}
