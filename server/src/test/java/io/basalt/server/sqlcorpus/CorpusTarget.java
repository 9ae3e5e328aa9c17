package io.basalt.server.sqlcorpus;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A database the corpus runs against: a pgjdbc URL, connection properties, and a name that the
 * corpus markers ({@code onlyif postgres}, {@code skipif basalt}, {@code # target: postgres-only})
 * refer to.
 */
public record CorpusTarget(String name, String jdbcUrl, Properties properties) {
    public static final String POSTGRES = "postgres";
    public static final String BASALT = "basalt";
    /** A statement that hangs fails its file instead of the whole build. */
    static final int SOCKET_TIMEOUT_SECONDS = 60;
    static final int CONNECT_TIMEOUT_SECONDS = 10;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

    public CorpusTarget {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("target name must match " + NAME + ": " + name);
        }
        properties = copy(properties);
    }

    /** The throw-away server of {@link PostgresInstance}. */
    public static CorpusTarget postgres(PostgresInstance pg) {
        return new CorpusTarget(POSTGRES, pg.jdbcUrl(), withTimeouts(pg.connectionProperties()));
    }

    /** A Basalt node's pgwire port. */
    public static CorpusTarget basalt(String host, int port, String database, String user) {
        Properties p = new Properties();
        p.setProperty("user", user);
        return new CorpusTarget(BASALT, "jdbc:postgresql://" + host + ":" + port + "/" + database, withTimeouts(p));
    }

    /** Only PostgreSQL is trusted with {@code DROP TABLE ... CASCADE} when the runner cleans up. */
    public boolean isPostgres() {
        return POSTGRES.equals(name);
    }

    @Override
    public Properties properties() {
        return copy(properties);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private static Properties withTimeouts(Properties p) {
        p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        return p;
    }

    private static Properties copy(Properties source) {
        Properties p = new Properties();
        p.putAll(source);
        return p;
    }

    @Override
    public String toString() {
        return name + " (" + jdbcUrl + ")";
    }
}
