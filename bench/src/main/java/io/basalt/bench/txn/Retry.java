package io.basalt.bench.txn;

import io.basalt.bench.LatencyRecorder;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.Transaction;
import io.basalt.txn.Isolation;

/**
 * Runs a transaction body and commits, as an application would: when the server ends the
 * transaction (deadlock victim 40P01, lock timeout 55P03, retry 40001...) the whole
 * transaction is retried at once, with no backoff. Other failures end the unit.
 */
final class Retry {
    /** The statements of one attempt, between begin and commit. */
    interface Body {
        void run(Transaction t) throws ClientException;
    }

    private Retry() {}

    /**
     * Retries until a commit succeeds. After {@link Tally#giveUpAtNanos} an abort is no longer
     * retried: a phase must end even if its transactions keep losing.
     */
    static void untilCommitted(BasaltClient client, boolean readOnly, Body body, Tally tally) throws ClientException {
        while (true) {
            tally.attempt();
            boolean committing = false;
            try (Transaction t = client.begin(readOnly, Isolation.SERIALIZABLE)) {
                body.run(t);
                committing = true;
                long c0 = System.nanoTime();
                t.commit();
                if (tally.counting) {
                    tally.commitLatencyRecorder.record(System.nanoTime() - c0);
                }
                tally.committedAll++;
                return;
            } catch (ClientException e) {
                if (committing && e.outcomeUnknown()) {
                    tally.unknownAll++;
                }
                if (!e.transactionAborted() || System.nanoTime() - tally.giveUpAtNanos > 0) {
                    throw e;
                }
                tally.abort(e.sqlState());
            }
        }
    }

    /** A short name for a failure that ends a unit: its SQLSTATE, else what kind of client failure it was. */
    static String kind(ClientException e) {
        if (e.sqlState() != null) {
            return e.sqlState();
        }
        return e.outcomeUnknown() ? "outcome-unknown" : "client";
    }
}
