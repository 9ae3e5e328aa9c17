package io.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** What backup and restore show while they copy: a bar on a terminal, plain lines elsewhere. */
class CopyProgressTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private final AtomicLong now = new AtomicLong();

    @Test
    void aTerminalSeesABarRedrawnInPlaceWithPercentSizeAndRate() {
        CopyProgress p = new CopyProgress(io.basalt.cli.load.Progress.Mode.BAR, out, "restore", now::get);
        p.phase("copying", 4L << 20);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        p.advanced(2L << 20);
        String drawn = text();
        assertThat(drawn).startsWith("\r").contains("restore: copying   [##########..........]  50%  2.0/4.0 MiB"
            + "  2.0 MiB/s");
        assertThat(drawn).doesNotContain("\n");
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
        p.advanced(1L << 20);
        assertThat(text()).as("at most five redraws a second").isEqualTo(drawn);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        p.advanced(1L << 20);
        p.finish();
        assertThat(text()).contains("[####################] 100%  4.0/4.0 MiB").endsWith("\n");
    }

    @Test
    void elsewhereEachPhaseGetsAStartAndADoneLine() {
        CopyProgress p = new CopyProgress(io.basalt.cli.load.Progress.Mode.LINES, out, "backup", now::get);
        p.phase("verifying", 1L << 20);
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        p.advanced(1L << 20);
        p.phase("copying", 1L << 20);
        p.advanced(1L << 20);
        p.finish();
        assertThat(text().lines().toList()).containsExactly("backup: verifying 1.0 MiB",
            "backup: verifying done, 1.0 MiB at 1.0 MiB/s", "backup: copying 1.0 MiB", "backup: copying done, 1.0 MiB"
                + " at - MiB/s");
        assertThat(text()).doesNotContain("\r");
    }

    private String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
