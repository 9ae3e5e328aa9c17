package io.basalt.sql.api;

import java.util.Map;

/** Opens SQL sessions; one per client connection. Thread-safe. */
public interface SqlService {
    /**
     * A session for {@code user} on {@code database}. {@code startupParameters} are the other
     * StartupMessage parameters (application_name, client_encoding, DateStyle, TimeZone, ...).
     * Throws 3D000 for an unknown database.
     */
    SqlSession open(String user, String database, Map<String, String> startupParameters);

    /** The run-time parameters reported with ParameterStatus after authentication. */
    Map<String, String> initialParameters();
}
