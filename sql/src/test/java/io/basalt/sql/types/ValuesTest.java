package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The btree order of PostgreSQL with the C collation, at the points where Java's natural order differs. */
class ValuesTest {
    @Test
    void textComparesByCodePointLikeTheCCollation() {
        assertThat(Values.compare("B", "a", SqlType.TEXT)).isNegative();
        assertThat(Values.compare("a", "ab", SqlType.TEXT)).isNegative();
        // U+FFFF sorts before U+1F600 by code point, though its UTF-16 unit is larger than a surrogate.
        assertThat(Values.compare("\uFFFF", "\uD83D\uDE00", SqlType.TEXT)).isNegative();
        assertThat("\uFFFF".compareTo("\uD83D\uDE00")).isPositive();
    }

    @Test
    void characterIgnoresTrailingSpaces() {
        SqlType bpchar = SqlType.bpchar(4);
        assertThat(Values.equals("ab  ", "ab", bpchar)).isTrue();
        assertThat(Values.hash("ab  ", bpchar)).isEqualTo(Values.hash("ab", bpchar));
        assertThat(Values.compare("ab", "ab ", SqlType.TEXT)).isNegative();
    }

    @Test
    void floatsPutNanAboveInfinityAndEqualSignedZeros() {
        assertThat(Values.compare(Double.NaN, Double.POSITIVE_INFINITY, SqlType.FLOAT8)).isPositive();
        assertThat(Values.compare(Double.NaN, Double.NaN, SqlType.FLOAT8)).isZero();
        assertThat(Values.compare(-0.0, 0.0, SqlType.FLOAT8)).isZero();
        assertThat(Values.hash(-0.0, SqlType.FLOAT8)).isEqualTo(Values.hash(0.0, SqlType.FLOAT8));
        assertThat(Values.hash(Float.NaN, SqlType.FLOAT4)).isEqualTo(Values.hash(Double.NaN, SqlType.FLOAT8));
    }

    @Test
    void numericEqualityIgnoresScale() {
        assertThat(Values.equals(new BigDecimal("1.0"), new BigDecimal("1.00"), SqlType.NUMERIC)).isTrue();
        assertThat(Values.hash(new BigDecimal("1.0"), SqlType.NUMERIC)).isEqualTo(Values.hash(new BigDecimal("1.00"), SqlType.NUMERIC));
        assertThat(Values.hash(new BigDecimal("0.000"), SqlType.NUMERIC)).isEqualTo(Values.hash(BigDecimal.ZERO, SqlType.NUMERIC));
    }

    @Test
    void integerKindsHashAlike() {
        assertThat(Values.hash((short) 5, SqlType.INT2)).isEqualTo(Values.hash(5, SqlType.INT4)).isEqualTo(Values.hash(5L, SqlType.INT8));
    }

    @Test
    void uuidsCompareAsUnsignedBytes() {
        UUID high = UUID.fromString("ffffffff-0000-0000-0000-000000000000");
        UUID low = UUID.fromString("00000000-0000-0000-0000-000000000001");
        assertThat(Values.compare(high, low, SqlType.UUID)).isPositive();
        assertThat(high.compareTo(low)).isNegative();
    }

    @Test
    void byteaComparesUnsigned() {
        assertThat(Values.compare(new byte[] {(byte) 0xFF}, new byte[] {0x01}, SqlType.BYTEA)).isPositive();
        assertThat(Values.compare(new byte[] {1}, new byte[] {1, 0}, SqlType.BYTEA)).isNegative();
    }

    @Test
    void nullsSortLastUnlessAskedFirst() {
        assertThat(Values.compareWithNulls(null, 1, SqlType.INT4, false)).isPositive();
        assertThat(Values.compareWithNulls(null, 1, SqlType.INT4, true)).isNegative();
        assertThat(Values.compareWithNulls(null, null, SqlType.INT4, true)).isZero();
        assertThat(Values.equals(null, null, SqlType.INT4)).isTrue();
        assertThat(Values.equals(null, 1, SqlType.INT4)).isFalse();
    }
}
