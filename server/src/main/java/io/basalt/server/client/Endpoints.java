package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.server.proto.NodeProto.ClientRequest;
import io.basalt.server.proto.NodeProto.ClientResponse;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The nodes a client knows, their connections (opened on first use, reopened after a loss) and
 * the node it believes leads. Nodes named only by address learn their id from the handshake;
 * a redirect to an address not yet known adds it.
 */
final class Endpoints implements AutoCloseable {
    static final class Endpoint {
        final InetSocketAddress address;
        volatile NodeId id;
        private Connection connection;

        Endpoint(InetSocketAddress address, NodeId id) {
            this.address = address;
            this.id = id;
        }

        String key() {
            return address.getHostString() + ":" + address.getPort();
        }

        @Override
        public String toString() {
            return (id == null ? "node" : id.value()) + " at " + key();
        }
    }

    private final EventLoopGroup group;
    private final String clusterId;
    private final long timeoutMs;
    private final List<Endpoint> all = new CopyOnWriteArrayList<>();
    /** The node this client runs inside, reached without a socket; null for a client of its own. */
    private final LocalConnection local;
    private volatile Endpoint leader;

    Endpoints(EventLoopGroup group, String clusterId, long timeoutMs, Map<NodeId, InetSocketAddress> known,
              List<InetSocketAddress> unnamed, LocalConnection local) {
        this.group = group;
        this.clusterId = clusterId;
        this.timeoutMs = timeoutMs;
        this.local = local;
        known.forEach((id, address) -> all.add(new Endpoint(address, id)));
        unnamed.forEach(address -> all.add(new Endpoint(address, null)));
    }

    /** The open connection to {@code e}, connecting (again) if needed. */
    Connection connection(Endpoint e) throws IOException {
        if (local != null && local.node().equals(e.id)) {
            return local;
        }
        synchronized (e) {
            if (e.connection == null || !e.connection.isOpen()) {
                if (e.connection != null) {
                    e.connection.close();
                }
                e.connection = NodeConnection.open(group, e.address, clusterId, timeoutMs);
                e.id = e.connection.node();
            }
            return e.connection;
        }
    }

    /** The connection to {@code e} if it is open now (or local), else null: never dials. */
    Connection connectedOrNull(Endpoint e) {
        if (local != null && local.node().equals(e.id)) {
            return local;
        }
        synchronized (e) {
            return e.connection != null && e.connection.isOpen() ? e.connection : null;
        }
    }

    Endpoint leaderOrFirst() {
        Endpoint l = leader;
        return l != null ? l : all.getFirst();
    }

    void leader(Endpoint e) {
        leader = e;
    }

    /** The endpoint after {@code e}, round robin. */
    Endpoint next(Endpoint e) {
        int i = all.indexOf(e);
        return all.get((i + 1) % all.size());
    }

    /** The endpoint at {@code hostPort}, added if the client did not know it. */
    Endpoint byAddress(String hostPort, NodeId id) {
        for (Endpoint e : all) {
            if (e.key().equals(hostPort)) {
                return e;
            }
        }
        Endpoint added = new Endpoint(io.basalt.server.NodeConfig.parseAddress(hostPort), id);
        all.add(added);
        return added;
    }

    /** Every node id the client can name, connecting to nodes known only by address. */
    List<NodeId> allIds() {
        List<NodeId> ids = new ArrayList<>();
        for (Endpoint e : all) {
            if (e.id == null) {
                try {
                    connection(e);
                } catch (IOException unreachable) {
                    continue;
                }
            }
            ids.add(e.id);
        }
        return ids;
    }

    /** Sends {@code request} to {@code node} itself (no redirects) and waits for its answer. */
    ClientResponse ask(NodeId node, ClientRequest.Builder request) throws ClientException {
        Endpoint e = byId(node);
        CompletableFuture<ClientResponse> f;
        Connection c;
        try {
            c = connection(e);
            f = c.send(request);
        } catch (IOException unreachable) {
            throw new ClientException("node " + node + " is unreachable: " + unreachable.getMessage(), false, unreachable);
        }
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new ClientException("interrupted while waiting for " + node, true, ie);
        } catch (ExecutionException lost) {
            throw new ClientException("lost the connection to node " + node + " before it answered: "
                + lost.getCause().getMessage(), true, lost);
        } catch (TimeoutException silent) {
            // A connection that stays silent may be wedged: the next call dials afresh.
            c.close();
            throw new ClientException("node " + node + " did not answer within " + timeoutMs + " ms", true, silent);
        }
    }

    private Endpoint byId(NodeId node) throws ClientException {
        for (int pass = 0; pass < 2; pass++) {
            for (Endpoint e : all) {
                if (node.equals(e.id)) {
                    return e;
                }
            }
            allIds(); // learn the ids of nodes known only by address, then look again
        }
        throw new ClientException("node " + node + " is not among the nodes this client knows: " + all, false);
    }

    @Override
    public void close() {
        for (Endpoint e : all) {
            synchronized (e) {
                if (e.connection != null) {
                    e.connection.close();
                }
            }
        }
    }
}
