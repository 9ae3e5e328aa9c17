package io.basalt.sql.expr;


import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * gcd, lcm, factorial, div, width_bucket, format and the quote functions, compared with
 * PostgreSQL 15 as {@link ExprPgTest} compares: each expected value, type and error is what
 * PostgreSQL 15 returned for the expression. The choice among gcd's overloads, 42725 when
 * PostgreSQL finds it ambiguous, is checked here too.
 */
class IntegralAndFormatPgTest {
    private static final String VALUES = """
            gcd(12, 18) ==> 6 ==> integer
            gcd(-4, -6) ==> 2 ==> integer
            gcd(0, 0) ==> 0 ==> integer
            gcd(-2147483648, 6) ==> 2 ==> integer
            gcd(12::int2, 18) ==> 6 ==> integer
            gcd(12::int8, 18) ==> 6 ==> bigint
            gcd(-9223372036854775808, 6) ==> 2 ==> bigint
            gcd(-2147483648::int8, 0) ==> 2147483648 ==> bigint
            gcd(12, '18') ==> 6 ==> integer
            gcd(12.5, 2.5) ==> 2.5 ==> numeric
            gcd(12, 18.0) ==> 6.0 ==> numeric
            gcd(-12.50, 5) ==> 2.50 ==> numeric
            gcd(0.0, 0.00) ==> 0.00 ==> numeric
            gcd(NULL, 4) ==> <null> ==> integer
            lcm(4, 6) ==> 12 ==> integer
            lcm(-4, 6) ==> 12 ==> integer
            lcm(0, 5) ==> 0 ==> integer
            lcm(-2147483648, 0) ==> 0 ==> integer
            lcm(65536, 131072) ==> 131072 ==> integer
            lcm(100000::int8, 100001) ==> 10000100000 ==> bigint
            lcm(4.0, 6) ==> 12.0 ==> numeric
            lcm(1.5, 2.25) ==> 4.50 ==> numeric
            lcm(-1.5, 2) ==> 6.0 ==> numeric
            lcm(0.0, 5.00) ==> 0.00 ==> numeric
            lcm(4, NULL) ==> <null> ==> integer
            factorial(5) ==> 120 ==> numeric
            factorial(0) ==> 1 ==> numeric
            factorial(1) ==> 1 ==> numeric
            factorial(5::int2) ==> 120 ==> numeric
            factorial(21) ==> 51090942171709440000 ==> numeric
            factorial(NULL) ==> <null> ==> numeric
            div(7, 2) ==> 3 ==> numeric
            div(-7, 2) ==> -3 ==> numeric
            div(-7.5, 2) ==> -3 ==> numeric
            div(7, -2.5) ==> -2 ==> numeric
            div(9.99, 0.33) ==> 30 ==> numeric
            div(0, 5) ==> 0 ==> numeric
            div(12345678901234567890, 7) ==> 1763668414462081127 ==> numeric
            div(7::int8, 2) ==> 3 ==> numeric
            div('7', '2') ==> 3 ==> numeric
            div(NULL, 2) ==> <null> ==> numeric
            width_bucket(5.5, 0, 10, 5) ==> 3 ==> integer
            width_bucket(5.5::float8, 0, 10, 5) ==> 3 ==> integer
            width_bucket(5, 0, 10, 5) ==> 3 ==> integer
            width_bucket(-1, 0, 10, 5) ==> 0 ==> integer
            width_bucket(10, 0, 10, 5) ==> 6 ==> integer
            width_bucket(11.0, 0, 10, 5) ==> 6 ==> integer
            width_bucket(5, 10, 0, 5) ==> 3 ==> integer
            width_bucket(0, 10, 0, 5) ==> 6 ==> integer
            width_bucket(10, 10, 0, 5) ==> 1 ==> integer
            width_bucket(10.5, 10, 0, 5) ==> 0 ==> integer
            width_bucket(5, 0, 10, 2147483647) ==> 1073741824 ==> integer
            width_bucket(0.3::float8, 0.1, 0.4, 3) ==> 2 ==> integer
            width_bucket(0.3, 0.1, 0.4, 3) ==> 3 ==> integer
            width_bucket('Infinity'::float8, 0, 10, 5) ==> 6 ==> integer
            width_bucket('-Infinity'::float8, 0, 10, 5) ==> 0 ==> integer
            width_bucket(0, -1e308::float8, 1e308::float8, 10) ==> -2147483648 ==> integer
            width_bucket(5.0, 0::float8, 10, 5) ==> 3 ==> integer
            width_bucket(5::int8, 0, 10, 5) ==> 3 ==> integer
            width_bucket(NULL, 0, 10, 5) ==> <null> ==> integer
            width_bucket(5, 0, 10.0, 5) ==> 3 ==> integer
            format('%s-%s', 'a', 1) ==> a-1 ==> text
            format('Hello') ==> Hello ==> text
            format('%s, %s', 1.50, true) ==> 1.50, t ==> text
            format('%s', date '2024-01-02') ==> 2024-01-02 ==> text
            format(NULL, 1) ==> <null> ==> text
            format('[%s]', NULL) ==> [] ==> text
            format('[%L]', NULL) ==> [NULL] ==> text
            format('%I', 'Foo bar') ==> "Foo bar" ==> text
            format('%I', 'foo') ==> foo ==> text
            format('%I', 12) ==> "12" ==> text
            format('%L', 'it''s') ==> 'it''s' ==> text
            format('%L', E'a\\\\b') ==> E'a\\\\b' ==> text
            format('%L', 12.50) ==> '12.50' ==> text
            format('%L', true) ==> 't' ==> text
            format('%2$s %1$s', 'a', 'b') ==> b a ==> text
            format('%1$s %1$s %s', 'a', 'b') ==> a a b ==> text
            format('%%%s%%', 1) ==> %1% ==> text
            format('[%5s]', 'ab') ==> [   ab] ==> text
            format('[%-5s]', 'ab') ==> [ab   ] ==> text
            format('[%3s]', 'abcdef') ==> [abcdef] ==> text
            format('[%3s]', 'é') ==> [  é] ==> text
            format('[%*s]', 4, 'ab') ==> [  ab] ==> text
            format('[%*s]', -4, 'ab') ==> [ab  ] ==> text
            format('[%-*s]', 4, 'ab') ==> [ab  ] ==> text
            format('[%1$*2$s]', 'ab', 5) ==> [   ab] ==> text
            format('[%*s]', NULL, 'ab') ==> [ab] ==> text
            format('[%*s]', '3', 'ab') ==> [ ab] ==> text
            format('[%*s]', 3::int8, 'ab') ==> [ ab] ==> text
            format('[%5L]', NULL) ==> [ NULL] ==> text
            format('%s', 'a'::varchar(5)) ==> a ==> text
            quote_ident('a b') ==> "a b" ==> text
            quote_ident('foo') ==> foo ==> text
            quote_ident('Foo') ==> "Foo" ==> text
            quote_ident('select') ==> "select" ==> text
            quote_ident('int') ==> "int" ==> text
            quote_ident('left') ==> "left" ==> text
            quote_ident('text') ==> text ==> text
            quote_ident('abort') ==> abort ==> text
            quote_ident('_x1') ==> _x1 ==> text
            quote_ident('1x') ==> "1x" ==> text
            quote_ident('') ==> "" ==> text
            quote_ident('a"b') ==> "a""b" ==> text
            quote_ident('é') ==> "é" ==> text
            quote_ident('x'::varchar) ==> x ==> text
            quote_ident(NULL) ==> <null> ==> text
            quote_literal('it''s') ==> 'it''s' ==> text
            quote_literal(E'a\\\\b''c') ==> E'a\\\\b''c' ==> text
            quote_literal('') ==> '' ==> text
            quote_literal(42) ==> '42' ==> text
            quote_literal(true) ==> 'true' ==> text
            quote_literal(12.50) ==> '12.50' ==> text
            quote_literal(date '2024-01-02') ==> '2024-01-02' ==> text
            quote_literal('x'::char(3)) ==> 'x' ==> text
            quote_literal(NULL) ==> <null> ==> text
            quote_literal(NULL::int) ==> <null> ==> text
            quote_nullable(NULL) ==> NULL ==> text
            quote_nullable(NULL::int) ==> NULL ==> text
            quote_nullable('x') ==> 'x' ==> text
            quote_nullable(42) ==> '42' ==> text
            quote_nullable(E'\\\\') ==> E'\\\\' ==> text
            """;

