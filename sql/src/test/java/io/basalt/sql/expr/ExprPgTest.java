package io.basalt.sql.expr;


import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Expression values, types and errors compared with PostgreSQL 15: every expected value, type
 * name and error below is what {@code SELECT expr, pg_typeof(expr)} returned there (time zone
 * UTC). A line is {@code expression ==> value ==> type} or {@code expression ==> SQLSTATE ==> message}.
 */
class ExprPgTest {
    private static final String VALUES = """
            1 ==> 1 ==> integer
            2147483647 ==> 2147483647 ==> integer
            2147483648 ==> 2147483648 ==> bigint
            9223372036854775808 ==> 9223372036854775808 ==> numeric
            -2147483648 ==> -2147483648 ==> integer
            1.5 ==> 1.5 ==> numeric
            1e3 ==> 1000 ==> numeric
            'abc' ==> abc ==> text
            NULL ==> <null> ==> text
            true ==> t ==> boolean
            1 + 2 ==> 3 ==> integer
            7 / 2 ==> 3 ==> integer
            -7 / 2 ==> -3 ==> integer
            7 % 3 ==> 1 ==> integer
            -7 % 3 ==> -1 ==> integer
            7.0 / 2 ==> 3.5000000000000000 ==> numeric
            1 / 3.0 ==> 0.33333333333333333333 ==> numeric
            2 * 3.5 ==> 7.0 ==> numeric
            1.5 + 1 ==> 2.5 ==> numeric
            1 + '2' ==> 3 ==> integer
            2147483647::int8 + 1 ==> 2147483648 ==> bigint
            10::int2 * 3::int2 ==> 30 ==> smallint
            5 - 10::bigint ==> -5 ==> bigint
            1.0 * 0.1 ==> 0.10 ==> numeric
            10 / 4.0 ==> 2.5000000000000000 ==> numeric
            1::float8 / 3 ==> 0.3333333333333333 ==> double precision
            2.5::real * 2::real ==> 5 ==> real
            -(3) ==> -3 ==> integer
            - 3.5 ==> -3.5 ==> numeric
            1 + 2 * 3 ==> 7 ==> integer
            2 ^ 3 ==> 8 ==> double precision
            1 = 1.0 ==> t ==> boolean
            1 < 2 ==> t ==> boolean
            'a' < 'b' ==> t ==> boolean
            2::int8 = 2::int2 ==> t ==> boolean
            1 = NULL ==> <null> ==> boolean
            NULL = NULL ==> <null> ==> boolean
            1.5 > 1 ==> t ==> boolean
            'abc' = 'abc'::varchar(5) ==> t ==> boolean
            'a '::char(3) = 'a' ==> t ==> boolean
            date '2024-01-01' < timestamp '2024-01-01 00:00:01' ==> t ==> boolean
            1 <> 2 ==> t ==> boolean
            1 != 1 ==> f ==> boolean
            'b' >= 'a' ==> t ==> boolean
            1.0::float8 = 1 ==> t ==> boolean
            true AND NULL ==> <null> ==> boolean
            false AND NULL ==> f ==> boolean
            true OR NULL ==> t ==> boolean
            false OR NULL ==> <null> ==> boolean
            NOT NULL::boolean ==> <null> ==> boolean
            NOT true ==> f ==> boolean
            NULL IS NULL ==> t ==> boolean
            1 IS NOT NULL ==> t ==> boolean
            NULL::bool IS TRUE ==> f ==> boolean
            NULL::bool IS NOT FALSE ==> t ==> boolean
            true IS FALSE ==> f ==> boolean
            false IS NOT TRUE ==> t ==> boolean
            NULL::bool IS UNKNOWN ==> t ==> boolean
            1 IS DISTINCT FROM NULL ==> t ==> boolean
            NULL IS NOT DISTINCT FROM NULL ==> t ==> boolean
            1 IS DISTINCT FROM 1.0 ==> f ==> boolean
            'a' IS DISTINCT FROM 'b' ==> t ==> boolean
            2 BETWEEN 1 AND 3 ==> t ==> boolean
            5 NOT BETWEEN 1 AND 3 ==> t ==> boolean
            NULL BETWEEN 1 AND 2 ==> <null> ==> boolean
            0 BETWEEN NULL AND 1 ==> <null> ==> boolean
            1 IN (1, 2) ==> t ==> boolean
            3 IN (1, 2) ==> f ==> boolean
            3 IN (1, NULL) ==> <null> ==> boolean
            1 IN (1, NULL) ==> t ==> boolean
            3 NOT IN (1, NULL) ==> <null> ==> boolean
            3 NOT IN (1, 2) ==> t ==> boolean
            NULL IN (1) ==> <null> ==> boolean
            1.0 IN (1, 2) ==> t ==> boolean
            'abc' LIKE 'a%' ==> t ==> boolean
            'abc' LIKE 'a_c' ==> t ==> boolean
            'abc' NOT LIKE '%d' ==> t ==> boolean
            'ABC' ILIKE 'a%' ==> t ==> boolean
            'ABC' NOT ILIKE 'a%' ==> f ==> boolean
            'a%c' LIKE 'a\\%c' ==> t ==> boolean
            'abc' LIKE 'a\\%c' ==> f ==> boolean
            'a%c' LIKE 'a!%c' ESCAPE '!' ==> t ==> boolean
            'abc' LIKE 'ABC' ==> f ==> boolean
            NULL LIKE 'a' ==> <null> ==> boolean
            'a.c' LIKE 'a.c' ==> t ==> boolean
            'abc' LIKE 'a%' ESCAPE '' ==> t ==> boolean
            'ab'::char(4) LIKE 'ab' ==> f ==> boolean
            'ab'::char(4) LIKE 'ab  ' ==> t ==> boolean
            'a' || 'b' ==> ab ==> text
            'a' || 1 ==> a1 ==> text
            1 || 'a' ==> 1a ==> text
            'a' || NULL ==> <null> ==> text
            'a' || true ==> atrue ==> text
            length('héllo') ==> 5 ==> integer
            char_length('abc') ==> 3 ==> integer
            character_length('') ==> 0 ==> integer
            octet_length('héllo') ==> 6 ==> integer
            upper('abc') ==> ABC ==> text
            lower('ABC') ==> abc ==> text
            substring('hello' from 2 for 3) ==> ell ==> text
            substring('hello' from 3) ==> llo ==> text
            substring('hello', 2) ==> ello ==> text
            substr('hello', 2, 2) ==> el ==> text
            substring('hello' from 0 for 3) ==> he ==> text
            substring('hello', -5, 3) ==>  ==> text
            trim('  x  ') ==> x ==> text
            trim(both 'x' from 'xxaxx') ==> a ==> text
            trim(leading 'x' from 'xxa') ==> a ==> text
            trim(trailing from 'a  ') ==> a ==> text
            ltrim('  a') ==> a ==> text
            rtrim('a  ') ==> a ==> text
            ltrim('xya', 'xy') ==> a ==> text
            btrim('xyaxy', 'xy') ==> a ==> text
            replace('abcabc', 'b', 'X') ==> aXcaXc ==> text
            replace('abc', '', 'X') ==> abc ==> text
            position('c' in 'abcd') ==> 3 ==> integer
            strpos('abcd', 'z') ==> 0 ==> integer
            strpos('abcd', '') ==> 1 ==> integer
            concat('a', 1, NULL, true, 1.50) ==> a1t1.50 ==> text
            concat_ws(',', 'a', NULL, 'b', 2) ==> a,b,2 ==> text
            concat_ws(NULL, 'a') ==> <null> ==> text
            left('abcde', 2) ==> ab ==> text
            left('abcde', -2) ==> abc ==> text
            right('abcde', 2) ==> de ==> text
            right('abcde', -2) ==> cde ==> text
            lpad('ab', 5, 'xy') ==> xyxab ==> text
            rpad('ab', 5) ==> ab    ==> text
            lpad('abcdef', 3) ==> abc ==> text
            lpad('ab', 5, '') ==> ab ==> text
            repeat('ab', 3) ==> ababab ==> text
            repeat('ab', -1) ==>  ==> text
            reverse('abc') ==> cba ==> text
            split_part('a,b,c', ',', 2) ==> b ==> text
            split_part('a,b,c', ',', -1) ==> c ==> text
            split_part('a,b,c', ',', 5) ==>  ==> text
            split_part('a,b,c', '', 1) ==> a,b,c ==> text
            initcap('hello wORLD-x') ==> Hello World-X ==> text
            CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END ==> b ==> text
            CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' END ==> two ==> text
            CASE 3 WHEN 1 THEN 'one' END ==> <null> ==> text
            CASE WHEN true THEN 1 ELSE 2.5 END ==> 1 ==> numeric
            CASE WHEN NULL THEN 1 ELSE 2 END ==> 2 ==> integer
            coalesce(NULL, 2, 3) ==> 2 ==> integer
            coalesce(NULL, NULL) ==> <null> ==> text
            coalesce(1, 2.5) ==> 1 ==> numeric
            nullif(1, 1) ==> <null> ==> integer
            nullif(1, 2) ==> 1 ==> integer
            nullif(1, 1.5) ==> 1 ==> numeric
            greatest(1, 5, 3) ==> 5 ==> integer
            least(1, NULL, 3) ==> 1 ==> integer
            greatest('a', 'b') ==> b ==> text
            greatest(NULL::int, NULL) ==> <null> ==> integer
            least(2, 1.5) ==> 1.5 ==> numeric
            CAST('12' AS int) ==> 12 ==> integer
            '12'::bigint ==> 12 ==> bigint
            12.7::int ==> 13 ==> integer
            12.5::int ==> 13 ==> integer
            13.5::int ==> 14 ==> integer
            (-12.5)::int ==> -13 ==> integer
            2.5::float8::int ==> 2 ==> integer
            3.5::float8::int ==> 4 ==> integer
            1.999::numeric(3,1) ==> 2.0 ==> numeric
            'abcdef'::varchar(3) ==> abc ==> character varying
            'ab'::char(4) ==> ab   ==> character
            3::text ==> 3 ==> text
            true::text ==> true ==> text
            'yes'::boolean ==> t ==> boolean
            '2024-02-29'::date ==> 2024-02-29 ==> date
            '2024-01-01 12:34:56'::timestamp ==> 2024-01-01 12:34:56 ==> timestamp without time zone
            0.1::real ==> 0.1 ==> real
            12345.678::numeric(10,2) ==> 12345.68 ==> numeric
            '1e3'::numeric ==> 1000 ==> numeric
            255::smallint ==> 255 ==> smallint
            '0a0e9f8a-52a4-4e9a-9b1b-4e3e8e6c2a01'::uuid ==> 0a0e9f8a-52a4-4e9a-9b1b-4e3e8e6c2a01 ==> uuid
            CAST(5 AS double precision) ==> 5 ==> double precision
            'abc'::bytea ==> \\x616263 ==> bytea
            65::int2::int8 ==> 65 ==> bigint
            '  12  '::int ==> 12 ==> integer
            1::boolean ==> t ==> boolean
            CAST(12.34 AS decimal(5,1)) ==> 12.3 ==> numeric
            CAST('x' AS character varying) ==> x ==> character varying
            abs(-5) ==> 5 ==> integer
            abs(-5.5) ==> 5.5 ==> numeric
            abs(-2::int2) ==> 2 ==> smallint
            abs(-1.5::float8) ==> 1.5 ==> double precision
            round(2.5) ==> 3 ==> numeric
            round(-2.5) ==> -3 ==> numeric
            round(2.5::float8) ==> 2 ==> double precision
            round(3.5::float8) ==> 4 ==> double precision
            round(3.14159, 2) ==> 3.14 ==> numeric
            round(1234.5, -2) ==> 1200 ==> numeric
            round(5) ==> 5 ==> double precision
            ceil(1.2) ==> 2 ==> numeric
            ceiling(-1.2) ==> -1 ==> numeric
            floor(-1.2) ==> -2 ==> numeric
            floor(1.7::float8) ==> 1 ==> double precision
            ceil(5) ==> 5 ==> double precision
            mod(7, 3) ==> 1 ==> integer
            mod(-7, 3) ==> -1 ==> integer
            mod(7.5, 2) ==> 1.5 ==> numeric
            mod(7::int8, 3) ==> 1 ==> bigint
            power(2, 10) ==> 1024 ==> double precision
            power(2.0, 3) ==> 8.0000000000000000 ==> numeric
            power(2, 0.5) ==> 1.4142135623730950 ==> numeric
            power(2, -2) ==> 0.25 ==> double precision
            power(10.5, 2) ==> 110.2500000000000000 ==> numeric
            pow(2::float8, 0.5::float8) ==> 1.4142135623730951 ==> double precision
            sqrt(16) ==> 4 ==> double precision
            sqrt(2.0) ==> 1.414213562373095 ==> numeric
            sqrt(2::numeric) ==> 1.414213562373095 ==> numeric
            sqrt(0.0001) ==> 0.01000000000000000 ==> numeric
            sqrt(1000000.0) ==> 1000.0000000000000 ==> numeric
            sign(-3) ==> -1 ==> double precision
            sign(0.0) ==> 0 ==> numeric
            sign(2.5) ==> 1 ==> numeric
            trunc(2.7) ==> 2 ==> numeric
            trunc(-2.7) ==> -2 ==> numeric
            trunc(3.14159, 3) ==> 3.141 ==> numeric
            trunc(2.7::float8) ==> 2 ==> double precision
            date '2024-01-31' + 1 ==> 2024-02-01 ==> date
            date '2024-03-01' - date '2024-02-01' ==> 29 ==> integer
            date '2024-03-01' - 1 ==> 2024-02-29 ==> date
            7 + 2 * 3 - 4 / 2 ==> 11 ==> integer
            (1 + 2) * 3 ==> 9 ==> integer
            1 + 1.5::float8 ==> 2.5 ==> double precision
            '1.5'::numeric + 1 ==> 2.5 ==> numeric
            1 + NULL ==> <null> ==> integer
            """;

