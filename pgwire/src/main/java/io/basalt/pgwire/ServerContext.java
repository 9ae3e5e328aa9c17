package io.basalt.pgwire;

import io.basalt.sql.api.SqlService;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** What every connection of one {@link PgServer} shares: the engine, the limits, the cancel keys and the connection count. */
final class ServerContext {
    final SqlService service;
    final PgServerConfig config;
    final BackendKeys keys = new BackendKeys();
    /** The SQL threads of open connections, so that closing the server can wait for them. */
    final Set<Thread> connectionThreads = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();

    ServerContext(SqlService service, PgServerConfig config) {
        this.service = service;
        this.config = config;
    }

    /**
     * Counts a new connection; false when that makes more than {@code maxConnections}. The
     * count is taken either way and given back by {@link #release()}, so a refused client
     * still holds a slot until its socket is gone.
     */
    boolean admit() {
        return connections.incrementAndGet() <= config.maxConnections();
    }

    void release() {
        connections.decrementAndGet();
    }

    int connections() {
        return connections.get();
    }
}
