package io.basalt.cli.load;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.copy.CopyOptions;
import io.basalt.sql.copy.CopyReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reader cuts input where the server's COPY reader ends a row, whatever the reads return,
 * counts the file's lines, stops at {@code \.}, refuses an endless row, and reads a batch again
 * after a rewind.
 */
class RowReaderTest {
    @TempDir
    Path dir;

    /** A row as handed out, with the line of the file it starts on. */
    private record Row(String text, long line) {}

    @Test
    void csvRowsEndAtNewlinesOutsideQuotes() throws IOException {
        String csv = "1,\"two\nlines\",x\r\n2,\"say \"\"hi\"\"\",y\n3,\"a\n\nb\",z\n4,last,w";
        assertThat(rows(csv, true, 1_000, 1)).containsExactly(
            new Row("1,\"two\nlines\",x\r\n", 1), new Row("2,\"say \"\"hi\"\"\",y\n", 3),
            new Row("3,\"a\n\nb\",z\n", 4), new Row("4,last,w", 7));
    }

    @Test
    void textRowsKeepEscapedNewlines() throws IOException {
        String text = "1\tback\\\\slash\n2\tescaped\\\nnewline\n3\t\\N\n";
        assertThat(rows(text, false, 1_000, 1)).containsExactly(
            new Row("1\tback\\\\slash\n", 1), new Row("2\tescaped\\\nnewline\n", 2), new Row("3\t\\N\n", 4));
    }

    @Test
    void theEndOfDataMarkerEndsTheInput() throws IOException {
        List<Row> rows = rows("1\n2\n\\.\r\n3\n", false, 1_000, 3);
        assertThat(rows).containsExactly(new Row("1\n", 1), new Row("2\n", 2));
        RowReader r = reader("1\n2\n\\.\r\n3\n", false, 1_000, 100);
        assertThat(r.next(10, null).rows()).isEqualTo(2);
        assertThat(r.next(10, null)).isNull();
        assertThat(r.endMarkerLine()).isEqualTo(3);
    }

