package io.basalt.server.sql;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.kv.client.KvTxns;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.Row;
import io.basalt.server.client.Transaction;
import io.basalt.txn.Isolation;
import io.basalt.txn.LockWait;
import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The key-value port over a {@link BasaltClient}, with deferred transactions
 * ({@link BasaltClient#beginDeferred}): the begin, held writes and reads asked for ahead travel
 * with the next read as the steps of one request to the group's leader, so an autocommit point
 * query costs one request and a commit. An open transaction that sits idle between statements (a psql user inside BEGIN)
 * is kept alive by a heartbeat every {@code heartbeatEveryMs}, so the leader's heartbeat
 * timeout ends only transactions whose gateway is gone, as PostgreSQL keeps an idle
 * transaction open for as long as its connection lives. Client failures keep their SQLSTATE; a failure without one becomes 40003 when the
 * outcome of a commit is unknown (PostgreSQL's statement_completion_unknown) and 08006 when no
 * node could be reached; either way the transaction is over.
 */
public final class ClientKvTxns implements KvTxns {
    static final String COMPLETION_UNKNOWN = "40003";
    static final String CONNECTION_FAILURE = "08006";

    private final BasaltClient client;
    private final long heartbeatEveryMs;
    private final Set<ClientKvTxn> open = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService heartbeats;

    public ClientKvTxns(BasaltClient client, long heartbeatEveryMs) {
        this.client = client;
        this.heartbeatEveryMs = heartbeatEveryMs;
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sql-txn-heartbeats");
            t.setDaemon(true);
            return t;
        });
        heartbeats.scheduleWithFixedDelay(this::heartbeatIdle, heartbeatEveryMs, heartbeatEveryMs,
            TimeUnit.MILLISECONDS);
    }

    @Override
    public KvTxn begin(boolean readOnly, Isolation isolation) throws KvException {
        ClientKvTxn t = new ClientKvTxn(client.beginDeferred(readOnly,
            isolation == null ? Isolation.SERIALIZABLE : isolation));
        open.add(t);
        return t;
    }

    /** Stops the heartbeats; open transactions then end by the leader's timeout. */
    public void close() {
        heartbeats.shutdownNow();
    }

    private void heartbeatIdle() {
        long now = System.nanoTime();
        for (ClientKvTxn t : open) {
            if (now - t.lastUsedNanos >= TimeUnit.MILLISECONDS.toNanos(heartbeatEveryMs)) {
                t.heartbeatIfIdle();
            }
        }
    }

    static KvException convert(ClientException e) {
        if (e.sqlState() != null) {
            return new KvException(e.getMessage(), e.sqlState(), e.transactionAborted(), e);
        }
        if (e.outcomeUnknown()) {
            return new KvException(e.getMessage(), COMPLETION_UNKNOWN, true, e);
        }
        return new KvException(e.getMessage(), CONNECTION_FAILURE, true, e);
    }

    /**
     * One transaction; its steps go to the leader that began it. Steps run one at a time on the
     * session's thread; the heartbeat thread only sends when no step is running.
     */
    private final class ClientKvTxn implements KvTxn {
        private final Transaction txn;
        private final ReentrantLock stepping = new ReentrantLock();
        private volatile long lastUsedNanos = System.nanoTime();

        ClientKvTxn(Transaction txn) {
            this.txn = txn;
        }

        private interface Step<T> {
            T run() throws ClientException;
        }

        private <T> T step(Step<T> s) throws KvException {
            stepping.lock();
            try {
                return s.run();
            } catch (ClientException e) {
                throw convert(e);
            } finally {
                lastUsedNanos = System.nanoTime();
                stepping.unlock();
            }
        }

        void heartbeatIfIdle() {
            if (!stepping.tryLock()) {
                return;
            }
            try {
                txn.heartbeat();
            } catch (ClientException e) {
                // The next statement reports what happened to the transaction.
            } finally {
                lastUsedNanos = System.nanoTime();
                stepping.unlock();
            }
        }

        @Override
        public byte[] get(byte[] key) throws KvException {
            return step(() -> txn.get(key));
        }

        @Override
        public byte[] getForUpdate(byte[] key) throws KvException {
            return step(() -> txn.getForUpdate(key));
        }

        @Override
        public byte[] getLocked(byte[] key, boolean forUpdate, LockWait wait) throws KvException {
            return step(() -> txn.get(key, forUpdate, wait));
        }

        @Override
        public void prefetch(byte[] key) {
            stepping.lock();
            try {
                txn.prefetch(key);
            } finally {
                stepping.unlock();
            }
        }

        @Override
        public void flush() throws KvException {
            step(() -> {
                txn.flush();
                return null;
            });
        }

        @Override
        public void put(byte[] key, byte[] value) throws KvException {
            step(() -> {
                txn.put(key, value);
                return null;
            });
        }

        @Override
        public void delete(byte[] key) throws KvException {
            step(() -> {
                txn.delete(key);
                return null;
            });
        }

        @Override
        public List<KvRow> scan(byte[] start, byte[] end, int limit) throws KvException {
            return scan(start, end, limit, LockWait.WAIT);
        }

        @Override
        public List<KvRow> scan(byte[] start, byte[] end, int limit, LockWait wait) throws KvException {
            return step(() -> {
                List<Row> rows = txn.scan(start, end, limit, wait);
                List<KvRow> out = new ArrayList<>(rows.size());
                for (Row r : rows) {
                    out.add(new KvRow(r.key(), r.value()));
                }
                return out;
            });
        }

        @Override
        public Timestamp commit() throws KvException {
            try {
                return step(txn::commit);
            } finally {
                open.remove(this);
            }
        }

        @Override
        public void abort() throws KvException {
            try {
                step(() -> {
                    txn.abort();
                    return null;
                });
            } finally {
                open.remove(this);
            }
        }

        @Override
        public void close() {
            open.remove(this);
            stepping.lock();
            try {
                txn.close();
            } finally {
                stepping.unlock();
            }
        }
    }
}
