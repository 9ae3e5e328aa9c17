package io.basalt.cli;

import io.basalt.common.NodeId;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** A parsed {@code n1=127.0.0.1:7101,n2=...} list, in the order given. */
public record PeerList(Map<NodeId, InetSocketAddress> addresses) {
    public PeerList {
        addresses = Collections.unmodifiableMap(new LinkedHashMap<>(addresses));
    }

    public static PeerList parse(String csv) {
        Map<NodeId, InetSocketAddress> out = new LinkedHashMap<>();
        int n = 0;
        for (String item : ClusterOptions.split(csv)) {
            n++;
            String id;
            String hostPort;
            int eq = item.indexOf('=');
            if (eq < 0) {
                id = "n" + n;
                hostPort = item;
            } else {
                id = item.substring(0, eq);
                hostPort = item.substring(eq + 1);
            }
            NodeId nodeId = NodeId.of(id);
            if (out.put(nodeId, parseAddress(hostPort)) != null) {
                throw new IllegalArgumentException("node id " + id + " appears twice in '" + csv + "'");
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no nodes given");
        }
        return new PeerList(out);
    }

    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new IllegalArgumentException("address must be HOST:PORT: '" + hostPort + "'");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port is not a number in '" + hostPort + "'");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range in '" + hostPort + "'");
        }
        return InetSocketAddress.createUnresolved(hostPort.substring(0, colon), port);
    }

    public NodeId find(String id) {
        NodeId nodeId = NodeId.of(id);
        if (!addresses.containsKey(nodeId)) {
            throw new IllegalArgumentException("unknown node " + id + "; the cluster has " + addresses.keySet());
        }
        return nodeId;
    }
}
