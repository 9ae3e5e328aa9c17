package io.basalt.cli.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The statement each batch runs, and the names it refuses to put in it. */
class CopySqlTest {
    @Test
    void theStatementNamesTheTableColumnsAndOptions() {
        CopySql sql = new CopySql("public.\"My Items\"", CopySql.parseColumns("id, \"a,b\",note"), true, ";", "it's null",
            null, "\\");
        assertThat(sql.statement()).isEqualTo("COPY public.\"My Items\" (id, \"a,b\", note) FROM STDIN WITH (FORMAT csv,"
            + " DELIMITER ';', NULL 'it''s null', ESCAPE '\\')");
        assertThat(sql.quoteByte()).isEqualTo((byte) '"');
        assertThat(sql.escapeByte()).isEqualTo((byte) '\\');
        assertThat(new CopySql("t", List.of(), false, null, null, null, null).statement())
            .isEqualTo("COPY t FROM STDIN WITH (FORMAT text)");
    }

    @Test
    void anythingButNamesIsRefused() {
        assertThatThrownBy(() -> new CopySql("t; DROP TABLE u", List.of(), false, null, null, null, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--table must be a table name");
        assertThatThrownBy(() -> new CopySql("t", List.of("a", "b) FROM STDIN; --"), false, null, null, null, null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--columns");
        assertThatThrownBy(() -> new CopySql("t", List.of(), true, null, null, "''", null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--quote must be a single ASCII character");
        assertThatThrownBy(() -> new CopySql("t", List.of(), false, null, null, "'", null))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("csv only");
    }
}
