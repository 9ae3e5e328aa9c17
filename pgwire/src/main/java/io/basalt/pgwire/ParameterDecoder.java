package io.basalt.pgwire;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.BinaryCodec;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Bind's format-code rules and value decoding. A format list has 0 entries (all text), 1 (it
 * applies to every value) or one per value; anything else is 08P01, as in PostgreSQL. Errors
 * here are ordinary ERRORs: the message was well formed, its content was not acceptable.
 */
final class ParameterDecoder {
    private ParameterDecoder() {
    }

    static List<Object> decode(Prepared p, String statementName, FrontendMessage.Bind m, ZoneId zone) {
        byte[][] values = m.paramValues();
        short[] formats = m.paramFormats();
        if (formats.length > 1 && formats.length != values.length) {
            throw new SqlException(SqlStates.PROTOCOL_VIOLATION, "bind message has " + formats.length
                + " parameter formats but " + values.length + " parameters");
        }
        List<SqlType> types = p.paramTypes();
        if (values.length != types.size()) {
            throw new SqlException(SqlStates.PROTOCOL_VIOLATION, "bind message supplies " + values.length
                + " parameters, but prepared statement \"" + statementName + "\" requires " + types.size());
        }
        List<Object> decoded = new ArrayList<>(values.length);
        for (int i = 0; i < values.length; i++) {
            short format = formats.length == 0 ? ResultWriter.TEXT : formats[formats.length == 1 ? 0 : i];
            decoded.add(values[i] == null ? null : value(values[i], format, types.get(i), i + 1, zone));
        }
        return decoded;
    }

    /** The effective per-column result formats for a portal over {@code columns}. */
    static short[] resultFormats(List<Column> columns, short[] requested) {
        int n = columns == null ? 0 : columns.size();
        if (requested.length > 1 && requested.length != n) {
            throw new SqlException(SqlStates.PROTOCOL_VIOLATION, "bind message has " + requested.length
                + " result formats but query has " + n + " columns");
        }
        for (short f : requested) {
            checkFormat(f);
        }
        if (n == 0 || requested.length == 0) {
            return ResultWriter.ALL_TEXT;
        }
        short[] formats = new short[n];
        for (int i = 0; i < n; i++) {
            formats[i] = ResultWriter.effectiveFormat(columns.get(i), requested[requested.length == 1 ? 0 : i]);
        }
        return formats;
    }

    private static Object value(byte[] bytes, short format, SqlType type, int index, ZoneId zone) {
        checkFormat(format);
        if (format == ResultWriter.TEXT) {
            String text = utf8(bytes, index);
            try {
                return TextCodec.parse(text, type, zone);
            } catch (SqlException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new SqlException(SqlStates.INVALID_TEXT_REPRESENTATION,
                    "invalid input syntax for type " + type.sqlName() + ": \"" + text + "\"");
            }
        }
        if (!BinaryCodec.supports(type.kind())) {
            throw new SqlException(SqlStates.UNDEFINED_FUNCTION,
                "no binary input function available for type " + type.sqlName());
        }
        try {
            return BinaryCodec.decode(bytes, type);
        } catch (SqlException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new SqlException(SqlStates.INVALID_BINARY_REPRESENTATION,
                "incorrect binary data format in bind parameter " + index);
        }
    }

    private static void checkFormat(short format) {
        if (format != ResultWriter.TEXT && format != ResultWriter.BINARY) {
            throw new SqlException(SqlStates.INVALID_PARAMETER_VALUE, "unsupported format code: " + format);
        }
    }

    private static String utf8(byte[] bytes, int index) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SqlException(SqlStates.CHARACTER_NOT_IN_REPERTOIRE,
                "invalid byte sequence for encoding \"UTF8\" in bind parameter " + index);
        }
    }
}
