package io.basalt.sql.types;

import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Operators against PostgreSQL 15. Each row is (left type, left literal, operator, right
 * type, right literal, outcome), where PostgreSQL printed {@code pg_typeof(result) || ' ' ||
 * result} for {@code CAST(l AS lt) op CAST(r AS rt)}; rows with an empty left side are unary
 * minus.
 */
class ArithmeticPgTest {
    static List<PgCase> cases() {
        return List.of(
            ok("int2", "1", "+", "int2", "1", "smallint 2"),
            err("int2", "32767", "+", "int2", "1", "22003", "smallint out of range"),
            ok("int2", "1", "+", "int4", "1", "integer 2"),
            ok("int4", "1", "+", "int2", "1", "integer 2"),
            ok("int2", "1", "+", "int8", "1", "bigint 2"),
            err("int4", "2147483647", "+", "int4", "1", "22003", "integer out of range"),
            ok("int4", "2147483647", "+", "int8", "1", "bigint 2147483648"),
            err("int8", "9223372036854775807", "+", "int4", "1", "22003", "bigint out of range"),
            err("int4", "-2147483648", "-", "int4", "1", "22003", "integer out of range"),
            err("int2", "-32768", "-", "int2", "1", "22003", "smallint out of range"),
            err("int8", "-9223372036854775808", "-", "int8", "1", "22003", "bigint out of range"),
            err("int4", "65536", "*", "int4", "65536", "22003", "integer out of range"),
            err("int8", "-9223372036854775808", "*", "int8", "-1", "22003", "bigint out of range"),
            err("int2", "200", "*", "int2", "200", "22003", "smallint out of range"),
            err("int8", "4294967296", "*", "int8", "4294967296", "22003", "bigint out of range"),
            err("int4", "46341", "*", "int4", "46341", "22003", "integer out of range"),
            ok("int8", "3037000500", "*", "int8", "3037000499", "bigint 9223372033963249500"),
            ok("int4", "7", "/", "int4", "2", "integer 3"),
            ok("int4", "-7", "/", "int4", "2", "integer -3"),
            ok("int4", "7", "/", "int4", "-2", "integer -3"),
            err("int4", "1", "/", "int4", "0", "22012", "division by zero"),
            err("int2", "1", "/", "int2", "0", "22012", "division by zero"),
            err("int8", "1", "/", "int8", "0", "22012", "division by zero"),
            err("int4", "-2147483648", "/", "int4", "-1", "22003", "integer out of range"),
            err("int2", "-32768", "/", "int2", "-1", "22003", "smallint out of range"),
            err("int8", "-9223372036854775808", "/", "int8", "-1", "22003", "bigint out of range"),
            ok("int8", "1", "/", "int2", "3", "bigint 0"),
            ok("int4", "-7", "%", "int4", "2", "integer -1"),
            ok("int4", "7", "%", "int4", "-2", "integer 1"),
            err("int4", "5", "%", "int4", "0", "22012", "division by zero"),
            ok("int4", "-2147483648", "%", "int4", "-1", "integer 0"),
            ok("int2", "-32768", "%", "int2", "-1", "smallint 0"),
            ok("int8", "-9223372036854775808", "%", "int8", "-1", "bigint 0"),
            ok("numeric", "1", "/", "numeric", "3", "numeric 0.33333333333333333333"),
            ok("numeric", "10", "/", "numeric", "4", "numeric 2.5000000000000000"),
            ok("numeric", "2", "/", "numeric", "3", "numeric 0.66666666666666666667"),
            ok("numeric", "1", "/", "numeric", "1e20", "numeric 0.0000000000000000000100000000000000000000"),
            ok("numeric", "12345678901234567890", "/", "numeric", "7", "numeric 1763668414462081127"),
            ok("numeric", "1", "/", "numeric", "7e-10", "numeric 1428571428.5714285714"),
            ok("numeric", "1e-10", "/", "numeric", "3", "numeric 0.0000000000333333333333333333"),
            ok("numeric", "999999999999", "/", "numeric", "0.00001", "numeric 99999999999900000.00000"),
            ok("numeric", "0.000001", "/", "numeric", "7", "numeric 0.000000142857142857142857"),
            ok("numeric", "100000000000000000000", "/", "numeric", "3", "numeric 33333333333333333333"),
            ok("numeric", "1.000", "/", "numeric", "3", "numeric 0.33333333333333333333"),
            ok("numeric", "0", "/", "numeric", "3", "numeric 0.00000000000000000000"),
            ok("numeric", "-1", "/", "numeric", "3", "numeric -0.33333333333333333333"),
            ok("numeric", "9999", "/", "numeric", "1", "numeric 9999.0000000000000000"),
            ok("numeric", "1", "/", "numeric", "9999", "numeric 0.00010001000100010001"),
            ok("numeric", "10000", "/", "numeric", "9999", "numeric 1.0001000100010001"),
            err("numeric", "5", "/", "numeric", "0", "22012", "division by zero"),
            err("numeric", "0.0", "/", "numeric", "0", "22012", "division by zero"),
            ok("int4", "1", "/", "numeric", "3", "numeric 0.33333333333333333333"),
            ok("numeric", "2.5", "/", "numeric", "-0.5", "numeric -5.0000000000000000"),
            ok("numeric", "123456.789", "/", "numeric", "0.001", "numeric 123456789.00000000"),
            ok("numeric", "1", "/", "numeric", "3.00000000000000000000000", "numeric 0.33333333333333333333333"),
            ok("numeric", "1.5", "*", "numeric", "1.25", "numeric 1.875"),
            ok("numeric", "1.50", "+", "numeric", "1.5", "numeric 3.00"),
            ok("numeric", "2.00", "-", "numeric", "0.5", "numeric 1.50"),
            ok("numeric", "-7.5", "%", "numeric", "2", "numeric -1.5"),
            ok("numeric", "7.5", "%", "numeric", "-2", "numeric 1.5"),
            err("numeric", "5.5", "%", "numeric", "0", "22012", "division by zero"),
            ok("numeric", "10", "%", "numeric", "0.3", "numeric 0.1"),
            ok("int2", "1", "+", "numeric", "1.5", "numeric 2.5"),
            ok("int8", "9223372036854775807", "+", "numeric", "1", "numeric 9223372036854775808"),
            ok("float8", "0.1", "+", "float8", "0.2", "double precision 0.30000000000000004"),
            ok("float4", "0.1", "+", "float4", "0.2", "real 0.3"),
            ok("float4", "1.5", "*", "int2", "2", "double precision 3"),
            ok("float4", "1", "+", "int4", "1", "double precision 2"),
            ok("float4", "1", "+", "numeric", "1", "double precision 2"),
            ok("numeric", "1", "+", "float8", "1", "double precision 2"),
            ok("float4", "1", "+", "float8", "0.1", "double precision 1.1"),
            ok("int8", "9007199254740993", "+", "float8", "0", "double precision 9.007199254740992e+15"),
            err("float8", "1", "/", "float8", "0", "22012", "division by zero"),
            err("float8", "0", "/", "float8", "0", "22012", "division by zero"),
            ok("float8", "NaN", "/", "float8", "0", "double precision NaN"),
            err("float4", "1", "/", "float4", "0", "22012", "division by zero"),
            err("float8", "1e308", "*", "float8", "10", "22003", "value out of range: overflow"),
            err("float8", "1e-308", "*", "float8", "1e-308", "22003", "value out of range: underflow"),
            err("float8", "1e308", "+", "float8", "1e308", "22003", "value out of range: overflow"),
            ok("float8", "Infinity", "+", "float8", "1", "double precision Infinity"),
            ok("float8", "Infinity", "-", "float8", "Infinity", "double precision NaN"),
            ok("float8", "Infinity", "*", "float8", "0", "double precision NaN"),
            ok("float8", "1", "/", "float8", "Infinity", "double precision 0"),
            err("float8", "1e-300", "/", "float8", "1e300", "22003", "value out of range: underflow"),
            err("float4", "3e38", "*", "float4", "10", "22003", "value out of range: overflow"),
            err("float4", "1e-30", "*", "float4", "1e-30", "22003", "value out of range: underflow"),
            err("float8", "7.5", "%", "int4", "2", "42883", "operator does not exist: double precision % integer"),
            err("float4", "7.5", "%", "float4", "2", "42883", "operator does not exist: real % real"),
            ok("date", "2024-01-31", "+", "int4", "1", "date 2024-02-01"),
            ok("date", "2024-01-31", "-", "int4", "1", "date 2024-01-30"),
            ok("int4", "1", "+", "date", "2024-01-31", "date 2024-02-01"),
            ok("date", "2024-01-31", "-", "date", "2024-01-01", "integer 30"),
            ok("date", "2024-01-01", "-", "date", "2024-01-31", "integer -30"),
            err("date", "5874897-12-31", "+", "int4", "1", "22008", "date out of range"),
            err("date", "4714-11-24 BC", "-", "int4", "1", "22008", "date out of range"),
            ok("date", "2024-01-31", "+", "int2", "1", "date 2024-02-01"),
            err("date", "2024-01-31", "+", "int8", "1", "42883", "operator does not exist: date + bigint"),
            err("date", "2024-01-31", "+", "date", "2024-01-31", "42883", "operator does not exist: date + date"),
            err("date", "2024-01-31", "*", "int4", "2", "42883", "operator does not exist: date * integer"),
            ok("text", "a", "||", "int4", "1", "text a1"),
            ok("int4", "1", "||", "text", "a", "text 1a"),
            ok("text", "a", "||", "char(3)", "b", "text ab"),
            ok("char(3)", "a", "||", "text", "b", "text ab"),
            ok("varchar", "a", "||", "varchar", "b", "text ab"),
            ok("text", "x", "||", "bool", "true", "text xtrue"),
            ok("text", "x", "||", "numeric", "1.50", "text x1.50"),
            ok("text", "x", "||", "bytea", "\\x01", "text x\\x01"),
            ok("bytea", "\\x01", "||", "bytea", "\\x02", "bytea \\x0102"),
            ok("text", "x", "||", "float8", "1e20", "text x1e+20"),
            ok("text", "x", "||", "date", "2024-01-31", "text x2024-01-31"),
            err("int4", "1", "||", "int4", "2", "42883", "operator does not exist: integer || integer"),
            err("text", "a", "+", "int4", "1", "42883", "operator does not exist: text + integer"),
            err("bool", "true", "+", "int4", "1", "42883", "operator does not exist: boolean + integer"),
            err("uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11", "+", "int4", "1", "42883", "operator does not exist: uuid + integer"),
            err("", "", "-", "int2", "-32768", "22003", "smallint out of range"),
            err("", "", "-", "int4", "-2147483648", "22003", "integer out of range"),
            err("", "", "-", "int8", "-9223372036854775808", "22003", "bigint out of range"),
            ok("", "", "-", "int4", "5", "integer -5"),
            ok("", "", "-", "numeric", "1.50", "numeric -1.50"),
            ok("", "", "-", "float8", "0", "double precision -0"),
            ok("", "", "-", "float4", "-1.5", "real 1.5"),
            ok("", "", "-", "numeric", "0.00", "numeric 0.00"));
    }

