package io.basalt.cli.load;

/**
 * Finds where each row of COPY FROM input ends without parsing its fields, by the rules of
 * the server's {@code io.basalt.sql.copy.CopyReader}, so that a batch always ends where the
 * server's row ends and the line numbers it reports can be mapped back to the file.
 *
 * <p>Text: a backslash escapes the byte after it (an escaped newline belongs to the row), so
 * any other newline ends the row. CSV: a newline inside quotes belongs to the row; inside
 * quotes an escape character (when it is not the quote) before a quote or an escape stands
 * for that character. The splitter remembers whether it is inside quotes across calls; a row
 * is scanned only once however its bytes arrive.
 */
final class RowSplitter {
    private final boolean csv;
    private final byte quote;
    private final byte escape;
    private boolean inQuote;
    /** Newlines inside the row being scanned: the lines it spans beyond its first. */
    private int innerNewlines;
    /** Where the last {@link #rowEnd} call stopped without finding a row's end. */
    private int resumeAt;

    RowSplitter(boolean csv, byte quote, byte escape) {
        this.csv = csv;
        this.quote = quote;
        this.escape = escape;
    }

    /**
     * The index just past the newline that ends the row being scanned, searching
     * {@code buf[from, to)}, or -1 if it does not end there; {@link #resumeAt} then says where
     * to search again once more bytes follow (before an escape whose meaning depends on the
     * byte after it).
     */
    int rowEnd(byte[] buf, int from, int to) {
        int i = from;
        while (i < to) {
            byte b = buf[i];
            if (csv) {
                if (inQuote) {
                    if (b == escape && escape != quote) {
                        if (i + 1 >= to) {
                            break;
                        }
                        i += buf[i + 1] == quote || buf[i + 1] == escape ? 2 : 1;
                        continue;
                    }
                    if (b == quote) {
                        inQuote = false;
                    } else if (b == '\n') {
                        innerNewlines++;
                    }
                } else if (b == quote) {
                    inQuote = true;
                } else if (b == '\n') {
                    return i + 1;
                }
                i++;
            } else if (b == '\\') {
                if (i + 1 >= to) {
                    break;
                }
                if (buf[i + 1] == '\n') {
                    innerNewlines++;
                }
                i += 2;
            } else if (b == '\n') {
                return i + 1;
            } else {
                i++;
            }
        }
        resumeAt = i;
        return -1;
    }

    int resumeAt() {
        return resumeAt;
    }

    /** The newlines inside the row that just ended (or the input's last row), and starts counting the next. */
    int takeInnerNewlines() {
        int n = innerNewlines;
        innerNewlines = 0;
        return n;
    }

    /** Back to the start of a row, as after a newline that ends one. */
    void reset() {
        inQuote = false;
        innerNewlines = 0;
    }

    /** The input ended inside a quoted field (the server rejects that row: unterminated CSV quoted field). */
    boolean inQuote() {
        return inQuote;
    }
}