    private static final String ERRORS = """
            gcd(-2147483648, 0) ==> 22003 ==> integer out of range
            gcd(-2147483648, -2147483648) ==> 22003 ==> integer out of range
            gcd(-9223372036854775808, 0) ==> 22003 ==> bigint out of range
            lcm(100000, 100001) ==> 22003 ==> integer out of range
            lcm(-2147483648, 1) ==> 22003 ==> integer out of range
            lcm(9223372036854775807, 2) ==> 22003 ==> bigint out of range
            gcd(12::int2, 18::int2) ==> 42725 ==> function gcd(smallint, smallint) is not unique
            gcd('12', '18') ==> 42725 ==> function gcd(unknown, unknown) is not unique
            gcd(12::int2, '18') ==> 42725 ==> function gcd(smallint, unknown) is not unique
            gcd(1.5::float8, 2) ==> 42883 ==> function gcd(double precision, integer) does not exist
            lcm(1, 2, 3) ==> 42883 ==> function lcm(integer, integer, integer) does not exist
            factorial(-1) ==> 22003 ==> factorial of a negative number is undefined
            factorial(32178) ==> 22003 ==> value overflows numeric format
            factorial(5.0) ==> 42883 ==> function factorial(numeric) does not exist
            div(1, 0) ==> 22012 ==> division by zero
            div(1.0, 0.0) ==> 22012 ==> division by zero
            div(7::float8, 2) ==> 42883 ==> function div(double precision, integer) does not exist
            width_bucket(5, 0, 10, 0) ==> 2201G ==> count must be greater than zero
            width_bucket(5.0, 0, 10, -1) ==> 2201G ==> count must be greater than zero
            width_bucket(5, 1, 1, 3) ==> 2201G ==> lower bound cannot equal upper bound
            width_bucket(5.0, 1, 1, 3) ==> 2201G ==> lower bound cannot equal upper bound
            width_bucket(11, 0, 10, 2147483647) ==> 22003 ==> integer out of range
            width_bucket(11.0, 0, 10, 2147483647) ==> 22003 ==> integer out of range
            width_bucket('NaN'::float8, 0, 10, 5) ==> 2201G ==> operand, lower bound, and upper bound cannot be NaN
            width_bucket(1, 0, 'Infinity'::float8, 5) ==> 2201G ==> lower and upper bounds must be finite
            width_bucket(5, 0, 10, 5::int8) ==> 42883 ==> function width_bucket(integer, integer, integer, bigint) does not exist
            width_bucket('NaN'::float8, 0, 10, 0) ==> 2201G ==> count must be greater than zero
            format('Hello %s') ==> 22023 ==> too few arguments for format()
            format('%s %s', 'a') ==> 22023 ==> too few arguments for format()
            format('[%*2$s]', 'ab', 5) ==> 22023 ==> too few arguments for format()
            format('%I', NULL) ==> 22004 ==> null values cannot be formatted as an SQL identifier
            format('%d', 1) ==> 22023 ==> unrecognized format() type specifier "d"
            format('%', 1) ==> 22023 ==> unterminated format() type specifier
            format('abc%') ==> 22023 ==> unterminated format() type specifier
            format('%0$s', 1) ==> 22023 ==> format specifies argument 0, but arguments are numbered from 1
            format('%*0$s', 1) ==> 22023 ==> format specifies argument 0, but arguments are numbered from 1
            format('%1$', 1) ==> 22023 ==> unterminated format() type specifier
            format('%*1s', 1) ==> 22023 ==> width argument position must be ended by "$"
            format('%-', 1) ==> 22023 ==> unterminated format() type specifier
            format('%é', 1) ==> 22023 ==> unrecognized format() type specifier "é"
            format('%99999999999s', 1) ==> 22003 ==> number is out of range
            format('[%*s]', 'x', 'ab') ==> 22P02 ==> invalid input syntax for type integer: "x"
            format('[%*s]', 3.5, 'ab') ==> 22P02 ==> invalid input syntax for type integer: "3.5"
            format('[%*s]', -2147483648, 'ab') ==> 22003 ==> number is out of range
            format('%s %d') ==> 22023 ==> too few arguments for format()
            format(12) ==> 42883 ==> function format(integer) does not exist
            format() ==> 42883 ==> function format() does not exist
            quote_ident(12) ==> 42883 ==> function quote_ident(integer) does not exist
            quote_ident('a', 'b') ==> 42883 ==> function quote_ident(unknown, unknown) does not exist
            quote_literal() ==> 42883 ==> function quote_literal() does not exist
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
