package io.basalt.bench.sql;

import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.session.SqlEngine;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * One SQL session over an in-memory store holding {@code bench_kv} with ids 1..rows, as
 * {@link SqlBench} loads it: what {@link PreparedPlanBench} and {@link KvCallsPerStatement}
 * run statements against. Statements go through the session as the wire server sends them:
 * prepare (Parse), execute (Bind/Execute, parameters already decoded), sync (Sync).
 */
final class SessionFixture {
    /** The OID pgjdbc gives a parameter set with setInt. */
    static final int INT4_OID = 23;
    private static final int INSERT_ROWS_PER_STATEMENT = 1000;

    final MemoryKvTxns kv = new MemoryKvTxns();
    final SqlEngine engine = new SqlEngine(kv, Clock.systemUTC());
    final SqlSession session = engine.open("bench", "postgres", Map.of());

    SessionFixture(int rows) {
        session.simpleQuery("CREATE TABLE " + BenchTable.NAME + " (id int PRIMARY KEY, v bigint NOT NULL)", r -> { });
        for (int from = 1; from <= rows; from += INSERT_ROWS_PER_STATEMENT) {
            StringBuilder sql = new StringBuilder("INSERT INTO " + BenchTable.NAME + " (id, v) VALUES ");
            int last = Math.min(rows, from + INSERT_ROWS_PER_STATEMENT - 1);
            for (int id = from; id <= last; id++) {
                sql.append(id == from ? "" : ", ").append('(').append(id).append(", 0)");
            }
            session.simpleQuery(sql.toString(), r -> { });
        }
    }

    /** The decoded parameter list of a statement on {@code id}, as pgwire's Bind hands it over. */
    static List<Object> params(int id) {
        return List.of(TextCodec.parse(Integer.toString(id), SqlType.INT4, ZoneOffset.UTC));
    }

    /** Execute, then Sync (which commits the implicit transaction with autocommit on). */
    Result executeAndSync(Prepared p, List<Object> params) {
        Result r = session.execute(p, params);
        session.sync();
        return r;
    }
}
