package io.basalt.bench;

import io.basalt.server.client.BasaltClient;
import java.time.Duration;

/**
 * Basalt through its own client ({@code NettyBasaltClient}): one client, hence one connection per
 * node, per load thread. The client issues one write at a time, finds the leader and follows
 * redirects; a put returns once the write is committed under the cluster's replication mode.
 */
final class BasaltTarget implements KvTarget {
    /** Long enough that a slow write under load counts as slow, not as an error. */
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final BasaltClient client;

    private BasaltTarget(BasaltClient client) {
        this.client = client;
    }

    /** {@code endpoints}: {@code n1=127.0.0.1:7101,n2=127.0.0.1:7102,...}. */
    static KvTarget connect(String endpoints) {
        return new BasaltTarget(BasaltClients.connect(endpoints, TIMEOUT));
    }

    @Override
    public void put(byte[] key, byte[] value) throws Exception {
        client.put(key, value);
    }

    @Override
    public void close() {
        client.close();
    }
}
