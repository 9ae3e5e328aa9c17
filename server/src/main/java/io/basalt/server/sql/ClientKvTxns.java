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
import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * The key-value port over a {@link BasaltClient}: each operation is a request to the group's
 * leader. Client failures keep their SQLSTATE; a failure without one becomes 40003 when the
 * outcome of a commit is unknown (PostgreSQL's statement_completion_unknown) and 08006 when no
 * node could be reached; either way the transaction is over.
 */
public final class ClientKvTxns implements KvTxns {
    static final String COMPLETION_UNKNOWN = "40003";
    static final String CONNECTION_FAILURE = "08006";

    private final BasaltClient client;

    public ClientKvTxns(BasaltClient client) {
        this.client = client;
    }

    @Override
    public KvTxn begin(boolean readOnly, Isolation isolation) throws KvException {
        try {
            return new ClientKvTxn(client.begin(readOnly, isolation == null ? Isolation.SERIALIZABLE : isolation));
        } catch (ClientException e) {
            throw convert(e);
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

    /** One transaction; its steps go to the leader that began it. */
    private record ClientKvTxn(Transaction txn) implements KvTxn {
        @Override
        public byte[] get(byte[] key) throws KvException {
            try {
                return txn.get(key);
            } catch (ClientException e) {
                throw convert(e);
            }
        }

        @Override
        public byte[] getForUpdate(byte[] key) throws KvException {
            try {
                return txn.getForUpdate(key);
            } catch (ClientException e) {
                throw convert(e);
            }
        }

        @Override
        public void put(byte[] key, byte[] value) throws KvException {
            try {
                txn.put(key, value);
            } catch (ClientException e) {
                throw convert(e);
            }
        }

        @Override
        public void delete(byte[] key) throws KvException {
            try {
                txn.delete(key);
            } catch (ClientException e) {
                throw convert(e);
            }
        }

        @Override
        public List<KvRow> scan(byte[] start, byte[] end, int limit) throws KvException {
            try {
                List<Row> rows = txn.scan(start, end, limit);
                List<KvRow> out = new ArrayList<>(rows.size());
                for (Row r : rows) {
                    out.add(new KvRow(r.key(), r.value()));
                }
                return out;
            } catch (ClientException e) {
                throw convert(e);
            }
        }

        @Override
        public Timestamp commit() throws KvException {
            try {
                return txn.commit();
            } catch (ClientException e) {
                throw convert(e);
            }
        }

        @Override
        public void abort() throws KvException {
            try {
                txn.abort();
            } catch (ClientException e) {
                throw convert(e);
            }
        }

        @Override
        public void close() {
            txn.close();
        }
    }
}
