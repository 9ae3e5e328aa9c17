package io.basalt.bench;

import io.etcd.jetcd.Client;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Makes one connection per load thread for the named system. */
final class Targets {
    /** Load threads per shared etcd gRPC client: gRPC multiplexes calls over one HTTP/2 connection. */
    private static final int ETCD_THREADS_PER_CONNECTION = 8;
    private static final List<Client> SHARED = new ArrayList<>();

    private Targets() {}

    static Supplier<KvTarget> factory(String target, String endpoints) {
        return switch (target) {
            case "etcd" -> {
                int[] made = {0};
                yield () -> {
                    if (made[0]++ % ETCD_THREADS_PER_CONNECTION == 0) {
                        SHARED.add(EtcdTarget.connect(endpoints));
                    }
                    return new EtcdTarget(SHARED.getLast());
                };
            }
            case "basalt" -> () -> BasaltTarget.connect(endpoints);
            default -> throw new IllegalArgumentException("unknown target " + target + " (basalt or etcd)");
        };
    }

    static void closeShared() {
        SHARED.forEach(Client::close);
        SHARED.clear();
    }
}
