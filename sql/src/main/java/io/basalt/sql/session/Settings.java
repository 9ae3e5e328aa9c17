package io.basalt.sql.session;

import io.basalt.sql.api.SqlException;
import io.basalt.txn.Isolation;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A session's run-time parameters (PostgreSQL's GUCs) that Basalt knows: their canonical
 * names, defaults, validation, and which of them are reported to the client with
 * ParameterStatus when they change. Names are case-insensitive; values keep PostgreSQL's
 * spelling (SHOW TimeZone prints {@code UTC}).
 */
public final class Settings {
    /** Reported at startup and on change (PostgreSQL's GUC_REPORT parameters). */
    static final Set<String> REPORTED = Set.of("application_name", "client_encoding", "DateStyle",
        "default_transaction_read_only", "in_hot_standby", "integer_datetimes", "IntervalStyle", "is_superuser",
        "server_encoding", "server_version", "session_authorization", "standard_conforming_strings", "TimeZone");
    /** Parameters a client may not change. */
    private static final Set<String> READ_ONLY = Set.of("server_version", "server_encoding", "integer_datetimes",
        "in_hot_standby", "is_superuser", "max_identifier_length", "transaction_read_only", "server_version_num");

    public static final String SERVER_VERSION = "15.0";

    private static final Map<String, String> DEFAULTS = defaults();
    /** Each known name, as given and in lower case, to its canonical spelling. */
    private static final Map<String, String> CANONICAL = canonicalNames();
    private final Map<String, String> values = new LinkedHashMap<>();
    /** The parsed forms of the last TimeZone and default isolation seen, parsed again only on change. */
    private String zoneName;
    private ZoneId zone;
    private String isolationName;
    private Isolation isolation;
    private final Map<String, String> sessionValues = new LinkedHashMap<>();
    /** A SET LOCAL ran since the transaction began: its end must restore the session values. */
    private boolean localChanged;

    Settings(String user) {
        values.putAll(DEFAULTS);
        values.put("session_authorization", user);
        sessionValues.putAll(values);
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("application_name", "");
        d.put("client_encoding", "UTF8");
        d.put("DateStyle", "ISO, MDY");
        d.put("default_transaction_isolation", "serializable");
        d.put("default_transaction_read_only", "off");
        d.put("extra_float_digits", "1");
        d.put("in_hot_standby", "off");
        d.put("integer_datetimes", "on");
        d.put("IntervalStyle", "postgres");
        d.put("is_superuser", "on");
        d.put("lock_timeout", "0");
        d.put("max_identifier_length", "63");
        d.put("search_path", "\"$user\", public");
        d.put("server_encoding", "UTF8");
        d.put("server_version", SERVER_VERSION);
        d.put("server_version_num", "150000");
        d.put("session_authorization", "postgres");
        d.put("standard_conforming_strings", "on");
        d.put("statement_timeout", "0");
        d.put("idle_in_transaction_session_timeout", "0");
        d.put("client_min_messages", "notice");
        d.put("bytea_output", "hex");
        d.put("TimeZone", "UTC");
        return d;
    }

