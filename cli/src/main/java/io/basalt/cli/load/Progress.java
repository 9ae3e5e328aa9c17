package io.basalt.cli.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The progress of a load on standard error: on a terminal a bar redrawn in place at most five
 * times a second (bytes read of the file's size, percent, rows, rows/s, ETA); elsewhere (a
 * log file, a pipe, CI) a plain line every few seconds, since carriage returns there are
 * noise. It draws only when the loader reports, on the loader's thread, so it needs no lock
 * and no thread of its own; while a batch commits the bar waits with it.
 *
 * <p>DESIGN.md names me.tongfei progressbar for long-running CLI work; it is not used here
 * because it asks JLine whether standard output (not standard error) is a terminal, redraws
 * with carriage returns even when it is not, and counts one quantity where this shows bytes
 * and committed rows side by side (docs/decisions.md).
 */
public final class Progress {
    public enum Mode {
        BAR, LINES, NONE;

        /** A bar when standard error is a terminal, lines when it is not. */
        public static Mode auto() {
            return stderrIsTerminal() ? BAR : LINES;
        }

        public static Mode parse(String s) {
            return switch (s.toLowerCase(Locale.ROOT)) {
                case "auto" -> auto();
                case "bar" -> BAR;
                case "lines" -> LINES;
                case "none" -> NONE;
                default -> throw new IllegalArgumentException("--progress must be auto, bar, lines or none, not '" + s + "'");
            };
        }
    }

    /** At most five redraws of the bar a second. */
    static final long BAR_EVERY_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int BAR_WIDTH = 20;

    private final Mode mode;
    private final PrintStream out;
    private final String what;
    private final long totalBytes;
    private final long everyNanos;
    private final LongSupplier nanoClock;
    private final long startNanos;
    private String rowsLabel = "committed";
    private long skippedBytes;
    private long lastDrawNanos;
    private int drawnWidth;

    /**
     * @param what names the load in a plain line, e.g. "import t"
     * @param totalBytes the size of the input, or -1 if unknown (standard input): no percent, no ETA
     * @param linesEveryNanos how often a plain line is printed
     */
    public Progress(Mode mode, PrintStream out, String what, long totalBytes, long linesEveryNanos, LongSupplier nanoClock) {
        this.mode = mode;
        this.out = out;
        this.what = what;
        this.totalBytes = totalBytes;
        this.everyNanos = mode == Mode.BAR ? BAR_EVERY_NANOS : linesEveryNanos;
        this.nanoClock = nanoClock;
        this.startNanos = nanoClock.getAsLong();
        // The bar appears at the first report; the first plain line only after an interval.
        this.lastDrawNanos = mode == Mode.BAR ? startNanos - everyNanos : startNanos;
    }

    /** What the row count means: "committed" per batch, or "sent" inside one transaction. */
    public void rowsLabel(String label) {
        rowsLabel = label;
    }

    public long elapsedNanos() {
        return nanoClock.getAsLong() - startNanos;
    }

    /** The bytes of the input read past before the load started (the header, {@code --skip-rows}). */
    public void skipped(long bytes) {
        skippedBytes = bytes;
    }

    /**
     * The loader has read {@code bytesRead} bytes, and {@code bytesDone} of them are rows
     * committed (or sent, in one transaction), {@code rows} rows; draws if it is time. The
     * percent is of the bytes read; the ETA is from the pace of the rows done, which a batch's
     * commit holds back while the reading runs ahead.
     */
    public void update(long bytesRead, long bytesDone, long rows) {
        if (mode == Mode.NONE) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (now - lastDrawNanos < everyNanos) {
            return;
        }
        lastDrawNanos = now;
        long elapsed = now - startNanos;
        if (mode == Mode.BAR) {
            String text = bar(bytesRead, bytesDone, rows, elapsed);
            out.print('\r' + text + " ".repeat(Math.max(0, drawnWidth - text.length())));
            drawnWidth = text.length();
            out.flush();
        } else {
            out.println(line(bytesRead, bytesDone, rows, elapsed));
        }
    }

