package io.basalt.sql.plan;

import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlanContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;

/**
 * A database for planner tests: hand-built tables in a {@link MemoryCatalog}, rows in a
 * {@link MemoryTableStore}, and statements run the way the session runs them (parse, plan
 * against the catalog, execute). Results can be read as PostgreSQL's text output.
 */
final class Db {
    final MemoryCatalog catalog = new MemoryCatalog();
    final MemoryTableStore store = new MemoryTableStore();
    private final Map<String, Long> sequences = new HashMap<>();
    final StatementPlanner planner = new StatementPlanner(store,
            (ctx, seq) -> sequences.merge(seq, 1L, Long::sum));
    ZoneId zone = ZoneOffset.UTC;
    Instant now = Instant.parse("2024-05-06T07:08:09.123456Z");
    private int nextTableId = 100;

    Db table(TestTable t) {
        catalog.add(t.build(nextTableId++));
        return this;
    }

    static Statement parse(String sql) {
        try {
            return CCJSqlParserUtil.newParser(sql).Statement();
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot parse: " + sql, e);
        }
    }

    PlannedStatement prepare(String sql, SqlType... given) {
        return planner.plan(new PlanContext(catalog, Arrays.asList(given), sql), parse(sql));
    }

    Result execute(PlannedStatement p, Object... params) {
        ExecContext ctx = new ExecContext(() -> (KvTxn) null, catalog, Arrays.asList(params), zone, now, () -> false);
        var before = store.snapshot();
        try {
            return p.execute(ctx);
        } catch (RuntimeException e) {
            // A failed statement leaves nothing behind, as the session's savepoint makes it.
            store.restore(before);
            throw e;
        }
    }

    Result run(String sql, Object... params) {
        return execute(prepare(sql), params);
    }

    /** The rows of {@code sql} in PostgreSQL's text format (null stays null). */
    List<List<String>> text(String sql, Object... params) {
        Result r = run(sql, params);
        List<List<String>> out = new ArrayList<>();
        for (Object[] row : r.rows()) {
            List<String> line = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                line.add(TextCodec.format(row[i], r.columns().get(i).type(), zone));
            }
            out.add(line);
        }
        return out;
    }

    /** The rows as one string: columns joined by '|', rows by ';' (as psql -A -F'|' prints them, joined). */
    String flat(String sql, Object... params) {
        List<String> lines = new ArrayList<>();
        for (List<String> row : text(sql, params)) {
            lines.add(String.join("|", row.stream().map(v -> v == null ? "" : v).toList()));
        }
        return String.join(";", lines);
    }

    /** Header and rows as {@code psql -A -F'|'} prints them, lines joined by ';' (null is empty). */
    String psql(String sql, Object... params) {
        Result r = run(sql, params);
        List<String> lines = new ArrayList<>();
        lines.add(String.join("|", r.columns().stream().map(c -> c.name()).toList()));
        for (Object[] row : r.rows()) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                String v = TextCodec.format(row[i], r.columns().get(i).type(), zone);
                cells.add(v == null ? "" : v);
            }
            lines.add(String.join("|", cells));
        }
        return String.join(";", lines);
    }

    /** The single value of a one-row, one-column query, as text. */
    String value(String sql, Object... params) {
        List<List<String>> rows = text(sql, params);
        if (rows.size() != 1 || rows.get(0).size() != 1) {
            throw new AssertionError("expected one value from " + sql + " but got " + rows);
        }
        return rows.get(0).get(0);
    }

    SqlException error(String sql, Object... params) {
        try {
            run(sql, params);
        } catch (SqlException e) {
            return e;
        }
        throw new AssertionError("expected an error from " + sql);
    }

    List<String> explain(String sql) {
        return run("EXPLAIN " + sql).rows().stream().map(r -> (String) r[0]).toList();
    }
}
