package io.basalt.sql.session;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.CopyClient;
import io.basalt.sql.api.Notice;
import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.api.TxStatus;
import io.basalt.sql.catalog.Catalog;
import io.basalt.sql.store.KvErrors;
import io.basalt.sql.exec.ExecContext;
import io.basalt.sql.exec.PlanContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One client connection's SQL session. It parses (with a per-session prepared cache), keeps
 * the transaction state machine of {@link TxnState}, begins key-value transactions lazily
 * (read-only snapshots for implicit transactions that only read), and turns every failure
 * into an {@link SqlException} after rolling back what the failed statement's transaction
 * did, so a failed statement never leaves part of its writes behind.
 */
public final class Session implements SqlSession {
    /** Prepared statements cached per session, by text and given parameter types. */
    static final int PREPARED_CACHE_ENTRIES_MAX = 1000;

    private final Backend backend;
    private final Settings settings;
    private final SessionTxn txn;
    private final Map<String, PreparedStatementImpl> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatementImpl> eldest) {
            return size() > PREPARED_CACHE_ENTRIES_MAX;
        }
    };
    private volatile boolean cancelled;
    /** The catalog version this session's latest DDL produced: statements prepared later plan against it or newer. */
    private long ddlVersion;
    /** A simple query's statement runs with more statements after it in the same string. */
    private boolean morePieces;
    private CopyClient copyClient;

    public Session(Backend backend, String user) {
        this.backend = backend;
        this.settings = new Settings(user);
        this.txn = new SessionTxn(backend, settings);
    }

    @Override
    public void simpleQuery(String sql, Consumer<Result> each) {
        List<StatementSplitter.Piece> pieces = StatementSplitter.split(sql);
        if (pieces.isEmpty()) {
            each.accept(Result.empty());
            return;
        }
        for (int i = 0; i < pieces.size(); i++) {
            StatementSplitter.Piece piece = pieces.get(i);
            Result r;
            try {
                PreparedStatementImpl p = prepareOne(piece.sql(), List.of(), false);
                morePieces = i < pieces.size() - 1;
                r = run(p, List.of());
            } catch (SqlException e) {
                throw e.position() > 0 ? e.at(e.position() + piece.offset()) : e;
            } finally {
                morePieces = false;
            }
            each.accept(r);
        }
        sync();
    }

    @Override
    public Prepared prepare(String sql, List<Integer> paramTypeOids) {
        List<SqlType> given = new ArrayList<>(paramTypeOids.size());
        for (int oid : paramTypeOids) {
            if (oid == 0) {
                given.add(null);
            } else {
                TypeKind k = TypeKind.ofOid(oid);
                if (k == null) {
                    throw new SqlException("42704", "type with OID " + oid + " is not supported");
                }
                given.add(SqlType.of(k));
            }
        }
        List<StatementSplitter.Piece> pieces = StatementSplitter.split(sql);
        if (pieces.size() > 1) {
            throw new SqlException("42601", "cannot insert multiple commands into a prepared statement");
        }
        return prepareOne(pieces.isEmpty() ? "" : pieces.get(0).sql(), given, true);
    }

    @Override
    public Result execute(Prepared p, List<Object> params) {
        if (!(p instanceof PreparedStatementImpl ps)) {
            throw new IllegalArgumentException("not prepared by this session: " + p);
        }
        return run(ps, params);
    }

    @Override
    public void sync() {
        try {
            txn.endImplicit();
        } finally {
            settings.endTransactionIfIdle(txn.state());
        }
    }

    @Override
    public void statementFailed() {
        txn.statementFailed();
    }

    @Override
    public TxStatus status() {
        return switch (txn.state()) {
            case NONE, IMPLICIT -> TxStatus.IDLE;
            case EXPLICIT -> TxStatus.IN_TRANSACTION;
            case FAILED -> TxStatus.FAILED;
        };
    }

    @Override
    public void copyClient(CopyClient client) {
        this.copyClient = client;
    }

    @Override
    public String setting(String name) {
        return settings.get(name);
    }

    @Override
    public void cancel() {
        cancelled = true;
    }

    @Override
    public void close() {
        txn.abandon();
    }

    /**
     * Parses {@code sql} (cached). Planning waits for execution, inside the statement's
     * transaction and against its catalog, unless {@code planNow} (the extended protocol's
     * Parse, whose Describe needs parameter types and columns): then it plans against the
     * newest catalog this node knows, and execution replans if the catalog changed meanwhile.
     */
    private PreparedStatementImpl prepareOne(String sql, List<SqlType> given, boolean planNow) {
        String key = given.isEmpty() ? sql : sql + "\u0000" + given;
        PreparedStatementImpl p = cache.get(key);
        if (p == null) {
            Command c = sql.isBlank() ? null : CommandParser.parse(sql);
            p = new PreparedStatementImpl(sql, c, given, null, -1);
            cache.put(key, p);
        }
        if (planNow && p.command() instanceof Command.Parsed parsed) {
            long newest = Math.max(ddlVersion, txn.catalogForPlanning(false).version());
            if (p.planned() == null || p.catalogVersion() < newest) {
                // Describe must show the row shape of the catalog the statement will run against.
                planOutsideTransaction(p, parsed);
            }
        }
        return p;
    }

    private void planOutsideTransaction(PreparedStatementImpl p, Command.Parsed parsed) {
        Catalog catalog = txn.catalogForPlanning(false);
        if (catalog.version() < ddlVersion) {
            // This session's own DDL committed a newer catalog than the node has cached (or
            // was rolled back: then the current catalog is older, and is what counts).
            catalog = txn.catalogForPlanning(true);
            ddlVersion = Math.min(ddlVersion, catalog.version());
        }
        try {
            p.replan(backend.plan(new PlanContext(catalog, p.givenTypes(), p.sql()), parsed.statement()),
                catalog.version());
        } catch (SqlException e) {
            // The node's newest catalog may predate DDL committed through another node: read
            // the current one and try once more before reporting the error.
            Catalog fresh = txn.catalogForPlanning(true);
            if (fresh.version() == catalog.version()) {
                throw e;
            }
            p.replan(backend.plan(new PlanContext(fresh, p.givenTypes(), p.sql()), parsed.statement()),
                fresh.version());
        }
    }

    private Result run(PreparedStatementImpl p, List<Object> params) {
        cancelled = false;
        Command c = p.command();
        if (c == null) {
            return Result.empty();
        }
        if (txn.state() == TxnState.FAILED && !(c instanceof Command.Commit) && !(c instanceof Command.Rollback)) {
            throw new SqlException("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
        try {
            return switch (c) {
                case Command.Begin b -> txn.begin(b);
                case Command.Commit ignored -> txn.commit();
                case Command.Rollback ignored -> txn.rollback();
                case Command.SetTransaction s -> txn.setTransaction(s);
                case Command.Set s -> set(s);
                case Command.Reset r -> set(new Command.Set(r.name() == null ? "all" : r.name(), null, false));
                case Command.Show s -> ShowCommand.run(s, settings, txn.isolationName(), txn.readOnly());
                case Command.NoOp n -> Result.command(n.tag());
                case Command.Copy copy -> copy(p, copy);
                case Command.Parsed parsed -> runPlanned(p, parsed, params);
            };
        } catch (SqlException e) {
            txn.statementFailed();
            throw e;
        } catch (RuntimeException e) {
            txn.statementFailed();
            throw new SqlException("XX000", "internal error: " + e, e);
        }
    }

    private Result runPlanned(PreparedStatementImpl p, Command.Parsed parsed, List<Object> params) {
        if (p.planned() != null && !isDdl(parsed) && txn.mayAssumeCatalog()) {
            Catalog latest = backend.latestCatalog();
            if (latest.version() == p.catalogVersion()) {
                // The plan is for the node's newest catalog: run it at once and let the first
                // request confirm the transaction sees that catalog too.
                boolean writes = p.planned().writes();
                KvTxn kv = txn.current(writes);
                checkWritable(p, writes);
                try {
                    return finish(run(p, parsed, params, latest,
                        new CatalogCheckedTxn(kv, latest.version(), () -> txn.catalogConfirmed(latest))), kv, writes);
                } catch (CatalogCheckedTxn.StaleCatalog stale) {
                    // Another node's DDL: plan again below on the catalog the transaction sees.
                }
            }
        }
        boolean writes = p.planned() != null ? p.planned().writes() : Statements.writes(parsed.statement());
        KvTxn kv = txn.current(writes);
        Catalog catalog = txn.catalog();
        if (p.planned() == null || catalog.version() != p.catalogVersion()) {
            p.replan(backend.plan(new PlanContext(catalog, p.givenTypes(), p.sql()), parsed.statement()),
                catalog.version());
        }
        if (p.planned().writes() && !writes) {
            // A statement that looked read-only writes after all: an implicit snapshot becomes
            // a read-write transaction, whose catalog may be newer.
            writes = true;
            kv = txn.current(true);
            if (txn.catalog().version() != p.catalogVersion()) {
                catalog = txn.catalog();
                p.replan(backend.plan(new PlanContext(catalog, p.givenTypes(), p.sql()), parsed.statement()),
                    catalog.version());
            }
        }
        checkWritable(p, writes);
        Result r = finish(run(p, parsed, params, catalog, kv), kv, writes);
        if (writes && isDdl(parsed)) {
            txn.catalogChanged();
            ddlVersion = Math.max(ddlVersion, txn.catalog().version());
        }
        return r;
    }

    private Result copy(PreparedStatementImpl p, Command.Copy c) {
        if (c.endpoint() != Command.Copy.Endpoint.CLIENT) {
            String what = c.endpoint() == Command.Copy.Endpoint.FILE ? "a file" : "a program";
            throw new SqlException("42501", "COPY " + (c.from() ? "from " : "to ") + what + " is not supported: the server "
                + "reads and writes no files and runs no programs", null, "COPY " + (c.from() ? "FROM STDIN" : "TO STDOUT")
                + " works for anyone, and so does psql's \\copy.", 0, null);
        }
        if (copyClient == null) {
            throw new SqlException("0A000", "COPY " + (c.from() ? "FROM STDIN" : "TO STDOUT")
                + " needs a client that speaks the copy protocol");
        }
        if (!c.from()) {
            return copyOut(p, c);
        }
        KvTxn kv = txn.current(true);
        checkWritable(p, true);
        Catalog catalog = txn.catalog();
        Result r = new CopyIn(backend, catalog, kv, settings.zone(), txn.startTime(), () -> cancelled, copyClient).run(c);
        return finish(r, kv, true);
    }

    /** COPY ... TO STDOUT runs its query as a statement of its own, then sends the rows. */
    private Result copyOut(PreparedStatementImpl p, Command.Copy c) {
        String query = c.query() != null ? c.query() : CopyOut.query(c);
        Result rows;
        try {
            PreparedStatementImpl q = prepareOne(query, List.of(), false);
            if (!(q.command() instanceof Command.Parsed parsed)) {
                throw new SqlException("0A000", "COPY query must be a SELECT, VALUES, or a statement with RETURNING");
            }
            rows = runPlanned(q, parsed, List.of());
        } catch (SqlException e) {
            if (e.position() <= 0) {
                throw e;
            }
            int offset = c.query() != null ? p.sql().indexOf(c.query()) : -1;
            throw e.at(offset < 0 ? 0 : e.position() + offset);
        }
        if (!rows.returnsRows()) {
            throw new SqlException("0A000", "COPY query must have a RETURNING clause");
        }
        return CopyOut.send(rows, c.options(), settings.zone(), copyClient);
    }

    private void checkWritable(PreparedStatementImpl p, boolean writes) {
        if (writes && txn.readOnly()) {
            throw new SqlException("25006", "cannot execute " + verb(p.sql()) + " in a read-only transaction");
        }
    }

    /** Executes the planned statement on {@code catalog} through {@code kv}; its notices go first. */
    private Result run(PreparedStatementImpl p, Command.Parsed parsed, List<Object> params, Catalog catalog, KvTxn kv) {
        ExecContext ctx = new ExecContext(() -> kv, catalog, params, settings.zone(), txn.startTime(),
            () -> cancelled);
        Result r = p.planned().execute(ctx);
        if (ctx.notices().isEmpty()) {
            return r;
        }
        List<Notice> notices = new ArrayList<>(ctx.notices());
        notices.addAll(r.notices());
        return new Result(r.columns(), r.rows(), r.commandTag(), notices, r.parameterChanges());
    }

    /**
     * After a statement that wrote: its held writes are sent now, so that a lock timeout or a
     * deadlock they meet is this statement's error, unless the statement ends an implicit
     * transaction; then they go with its commit. (In the extended protocol, several Executes
     * before one Sync share an implicit transaction: there an error of a held write is reported
     * by the next Execute or by the Sync, and the whole transaction is rolled back as before.)
     */
    private Result finish(Result r, KvTxn kv, boolean writes) {
        txn.statementDone();
        if (writes && (txn.state() == TxnState.EXPLICIT || morePieces)) {
            KvErrors.sqlRun(kv::flush);
        }
        return r;
    }

    private Result set(Command.Set s) {
        Map<String, String> changes = new LinkedHashMap<>();
        List<Notice> notices = new ArrayList<>();
        if (s.name().equals("all")) {
            for (String name : new ArrayList<>(settings.all().keySet())) {
                try {
                    String reported = settings.set(name, null, false);
                    if (reported != null) {
                        changes.put(reported, settings.get(reported));
                    }
                } catch (SqlException ignored) {
                    // read-only parameters keep their values under RESET ALL
                }
            }
            return new Result(null, List.of(), "RESET", List.of(), changes);
        }
        String name = s.name().toLowerCase(Locale.ROOT);
        if (name.equals("transaction_isolation")) {
            return txn.setTransaction(new Command.SetTransaction(
                io.basalt.txn.Isolation.parse(s.value() == null ? "serializable" : s.value()), null, false));
        }
        if (s.local() && txn.state() != TxnState.EXPLICIT) {
            notices.add(new Notice("WARNING", "25P01", "SET LOCAL can only be used in transaction blocks"));
            return new Result(null, List.of(), "SET", notices, Map.of());
        }
        String reported = settings.set(s.name(), s.value(), s.local());
        if (reported != null) {
            changes.put(reported, settings.get(reported));
        }
        return new Result(null, List.of(), "SET", notices, changes);
    }

    private static boolean isDdl(Command.Parsed parsed) {
        var st = parsed.statement();
        return st instanceof net.sf.jsqlparser.statement.create.table.CreateTable
            || st instanceof net.sf.jsqlparser.statement.drop.Drop
            || st instanceof net.sf.jsqlparser.statement.create.index.CreateIndex
            || st instanceof net.sf.jsqlparser.statement.alter.Alter
            || st instanceof net.sf.jsqlparser.statement.truncate.Truncate;
    }

    private static String verb(String sql) {
        String s = sql.strip();
        int sp = 0;
        while (sp < s.length() && Character.isLetter(s.charAt(sp))) {
            sp++;
        }
        return s.substring(0, sp).toUpperCase(Locale.ROOT);
    }

    /** Turns a key-value failure into the SQL error the client sees. */
    static SqlException toSql(KvException e) {
        return new SqlException(e.sqlState(), e.getMessage(), e);
    }

    Instant now() {
        return backend.clock().instant();
    }
}
