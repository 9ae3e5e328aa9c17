package io.basalt.sql.expr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The text form of one-dimensional arrays, read and written as PostgreSQL 15's array_in and array_out do. */
class ArrayTextTest {
    @Test
    void readsElementsQuotedOrNotWithNulls() {
        assertThat(ArrayText.parse("{}")).isEmpty();
        assertThat(ArrayText.parse(" { } ")).isEmpty();
        assertThat(ArrayText.parse("{1,2,3}")).containsExactly("1", "2", "3");
        assertThat(ArrayText.parse("{NULL,\"NULL\",null}")).containsExactly(null, "NULL", null);
        assertThat(ArrayText.parse("{ a , \"b\\\"c\" , d e }")).containsExactly("a", "b\"c", "d e");
        assertThat(ArrayText.parse("{\"\",\"x,y\",a\\,b}")).containsExactly("", "x,y", "a,b");
    }

    @Test
    void malformedLiteralsAre22P02AndSeveralDimensions0A000() {
        for (String bad : List.of("", "1,2", "{a", "{a,}", "{,}", "{\"a\"b}", "{\"a}", "{a\"b}", "{a}}")) {
            assertThatThrownBy(() -> ArrayText.parse(bad)).as(bad).isInstanceOfSatisfying(SqlException.class,
                e -> assertThat(e.sqlState()).isEqualTo("22P02"));
        }
        for (String unsupported : List.of("{{1},{2}}", "[1:2]={1,2}")) {
            assertThatThrownBy(() -> ArrayText.parse(unsupported)).as(unsupported)
                .isInstanceOfSatisfying(SqlException.class, e -> assertThat(e.sqlState()).isEqualTo("0A000"));
        }
    }

    @Test
    void writesQuotesOnlyWhereReadingBackNeedsThem() {
        List<String> elements = Arrays.asList("a", null, "", "NULL", "b c", "x,y", "q\"\\", "{}");
        String text = ArrayText.format(elements);
        assertThat(text).isEqualTo("{a,NULL,\"\",\"NULL\",\"b c\",\"x,y\",\"q\\\"\\\\\",\"{}\"}");
        assertThat(ArrayText.parse(text)).containsExactlyElementsOf(elements);
        assertThat(ArrayText.format(List.of())).isEqualTo("{}");
    }
}
