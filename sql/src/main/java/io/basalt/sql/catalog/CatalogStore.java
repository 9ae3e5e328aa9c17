package io.basalt.sql.catalog;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.kv.client.KvTxns;
import io.basalt.sql.store.KvErrors;
import io.basalt.sql.store.SqlKeys;
import io.basalt.txn.Isolation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The catalog in the replicated store, under table id 0 (see io.basalt.sql.store's
 * package-info): a version key, one record per table, sequences and counters.
 *
 * <p><b>How DDL serializes against everything else.</b> {@link #load} reads the version key
 * inside the caller's transaction, so under SERIALIZABLE every transaction that used the
 * catalog holds a shared lock on it until it ends. DDL takes the exclusive lock on the same
 * key ({@link #lockForDdl}) before it changes anything, so a DDL statement waits for every
 * transaction that read the catalog to finish, and every later transaction waits for the DDL
 * to commit or roll back. No statement ever runs against a catalog that changes under it.
 * A read-only transaction reads the key in its snapshot without a lock and sees the catalog
 * of its snapshot, which is equally consistent. The price: DDL waits for long transactions,
 * and a long DDL (an index build) stalls new transactions; this is PostgreSQL's ACCESS
 * EXCLUSIVE lock taken for every table at once.
 *
 * <p><b>READ COMMITTED is the gap.</b> Its reads take no locks, so a READ COMMITTED
 * transaction that loaded the catalog does not hold DDL off: a CREATE INDEX or ADD CONSTRAINT
 * committed meanwhile is not seen by its later writes, which then miss the new index entry or
 * constraint. Closing it needs a shared-lock read in the key-value API (a getForShare that
 * locks at every isolation level) for the version key of writing transactions; until then
 * DDL is safe against SERIALIZABLE transactions (the default) and read-only ones only.
 *
 * <p><b>Versions and the cache.</b> DDL writes its changed table records and a new version in
 * its own transaction, so it commits or rolls back with it. Each DDL statement draws its
 * version from a non-transactional counter while it holds the version key's exclusive lock,
 * so committed versions only grow and no two catalog contents, rolled back or not, share a
 * version. That makes a version a safe cache key: the cache maps version to catalog, and a
 * transaction that finds the current version in it reads nothing more.
 */
public final class CatalogStore {
    /** Catalog versions kept in memory; a node rarely needs more than the newest one or two. */
    static final int CACHE_VERSIONS_MAX = 8;
    /** Table records read per scan request while loading. */
    static final int LOAD_PAGE_RECORDS = 1000;

    private final KvTxns kv;
    private final Map<Long, CatalogSnapshot> cache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, CatalogSnapshot> eldest) {
            return size() > CACHE_VERSIONS_MAX;
        }
    };
    /** Transactions that changed the catalog and have not ended: what they load is not yet everyone's. */
    private final Map<KvTxn, Boolean> changing = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile CatalogSnapshot latest;

    /** {@code kv} is used only by {@link #latest()} when this node has not loaded a catalog yet. */
    public CatalogStore(KvTxns kv) {
        this.kv = kv;
    }

    /** The catalog as {@code txn} sees it (its own uncommitted DDL included). */
    public Catalog load(KvTxn txn) {
        return snapshot(txn);
    }

    /** {@link #load} with the concrete type, for DDL. */
    CatalogSnapshot snapshot(KvTxn txn) {
        long version = versionOf(KvErrors.sql(() -> txn.get(versionKey())));
        CatalogSnapshot c;
        synchronized (cache) {
            c = cache.get(version);
        }
        if (c == null) {
            c = version == 0 ? CatalogSnapshot.EMPTY : new CatalogSnapshot(version, readTables(txn));
            synchronized (cache) {
                cache.put(version, c);
            }
        }
        if (!changing.containsKey(txn)) {
            CatalogSnapshot l = latest;
            if (l == null || l.version() < c.version()) {
                latest = c;
            }
        }
        return c;
    }

    /**
     * The newest committed catalog this node has loaded, for planning outside a transaction;
     * loaded in a short read-only transaction the first time. A stale answer is corrected when
     * the statement runs: its transaction loads the current version and replans.
     */
    public Catalog latest() {
        CatalogSnapshot l = latest;
        if (l != null) {
            return l;
        }
        try (KvTxn txn = kv.begin(true, Isolation.SERIALIZABLE)) {
            Catalog c = load(txn);
            txn.commit();
            return c;
        } catch (KvException e) {
            throw KvErrors.toSql(e);
        }
    }

    /** Takes the exclusive lock on the version key: the first step of every DDL statement. */
    void lockForDdl(KvTxn txn) {
        KvErrors.sql(() -> txn.getForUpdate(versionKey()));
    }

    /**
     * Writes one DDL statement's changes: the changed table records, the deleted ones, and the
     * new version {@code version} (drawn by the caller while holding the version lock).
     */
    void write(KvTxn txn, List<TableDef> changed, List<Integer> dropped, long version) {
        changing.put(txn, Boolean.TRUE);
        KvErrors.sqlRun(() -> {
            for (TableDef t : changed) {
                txn.put(tableKey(t.id()), CatalogCodec.encode(t));
            }
            for (int id : dropped) {
                txn.delete(tableKey(id));
            }
            txn.put(versionKey(), Sequences.encode(version));
        });
    }

    private List<TableDef> readTables(KvTxn txn) {
        byte[] start = SqlKeys.catalogKey(SqlKeys.CATALOG_TABLES);
        byte[] end = SqlKeys.prefixEnd(start);
        List<TableDef> tables = new ArrayList<>();
        while (true) {
            byte[] from = start;
            List<KvRow> page = KvErrors.sql(() -> txn.scan(from, end, LOAD_PAGE_RECORDS));
            for (KvRow r : page) {
                tables.add(CatalogCodec.decode(r.value()));
            }
            if (page.size() < LOAD_PAGE_RECORDS) {
                return tables;
            }
            start = SqlKeys.successor(page.get(page.size() - 1).key());
        }
    }

    /** The key every transaction reads to learn its catalog version (DDL locks it exclusively). */
    public static byte[] versionKey() {
        return SqlKeys.catalogKey(SqlKeys.CATALOG_VERSION);
    }

    /** The catalog version a read of {@link #versionKey()} found ({@code value} null: the empty catalog, 0). */
    public static long versionOf(byte[] value) {
        return value == null ? 0 : Sequences.decode(value);
    }

    static byte[] tableKey(int tableId) {
        return SqlKeys.catalogKey(SqlKeys.CATALOG_TABLES, tableId);
    }
}
