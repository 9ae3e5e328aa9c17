package io.basalt.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.SqlException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queries PostgreSQL 15 rejects, with the SQLSTATE and message it gave for each over the same
 * tables ({@link Fixtures#shop()}): {@code query ==> SQLSTATE ==> message}.
 */
class QueryErrorPgTest {
    private static final String CASES = """
            SELECT nope FROM users ==> 42703 ==> column "nope" does not exist
            SELECT users.nope FROM users ==> 42703 ==> column users.nope does not exist
            SELECT id FROM users u JOIN orders o ON o.user_id = u.id ==> 42702 ==> column reference "id" is ambiguous
            SELECT x.id FROM users ==> 42P01 ==> missing FROM-clause entry for table "x"
            SELECT * FROM nope ==> 42P01 ==> relation "nope" does not exist
            SELECT name, count(*) FROM users ==> 42803 ==> column "users.name" must appear in the GROUP BY clause or be used in an aggregate function
            SELECT city FROM users GROUP BY age ==> 42803 ==> column "users.city" must appear in the GROUP BY clause or be used in an aggregate function
            SELECT u.city FROM users u GROUP BY u.age ==> 42803 ==> column "u.city" must appear in the GROUP BY clause or be used in an aggregate function
            SELECT * FROM users WHERE count(*) > 1 ==> 42803 ==> aggregate functions are not allowed in WHERE
            SELECT sum(count(*)) FROM users ==> 42803 ==> aggregate function calls cannot be nested
            SELECT name FROM users WHERE id = (SELECT id FROM users) ==> 21000 ==> more than one row returned by a subquery used as an expression
            SELECT DISTINCT city FROM users ORDER BY name ==> 42P10 ==> for SELECT DISTINCT, ORDER BY expressions must appear in select list
            SELECT name FROM users ORDER BY 5 ==> 42P10 ==> ORDER BY position 5 is not in select list
            SELECT * FROM users u, users u ==> 42712 ==> table name "u" specified more than once
            SELECT id FROM users UNION SELECT id, name FROM users ==> 42601 ==> each UNION query must have the same number of columns
            SELECT name FROM users WHERE name = 1 ==> 42883 ==> operator does not exist: text = integer
            SELECT * FROM users WHERE 1 ==> 42804 ==> argument of WHERE must be type boolean, not type integer
            SELECT * FROM users LIMIT -1 ==> 2201W ==> LIMIT must not be negative
            SELECT * FROM users OFFSET -1 ==> 2201X ==> OFFSET must not be negative
            SELECT name FROM users LIMIT 'x' ==> 22P02 ==> invalid input syntax for type bigint: "x"
            SELECT id FROM users JOIN orders USING (nope) ==> 42703 ==> column "nope" specified in USING clause does not exist in left table
            SELECT * FROM (SELECT 1) ==> 42601 ==> subquery in FROM must have an alias
            SELECT * FROM users WHERE id IN (SELECT id, name FROM users) ==> 42601 ==> subquery has too many columns
            SELECT city FROM users UNION SELECT 1 ==> 42804 ==> UNION types text and integer cannot be matched
            SELECT name FROM users GROUP BY 3 ==> 42P10 ==> GROUP BY position 3 is not in select list
            SELECT * ==> 42601 ==> SELECT * with no tables specified is not valid
            SELECT o.status FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id ==> 42803 ==> column "o.status" must appear in the GROUP BY clause or be used in an aggregate function
            SELECT DISTINCT ON (city) name FROM users ORDER BY name ==> 42P10 ==> SELECT DISTINCT ON expressions must match initial ORDER BY expressions
            SELECT id FROM users UNION SELECT 1 FOR UPDATE ==> 0A000 ==> FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT
            SELECT generate_series(1, 3, 0) ==> 22023 ==> step size cannot equal zero
            SELECT name FROM users WHERE age > ANY (SELECT age, id FROM users) ==> 42601 ==> subquery has too many columns
            """;

    private static Db db;

    @BeforeAll
    static void load() {
        db = Fixtures.shop();
    }

    static Stream<String[]> cases() {
        return CASES.lines().filter(l -> !l.isBlank()).map(l -> l.strip().split(" ==> "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameErrorAsPostgres(String sql, String sqlState, String message) {
        SqlException e = db.error(sql);
        assertThat(e.sqlState()).as(e.getMessage()).isEqualTo(sqlState);
        assertThat(e.getMessage()).isEqualTo(message);
    }
}
