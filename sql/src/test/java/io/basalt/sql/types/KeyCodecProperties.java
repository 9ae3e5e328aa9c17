package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.SqlException;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The key encoding's contract, on random values of every type: byte order is SQL order (asc
 * and desc, NULL last ascending and first descending), also when a second column follows, and
 * a key decodes back to an equal value.
 */
class KeyCodecProperties {
    /** Two two-column rows of one type each; b often repeats a so ties are tested too. */
    record Pair(SqlType first, SqlType second, boolean firstDesc, boolean secondDesc,
                Object a1, Object a2, Object b1, Object b2) {
        @Override
        public String toString() {
            return first + (firstDesc ? " desc" : "") + ", " + second + (secondDesc ? " desc" : "") + ": ("
                    + SameValue.show(a1) + ", " + SameValue.show(a2) + ") vs (" + SameValue.show(b1) + ", " + SameValue.show(b2) + ")";
        }
    }

    @Provide
    Arbitrary<Pair> pairs() {
        Arbitrary<SqlType> types = Arbitraries.of(ValueArbitraries.TYPES);
        return Combinators.combine(types, types, Arbitraries.of(true, false), Arbitraries.of(true, false))
                .flatAs((t1, t2, d1, d2) -> Combinators.combine(
                        ValueArbitraries.nullable(t1), ValueArbitraries.nullable(t2),
                        maybeSame(t1), maybeSame(t2))
                        .as((a1, a2, b1, b2) -> new Pair(t1, t2, d1, d2, a1, a2,
                                b1 == SAME ? a1 : b1, b2 == SAME ? a2 : b2)));
    }

    private static final Object SAME = new Object();

    private static Arbitrary<Object> maybeSame(SqlType t) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(SAME)),
                net.jqwik.api.Tuple.of(3, ValueArbitraries.nullable(t)));
    }

    @Property(tries = 3000, edgeCases = EdgeCasesMode.NONE)
    void keyByteOrderIsSqlOrder(@ForAll("pairs") Pair p) {
        byte[] ka = key(p, p.a1(), p.a2());
        byte[] kb = key(p, p.b1(), p.b2());
        int expected = columnOrder(p.a1(), p.b1(), p.first(), p.firstDesc());
        if (expected == 0) {
            expected = columnOrder(p.a2(), p.b2(), p.second(), p.secondDesc());
        }
        assertThat(Integer.signum(Arrays.compareUnsigned(ka, kb))).isEqualTo(expected);
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void keysDecodeToEqualValues(@ForAll("pairs") Pair p) {
        byte[] k = key(p, p.a1(), p.a2());
        ByteSource in = new ByteSource(k);
        assertThat(KeyCodec.decodeUint32(in)).isEqualTo(0xFFFF_FFF0);
        Object d1 = KeyCodec.decode(in, p.first(), p.firstDesc());
        Object d2 = KeyCodec.decode(in, p.second(), p.secondDesc());
        assertThat(in.hasRemaining()).isFalse();
        assertThat(Values.equals(d1, p.a1(), p.first())).as("first column decoded as %s", SameValue.show(d1)).isTrue();
        assertThat(Values.equals(d2, p.a2(), p.second())).as("second column decoded as %s", SameValue.show(d2)).isTrue();
        if (d1 != null) {
            assertThat(d1).isInstanceOf(p.first().kind().javaClass());
        }
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void equalValuesHashAlike(@ForAll("pairs") Pair p) {
        if (Values.equals(p.a1(), p.b1(), p.first())) {
            assertThat(Values.hash(p.a1(), p.first())).isEqualTo(Values.hash(p.b1(), p.first()));
        }
    }

    @Property(tries = 2000, edgeCases = EdgeCasesMode.NONE)
    void randomBytesDecodeOrFailAsCorrupt(@ForAll byte[] bytes, @ForAll("types") SqlType type, @ForAll boolean desc) {
        try {
            ByteSource in = new ByteSource(bytes);
            while (in.hasRemaining()) {
                KeyCodec.decode(in, type, desc);
            }
        } catch (SqlException e) {
            assertThat(e.sqlState()).isEqualTo("XX001");
        }
    }

    @net.jqwik.api.Example
    void anIntervalKeyPastAnyIntervalIsCorruptNotAnOverflow() {
        byte[] bytes = new byte[17];
        bytes[0] = 16;  // the days word: far past the months an int holds, even as months of 30 days
        ByteSource in = new ByteSource(bytes);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> KeyCodec.decode(in, SqlType.INTERVAL, false))
            .isInstanceOf(SqlException.class).hasMessageContaining("interval key")
            .extracting(e -> ((SqlException) e).sqlState()).isEqualTo("XX001");
    }

    @Provide
    Arbitrary<SqlType> types() {
        return Arbitraries.of(ValueArbitraries.TYPES);
    }

    private static byte[] key(Pair p, Object v1, Object v2) {
        ByteSink out = new ByteSink();
        KeyCodec.encodeUint32(out, 0xFFFF_FFF0);
        KeyCodec.encode(out, v1, p.first(), p.firstDesc());
        KeyCodec.encode(out, v2, p.second(), p.secondDesc());
        return out.toByteArray();
    }

    /** PostgreSQL's order of one column: NULLS LAST ascending; descending reverses it all. */
    private static int columnOrder(Object a, Object b, SqlType type, boolean desc) {
        int c = Integer.signum(Values.compareWithNulls(a, b, type, false));
        return desc ? -c : c;
    }
}
