package io.basalt.bench.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * The table {@link SqlBench} reads and updates: {@code bench_kv(id int primary key, v bigint
 * not null)} with ids 1..rows and v = 0, written the same way into every server measured, so
 * that they all start from the same rows.
 */
final class BenchTable {
    static final String NAME = "bench_kv";
    static final String SELECT = "SELECT v FROM bench_kv WHERE id = ?";
    static final String UPDATE = "UPDATE bench_kv SET v = v + 1 WHERE id = ?";
    /** Attempts of one insert batch that loses a conflict (40001) or a deadlock (40P01). */
    private static final int BATCH_ATTEMPTS_MAX = 5;

    private BenchTable() {}

    static String statement(String op) {
        return op.equals("update") ? UPDATE : SELECT;
    }

    /** The statement's text as the server receives it: pgjdbc sends {@code ?} as {@code $1}. */
    static String serverText(String op) {
        return statement(op).replace("?", "$1");
    }

    /**
     * Drops and creates the table, inserts {@code rows} rows in transactions of {@code batch}
     * rows (a prepared INSERT sent as a JDBC batch), then checks the row count. Returns a raw
     * result line.
     */
    static String load(Connection c, int rows, int batch) throws SQLException {
        long t0 = System.nanoTime();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + NAME);
            s.execute("CREATE TABLE " + NAME + " (id int PRIMARY KEY, v bigint NOT NULL)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + NAME + " (id, v) VALUES (?, ?)")) {
            for (int from = 1; from <= rows; from += batch) {
                insertBatch(c, ins, from, Math.min(rows, from + batch - 1));
            }
        }
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            // Planner statistics for PostgreSQL (Basalt accepts ANALYZE and ignores it).
            s.execute("ANALYZE " + NAME);
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + NAME)) {
                rs.next();
                long n = rs.getLong(1);
                if (n != rows) {
                    throw new IllegalStateException(NAME + " has " + n + " rows after loading " + rows);
                }
            }
        }
        double s = (System.nanoTime() - t0) / 1e9;
        return String.format(Locale.ROOT, "load rows=%d batch=%d seconds=%.1f rows_per_s=%.0f", rows, batch, s,
            rows / s);
    }

    private static void insertBatch(Connection c, PreparedStatement ins, int first, int last) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                for (int id = first; id <= last; id++) {
                    ins.setInt(1, id);
                    ins.setLong(2, 0);
                    ins.addBatch();
                }
                ins.executeBatch();
                c.commit();
                return;
            } catch (SQLException e) {
                ins.clearBatch();
                c.rollback();
                if (attempt >= BATCH_ATTEMPTS_MAX || !SqlBench.retryable(SqlBench.stateOf(e))) {
                    throw e;
                }
            }
        }
    }
}
