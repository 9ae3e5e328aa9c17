package io.basalt.sql.session;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.sql.catalog.CatalogStore;
import io.basalt.txn.LockWait;
import io.basalt.txn.Timestamp;
import java.util.List;

/**
 * The transaction as a statement sees it while the statement runs on a catalog the transaction
 * has not read yet: the node's newest, which the transaction most likely sees too. The
 * catalog version key is read ahead ({@link KvTxn#prefetch}) with the statement's first
 * request; right after that request, and before anything the statement writes is sent, the
 * version read is compared with the assumed one. A different version stops the statement with
 * {@link StaleCatalog}, and the session plans it again on the catalog the transaction does see
 * and runs it again. So an autocommit point query costs one request where reading the version
 * first cost two, and a statement never acts on a catalog its transaction does not see.
 */
final class CatalogCheckedTxn implements KvTxn {
    /** The statement assumed a catalog its transaction does not see; nothing it wrote was sent. */
    static final class StaleCatalog extends RuntimeException {
        StaleCatalog(long assumed, long seen) {
            super("planned on catalog version " + assumed + ", the transaction sees " + seen, null, false, false);
        }
    }

    private final KvTxn txn;
    private final long assumed;
    private final Runnable onConfirmed;
    private boolean confirmed;

    /** Asks {@code txn} to read the version ahead; {@code onConfirmed} runs once the version matched. */
    CatalogCheckedTxn(KvTxn txn, long assumed, Runnable onConfirmed) {
        this.txn = txn;
        this.assumed = assumed;
        this.onConfirmed = onConfirmed;
        txn.prefetch(CatalogStore.versionKey());
    }

    /** Compares the version read ahead (read now if no request has carried it yet). */
    private void confirm() throws KvException {
        if (confirmed) {
            return;
        }
        long seen = CatalogStore.versionOf(txn.get(CatalogStore.versionKey()));
        if (seen != assumed) {
            throw new StaleCatalog(assumed, seen);
        }
        confirmed = true;
        onConfirmed.run();
    }

    @Override
    public byte[] get(byte[] key) throws KvException {
        byte[] v = txn.get(key);
        confirm();
        return v;
    }

    @Override
    public byte[] getForUpdate(byte[] key) throws KvException {
        byte[] v = txn.getForUpdate(key);
        confirm();
        return v;
    }

    @Override
    public byte[] getLocked(byte[] key, boolean forUpdate, LockWait wait) throws KvException {
        byte[] v = txn.getLocked(key, forUpdate, wait);
        confirm();
        return v;
    }

    @Override
    public List<KvRow> scan(byte[] start, byte[] end, int limit) throws KvException {
        List<KvRow> rows = txn.scan(start, end, limit);
        confirm();
        return rows;
    }

    @Override
    public List<KvRow> scan(byte[] start, byte[] end, int limit, LockWait wait) throws KvException {
        List<KvRow> rows = txn.scan(start, end, limit, wait);
        confirm();
        return rows;
    }

    @Override
    public void put(byte[] key, byte[] value) throws KvException {
        confirm();
        txn.put(key, value);
    }

    @Override
    public void delete(byte[] key) throws KvException {
        confirm();
        txn.delete(key);
    }

    @Override
    public void prefetch(byte[] key) {
        txn.prefetch(key);
    }

    @Override
    public void flush() throws KvException {
        txn.flush();
    }

    @Override
    public Timestamp commit() throws KvException {
        throw new IllegalStateException("a statement does not commit its session's transaction");
    }

    @Override
    public void abort() throws KvException {
        throw new IllegalStateException("a statement does not roll back its session's transaction");
    }

    @Override
    public void close() {
        throw new IllegalStateException("a statement does not end its session's transaction");
    }
}
