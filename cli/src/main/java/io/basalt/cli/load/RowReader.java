package io.basalt.cli.load;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SeekableByteChannel;
import java.util.Arrays;

/**
 * Reads COPY input from a stream and hands it out as runs of complete rows, never a part of
 * one, so a batch can end after any row and the end-of-data line {@code \.} is never sent.
 * It holds one buffer: the bytes read and not yet handed out, which is at most one
 * incomplete row besides the latest read. It counts the file's lines as it goes.
 *
 * <p>It can go back to the start of a batch ({@link #mark}, {@link #rewind}) to send the batch
 * again after the server aborted it: in a file by seeking back; from a pipe by keeping a copy
 * of the batch's bytes, up to {@link #REPLAY_BYTES_MAX} (a larger batch from a pipe cannot be
 * sent again).
 */
public final class RowReader {
    /** How much one read asks for, and the buffer's first size. */
    static final int READ_BYTES = 256 << 10;
    /** The most of a batch from a pipe kept to send it again. */
    static final int REPLAY_BYTES_MAX = 64 << 20;

    /** A run of complete rows: {@code bytes[offset, offset + length)}, valid until the next call. */
    record Run(byte[] bytes, int offset, int length, int rows) {}

    /** Input the server would refuse anyway, found before it is sent: a row longer than the server accepts. */
    public static final class BadInputException extends IOException {
        private final long line;

        BadInputException(long line, String message) {
            super(message);
            this.line = line;
        }

        /** The line of the file on which the offending row starts. */
        public long line() {
            return line;
        }
    }

    /** Where the reader was at {@link #mark}: a row's start. */
    private record Mark(long position, long line) {}

    private final ReadableByteChannel in;
    private final RowSplitter splitter;
    private final int rowBytesMax;
    private byte[] buf = new byte[READ_BYTES];
    /** Bytes read and not handed out are {@code buf[start, end)}; {@code buf[start, scan)} is scanned. */
    private int start;
    private int end;
    private int scan;
    private boolean inputEnded;
    private boolean finished;
    private long bytesRead;
    /** The line of the file on which the next row starts. */
    private long line = 1;
    private long endMarkerLine;
    private Mark mark;
    /** Input that cannot seek: the bytes handed out since the mark, or null once they passed {@link #replayBytesMax}. */
    private ByteArrayOutputStream replay;
    private final int replayBytesMax;

    /**
     * @param in the input; a {@link SeekableByteChannel} (a file) can be rewound
     * @param quote and {@code escape} matter for CSV only
     * @param rowBytesMax the longest row accepted: the server's limit, so that a quote left
     *     open does not read the rest of a large file into memory as one row
     */
    public RowReader(ReadableByteChannel in, boolean csv, byte quote, byte escape, int rowBytesMax) {
        this(in, csv, quote, escape, rowBytesMax, REPLAY_BYTES_MAX);
    }

    RowReader(ReadableByteChannel in, boolean csv, byte quote, byte escape, int rowBytesMax, int replayBytesMax) {
        this.in = in;
        this.splitter = new RowSplitter(csv, quote, escape);
        this.rowBytesMax = rowBytesMax;
        this.replayBytesMax = replayBytesMax;
    }

    /** Bytes read from the input so far (they run ahead of the rows handed out by at most one buffer). */
    public long bytesRead() {
        return bytesRead;
    }

    /** Bytes of the input handed out or read past: where the next row starts. */
    long consumed() {
        return bytesRead - (end - start);
    }

    /** Whether {@link #rewind} can go back to the last {@link #mark}. */
    boolean rewindable() {
        return mark != null && (in instanceof SeekableByteChannel || replay != null);
    }

    /** Remembers where the next row starts. */
    void mark() {
        mark = new Mark(consumed(), line);
        if (!(in instanceof SeekableByteChannel)) {
            replay = new ByteArrayOutputStream();
        }
    }

