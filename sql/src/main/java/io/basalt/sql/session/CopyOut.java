package io.basalt.sql.session;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.CopyClient;
import io.basalt.sql.api.Result;
import io.basalt.sql.copy.CopyOptions;
import io.basalt.sql.copy.CopyWriter;
import io.basalt.sql.types.TextCodec;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * COPY ... TO STDOUT: the rows of a query (a table's columns are the query
 * {@code SELECT columns FROM table}) sent to the client, one CopyData per row, each value in
 * the text form a query result has.
 */
final class CopyOut {
    private CopyOut() {
    }

    /** The query COPY {@code c} of a table stands for. */
    static String query(Command.Copy c) {
        StringBuilder sql = new StringBuilder("SELECT ");
        if (c.columns().isEmpty()) {
            sql.append('*');
        } else {
            for (int i = 0; i < c.columns().size(); i++) {
                sql.append(i == 0 ? "" : ", ").append(CopyIn.quote(c.columns().get(i)));
            }
        }
        sql.append(" FROM ");
        if (c.schema() != null) {
            sql.append(CopyIn.quote(c.schema())).append('.');
        }
        return sql.append(CopyIn.quote(c.table())).toString();
    }

    /** Sends the rows of {@code rows} to {@code client} and returns COPY's own result. */
    static Result send(Result rows, CopyOptions options, ZoneId zone, CopyClient client) {
        List<Column> columns = rows.columns();
        CopyWriter writer = new CopyWriter(options);
        client.beginCopyOut(columns.size());
        if (options.header() != CopyOptions.Header.NONE) {
            client.write(writer.header(columns.stream().map(Column::name).toList()));
        }
        String[] text = new String[columns.size()];
        for (Object[] row : rows.rows()) {
            for (int i = 0; i < text.length; i++) {
                text[i] = TextCodec.format(row[i], columns.get(i).type(), zone);
            }
            client.write(writer.row(text));
        }
        client.endCopyOut();
        return new Result(null, List.of(), "COPY " + rows.rows().size(), rows.notices(), Map.of());
    }
}
