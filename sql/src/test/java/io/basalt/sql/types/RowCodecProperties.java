package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Rows round-trip exactly whatever columns are asked for, and damaged row bytes are reported
 * as XX001, never as another exception.
 */
class RowCodecProperties {
    record Row(int[] ids, SqlType[] types, Object[] values) {
        byte[] encode() {
            return RowCodec.encode(ids, values, types);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < ids.length; i++) {
                sb.append(ids[i]).append(':').append(types[i]).append('=').append(SameValue.show(values[i])).append(' ');
            }
            return sb.toString();
        }
    }

    record Column(SqlType type, Object value) {
    }

    @Provide
    Arbitrary<Row> rows() {
        Arbitrary<List<Integer>> ids = Arbitraries.oneOf(
                Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .list().uniqueElements().ofMaxSize(10);
        Arbitrary<Column> column = Arbitraries.of(ValueArbitraries.TYPES)
                .flatMap(t -> ValueArbitraries.nullable(t).map(v -> new Column(t, v)));
        return Combinators.combine(ids, column.list().ofSize(10)).as((idList, columns) -> {
            int n = idList.size();
            SqlType[] types = new SqlType[n];
            Object[] values = new Object[n];
            for (int i = 0; i < n; i++) {
                types[i] = columns.get(i).type();
                values[i] = columns.get(i).value();
            }
            return new Row(idList.stream().mapToInt(Integer::intValue).toArray(), types, values);
        });
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void everyColumnReadsBackExactly(@ForAll("rows") Row row) {
        Object[] back = RowCodec.decode(row.encode(), row.ids(), row.types());
        for (int i = 0; i < back.length; i++) {
            assertThat(SameValue.same(back[i], row.values()[i])).as("column %d read %s", row.ids()[i], SameValue.show(back[i])).isTrue();
        }
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.NONE)
    void aSubsetInAnyOrderAndUnknownColumnsRead(@ForAll("rows") Row row, @ForAll("seeds") long seed) {
        java.util.Random random = new java.util.Random(seed);
        int n = row.ids().length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Collections.shuffle(Arrays.asList(order), random);
        int keep = n == 0 ? 0 : random.nextInt(n + 1);
        int[] wanted = new int[keep + 1];
        SqlType[] types = new SqlType[keep + 1];
        for (int i = 0; i < keep; i++) {
            wanted[i] = row.ids()[order[i]];
            types[i] = row.types()[order[i]];
        }
        // A column the row never had (added later): null, or the supplied default.
        wanted[keep] = -1;
        types[keep] = SqlType.INT4;
        Object[] missing = new Object[keep + 1];
        missing[keep] = 42;
        Object[] back = RowCodec.decode(row.encode(), wanted, types, missing);
        for (int i = 0; i < keep; i++) {
            assertThat(SameValue.same(back[i], row.values()[order[i]])).isTrue();
        }
        assertThat(back[keep]).isEqualTo(42);
        assertThat(RowCodec.decode(row.encode(), wanted, types)[keep]).isNull();
    }

    @Provide
    Arbitrary<Long> seeds() {
        return Arbitraries.longs().withoutEdgeCases();
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void everyTruncationIsCorrupt(@ForAll("rows") Row row) {
        byte[] full = row.encode();
        for (int len = 0; len < full.length; len++) {
            byte[] cut = Arrays.copyOf(full, len);
            assertThatThrownBy(() -> RowCodec.decode(cut, row.ids(), row.types()))
                    .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("XX001"));
        }
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void damagedRowsDecodeOrFailAsCorrupt(@ForAll("rows") Row row, @ForAll int position, @ForAll byte flip) {
        byte[] bytes = row.encode();
        bytes[Math.floorMod(position, bytes.length)] ^= flip;
        decodeOrCorrupt(bytes, row.ids(), row.types());
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.NONE)
    void randomBytesDecodeOrFailAsCorrupt(@ForAll byte[] bytes, @ForAll("rows") Row schema) {
        byte[] withVersion = bytes.length > 0 && bytes[0] % 2 == 0 ? bytes : prepend((byte) 1, bytes);
        decodeOrCorrupt(withVersion, schema.ids(), schema.types());
    }

    private static byte[] prepend(byte b, byte[] bytes) {
        byte[] out = new byte[bytes.length + 1];
        out[0] = b;
        System.arraycopy(bytes, 0, out, 1, bytes.length);
        return out;
    }

    private static void decodeOrCorrupt(byte[] bytes, int[] ids, SqlType[] types) {
        try {
            RowCodec.decode(bytes, ids, types);
        } catch (SqlException e) {
            assertThat(e.sqlState()).isEqualTo("XX001");
            assertThat(e.getMessage()).startsWith("data_corrupted: ");
        }
    }
}
