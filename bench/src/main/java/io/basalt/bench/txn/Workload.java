package io.basalt.bench.txn;

import io.basalt.server.client.ClientException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One unit of closed-loop work for one load thread: a transaction (retried whole until it
 * commits) or a single write. Returns when the unit is done; throws when it failed for good,
 * and the loop counts the failure and starts the next unit.
 */
interface Workload {
    void run(ThreadLocalRandom rnd, Tally tally) throws ClientException;
}
