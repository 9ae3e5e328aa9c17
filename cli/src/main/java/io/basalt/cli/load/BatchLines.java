package io.basalt.cli.load;

import java.util.Arrays;

/**
 * The file line on which each row of one batch starts. The server numbers the rows of a COPY
 * from 1 ("line N"); a CSV row with quoted newlines spans several lines of the file, so only
 * those rows are recorded, and a row's line is its batch's first line plus the rows and inner
 * lines before it.
 */
final class BatchLines {
    private long firstLine;
    private int rows;
    private long innerLines;
    /** For each row with inner newlines: its index in the batch (from 0) and the inner lines up to and including it. */
    private int[] markRow = new int[16];
    private long[] markInnerLines = new long[16];
    private int marks;

    /** Starts a new batch whose first row begins on {@code line} of the file. */
    void start(long line) {
        firstLine = line;
        rows = 0;
        innerLines = 0;
        marks = 0;
    }

    /** One more row, spanning {@code 1 + innerNewlines} lines. */
    void row(int innerNewlines) {
        if (innerNewlines > 0) {
            innerLines += innerNewlines;
            if (marks == markRow.length) {
                markRow = Arrays.copyOf(markRow, marks * 2);
                markInnerLines = Arrays.copyOf(markInnerLines, marks * 2);
            }
            markRow[marks] = rows;
            markInnerLines[marks] = innerLines;
            marks++;
        }
        rows++;
    }

    int rows() {
        return rows;
    }

    long firstLine() {
        return firstLine;
    }

    /** The line on which row {@code n} (from 1, as the server counts) of the batch starts. */
    long lineOf(long n) {
        if (n < 1 || n > rows) {
            throw new IllegalArgumentException("row " + n + " is not in this batch of " + rows);
        }
        // The inner lines of the rows before row n: the last mark at an index below n - 1.
        int lo = 0;
        int hi = marks;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (markRow[mid] < n - 1) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return firstLine + (n - 1) + (lo == 0 ? 0 : markInnerLines[lo - 1]);
    }

    /** The line on which the batch's last row starts (its first line when it is empty). */
    long lastRowLine() {
        return rows == 0 ? firstLine : lineOf(rows);
    }
}
