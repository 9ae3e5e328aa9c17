package io.basalt.bench.sql;

import io.basalt.bench.LatencyRecorder;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A closed-loop SQL load through pgjdbc, the same against PostgreSQL and Basalt (bench/sql.sh
 * runs it against both). Each of {@code --clients} threads has its own connection (autocommit
 * on, pgjdbc's default prepareThreshold, so the statement becomes a named server-side one after
 * its fifth execution) and runs one prepared statement at a time on a uniformly random id:
 * {@code SELECT v FROM bench_kv WHERE id = ?} or {@code UPDATE bench_kv SET v = v + 1 WHERE id = ?}.
 *
 * <p>A statement counts if it began after the warm-up; its latency runs from its first attempt
 * to its success: a serialization failure (40001) or deadlock (40P01) is retried at once and
 * counted by SQLSTATE. Other failures count as errors by SQLSTATE ({@code no-row} when the row
 * was missing); a broken connection is replaced. The run stops by itself after the window.
 * Client i connects to the i-th {@code --url} (round robin when there are fewer URLs than clients).
 * Prints one raw {@code sql ...} line (and a {@code load ...} line with {@code --load}).
 */
public final class SqlBench {
    /** Load threads still busy this long after the window are abandoned and the run fails. */
    private static final long STRAGGLER_S_MAX = 30;
    /** Retries of 40001/40P01 stop this long after the window: the run must end even if they keep failing. */
    private static final long RETRY_AFTER_END_S_MAX = 10;
    private static final long RECONNECT_PAUSE_MS = 100;

    private SqlBench() {}

    public static void main(String[] args) throws Exception {
        SqlBenchOptions o = SqlBenchOptions.parse(args);
        if (o.load()) {
            try (Connection c = connect(o, 0)) {
                emit(BenchTable.load(c, o.rows(), o.loadBatch()) + " label=" + o.label());
            }
            if (o.loadOnly()) {
                return;
            }
        }
        System.exit(run(o));
    }

    private static int run(SqlBenchOptions o) throws InterruptedException {
        List<SqlTally> tallies = new ArrayList<>();
        List<Connection> connections = new ArrayList<>();
        try {
            // Every connection is open before the clock starts: connecting is not the load.
            for (int i = 0; i < o.clients(); i++) {
                connections.add(connect(o, i));
                tallies.add(new SqlTally());
            }
        } catch (SQLException e) {
            System.err.println("cannot open " + o.clients() + " connections to " + o.urls() + ": " + e);
            return 1;
        }
        long start = System.nanoTime();
        long measureFrom = start + TimeUnit.SECONDS.toNanos(o.warmupS());
        long end = measureFrom + TimeUnit.SECONDS.toNanos(o.durationS());
        CountDownLatch done = new CountDownLatch(o.clients());
        for (int i = 0; i < o.clients(); i++) {
            SqlTally tally = tallies.get(i);
            Connection c = connections.get(i);
            int client = i;
            Thread t = new Thread(() -> {
                try {
                    loop(o, client, c, tally, measureFrom, end);
                } finally {
                    done.countDown();
                }
            }, "sql-" + o.op() + "-" + i);
            t.setDaemon(true);
            t.start();
        }
        boolean finished = done.await(o.warmupS() + o.durationS() + RETRY_AFTER_END_S_MAX + STRAGGLER_S_MAX,
            TimeUnit.SECONDS);
        if (!finished) {
            // The threads' tallies are still being written: report nothing rather than a torn figure.
            emit(String.format(Locale.ROOT, "sql label=%s op=%s clients=%d broken=threads-still-busy-%ds-after-the-window",
                o.label(), o.op(), o.clients(), RETRY_AFTER_END_S_MAX + STRAGGLER_S_MAX));
            return 1;
        }
        emit(line(o, tallies));
        tallies.forEach(t -> t.errorSamples.forEach((kind, message) ->
            System.err.println(o.label() + " " + o.op() + ": first error of kind " + kind + ": " + message)));
        return 0;
    }

