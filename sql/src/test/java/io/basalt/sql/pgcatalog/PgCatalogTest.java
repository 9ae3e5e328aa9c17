package io.basalt.sql.pgcatalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.session.SqlEngine;
import io.basalt.sql.store.MemoryKv;
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
 * The system catalogs over a schema with a primary key, a UNIQUE constraint, a foreign key,
 * a CHECK, defaults, a serial column and indexes: each expectation is what PostgreSQL 15
 * shows for the same DDL, with OIDs replaced by names.
 */
class PgCatalogTest {
    private final SqlEngine engine = new SqlEngine(new MemoryKv(),
        Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC));
    private final SqlSession s = engine.open("tester", "postgres", Map.of());

    static final String SCHEMA = """
        CREATE TABLE parent (id int PRIMARY KEY, code text UNIQUE);
        CREATE TABLE items (
          id serial PRIMARY KEY,
          name varchar(40) NOT NULL,
          qty integer DEFAULT 0 CHECK (qty >= 0),
          price numeric(10,2),
          parent_id int REFERENCES parent(id),
          created timestamptz DEFAULT now()
        );
        CREATE INDEX items_name_idx ON items (name);
        CREATE UNIQUE INDEX items_parent_name ON items (parent_id, name)""";

    @BeforeEach
    void schema() {
        run(SCHEMA);
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

    @Test
    void pgClassListsTablesIndexesAndSequencesInPublic() {
        assertThat(rows("""
            SELECT n.nspname, c.relname, c.relkind, c.relnatts, c.relchecks, c.relhasindex, am.amname
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam ORDER BY c.relname""")).containsExactly(
            "public|items|r|6|1|true|heap",
            "public|items_id_seq|S|3|0|false|null",
            "public|items_name_idx|i|1|0|false|btree",
            "public|items_parent_name|i|2|0|false|btree",
            "public|items_pkey|i|1|0|false|btree",
            "public|parent|r|2|0|true|heap",
            "public|parent_code_key|i|1|0|false|btree",
            "public|parent_pkey|i|1|0|false|btree");
    }

    @Test
    void pgAttributeShowsTypesModifiersNullabilityAndDefaults() {
        assertThat(rows("""
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef,
              (SELECT pg_catalog.pg_get_expr(d.adbin, d.adrelid, true) FROM pg_catalog.pg_attrdef d
               WHERE d.adrelid = a.attrelid AND d.adnum = a.attnum AND a.atthasdef), a.attidentity
            FROM pg_catalog.pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
            WHERE c.relname = 'items' AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum""")).containsExactly(
            "id|integer|true|true|nextval('items_id_seq'::regclass)|",
            "name|character varying(40)|true|false|null|",
            "qty|integer|false|true|0|",
            "price|numeric(10,2)|false|false|null|",
            "parent_id|integer|false|false|null|",
            "created|timestamp with time zone|false|true|now()|");
    }

    @Test
    void pgIndexAndIndexDefinitions() {
        assertThat(rows("""
            SELECT c2.relname, i.indisprimary, i.indisunique, i.indkey, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true),
              pg_catalog.pg_get_constraintdef(con.oid, true), contype
            FROM pg_catalog.pg_class c, pg_catalog.pg_class c2, pg_catalog.pg_index i
              LEFT JOIN pg_catalog.pg_constraint con ON (conrelid = i.indrelid AND conindid = i.indexrelid
                AND contype IN ('p','u','x'))
            WHERE c.relname = 'items' AND c.oid = i.indrelid AND i.indexrelid = c2.oid
            ORDER BY i.indisprimary DESC, c2.relname""")).containsExactly(
            "items_pkey|true|true|1|CREATE UNIQUE INDEX items_pkey ON items USING btree (id)|PRIMARY KEY (id)|p",
            "items_name_idx|false|false|2|CREATE INDEX items_name_idx ON items USING btree (name)|null|null",
            "items_parent_name|false|true|5 2|CREATE UNIQUE INDEX items_parent_name ON items USING btree "
                + "(parent_id, name)|null|null");
    }

    @Test
    void pgConstraintHasKeysForeignKeysAndChecks() {
        assertThat(rows("""
            SELECT r.conname, r.contype, r.conkey, r.confkey, r.confupdtype, r.confdeltype, r.confmatchtype,
              pg_catalog.pg_get_constraintdef(r.oid, true), f.relname
            FROM pg_catalog.pg_constraint r JOIN pg_catalog.pg_class c ON c.oid = r.conrelid
            LEFT JOIN pg_catalog.pg_class f ON f.oid = r.confrelid
            ORDER BY c.relname, r.conname""")).containsExactly(
            "items_parent_id_fkey|f|{5}|{1}|a|a|s|FOREIGN KEY (parent_id) REFERENCES parent(id)|parent",
            "items_pkey|p|{1}|null| | | |PRIMARY KEY (id)|null",
            "items_qty_check|c|{3}|null| | | |CHECK (qty >= 0)|null",
            "parent_code_key|u|{2}|null| | | |UNIQUE (code)|null",
            "parent_pkey|p|{1}|null| | | |PRIMARY KEY (id)|null");
    }

    @Test
    void indexDefinitionsAreSchemaQualifiedUnlessPretty() {
        assertThat(rows("SELECT pg_get_indexdef(c.oid), pg_get_indexdef(c.oid, 0, true), pg_get_indexdef(c.oid, 2, true)"
            + " FROM pg_class c WHERE c.relname = 'items_parent_name'")).containsExactly(
            "CREATE UNIQUE INDEX items_parent_name ON public.items USING btree (parent_id, name)"
                + "|CREATE UNIQUE INDEX items_parent_name ON items USING btree (parent_id, name)|name");
    }

    @Test
    void oidsFollowTheTableAndIndexIdsAndRegclassPrintsNames() {
        List<String> oids = rows("SELECT c.oid, c.oid::regclass FROM pg_class c WHERE c.relname IN ('parent', 'items')"
            + " ORDER BY c.oid");
        assertThat(oids).hasSize(2);
        long parent = Long.parseLong(oids.get(0).split("\\|")[0]);
        assertThat(parent).isGreaterThanOrEqualTo(Oids.FIRST_USER);
        assertThat(oids.get(0)).endsWith("|parent");
        assertThat(rows("SELECT relname FROM pg_class WHERE oid = '" + parent + "'")).containsExactly("parent");
        assertThat(rows("SELECT 'items'::regclass, " + parent + "::regclass, 99::regclass, 23::regtype"))
            .containsExactly("items|parent|99|integer");
        assertThatThrownBy(() -> run("SELECT 'nope'::regclass")).isInstanceOf(SqlException.class)
            .extracting(e -> ((SqlException) e).sqlState()).isEqualTo("42P01");
    }

    @Test
    void aDroppedTableLeavesTheCatalogs() {
        run("DROP INDEX items_name_idx");
        assertThat(rows("SELECT count(*) FROM pg_class WHERE relname = 'items_name_idx'")).containsExactly("0");
        run("DROP TABLE items");
        assertThat(rows("SELECT relname FROM pg_class WHERE relkind = 'r' ORDER BY 1")).containsExactly("parent");
        assertThat(rows("SELECT count(*) FROM pg_constraint WHERE contype = 'f'")).containsExactly("0");
    }

    @Test
    void psqlListQueriesAnswerLikePostgres() {
        assertThat(rows("""
            SELECT n.nspname as "Schema",
              c.relname as "Name",
              CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
              pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
            FROM pg_catalog.pg_class c
                 LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                 LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam
            WHERE c.relkind IN ('r','p','v','m','S','f','')
                  AND n.nspname <> 'pg_catalog'
                  AND n.nspname !~ '^pg_toast'
                  AND n.nspname <> 'information_schema'
              AND pg_catalog.pg_table_is_visible(c.oid)
            ORDER BY 1,2;""")).containsExactly(
            "public|items|table|postgres", "public|items_id_seq|sequence|postgres", "public|parent|table|postgres");
        assertThat(rows("""
            SELECT c.oid,
              n.nspname,
              c.relname
            FROM pg_catalog.pg_class c
                 LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relname OPERATOR(pg_catalog.~) '^(items)$' COLLATE pg_catalog.default
              AND pg_catalog.pg_table_is_visible(c.oid)
            ORDER BY 2, 3;""")).singleElement().asString().endsWith("|public|items");
    }

    @Test
    void pgbenchFindsAnUnpartitionedTableOnTheSearchPath() {
        run("CREATE TABLE pgbench_accounts (aid int PRIMARY KEY, bid int, abalance int, filler char(84))");
        String query = "select o.n, p.partstrat, pg_catalog.count(i.inhparent) from pg_catalog.pg_class as c "
            + "join pg_catalog.pg_namespace as n on (n.oid = c.relnamespace) "
            + "cross join lateral (select pg_catalog.array_position(pg_catalog.current_schemas(true), n.nspname)) as o(n) "
            + "left join pg_catalog.pg_partitioned_table as p on (p.partrelid = c.oid) "
            + "left join pg_catalog.pg_inherits as i on (c.oid = i.inhparent) "
            + "where c.relname = 'pgbench_accounts' and o.n is not null group by 1, 2 order by 1 asc limit 1";
        assertThat(rows(query)).containsExactly("2|null|0");
        run("DROP TABLE pgbench_accounts");
        assertThat(rows(query)).isEmpty();
    }

    @Test
    void informationSchemaListsTablesAndColumns() {
        assertThat(rows("SELECT table_name, table_type FROM information_schema.tables ORDER BY 1"))
            .containsExactly("items|BASE TABLE", "parent|BASE TABLE");
        assertThat(rows("""
            SELECT column_name, ordinal_position, column_default, is_nullable, data_type, character_maximum_length,
              numeric_precision, numeric_scale
            FROM information_schema.columns WHERE table_name = 'items' ORDER BY ordinal_position""")).containsExactly(
            "id|1|nextval('items_id_seq'::regclass)|NO|integer|null|32|0",
            "name|2|null|NO|character varying|40|null|null",
            "qty|3|0|YES|integer|null|32|0",
            "price|4|null|YES|numeric|null|10|2",
            "parent_id|5|null|YES|integer|null|32|0",
            "created|6|now()|YES|timestamp with time zone|null|null|null");
    }

    @Test
    void systemRelationsAreReadOnlyAndUnknownOnesDoNotExist() {
        assertThatThrownBy(() -> run("SELECT * FROM pg_catalog.pg_nothing")).isInstanceOf(SqlException.class)
            .extracting(e -> ((SqlException) e).sqlState()).isEqualTo("42P01");
        assertThatThrownBy(() -> run("DELETE FROM pg_catalog.pg_class")).isInstanceOf(SqlException.class);
    }
}
