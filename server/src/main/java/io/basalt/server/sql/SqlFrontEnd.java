package io.basalt.server.sql;

import io.basalt.common.NodeId;
import io.basalt.pgwire.PgServer;
import io.basalt.pgwire.PgServerConfig;
import io.basalt.server.NodeConfig;
import io.basalt.server.NodeStartException;
import io.basalt.server.client.NettyBasaltClient;
import io.basalt.server.transport.InboundSink;
import io.basalt.sql.session.SqlEngine;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A node's SQL port: the PostgreSQL wire protocol server and the SQL engine behind it, which
 * reaches the group's leader through a node-to-node client. The client tries this node first and
 * reaches it by a method call, so a statement received by the leader goes no further than its
 * own event loop; a follower forwards to the leader over TCP.
 */
public final class SqlFrontEnd implements AutoCloseable {
    /** How long one key-value request may take before the statement fails. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final NettyBasaltClient client;
    private final ClientKvTxns kv;
    private final PgServer server;

    private SqlFrontEnd(NettyBasaltClient client, ClientKvTxns kv, PgServer server) {
        this.client = client;
        this.kv = kv;
        this.server = server;
    }

    /** Starts the SQL port of the node {@code config} describes, whose requests {@code self} routes. */
    public static SqlFrontEnd start(NodeConfig config, InboundSink self) {
        Map<NodeId, InetSocketAddress> nodes = new LinkedHashMap<>();
        nodes.put(config.id(), config.peers().get(config.id()));
        nodes.putAll(config.peers());
        NettyBasaltClient client = NettyBasaltClient.inProcess(config.clusterId(), nodes, REQUEST_TIMEOUT, config.id(),
            self);
        InetSocketAddress at = config.sqlListen();
        // Three heartbeats per timeout: one lost or late heartbeat never ends a live transaction.
        ClientKvTxns kv = new ClientKvTxns(client, Math.max(1, config.txn().heartbeatTimeoutMs() / 3));
        try {
            SqlEngine engine = new SqlEngine(kv, Clock.systemUTC());
            PgServer server = PgServer.start(at.getHostString(), at.getPort(), engine, PgServerConfig.defaults());
            return new SqlFrontEnd(client, kv, server);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kv.close();
            client.close();
            throw new NodeStartException("node " + config.id() + ": interrupted while binding the SQL port " + at, e);
        } catch (RuntimeException e) {
            kv.close();
            client.close();
            throw new NodeStartException("node " + config.id() + " cannot serve SQL on " + at + ": " + e.getMessage(), e);
        }
    }

    /** The bound SQL address (the actual port when 0 was asked). */
    public InetSocketAddress address() {
        return server.address();
    }

    /** Connections open on the SQL port now. */
    public int connections() {
        return server.connections();
    }

    @Override
    public void close() {
        server.close();
        kv.close();
        client.close();
    }
}
