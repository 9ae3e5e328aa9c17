package io.basalt.sql.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.sql.types.SqlType;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void insertSelectUpdateDelete() {
        Db db = new Db().table(TestTable.table("t").notNull("id", SqlType.INT4).col("name", SqlType.TEXT).pk("id"));
        assertThat(db.run("INSERT INTO t VALUES (1, 'a'), (2, 'b')").commandTag()).isEqualTo("INSERT 0 2");
        assertThat(db.flat("SELECT * FROM t ORDER BY id")).isEqualTo("1|a;2|b");
        assertThat(db.run("UPDATE t SET name = name || 'x' WHERE id = 2").commandTag()).isEqualTo("UPDATE 1");
        assertThat(db.flat("SELECT name FROM t WHERE id = 2")).isEqualTo("bx");
        assertThat(db.run("DELETE FROM t WHERE id = 1").commandTag()).isEqualTo("DELETE 1");
        assertThat(db.flat("SELECT count(*) FROM t")).isEqualTo("1");
        assertThat(db.explain("SELECT * FROM t WHERE id = 1")).containsExactly("Index Scan using t_pkey on t",
                "  Index Cond: (id = 1)");
    }
}
