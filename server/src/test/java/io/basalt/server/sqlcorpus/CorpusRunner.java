package io.basalt.server.sqlcorpus;

import io.basalt.server.sqlcorpus.CorpusFile.Expectation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs corpus files against one {@link CorpusTarget}. Each file gets its own connection in
 * autocommit mode; BEGIN, COMMIT and ROLLBACK in a file are sent as plain statements. A file's
 * tables are dropped before it runs and again afterwards (on a fresh connection, so an open
 * transaction cannot block the cleanup), which keeps files independent of each other.
 *
 * <p>A mismatch does not stop the file: every record runs and every failure is reported, each
 * naming file:line, the SQL, and the expected and actual results. Only a lost connection ends a
 * file early.
 */
public final class CorpusRunner {
    static final int CONNECTION_CHECK_SECONDS = 5;

    private final CorpusTarget target;

    public CorpusRunner(CorpusTarget target) {
        this.target = target;
    }

    /** What one statement produced. */
    sealed interface Outcome {
        record Rows(List<String> rows) implements Outcome {}

        record Count(long rows) implements Outcome {}

        record Error(String sqlState, String message) implements Outcome {}
    }

    /** One record whose outcome did not match. */
    public record Failure(String location, String header, String sql, String expected, String actual) {
        @Override
        public String toString() {
            return location + ": " + header + "\n" + indent(sql) + "\n  expected:\n" + indent(indent(expected))
                + "\n  actual:\n" + indent(indent(actual));
        }
    }

    /** The result of one file: counts, failures, and notes on cleanup problems. */
    public record FileResult(String file, int passed, int skipped, List<Failure> failures, List<String> notes) {
        public FileResult {
            failures = List.copyOf(failures);
            notes = List.copyOf(notes);
        }

        public boolean ok() {
            return failures.isEmpty();
        }

        public String report() {
            StringBuilder b = new StringBuilder();
            b.append(file).append(": ").append(passed).append(" passed, ").append(failures.size())
                .append(" failed, ").append(skipped).append(" skipped\n");
            failures.forEach(f -> b.append('\n').append(f).append('\n'));
            notes.forEach(n -> b.append("\nnote: ").append(n));
            return b.toString();
        }
    }

    public FileResult run(CorpusFile file) {
        if (!file.runsOn(target)) {
            return new FileResult(file.name(), 0, file.records().size(), List.of(), List.of());
        }
        int passed = 0;
        int skipped = 0;
        List<Failure> failures = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        try (Connection c = target.connect()) {
            c.setAutoCommit(true);
            dropTables(c, file, notes);
            for (CorpusFile.Record r : file.records()) {
                if (!r.runsOn(target)) {
                    skipped++;
                    continue;
                }
                Outcome outcome = execute(c, r.sql());
                if (matches(r.expectation(), outcome)) {
                    passed++;
                } else {
                    failures.add(failure(file, r, outcome));
                }
                if (connectionLost(c, outcome)) {
                    notes.add("the connection was lost at " + file.name() + ":" + r.line() + "; the rest of the file"
                        + " did not run");
                    break;
                }
            }
        } catch (SQLException e) {
            failures.add(new Failure(file.name(), "(connect)", target.jdbcUrl(), "a connection",
                "error " + e.getSQLState() + ": " + e.getMessage()));
        }
        cleanUp(file, notes);
        return new FileResult(file.name(), passed, skipped, failures, notes);
    }

    /**
     * Class 08 covers both a broken connection and a protocol error the server answered and survived
     * (a Bind without its parameter values), so the connection itself is asked.
     */
    private static boolean connectionLost(Connection c, Outcome outcome) {
        if (!(outcome instanceof Outcome.Error e) || e.sqlState() == null || !e.sqlState().startsWith("08")) {
            return false;
        }
        try {
            return c.isClosed() || !c.isValid(CONNECTION_CHECK_SECONDS);
        } catch (SQLException checkFailed) {
            return true;
        }
    }

