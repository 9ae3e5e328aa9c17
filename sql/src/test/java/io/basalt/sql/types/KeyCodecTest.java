package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Specific promises of the key encoding that the properties only meet by chance. */
class KeyCodecTest {
    private static byte[] key(Object v, SqlType t, boolean desc) {
        ByteSink out = new ByteSink();
        KeyCodec.encode(out, v, t, desc);
        return out.toByteArray();
    }

    @Test
    void integerKindsShareOneKey() {
        assertThat(key((short) 5, SqlType.INT2, false))
                .isEqualTo(key(5, SqlType.INT4, false))
                .isEqualTo(key(5L, SqlType.INT8, false));
    }

    @Test
    void equalNumericsOfDifferentScaleShareOneKey() {
        assertThat(key(new BigDecimal("1.0"), SqlType.NUMERIC, false)).isEqualTo(key(new BigDecimal("1.00"), SqlType.NUMERIC, false));
        assertThat(key(new BigDecimal("0.00"), SqlType.NUMERIC, true)).isEqualTo(key(BigDecimal.ZERO, SqlType.NUMERIC, true));
    }

    @Test
    void numericKeysRestoreTheColumnScale() {
        SqlType money = SqlType.numeric(10, 2);
        Object back = KeyCodec.decode(new ByteSource(key(new BigDecimal("1.50"), money, false)), money, false);
        assertThat(back).hasToString("1.50");
    }

    @Test
    void signedZerosShareOneKeyAndNanSortsLast() {
        assertThat(key(-0.0, SqlType.FLOAT8, false)).isEqualTo(key(0.0, SqlType.FLOAT8, false));
        assertThat(Arrays.compareUnsigned(key(Double.NaN, SqlType.FLOAT8, false), key(Double.POSITIVE_INFINITY, SqlType.FLOAT8, false))).isPositive();
        assertThat(key(1.5f, SqlType.FLOAT4, false)).isEqualTo(key(1.5, SqlType.FLOAT8, false));
    }

    @Test
    void nullIsLastAscendingAndFirstDescending() {
        assertThat(Arrays.compareUnsigned(key(null, SqlType.TEXT, false), key("\uDBFF\uDFFF", SqlType.TEXT, false))).isPositive();
        assertThat(Arrays.compareUnsigned(key(null, SqlType.TEXT, true), key("", SqlType.TEXT, true))).isNegative();
    }

    @Test
    void aStringSortsBeforeItsExtensionsEvenWithZeroBytes() {
        byte[] a = key(new byte[] {0x61}, SqlType.BYTEA, false);
        byte[] a0 = key(new byte[] {0x61, 0x00}, SqlType.BYTEA, false);
        byte[] a00 = key(new byte[] {0x61, 0x00, 0x00}, SqlType.BYTEA, false);
        byte[] a1 = key(new byte[] {0x61, 0x01}, SqlType.BYTEA, false);
        assertThat(Arrays.compareUnsigned(a, a0)).isNegative();
        assertThat(Arrays.compareUnsigned(a0, a00)).isNegative();
        assertThat(Arrays.compareUnsigned(a00, a1)).isNegative();
    }

    @Test
    void prefixEndIsTheFirstKeyPastThePrefix() {
        assertThat(KeyCodec.prefixEnd(new byte[] {1, 2})).containsExactly(1, 3);
        assertThat(KeyCodec.prefixEnd(new byte[] {1, (byte) 0xFF})).containsExactly(2);
        assertThat(KeyCodec.prefixEnd(new byte[] {(byte) 0xFF, (byte) 0xFF})).isNull();
        assertThat(KeyCodec.prefixEnd(new byte[0])).isNull();
        byte[] prefix = {0, 0, 0, 7};
        byte[] inside = {0, 0, 0, 7, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
        assertThat(Arrays.compareUnsigned(inside, KeyCodec.prefixEnd(prefix))).isNegative();
    }

    @Test
    void idHeadersOrderAsUnsignedIntegers() {
        ByteSink small = new ByteSink();
        KeyCodec.encodeUint32(small, 1);
        ByteSink large = new ByteSink();
        KeyCodec.encodeUint32(large, 0x8000_0000);
        assertThat(Arrays.compareUnsigned(small.toByteArray(), large.toByteArray())).isNegative();
        assertThat(KeyCodec.decodeUint32(new ByteSource(large.toByteArray()))).isEqualTo(0x8000_0000);
    }

    @Test
    void characterKeysIgnorePaddingAndDecodePadded() {
        SqlType c4 = SqlType.bpchar(4);
        assertThat(key("ab  ", c4, false)).isEqualTo(key("ab", c4, false));
        assertThat(KeyCodec.decode(new ByteSource(key("ab  ", c4, false)), c4, false)).isEqualTo("ab  ");
    }
}
