package io.basalt.sql.copy;

import io.basalt.sql.api.SqlException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts COPY FROM input into rows of fields, as PostgreSQL 15's text and CSV formats define
 * them, from pieces cut anywhere (in the middle of a row, an escape or a UTF-8 character).
 * Feed it pieces with {@link #feed}, take the rows it can complete with {@link #next} until it
 * returns null, and say {@link #endOfInput} at the end; the last row may lack its newline.
 *
 * <p>Text: fields split at the delimiter; backslash escapes {@code \b \f \n \r \t \v},
 * {@code \NNN} (octal), {@code \xNN} (hex), and any other character stands for itself
 * (the delimiter, a backslash, a newline); a field whose raw text is the NULL string is NULL.
 * CSV: fields may be quoted, inside quotes the escape character before a quote or an escape
 * is that character, and only an unquoted field equal to the NULL string is NULL. In both, a
 * row ends at an unescaped, unquoted newline (a carriage return before it is dropped), and
 * a line {@code \.} ends the data: what follows it is ignored.
 *
 * <p>Errors are PostgreSQL's: 22P04 for a malformed row, 22021 for bytes that are not UTF-8,
 * 54000 for a row over {@link #ROW_BYTES_MAX}. {@link #line} and {@link #rowText} describe
 * the row last returned, for the CONTEXT of an error about it.
 */
public final class CopyReader {
    /** The longest row accepted; one row is all the reader holds beyond the latest piece. */
    public static final int ROW_BYTES_MAX = 16 << 20;
    /** How much of a row or value an error's CONTEXT shows, as PostgreSQL's MAX_COPY_DATA_DISPLAY. */
    static final int DISPLAY_BYTES_MAX = 100;
    private static final int BUFFER_BYTES_INITIAL = 8192;

    private final CopyOptions options;
    private final byte[] nullBytes;
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] buf = new byte[BUFFER_BYTES_INITIAL];
    /** Unread input is {@code buf[start, end)}. */
    private int start;
    private int end;
    /** {@code buf[start, scan)} was searched for the row's end without finding it. */
    private int scan;
    /** CSV: the search stopped inside quotes. */
    private boolean inQuote;
    private boolean inputEnded;
    /** The end marker was read, or the input ended and every row was returned. */
    private boolean finished;
    private long line;
    /** The row last returned is {@code buf[rowStart, rowEnd)}, valid until the next {@link #feed}. */
    private int rowStart;
    private int rowEnd;
    private byte[] field = new byte[256];
    private int fieldLength;

    public CopyReader(CopyOptions options) {
        this.options = options;
        this.nullBytes = options.nullString().getBytes(StandardCharsets.UTF_8);
    }

    /** Appends a piece of input. Ignored after the end marker. */
    public void feed(byte[] piece) {
        if (finished || piece.length == 0) {
            return;
        }
        if (end + piece.length > buf.length) {
            int unread = end - start;
            byte[] into = unread + piece.length > buf.length
                ? new byte[Math.max(buf.length * 2, unread + piece.length)] : buf;
            System.arraycopy(buf, start, into, 0, unread);
            scan -= start;
            rowStart = rowEnd = 0;
            start = 0;
            end = unread;
            buf = into;
        }
        System.arraycopy(piece, 0, buf, end, piece.length);
        end += piece.length;
    }

    /** No more input will come. */
    public void endOfInput() {
        inputEnded = true;
    }

    /** True once the end marker was read, or the input ended and its last row was returned. */
    public boolean finished() {
        return finished;
    }

    /** The number of the row last returned, 1 for the first line of the input (a header counts). */
    public long line() {
        return line;
    }

    /** The row last returned as it was written, shortened for an error's CONTEXT. */
    public String rowText() {
        int to = rowEnd;
        while (to > rowStart && (buf[to - 1] == '\n' || buf[to - 1] == '\r')) {
            to--;
        }
        return display(Arrays.copyOfRange(buf, rowStart, to));
    }

    /**
     * The fields of the next complete row (null entries are SQL NULL), or null when the input
     * so far holds no complete row, or none is left ({@link #finished}).
     */
    public String[] next() {
        while (!finished) {
            int eol = findRowEnd();
            if (eol < 0) {
                if (end - start > ROW_BYTES_MAX) {
                    throw new SqlException("54000", "COPY row is longer than " + ROW_BYTES_MAX + " bytes");
                }
                if (!inputEnded) {
                    return null;
                }
                if (inQuote) {
                    line++;
                    rowStart = start;
                    rowEnd = end;
                    throw new SqlException("22P04", "unterminated CSV quoted field");
                }
                if (start == end) {
                    finished = true;
                    return null;
                }
                eol = end;
            }
            rowStart = start;
            rowEnd = eol < end ? eol + 1 : eol;
            start = rowEnd;
            scan = start;
            line++;
            String[] row = options.csv() ? csvRow(rowStart, eol) : textRow(rowStart, eol);
            if (row != null) {
                return row;
            }
        }
        return null;
    }

    /** The index of the newline ending the row at {@code start}, or -1 if the input so far has none. */
    private int findRowEnd() {
        int i = scan;
        byte quote = options.quote();
        byte escape = options.escape();
        boolean csv = options.csv();
        while (i < end) {
            byte b = buf[i];
            if (csv) {
                if (inQuote) {
                    if (b == escape && escape != quote) {
                        if (i + 1 >= end) {
                            break;
                        }
                        i += buf[i + 1] == quote || buf[i + 1] == escape ? 2 : 1;
                        continue;
                    }
                    if (b == quote) {
                        inQuote = false;
                    }
                } else if (b == quote) {
                    inQuote = true;
                } else if (b == '\n') {
                    scan = i;
                    return i;
                }
                i++;
            } else if (b == '\\') {
                if (i + 1 >= end) {
                    break;
                }
                i += 2;
            } else if (b == '\n') {
                scan = i;
                return i;
            } else {
                i++;
            }
        }
        scan = i;
        return -1;
    }

    /** The fields of the text row {@code buf[from, to)} (no newline), or null for the end marker. */
    private String[] textRow(int from, int to) {
        List<String> fields = new ArrayList<>();
        byte delimiter = options.delimiter();
        int rawStart = from;
        fieldLength = 0;
        int i = from;
        while (true) {
            if (i >= to || buf[i] == delimiter || (buf[i] == '\r' && i == to - 1)) {
                fields.add(textField(rawStart, i));
                if (i >= to || buf[i] == '\r') {
                    break;
                }
                i++;
                rawStart = i;
                fieldLength = 0;
                continue;
            }
            byte b = buf[i];
            if (b == '\r') {
                throw new SqlException("22P04", "literal carriage return found in data", null,
                    "Use \"\\r\" to represent carriage return.", 0, null);
            }
            if (b != '\\' || i + 1 >= to) {
                append(b);
                i++;
                continue;
            }
            byte c = buf[i + 1];
            i += 2;
            switch (c) {
                case 'b' -> append((byte) '\b');
                case 'f' -> append((byte) '\f');
                case 'n' -> append((byte) '\n');
                case 'r' -> append((byte) '\r');
                case 't' -> append((byte) '\t');
                case 'v' -> append((byte) 0x0B);
                case 'x' -> {
                    int v = 0;
                    int digits = 0;
                    while (digits < 2 && i < to && Character.digit(buf[i], 16) >= 0) {
                        v = v * 16 + Character.digit(buf[i++], 16);
                        digits++;
                    }
                    append(digits == 0 ? (byte) 'x' : (byte) v);
                }
                case '.' -> {
                    if (i == to || (i == to - 1 && buf[i] == '\r')) {
                        // The end marker; what came before it on its line is a last row.
                        finished = true;
                        if (fields.isEmpty() && i - 2 == rawStart) {
                            return null;
                        }
                        fields.add(textField(rawStart, i - 2));
                        return fields.toArray(String[]::new);
                    }
                    throw new SqlException("22P04", "end-of-copy marker corrupt");
                }
                default -> {
                    if (c >= '0' && c <= '7') {
                        int v = c - '0';
                        for (int k = 0; k < 2 && i < to && buf[i] >= '0' && buf[i] <= '7'; k++) {
                            v = v * 8 + (buf[i++] - '0');
                        }
                        append((byte) v);
                    } else {
                        append(c);
                    }
                }
            }
        }
        return fields.toArray(String[]::new);
    }

    private String textField(int rawStart, int rawEnd) {
        if (rawEnd - rawStart == nullBytes.length && Arrays.equals(buf, rawStart, rawEnd, nullBytes, 0, nullBytes.length)) {
            return null;
        }
        return decode(field, 0, fieldLength);
    }

    /** The fields of the CSV row {@code buf[from, to)} (no newline), or null for the end marker. */
    private String[] csvRow(int from, int to) {
        int contentEnd = to > from && buf[to - 1] == '\r' ? to - 1 : to;
        if (contentEnd - from == 2 && buf[from] == '\\' && buf[from + 1] == '.') {
            finished = true;
            return null;
        }
        List<String> fields = new ArrayList<>();
        byte delimiter = options.delimiter();
        byte quote = options.quote();
        byte escape = options.escape();
        int i = from;
        while (true) {
            int rawStart = i;
            fieldLength = 0;
            boolean quoted = false;
            boolean sawQuote = false;
            while (i < contentEnd) {
                byte b = buf[i];
                if (quoted) {
                    if (b == escape && i + 1 < contentEnd && (buf[i + 1] == quote || buf[i + 1] == escape)) {
                        append(buf[i + 1]);
                        i += 2;
                        continue;
                    }
                    if (b == quote) {
                        quoted = false;
                    } else {
                        append(b);
                    }
                } else if (b == delimiter) {
                    break;
                } else if (b == quote) {
                    quoted = true;
                    sawQuote = true;
                } else if (b == '\r') {
                    throw new SqlException("22P04", "unquoted carriage return found in data", null,
                        "Use quoted CSV field to represent carriage return.", 0, null);
                } else {
                    append(b);
                }
                i++;
            }
            if (quoted) {
                throw new SqlException("22P04", "unterminated CSV quoted field");
            }
            boolean isNull = !sawQuote && i - rawStart == nullBytes.length
                && Arrays.equals(buf, rawStart, i, nullBytes, 0, nullBytes.length);
            fields.add(isNull ? null : decode(field, 0, fieldLength));
            if (i >= contentEnd) {
                return fields.toArray(String[]::new);
            }
            i++;
        }
    }

    private void append(byte b) {
        if (fieldLength == field.length) {
            field = Arrays.copyOf(field, field.length * 2);
        }
        field[fieldLength++] = b;
    }

    private String decode(byte[] bytes, int from, int length) {
        for (int k = from; k < from + length; k++) {
            if (bytes[k] == 0) {
                throw new SqlException("22021", "invalid byte sequence for encoding \"UTF8\": 0x00");
            }
        }
        try {
            return utf8.decode(ByteBuffer.wrap(bytes, from, length)).toString();
        } catch (CharacterCodingException e) {
            throw new SqlException("22021", "invalid byte sequence for encoding \"UTF8\": " + firstBadBytes(bytes, from, length));
        }
    }

    /** The bytes of the first invalid UTF-8 sequence, as PostgreSQL names them (0xc3 0x28). */
    private static String firstBadBytes(byte[] bytes, int from, int length) {
        int i = from;
        int to = from + length;
        while (i < to) {
            int b = bytes[i] & 0xFF;
            int n = b < 0x80 ? 1 : b >= 0xF0 && b < 0xF8 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b < 0xE0 ? 2 : 0;
            boolean ok = n > 0 && i + n <= to;
            for (int k = 1; ok && k < n; k++) {
                ok = (bytes[i + k] & 0xC0) == 0x80;
            }
            if (!ok) {
                StringBuilder s = new StringBuilder();
                for (int k = i; k < Math.min(to, i + Math.max(n, 1)); k++) {
                    s.append(s.isEmpty() ? "" : " ").append(String.format("0x%02x", bytes[k] & 0xFF));
                }
                return s.toString();
            }
            i += n;
        }
        return "";
    }

    /** {@code text}'s first {@link #DISPLAY_BYTES_MAX} bytes (whole characters), with "..." if it was longer. */
    public static String display(String text) {
        return display(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String display(byte[] bytes) {
        if (bytes.length <= DISPLAY_BYTES_MAX) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        int cut = DISPLAY_BYTES_MAX;
        while (cut > 0 && (bytes[cut] & 0xC0) == 0x80) {
            cut--;
        }
        return new String(bytes, 0, cut, StandardCharsets.UTF_8) + "...";
    }
}
