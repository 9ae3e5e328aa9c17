package io.basalt.sql.session;

import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.CopyClient;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.catalog.ColumnDef;
import io.basalt.sql.catalog.TableDef;
import io.basalt.sql.copy.CopyOptions;
import io.basalt.sql.copy.CopyReader;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlanContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs one COPY ... FROM STDIN inside the statement's transaction: pulls the client's bytes as
 * they come, cuts them into rows with a {@link CopyReader}, reads each field with its column's
 * input function, and inserts the rows {@link #BATCH_ROWS} at a time through a planned
 * {@code INSERT ... OVERRIDING SYSTEM VALUE VALUES ($1, ...), ...}, so defaults, sequences,
 * the hidden row id and every constraint behave as for INSERT (and, as in PostgreSQL, an
 * identity column takes the value given). An error leaves the statement's writes to the
 * session, which rolls them back.
 */
final class CopyIn {
    /** Rows per INSERT step: few enough to bound the parameters, enough to amortise planning. */
    static final int BATCH_ROWS = 250;

    private final Backend backend;
    private final Catalog catalog;
    private final KvTxn kv;
    private final ZoneId zone;
    private final Instant transactionTime;
    private final Supplier<Boolean> cancelled;
    private final CopyClient client;
    private TableDef table;
    private List<ColumnDef> columns;
    private PlannedStatement fullBatch;

    CopyIn(Backend backend, Catalog catalog, KvTxn kv, ZoneId zone, Instant transactionTime, Supplier<Boolean> cancelled,
           CopyClient client) {
        this.backend = backend;
        this.catalog = catalog;
        this.kv = kv;
        this.zone = zone;
        this.transactionTime = transactionTime;
        this.cancelled = cancelled;
        this.client = client;
    }

    Result run(Command.Copy c) {
        table = table(catalog, c.schema(), c.table());
        columns = columns(table, c.columns());
        CopyOptions options = c.options();
        CopyReader reader = new CopyReader(options);
        List<Object> batch = new ArrayList<>(BATCH_ROWS * columns.size());
        boolean header = options.header() != CopyOptions.Header.NONE;
        long rows = 0;
        client.beginCopyIn(columns.size());
        while (true) {
            byte[] piece = client.read();
            if (piece == null) {
                reader.endOfInput();
            } else {
                reader.feed(piece);
            }
            String[] fields;
            while ((fields = next(reader)) != null) {
                if (header) {
                    header = false;
                    if (options.header() == CopyOptions.Header.MATCH) {
                        matchHeader(reader, fields);
                    }
                    continue;
                }
                convert(reader, fields, batch);
                if (batch.size() == BATCH_ROWS * columns.size()) {
                    insert(batch);
                    rows += BATCH_ROWS;
                    batch.clear();
                }
            }
            if (piece == null) {
                break;
            }
        }
        if (!batch.isEmpty()) {
            rows += batch.size() / columns.size();
            insert(batch);
        }
        return Result.command("COPY " + rows);
    }

    /** The table COPY names; like a query's, only {@code public} holds tables. */
    static TableDef table(Catalog catalog, String schema, String name) {
        TableDef t = schema == null || schema.equals("public") ? catalog.table(name) : null;
        if (t == null) {
            throw new SqlException("42P01", "relation \"" + (schema == null ? name : schema + "." + name)
                + "\" does not exist");
        }
        return t;
    }

    private static List<ColumnDef> columns(TableDef t, List<String> names) {
        if (names.isEmpty()) {
            return t.visibleColumns();
        }
        List<ColumnDef> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String n : names) {
            ColumnDef c = t.column(n);
            if (c == null) {
                throw new SqlException("42703", "column \"" + n + "\" of relation \"" + t.name() + "\" does not exist");
            }
            if (!seen.add(n)) {
                throw new SqlException("42701", "column \"" + n + "\" specified more than once");
            }
            out.add(c);
        }
        return out;
    }

    private String[] next(CopyReader reader) {
        try {
            return reader.next();
        } catch (SqlException e) {
            throw e.withContext(lineContext(reader));
        }
    }

    private String lineContext(CopyReader reader) {
        return "COPY " + table.name() + ", line " + reader.line() + ": \"" + reader.rowText() + "\"";
    }

    /** Appends the row's values, each read by its column's input function, to {@code batch}. */
    private void convert(CopyReader reader, String[] fields, List<Object> batch) {
        if (fields.length > columns.size()) {
            throw new SqlException("22P04", "extra data after last expected column").withContext(lineContext(reader));
        }
        if (fields.length < columns.size()) {
            throw new SqlException("22P04", "missing data for column \"" + columns.get(fields.length).name() + "\"")
                .withContext(lineContext(reader));
        }
        for (int i = 0; i < fields.length; i++) {
            ColumnDef c = columns.get(i);
            try {
                batch.add(TextCodec.parse(fields[i], c.type(), zone));
            } catch (SqlException e) {
                throw e.withContext("COPY " + table.name() + ", line " + reader.line() + ", column " + c.name() + ": \""
                    + CopyReader.display(fields[i]) + "\"");
            }
        }
    }

    /** HEADER MATCH: the header line names the columns, in order. */
    private void matchHeader(CopyReader reader, String[] names) {
        if (names.length != columns.size()) {
            throw new SqlException("22P04", "wrong number of fields in header line: got " + names.length
                + ", expected " + columns.size()).withContext(lineContext(reader));
        }
        for (int i = 0; i < names.length; i++) {
            String expected = columns.get(i).name();
            if (names[i] == null || !names[i].equals(expected)) {
                String got = names[i] == null ? "null value (\"" + reader.rowText() + "\")" : "\"" + names[i] + "\"";
                throw new SqlException("22P04", "column name mismatch in header line field " + (i + 1) + ": got "
                    + got + ", expected \"" + expected + "\"").withContext(lineContext(reader));
            }
        }
    }

    private void insert(List<Object> values) {
        int rows = values.size() / columns.size();
        PlannedStatement insert;
        if (rows == BATCH_ROWS) {
            if (fullBatch == null) {
                fullBatch = plan(rows);
            }
            insert = fullBatch;
        } else {
            insert = plan(rows);
        }
        insert.execute(new ExecContext(() -> kv, catalog, new ArrayList<>(values), zone, transactionTime, cancelled));
    }

    private PlannedStatement plan(int rows) {
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(quote(table.name())).append(" (");
        List<SqlType> types = new ArrayList<>(rows * columns.size());
        for (int i = 0; i < columns.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(quote(columns.get(i).name()));
        }
        sql.append(") OVERRIDING SYSTEM VALUE VALUES ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int i = 0; i < columns.size(); i++) {
                sql.append(i == 0 ? "$" : ", $").append(types.size() + 1);
                types.add(columns.get(i).type());
            }
            sql.append(')');
        }
        String text = sql.toString();
        if (!(CommandParser.parse(text) instanceof Command.Parsed parsed)) {
            throw new IllegalStateException("COPY's INSERT did not parse as a statement: " + text);
        }
        return backend.plan(new PlanContext(catalog, types, text), parsed.statement());
    }

    static String quote(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