    /** Goes back to the last {@link #mark}: the rows after it will be handed out again. */
    void rewind() throws IOException {
        if (!rewindable()) {
            throw new IllegalStateException("this input cannot go back to its mark");
        }
        if (in instanceof SeekableByteChannel seekable) {
            seekable.position(mark.position());
            bytesRead = mark.position();
            start = end = scan = 0;
            inputEnded = false;
        } else {
            // What was handed out since the mark, then what was read after it.
            byte[] again = replay.toByteArray();
            byte[] joined = new byte[Math.max(READ_BYTES, again.length + end - start)];
            System.arraycopy(again, 0, joined, 0, again.length);
            System.arraycopy(buf, start, joined, again.length, end - start);
            end = again.length + end - start;
            start = scan = 0;
            buf = joined;
            replay.reset();
        }
        line = mark.line();
        finished = false;
        endMarkerLine = 0;
        // A mark is at a row's start, outside quotes, with no newline of the row counted yet.
        splitter.reset();
    }

    /** The line of the file on which the next row starts. */
    long line() {
        return line;
    }

    /** The line of the end-of-data marker {@code \.} that ended the input, or 0 if the stream ended. */
    public long endMarkerLine() {
        return endMarkerLine;
    }

    /**
     * The next run of up to {@code rowsMax} complete rows, reading more input when none is
     * buffered; null at the end of the input. Each row is recorded in {@code lines}, if given.
     */
    Run next(int rowsMax, BatchLines lines) throws IOException {
        while (!finished) {
            int runStart = start;
            int rows = 0;
            while (rows < rowsMax) {
                int rowEnd = splitter.rowEnd(buf, scan, end);
                if (rowEnd < 0) {
                    scan = splitter.resumeAt();
                    break;
                }
                if (isEndMarker(start, rowEnd)) {
                    finished = true;
                    endMarkerLine = line;
                    break;
                }
                take(rowEnd, lines);
                rows++;
            }
            if (rows > 0) {
                return keep(new Run(buf, runStart, start - runStart, rows));
            }
            if (finished) {
                return null;
            }
            if (inputEnded) {
                finished = true;
                if (start == end) {
                    return null;
                }
                // The last row, without a newline after it.
                if (isEndMarker(start, end)) {
                    endMarkerLine = line;
                    return null;
                }
                take(end, lines);
                return keep(new Run(buf, runStart, end - runStart, 1));
            }
            fill();
        }
        return null;
    }

    /** Reads past {@code rows} rows without handing them out; returns how many there were. */
    long skip(long rows) throws IOException {
        long skipped = 0;
        while (skipped < rows) {
            Run run = next((int) Math.min(rows - skipped, Integer.MAX_VALUE), null);
            if (run == null) {
                break;
            }
            skipped += run.rows();
        }
        return skipped;
    }

    /** A copy of the run, to hand it out again after a rewind, while the batch is small enough. */
    private Run keep(Run run) {
        if (replay != null) {
            if (replay.size() + run.length() > replayBytesMax) {
                replay = null;
            } else {
                replay.write(run.bytes(), run.offset(), run.length());
            }
        }
        return run;
    }

    private void take(int rowEnd, BatchLines lines) {
        int inner = splitter.takeInnerNewlines();
        line += 1 + inner;
        if (lines != null) {
            lines.row(inner);
        }
        start = rowEnd;
        scan = rowEnd;
    }

    /** {@code buf[from, to)} is the line {@code \.} (its newline, and a carriage return before it, aside). */
    private boolean isEndMarker(int from, int to) {
        if (to > from && buf[to - 1] == '\n') {
            to--;
        }
        if (to > from && buf[to - 1] == '\r') {
            to--;
        }
        return to - from == 2 && buf[from] == '\\' && buf[from + 1] == '.';
    }

    /** Moves the unread bytes to the front, grows the buffer if one row fills it, and reads more. */
    private void fill() throws IOException {
        if (end - start > rowBytesMax) {
            throw new BadInputException(line, "the row that starts here is longer than " + rowBytesMax + " bytes"
                + (splitter.inQuote() ? " (a quoted field that is never closed?)" : ""));
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            scan -= start;
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(ByteBuffer.wrap(buf, end, Math.min(buf.length - end, READ_BYTES)));
        if (n < 0) {
            inputEnded = true;
        } else {
            end += n;
            bytesRead += n;
        }
    }
}
