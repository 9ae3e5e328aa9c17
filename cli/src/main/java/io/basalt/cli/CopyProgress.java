package io.basalt.cli;

import io.basalt.cli.load.Progress;
import io.basalt.cli.load.Progress.Mode;
import io.basalt.server.backup.ByteProgress;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress of copying or checking a backup's files, on standard error: on a terminal a bar
 * redrawn in place at most five times a second ({@code verifying [#####.....] 48% 12.0/25.0
 * MiB 80.1 MiB/s}); elsewhere (a log, a pipe, a test) a line at each phase's start and end and
 * every few seconds between, since carriage returns there are noise. It draws on the copying
 * thread, when told of progress, so it needs no thread of its own. Like {@code basalt import}'s
 * progress ({@link Progress}, whose modes and terminal test it shares), it is hand-drawn rather
 * than me.tongfei progressbar, which looks at standard output instead of standard error to
 * decide whether it draws on a terminal.
 */
final class CopyProgress implements ByteProgress {
    private static final long BAR_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final long LINES_EVERY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final int BAR_WIDTH = 20;

    private final Mode mode;
    private final PrintStream out;
    private final String what;
    private final LongSupplier nanoClock;
    private String phase;
    private long total;
    private long done;
    private long phaseStart;
    private long lastDraw;
    private int drawnWidth;

    CopyProgress(Mode mode, PrintStream out, String what, LongSupplier nanoClock) {
        this.mode = mode;
        this.out = out;
        this.what = what;
        this.nanoClock = nanoClock;
    }

    /** On standard error, drawn as {@code flag} (auto, bar, lines or none) says. */
    static CopyProgress auto(String what, String flag) {
        return new CopyProgress(Mode.parse(flag), System.err, what, System::nanoTime);
    }

    @Override
    public void phase(String name, long totalBytes) {
        finishPhase();
        phase = name;
        total = totalBytes;
        done = 0;
        phaseStart = nanoClock.getAsLong();
        lastDraw = phaseStart - BAR_EVERY_NANOS;
        if (mode == Mode.LINES) {
            out.println(what + ": " + name + " " + mib(totalBytes) + " MiB");
        }
    }

    @Override
    public void advanced(long bytes) {
        done += bytes;
        if (mode == Mode.NONE) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastDraw < (mode == Mode.BAR ? BAR_EVERY_NANOS : LINES_EVERY_NANOS)) {
            return;
        }
        lastDraw = now;
        if (mode == Mode.BAR) {
            String text = bar(now);
            out.print('\r' + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
            drawnWidth = text.length();
            out.flush();
        } else {
            out.println(what + ": " + phase + " " + percent() + "% of " + mib(total) + " MiB, " + rate(now) + " MiB/s");
        }
    }

    /** Ends the last phase's bar or prints its closing line; call before a summary or an error. */
    void finish() {
        finishPhase();
        phase = null;
    }

    private void finishPhase() {
        if (phase == null || mode == Mode.NONE) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (mode == Mode.BAR) {
            String text = bar(now);
            out.println('\r' + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
            drawnWidth = 0;
        } else {
            out.println(what + ": " + phase + " done, " + mib(done) + " MiB at " + rate(now) + " MiB/s");
        }
        out.flush();
    }

    String bar(long now) {
        int filled = total <= 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, BAR_WIDTH * done / total);
        return String.format(Locale.ROOT, "%s: %-9s [%s%s] %3d%%  %s/%s MiB  %s MiB/s", what, phase,
            "#".repeat(filled), ".".repeat(BAR_WIDTH - filled), percent(), mib(done), mib(total), rate(now));
    }

    private int percent() {
        return total <= 0 ? 100 : (int) Math.min(100, 100 * done / total);
    }

    private String rate(long now) {
        long elapsed = now - phaseStart;
        return elapsed <= 0 ? "-" : String.format(Locale.ROOT, "%.1f", done / (double) (1 << 20) * 1e9 / elapsed);
    }

    static String mib(long bytes) {
        return Progress.mib(bytes, false);
    }
}