    @Test
    void aQuoteThatIsNeverClosedIsRefusedAtTheRowLimitNotReadToTheEnd() {
        String csv = "1,ok\n2,\"open\n" + "x".repeat(5_000) + "\n";
        RowReader r = reader(csv, true, 1_000, 64);
        assertThatThrownBy(() -> {
            while (r.next(10, null) != null) {
                // reading on until the row is too long
            }
        }).isInstanceOfSatisfying(RowReader.BadInputException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.getMessage()).contains("longer than 1000 bytes", "never closed");
        });
    }

    @Test
    void aRewoundBatchIsHandedOutAgainWithTheSameLines() throws IOException {
        Path f = dir.resolve("rows.csv");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 5_000; i++) {
            sb.append(i).append(i % 10 == 0 ? ",\"two\nlines\"\n" : ",one\n");
        }
        Files.writeString(f, sb);
        try (SeekableByteChannel ch = Files.newByteChannel(f)) {
            RowReader r = new RowReader(ch, true, (byte) '"', (byte) '"', 1 << 20);
            r.skip(1_000);
            r.mark();
            assertThat(r.rewindable()).isTrue();
            BatchLines first = new BatchLines();
            first.start(r.line());
            String once = drain(r, 2_000, first);
            r.rewind();
            BatchLines again = new BatchLines();
            again.start(r.line());
            assertThat(drain(r, 2_000, again)).isEqualTo(once).startsWith("1001,one\n");
            assertThat(again.firstLine()).isEqualTo(first.firstLine()).isEqualTo(1_101);
            assertThat(again.lineOf(2_000)).isEqualTo(first.lineOf(2_000)).isEqualTo(1_101 + 1_999 + 199);
        }
    }

    @Test
    void aBatchFromAPipeIsKeptToBeSentAgainUnlessItIsTooLarge() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i <= 3_000; i++) {
            sb.append(i).append(i % 10 == 0 ? "\t\"two\nlines\"\n" : "\tone\n");
        }
        RowReader r = new RowReader(Channels.newChannel(new ByteArrayInputStream(sb.toString().getBytes(UTF_8))), true,
            (byte) '"', (byte) '"', 1 << 20, 8_000);
        assertThat(r.rewindable()).as("nothing marked yet").isFalse();
        r.skip(100);
        r.mark();
        BatchLines first = new BatchLines();
        first.start(r.line());
        String once = drain(r, 500, first);
        assertThat(r.rewindable()).isTrue();
        r.rewind();
        BatchLines again = new BatchLines();
        again.start(r.line());
        assertThat(drain(r, 500, again)).isEqualTo(once).startsWith("101\tone\n");
        assertThat(again.lineOf(500)).isEqualTo(first.lineOf(500)).isEqualTo(111 + 499 + 49);
        // The rows after the batch follow it, once.
        assertThat(drain(r, 1, new BatchLines())).isEqualTo("601\tone\n");
        // A batch over the copy's limit (8 000 bytes here) cannot be sent again.
        r.mark();
        drain(r, 2_000, new BatchLines());
        assertThat(r.rewindable()).isFalse();
    }

    /**
     * Random bytes that matter to the row syntax, read a few bytes at a time: every row handed
     * out is one row to the server's reader, and together they are the whole input.
     */
    @Test
    void everyRowIsExactlyOneRowOfTheServersReader() throws IOException {
        Random random = new Random(20_240_601);
        String alphabet = "ab,\"\"\n\n\\\\.\t\r";
        for (int round = 0; round < 2_000; round++) {
            boolean csv = random.nextBoolean();
            StringBuilder in = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                in.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String input = in.toString();
            List<Row> rows = rows(input, csv, 1 << 20, 1 + random.nextInt(5));
            StringBuilder joined = new StringBuilder();
            for (Row row : rows) {
                joined.append(row.text());
                assertThat(serverRows(row.text(), csv)).as("csv=%s input=%s row=%s", csv, escape(input), escape(row.text()))
                    .isIn(1, -1);
            }
            assertThat(input).as("csv=%s", csv).startsWith(joined.toString());
        }
    }

    /** How many rows the server's reader finds in {@code text} alone: -1 if it refuses it. */
    private static int serverRows(String text, boolean csv) {
        CopyOptions.Builder b = new CopyOptions.Builder();
        if (csv) {
            b.option("format", "csv");
        }
        CopyReader server = new CopyReader(b.build(true));
        server.feed(text.getBytes(UTF_8));
        server.endOfInput();
        int n = 0;
        try {
            while (server.next() != null) {
                n++;
            }
        } catch (SqlException e) {
            // A malformed row (a bare carriage return, an unterminated quote): refused as one row.
            return -1;
        }
        return n;
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
    }

    private static List<Row> rows(String input, boolean csv, int rowBytesMax, int bytesPerRead) throws IOException {
        RowReader r = reader(input, csv, rowBytesMax, bytesPerRead);
        List<Row> out = new ArrayList<>();
        while (true) {
            long line = r.line();
            BatchLines lines = new BatchLines();
            lines.start(line);
            RowReader.Run run = r.next(1, lines);
            if (run == null) {
                return out;
            }
            out.add(new Row(new String(run.bytes(), run.offset(), run.length(), UTF_8), lines.lineOf(1)));
        }
    }

    private static String drain(RowReader r, int rows, BatchLines lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int n = 0;
        while (n < rows) {
            RowReader.Run run = r.next(rows - n, lines);
            out.write(run.bytes(), run.offset(), run.length());
            n += run.rows();
        }
        return out.toString(UTF_8);
    }

    private static RowReader reader(String input, boolean csv, int rowBytesMax, int bytesPerRead) {
        return new RowReader(new Trickle(input.getBytes(UTF_8), bytesPerRead), csv, (byte) '"', (byte) '"', rowBytesMax);
    }

    /** A channel that returns at most a few bytes per read, as a pipe may. */
    private static final class Trickle implements ReadableByteChannel {
        private final byte[] data;
        private final int perRead;
        private int at;

        Trickle(byte[] data, int perRead) {
            this.data = data;
            this.perRead = perRead;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (at == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(perRead, dst.remaining()), data.length - at);
            dst.put(data, at, n);
            at += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {}
    }
}
