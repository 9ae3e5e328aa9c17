package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Casts#canCast} against PostgreSQL 15's pg_cast. The grid was printed by PostgreSQL:
 * row = source type, column = target type, the pg_cast.castcontext (i implicit, a assignment,
 * e explicit) or, where pg_cast has no row, the I/O conversion rule PostgreSQL applies (same
 * type i, to a string type a, from a string type e) and "-" when no cast exists.
 */
class CastRulesPgTest {
    private static final String PG_CAST = """
                        bool        int2        int4        int8        numeric     float4      float8      text        varchar     bpchar      bytea       date        timestamp   timestamptz uuid
            bool        i           -           e           -           -           -           -           a           a           a           -           -           -           -           -
            int2        -           i           i           i           i           i           i           a           a           a           -           -           -           -           -
            int4        e           a           i           i           i           i           i           a           a           a           -           -           -           -           -
            int8        -           a           a           i           i           i           i           a           a           a           -           -           -           -           -
            numeric     -           a           a           a           i           i           i           a           a           a           -           -           -           -           -
            float4      -           a           a           a           a           i           i           a           a           a           -           -           -           -           -
            float8      -           a           a           a           a           a           i           a           a           a           -           -           -           -           -
            text        e           e           e           e           e           e           e           i           i           i           e           e           e           e           e
            varchar     e           e           e           e           e           e           e           i           i           i           e           e           e           e           e
            bpchar      e           e           e           e           e           e           e           i           i           i           e           e           e           e           e
            bytea       -           -           -           -           -           -           -           a           a           a           i           -           -           -           -
            date        -           -           -           -           -           -           -           a           a           a           -           i           i           i           -
            timestamp   -           -           -           -           -           -           -           a           a           a           -           a           i           i           -
            timestamptz -           -           -           -           -           -           -           a           a           a           -           a           a           i           -
            uuid        -           -           -           -           -           -           -           a           a           a           -           -           -           -           i
            """;

    record Cell(TypeKind from, TypeKind to, char context) {
        @Override
        public String toString() {
            return from + " -> " + to + ": " + context;
        }
    }

    static List<Cell> cells() {
        String[] lines = PG_CAST.strip().split("\n");
        String[] targets = lines[0].trim().split(" +");
        List<Cell> cells = new ArrayList<>();
        for (int r = 1; r < lines.length; r++) {
            String[] row = lines[r].trim().split(" +");
            for (int c = 0; c < targets.length; c++) {
                cells.add(new Cell(kind(row[0]), kind(targets[c]), row[c + 1].charAt(0)));
            }
        }
        return cells;
    }

    private static TypeKind kind(String name) {
        return TestTypes.parse(name).kind();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void canCastFollowsPgCast(Cell cell) {
        boolean implicit = cell.context() == 'i';
        boolean assignment = implicit || cell.context() == 'a';
        boolean explicit = assignment || cell.context() == 'e';
        assertThat(Casts.canCast(cell.from(), cell.to(), CastContext.IMPLICIT)).as("implicit").isEqualTo(implicit);
        assertThat(Casts.canCast(cell.from(), cell.to(), CastContext.ASSIGNMENT)).as("assignment").isEqualTo(assignment);
        assertThat(Casts.canCast(cell.from(), cell.to(), CastContext.EXPLICIT)).as("explicit").isEqualTo(explicit);
    }
}