    private static final String ERRORS = """
            1 / 0 ==> 22012 ==> division by zero
            1.0 / 0 ==> 22012 ==> division by zero
            5 % 0 ==> 22012 ==> division by zero
            2147483647 + 1 ==> 22003 ==> integer out of range
            9223372036854775807::int8 + 1 ==> 22003 ==> bigint out of range
            (-32768)::int2 * -1::int2 ==> 22003 ==> smallint out of range
            'abc'::int ==> 22P02 ==> invalid input syntax for type integer: "abc"
            1 = 'a' ==> 22P02 ==> invalid input syntax for type integer: "a"
            'a'::text = 1 ==> 42883 ==> operator does not exist: text = integer
            1 + 'a' ==> 22P02 ==> invalid input syntax for type integer: "a"
            'a' + 'b' ==> 42725 ==> operator is not unique: unknown + unknown
            foo(1) ==> 42883 ==> function foo(integer) does not exist
            upper(1) ==> 42883 ==> function upper(integer) does not exist
            concat() ==> 42883 ==> function concat() does not exist
            CASE WHEN true THEN 1 ELSE 'a'::text END ==> 42804 ==> CASE types text and integer cannot be matched
            coalesce(1, 'a'::text) ==> 42804 ==> COALESCE types integer and text cannot be matched
            1 AND true ==> 42804 ==> argument of AND must be type boolean, not type integer
            NOT 1 ==> 42804 ==> argument of NOT must be type boolean, not type integer
            'abc' LIKE 'a\\' ==> 22025 ==> LIKE pattern must not end with escape character
            'abc' LIKE 'a' ESCAPE 'xy' ==> 22025 ==> invalid escape string
            1 LIKE 'a' ==> 42883 ==> operator does not exist: integer ~~ unknown
            12::uuid ==> 42846 ==> cannot cast type integer to uuid
            sqrt(-1) ==> 2201F ==> cannot take square root of a negative number
            sqrt(-1.0) ==> 2201F ==> cannot take square root of a negative number
            power(0, -1) ==> 2201F ==> zero raised to a negative power is undefined
            power(-8.0, 0.5) ==> 2201F ==> a negative number raised to a non-integer power yields a complex result
            substring('abc', 1, -1) ==> 22011 ==> negative substring length not allowed
            split_part('a', ',', 0) ==> 22023 ==> field position must not be zero
            'x'::varchar(2)::int ==> 22P02 ==> invalid input syntax for type integer: "x"
            round(1.5::float8, 1) ==> 42883 ==> function round(double precision, integer) does not exist
            '2024-02-30'::date ==> 22008 ==> date/time field value out of range: "2024-02-30"
            999999::numeric(3,1) ==> 22003 ==> numeric field overflow
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
