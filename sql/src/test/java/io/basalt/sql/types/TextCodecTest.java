package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.basalt.sql.api.SqlException;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** TextCodec behaviour beyond the PostgreSQL example table: NULL, error details, unsupported values. */
class TextCodecTest {
    @Test
    void nullIsNullBothWays() {
        for (SqlType t : ValueArbitraries.TYPES) {
            assertThat(TextCodec.parse(null, t, ZoneOffset.UTC)).isNull();
            assertThat(TextCodec.format(null, t, ZoneOffset.UTC)).isNull();
        }
    }

    @Test
    void numericFieldOverflowCarriesPostgresDetail() {
        SqlException e = catchThrowableOfType(SqlException.class,
                () -> TextCodec.parse("1234.5", SqlType.numeric(5, 2), ZoneOffset.UTC));
        assertThat(e.detail()).isEqualTo("A field with precision 5, scale 2 must round to an absolute value less than 10^3.");
        SqlException small = catchThrowableOfType(SqlException.class,
                () -> TextCodec.parse("0.999", SqlType.numeric(2, 2), ZoneOffset.UTC));
        assertThat(small.detail()).isEqualTo("A field with precision 2, scale 2 must round to an absolute value less than 1.");
    }

    @Test
    void infiniteAndNanValuesBasaltCannotHoldAreRejectedAsUnsupported() {
        for (String s : new String[] {"NaN", "Infinity", "-inf"}) {
            SqlException e = catchThrowableOfType(SqlException.class, () -> TextCodec.parse(s, SqlType.NUMERIC, ZoneOffset.UTC));
            assertThat(e.sqlState()).isEqualTo("0A000");
        }
        SqlException e = catchThrowableOfType(SqlException.class, () -> TextCodec.parse("infinity", SqlType.DATE, ZoneOffset.UTC));
        assertThat(e.sqlState()).isEqualTo("0A000");
    }

    @Test
    void nullZoneMeansUtc() {
        Object t = TextCodec.parse("2024-01-31 13:45:00", SqlType.TIMESTAMPTZ, null);
        assertThat(TextCodec.format(t, SqlType.TIMESTAMPTZ, null)).isEqualTo("2024-01-31 13:45:00+00");
    }
}
