package io.basalt.sql.copy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** COPY's text and CSV input as PostgreSQL 15 reads it, fed whole and cut into every kind of piece. */
class CopyReaderTest {
    private static final CopyOptions TEXT = CopyOptions.TEXT;
    private static final CopyOptions CSV = new CopyOptions.Builder().option("format", "csv").build(true);

    /** Every row of {@code input}, fed as one piece; rows shown as fields joined by |, NULL as <null>. */
    private static List<String> rows(CopyOptions o, String input) {
        return rows(o, input.getBytes(StandardCharsets.UTF_8), new int[] {Integer.MAX_VALUE});
    }

    /** Every row of {@code input}, fed in pieces of the given sizes (cycled). */
    private static List<String> rows(CopyOptions o, byte[] input, int[] pieceSizes) {
        CopyReader r = new CopyReader(o);
        List<String> out = new ArrayList<>();
        int at = 0;
        int k = 0;
        while (at < input.length) {
            int n = (int) Math.min(input.length - at, (long) pieceSizes[k++ % pieceSizes.length]);
            r.feed(Arrays.copyOfRange(input, at, at + n));
            at += n;
            drain(r, out);
        }
        r.endOfInput();
        drain(r, out);
        assertThat(r.finished()).isTrue();
        return out;
    }

    private static void drain(CopyReader r, List<String> out) {
        String[] row;
        while ((row = r.next()) != null) {
            out.add(String.join("|", Arrays.stream(row).map(v -> v == null ? "<null>" : v).toList()));
        }
    }

    private static SqlException error(CopyOptions o, String input) {
        try {
            rows(o, input);
        } catch (SqlException e) {
            return e;
        }
        throw new AssertionError("no error for " + input);
    }

    @Test
    void textSplitsAtTabsAndReadsBackslashNAsNull() {
        assertThat(rows(TEXT, "1\tada\n2\t\\N\n3\t\n")).containsExactly("1|ada", "2|<null>", "3|");
    }

    @Test
    void textEscapesAreDecoded() {
        assertThat(rows(TEXT, "a\\tb\\nc\\\\d\\be\\ff\\rg\\vh\n")).containsExactly("a\tb\nc\\d\be\ff\rg\u000Bh");
        assertThat(rows(TEXT, "\\101\\60x\\x41\\x4a!\\xg\\q\n")).containsExactly("A0xAJ!xgq");
        assertThat(rows(TEXT, "tab\\\there\tnext\n")).containsExactly("tab\there|next");
        assertThat(rows(TEXT, "line\\\nbreak\n")).containsExactly("line\nbreak");
        assertThat(rows(TEXT, "\\xc3\\xa9t\\303\\251\n")).containsExactly("été");
    }

    @Test
    void theNullMarkerIsMatchedOnTheRawTextNotTheDecodedValue() {
        assertThat(rows(TEXT, "\\\\N\t\\N\n")).containsExactly("\\N|<null>");
        CopyOptions custom = new CopyOptions.Builder().option("null", "NIL").option("delimiter", ",").build(true);
        assertThat(rows(custom, "NIL,\\N,nil,a\\,b\n")).containsExactly("<null>|N|nil|a,b");
    }

    @Test
    void theEndMarkerEndsTheDataAndWhatFollowsIsIgnored() {
        assertThat(rows(TEXT, "1\n\\.\nnot read\n")).containsExactly("1");
        assertThat(rows(TEXT, "1\n\\.")).containsExactly("1");
        assertThat(rows(TEXT, "1\r\n\\.\r\n2\r\n")).containsExactly("1");
        assertThat(error(TEXT, "1\n\\.x\n").getMessage()).isEqualTo("end-of-copy marker corrupt");
        assertThat(rows(CSV, "a,b\n\\.\nc,d\n")).containsExactly("a|b");
        assertThat(rows(CSV, "\"\\.\"\n")).containsExactly("\\.");
    }

    @Test
    void lastRowMayLackItsNewlineAndCrLfEndingsAreAccepted() {
        assertThat(rows(TEXT, "1\t2\r\n3\t4")).containsExactly("1|2", "3|4");
        assertThat(rows(TEXT, "")).isEmpty();
        assertThat(rows(TEXT, "\n")).containsExactly("");
        SqlException e = error(TEXT, "a\rb\n");
        assertThat(e.sqlState()).isEqualTo("22P04");
        assertThat(e.getMessage()).isEqualTo("literal carriage return found in data");
    }

