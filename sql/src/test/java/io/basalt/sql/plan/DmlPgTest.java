package io.basalt.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * INSERT, UPDATE and DELETE, one statement after the other over {@link Fixtures#shop()}, each
 * with what psql printed for it on PostgreSQL 15 running the same script from the same state
 * (RETURNING rows and the command tag, or the error). The one difference: PostgreSQL returned
 * the rows of the first multi-row UPDATE in heap order, Basalt in key order; both are allowed.
 * The statement with $1..$3 runs with 20, 1 and 9.999.
 */
class DmlPgTest {
    private static final String SCRIPT = """
            INSERT INTO counters DEFAULT VALUES RETURNING id, label, n
                ==> id|label|n;1|none|7;INSERT 0 1
            INSERT INTO counters (label) VALUES ('a'), (DEFAULT) RETURNING id, label, n
                ==> id|label|n;2|a|7;3|none|7;INSERT 0 2
            INSERT INTO counters (id, label) VALUES (10, 'ten') RETURNING id
                ==> id;10;INSERT 0 1
            INSERT INTO counters (label, n) SELECT name, age FROM users WHERE age > 30 ORDER BY id RETURNING id, label, n
                ==> id|label|n;4|ann|31;5|dee|40;INSERT 0 2
            SELECT id, label, n, at IS NOT NULL AS has_at FROM counters ORDER BY id
                ==> id|label|n|has_at;1|none|7|t;2|a|7|t;3|none|7|t;4|ann|31|t;5|dee|40|t;10|ten|7|t
            INSERT INTO ident (v) VALUES ('x') RETURNING id, v
                ==> id|v;1|x;INSERT 0 1
            INSERT INTO ident (id, v) VALUES (5, 'y')
                ==> ERROR 428C9: cannot insert a non-DEFAULT value into column "id"
            INSERT INTO ident (id, v) OVERRIDING SYSTEM VALUE VALUES (5, 'y') RETURNING *
                ==> id|v;5|y;INSERT 0 1
            INSERT INTO ident (id, v) OVERRIDING USER VALUE VALUES (5, 'z') RETURNING *
                ==> id|v;2|z;INSERT 0 1
            INSERT INTO ident (v) VALUES ('long')
                ==> ERROR 22001: value too long for type character varying(3)
            INSERT INTO ident (v) VALUES ('bad')
                ==> ERROR 23514: new row for relation "ident" violates check constraint "ident_v_check"
            INSERT INTO ident (v) VALUES (1) RETURNING v
                ==> v;1;INSERT 0 1
            INSERT INTO ident (v) VALUES ('ab   ') RETURNING v, length(v)
                ==> ERROR 23505: duplicate key value violates unique constraint "ident_pkey"
            INSERT INTO ident VALUES (DEFAULT, 'd') RETURNING id
                ==> id;6;INSERT 0 1
            INSERT INTO users (id, name) VALUES ('6', 'fay') RETURNING *
                ==> id|name|email|age|city;6|fay|||;INSERT 0 1
            INSERT INTO users (id, name) VALUES (6, 'dup')
                ==> ERROR 23505: duplicate key value violates unique constraint "users_pkey"
            INSERT INTO users (id, name, age) VALUES (7, 'gus', 'x')
                ==> ERROR 22P02: invalid input syntax for type integer: "x"
            INSERT INTO users (id, name, age) VALUES (7, 'gus', 'x'::text)
                ==> ERROR 42804: column "age" is of type integer but expression is of type text
            INSERT INTO users (id, name, age) VALUES (7, 'gus', 2147483648)
                ==> ERROR 22003: integer out of range
            INSERT INTO users (id, name) VALUES (7)
                ==> ERROR 42601: INSERT has more target columns than expressions
            INSERT INTO users (id) VALUES (7, 'x')
                ==> ERROR 42601: INSERT has more expressions than target columns
            INSERT INTO users (id, nope) VALUES (7, 1)
                ==> ERROR 42703: column "nope" of relation "users" does not exist
            INSERT INTO users (id, id) VALUES (7, 1)
                ==> ERROR 42701: column "id" specified more than once
            INSERT INTO users (id, name) VALUES (7, NULL)
                ==> ERROR 23502: null value in column "name" of relation "users" violates not-null constraint
            INSERT INTO users (id, name, age) VALUES (7, 'gus', 19.6) RETURNING age
                ==> age;20;INSERT 0 1
            INSERT INTO users VALUES (1, 'zed') ON CONFLICT DO NOTHING RETURNING id
                ==> id;INSERT 0 0
            INSERT INTO users VALUES (1, 'zed') ON CONFLICT (id) DO UPDATE SET name = excluded.name || '!' RETURNING id, name
                ==> id|name;1|zed!;INSERT 0 1
            INSERT INTO users AS u VALUES (1, 'zzz', NULL, 50) ON CONFLICT (id) DO UPDATE SET age = u.age + excluded.age WHERE u.age IS NOT NULL RETURNING id, name, age
                ==> id|name|age;1|zed!|81;INSERT 0 1
            INSERT INTO users AS u VALUES (2, 'zzz', NULL, 50) ON CONFLICT (id) DO UPDATE SET age = u.age + excluded.age WHERE u.age IS NOT NULL RETURNING id, name, age
                ==> id|name|age;INSERT 0 0
            INSERT INTO users VALUES (8, 'hal', 'ann@x.io') ON CONFLICT (email) DO UPDATE SET age = 99 RETURNING id, age
                ==> id|age;1|99;INSERT 0 1
            INSERT INTO users VALUES (8, 'hal', 'ann@x.io') ON CONFLICT (name) DO NOTHING
                ==> ERROR 42P10: there is no unique or exclusion constraint matching the ON CONFLICT specification
            INSERT INTO users VALUES (8, 'hal') ON CONFLICT DO UPDATE SET name = 'x'
                ==> ERROR 42601: ON CONFLICT DO UPDATE requires inference specification or constraint name
            INSERT INTO users VALUES (8, 'hal'), (8, 'hal2') ON CONFLICT (id) DO UPDATE SET name = excluded.name
                ==> ERROR 21000: ON CONFLICT DO UPDATE command cannot affect row a second time
            INSERT INTO users VALUES (8, 'hal', 'x@y'), (9, 'ivy', 'x@y') ON CONFLICT DO NOTHING RETURNING id
                ==> id;8;INSERT 0 1
            INSERT INTO users VALUES (8, 'hal') ON CONFLICT ON CONSTRAINT users_pkey DO UPDATE SET city = 'lima' RETURNING id, city
                ==> id|city;8|lima;INSERT 0 1
            SELECT * FROM users ORDER BY id
                ==> id|name|email|age|city;1|zed!|ann@x.io|99|oslo;2|bob|bob@x.io||rome;3|cid||25|oslo;4|dee|dee@x.io|40|;5|eve|eve@x.io|25|rome;6|fay|||;7|gus||20|;8|hal|x@y||lima
            UPDATE users SET age = age + 1 WHERE city = 'oslo' RETURNING id, age
                ==> id|age;1|100;3|26;UPDATE 2
            UPDATE users u SET name = upper(u.name), city = DEFAULT WHERE u.id = 2 RETURNING *
                ==> id|name|email|age|city;2|BOB|bob@x.io||;UPDATE 1
            UPDATE users SET age = NULL WHERE id = 999
                ==> UPDATE 0
            UPDATE users SET id = id + 100 WHERE id >= 8 RETURNING id
                ==> id;108;UPDATE 1
            UPDATE users SET age = 'abc' WHERE id = 1
                ==> ERROR 22P02: invalid input syntax for type integer: "abc"
            UPDATE users SET nope = 1
                ==> ERROR 42703: column "nope" of relation "users" does not exist
            UPDATE users SET age = 1, age = 2
                ==> ERROR 42601: multiple assignments to same column "age"
            UPDATE ident SET id = 3
                ==> ERROR 428C9: column "id" can only be updated to DEFAULT
            UPDATE ident SET id = DEFAULT WHERE v = 'x' RETURNING id
                ==> id;7;UPDATE 1
            UPDATE users SET (age, city) = (1, 'x') WHERE id = 3 RETURNING age, city
                ==> age|city;1|x;UPDATE 1
            UPDATE users SET name = 'same'
                ==> UPDATE 8
            SELECT id, name, age, city FROM users ORDER BY id
                ==> id|name|age|city;1|same|100|oslo;2|same||;3|same|1|x;4|same|40|;5|same|25|rome;6|same||;7|same|20|;108|same||lima
            DELETE FROM orders WHERE status = 'open' RETURNING id
                ==> id;11;13;DELETE 2
            DELETE FROM orders o WHERE o.user_id IN (SELECT id FROM users WHERE city = 'rome') RETURNING o.id
                ==> id;DELETE 0
            DELETE FROM items
                ==> DELETE 4
            SELECT count(*) FROM orders
                ==> count;3
            INSERT INTO notes VALUES ('a'), ('b')
                ==> INSERT 0 2
            SELECT * FROM notes ORDER BY body
                ==> body;a;b
            UPDATE notes SET body = body || body RETURNING body
                ==> body;aa;bb;UPDATE 2
            DELETE FROM notes WHERE body = 'aa' RETURNING *
                ==> body;aa;DELETE 1
            SELECT * FROM notes
                ==> body;bb
            INSERT INTO orders (id, user_id, amount) VALUES ($1, $2, $3) RETURNING id, user_id, amount
                ==> id|user_id|amount;20|1|10.00;INSERT 0 1
            """;

    /** UPDATE ... FROM and DELETE ... USING, from the fixture's first state; a row joined twice changes once. */
    private static final String JOINED_SCRIPT = """
            UPDATE orders o SET amount = o.amount + u.age FROM users u WHERE u.id = o.user_id AND u.city = 'oslo' RETURNING o.id, o.amount, u.name
                ==> id|amount|name;10|43.50|ann;11|38.25|ann;13||cid;UPDATE 3
            UPDATE users SET age = age + 1 FROM orders WHERE orders.user_id = users.id
                ==> UPDATE 3
            UPDATE users SET city = 'x' FROM orders o, items i WHERE o.user_id = users.id AND i.order_id = o.id AND i.sku = 'c'
                ==> UPDATE 1
            SELECT id, age, city FROM users ORDER BY id
                ==> id|age|city;1|32|oslo;2||x;3|26|oslo;4|40|;5|25|rome
            DELETE FROM items USING orders WHERE orders.id = items.order_id AND orders.status = 'open' RETURNING items.order_id, items.line, orders.status
                ==> order_id|line|status;11|1|open;DELETE 1
            DELETE FROM users u USING orders o WHERE o.user_id = u.id
                ==> DELETE 3
            SELECT id, name FROM users ORDER BY id
                ==> id|name;4|dee;5|eve
            UPDATE users SET age = 1 FROM users WHERE users.id = 1
                ==> ERROR 42712: table name "users" specified more than once
            """;

    @Test
    void sameOutcomesAsPostgres() {
        runScript(SCRIPT);
    }

    @Test
    void updateFromAndDeleteUsingAsInPostgres() {
        runScript(JOINED_SCRIPT);
    }

    private static void runScript(String script) {
        Db db = Fixtures.shop();
        List<String> lines = script.lines().filter(l -> !l.isBlank()).toList();
        for (int i = 0; i < lines.size(); i += 2) {
            String sql = lines.get(i).strip();
            String expected = lines.get(i + 1).strip().substring("==> ".length());
            assertThat(outcome(db, sql)).as(sql).isEqualTo(expected);
        }
    }

    private static String outcome(Db db, String sql) {
        try {
            PlannedStatement p = db.prepare(sql);
            Object[] params = sql.contains("$1") ? new Object[] {20L, 1, new BigDecimal("9.999")} : new Object[0];
            if (params.length > 0) {
                assertThat(p.paramTypes()).containsExactly(SqlType.INT8, SqlType.INT4, SqlType.NUMERIC);
            }
            return format(db, db.execute(p, params), sql.startsWith("SELECT"));
        } catch (SqlException e) {
            return "ERROR " + e.sqlState() + ": " + e.getMessage();
        }
    }

    private static String format(Db db, Result r, boolean select) {
        List<String> out = new ArrayList<>();
        if (r.columns() != null) {
            out.add(String.join("|", r.columns().stream().map(c -> c.name()).toList()));
            for (Object[] row : r.rows()) {
                List<String> cells = new ArrayList<>();
                for (int i = 0; i < row.length; i++) {
                    String v = TextCodec.format(row[i], r.columns().get(i).type(), db.zone);
                    cells.add(v == null ? "" : v);
                }
                out.add(String.join("|", cells));
            }
        }
        if (!select) {
            out.add(r.commandTag());
        }
        return String.join(";", out);
    }
}
