package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Binary wire forms against PostgreSQL 15: each row is (type, literal, the hex of what the
 * type's send function returned for it).
 */
class BinaryCodecPgTest {
    record Sent(String type, String literal, String hex) {
        @Override
        public String toString() {
            return type + " " + literal;
        }
    }

    static List<Sent> cases() {
        return List.of(
            ok("numeric", "0", "0000000000000000"),
            ok("numeric", "0.00", "0000000000000002"),
            ok("numeric", "1", "00010000000000000001"),
            ok("numeric", "1.5", "000200000000000100011388"),
            ok("numeric", "-1.5", "000200004000000100011388"),
            ok("numeric", "10000", "00010001000000000001"),
            ok("numeric", "12345.6789", "0003000100000004000109291a85"),
            ok("numeric", "0.0001", "0001ffff000000040001"),
            ok("numeric", "0.00001", "0001fffe0000000503e8"),
            ok("numeric", "123456789012345678901234567890.123", "0009000700000003000c0d801ed204d2162e23340d801ed204ce"),
            ok("numeric", "-0.000000012300", "0002fffe4000000c000108fc"),
            ok("numeric", "1e20", "00010005000000000001"),
            ok("numeric", "99990000", "0001000100000000270f"),
            ok("int2", "-2", "fffe"),
            ok("int4", "305419896", "12345678"),
            ok("int8", "-1", "ffffffffffffffff"),
            ok("float4", "1.5", "3fc00000"),
            ok("float8", "-0.1", "bfb999999999999a"),
            ok("bool", "true", "01"),
            ok("date", "2024-01-31", "0000225c"),
            ok("date", "1999-12-31", "ffffffff"),
            ok("timestamp", "2024-01-31 13:45:00.5", "0002b33cda9c3020"),
            ok("timestamp", "1970-01-01", "fffca2fec4c82000"),
            ok("timestamptz", "2024-01-31 13:45:00+05:30", "0002b3383e688900"),
            ok("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "a0eebc999c0b4ef8bb6d6bb9bd380a11"),
            ok("interval", "1 day", "00000000000000000000000100000000"),
            ok("interval", "-1 days +02:00:00", "00000001ad274800ffffffff00000000"),
            ok("interval", "1 year 2 mons 3 days 04:05:06.789", "000000036c97ca88000000030000000e"),
            ok("interval", "-00:00:00.000001", "ffffffffffffffff0000000000000000"),
            ok("interval", "178956970 years 7 mons", "0000000000000000000000007fffffff"),
            ok("text", "hé", "68c3a9"),
            ok("bytea", "\\x00ff", "00ff"),
            ok("char(4)", "ab", "61622020"),
            ok("varchar", "ab", "6162"));
    }

    private static Sent ok(String type, String literal, String hex) {
        return new Sent(type, literal, hex);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void encodeMatchesPostgresSend(Sent c) {
        SqlType type = TestTypes.parse(c.type());
        Object v = TextCodec.parse(c.literal(), type, ZoneOffset.UTC);
        assertThat(HexFormat.of().formatHex(BinaryCodec.encode(v, type))).isEqualTo(c.hex());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decodeOfPostgresBytesGivesTheValue(Sent c) {
        SqlType type = TestTypes.parse(c.type());
        Object expected = TextCodec.parse(c.literal(), type, ZoneOffset.UTC);
        Object decoded = BinaryCodec.decode(HexFormat.of().parseHex(c.hex()), type);
        assertThat(TextCodec.format(decoded, type, ZoneOffset.UTC)).isEqualTo(TextCodec.format(expected, type, ZoneOffset.UTC));
    }

    @Test
    void wrongLengthIsIncorrectBinaryDataFormat() {
        for (SqlType t : List.of(SqlType.BOOL, SqlType.INT2, SqlType.INT4, SqlType.INT8, SqlType.FLOAT4, SqlType.FLOAT8,
                SqlType.DATE, SqlType.TIMESTAMP, SqlType.TIMESTAMPTZ, SqlType.UUID, SqlType.NUMERIC)) {
            assertThatThrownBy(() -> BinaryCodec.decode(new byte[] {1, 2, 3}, t))
                    .as(t.sqlName())
                    .isInstanceOfSatisfying(SqlException.class, e -> {
                        assertThat(e.sqlState()).isEqualTo("22P03");
                        assertThat(e.getMessage()).isEqualTo("incorrect binary data format");
                    });
        }
    }

    @Test
    void numericWithBadSignOrDigitIsRejected() {
        byte[] badSign = HexFormat.of().parseHex("0001000012340000" + "0001");
        assertThatThrownBy(() -> BinaryCodec.decode(badSign, SqlType.NUMERIC))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("22P03"));
        byte[] badDigit = HexFormat.of().parseHex("0001000000000000" + "2710");
        assertThatThrownBy(() -> BinaryCodec.decode(badDigit, SqlType.NUMERIC))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("22P03"));
    }

    @Test
    void numericReceiveTruncatesDigitsHiddenByTheScaleAndAppliesTheModifier() {
        // 1.5 sent with dscale 0: numeric_recv truncates to 1.
        byte[] bytes = HexFormat.of().parseHex("000200000000000000011388");
        assertThat(BinaryCodec.decode(bytes, SqlType.NUMERIC)).hasToString("1");
        byte[] twelveThousand = HexFormat.of().parseHex("00010001000000000001");
        assertThatThrownBy(() -> BinaryCodec.decode(twelveThousand, SqlType.numeric(3, 0)))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("22003"));
    }

    @Test
    void invalidUtf8TextIsRejected() {
        assertThatThrownBy(() -> BinaryCodec.decode(new byte[] {(byte) 0xC3}, SqlType.TEXT))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("22021"));
    }

    @Test
    void varcharReceiveChecksTheLength() {
        assertThatThrownBy(() -> BinaryCodec.decode("abcd".getBytes(java.nio.charset.StandardCharsets.UTF_8), SqlType.varchar(3)))
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("22001"));
    }
}