    @Test
    void csvQuotesHoldDelimitersNewlinesAndDoubledQuotes() {
        assertThat(rows(CSV, "1,\"a,b\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",x\n"))
            .containsExactly("1|a,b|say \"hi\"", "2|two\nlines|x");
        assertThat(rows(CSV, "a,,\"\",\" \"\n")).containsExactly("a|<null>||" + " ");
        assertThat(rows(CSV, "x\r\ny\r\n")).containsExactly("x", "y");
    }

    @Test
    void csvEscapeOtherThanTheQuote() {
        CopyOptions o = new CopyOptions.Builder().option("format", "csv").option("escape", "\\").build(true);
        assertThat(rows(o, "\"a\\\"b\",\"c\\\\d\",\"e\\f\"\n")).containsExactly("a\"b|c\\d|e\\f");
    }

    @Test
    void csvNullStringMatchesOnlyUnquotedFields() {
        CopyOptions o = new CopyOptions.Builder().option("format", "csv").option("null", "NULL").build(true);
        assertThat(rows(o, "NULL,\"NULL\",\n")).containsExactly("<null>|NULL|");
    }

    @Test
    void csvUnterminatedQuoteIsAnError() {
        SqlException e = error(CSV, "1,\"open\n2,3\n");
        assertThat(e.sqlState()).isEqualTo("22P04");
        assertThat(e.getMessage()).isEqualTo("unterminated CSV quoted field");
    }

    @Test
    void invalidUtf8IsRefusedWithItsBytes() {
        SqlException e = error(TEXT, "\\xff\n");
        assertThat(e.sqlState()).isEqualTo("22021");
        assertThat(e.getMessage()).isEqualTo("invalid byte sequence for encoding \"UTF8\": 0xff");
        assertThat(error(TEXT, "a\\000b\n").getMessage()).endsWith("0x00");
    }

    @Test
    void rowsCutAtEveryPossiblePlaceReadTheSameAsWhole() {
        String text = "1\tx\\ty\\\\\t\\N\n2\tél\\303\\251\\\n\t\\x41\r\n\\.\n";
        String csv = "1,\"a,\"\"b\"\"\nc\",\n2,é,\"\"\r\n";
        Random random = new Random(7);
        for (int[] sizes : new int[][] {{1}, {2}, {3}, {1, 5}, {7, 1, 2}}) {
            assertThat(rows(TEXT, text.getBytes(StandardCharsets.UTF_8), sizes)).containsExactlyElementsOf(rows(TEXT, text));
            assertThat(rows(CSV, csv.getBytes(StandardCharsets.UTF_8), sizes)).containsExactlyElementsOf(rows(CSV, csv));
        }
        for (int i = 0; i < 50; i++) {
            int[] sizes = {1 + random.nextInt(6), 1 + random.nextInt(6), 1 + random.nextInt(6)};
            assertThat(rows(CSV, csv.getBytes(StandardCharsets.UTF_8), sizes)).containsExactly("1|a,\"b\"\nc|<null>", "2|é|");
        }
    }

    @Test
    void lineAndRowTextDescribeTheRowLastReturned() {
        CopyReader r = new CopyReader(TEXT);
        r.feed("a\nb\tc\n".getBytes(StandardCharsets.UTF_8));
        r.next();
        assertThat(r.next()).containsExactly("b", "c");
        assertThat(r.line()).isEqualTo(2);
        assertThat(r.rowText()).isEqualTo("b\tc");
        assertThat(CopyReader.display("x".repeat(150))).hasSize(103).endsWith("...");
    }

    @Test
    void aRowLongerThanTheLimitIsRefusedWithoutReadingMore() {
        CopyReader r = new CopyReader(TEXT);
        byte[] piece = new byte[1 << 20];
        Arrays.fill(piece, (byte) 'a');
        assertThatThrownBy(() -> {
            for (int i = 0; i <= CopyReader.ROW_BYTES_MAX / piece.length; i++) {
                r.feed(piece);
                r.next();
            }
        }).isInstanceOf(SqlException.class).hasMessageContaining("longer than");
    }
}
