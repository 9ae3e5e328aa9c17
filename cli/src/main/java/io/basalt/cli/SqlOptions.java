package io.basalt.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * Where a command that speaks SQL connects: a node's SQL port (PostgreSQL wire protocol).
 * Without options, the first node of {@code basalt demo}.
 */
public final class SqlOptions {
    /** The SQL port of the demo cluster's first node. */
    public static final int DEMO_SQL_PORT = 5433;

    @Option(names = "--url", paramLabel = "postgresql://HOST:PORT/DB",
        description = "The node to connect to, as psql takes it (default: postgresql://127.0.0.1:" + DEMO_SQL_PORT
            + "/postgres, the demo's first node).")
    String url;

    @Option(names = "--host", description = "Host of a node's SQL port, instead of --url (default: 127.0.0.1).")
    String host;

    @Option(names = "--port", description = "A node's SQL port, instead of --url (default: " + DEMO_SQL_PORT + ").")
    Integer port;

    @Option(names = {"-U", "--user"}, description = "User name (default: your login name; Basalt accepts any).")
    String user;

    /** Where this connects, as a URL. */
    public String target() {
        return "postgresql://" + endpoint().host() + ":" + endpoint().port() + "/" + endpoint().database();
    }

    /** Opens a connection. A refused or failed connection is a SQLException whose message says why, in a line. */
    public Connection connect() throws SQLException {
        Endpoint e = endpoint();
        Properties p = new Properties();
        p.setProperty("user", user != null ? user : e.user() != null ? e.user() : System.getProperty("user.name", "basalt"));
        p.setProperty("password", "");
        p.setProperty("ApplicationName", "basalt");
        p.setProperty("connectTimeout", "10");
        // A long COPY commit is answered when it is done; a dead peer is found by keepalives, not a read timeout.
        p.setProperty("tcpKeepAlive", "true");
        String jdbc = "jdbc:postgresql://" + hostForUrl(e.host()) + ":" + e.port() + "/" + e.database();
        return new org.postgresql.Driver().connect(jdbc, p);
    }

    private record Endpoint(String host, int port, String database, String user) {}

    private Endpoint endpoint() {
        if (url == null) {
            return new Endpoint(host != null ? host : "127.0.0.1", port != null ? port : DEMO_SQL_PORT, "postgres", null);
        }
        if (host != null || port != null) {
            throw new IllegalArgumentException("give --url or --host/--port, not both");
        }
        String s = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        try {
            URI uri = new URI(s);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("postgresql") && !scheme.equals("postgres") || uri.getHost() == null) {
                throw new IllegalArgumentException("--url must look like postgresql://HOST:PORT/DATABASE, not '" + url + "'");
            }
            String path = uri.getPath() == null ? "" : uri.getPath().replaceFirst("^/", "");
            String userInfo = uri.getUserInfo();
            return new Endpoint(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 5432, path.isEmpty() ? "postgres" : path,
                userInfo == null ? null : userInfo.split(":", 2)[0]);
        } catch (URISyntaxException ex) {
            throw new IllegalArgumentException("--url must look like postgresql://HOST:PORT/DATABASE, not '" + url + "'");
        }
    }

    private static String hostForUrl(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }
}
