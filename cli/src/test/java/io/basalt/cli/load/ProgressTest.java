package io.basalt.cli.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a user watching the load sees, on a terminal and in a log, driven by a fake clock. */
class ProgressTest {
    private static final long MIB = 1 << 20;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(captured, true, StandardCharsets.UTF_8);
    private long now = 1_000_000_000L;

    private String printed() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static long ms(long n) {
        return TimeUnit.MILLISECONDS.toNanos(n);
    }

    @Test
    void theBarIsRedrawnInPlaceAtMostFiveTimesASecond() {
        Progress p = new Progress(Progress.Mode.BAR, out, "import t", 100 * MIB, ms(5_000), () -> now);
        for (int i = 1; i <= 100; i++) {
            now += ms(10);
            p.update(i * MIB / 2, i * MIB / 4, i * 1_000L);
        }
        String shown = printed();
        // One second of reports every 10 ms: the first draws at once (10 ms), then one per 200 ms.
        assertThat(shown.chars().filter(c -> c == '\r').count()).isEqualTo(5);
        assertThat(shown).doesNotContain("\n");
        // The last drawn at 810 ms: 20.25 MiB done in 0.81 s leaves 79.75 MiB, 3.2 s.
        String last = shown.substring(shown.lastIndexOf('\r') + 1).strip();
        assertThat(last).isEqualTo("[########............]  40%  40.5/100.0 MiB  81.0k rows committed  100.0k rows/s"
            + "  ETA 0:04");
        p.clear();
        assertThat(printed()).endsWith("\r");
    }

    @Test
    void theEtaFollowsTheRowsDoneNotTheReadingAhead() {
        Progress p = new Progress(Progress.Mode.LINES, out, "import t", 100 * MIB, ms(1_000), () -> now);
        now += ms(10_000);
        // 10 s for the first 25 MiB done: 30 s for the other 75, though 50 MiB are read already.
        p.update(50 * MIB, 25 * MIB, 250_000);
        assertThat(printed()).isEqualTo("import t: 50% of 100.0 MiB read, 250000 rows committed, 25000 rows/s, ETA 0:30"
            + System.lineSeparator());
    }

    @Test
    void aLogGetsAPlainLineEveryIntervalAndNoCarriageReturns() {
        Progress p = new Progress(Progress.Mode.LINES, out, "import t", 10 * MIB, ms(5_000), () -> now);
        for (int i = 1; i <= 120; i++) {
            now += ms(100);
            p.update(i * MIB / 12, i * MIB / 12, i * 100L);
        }
        // Twelve seconds of reports: a line at 5 s and at 10 s.
        assertThat(printed().lines().toList()).hasSize(2).allSatisfy(l -> assertThat(l).startsWith("import t: ")
            .contains("% of 10.0 MiB read, ", " rows committed, ", " rows/s, ETA "));
        assertThat(printed()).doesNotContain("\r");
    }

    @Test
    void standardInputHasNoPercentAndNoEta() {
        Progress p = new Progress(Progress.Mode.LINES, out, "import t", -1, ms(1_000), () -> now);
        p.rowsLabel("sent");
        now += ms(2_000);
        p.update(3 * MIB, 2 * MIB, 4_000);
        assertThat(printed().strip()).isEqualTo("import t: 3.0 MiB read, 4000 rows sent, 2000 rows/s");
    }

    @Test
    void aNoteGoesAboveTheBarAndNothingIsPrintedWithoutProgress() {
        Progress p = new Progress(Progress.Mode.BAR, out, "import t", 10 * MIB, ms(5_000), () -> now);
        p.update(MIB, 0, 0);
        p.note("the batch of data rows 1-10 was aborted");
        assertThat(printed()).contains("\rimport t: the batch of data rows 1-10 was aborted\n");
        Progress none = new Progress(Progress.Mode.NONE, out, "import t", 10 * MIB, ms(0), () -> now);
        int before = printed().length();
        none.update(MIB, MIB, 10);
        none.note("x");
        assertThat(printed()).hasSize(before);
    }

    @Test
    void numbersAreShortOnTheBar() {
        assertThat(Progress.count(999)).isEqualTo("999");
        assertThat(Progress.count(12_345)).isEqualTo("12.3k");
        assertThat(Progress.count(4_560_000)).isEqualTo("4.56M");
        assertThat(Progress.clock(7)).isEqualTo("0:07");
        assertThat(Progress.clock(3_723)).isEqualTo("1:02:03");
    }
}
