package io.basalt.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Query behaviour beyond result rows: subquery evaluation, parameters, result metadata, refusals. */
class QueryBehaviourTest {
    private Db db;

    @BeforeEach
    void load() {
        db = Fixtures.shop();
        db.store.reads.clear();
    }

    @Test
    void uncorrelatedSubqueriesRunOncePerExecution() {
        db.flat("SELECT name FROM users WHERE age > (SELECT min(age) FROM users) AND id IN (SELECT user_id FROM orders)");
        // One scan of users for the outer query, one for min(age), one of orders for IN: not one per row.
        assertThat(db.store.reads).containsExactlyInAnyOrder("scan users_pkey", "scan users_pkey", "scan orders_pkey");
    }

    @Test
    void correlatedSubqueriesSeeEveryEnclosingLevel() {
        String sql = "SELECT u.name FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id "
                + "AND EXISTS (SELECT 1 FROM items i WHERE i.order_id = o.id AND i.sku = u.name || '')) ORDER BY 1";
        assertThat(db.flat(sql)).isEmpty();
        db.run("INSERT INTO items VALUES (11, 2, 'ann', 1)");
        assertThat(db.flat(sql)).isEqualTo("ann");
        assertThat(db.flat("SELECT o.id, (SELECT max(i.line) FROM items i WHERE i.order_id = o.id AND i.qty < "
                + "(SELECT count(*) FROM orders x WHERE x.user_id = o.user_id)) FROM orders o ORDER BY 1"))
                .isEqualTo("10|2;11|2;12|;13|;14|");
    }

    @Test
    void subqueriesInTheSelectListOfAGroupedQuery() {
        assertThat(db.flat("SELECT city, (SELECT count(*) FROM orders o WHERE o.status = 'paid') AS paid, count(*) "
                + "FROM users GROUP BY city ORDER BY city")).isEqualTo("oslo|3|2;rome|3|2;|3|1");
        assertThat(db.flat("SELECT u.city, (SELECT string_agg(x.name, ',') FROM users x WHERE x.city = u.city) "
                + "FROM users u GROUP BY u.city ORDER BY 1")).isEqualTo("oslo|ann,cid;rome|bob,eve;|");
    }

    @Test
    void preparedOnceExecutedWithDifferentParameters() {
        PlannedStatement p = db.prepare("SELECT name FROM users WHERE id = $1 OR city = $2 ORDER BY name LIMIT $3");
        assertThat(p.paramTypes()).containsExactly(SqlType.INT4, SqlType.TEXT, SqlType.INT8);
        assertThat(db.execute(p, 1, "rome", 10L).rows()).extracting(r -> r[0]).containsExactly("ann", "bob", "eve");
        assertThat(db.execute(p, 4, null, 1L).rows()).extracting(r -> r[0]).containsExactly("dee");
        assertThat(db.execute(p, 9, "nowhere", null).rows()).isEmpty();
    }

    @Test
    void resultColumnsDescribeTheirSource() {
        var cols = db.run("SELECT u.id, name AS who, age + 1, count(*) OVER_IS_NOT_HERE FROM users u GROUP BY u.id, name, age")
                .columns();
        assertThat(cols).extracting(Column::name).containsExactly("id", "who", "?column?", "over_is_not_here");
        int usersOid = db.catalog.table("users").id();
        assertThat(cols.get(0)).isEqualTo(new Column("id", SqlType.INT4, usersOid, 1));
        assertThat(cols.get(1)).isEqualTo(new Column("who", SqlType.TEXT, usersOid, 2));
        assertThat(cols.get(2).tableOid()).isZero();
        assertThat(cols.get(3).type()).isEqualTo(SqlType.INT8);
        assertThat(db.run("SELECT 'x', 1::int, 2::numeric(5,1), true, CAST(now() AS date), coalesce(age, 0) FROM users")
                .columns()).extracting(Column::name)
                .containsExactly("?column?", "int4", "numeric", "bool", "now", "coalesce");
        assertThat(db.run("SELECT email FROM users").columns().get(0).type()).isEqualTo(SqlType.varchar(50));
    }

    @Test
    void updateComputesEveryNewRowFromTheTableAsTheStatementFoundIt() {
        // PostgreSQL 15 returns exactly this: each subquery sees the old ages, not earlier rows' new ones.
        assertThat(db.flat("UPDATE users SET age = coalesce((SELECT max(u2.age) FROM users u2 WHERE u2.id < users.id), 0) + 1 "
                + "RETURNING id, age")).isEqualTo("1|1;2|32;3|32;4|32;5|41");
    }

    @Test
    void hiddenRowIdsStayHidden() {
        db.run("INSERT INTO notes VALUES ('x')");
        assertThat(db.run("SELECT * FROM notes").columns()).extracting(Column::name).containsExactly("body");
        assertThat(db.error("SELECT rowid FROM notes").sqlState()).isEqualTo("42703");
        assertThat(db.error("INSERT INTO notes (rowid) VALUES (1)").sqlState()).isEqualTo("42703");
    }

    @Test
    void unsupportedConstructsAreNamed() {
        assertRefused("SELECT count(*) OVER () FROM users", "WINDOW functions are not supported");
        assertRefused("WITH RECURSIVE x AS (SELECT 1) SELECT * FROM x", "WITH RECURSIVE is not supported");
        assertRefused("SELECT * FROM users RIGHT JOIN orders USING (id)", "RIGHT or FULL JOIN with USING or NATURAL is not supported");
        assertRefused("SELECT * FROM users FOR UPDATE WAIT 5", "FOR UPDATE WAIT is not supported");
        assertRefused("EXPLAIN ANALYZE SELECT 1", "EXPLAIN ANALYZE is not supported");
        assertRefused("SELECT city, count(*) FROM users GROUP BY city FOR UPDATE",
                "FOR UPDATE is not allowed with GROUP BY clause");
    }

    private void assertRefused(String sql, String message) {
        SqlException e = db.error(sql);
        assertThat(e.sqlState()).as(sql).isEqualTo("0A000");
        assertThat(e.getMessage()).isEqualTo(message);
    }
}
