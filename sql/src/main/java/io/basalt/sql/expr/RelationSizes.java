package io.basalt.sql.expr;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.sql.catalog.IndexDef;
import io.basalt.sql.pgcatalog.Relations;
import io.basalt.sql.store.KvErrors;
import io.basalt.sql.store.SqlKeys;
import io.basalt.sql.types.SqlType;
import java.util.List;

/**
 * The disk-usage functions psql's {@code \dt+} and monitoring queries call, answered from the
 * key-value store: the bytes of the keys and values a relation has, read in the statement's
 * transaction (so a statement that only reads does it in its snapshot, without locks).
 *
 * <ul>
 * <li>{@code pg_table_size(t)}, {@code pg_relation_size(t)}: the table's rows, keys and values
 *     of its primary index;</li>
 * <li>{@code pg_relation_size(i)} of an index: its entries; for the primary key, the row keys
 *     alone (the rows are the table's);</li>
 * <li>{@code pg_indexes_size(t)}: its secondary and unique index entries;
 *     {@code pg_total_relation_size(t)}: everything the table has;</li>
 * <li>a sequence: its one catalog entry;</li>
 * <li>{@code pg_size_pretty(bigint)}: PostgreSQL's rounding to bytes, kB, MB, GB, TB, PB.</li>
 * </ul>
 * An OID of no relation gives NULL, as in PostgreSQL. The numbers count what Basalt stores,
 * not PostgreSQL's 8 kB pages, so they differ from PostgreSQL's for the same rows. Each call
 * reads every key of the relation: it costs a scan.
 */
final class RelationSizes {
    private static final int SCAN_PAGE_ROWS = 1000;
    private static final long[] PRETTY_LIMITS = {10 * 1024, 20 * 1024 - 1, 20 * 1024 - 1, 20 * 1024 - 1, 20 * 1024 - 1};
    private static final String[] PRETTY_UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB"};

    private RelationSizes() {
    }

    static Bound call(ExprCompiler c, String name, List<Bound> args) {
        return switch (name) {
            case "pg_table_size", "pg_relation_size", "pg_total_relation_size", "pg_indexes_size" -> {
                // The argument is a regclass: an OID, or a relation's name in a string.
                List<Bound> m = args.size() == 1 && (args.get(0).isUntyped() || args.get(0).type().kind().isString())
                        ? List.of(CatalogFunctions.regclassOid(c, args.get(0))) : Functions.match(c, args, SqlType.INT8);
                yield m == null ? null : Functions.strict(m, SqlType.INT8,
                        (env, v) -> size(env, name, (Long) v[0])).withVolatile();
            }
            case "pg_size_pretty" -> {
                List<Bound> m = Functions.match(c, args, SqlType.INT8);
                yield m == null ? null : Functions.strict(m, SqlType.TEXT, (env, v) -> pretty((Long) v[0]));
            }
            default -> null;
        };
    }

    private static Long size(Env env, String function, long oid) {
        Relations.Relation r = Relations.byOid(env.ctx().catalog(), oid);
        if (r == null) {
            return null;
        }
        KvTxn txn = env.ctx().txn();
        int table = r.table().id();
        return switch (r.kind()) {
            case SEQUENCE -> {
                byte[] key = SqlKeys.catalogKey(SqlKeys.CATALOG_SEQUENCES, table, r.column().id());
                byte[] value = get(txn, key);
                yield value == null ? 0L : key.length + value.length;
            }
            case INDEX -> {
                Bytes b = scan(env, txn, SqlKeys.indexPrefix(table, r.index().id()));
                yield r.index().primary() ? b.keys : b.keys + b.values;
            }
            case TABLE -> {
                Bytes rows = scan(env, txn, SqlKeys.indexPrefix(table, IndexDef.PRIMARY_ID));
                yield switch (function) {
                    case "pg_total_relation_size" -> total(env, txn, table);
                    case "pg_indexes_size" -> total(env, txn, table) - rows.keys - rows.values;
                    default -> rows.keys + rows.values;
                };
            }
        };
    }

    private static long total(Env env, KvTxn txn, int table) {
        Bytes all = scan(env, txn, SqlKeys.tablePrefix(table));
        return all.keys + all.values;
    }

    private record Bytes(long keys, long values) {
    }

    private static Bytes scan(Env env, KvTxn txn, byte[] prefix) {
        byte[] end = SqlKeys.prefixEnd(prefix);
        byte[] from = prefix;
        long keys = 0;
        long values = 0;
        while (true) {
            env.ctx().checkCancelled();
            List<KvRow> page;
            try {
                page = txn.scan(from, end, SCAN_PAGE_ROWS);
            } catch (KvException e) {
                throw KvErrors.toSql(e);
            }
            for (KvRow row : page) {
                keys += row.key().length;
                values += row.value().length;
            }
            if (page.size() < SCAN_PAGE_ROWS) {
                return new Bytes(keys, values);
            }
            from = SqlKeys.successor(page.get(page.size() - 1).key());
        }
    }

    private static byte[] get(KvTxn txn, byte[] key) {
        try {
            return txn.get(key);
        } catch (KvException e) {
            throw KvErrors.toSql(e);
        }
    }

    /** pg_size_pretty(bigint): each unit up to its limit, the larger units rounded half away from zero. */
    static String pretty(long size) {
        for (int u = 0; ; u++) {
            boolean last = u == PRETTY_UNITS.length - 1;
            if (last || Math.abs(size) < PRETTY_LIMITS[u]) {
                if (u > 0) {
                    size = (size + (size < 0 ? -1 : 1)) / 2;
                }
                return size + " " + PRETTY_UNITS[u];
            }
            // Shift one bit less into a rounded unit, one more out of one: the half is kept for rounding.
            int bits = 10 - (u + 1 < PRETTY_UNITS.length ? 1 : 0) + (u > 0 ? 1 : 0);
            size /= 1L << bits;
        }
    }
}
