package io.basalt.sql.plan;

import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.types.SqlType;

/**
 * The tables and rows the query tests use, the same as this PostgreSQL script (which produced
 * the expected results):
 * <pre>
 * CREATE TABLE users (id int4 PRIMARY KEY, name text NOT NULL, email varchar(50) UNIQUE, age int4, city text);
 * CREATE TABLE orders (id int8 PRIMARY KEY, user_id int4, amount numeric(10,2), status text, created date);
 * CREATE INDEX orders_user_idx ON orders (user_id);
 * CREATE TABLE items (order_id int8, line int4, sku text, qty int2, PRIMARY KEY (order_id, line));
 * CREATE TABLE notes (body text);
 * </pre>
 */
final class Fixtures {
    private Fixtures() {
    }

    static Db shop() {
        Db db = new Db()
                .table(TestTable.table("users").notNull("id", SqlType.INT4).notNull("name", SqlType.TEXT)
                        .col("email", SqlType.varchar(50)).col("age", SqlType.INT4).col("city", SqlType.TEXT)
                        .pk("id").unique("users_email_key", "email"))
                .table(TestTable.table("orders").notNull("id", SqlType.INT8).col("user_id", SqlType.INT4)
                        .col("amount", SqlType.numeric(10, 2)).col("status", SqlType.TEXT).col("created", SqlType.DATE)
                        .pk("id").index("orders_user_idx", "user_id"))
                .table(TestTable.table("items").notNull("order_id", SqlType.INT8).notNull("line", SqlType.INT4)
                        .col("sku", SqlType.TEXT).col("qty", SqlType.INT2).pk("order_id", "line"))
                .table(TestTable.table("notes").col("body", SqlType.TEXT))
                .table(TestTable.table("counters").identity("id", SqlType.INT4, ColumnDef.Identity.SERIAL)
                        .withDefault("label", SqlType.TEXT, "'none'").withDefault("n", SqlType.INT4, "3 + 4")
                        .withDefault("at", SqlType.TIMESTAMPTZ, "now()").pk("id"))
                .table(TestTable.table("ident").identity("id", SqlType.INT8, ColumnDef.Identity.ALWAYS)
                        .col("v", SqlType.varchar(3)).check("ident_v_check", "v <> 'bad'").pk("id"));
        db.run("INSERT INTO users VALUES (1, 'ann', 'ann@x.io', 31, 'oslo'), (2, 'bob', 'bob@x.io', NULL, 'rome'), "
                + "(3, 'cid', NULL, 25, 'oslo'), (4, 'dee', 'dee@x.io', 40, NULL), (5, 'eve', 'eve@x.io', 25, 'rome')");
        db.run("INSERT INTO orders VALUES (10, 1, 12.50, 'paid', '2024-01-05'), (11, 1, 7.25, 'open', '2024-01-06'), "
                + "(12, 2, 100.00, 'paid', '2024-02-01'), (13, 3, NULL, 'open', NULL), (14, 9, 3.00, 'paid', '2024-03-01')");
        db.run("INSERT INTO items VALUES (10, 1, 'a', 2), (10, 2, 'b', 1), (11, 1, 'a', 5), (12, 1, 'c', 1)");
        return db;
    }
}
