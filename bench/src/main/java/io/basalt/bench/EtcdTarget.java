package io.basalt.bench;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import java.util.concurrent.TimeUnit;

/** etcd v3 through its gRPC client: the replicated-write baseline. */
final class EtcdTarget implements KvTarget {
    private final Client client;
    private final KV kv;

    EtcdTarget(Client client) {
        this.client = client;
        this.kv = client.getKVClient();
    }

    static Client connect(String endpoints) {
        return Client.builder().endpoints(endpoints.split(",")).build();
    }

    @Override
    public void put(byte[] key, byte[] value) throws Exception {
        kv.put(ByteSequence.from(key), ByteSequence.from(value)).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        // The jetcd client is shared by all load threads and closed by KvLoad.
    }

    Client client() {
        return client;
    }
}