    /** The initial values of the reported parameters, for the startup ParameterStatus messages. */
    public static Map<String, String> reportedDefaults() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : DEFAULTS.entrySet()) {
            if (REPORTED.contains(e.getKey())) {
                m.put(e.getKey(), e.getValue());
            }
        }
        return m;
    }

    private static Map<String, String> canonicalNames() {
        Map<String, String> m = new java.util.HashMap<>();
        for (String k : DEFAULTS.keySet()) {
            m.put(k, k);
            m.putIfAbsent(k.toLowerCase(Locale.ROOT), k);
        }
        return Map.copyOf(m);
    }

    /** The canonical spelling of {@code name}, or null when unknown. */
    static String canonical(String name) {
        String known = CANONICAL.get(name);
        if (known != null) {
            return known;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        known = CANONICAL.get(lower);
        if (known != null) {
            return known;
        }
        return switch (lower) {
            case "transaction_isolation", "transaction_read_only" -> lower;
            default -> lower.indexOf('.') > 0 ? lower : null;
        };
    }

    String get(String name) {
        String c = canonical(name);
        return c == null ? null : values.get(c);
    }

    ZoneId zone() {
        String name = values.get("TimeZone");
        if (!name.equals(zoneName)) {
            zone = ZoneId.of(name);
            zoneName = name;
        }
        return zone;
    }

    Isolation defaultIsolation() {
        String name = values.get("default_transaction_isolation");
        if (!name.equals(isolationName)) {
            isolation = Isolation.parse(name);
            isolationName = name;
        }
        return isolation;
    }

    boolean defaultReadOnly() {
        return values.get("default_transaction_read_only").equals("on");
    }

    /**
     * Sets {@code name} (null value: back to the default) and returns the canonical name if
     * the change must be reported with ParameterStatus, else null. {@code local} values last
     * until the transaction ends.
     */
    String set(String name, String value, boolean local) {
        String c = canonical(name);
        if (c == null) {
            throw new SqlException("42704", "unrecognized configuration parameter \"" + name + "\"");
        }
        if (READ_ONLY.contains(c)) {
            throw new SqlException("55P02", "parameter \"" + c + "\" cannot be changed");
        }
        String v = value == null ? DEFAULTS.getOrDefault(c, "") : validate(c, value);
        values.put(c, v);
        if (!local) {
            sessionValues.put(c, v);
        } else {
            localChanged = true;
        }
        return REPORTED.contains(c) ? c : null;
    }

    /** Ends a transaction: SET LOCAL values revert. Returns the reported parameters that changed back. */
    Map<String, String> endTransaction() {
        if (!localChanged) {
            // Every Sync ends a transaction: without SET LOCAL there is nothing to restore.
            return Map.of();
        }
        localChanged = false;
        Map<String, String> changed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : sessionValues.entrySet()) {
            if (!e.getValue().equals(values.get(e.getKey())) && REPORTED.contains(e.getKey())) {
                changed.put(e.getKey(), e.getValue());
            }
        }
        values.putAll(sessionValues);
        values.keySet().retainAll(sessionValues.keySet());
        return changed;
    }

    /** After a statement or Sync: once no transaction is open, SET LOCAL values revert. */
    void endTransactionIfIdle(TxnState state) {
        if (state == TxnState.NONE) {
            endTransaction();
        }
    }

    Map<String, String> all() {
        return values;
    }

    private static String validate(String name, String value) {
        return switch (name) {
            case "TimeZone" -> zoneName(value);
            case "client_encoding" -> {
                String v = value.toUpperCase(Locale.ROOT).replace("-", "");
                if (!v.equals("UTF8") && !v.equals("UNICODE")) {
                    throw new SqlException("0A000", "client_encoding \"" + value + "\" is not supported: Basalt speaks UTF8");
                }
                yield "UTF8";
            }
            case "DateStyle" -> {
                if (!value.toUpperCase(Locale.ROOT).contains("ISO")) {
                    throw new SqlException("0A000", "DateStyle \"" + value + "\" is not supported: Basalt uses ISO, MDY");
                }
                yield "ISO, MDY";
            }
            case "IntervalStyle" -> {
                String v = value.toLowerCase(Locale.ROOT);
                if (v.equals("postgres_verbose") || v.equals("sql_standard") || v.equals("iso_8601")) {
                    throw new SqlException("0A000", "IntervalStyle \"" + value + "\" is not supported: Basalt uses postgres");
                }
                if (!v.equals("postgres")) {
                    throw new SqlException("22023", "invalid value for parameter \"IntervalStyle\": \"" + value + "\"");
                }
                yield "postgres";
            }
            case "standard_conforming_strings" -> {
                if (!bool(name, value)) {
                    throw new SqlException("0A000", "standard_conforming_strings = off is not supported");
                }
                yield "on";
            }
            case "default_transaction_isolation" -> {
                try {
                    Isolation.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new SqlException("22023", "invalid value for parameter \"" + name + "\": \"" + value + "\"");
                }
                yield value.toLowerCase(Locale.ROOT);
            }
            case "default_transaction_read_only" -> bool(name, value) ? "on" : "off";
            case "extra_float_digits", "statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout" ->
                integer(name, value);
            default -> value;
        };
    }

    private static String zoneName(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("utc") || v.equalsIgnoreCase("gmt") || v.equalsIgnoreCase("z")
            || v.equalsIgnoreCase("zulu")) {
            return v.equalsIgnoreCase("gmt") ? "GMT" : "UTC";
        }
        try {
            return ZoneId.of(v).getId();
        } catch (DateTimeException e) {
            throw new SqlException("22023", "invalid value for parameter \"TimeZone\": \"" + value + "\"");
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "1", "t" -> true;
            case "off", "false", "no", "0", "f" -> false;
            default -> throw new SqlException("22023", "parameter \"" + name + "\" requires a Boolean value");
        };
    }

    private static String integer(String name, String value) {
        try {
            return Long.toString(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            throw new SqlException("22023", "invalid value for parameter \"" + name + "\": \"" + value + "\"");
        }
    }
}
