package io.basalt.sql.expr;


import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Logarithms, bytea encodings, regular expressions, bit operators, EXTRACT and date_trunc,
 * compared with PostgreSQL 15 as {@link ExprPgTest} compares: each expected value, type and
 * error is what PostgreSQL 15 returned for the expression (time zone UTC).
 */
class FunctionsPgTest {
    private static final String VALUES = """
            exp(1) ==> 2.718281828459045 ==> double precision
            exp(1.0) ==> 2.7182818284590452 ==> numeric
            ln(10) ==> 2.302585092994046 ==> double precision
            ln(2.0) ==> 0.6931471805599453 ==> numeric
            log(1000) ==> 3 ==> double precision
            log(100.0) ==> 2.0000000000000000 ==> numeric
            log(2, 8) ==> 3.0000000000000000 ==> numeric
            log(2.0, 1000) ==> 9.9657842846620870 ==> numeric
            pi() ==> 3.141592653589793 ==> double precision
            ascii('A') ==> 65 ==> integer
            ascii('') ==> 0 ==> integer
            chr(66) ==> B ==> text
            chr(233) ==> é ==> text
            md5('abc') ==> 900150983cd24fb0d6963f7d28e17f72 ==> text
            to_hex(255) ==> ff ==> text
            to_hex(-1) ==> ffffffff ==> text
            to_hex(4294967296) ==> 100000000 ==> text
            translate('hello', 'el', 'ip') ==> hippo ==> text
            starts_with('hello', 'he') ==> t ==> boolean
            octet_length('hé') ==> 3 ==> integer
            octet_length('\\x0102'::bytea) ==> 2 ==> integer
            encode('abc'::bytea, 'hex') ==> 616263 ==> text
            encode('\\x00015c41ff'::bytea, 'escape') ==> \\000\u0001\\\\A\\377 ==> text
            encode('hi there'::bytea, 'base64') ==> aGkgdGhlcmU= ==> text
            decode('616263', 'hex') ==> \\x616263 ==> bytea
            decode('aGkgdGhlcmU=', 'base64') ==> \\x6869207468657265 ==> bytea
            decode('a\\\\134b', 'escape') ==> \\x615c31333462 ==> bytea
            convert_to('hé', 'UTF8') ==> \\x68c3a9 ==> bytea
            'banana' ~ '^b.n' ==> t ==> boolean
            'Banana' ~* '^b' ==> t ==> boolean
            'banana' !~ 'x' ==> t ==> boolean
            'Banana' !~* '^B' ==> f ==> boolean
            regexp_replace('a1b22c', '[0-9]+', '-', 'g') ==> a-b-c ==> text
            regexp_replace('a1b22c', '[0-9]+', '-') ==> a-b22c ==> text
            regexp_replace('abc', '(b)', '[\\1]') ==> a[b]c ==> text
            substring('abc123def' FROM '[0-9]+') ==> 123 ==> text
            substring('abc' FROM 'x') ==> <null> ==> text
            substring('foobar' FROM 'o(b.)') ==> ba ==> text
            5 & 3 ==> 1 ==> integer
            5 | 3 ==> 7 ==> integer
            5 # 3 ==> 6 ==> integer
            ~5 ==> -6 ==> integer
            1 << 4 ==> 16 ==> integer
            256 >> 2 ==> 64 ==> integer
            1 << 33 ==> 2 ==> integer
            5::int2 & 3 ==> 1 ==> integer
            5::int8 << 40 ==> 5497558138880 ==> bigint
            ~5::int2 ==> -6 ==> smallint
            extract(year FROM date '2024-02-29') ==> 2024 ==> numeric
            extract(dow FROM date '2024-02-29') ==> 4 ==> numeric
            extract(second FROM timestamp '2024-02-29 04:05:06.789') ==> 6.789000 ==> numeric
            extract(epoch FROM timestamp '2024-02-29 04:05:06.789') ==> 1709179506.789000 ==> numeric
            extract(milliseconds FROM timestamp '2024-02-29 04:05:06.789') ==> 6789.000 ==> numeric
            extract(epoch FROM date '2024-02-29') ==> 1709164800 ==> numeric
            extract(hour FROM timestamptz '2024-02-29 04:05:06+02') ==> 2 ==> numeric
            extract(quarter FROM date '2024-08-01') ==> 3 ==> numeric
            extract(century FROM date '2000-12-31') ==> 20 ==> numeric
            extract(week FROM date '2024-01-01') ==> 1 ==> numeric
            date_trunc('month', timestamp '2024-02-29 13:14:15') ==> 2024-02-01 00:00:00 ==> timestamp without time zone
            date_trunc('week', timestamp '2024-02-29 13:14:15') ==> 2024-02-26 00:00:00 ==> timestamp without time zone
            date_trunc('hour', timestamptz '2024-02-29 13:14:15+00') ==> 2024-02-29 13:00:00+00 ==> timestamp with time zone
            date_trunc('quarter', timestamp '2024-05-29 13:14:15') ==> 2024-04-01 00:00:00 ==> timestamp without time zone
            date_trunc('millennium', timestamp '2024-05-29 13:14:15') ==> 2001-01-01 00:00:00 ==> timestamp without time zone
            date_trunc('day', date '2024-01-02') ==> 2024-01-02 00:00:00+00 ==> timestamp with time zone
            """;

    private static final String ERRORS = """
            ln(0) ==> 2201E ==> cannot take logarithm of zero
            ln(-1.0) ==> 2201E ==> cannot take logarithm of a negative number
            log(0) ==> 2201E ==> cannot take logarithm of zero
            exp(1000) ==> 22003 ==> value out of range: overflow
            chr(0) ==> 54000 ==> null character not permitted
            encode('a'::bytea, 'foo') ==> 22023 ==> unrecognized encoding: "foo"
            date_trunc('foo', timestamp '2024-02-29') ==> 22023 ==> unit "foo" not recognized for type timestamp without time zone
            extract(foo FROM date '2024-02-29') ==> 22023 ==> unit "foo" not recognized for type date
            extract(hour FROM date '2024-02-29') ==> 0A000 ==> unit "hour" not supported for type date
            1 & 1.5 ==> 42883 ==> operator does not exist: integer & numeric
            ~'a'::text ==> 42883 ==> operator does not exist: ~ text
            """;

    static Stream<String[]> values() {
        return ExprHarness.cases(VALUES);
    }

    static Stream<String[]> errors() {
        return ExprHarness.cases(ERRORS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void valueAndTypeAsInPostgres(String expr, String value, String type) {
        ExprHarness.assertValue(expr, value, type);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void errorAsInPostgres(String expr, String sqlState, String message) {
        ExprHarness.assertError(expr, sqlState, message);
    }
}
