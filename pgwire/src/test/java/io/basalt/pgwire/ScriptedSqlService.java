package io.basalt.pgwire;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlService;
import io.basalt.sql.api.SqlSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in SQL engine for protocol tests: it understands {@link ScriptedStatement}'s few
 * statements and counts what the wire layer asked of it.
 */
final class ScriptedSqlService implements SqlService {
    final AtomicInteger opened = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    final AtomicInteger prepares = new AtomicInteger();
    final AtomicInteger executes = new AtomicInteger();
    final AtomicInteger cancels = new AtomicInteger();
    /** Statements currently inside SLEEP. */
    final AtomicInteger sleeping = new AtomicInteger();
    /** The parameters of every INSERT, in order. */
    final List<List<Object>> inserted = Collections.synchronizedList(new ArrayList<>());
    /** The bytes of every COPYIN that ended with CopyDone, one string each. */
    final List<String> copied = Collections.synchronizedList(new ArrayList<>());

    @Override
    public SqlSession open(String user, String database, Map<String, String> startupParameters) {
        if (database.equals("nosuchdb")) {
            throw new SqlException("3D000", "database \"" + database + "\" does not exist");
        }
        opened.incrementAndGet();
        Map<String, String> settings = new LinkedHashMap<>(initialParameters());
        settings.putAll(startupParameters);
        return new ScriptedSession(this, settings);
    }

    @Override
    public Map<String, String> initialParameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("server_version", "16.0");
        p.put("server_encoding", "UTF8");
        p.put("client_encoding", "UTF8");
        p.put("DateStyle", "ISO, MDY");
        p.put("integer_datetimes", "on");
        p.put("standard_conforming_strings", "on");
        p.put("TimeZone", "UTC");
        p.put("IntervalStyle", "postgres");
        p.put("application_name", "");
        return p;
    }
}
