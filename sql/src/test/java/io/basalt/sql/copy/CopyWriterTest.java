package io.basalt.sql.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** COPY TO's lines, and that they read back as the same values; the options' checks. */
class CopyWriterTest {
    private static final CopyOptions CSV = new CopyOptions.Builder().option("format", "csv").build(false);

    private static String line(CopyOptions o, String... values) {
        return new String(new CopyWriter(o).row(values), StandardCharsets.UTF_8);
    }

    @Test
    void textEscapesWhatTheReaderWouldMisread() {
        assertThat(line(CopyOptions.TEXT, "a\tb", "c\nd\\e", null, "", "\r\b\f\u000B"))
            .isEqualTo("a\\tb\tc\\nd\\\\e\t\\N\t\t\\r\\b\\f\\v\n");
        CopyOptions comma = new CopyOptions.Builder().option("delimiter", ",").build(false);
        assertThat(line(comma, "1,2", "x")).isEqualTo("1\\,2,x\n");
    }

    @Test
    void csvQuotesOnlyWhenNeeded() {
        assertThat(line(CSV, "plain", "a,b", "say \"hi\"", "two\nlines", "", null))
            .isEqualTo("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"\",\n");
        assertThat(line(CSV, "\\.")).isEqualTo("\"\\.\"\n");
    }

    @Test
    void whatIsWrittenReadsBackTheSame() {
        String[] values = {"tab\there", "nl\nx", "back\\slash", null, "", "\\N", "quote\"d", "comma,", "é\r"};
        for (CopyOptions o : List.of(CopyOptions.TEXT, new CopyOptions.Builder().option("format", "csv").build(true))) {
            CopyReader r = new CopyReader(o);
            r.feed(new CopyWriter(o).row(values));
            r.endOfInput();
            assertThat(r.next()).containsExactly(values);
        }
    }

    @Test
    void optionsAreCheckedAsPostgresChecksThem() {
        assertThatThrownBy(() -> new CopyOptions.Builder().option("quote", "'").build(true))
            .hasMessage("COPY quote available only in CSV mode");
        assertThatThrownBy(() -> new CopyOptions.Builder().option("delimiter", "ab").build(true))
            .hasMessage("COPY delimiter must be a single one-byte character");
        assertThatThrownBy(() -> new CopyOptions.Builder().option("format", "csv").option("delimiter", "\"").build(true))
            .hasMessage("COPY delimiter and quote must be different");
        assertThatThrownBy(() -> new CopyOptions.Builder().option("delimiter", ",").option("delimiter", ";"))
            .hasMessage("conflicting or redundant options");
        assertThatThrownBy(() -> new CopyOptions.Builder().option("format", "xml"))
            .isInstanceOf(SqlException.class).hasMessage("COPY format \"xml\" not recognized");
        assertThatThrownBy(() -> new CopyOptions.Builder().option("bogus", "1"))
            .hasMessage("option \"bogus\" not recognized");
        CopyOptions o = new CopyOptions.Builder().option("format", "CSV").option("header", "on").option("freeze", null)
            .build(true);
        assertThat(o).isEqualTo(new CopyOptions(CopyOptions.Format.CSV, (byte) ',', "", CopyOptions.Header.PRESENT,
            (byte) '"', (byte) '"'));
    }
}
