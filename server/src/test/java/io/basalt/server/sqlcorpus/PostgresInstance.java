package io.basalt.server.sqlcorpus;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A throw-away PostgreSQL 15 server in a temporary folder, for tests and benchmarks that compare
 * Basalt with the real thing.
 *
 * <p>{@link #start()} runs {@code initdb} and {@code pg_ctl start}; {@link #close()} stops the server
 * ({@code pg_ctl stop -m immediate}) and deletes the folder. Use it as a static fixture
 * ({@code @BeforeAll} / {@code @AfterAll}, or JUnit's {@code @AutoClose}) or in try-with-resources.
 * It needs only the JDK (and pgjdbc on the class path for {@link #connect()}), so benchmark code
 * can use it as it is.
 *
 * <p>PostgreSQL refuses to run as root. When this JVM runs as root, every PostgreSQL program runs
 * through {@code runuser -u postgres --} in a folder owned by that user. The server listens on
 * 127.0.0.1 only, on the first free port from {@value #PORT_SCAN_FIRST} upward (below the kernel's
 * ephemeral range, where binds sometimes failed), with fsync on, {@code shared_buffers=128MB},
 * trust authentication, UTF8 encoding and the C locale (byte order for text comparison).
 *
 * <p>The binaries are looked up in {@value #DEFAULT_BIN_DIR}, or in the folder named by the system
 * property {@value #BIN_DIR_PROPERTY}.
 */
public final class PostgresInstance implements AutoCloseable {
    public static final String DEFAULT_BIN_DIR = "/usr/lib/postgresql/15/bin";
    public static final String BIN_DIR_PROPERTY = "basalt.postgres.bin";
    public static final String HOST = "127.0.0.1";
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";
    /** The operating-system user that runs the server when this JVM runs as root. */
    static final String OS_USER = "postgres";
    static final int PORT_SCAN_FIRST = 15432;
    static final int PORT_SCAN_COUNT = 2000;
    /** Another process may take a port between our bind check and the server's bind. */
    static final int START_ATTEMPTS_MAX = 10;
    static final int START_TIMEOUT_SECONDS = 60;
    static final int COMMAND_TIMEOUT_SECONDS = 120;

    private final Path binDir;
    private final Path root;
    private final Path dataDir;
    private final boolean asOsUser;
    private final int port;
    private final Thread shutdownHook;
    private boolean closed;

    private PostgresInstance(Path binDir, Path root, boolean asOsUser, int port) {
        this.binDir = binDir;
        this.root = root;
        this.dataDir = root.resolve("data");
        this.asOsUser = asOsUser;
        this.port = port;
        // A JVM that exits without close() (a killed test run) must not leave a server behind.
        this.shutdownHook = new Thread(this::stopQuietly, "postgres-" + port + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts a server with the binaries from {@value #BIN_DIR_PROPERTY} or {@value #DEFAULT_BIN_DIR}. */
    public static PostgresInstance start() throws IOException {
        return start(Path.of(System.getProperty(BIN_DIR_PROPERTY, DEFAULT_BIN_DIR)));
    }

    public static PostgresInstance start(Path binDir) throws IOException {
        checkBinaries(binDir);
        boolean asOsUser = "root".equals(System.getProperty("user.name"));
        if (asOsUser) {
            checkOsUser();
        }
        Path root = Files.createTempDirectory("basalt-postgres-");
        try {
            if (asOsUser) {
                UserPrincipal owner = root.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName(OS_USER);
                Files.setOwner(root, owner);
            }
            Path data = root.resolve("data");
            run(root, asOsUser, List.of(binDir.resolve("initdb").toString(), "-D", data.toString(),
                "-U", USER, "--auth=trust", "--encoding=UTF8", "--locale=C",
                // Syncing initdb's files only slows the start; the server itself runs with fsync on.
                "--no-sync", "--no-instructions"));
            return startServer(binDir, root, asOsUser);
        } catch (IOException | RuntimeException e) {
            deleteTree(root);
            throw e;
        }
    }

    private static PostgresInstance startServer(Path binDir, Path root, boolean asOsUser) throws IOException {
        int port = PORT_SCAN_FIRST;
        List<String> failures = new ArrayList<>();
        for (int attempt = 0; attempt < START_ATTEMPTS_MAX; attempt++) {
            port = freePort(port);
            Path log = root.resolve("postgres-" + port + ".log");
            String options = String.join(" ",
                "-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories='" + root + "'",
                "-c", "fsync=on",
                "-c", "shared_buffers=128MB");
            try {
                run(root, asOsUser, List.of(binDir.resolve("pg_ctl").toString(), "start", "-D",
                    root.resolve("data").toString(), "-l", log.toString(), "-w", "-t",
                    Integer.toString(START_TIMEOUT_SECONDS), "-o", options));
                return new PostgresInstance(binDir, root, asOsUser, port);
            } catch (IOException e) {
                String serverLog = readQuietly(log);
                if (!serverLog.contains("could not bind") && !serverLog.contains("already in use")) {
                    throw new IOException(e.getMessage() + "\nserver log " + log + ":\n" + serverLog, e);
                }
                failures.add("port " + port + ": " + serverLog.strip());
                port++;
            }
        }
        throw new IOException("PostgreSQL could not bind a port after " + START_ATTEMPTS_MAX + " attempts:\n"
            + String.join("\n", failures));
    }

    public int port() {
        return port;
    }

    /** The folder holding the data directory and the server log. */
    public Path root() {
        return root;
    }

    public Path binDir() {
        return binDir;
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + HOST + ":" + port + "/" + database;
    }

    /** Connection properties for {@link #jdbcUrl()}: the superuser, no password (trust). */
    public Properties connectionProperties() {
        Properties p = new Properties();
        p.setProperty("user", USER);
        return p;
    }

    /** A new connection through pgjdbc, which must be on the class path. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), connectionProperties());
    }

    /** Stops the server without a checkpoint and deletes its folder; calling it again does nothing. */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook runs (or ran) anyway.
        }
        try {
            stop();
        } finally {
            deleteTree(root);
        }
    }

    private void stop() throws IOException {
        run(root, asOsUser, List.of(binDir.resolve("pg_ctl").toString(), "stop", "-D", dataDir.toString(),
            "-m", "immediate", "-w"));
    }

    private synchronized void stopQuietly() {
        if (closed) {
            return;
        }
        try {
            stop();
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop PostgreSQL on port " + port + ": " + e.getMessage());
        }
    }

    private static void checkBinaries(Path binDir) {
        for (String tool : List.of("initdb", "pg_ctl", "postgres")) {
            if (!Files.isExecutable(binDir.resolve(tool))) {
                throw new IllegalStateException("PostgreSQL 15 is not installed: " + binDir.resolve(tool)
                    + " is missing. On Debian: apt-get install -y postgresql-15 postgresql-client-15"
                    + " (or set -D" + BIN_DIR_PROPERTY + "=<folder with initdb and pg_ctl>)");
            }
        }
    }

    private static void checkOsUser() throws IOException {
        // PostgreSQL will not run as root; runuser switches to the account the Debian package creates.
        try {
            run(Path.of("/"), false, List.of("id", OS_USER));
        } catch (IOException e) {
            throw new IllegalStateException("this JVM runs as root, so PostgreSQL must run as the OS user '"
                + OS_USER + "', which does not exist (installing postgresql-15 creates it): " + e.getMessage(), e);
        }
    }

    /** The first port at or above {@code from} that 127.0.0.1 can bind now. */
    private static int freePort(int from) throws IOException {
        InetAddress loopback = InetAddress.getByName(HOST);
        for (int port = from; port < PORT_SCAN_FIRST + PORT_SCAN_COUNT; port++) {
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(false);
                s.bind(new InetSocketAddress(loopback, port));
                return port;
            } catch (IOException taken) {
                // Try the next one.
            }
        }
        throw new IOException("no free port in " + PORT_SCAN_FIRST + ".." + (PORT_SCAN_FIRST + PORT_SCAN_COUNT - 1));
    }

    /**
     * Runs a command to completion, as {@value #OS_USER} when {@code asOsUser}. Its output goes to a
     * file rather than a pipe: the server that {@code pg_ctl start} forks must not hold our pipe open.
     */
    private static void run(Path dir, boolean asOsUser, List<String> command) throws IOException {
        List<String> full = new ArrayList<>();
        if (asOsUser) {
            full.addAll(List.of("runuser", "-u", OS_USER, "--"));
        }
        full.addAll(command);
        Path output = Files.createTempFile("basalt-postgres-cmd-", ".out");
        try {
            Process p = new ProcessBuilder(full).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
            boolean exited = p.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", full) + " did not finish in " + COMMAND_TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " exited with " + p.exitValue() + ":\n"
                    + readQuietly(output));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + String.join(" ", full), e);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(could not read " + file + ": " + e.getMessage() + ")";
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String toString() {
        return "PostgreSQL on " + HOST + ":" + port + " in " + root;
    }
}
