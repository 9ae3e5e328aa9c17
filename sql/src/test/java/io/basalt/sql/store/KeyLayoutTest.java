package io.basalt.sql.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.kv.client.KvRow;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyLayoutTest {
    private static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    @Test
    void everyKeyStartsWithTheSqlKeyspaceThenTableThenIndex() {
        byte[] p = SqlKeys.indexPrefix(100, 2);
        assertThat(p).containsExactly(0x01, 0, 0, 0, 100, 0, 0, 0, 2);
        assertThat(SqlKeys.tablePrefix(100)).containsExactly(0x01, 0, 0, 0, 100);
        assertThat(SqlKeys.catalogKey(SqlKeys.CATALOG_VERSION)).containsExactly(0x01, 0, 0, 0, 0, 0, 0, 0, 1);
    }

    @Test
    void tablesAndIndexesOrderByIdAndTheCatalogComesFirst() {
        assertThat(compare(SqlKeys.catalogKey(SqlKeys.CATALOG_COUNTERS, 9), SqlKeys.tablePrefix(100))).isNegative();
        assertThat(compare(SqlKeys.indexPrefix(100, 255), SqlKeys.indexPrefix(100, 256))).isNegative();
        assertThat(compare(SqlKeys.prefixEnd(SqlKeys.indexPrefix(100, 7)), SqlKeys.indexPrefix(100, 8))).isZero();
        assertThat(compare(SqlKeys.prefixEnd(SqlKeys.tablePrefix(100)), SqlKeys.tablePrefix(101))).isZero();
        // a printable key written by another user of the store sorts after the whole SQL keyspace
        assertThat(compare(SqlKeys.prefixEnd(new byte[] {0x01}), "a".getBytes())).isNegative();
    }

    @Test
    void keyColumnsSortInSqlOrderWithNullsLastAndDescendingReversed() {
        byte[] p = SqlKeys.indexPrefix(100, 1);
        SqlType[] ints = {SqlType.INT4};
        List<Object> values = Arrays.asList(-5, 0, 3, 1_000_000, null);
        List<byte[]> asc = new ArrayList<>();
        List<byte[]> desc = new ArrayList<>();
        for (Object v : values) {
            asc.add(SqlKeys.append(p, new Object[] {v}, ints, new boolean[] {false}));
            desc.add(SqlKeys.append(p, new Object[] {v}, ints, new boolean[] {true}));
        }
        for (int i = 0; i + 1 < values.size(); i++) {
            assertThat(compare(asc.get(i), asc.get(i + 1))).as("asc %s < %s", values.get(i), values.get(i + 1)).isNegative();
            assertThat(compare(desc.get(i), desc.get(i + 1))).as("desc %s > %s", values.get(i), values.get(i + 1)).isPositive();
        }
    }

    @Test
    void aCompositeKeyPrefixIsAByteRangeOfItsExtensions() {
        byte[] p = SqlKeys.indexPrefix(100, 2);
        SqlType[] types = {SqlType.TEXT, SqlType.INT8};
        byte[] a = SqlKeys.append(p, new Object[] {"ab"}, new SqlType[] {SqlType.TEXT}, new boolean[] {false});
        byte[] ab1 = SqlKeys.append(p, new Object[] {"ab", 1L}, types, new boolean[] {false, false});
        byte[] abc0 = SqlKeys.append(p, new Object[] {"abc", 0L}, types, new boolean[] {false, false});
        assertThat(compare(a, ab1)).isNegative();
        assertThat(compare(ab1, SqlKeys.prefixEnd(a))).isNegative();
        assertThat(compare(abc0, SqlKeys.prefixEnd(a))).isPositive();
    }

    @Test
    void secondaryEntriesPointAtThePrimaryKey() {
        TestDb db = new TestDb();
        db.ddl("CREATE TABLE t (id int PRIMARY KEY, u text UNIQUE, n int)");
        db.ddl("CREATE INDEX ON t (n)");
        TableDef t = db.catalog().table("t");
        TableLayout l = new TableLayout(t, db.compiler);
        Object[] row = {7, "x", 3};
        byte[] pk = l.primary.suffix(row);
        IndexLayout unique = l.layoutOf(t.index("t_u_key"));
        IndexLayout plain = l.layoutOf(t.index("t_n_idx"));

        KvRow u = unique.entry(row, pk);
        assertThat(u.value()).isEqualTo(pk);
        assertThat(unique.pkSuffixOf(u)).isEqualTo(pk);

        KvRow n = plain.entry(row, pk);
        assertThat(n.value()).isEmpty();
        assertThat(Arrays.copyOfRange(n.key(), n.key().length - pk.length, n.key().length)).isEqualTo(pk);
        assertThat(plain.pkSuffixOf(n)).isEqualTo(pk);

        Object[] withNull = {8, null, 3};
        byte[] pk8 = l.primary.suffix(withNull);
        KvRow nullEntry = unique.entry(withNull, pk8);
        assertThat(unique.enforcesUniqueness(withNull)).isFalse();
        assertThat(nullEntry.value()).isEmpty();
        assertThat(unique.pkSuffixOf(nullEntry)).isEqualTo(pk8);
    }
}
