package io.basalt.cli;

import io.basalt.cli.load.CopySql;
import io.basalt.cli.load.LoadFailure;
import io.basalt.cli.load.Loader;
import io.basalt.cli.load.Progress;
import io.basalt.cli.load.RowReader;
import io.basalt.sql.copy.CopyReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code basalt import FILE --table T}: a bulk load through COPY FROM STDIN, in batches that
 * commit one by one, with a progress bar. A rejected row is reported with its line in the file,
 * and the command that resumes after the committed rows.
 */
@Command(name = "import", description = {"Load a text or CSV file into a table (COPY FROM STDIN in batches, each"
    + " committed on its own), with a progress bar on standard error.",
    "Exit status: 0 loaded, 1 the load stopped (the report says what was committed and how to resume), 2 bad options."})
public final class ImportCommand implements Callable<Integer> {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_./:=,@%+-]+");

    @Spec
    CommandSpec spec;

    @Mixin
    SqlOptions sql;

    @Parameters(index = "0", paramLabel = "FILE", description = "The file to load, or - for standard input.")
    String file;

    @Option(names = "--table", required = true, paramLabel = "TABLE",
        description = "The table to load into, optionally schema-qualified.")
    String table;

    @Option(names = "--columns", paramLabel = "COL,...",
        description = "The table's columns the fields fill, in order (default: all, in the table's order).")
    String columns;

    @Option(names = "--format", paramLabel = "text|csv",
        description = "text (tab-separated, \\N for NULL) or csv (default: csv for a file ending in .csv, else text).")
    String format;

    @Option(names = "--header", description = "The first line names the columns: skip it.")
    boolean header;

    @Option(names = "--delimiter", paramLabel = "C",
        description = "The field separator, one character; \\t for a tab (default: tab for text, comma for csv).")
    String delimiter;

    @Option(names = "--null", paramLabel = "STRING",
        description = "The text that stands for NULL (default: \\N for text, an empty unquoted field for csv).")
    String nullString;

    @Option(names = "--quote", paramLabel = "C", description = "csv: the quote character (default: \").")
    String quote;

    @Option(names = "--escape", paramLabel = "C", description = "csv: the escape character inside quotes (default: the quote).")
    String escape;

    @Option(names = "--batch-rows", paramLabel = "N", defaultValue = "50000",
        description = "Rows per COPY, each committed on its own (default: ${DEFAULT-VALUE}).")
    int batchRows;

    @Option(names = "--single-transaction",
        description = "Load the whole file in one transaction: all rows or none. It must fit in one transaction's"
            + " writes (the nodes' --txn-write-bytes-max).")
    boolean singleTransaction;

    @Option(names = "--skip-rows", paramLabel = "N", defaultValue = "0",
        description = "Skip the first N data rows (after the header): resumes a load that stopped.")
    long skipRows;

    @Option(names = "--progress", paramLabel = "auto|bar|lines|none", defaultValue = "auto",
        description = "A bar redrawn in place, a plain line now and then, or nothing (default: ${DEFAULT-VALUE}: a"
            + " bar when standard error is a terminal, else lines).")
    String progress;

    @Option(names = "--progress-every-ms", paramLabel = "MS", defaultValue = "5000",
        description = "How often a plain progress line is printed (default: ${DEFAULT-VALUE}).")
    long progressEveryMs;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        boolean csv = csv();
        CopySql copy = new CopySql(table, columns == null ? List.of() : CopySql.parseColumns(columns), csv,
            delimiter == null ? null : delimiter.replace("\\t", "\t"), nullString, quote, escape);
        Loader.Settings settings = new Loader.Settings(copy, batchRows, singleTransaction, header, skipRows);
        Progress.Mode mode = Progress.Mode.parse(progress);
        if (progressEveryMs < 0) {
            throw new IllegalArgumentException("--progress-every-ms must not be negative");
        }
        String name = "-".equals(file) ? "standard input" : file;
        String target = sql.target();

        ReadableByteChannel in;
        long size;
        try {
            in = open();
            size = "-".equals(file) || !Files.isRegularFile(Path.of(file)) ? -1 : Files.size(Path.of(file));
        } catch (IOException e) {
            err.println("basalt: cannot read " + name + ": " + reason(e));
            return 1;
        }
        Connection connection = connect(target, err);
        if (connection == null) {
            closeQuietly(in);
            return 1;
        }
        Progress bar = new Progress(mode, err, "import " + table, size, TimeUnit.MILLISECONDS.toNanos(progressEveryMs),
            System::nanoTime);
        RowReader reader = new RowReader(in, csv, copy.quoteByte(), copy.escapeByte(), CopyReader.ROW_BYTES_MAX);
        try {
            Loader.Result r = new Loader(settings, connection, bar).load(reader);
            bar.clear();
            out.println(summary(r, name));
            return 0;
        } catch (LoadFailure f) {
            bar.clear();
            List<String> report = f.report(name, table, this::resumeCommand);
            err.println("basalt: " + report.getFirst());
            report.subList(1, report.size()).forEach(err::println);
            return 1;
        } finally {
            closeQuietly(connection);
            closeQuietly(in);
        }
    }

    /** Closing changes nothing of the outcome, which is printed already. */
    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // A connection or file that fails to close: nothing left to do with it.
        }
    }

    private boolean csv() {
        if (format == null) {
            return file.toLowerCase(Locale.ROOT).endsWith(".csv");
        }
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> true;
            case "text" -> false;
            default -> throw new IllegalArgumentException("--format must be text or csv, not '" + format + "'");
        };
    }

    /** The input; a regular file is opened so that a batch can be read again by seeking back. */
    private ReadableByteChannel open() throws IOException {
        if ("-".equals(file)) {
            return Channels.newChannel(System.in);
        }
        Path path = Path.of(file);
        if (Files.isDirectory(path)) {
            throw new IOException("it is a directory");
        }
        return Files.isRegularFile(path) ? Files.newByteChannel(path)
            : Channels.newChannel(Files.newInputStream(path));
    }

    /** A connection, or null after printing why there is none. */
    private Connection connect(String target, PrintStream err) {
        try {
            return sql.connect();
        } catch (SQLException e) {
            err.println("basalt: cannot connect to " + target + ": " + reason(e));
            return null;
        }
    }

    private String summary(Loader.Result r, String name) {
        double seconds = r.elapsedNanos() / 1e9;
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "imported %d rows into %s from %s: %s in %.1f s,"
            + " %d rows/s", r.rows(), table, name, Progress.mib(r.bytesRead(), true), seconds,
            seconds > 0 ? (long) (r.rows() / seconds) : r.rows()));
        if (r.skippedRows() > 0 || skipRows > 0) {
            sb.append(", after skipping ").append(r.skippedRows()).append(" rows");
            if (r.skippedRows() < skipRows) {
                sb.append(" (the input has no more)");
            }
        }
        if (r.endMarkerLine() > 0) {
            sb.append("; the data ended at the end-of-data marker \\. on line ").append(r.endMarkerLine());
        }
        return sb.toString();
    }

    /** This command line again, with {@code --skip-rows N} (none for 0). */
    String resumeCommand(long skip) {
        List<String> args = new ArrayList<>(spec.commandLine().getParseResult().originalArgs());
        int at = args.indexOf("import");
        List<String> own = new ArrayList<>(at >= 0 ? args.subList(at, args.size()) : args);
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < own.size(); i++) {
            String a = own.get(i);
            if (a.equals("--skip-rows")) {
                i++;
            } else if (!a.startsWith("--skip-rows=")) {
                kept.add(quote(a));
            }
        }
        if (skip > 0) {
            kept.add("--skip-rows");
            kept.add(Long.toString(skip));
        }
        return "./basalt " + String.join(" ", kept);
    }

    private static String quote(String arg) {
        return SHELL_SAFE.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }

    /** The cause in a few words: the root I/O error for a connection, the file's trouble for a read. */
    private static String reason(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root instanceof IOException && root.getMessage() != null) {
            return root.getMessage();
        }
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
