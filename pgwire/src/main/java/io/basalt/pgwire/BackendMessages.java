package io.basalt.pgwire;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.List;

/**
 * Encoders for the messages the server sends, each appended to a buffer as
 * {@code byte type, int32 length, body}. Strings the protocol NUL-terminates have any NUL
 * removed first: a NUL inside an error message would otherwise desynchronise the client.
 */
final class BackendMessages {
    static final int AUTH_OK = 0;
    static final int AUTH_CLEARTEXT_PASSWORD = 3;

    private BackendMessages() {
    }

    static void authentication(ByteBuf out, int kind) {
        int at = begin(out, 'R');
        out.writeInt(kind);
        end(out, at);
    }

    static void parameterStatus(ByteBuf out, String name, String value) {
        int at = begin(out, 'S');
        cstring(out, name);
        cstring(out, value);
        end(out, at);
    }

    static void backendKeyData(ByteBuf out, int pid, int secret) {
        int at = begin(out, 'K');
        out.writeInt(pid);
        out.writeInt(secret);
        end(out, at);
    }

    static void readyForQuery(ByteBuf out, char status) {
        int at = begin(out, 'Z');
        out.writeByte(status);
        end(out, at);
    }

    /** Tells a client asking for protocol 3.x (x > 0) or {@code _pq_} options what 3.0 offers. */
    static void negotiateProtocolVersion(ByteBuf out, int minorSupported, List<String> unrecognised) {
        int at = begin(out, 'v');
        out.writeInt(minorSupported);
        out.writeInt(unrecognised.size());
        unrecognised.forEach(o -> cstring(out, o));
        end(out, at);
    }

    static void rowDescription(ByteBuf out, List<Column> columns, short[] formats) {
        int at = begin(out, 'T');
        out.writeShort(columns.size());
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            SqlType t = c.type();
            cstring(out, c.name());
            out.writeInt(c.tableOid());
            out.writeShort(c.columnNumber());
            out.writeInt(t.oid());
            out.writeShort(t.kind().binaryLength());
            out.writeInt(t.typmod());
            out.writeShort(formats.length == 0 ? 0 : formats[i]);
        }
        end(out, at);
    }

    /** A DataRow of already encoded values; null is SQL NULL. */
    static void dataRow(ByteBuf out, byte[][] values) {
        int at = begin(out, 'D');
        out.writeShort(values.length);
        for (byte[] v : values) {
            if (v == null) {
                out.writeInt(-1);
            } else {
                out.writeInt(v.length);
                out.writeBytes(v);
            }
        }
        end(out, at);
    }

    /** CopyInResponse ('G') or CopyOutResponse ('H'): text format overall and for each of {@code columns}. */
    static void copyResponse(ByteBuf out, char type, int columns) {
        int at = begin(out, type);
        out.writeByte(0);
        out.writeShort(columns);
        for (int i = 0; i < columns; i++) {
            out.writeShort(0);
        }
        end(out, at);
    }

    static void copyData(ByteBuf out, byte[] data) {
        int at = begin(out, 'd');
        out.writeBytes(data);
        end(out, at);
    }

    static void parameterDescription(ByteBuf out, List<SqlType> types) {
        int at = begin(out, 't');
        out.writeShort(types.size());
        types.forEach(t -> out.writeInt(t.oid()));
        end(out, at);
    }

    static void commandComplete(ByteBuf out, String tag) {
        int at = begin(out, 'C');
        cstring(out, tag);
        end(out, at);
    }

    /** A message with an empty body: '1' ParseComplete, '2' BindComplete, '3' CloseComplete, 'n' NoData, 'I' EmptyQueryResponse, 's' PortalSuspended, 'c' CopyDone. */
    static void empty(ByteBuf out, char type) {
        int at = begin(out, type);
        end(out, at);
    }

    /** ErrorResponse with severity ERROR or FATAL and every field the exception carries. */
    static void error(ByteBuf out, String severity, SqlException e) {
        int at = begin(out, 'E');
        field(out, 'S', severity);
        field(out, 'V', severity);
        field(out, 'C', e.sqlState());
        field(out, 'M', e.getMessage() == null ? "" : e.getMessage());
        if (e.detail() != null) {
            field(out, 'D', e.detail());
        }
        if (e.hint() != null) {
            field(out, 'H', e.hint());
        }
        if (e.position() > 0) {
            field(out, 'P', Integer.toString(e.position()));
        }
        if (e.context() != null) {
            field(out, 'W', e.context());
        }
        out.writeByte(0);
        end(out, at);
    }

    static void notice(ByteBuf out, String severity, String sqlState, String message) {
        int at = begin(out, 'N');
        field(out, 'S', severity);
        field(out, 'V', severity);
        field(out, 'C', sqlState);
        field(out, 'M', message == null ? "" : message);
        out.writeByte(0);
        end(out, at);
    }

    private static void field(ByteBuf out, char code, String value) {
        out.writeByte(code);
        cstring(out, value);
    }

    private static int begin(ByteBuf out, char type) {
        out.writeByte(type);
        int at = out.writerIndex();
        out.writeInt(0);
        return at;
    }

    private static void end(ByteBuf out, int lengthAt) {
        out.setInt(lengthAt, out.writerIndex() - lengthAt);
    }

    private static void cstring(ByteBuf out, String s) {
        String text = s == null ? "" : s;
        ByteBufUtil.writeUtf8(out, text.indexOf('\0') >= 0 ? text.replace("\0", "") : text);
        out.writeByte(0);
    }
}
