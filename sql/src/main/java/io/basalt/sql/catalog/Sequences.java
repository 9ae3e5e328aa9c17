package io.basalt.sql.catalog;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvTxn;
import io.basalt.kv.client.KvTxns;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.store.KvErrors;
import io.basalt.sql.store.SqlKeys;
import io.basalt.txn.Isolation;
import io.basalt.common.Invariants;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sequences: the values of SERIAL, IDENTITY and hidden row id columns, and the catalog's own
 * counters (table ids, catalog versions). As in PostgreSQL they are not transactional: each
 * {@link #next} runs in its own short key-value transaction that reads, increments and commits
 * the sequence's key, so a value handed out is never handed out again, even when the
 * statement that took it rolls back. A key holds the last value handed out; without one the
 * next value is the sequence's start ({@link SequenceDef}: 1 and a step of 1 unless the
 * column's identity options say otherwise).
 *
 * <p>No statement's transaction ever locks a sequence key except DROP TABLE, DROP COLUMN and
 * TRUNCATE ... RESTART IDENTITY, which delete the keys of sequences nobody can use any more
 * (a restarted sequence continues under a new key), so the short transaction never waits for
 * the transaction of the statement that asked for the value.
 *
 * <p>Each value costs one key-value commit. PostgreSQL's per-session CACHE would cut that for
 * bulk inserts; it is left out while the cost is acceptable, except for the hidden row id:
 * nobody sees it, it only has to be unique, so a node takes {@link #ROW_ID_BLOCK} of them per
 * commit and hands them out from memory (a bulk load of a table without a primary key would
 * otherwise commit once per row). The block belongs to the sequence's key, which a restart
 * or a new table replaces, so a value is still never handed out twice.
 */
public final class Sequences {
    /** Attempts of one increment that loses a conflict (40001) or a deadlock (40P01). */
    static final int ATTEMPTS_MAX = 5;
    /** Catalog counter ids (keys {@code 0x01 | 0 | COUNTERS | id}). */
    static final int COUNTER_TABLE_IDS = 1;
    static final int COUNTER_CATALOG_VERSIONS = 2;
    /** How the catalog counters count: 1, 2, 3... */
    private static final SequenceDef COUNTER = new SequenceDef(1, 1, 1, Long.MAX_VALUE, false, 0);

    /** Hidden row ids one commit takes. */
    static final int ROW_ID_BLOCK = 1000;

    private final KvTxns kv;
    /** Hidden row ids taken and not yet handed out, by sequence key: {@code [next, last]}. */
    private final Map<ByteBuffer, long[]> rowIdBlocks = new ConcurrentHashMap<>();

    public Sequences(KvTxns kv) {
        this.kv = kv;
    }

    /** nextval of the sequence called {@code sequenceName}: 42P01 when the catalog has no such sequence. */
    public long next(ExecContext ctx, String sequenceName) {
        Catalog.SequenceOwner owner = ctx.catalog().sequenceOwner(sequenceName);
        if (owner == null) {
            throw new SqlException("42P01", "relation \"" + sequenceName + "\" does not exist");
        }
        return next(owner.table(), owner.column());
    }

    /** The next value of the sequence behind {@code column} of {@code table}. */
    public long next(TableDef table, ColumnDef column) {
        if (column.hidden()) {
            return nextRowId(key(table, column), SequenceDef.of(column), column.sequenceName());
        }
        return increment(key(table, column), SequenceDef.of(column), column.sequenceName());
    }

    private long nextRowId(byte[] key, SequenceDef sequence, String name) {
        Invariants.check(sequence.increment() == 1 && !sequence.cycle(), "%s counts by other than 1: %s", name, sequence);
        long[] block = rowIdBlocks.computeIfAbsent(ByteBuffer.wrap(key), k -> new long[] {1, 0});
        synchronized (block) {
            if (block[0] > block[1]) {
                long[] taken = new long[1];
                long last = run(txn -> {
                    byte[] old = txn.getForUpdate(key);
                    taken[0] = sequence.after(old == null ? null : decode(old), name);
                    long end = Math.min(sequence.max(), taken[0] + (ROW_ID_BLOCK - 1));
                    txn.put(key, encode(end));
                    return end;
                });
                block[0] = taken[0];
                block[1] = last;
            }
            return block[0]++;
        }
    }

    /**
     * Sets the sequence behind {@code column} so that the next value is the one after {@code lastValue}
     * (setval, ALTER SEQUENCE ... RESTART, TRUNCATE ... RESTART IDENTITY). Not transactional either.
     */
    public void setLastValue(TableDef table, ColumnDef column, long lastValue) {
        byte[] key = key(table, column);
        run(txn -> {
            txn.put(key, encode(lastValue));
            return lastValue;
        });
    }

    /** A sequence value as a value of a column of {@code type} (smallint, integer or bigint). */
    public static Object columnValue(long v, io.basalt.sql.types.SqlType type) {
        return switch (type.kind()) {
            case INT2 -> (short) v;
            case INT4 -> (int) v;
            default -> v;
        };
    }

    /** The key of the sequence behind column {@code columnId} of table {@code tableId}, never restarted. */
    static byte[] key(int tableId, int columnId) {
        return SqlKeys.catalogKey(SqlKeys.CATALOG_SEQUENCES, tableId, columnId);
    }

    /**
     * The key of the sequence behind {@code column} of {@code table}: {@code ...|table id|column id},
     * followed by the number of restarts once it was restarted, so a restart starts from no key.
     */
    static byte[] key(TableDef table, ColumnDef column) {
        int restarts = column.sequence() == null ? 0 : column.sequence().restarts();
        return restarts == 0 ? key(table.id(), column.id())
            : SqlKeys.catalogKey(SqlKeys.CATALOG_SEQUENCES, table.id(), column.id(), restarts);
    }

    /** The next value of catalog counter {@code counterId}: 1, 2, 3... */
    long nextCounter(int counterId) {
        return increment(SqlKeys.catalogKey(SqlKeys.CATALOG_COUNTERS, counterId), COUNTER,
            "catalog counter " + counterId);
    }

    private long increment(byte[] key, SequenceDef sequence, String name) {
        return run(txn -> {
            byte[] old = txn.getForUpdate(key);
            long next = sequence.after(old == null ? null : decode(old), name);
            txn.put(key, encode(next));
            return next;
        });
    }

    /** A step of a sequence's own transaction. */
    @FunctionalInterface
    private interface Step {
        long apply(KvTxn txn) throws KvException;
    }

    private long run(Step step) {
        KvException last = null;
        for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
            try (KvTxn txn = kv.begin(false, Isolation.SERIALIZABLE)) {
                long v = step.apply(txn);
                txn.commit();
                return v;
            } catch (KvException e) {
                if (!retryable(e)) {
                    throw KvErrors.toSql(e);
                }
                last = e;
            }
        }
        throw KvErrors.toSql(last);
    }

    private static boolean retryable(KvException e) {
        return e.sqlState().equals("40001") || e.sqlState().equals("40P01");
    }

    static byte[] encode(long v) {
        return ByteBuffer.allocate(Long.BYTES).putLong(v).array();
    }

    static long decode(byte[] b) {
        return ByteBuffer.wrap(b).getLong();
    }
}
