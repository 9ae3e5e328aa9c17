package io.basalt.sql.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvRow;
import io.basalt.kv.client.KvTxn;
import io.basalt.kv.client.KvTxns;
import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.catalog.CatalogStore;
import io.basalt.sql.store.MemoryKv;
import io.basalt.txn.Isolation;
import io.basalt.txn.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A statement whose plan is for the node's newest catalog runs before its transaction has read
 * the catalog version: the version rides with the statement's first read and is checked before
 * anything the statement writes is sent. Two engines over one store stand for two nodes.
 */
class CatalogAssumptionTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);
    private final MemoryKv store = new MemoryKv();
    private final Recording recorded = new Recording(store);
    private final SqlSession here = new SqlEngine(recorded, CLOCK).open("a", "postgres", Map.of());
    private final SqlSession there = new SqlEngine(store, CLOCK).open("b", "postgres", Map.of());

    private static List<Result> run(SqlSession s, String sql) {
        List<Result> out = new ArrayList<>();
        s.simpleQuery(sql, out::add);
        return out;
    }

    private Result execute(Prepared p, Object... params) {
        Result r = here.execute(p, Arrays.asList(params));
        here.sync();
        return r;
    }

    @Test
    void aCachedPointQueryReadsTheVersionWithItsRowNotBefore() {
        run(here, "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'one'), (2, 'two')");
        Prepared p = here.prepare("SELECT v FROM t WHERE id = $1", List.of());
        execute(p, 1);
        recorded.calls.clear();
        assertThat(execute(p, 2).rows()).extracting(r -> r[0]).containsExactly("two");
        assertThat(recorded.calls).as("the version is asked ahead, read with the row, then answered from that read")
            .containsExactly("begin ro", "prefetch version", "get row", "get version", "commit");
    }

    @Test
    void ddlThroughAnotherNodeIsSeenAndTheStatementRunsAgainOnIt() {
        run(here, "CREATE TABLE t (id int PRIMARY KEY, v text); INSERT INTO t VALUES (1, 'one')");
        Prepared select = here.prepare("SELECT * FROM t WHERE id = $1", List.of());
        Prepared update = here.prepare("UPDATE t SET v = v || '!' WHERE id = $1 RETURNING *", List.of());
        assertThat(execute(select, 1).rows()).hasSize(1);
        assertThat(execute(update, 1).rows()).extracting(r -> r[1]).containsExactly("one!");

        run(there, "ALTER TABLE t ADD COLUMN w int NOT NULL DEFAULT 7");
        Result r = execute(select, 1);
        assertThat(r.columns()).extracting(c -> c.name()).containsExactly("id", "v", "w");
        assertThat(r.rows()).extracting(row -> row[2]).containsExactly(7);
        assertThat(execute(update, 1).rows()).extracting(row -> row[2]).as("the new column, in the write too")
            .containsExactly(7);
        run(there, "ALTER TABLE t DROP COLUMN v");
        assertThatThrownBy(() -> execute(update, 1)).as("planned again: v is gone")
            .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("42703"));
        here.sync();
        assertThat(run(there, "SELECT * FROM t").getLast().rows()).extracting(row -> row[1]).containsExactly(7);
    }

    /** Records what the sessions of one engine ask of the store. */
    private static final class Recording implements KvTxns {
        final List<String> calls = new ArrayList<>();
        private final KvTxns inner;

        Recording(KvTxns inner) {
            this.inner = inner;
        }

        private String name(byte[] key) {
            return Arrays.equals(key, CatalogStore.versionKey()) ? "version" : "row";
        }

        @Override
        public KvTxn begin(boolean readOnly, Isolation isolation) throws KvException {
            calls.add(readOnly ? "begin ro" : "begin rw");
            KvTxn t = inner.begin(readOnly, isolation);
            return new KvTxn() {
                @Override
                public byte[] get(byte[] key) throws KvException {
                    calls.add("get " + name(key));
                    return t.get(key);
                }

                @Override
                public byte[] getForUpdate(byte[] key) throws KvException {
                    calls.add("get for update " + name(key));
                    return t.getForUpdate(key);
                }

                @Override
                public void put(byte[] key, byte[] value) throws KvException {
                    calls.add("put " + name(key));
                    t.put(key, value);
                }

                @Override
                public void delete(byte[] key) throws KvException {
                    calls.add("delete " + name(key));
                    t.delete(key);
                }

                @Override
                public List<KvRow> scan(byte[] start, byte[] end, int limit) throws KvException {
                    calls.add("scan");
                    return t.scan(start, end, limit);
                }

                @Override
                public void prefetch(byte[] key) {
                    calls.add("prefetch " + name(key));
                }

                @Override
                public Timestamp commit() throws KvException {
                    calls.add("commit");
                    return t.commit();
                }

                @Override
                public void abort() throws KvException {
                    calls.add("abort");
                    t.abort();
                }

                @Override
                public void close() {
                    t.close();
                }
            };
        }
    }
}
