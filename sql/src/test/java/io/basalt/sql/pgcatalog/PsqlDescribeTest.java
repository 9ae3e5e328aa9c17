package io.basalt.sql.pgcatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.session.SqlEngine;
import io.basalt.sql.store.MemoryKv;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The queries psql 15 sends for {@code \d TABLE} (captured with {@code psql -E} from a
 * PostgreSQL 15 server into {@code pgcatalog/psql15-describe-table.sql}, the table's OID
 * written {@code OID}), over {@link PgCatalogTest#SCHEMA}: each answers what PostgreSQL 15
 * answers for the same schema.
 */
class PsqlDescribeTest {
    private final SqlEngine engine = new SqlEngine(new MemoryKv(),
        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private final SqlSession s = engine.open("tester", "postgres", Map.of());
    private static final List<String> QUERIES = describeQueries();

    @BeforeEach
    void schema() {
        run(PgCatalogTest.SCHEMA);
    }

    private static List<String> describeQueries() {
        try (InputStream in = PsqlDescribeTest.class.getResourceAsStream("/pgcatalog/psql15-describe-table.sql")) {
            return List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n----\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Result> run(String sql) {
        List<Result> out = new ArrayList<>();
        s.simpleQuery(sql, out::add);
        return out;
    }

    private List<String> rows(String sql) {
        List<Result> rs = run(sql);
        Result r = rs.get(rs.size() - 1);
        return r.rows().stream().map(row -> String.join("|", Arrays.stream(row).map(String::valueOf).toList())).toList();
    }

    private String oid(String table) {
        return rows("SELECT oid FROM pg_class WHERE relname = '" + table + "'").get(0);
    }

    /** Query {@code n} (1-based, in psql's order) about {@code table}. */
    private List<String> describe(int n, String table) {
        return rows(QUERIES.get(n - 1).replace("OID", oid(table)));
    }

    private static String sqlState(Throwable e) {
        return ((SqlException) e).sqlState();
    }

    @Test
    void theTableItsColumnsIndexesChecksAndForeignKeys() {
        assertThat(describe(1, "items")).singleElement().asString().endsWith("|public|items");
        assertThat(describe(3, "items")).containsExactly(
            "id|integer|nextval('items_id_seq'::regclass)|true|null||",
            "name|character varying(40)|null|true|null||",
            "qty|integer|0|false|null||",
            "price|numeric(10,2)|null|false|null||",
            "parent_id|integer|null|false|null||",
            "created|timestamp with time zone|now()|false|null||");
        assertThat(describe(5, "items")).containsExactly("items_qty_check|CHECK (qty >= 0)");
        assertThat(describe(6, "items")).containsExactly(
            "true|items_parent_id_fkey|FOREIGN KEY (parent_id) REFERENCES parent(id)|items");
    }

    @Test
    void everyQueryRunsAndTheCatalogsOfFeaturesBasaltLacksAreEmpty() {
        assertThat(QUERIES).hasSize(13);
        for (String table : List.of("items", "parent")) {
            for (int n = 1; n <= QUERIES.size(); n++) {
                List<String> rows = describe(n, table);
                if (n >= 8) {
                    // Policies, statistics objects, publications, triggers, parents and partitions.
                    assertThat(rows).as("query %d about %s", n, table).isEmpty();
                }
            }
        }
        assertThat(describe(4, "parent")).containsExactly(
            "parent_pkey|true|true|false|true|CREATE UNIQUE INDEX parent_pkey ON parent USING btree (id)"
                + "|PRIMARY KEY (id)|p|false|false|false|0",
            "parent_code_key|false|true|false|true|CREATE UNIQUE INDEX parent_code_key ON parent USING btree (code)"
                + "|UNIQUE (code)|u|false|false|false|0");
    }

    @Test
    void referencedByListsTheForeignKeysOfOtherTables() {
        assertThat(describe(7, "parent")).containsExactly(
            "items_parent_id_fkey|items|FOREIGN KEY (parent_id) REFERENCES parent(id)");
        assertThat(describe(7, "items")).isEmpty();
    }

    @Test
    void aRegclassComparesWithAnOidAsTheSameRelation() {
        String parent = oid("parent");
        assertThat(rows("SELECT relname FROM pg_class WHERE oid = 'parent'::regclass")).containsExactly("parent");
        assertThat(rows("SELECT relname FROM pg_class WHERE '" + parent + "'::regclass = oid")).containsExactly("parent");
        assertThat(rows("SELECT count(*) FROM pg_class WHERE oid <> 'parent'::regclass")).containsExactly("7");
        assertThat(rows("SELECT 99::regclass = 99, 99::regclass = 98, NULL::regclass = 1")).containsExactly(
            "true|false|null");
        assertThatThrownBy(() -> run("SELECT relname FROM pg_class WHERE oid < 'parent'::regclass"))
            .extracting(PsqlDescribeTest::sqlState).isEqualTo("42883");
        assertThatThrownBy(() -> run("SELECT 'parent'::regclass = 1.5")).extracting(PsqlDescribeTest::sqlState)
            .isEqualTo("42883");
    }

    @Test
    void partitionAncestorsOfAnUnpartitionedRelationIsTheRelation() {
        assertThat(rows("SELECT pg_partition_ancestors('items')")).containsExactly("items");
        assertThat(rows("SELECT pg_catalog.pg_partition_ancestors(oid) FROM pg_class WHERE relname LIKE 'items%'"
            + " ORDER BY 1")).containsExactly("items", "items_name_idx", "items_parent_name", "items_pkey");
        assertThat(rows("SELECT pg_partition_ancestors('items_id_seq')")).isEmpty();
        assertThat(rows("SELECT pg_partition_ancestors(NULL)")).isEmpty();
        assertThat(rows("SELECT pg_partition_ancestors(12345)")).isEmpty();
        assertThatThrownBy(() -> run("SELECT pg_partition_ancestors('nope')")).extracting(PsqlDescribeTest::sqlState)
            .isEqualTo("42P01");
        assertThatThrownBy(() -> run("SELECT pg_partition_ancestors('items', 1)"))
            .extracting(PsqlDescribeTest::sqlState).isEqualTo("42883");
    }

    @Test
    void aSequenceDescribesItsOptionsAndItsOwningColumn() {
        String seq = oid("items_id_seq");
        assertThat(rows("SELECT pg_catalog.format_type(seqtypid, NULL), seqstart, seqmin, seqmax, seqincrement,"
            + " CASE WHEN seqcycle THEN 'yes' ELSE 'no' END, seqcache FROM pg_catalog.pg_sequence WHERE seqrelid = '"
            + seq + "'")).containsExactly("integer|1|1|2147483647|1|no|1");
        String owner = """
            SELECT pg_catalog.quote_ident(nspname) || '.' ||
               pg_catalog.quote_ident(relname) || '.' ||
               pg_catalog.quote_ident(attname),
               d.deptype
            FROM pg_catalog.pg_class c
            INNER JOIN pg_catalog.pg_depend d ON c.oid=d.refobjid
            INNER JOIN pg_catalog.pg_namespace n ON n.oid=c.relnamespace
            INNER JOIN pg_catalog.pg_attribute a ON (
             a.attrelid=c.oid AND
             a.attnum=d.refobjsubid)
            WHERE d.classid='pg_catalog.pg_class'::pg_catalog.regclass
             AND d.refclassid='pg_catalog.pg_class'::pg_catalog.regclass
             AND d.objid='SEQ'
             AND d.deptype IN ('a', 'i')""";
        assertThat(rows(owner.replace("SEQ", seq))).containsExactly("public.items.id|a");
        run("CREATE TABLE counted (n bigint GENERATED ALWAYS AS IDENTITY (START 5 INCREMENT 2), x int)");
        String identity = oid("counted_n_seq");
        assertThat(rows("SELECT format_type(seqtypid, NULL), seqstart, seqincrement, seqmax FROM pg_sequence"
            + " WHERE seqrelid = " + identity)).containsExactly("bigint|5|2|9223372036854775807");
        assertThat(rows(owner.replace("SEQ", identity))).containsExactly("public.counted.n|i");
    }

    @Test
    void systemRelationsHavePostgresOidsAsRegclass() {
        assertThat(rows("SELECT 'pg_catalog.pg_class'::regclass, 'pg_type'::regclass, 1259::regclass,"
            + " 'pg_class'::regclass = 1259, 2608 = 'pg_depend'::regclass")).containsExactly("pg_class|pg_type|pg_class|true|true");
        // A user table named like a system relation is public.pg_type as regclass, as in PostgreSQL.
        run("CREATE TABLE pg_type (id int PRIMARY KEY)");
        String user = oid("pg_type");
        assertThat(rows("SELECT " + user + "::regclass, 'public.pg_type'::regclass, " + user + " = 'pg_type'::regclass,"
            + user + " = 'public.pg_type'::regclass")).containsExactly("public.pg_type|public.pg_type|false|true");
        assertThat(rows("SELECT pg_partition_ancestors('public.pg_type')")).containsExactly("public.pg_type");
    }

    @Test
    void triggerAndStatisticsDefinitionsAreNullAsNoneExist() {
        assertThat(rows("SELECT pg_get_triggerdef(1), pg_get_triggerdef(1, true), pg_get_statisticsobjdef_columns("
            + oid("items") + ")")).containsExactly("null|null|null");
    }
}
