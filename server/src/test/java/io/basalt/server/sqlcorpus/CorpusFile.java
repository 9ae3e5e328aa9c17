package io.basalt.server.sqlcorpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One parsed corpus file: its records in order, the tables it creates, and the target it is
 * limited to, if any. The format is described in README.md next to this class; parsing rejects
 * anything it does not understand, naming file:line, so that a typo cannot turn a check into a
 * no-op.
 */
public record CorpusFile(String name, Optional<String> onlyTarget, List<Record> records, List<String> createdTables) {
    /** The class-path folder that holds the corpus. */
    public static final String RESOURCE_DIR = "/sqlcorpus";
    public static final String EXTENSION = ".slt";
    public static final String NULL_TEXT = "NULL";
    public static final String EMPTY_TEXT = "(empty)";
    public static final String COLUMN_SEPARATOR = "|";
    static final String RESULT_SEPARATOR = "----";
    static final Set<String> KNOWN_TARGETS = Set.of(CorpusTarget.POSTGRES, CorpusTarget.BASALT);
    private static final Pattern SQLSTATE = Pattern.compile("[0-9A-Z]{5}");
    private static final Pattern TARGET_DIRECTIVE = Pattern.compile("#\\s*target:\\s*([a-z][a-z0-9_]*)-only\\s*(.*)");
    private static final Pattern CREATE_TABLE = Pattern.compile(
        "\\bcreate\\s+(?:(?:temp|temporary|unlogged)\\s+)?table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)",
        Pattern.CASE_INSENSITIVE);
    private static final Pattern ORDER_BY = Pattern.compile("\\border\\s+by\\b", Pattern.CASE_INSENSITIVE);

    public CorpusFile {
        records = List.copyOf(records);
        createdTables = List.copyOf(createdTables);
    }

    /** What a record expects from its statement. */
    public sealed interface Expectation {
        /** {@code statement ok}: any result but an error. */
        record Succeeds() implements Expectation {}

        /** {@code statement count N}: no result set, and this many rows affected. */
        record Counts(long rows) implements Expectation {}

        /** {@code statement error S} or {@code query error S}: an error with this SQLSTATE. */
        record Fails(String sqlState) implements Expectation {}

        /** {@code query [rowsort|nosort]}: these rows, rendered as described in README.md. */
        record Returns(boolean sorted, List<String> rows) implements Expectation {
            public Returns {
                rows = List.copyOf(rows);
            }
        }
    }

    /** {@code onlyif target reason} or {@code skipif target reason}, written before a record. */
    public record Condition(boolean only, String target, String reason) {
        boolean admits(CorpusTarget t) {
            return only == t.name().equals(target);
        }
    }

    /** One check: a statement and what it must produce. {@code line} is the header's line (1-based). */
    public record Record(int line, String header, String sql, Expectation expectation, List<Condition> conditions) {
        public Record {
            conditions = List.copyOf(conditions);
        }

        public boolean runsOn(CorpusTarget target) {
            return conditions.stream().allMatch(c -> c.admits(target));
        }
    }

    public boolean runsOn(CorpusTarget target) {
        return onlyTarget.map(target.name()::equals).orElse(true);
    }

    /** Every {@code .slt} file in the class-path folder {@value #RESOURCE_DIR}, by name. */
    public static List<CorpusFile> loadCorpus() {
        URL url = CorpusFile.class.getResource(RESOURCE_DIR);
        if (url == null) {
            throw new IllegalStateException("no " + RESOURCE_DIR + " folder on the test class path");
        }
        try {
            return loadDirectory(Path.of(url.toURI()));
        } catch (URISyntaxException e) {
            throw new IllegalStateException("bad resource URL " + url, e);
        }
    }