    private static void loop(SqlBenchOptions o, int client, Connection first, SqlTally tally, long measureFrom,
                             long end) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        long giveUpAt = end + TimeUnit.SECONDS.toNanos(RETRY_AFTER_END_S_MAX);
        Connection c = first;
        PreparedStatement ps = null;
        long now = System.nanoTime();
        while (now - end < 0) {
            long t0 = now;
            tally.counting = t0 - measureFrom >= 0;
            try {
                if (c == null) {
                    c = connect(o, client);
                }
                if (ps == null) {
                    ps = c.prepareStatement(BenchTable.statement(o.op()));
                }
                boolean found = once(ps, o.op(), 1 + rnd.nextInt(o.rows()), tally, giveUpAt);
                now = System.nanoTime();
                if (!found) {
                    tally.error("no-row", "no row for the id drawn: was the table loaded with --rows " + o.rows() + "?");
                } else if (tally.counting) {
                    tally.ops++;
                    tally.latencies.record(now - t0);
                }
            } catch (SQLException e) {
                String state = stateOf(e);
                tally.error(state, e.getMessage());
                if (state.startsWith("08") || closed(c)) {
                    closeQuietly(c);
                    c = null;
                    ps = null;
                    sleepQuietly(RECONNECT_PAUSE_MS);
                }
                now = System.nanoTime();
            }
        }
        closeQuietly(c);
    }

    /** Runs the statement once on {@code id}, retrying 40001/40P01; false if the row was not there. */
    private static boolean once(PreparedStatement ps, String op, int id, SqlTally tally, long giveUpAt)
        throws SQLException {
        while (true) {
            try {
                ps.setInt(1, id);
                if (op.equals("update")) {
                    return ps.executeUpdate() == 1;
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return false;
                    }
                    rs.getLong(1);
                    return true;
                }
            } catch (SQLException e) {
                String state = stateOf(e);
                if (!retryable(state) || System.nanoTime() - giveUpAt > 0) {
                    throw e;
                }
                tally.retry(state);
            }
        }
    }

    static boolean retryable(String sqlState) {
        return sqlState.equals("40001") || sqlState.equals("40P01");
    }

    /** The SQLSTATE of {@code e} or of the first chained exception that has one; "none" otherwise. */
    static String stateOf(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            if (x.getSQLState() != null) {
                return x.getSQLState();
            }
        }
        return "none";
    }

    /** A connection for load thread {@code client}, to its URL. */
    private static Connection connect(SqlBenchOptions o, int client) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", o.user());
        p.setProperty("ApplicationName", "SqlBench");
        p.setProperty("connectTimeout", "10");
        p.setProperty("loginTimeout", "10");
        p.setProperty("socketTimeout", Integer.toString(o.socketTimeoutS()));
        Connection c = DriverManager.getConnection(o.urls().get(client % o.urls().size()), p);
        c.setAutoCommit(true);
        return c;
    }

    private static String line(SqlBenchOptions o, List<SqlTally> tallies) {
        long ops = 0;
        Map<String, Long> retries = new TreeMap<>();
        Map<String, Long> errors = new TreeMap<>();
        List<LatencyRecorder> lat = new ArrayList<>();
        for (SqlTally t : tallies) {
            ops += t.ops;
            t.retries.forEach((k, v) -> retries.merge(k, v, Long::sum));
            t.errors.forEach((k, v) -> errors.merge(k, v, Long::sum));
            lat.add(t.latencies);
        }
        long[] sorted = LatencyRecorder.merge(lat);
        return String.format(Locale.ROOT, "sql label=%s op=%s clients=%d seconds=%d ops=%d ops_per_s=%.1f"
                + " p50_ms=%.3f p99_ms=%.3f max_ms=%.3f retries=%s errors=%s",
            o.label(), o.op(), o.clients(), o.durationS(), ops, ops / (double) o.durationS(),
            LatencyRecorder.quantileMs(sorted, 0.50), LatencyRecorder.quantileMs(sorted, 0.99),
            LatencyRecorder.quantileMs(sorted, 1.0), counts(retries), counts(errors));
    }

    private static String counts(Map<String, Long> m) {
        return m.isEmpty() ? "-" : m.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
            .collect(Collectors.joining(","));
    }

    private static boolean closed(Connection c) {
        try {
            return c == null || c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (SQLException ignored) {
            // The server side ends with the socket.
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void emit(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
