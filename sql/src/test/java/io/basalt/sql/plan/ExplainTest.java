package io.basalt.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.store.RowLock;
import io.basalt.sql.types.SqlType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The access paths and join methods the planner picks, as EXPLAIN shows them, and the reads they cause. */
class ExplainTest {
    private Db db;

    @BeforeEach
    void load() {
        db = Fixtures.shop();
        db.store.reads.clear();
    }

    @Test
    void primaryKeyEqualityIsAPointLookup() {
        assertThat(db.explain("SELECT * FROM users WHERE id = 1")).containsExactly(
                "Index Scan using users_pkey on users",
                "  Index Cond: (id = 1)");
        db.run("SELECT * FROM users WHERE id = 1");
        assertThat(db.store.reads).containsExactly("get users");
    }

    @Test
    void primaryKeyInListIsSeveralLookups() {
        assertThat(db.explain("SELECT name FROM users WHERE id IN (1, 4, 9) AND age > 1")).containsExactly(
                "Index Scan using users_pkey on users",
                "  Index Cond: (id IN (1, 4, 9))",
                "  Filter: (age > 1)");
        assertThat(db.flat("SELECT name FROM users WHERE id IN (4, 1, 9, 4) ORDER BY 1")).isEqualTo("ann;dee");
        assertThat(db.store.reads).containsExactly("get users", "get users", "get users");
    }

    @Test
    void parameterAndReversedComparisonStillUseTheKey() {
        assertThat(db.explain("SELECT * FROM users WHERE 2 = id")).containsExactly(
                "Index Scan using users_pkey on users",
                "  Index Cond: (2 = id)");
        assertThat(db.prepare("SELECT * FROM users WHERE id = $1").paramTypes()).containsExactly(SqlType.INT4);
        assertThat(db.explain("SELECT * FROM orders WHERE id = 10")).first().isEqualTo("Index Scan using orders_pkey on orders");
    }

    @Test
    void rangeOnTheLeadingKeyColumnIsABoundedScan() {
        assertThat(db.explain("SELECT name FROM users WHERE id > 2 AND id <= 4")).containsExactly(
                "Index Scan using users_pkey on users",
                "  Index Cond: ((id > 2) AND (id <= 4))");
        assertThat(db.flat("SELECT name FROM users WHERE id > 2 AND id <= 4")).isEqualTo("cid;dee");
        assertThat(db.flat("SELECT name FROM users WHERE id BETWEEN 4 AND 10")).isEqualTo("dee;eve");
        assertThat(db.store.reads).containsExactly("scan users_pkey bounded", "scan users_pkey bounded");
    }

    @Test
    void keyPrefixOfACompositeKey() {
        assertThat(db.explain("SELECT sku FROM items WHERE order_id = 10")).containsExactly(
                "Index Scan using items_pkey on items",
                "  Index Cond: (order_id = 10)");
        assertThat(db.flat("SELECT sku FROM items WHERE order_id = 10 AND line >= 2")).isEqualTo("b");
        assertThat(db.explain("SELECT sku FROM items WHERE order_id = 10 AND line = 2")).containsExactly(
                "Index Scan using items_pkey on items",
                "  Index Cond: ((order_id = 10) AND (line = 2))");
    }

    @Test
    void uniqueAndSecondaryIndexes() {
        assertThat(db.explain("SELECT id FROM users WHERE email = 'dee@x.io'")).containsExactly(
                "Index Scan using users_email_key on users",
                "  Index Cond: (email = 'dee@x.io')");
        assertThat(db.flat("SELECT id FROM users WHERE email = 'dee@x.io'")).isEqualTo("4");
        assertThat(db.explain("SELECT id FROM orders WHERE user_id = 1 AND status = 'paid'")).containsExactly(
                "Index Scan using orders_user_idx on orders",
                "  Index Cond: (user_id = 1)",
                "  Filter: (status = 'paid')");
        assertThat(db.flat("SELECT id FROM orders WHERE user_id = 1 ORDER BY id")).isEqualTo("10;11");
        assertThat(db.explain("SELECT id FROM users WHERE email IN ('ann@x.io', 'eve@x.io')")).first()
                .isEqualTo("Index Scan using users_email_key on users");
        assertThat(db.flat("SELECT id FROM users WHERE email IN ('ann@x.io', 'eve@x.io', NULL) ORDER BY 1")).isEqualTo("1;5");
    }

    @Test
    void otherwiseAFullScanWithAFilter() {
        assertThat(db.explain("SELECT * FROM users WHERE age > 30")).containsExactly(
                "Seq Scan on users",
                "  Filter: (age > 30)");
        // Compared as numeric, an integer key cannot be looked up: the residual filter decides.
        assertThat(db.explain("SELECT * FROM users WHERE id = 2.5")).first().isEqualTo("Seq Scan on users");
        assertThat(db.flat("SELECT name FROM users WHERE id = 2.0")).isEqualTo("bob");
        assertThat(db.explain("SELECT * FROM users u WHERE u.id = u.age")).first().isEqualTo("Seq Scan on users u");
    }

    @Test
    void equiJoinsHashOrLookUpTheKey() {
        assertThat(db.explain("SELECT u.name, o.id FROM users u JOIN orders o ON o.user_id = u.id WHERE o.status = 'paid'"))
                .containsExactly(
                        "Hash Join",
                        "  Hash Cond: (o.user_id = u.id)",
                        "  ->  Seq Scan on users u",
                        "  ->  Hash",
                        "        ->  Seq Scan on orders o",
                        "              Filter: (o.status = 'paid')");
        assertThat(db.explain("SELECT o.id, u.name FROM orders o JOIN users u ON u.id = o.user_id")).containsExactly(
                "Nested Loop",
                "  ->  Seq Scan on orders o",
                "  ->  Index Scan using users_pkey on users u",
                "        Index Cond: (u.id = o.user_id)");
        db.store.reads.clear();
        assertThat(db.flat("SELECT o.id, u.name FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE o.id < 12"))
                .isEqualTo("10|ann;11|ann");
        assertThat(db.store.reads).containsExactly("scan orders_pkey bounded", "get users", "get users");
    }