    private static PgCase ok(String lt, String lv, String op, String rt, String rv, String output) {
        return PgCase.ok(String.join("\t", lt, lv, op, rt, rv), output);
    }

    private static PgCase err(String lt, String lv, String op, String rt, String rv, String sqlState, String message) {
        return PgCase.err(String.join("\t", lt, lv, op, rt, rv), sqlState, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void operatorsMatchPostgres(PgCase c) {
        String[] p = c.description().split("\t", -1);
        SqlType rt = TestTypes.parse(p[3]);
        Object r = TextCodec.parse(p[4], rt, ZoneOffset.UTC);
        if (p[0].isEmpty()) {
            c.check(() -> rt.kind().sqlName() + " " + TextCodec.format(Arithmetic.negate(r, rt), rt, ZoneOffset.UTC));
            return;
        }
        SqlType lt = TestTypes.parse(p[0]);
        Object l = TextCodec.parse(p[1], lt, ZoneOffset.UTC);
        c.check(() -> {
            SqlType result = Arithmetic.resultType(p[2], lt, rt);
            Object v = Arithmetic.apply(p[2], l, lt, r, rt, ZoneOffset.UTC);
            return result.kind().sqlName() + " " + TextCodec.format(v, result, ZoneOffset.UTC);
        });
    }
}