    /** A line of its own (a retried batch), above the bar. */
    public void note(String text) {
        if (mode == Mode.NONE) {
            return;
        }
        clear();
        out.println(what + ": " + text);
        // Draw the bar again at the next report.
        lastDrawNanos = nanoClock.getAsLong() - everyNanos;
    }

    /** Erases the bar, before a summary or an error is printed. */
    public void clear() {
        if (drawnWidth > 0) {
            out.print('\r' + " ".repeat(drawnWidth) + '\r');
            out.flush();
            drawnWidth = 0;
        }
    }

    /** {@code [#######.............]  35%  12.0/34.3 MiB  120k rows committed  9.8k rows/s  ETA 0:15}. */
    String bar(long bytes, long bytesDone, long rows, long elapsedNanos) {
        StringBuilder sb = new StringBuilder();
        if (totalBytes > 0) {
            int filled = (int) Math.min(BAR_WIDTH, BAR_WIDTH * bytes / totalBytes);
            sb.append('[').append("#".repeat(filled)).append(".".repeat(BAR_WIDTH - filled)).append("] ")
                .append(String.format(Locale.ROOT, "%3d%%  ", percent(bytes))).append(mib(bytes, false)).append('/')
                .append(mib(totalBytes, true));
        } else {
            sb.append(mib(bytes, true)).append(" read");
        }
        sb.append("  ").append(count(rows)).append(" rows ").append(rowsLabel)
            .append("  ").append(count(rate(rows, elapsedNanos))).append(" rows/s");
        long eta = etaSeconds(bytesDone, elapsedNanos);
        if (eta >= 0) {
            sb.append("  ETA ").append(clock(eta));
        }
        return sb.toString();
    }

    /** {@code import t: 35% of 34.3 MiB read, 120000 rows committed, 9800 rows/s, ETA 0:15}. */
    String line(long bytes, long bytesDone, long rows, long elapsedNanos) {
        StringBuilder sb = new StringBuilder(what).append(": ");
        if (totalBytes > 0) {
            sb.append(percent(bytes)).append("% of ").append(mib(totalBytes, true)).append(" read");
        } else {
            sb.append(mib(bytes, true)).append(" read");
        }
        sb.append(", ").append(rows).append(" rows ").append(rowsLabel).append(", ")
            .append(rate(rows, elapsedNanos)).append(" rows/s");
        long eta = etaSeconds(bytesDone, elapsedNanos);
        if (eta >= 0) {
            sb.append(", ETA ").append(clock(eta));
        }
        return sb.toString();
    }

    private int percent(long bytes) {
        return (int) Math.min(100, 100 * bytes / totalBytes);
    }

    /** The time left at the pace of the bytes done so far, or -1 when there is no telling yet. */
    private long etaSeconds(long bytesDone, long elapsedNanos) {
        long done = bytesDone - skippedBytes;
        if (totalBytes <= 0 || done <= 0 || elapsedNanos <= 0) {
            return -1;
        }
        double left = (double) elapsedNanos * Math.max(0, totalBytes - bytesDone) / done;
        return (long) Math.ceil(left / 1e9);
    }

    static long rate(long count, long elapsedNanos) {
        return elapsedNanos <= 0 ? 0 : (long) (count * 1e9 / elapsedNanos);
    }

    /** 999, 12.3k, 4.56M. */
    static String count(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1e3);
        }
        return String.format(Locale.ROOT, "%.2fM", n / 1e6);
    }

    /** Mebibytes with one decimal, with or without the unit. */
    public static String mib(long bytes, boolean unit) {
        return String.format(Locale.ROOT, "%.1f", bytes / (double) (1 << 20)) + (unit ? " MiB" : "");
    }

    /** 0:07, 1:23, 1:02:03. */
    static String clock(long seconds) {
        long h = seconds / 3600;
        long m = seconds / 60 % 60;
        long s = seconds % 60;
        return h > 0 ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, s) : String.format(Locale.ROOT, "%d:%02d", m, s);
    }

    /**
     * Whether file descriptor 2 is a terminal: on Linux, what {@code /proc/self/fd/2} points at
     * (the JDK has no isatty for standard error); elsewhere, whether the JVM has a console.
     */
    static boolean stderrIsTerminal() {
        if ("dumb".equals(System.getenv("TERM"))) {
            return false;
        }
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }
}