    @Test
    void otherJoinsAreNestedLoops() {
        assertThat(db.explain("SELECT * FROM users u LEFT JOIN orders o ON o.user_id < u.id")).containsExactly(
                "Nested Loop Left Join",
                "  Join Filter: (o.user_id < u.id)",
                "  ->  Seq Scan on users u",
                "  ->  Seq Scan on orders o");
        assertThat(db.explain("SELECT count(*) FROM users, orders")).containsExactly(
                "Aggregate",
                "  ->  Nested Loop",
                "        ->  Seq Scan on users",
                "        ->  Seq Scan on orders");
    }

    @Test
    void sortLimitAndGrouping() {
        assertThat(db.explain("SELECT city, count(*) FROM users WHERE id > 1 GROUP BY city ORDER BY 2 DESC LIMIT 1"))
                .containsExactly(
                        "Limit",
                        "  ->  Sort",
                        "        Sort Key: count(*) DESC",
                        "        ->  HashAggregate",
                        "              Group Key: city",
                        "              ->  Index Scan using users_pkey on users",
                        "                    Index Cond: (id > 1)");
        assertThat(db.explain("SELECT DISTINCT city FROM users")).containsExactly(
                "HashAggregate",
                "  Group Key: city",
                "  ->  Seq Scan on users");
    }

    @Test
    void forUpdateLocksWhatItReads() {
        assertThat(db.explain("SELECT * FROM users WHERE id = 1 FOR UPDATE")).containsExactly(
                "LockRows",
                "  ->  Index Scan using users_pkey on users",
                "        Index Cond: (id = 1)");
        db.store.locks().clear();
        db.run("SELECT * FROM users WHERE id = 1 FOR UPDATE");
        db.run("SELECT * FROM users WHERE city = 'oslo' FOR SHARE");
        db.run("SELECT * FROM users WHERE id = 2");
        assertThat(db.store.locks()).extracting(MemoryTableStore.LockRequest::lock)
                .containsExactly(RowLock.UPDATE, RowLock.SHARE, RowLock.NONE);
        assertThat(db.prepare("SELECT * FROM users FOR UPDATE").writes()).isTrue();
        assertThat(db.prepare("SELECT * FROM users").writes()).isFalse();
    }

    @Test
    void writesReadTheirRowsForUpdate() {
        assertThat(db.explain("UPDATE users SET age = 1 WHERE id = 1")).containsExactly(
                "Update on users",
                "  ->  Index Scan using users_pkey on users",
                "        Index Cond: (id = 1)");
        assertThat(db.explain("DELETE FROM orders WHERE user_id = 1")).containsExactly(
                "Delete on orders",
                "  ->  Index Scan using orders_user_idx on orders",
                "        Index Cond: (user_id = 1)");
        assertThat(db.explain("INSERT INTO users VALUES (1, 'x') ON CONFLICT (id) DO NOTHING")).containsExactly(
                "Insert on users",
                "  Conflict Resolution: NOTHING",
                "  Conflict Arbiter Indexes: users_pkey",
                "  ->  Result");
        db.store.locks().clear();
        db.run("UPDATE users SET age = 1 WHERE id = 1");
        db.run("DELETE FROM users WHERE id = 5");
        assertThat(db.store.locks()).extracting(MemoryTableStore.LockRequest::lock)
                .containsExactly(RowLock.UPDATE, RowLock.UPDATE);
        assertThat(db.run("EXPLAIN SELECT 1").columns().get(0).name()).isEqualTo("QUERY PLAN");
    }

    @Test
    void rowsAlreadyInKeyOrderAreNotSortedAgain() {
        assertThat(db.explain("SELECT name FROM users ORDER BY id LIMIT 2")).containsExactly(
                "Limit",
                "  ->  Seq Scan on users");
        assertThat(db.explain("SELECT o.id, u.name FROM orders o JOIN users u ON u.id = o.user_id ORDER BY o.id"))
                .first().isEqualTo("Nested Loop");
        assertThat(db.explain("SELECT sku FROM items WHERE order_id = 10 ORDER BY line DESC")).first().isEqualTo("Sort");
        assertThat(db.explain("SELECT sku FROM items WHERE order_id = 10 ORDER BY order_id, line")).first()
                .isEqualTo("Index Scan using items_pkey on items");
        assertThat(db.flat("SELECT id FROM orders ORDER BY user_id LIMIT 3")).isEqualTo("10;11;12");
        assertThat(db.explain("SELECT id FROM orders ORDER BY user_id LIMIT 3")).containsExactly(
                "Limit",
                "  ->  Index Scan using orders_user_idx on orders");
        // Without a limit every row is read anyway, and reading them in key order is cheaper.
        assertThat(db.explain("SELECT id FROM orders ORDER BY user_id")).first().isEqualTo("Sort");
        assertThat(db.explain("SELECT id FROM orders ORDER BY user_id DESC LIMIT 3")).first().isEqualTo("Limit");
        assertThat(db.explain("SELECT id FROM orders ORDER BY user_id DESC LIMIT 3")).contains("  ->  Sort");
    }
}
