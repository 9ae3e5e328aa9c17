package io.basalt.pgwire;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Notice;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.api.TxStatus;
import io.basalt.sql.types.BinaryCodec;
import io.basalt.sql.types.TextCodec;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Writes a session's responses into its {@link Outbound}: results as RowDescription, DataRow
 * and CommandComplete, and the ErrorResponse, NoticeResponse, ParameterStatus and
 * ReadyForQuery around them. Values are encoded with the engine's codecs; text values use the
 * session's current TimeZone, read again for each result because SET may change it.
 */
final class ResultWriter {
    /** Result formats meaning "text for every column". */
    static final short[] ALL_TEXT = new short[0];
    static final short TEXT = 0;
    static final short BINARY = 1;

    private final Outbound out;
    private final SqlSession session;
    private String zoneName;
    private ZoneId zone = ZoneOffset.UTC;

    ResultWriter(Outbound out, SqlSession session) {
        this.out = out;
        this.session = session;
    }

    /** A simple-query result: every row, in text. */
    void simpleResult(Result r) {
        notices(r);
        if (r.commandTag() == null) {
            BackendMessages.empty(out.buffer(), 'I');
        } else {
            if (r.returnsRows()) {
                BackendMessages.rowDescription(out.buffer(), r.columns(), ALL_TEXT);
                rows(r, 0, r.rows().size(), ALL_TEXT);
            }
            BackendMessages.commandComplete(out.buffer(), r.commandTag());
        }
        parameterChanges(r);
    }

    /** DataRows for rows {@code from} (inclusive) to {@code to} (exclusive) of {@code r}. */
    void rows(Result r, int from, int to, short[] formats) {
        ZoneId z = zone();
        List<Column> columns = r.columns();
        for (int i = from; i < to; i++) {
            BackendMessages.dataRow(out.buffer(), encode(r.rows().get(i), columns, formats, z));
            out.messageAppended();
        }
    }

    void rowDescription(List<Column> columns, short[] formats) {
        if (columns == null) {
            BackendMessages.empty(out.buffer(), 'n');
        } else {
            BackendMessages.rowDescription(out.buffer(), columns, formats);
        }
    }

    void notices(Result r) {
        for (Notice n : r.notices()) {
            BackendMessages.notice(out.buffer(), n.severity(), n.sqlState(), n.message());
        }
    }

    void parameterChanges(Result r) {
        for (Map.Entry<String, String> e : r.parameterChanges().entrySet()) {
            BackendMessages.parameterStatus(out.buffer(), e.getKey(), e.getValue());
        }
    }

    void commandComplete(String tag) {
        if (tag == null) {
            BackendMessages.empty(out.buffer(), 'I');
        } else {
            BackendMessages.commandComplete(out.buffer(), tag);
        }
    }

    void error(SqlException e) {
        BackendMessages.error(out.buffer(), "ERROR", e);
    }

    void readyForQuery(TxStatus status) {
        BackendMessages.readyForQuery(out.buffer(), status.code());
    }

    /** Format 1 for a column the client asked for in binary and the codec can encode, else 0. */
    static short effectiveFormat(Column c, short requested) {
        return requested == BINARY && BinaryCodec.supports(c.type().kind()) ? BINARY : TEXT;
    }

    private byte[][] encode(Object[] row, List<Column> columns, short[] formats, ZoneId z) {
        if (row.length != columns.size()) {
            throw new IllegalStateException("a row of " + row.length + " values for " + columns.size() + " columns");
        }
        byte[][] values = new byte[row.length][];
        for (int i = 0; i < row.length; i++) {
            Object v = row[i];
            if (v == null) {
                continue;
            }
            var type = columns.get(i).type();
            values[i] = formats.length > 0 && formats[i] == BINARY
                ? BinaryCodec.encode(v, type)
                : TextCodec.format(v, type, z).getBytes(StandardCharsets.UTF_8);
        }
        return values;
    }

    /** The session's TimeZone; UTC when it is unset or not a zone Java knows. */
    ZoneId zone() {
        String name = session.setting("TimeZone");
        if (name == null) {
            return ZoneOffset.UTC;
        }
        if (!name.equals(zoneName)) {
            zoneName = name;
            try {
                zone = ZoneId.of(name);
            } catch (DateTimeException e) {
                zone = ZoneOffset.UTC;
            }
        }
        return zone;
    }
}