    private void cleanUp(CorpusFile file, List<String> notes) {
        if (file.createdTables().isEmpty()) {
            return;
        }
        try (Connection c = target.connect()) {
            c.setAutoCommit(true);
            dropTables(c, file, notes);
        } catch (SQLException e) {
            notes.add("cleanup could not connect: " + e.getMessage());
        }
    }

    /**
     * PostgreSQL drops dependants with CASCADE. Basalt may not support CASCADE at first, so there
     * the tables go in reverse creation order, which drops a referencing table before the table it
     * references when both come from this file.
     */
    private void dropTables(Connection c, CorpusFile file, List<String> notes) {
        List<String> tables = new ArrayList<>(file.createdTables());
        if (!target.isPostgres()) {
            Collections.reverse(tables);
        }
        for (String table : tables) {
            String sql = "DROP TABLE IF EXISTS " + table + (target.isPostgres() ? " CASCADE" : "");
            if (execute(c, sql) instanceof Outcome.Error e) {
                notes.add(sql + " failed: " + e.sqlState() + " " + e.message());
            }
        }
    }

    static Outcome execute(Connection c, String sql) {
        try (Statement s = c.createStatement()) {
            if (!s.execute(sql)) {
                return new Outcome.Count(s.getLargeUpdateCount());
            }
            try (ResultSet rs = s.getResultSet()) {
                return new Outcome.Rows(render(rs));
            }
        } catch (SQLException e) {
            return new Outcome.Error(e.getSQLState(), e.getMessage());
        }
    }

    /** Each row as its columns' text forms joined by '|', NULL and the empty string spelled out. */
    static List<String> render(ResultSet rs) throws SQLException {
        int columns = rs.getMetaData().getColumnCount();
        List<String> rows = new ArrayList<>();
        while (rs.next()) {
            StringBuilder row = new StringBuilder();
            for (int i = 1; i <= columns; i++) {
                if (i > 1) {
                    row.append(CorpusFile.COLUMN_SEPARATOR);
                }
                String v = rs.getString(i);
                row.append(v == null ? CorpusFile.NULL_TEXT : v.isEmpty() ? CorpusFile.EMPTY_TEXT : v);
            }
            rows.add(row.toString());
        }
        return rows;
    }

    static boolean matches(Expectation expected, Outcome actual) {
        return switch (expected) {
            case Expectation.Succeeds s -> !(actual instanceof Outcome.Error);
            case Expectation.Counts n -> actual instanceof Outcome.Count c && c.rows() == n.rows();
            case Expectation.Fails f -> actual instanceof Outcome.Error e && f.sqlState().equals(e.sqlState());
            case Expectation.Returns r -> actual instanceof Outcome.Rows rows
                && ordered(r.rows(), r.sorted()).equals(ordered(rows.rows(), r.sorted()));
        };
    }

    private static Failure failure(CorpusFile file, CorpusFile.Record r, Outcome outcome) {
        boolean sorted = r.expectation() instanceof Expectation.Returns ret && ret.sorted();
        return new Failure(file.name() + ":" + r.line(), r.header(), r.sql(), describe(r.expectation()),
            describe(outcome, sorted));
    }

    private static String describe(Expectation e) {
        return switch (e) {
            case Expectation.Succeeds s -> "success";
            case Expectation.Counts n -> n.rows() + " rows affected";
            case Expectation.Fails f -> "error " + f.sqlState();
            case Expectation.Returns r -> rowsText(ordered(r.rows(), r.sorted()));
        };
    }

    private static String describe(Outcome o, boolean sorted) {
        return switch (o) {
            case Outcome.Rows r -> rowsText(ordered(r.rows(), sorted));
            case Outcome.Count c -> c.rows() + " rows affected (no result set)";
            case Outcome.Error e -> "error " + e.sqlState() + ": " + e.message();
        };
    }

    private static List<String> ordered(List<String> rows, boolean sorted) {
        return sorted ? rows.stream().sorted().toList() : rows;
    }

    private static String rowsText(List<String> rows) {
        return rows.isEmpty() ? "(no rows)" : String.join("\n", rows);
    }

    private static String indent(String text) {
        return text.lines().map(l -> "  " + l).collect(Collectors.joining("\n"));
    }
}
