package io.basalt.sql.expr;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.session.SqlEngine;
import io.basalt.sql.store.MemoryKv;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** pg_table_size and its relatives count the bytes a relation has in the store; pg_size_pretty rounds as PostgreSQL 15. */
class RelationSizesTest {
    private final SqlSession s = new SqlEngine(new MemoryKv(),
        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC)).open("tester", "postgres", Map.of());

    private Object[] row(String sql) {
        List<Result> out = new ArrayList<>();
        s.simpleQuery(sql, out::add);
        return out.get(out.size() - 1).rows().get(0);
    }

    @Test
    void sizePrettyMatchesPostgres() {
        // What PostgreSQL 15 printed for each value.
        assertThat(RelationSizes.pretty(0)).isEqualTo("0 bytes");
        assertThat(RelationSizes.pretty(10239)).isEqualTo("10239 bytes");
        assertThat(RelationSizes.pretty(10240)).isEqualTo("10 kB");
        assertThat(RelationSizes.pretty(20479L * 512)).isEqualTo("10 MB");
        assertThat(RelationSizes.pretty(20479L * 512 + 511)).isEqualTo("10 MB");
        assertThat(RelationSizes.pretty(20479L * 1024)).isEqualTo("20 MB");
        assertThat(RelationSizes.pretty(1099511627776L)).isEqualTo("1024 GB");
        assertThat(RelationSizes.pretty(-10240)).isEqualTo("-10 kB");
        assertThat(RelationSizes.pretty(Long.MAX_VALUE)).isEqualTo("8192 PB");
    }

    @Test
    void sizesGrowWithRowsAndAddUp() {
        s.simpleQuery("CREATE TABLE t (id int PRIMARY KEY, code text UNIQUE, n int)", r -> { });
        s.simpleQuery("CREATE INDEX t_n_idx ON t (n)", r -> { });
        assertThat(row("SELECT pg_table_size('t'), pg_total_relation_size('t')")).containsExactly(0L, 0L);
        s.simpleQuery("INSERT INTO t SELECT g, 'code ' || g, g % 7 FROM generate_series(1, 200) g", r -> { });
        Object[] r = row("SELECT pg_table_size('t'), pg_relation_size('t'), pg_relation_size('t_pkey'),"
            + " pg_relation_size('t_code_key'), pg_relation_size('t_n_idx'), pg_indexes_size('t'),"
            + " pg_total_relation_size('t'), pg_table_size('t'::regclass), pg_table_size(1)");
        long table = (Long) r[0];
        assertThat(table).isPositive().isEqualTo(r[1]).isEqualTo(r[7]);
        assertThat((Long) r[2]).as("the primary key's own bytes are its keys").isPositive().isLessThan(table);
        assertThat((Long) r[5]).isEqualTo((Long) r[3] + (Long) r[4]);
        assertThat((Long) r[6]).isEqualTo(table + (Long) r[5]);
        assertThat(r[8]).as("no relation has OID 1").isNull();
        s.simpleQuery("DELETE FROM t WHERE id > 100", x -> { });
        assertThat((Long) row("SELECT pg_table_size('t')")[0]).isPositive().isLessThan(table);
    }
}
