package io.basalt.sql.types;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Random non-null values of each type across its whole range, biased toward the values
 * encodings get wrong: extremes, zero and -0.0, NaN, ties, strings sharing prefixes, 0x00 and
 * 0xFF bytes, characters outside the BMP.
 */
final class ValueArbitraries {
    /** The types the properties run over (one of each kind, with and without modifiers). */
    static final List<SqlType> TYPES = List.of(
            SqlType.BOOL, SqlType.INT2, SqlType.INT4, SqlType.INT8, SqlType.NUMERIC, SqlType.numeric(12, 3),
            SqlType.FLOAT4, SqlType.FLOAT8, SqlType.TEXT, SqlType.VARCHAR, SqlType.bpchar(6), SqlType.of(TypeKind.BPCHAR),
            SqlType.BYTEA, SqlType.DATE, SqlType.TIMESTAMP, SqlType.TIMESTAMPTZ, SqlType.UUID, SqlType.INTERVAL, SqlType.UNKNOWN);

    private ValueArbitraries() {
    }

    static Arbitrary<Object> of(SqlType type) {
        return switch (type.kind()) {
            case BOOL -> Arbitraries.of(true, false).map(b -> b);
            case INT2 -> Arbitraries.shorts().map(v -> v);
            case INT4 -> Arbitraries.integers().map(v -> v);
            case INT8 -> Arbitraries.longs().map(v -> v);
            case NUMERIC -> numeric(type).map(v -> v);
            case FLOAT4 -> Arbitraries.oneOf(
                    Arbitraries.integers().map(Float::intBitsToFloat),
                    Arbitraries.of(0f, -0f, Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY,
                            Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, 1f, -1f, 0.1f),
                    Arbitraries.integers().between(-1000, 1000).map(i -> i / 8f)).map(v -> v);
            case FLOAT8 -> Arbitraries.oneOf(
                    Arbitraries.longs().map(Double::longBitsToDouble),
                    Arbitraries.of(0d, -0d, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
                            Double.MIN_VALUE, -Double.MIN_VALUE, Double.MAX_VALUE, 1d, -1d, 0.1d),
                    Arbitraries.integers().between(-1000, 1000).map(i -> i / 8d)).map(v -> v);
            case TEXT, VARCHAR, UNKNOWN -> text().map(v -> v);
            case BPCHAR -> text().map(s -> (Object) StringTypes.applyForExplicitCast(s, type));
            case BYTEA -> Arbitraries.oneOf(
                    Arbitraries.bytes().array(byte[].class).ofMaxSize(12),
                    Arbitraries.of((byte) 0, (byte) 1, (byte) 0xFF, (byte) 0xFE).array(byte[].class).ofMaxSize(6)).map(v -> v);
            case DATE -> Arbitraries.longs()
                    .between(DateTimes.DATE_MIN.toEpochDay(), DateTimes.DATE_MAX.toEpochDay())
                    .map(d -> (Object) java.time.LocalDate.ofEpochDay(d));
            case TIMESTAMP -> micros().map(m -> (Object) DateTimes.microsToTimestamp(m));
            case TIMESTAMPTZ -> micros().map(m -> (Object) DateTimes.microsToInstant(m));
            case UUID -> Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((a, b) -> (Object) new UUID(a, b));
            case INTERVAL -> Combinators.combine(
                    Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-30, 30)),
                    Arbitraries.oneOf(Arbitraries.integers(), Arbitraries.integers().between(-40, 40)),
                    Arbitraries.oneOf(Arbitraries.longs(), Arbitraries.longs().between(-200_000_000_000L, 200_000_000_000L),
                            Arbitraries.of(0L, 1L, -1L, Interval.MICROS_PER_DAY, -Interval.MICROS_PER_DAY)))
                    .as((m, d, us) -> (Object) new Interval(m, d, us));
        };
    }

    /** Values or nulls, about one in eight null. */
    static Arbitrary<Object> nullable(SqlType type) {
        return of(type).injectNull(0.125);
    }

    private static Arbitrary<BigDecimal> numeric(SqlType type) {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)));
        Arbitrary<BigDecimal> any = Combinators.combine(unscaled, Arbitraries.integers().between(0, 25))
                .as(BigDecimal::new);
        if (type.precision() < 0) {
            return any;
        }
        BigInteger limit = BigInteger.TEN.pow(type.precision());
        return Arbitraries.bigIntegers().between(limit.negate().add(BigInteger.ONE), limit.subtract(BigInteger.ONE))
                .map(u -> new BigDecimal(u, type.scale()));
    }

    private static Arbitrary<Long> micros() {
        long min = DateTimes.timestampToMicros(DateTimes.TIMESTAMP_MIN);
        long max = DateTimes.timestampToMicros(DateTimes.TIMESTAMP_END) - 1;
        return Arbitraries.oneOf(
                Arbitraries.longs().between(min, max),
                Arbitraries.longs().between(-86_400_000_000L * 400, 86_400_000_000L * 400),
                Arbitraries.of(min, max, 0L, -1L));
    }

    /** Code points (no surrogate halves, no NUL) from a tiny alphabet or anywhere in Unicode. */
    private static Arbitrary<String> text() {
        Arbitrary<Integer> small = Arbitraries.of((int) 'a', (int) 'b', (int) ' ', (int) 'B', 0x7F, 0xE9, 0xFFFF, 0x1F600, 0x10FFFF);
        Arbitrary<Integer> any = Arbitraries.integers().between(1, 0x10FFFF).filter(c -> c < 0xD800 || c > 0xDFFF);
        return Arbitraries.oneOf(small, any).list().ofMaxSize(8)
                .map(cps -> {
                    StringBuilder sb = new StringBuilder();
                    cps.forEach(sb::appendCodePoint);
                    return sb.toString();
                });
    }
}
