package io.basalt.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Queries over {@link Fixtures#shop()} whose expected output (column names, then rows, as
 * {@code psql -A -F'|'} prints them, lines joined by ';') is what PostgreSQL 15 printed for the
 * same query over the same data. $1 is 25.
 */
class QueryPgTest {
    private static final String CASES = """
            SELECT * FROM users ORDER BY id
                ==> id|name|email|age|city;1|ann|ann@x.io|31|oslo;2|bob|bob@x.io||rome;3|cid||25|oslo;4|dee|dee@x.io|40|;5|eve|eve@x.io|25|rome
            SELECT id, name FROM users WHERE city = 'oslo' ORDER BY id
                ==> id|name;1|ann;3|cid
            SELECT name FROM users WHERE id = 3
                ==> name;cid
            SELECT name FROM users WHERE id IN (1, 4, 9) ORDER BY 1
                ==> name;ann;dee
            SELECT name FROM users WHERE id > 2 AND id <= 4 ORDER BY id
                ==> name;cid;dee
            SELECT name FROM users WHERE id BETWEEN 2 AND 3 ORDER BY name DESC
                ==> name;cid;bob
            SELECT name FROM users WHERE email = 'dee@x.io'
                ==> name;dee
            SELECT name, age FROM users ORDER BY age, name
                ==> name|age;cid|25;eve|25;ann|31;dee|40;bob|
            SELECT name, age FROM users ORDER BY age DESC, name
                ==> name|age;bob|;dee|40;ann|31;cid|25;eve|25
            SELECT name, age FROM users ORDER BY age NULLS FIRST, name
                ==> name|age;bob|;cid|25;eve|25;ann|31;dee|40
            SELECT name, age FROM users ORDER BY age DESC NULLS LAST, name
                ==> name|age;dee|40;ann|31;cid|25;eve|25;bob|
            SELECT u.name, o.id, o.amount FROM users u JOIN orders o ON o.user_id = u.id ORDER BY o.id
                ==> name|id|amount;ann|10|12.50;ann|11|7.25;bob|12|100.00;cid|13|
            SELECT u.name, o.id FROM users u LEFT JOIN orders o ON o.user_id = u.id ORDER BY u.id, o.id
                ==> name|id;ann|10;ann|11;bob|12;cid|13;dee|;eve|
            SELECT u.name, o.id FROM users u LEFT OUTER JOIN orders o ON o.user_id = u.id AND o.status = 'paid' ORDER BY u.id, o.id
                ==> name|id;ann|10;bob|12;cid|;dee|;eve|
            SELECT u.name, o.id FROM users u, orders o WHERE o.user_id = u.id AND o.status = 'paid' ORDER BY 2
                ==> name|id;ann|10;bob|12
            SELECT u.name, o.id FROM users u LEFT JOIN orders o ON o.user_id = u.id WHERE o.id IS NULL ORDER BY u.id
                ==> name|id;dee|;eve|
            SELECT o.id, i.line, i.sku FROM orders o JOIN items i ON i.order_id = o.id ORDER BY 1, 2
                ==> id|line|sku;10|1|a;10|2|b;11|1|a;12|1|c
            SELECT o.id, u.name FROM orders o JOIN users u ON u.id = o.user_id ORDER BY 1
                ==> id|name;10|ann;11|ann;12|bob;13|cid
            SELECT o.id, u.name FROM orders o LEFT JOIN users u ON u.id = o.user_id ORDER BY 1
                ==> id|name;10|ann;11|ann;12|bob;13|cid;14|
            SELECT count(*) FROM users CROSS JOIN orders
                ==> count;25
            SELECT u.name, o.id FROM users u JOIN orders o ON o.user_id < u.id WHERE u.id = 2 ORDER BY 2
                ==> name|id;bob|10;bob|11
            SELECT * FROM items JOIN orders ON orders.id = items.order_id WHERE items.line = 1 ORDER BY items.order_id
                ==> order_id|line|sku|qty|id|user_id|amount|status|created;10|1|a|2|10|1|12.50|paid|2024-01-05;11|1|a|5|11|1|7.25|open|2024-01-06;12|1|c|1|12|2|100.00|paid|2024-02-01
            SELECT city, count(*), min(age), max(age), sum(age), avg(age) FROM users GROUP BY city ORDER BY city
                ==> city|count|min|max|sum|avg;oslo|2|25|31|56|28.0000000000000000;rome|2|25|25|25|25.0000000000000000;|1|40|40|40|40.0000000000000000
            SELECT city, count(*) AS n FROM users GROUP BY 1 HAVING count(*) > 1 ORDER BY n DESC, city
                ==> city|n;oslo|2;rome|2
            SELECT user_id, sum(amount), count(amount), count(*) FROM orders GROUP BY user_id ORDER BY user_id
                ==> user_id|sum|count|count;1|19.75|2|2;2|100.00|1|1;3||0|1;9|3.00|1|1
            SELECT count(*), sum(age), avg(age), bool_and(age > 20), bool_or(age > 35), string_agg(name, ',') FROM users
                ==> count|sum|avg|bool_and|bool_or|string_agg;5|121|30.2500000000000000|t|t|ann,bob,cid,dee,eve
            SELECT count(DISTINCT city), count(city), count(DISTINCT age) FROM users
                ==> count|count|count;2|4|3
            SELECT count(*), max(id), sum(id) FROM users WHERE id > 100
                ==> count|max|sum;0||
            SELECT DISTINCT city FROM users ORDER BY city
                ==> city;oslo;rome;
            SELECT DISTINCT age FROM users ORDER BY 1 DESC
                ==> age;;40;31;25
            SELECT name FROM users ORDER BY id LIMIT 2 OFFSET 1
                ==> name;bob;cid
            SELECT name FROM users ORDER BY id FETCH FIRST 2 ROWS ONLY
                ==> name;ann;bob
            SELECT name FROM users ORDER BY id OFFSET 3
                ==> name;dee;eve
            SELECT name FROM users WHERE id = (SELECT max(user_id) FROM orders WHERE status = 'open')
                ==> name;cid
            SELECT name FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'paid') ORDER BY name
                ==> name;ann;bob
            SELECT name FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id) ORDER BY name
                ==> name;dee;eve
            SELECT name FROM users WHERE id IN (SELECT user_id FROM orders) ORDER BY name
                ==> name;ann;bob;cid
            SELECT name FROM users WHERE id NOT IN (SELECT user_id FROM orders WHERE user_id IS NOT NULL) ORDER BY name
                ==> name;dee;eve
            SELECT name FROM users WHERE age NOT IN (SELECT age FROM users WHERE id > 1) ORDER BY name
                ==> name
            SELECT name, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) AS n FROM users u ORDER BY id
                ==> name|n;ann|2;bob|1;cid|1;dee|0;eve|0
            SELECT s.city, s.n FROM (SELECT city, count(*) AS n FROM users GROUP BY city) s WHERE s.n > 1 ORDER BY 1
                ==> city|n;oslo|2;rome|2
            SELECT 1 + 1 AS two, 'x' AS x, NULL AS n, 2.5
                ==> two|x|n|?column?;2|x||2.5
            SELECT id FROM users UNION SELECT user_id FROM orders ORDER BY 1
                ==> id;1;2;3;4;5;9
            SELECT city FROM users UNION ALL SELECT status FROM orders ORDER BY 1
                ==> city;open;open;oslo;oslo;paid;paid;paid;rome;rome;
            SELECT user_id FROM orders INTERSECT SELECT id FROM users ORDER BY 1
                ==> user_id;1;2;3
            SELECT id FROM users EXCEPT SELECT user_id FROM orders ORDER BY 1
                ==> id;4;5
            SELECT 1 UNION SELECT 2.5 UNION SELECT 1 ORDER BY 1 DESC
                ==> ?column?;2.5;1
            VALUES (1, 'a'), (2, 'b')
                ==> column1|column2;1|a;2|b
            SELECT * FROM (VALUES (1, 'a'), (2, NULL)) AS v(n, s) ORDER BY n DESC
                ==> n|s;2|;1|a
            SELECT a.name, b.name FROM users a JOIN users b USING (city) WHERE a.id < b.id ORDER BY 1, 2
                ==> name|name;ann|cid;bob|eve
            SELECT * FROM users a JOIN users b USING (id) WHERE a.id = 1
                ==> id|name|email|age|city|name|email|age|city;1|ann|ann@x.io|31|oslo|ann|ann@x.io|31|oslo
            SELECT city, name, orders.id FROM users JOIN orders ON orders.user_id = users.id ORDER BY users.id, orders.id
                ==> city|name|id;oslo|ann|10;oslo|ann|11;rome|bob|12;oslo|cid|13
            SELECT upper(name) AS n, age * 2 FROM users WHERE age IS NOT NULL ORDER BY n
                ==> n|?column?;ANN|62;CID|50;DEE|80;EVE|50
            SELECT name, CASE WHEN age >= 30 THEN 'old' WHEN age IS NULL THEN '?' ELSE 'young' END FROM users ORDER BY id
                ==> name|case;ann|old;bob|?;cid|young;dee|old;eve|young
            SELECT city, sum(age) FROM users GROUP BY city HAVING sum(age) IS NOT NULL ORDER BY sum(age)
                ==> city|sum;rome|25;|40;oslo|56
            SELECT u.city, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.city ORDER BY u.city
                ==> city|count;oslo|3;rome|1;|0
            SELECT name FROM users WHERE name LIKE '%e%' ORDER BY name
                ==> name;dee;eve
            SELECT lower(city), count(*) FROM users GROUP BY lower(city) ORDER BY 1
                ==> lower|count;oslo|2;rome|2;|1
            SELECT id, amount FROM orders WHERE amount > 10 ORDER BY amount DESC
                ==> id|amount;12|100.00;10|12.50
            SELECT max(created), min(created), max(status) FROM orders
                ==> max|min|max;2024-03-01|2024-01-05|paid
            SELECT sum(qty), avg(qty), max(qty) FROM items
                ==> sum|avg|max;9|2.2500000000000000|5
            SELECT avg(amount), sum(amount) FROM orders
                ==> avg|sum;30.6875000000000000|122.75
            SELECT o.id FROM orders o WHERE o.user_id IN (SELECT id FROM users WHERE city = 'oslo') ORDER BY 1
                ==> id;10;11;13
            SELECT name FROM users ORDER BY length(name) DESC, name LIMIT 3
                ==> name;ann;bob;cid
            SELECT name AS city FROM users ORDER BY city
                ==> city;ann;bob;cid;dee;eve
            SELECT (SELECT name FROM users WHERE id = o.user_id) FROM orders o ORDER BY o.id
                ==> name;ann;ann;bob;cid;
            SELECT count(*) FROM users WHERE age > (SELECT avg(age) FROM users)
                ==> count;2
            SELECT name, age FROM users WHERE age = $1 ORDER BY 1
                ==> name|age;cid|25;eve|25
            SELECT count(*) AS n, count(*) + 1 FROM users HAVING count(*) > 2
                ==> n|?column?;5|6
            SELECT city, count(*) FROM users GROUP BY city HAVING city IS NOT NULL ORDER BY 2 DESC, 1
                ==> city|count;oslo|2;rome|2
            SELECT users.name FROM users ORDER BY users.age DESC NULLS LAST, users.id LIMIT 2
                ==> name;dee;ann
            SELECT id, user_id FROM orders WHERE user_id IS NULL OR amount IS NULL
                ==> id|user_id;13|3
            SELECT i.sku, sum(i.qty) FROM items i JOIN orders o ON o.id = i.order_id WHERE o.status = 'paid' GROUP BY i.sku ORDER BY 1
                ==> sku|sum;a|2;b|1;c|1
            SELECT name FROM users WHERE city IN ('oslo', 'paris') AND age < 30
                ==> name;cid
            SELECT coalesce(city, 'none') AS c, count(*) FROM users GROUP BY c ORDER BY c
                ==> c|count;none|1;oslo|2;rome|2
            SELECT id FROM orders ORDER BY created DESC, id
                ==> id;13;14;12;11;10
            SELECT (SELECT max(id) FROM orders), (SELECT min(name) FROM users)
                ==> max|min;14|ann
            WITH paid AS (SELECT user_id, sum(amount) AS total FROM orders WHERE status = 'paid' GROUP BY user_id) SELECT u.name, p.total FROM users u JOIN paid p ON p.user_id = u.id ORDER BY 1
                ==> name|total;ann|12.50;bob|100.00
            WITH a (n) AS (SELECT 1), b AS (SELECT n + 1 AS m FROM a) SELECT * FROM a, b
                ==> n|m;1|2
            WITH x AS (SELECT id FROM users WHERE age > 30) SELECT count(*) FROM x WHERE id IN (SELECT id FROM x)
                ==> count;2
            SELECT (WITH t AS (SELECT 5 AS v) SELECT v FROM t) AS five
                ==> five;5
            WITH users AS (SELECT 1 AS id) SELECT * FROM users
                ==> id;1
            WITH x AS (SELECT 1 AS a) SELECT * FROM x y(b)
                ==> b;1
            SELECT u.id, u.name, count(o.id) FROM users u LEFT JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY u.id
                ==> id|name|count;1|ann|2;2|bob|1;3|cid|1;4|dee|0;5|eve|0
            SELECT u.name, u.city FROM users u GROUP BY u.id HAVING u.age > 26 ORDER BY 1
                ==> name|city;ann|oslo;dee|
            SELECT city FROM users GROUP BY city ORDER BY count(*) DESC, city
                ==> city;oslo;rome;
            SELECT CASE WHEN count(*) > 1 THEN 'many' ELSE 'one' END AS k, city FROM users GROUP BY city ORDER BY city
                ==> k|city;many|oslo;many|rome;one|
            SELECT city, string_agg(DISTINCT name, '/') FROM users GROUP BY city ORDER BY 1
                ==> city|string_agg;oslo|ann/cid;rome|bob/eve;|dee
            SELECT sum(age::real), avg(age::float8), sum(age::float8) FROM users
                ==> sum|avg|sum;121|30.25|121
            SELECT count(*) FROM users GROUP BY age HAVING age IS NULL
                ==> count;1
            SELECT age, count(*) FROM users GROUP BY age ORDER BY age NULLS FIRST
                ==> age|count;|1;25|2;31|1;40|1
            SELECT city, max(age) - min(age) AS spread FROM users GROUP BY city HAVING max(age) > (SELECT avg(age) FROM users) ORDER BY 1
                ==> city|spread;oslo|6;|0
            SELECT DISTINCT city, count(*) FROM users GROUP BY city ORDER BY 2, 1
                ==> city|count;|1;oslo|2;rome|2
            SELECT u.city FROM users u GROUP BY u.city HAVING EXISTS (SELECT 1 FROM orders o JOIN users x ON x.id = o.user_id WHERE x.city = u.city) ORDER BY 1
                ==> city;oslo;rome
            SELECT count(*) FROM (SELECT DISTINCT status FROM orders) s
                ==> count;2
            SELECT name || ' (' || coalesce(city, '?') || ')' AS label FROM users WHERE id <= 4 ORDER BY id DESC
                ==> label;dee (?);cid (oslo);bob (rome);ann (oslo)
            SELECT id, amount * 2 AS dbl, amount / 3 AS third FROM orders WHERE amount IS NOT NULL ORDER BY id
                ==> id|dbl|third;10|25.00|4.1666666666666667;11|14.50|2.4166666666666667;12|200.00|33.3333333333333333;14|6.00|1.00000000000000000000
            SELECT user_id, count(*) FILTERLESS FROM orders GROUP BY user_id ORDER BY 1
                ==> user_id|filterless;1|2;2|1;3|1;9|1
            SELECT o.user_id, u.name FROM orders o LEFT JOIN users u ON u.id = o.user_id AND u.age > 30 ORDER BY o.id
                ==> user_id|name;1|ann;1|ann;2|;3|;9|
            SELECT * FROM users WHERE (age > 30 OR city = 'rome') AND NOT (name = 'bob') ORDER BY id
                ==> id|name|email|age|city;1|ann|ann@x.io|31|oslo;4|dee|dee@x.io|40|;5|eve|eve@x.io|25|rome
            SELECT id FROM users WHERE email LIKE '%@x.io' AND id NOT IN (2, 3) ORDER BY id DESC LIMIT 2
                ==> id;5;4
            SELECT min(name), max(email) FROM users
                ==> min|max;ann|eve@x.io
            SELECT status, min(amount), max(created) FROM orders GROUP BY status ORDER BY status
                ==> status|min|max;open|7.25|2024-01-06;paid|3.00|2024-03-01
            SELECT u.name, o.id FROM users u RIGHT JOIN orders o ON o.user_id = u.id ORDER BY o.id
                ==> name|id;ann|10;ann|11;bob|12;cid|13;|14
            SELECT u.name, o.id FROM users u FULL JOIN orders o ON o.user_id = u.id ORDER BY u.id, o.id
                ==> name|id;ann|10;ann|11;bob|12;cid|13;dee|;eve|;|14
            SELECT u.name, o.id FROM users u FULL JOIN orders o ON o.user_id = u.id AND o.status = 'paid' WHERE u.city = 'oslo' OR u.id IS NULL ORDER BY u.id, o.id
                ==> name|id;ann|10;cid|;|11;|13;|14
            SELECT u.name, o.id, i.sku FROM users u RIGHT JOIN orders o ON o.user_id = u.id LEFT JOIN items i ON i.order_id = o.id AND i.line = 1 ORDER BY o.id
                ==> name|id|sku;ann|10|a;ann|11|a;bob|12|c;cid|13|;|14|
            SELECT DISTINCT ON (city) city, name FROM users ORDER BY city, age DESC
                ==> city|name;oslo|ann;rome|bob;|dee
            SELECT DISTINCT ON (user_id) user_id, id, amount FROM orders ORDER BY user_id, amount NULLS FIRST
                ==> user_id|id|amount;1|11|7.25;2|12|100.00;3|13|;9|14|3.00
            SELECT count(*) FILTER (WHERE age > 26), sum(age) FILTER (WHERE city = 'oslo'), count(*) FROM users
                ==> count|sum|count;2|56|5
            SELECT city, string_agg(name, ',' ORDER BY name DESC), count(DISTINCT age) FILTER (WHERE age < 40) FROM users GROUP BY city ORDER BY city
                ==> city|string_agg|count;oslo|cid,ann|2;rome|eve,bob|1;|dee|0
            SELECT string_agg(name, '-' ORDER BY age NULLS FIRST, name) FROM users
                ==> string_agg;bob-cid-eve-ann-dee
            SELECT name FROM users WHERE age > ALL (SELECT age FROM users WHERE city = 'oslo') ORDER BY 1
                ==> name;dee
            SELECT name FROM users WHERE id = ANY (SELECT user_id FROM orders) ORDER BY 1
                ==> name;ann;bob;cid
            SELECT name, age <> ALL (SELECT age FROM users WHERE id <> u.id) FROM users u ORDER BY 1
                ==> name|?column?;ann|;bob|;cid|f;dee|;eve|f
            SELECT name, age < SOME (SELECT age FROM users) FROM users ORDER BY 1
                ==> name|?column?;ann|t;bob|;cid|t;dee|;eve|t
            SELECT generate_series(1, 3) AS n, 'x' AS c
                ==> n|c;1|x;2|x;3|x
            SELECT name, generate_series(1, id) FROM users WHERE id <= 2 ORDER BY 1, 2
                ==> name|generate_series;ann|1;bob|1;bob|2
            SELECT generate_series(10, 1, -4)
                ==> generate_series;10;6;2
            SELECT generate_series(1, 10) LIMIT 2
                ==> generate_series;1;2
            SELECT numeric '1.50', date '2024-01-02', text 'x'
                ==> numeric|date|text;1.50|2024-01-02|x
            SELECT * FROM items JOIN (SELECT 1 AS line, 'x' AS tag) t USING (line) ORDER BY 2
                ==> line|order_id|sku|qty|tag;1|10|a|2|x;1|11|a|5|x;1|12|c|1|x
            SELECT * FROM items NATURAL JOIN (SELECT 2 AS line, 'b' AS sku) t
                ==> line|sku|order_id|qty;2|b|10|1
            """;

    private static Db db;

    @BeforeAll
    static void load() {
        db = Fixtures.shop();
    }

    static Stream<String[]> cases() {
        List<String[]> out = new ArrayList<>();
        List<String> lines = CASES.lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size(); i += 2) {
            out.add(new String[] {lines.get(i).strip(), lines.get(i + 1).strip().substring("==> ".length())});
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sameRowsAsPostgres(String sql, String expected) {
        Object[] params = sql.contains("$1") ? new Object[] {25} : new Object[0];
        assertThat(db.psql(sql, params)).isEqualTo(expected);
    }
}