    public static List<CorpusFile> loadDirectory(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> sorted = files.filter(f -> f.getFileName().toString().endsWith(EXTENSION)).sorted().toList();
            List<CorpusFile> parsed = new ArrayList<>();
            for (Path f : sorted) {
                parsed.add(parse(f.getFileName().toString(), Files.readString(f, StandardCharsets.UTF_8)));
            }
            return parsed;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read corpus folder " + dir, e);
        }
    }

    /** Parses one file; a malformed record throws {@link IllegalArgumentException} naming file:line. */
    public static CorpusFile parse(String name, String text) {
        return new Parser(name, text.split("\r?\n", -1)).parse();
    }

    private static final class Parser {
        private final String name;
        private final String[] lines;
        private int next;
        private Optional<String> onlyTarget = Optional.empty();
        private final List<Record> records = new ArrayList<>();
        private final List<Condition> pending = new ArrayList<>();
        private int pendingLine;

        Parser(String name, String[] lines) {
            this.name = name;
            this.lines = lines;
        }

        CorpusFile parse() {
            while (next < lines.length) {
                int lineNo = next + 1;
                String line = lines[next++].strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    directive(line, lineNo);
                } else if (line.startsWith("onlyif ") || line.startsWith("skipif ")) {
                    condition(line, lineNo);
                } else {
                    records.add(record(line, lineNo));
                    pending.clear();
                }
            }
            if (!pending.isEmpty()) {
                throw error(pendingLine, "onlyif/skipif is not followed by a record");
            }
            return new CorpusFile(name, onlyTarget, records, createdTables(records));
        }

        private void directive(String line, int lineNo) {
            Matcher m = TARGET_DIRECTIVE.matcher(line);
            if (!m.matches()) {
                return; // an ordinary comment
            }
            if (!records.isEmpty() || onlyTarget.isPresent()) {
                throw error(lineNo, "'# target:' must come once, before the first record");
            }
            requireKnownTarget(m.group(1), lineNo);
            requireReason(m.group(2), lineNo);
            onlyTarget = Optional.of(m.group(1));
        }

        private void condition(String line, int lineNo) {
            String[] parts = line.split("\\s+", 3);
            if (parts.length < 2) {
                throw error(lineNo, "expected 'onlyif|skipif <target> # <reason>'");
            }
            requireKnownTarget(parts[1], lineNo);
            requireReason(parts.length == 3 ? parts[2] : "", lineNo);
            if (pending.isEmpty()) {
                pendingLine = lineNo;
            }
            pending.add(new Condition(parts[0].equals("onlyif"), parts[1], parts[2].substring(1).strip()));
        }

        private void requireKnownTarget(String target, int lineNo) {
            if (!KNOWN_TARGETS.contains(target)) {
                throw error(lineNo, "unknown target '" + target + "', expected one of " + KNOWN_TARGETS);
            }
        }

        /** Deliberate differences between targets must say why, so that they stay rare and reviewed. */
        private void requireReason(String reason, int lineNo) {
            if (!reason.startsWith("#") || reason.substring(1).isBlank()) {
                throw error(lineNo, "a target marker needs a reason: '... # why this differs'");
            }
        }

        private Record record(String header, int lineNo) {
            String[] words = header.split("\\s+");
            String sql = sql(lineNo);
            Expectation expectation = switch (words[0]) {
                case "statement" -> statement(words, lineNo);
                case "query" -> query(words, sql, lineNo);
                default -> throw error(lineNo, "unknown record header '" + header + "'");
            };
            return new Record(lineNo, header, sql, expectation, pending);
        }

        private Expectation statement(String[] words, int lineNo) {
            if (words.length == 2 && words[1].equals("ok")) {
                expectNoResultSection(lineNo);
                return new Expectation.Succeeds();
            }
            if (words.length == 3 && words[1].equals("count") && words[2].matches("\\d+")) {
                expectNoResultSection(lineNo);
                return new Expectation.Counts(Long.parseLong(words[2]));
            }
            if (words.length == 3 && words[1].equals("error")) {
                expectNoResultSection(lineNo);
                return new Expectation.Fails(sqlState(words[2], lineNo));
            }
            throw error(lineNo, "expected 'statement ok', 'statement count N' or 'statement error SQLSTATE'");
        }

        private Expectation query(String[] words, String sql, int lineNo) {
            if (words.length == 3 && words[1].equals("error")) {
                expectNoResultSection(lineNo);
                return new Expectation.Fails(sqlState(words[2], lineNo));
            }
            if (words.length > 2 || (words.length == 2 && !words[1].equals("rowsort") && !words[1].equals("nosort"))) {
                throw error(lineNo, "expected 'query', 'query rowsort', 'query nosort' or 'query error SQLSTATE'");
            }
            if (next >= lines.length || !lines[next].strip().equals(RESULT_SEPARATOR)) {
                throw error(lineNo, "a query needs '" + RESULT_SEPARATOR + "' after its SQL");
            }
            next++;
            List<String> rows = new ArrayList<>();
            while (next < lines.length && !lines[next].isBlank()) {
                rows.add(lines[next++]);
            }
            boolean sorted = words.length == 2 && words[1].equals("rowsort");
            boolean nosort = words.length == 2 && words[1].equals("nosort");
            boolean ordered = ORDER_BY.matcher(sql).find();
            // Row order without ORDER BY is an accident of the storage layout, which Basalt does not share.
            if (nosort && !ordered) {
                throw error(lineNo, "'query nosort' needs ORDER BY in its SQL");
            }
            if (!sorted && rows.size() > 1 && !ordered) {
                throw error(lineNo, "several rows without ORDER BY: use 'query rowsort'");
            }
            return new Expectation.Returns(sorted, rows);
        }

        /** The SQL text: the lines after the header up to a blank line or the result separator. */
        private String sql(int headerLine) {
            List<String> sql = new ArrayList<>();
            while (next < lines.length && !lines[next].isBlank() && !lines[next].strip().equals(RESULT_SEPARATOR)) {
                sql.add(lines[next++]);
            }
            if (sql.isEmpty()) {
                throw error(headerLine, "a record needs SQL on the line after its header");
            }
            return String.join("\n", sql);
        }

        private void expectNoResultSection(int lineNo) {
            if (next < lines.length && lines[next].strip().equals(RESULT_SEPARATOR)) {
                throw error(lineNo, "only 'query' records have a '" + RESULT_SEPARATOR + "' result section");
            }
        }

        private String sqlState(String word, int lineNo) {
            if (!SQLSTATE.matcher(word).matches()) {
                throw error(lineNo, "a SQLSTATE is five digits or capital letters, not '" + word + "'");
            }
            return word;
        }

        private IllegalArgumentException error(int lineNo, String message) {
            return new IllegalArgumentException(name + ":" + lineNo + ": " + message);
        }
    }

    /** Tables that records meant to succeed create; a CREATE TABLE expected to fail creates nothing. */
    private static List<String> createdTables(List<Record> records) {
        Set<String> tables = new LinkedHashSet<>();
        for (Record r : records) {
            if (r.expectation() instanceof Expectation.Fails) {
                continue;
            }
            Matcher m = CREATE_TABLE.matcher(r.sql());
            while (m.find()) {
                tables.add(m.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return List.copyOf(tables);
    }
}
