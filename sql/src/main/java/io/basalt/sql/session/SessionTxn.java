package io.basalt.sql.session;

import io.basalt.kv.client.KvException;
import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.Notice;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import io.basalt.txn.Isolation;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The session's transaction: the state of {@link TxnState}, the modes of the current block,
 * and the key-value transaction under it, begun lazily by the first statement that needs it.
 * An implicit transaction whose statement only reads begins a read-only snapshot (no locks);
 * if a later statement of the same implicit transaction writes, the snapshot ends and a
 * read-write transaction begins (documented: the two statements are then not one atomic
 * read). Explicit blocks use one key-value transaction throughout.
 */
final class SessionTxn {
    private final Backend backend;
    private final Settings settings;
    private TxnState state = TxnState.NONE;
    private KvTxn kv;
    private boolean kvReadOnly;
    private Isolation isolation;
    private boolean blockReadOnly;
    private Instant startTime;
    private Catalog catalog;
    /** No statement has run in the key-value transaction yet (so it has no catalog of its own). */
    private boolean kvFresh;

    SessionTxn(Backend backend, Settings settings) {
        this.backend = backend;
        this.settings = settings;
    }

    TxnState state() {
        return state;
    }

    Instant startTime() {
        return startTime == null ? backend.clock().instant() : startTime;
    }

    boolean readOnly() {
        return state == TxnState.NONE ? settings.defaultReadOnly() : blockReadOnly;
    }

    String isolationName() {
        Isolation i = state == TxnState.NONE || isolation == null ? settings.defaultIsolation() : isolation;
        return i == Isolation.SERIALIZABLE ? "serializable" : "read committed";
    }

    /** The key-value transaction for a statement that {@code writes} or not, begun if needed. */
    KvTxn current(boolean writes) {
        if (state == TxnState.NONE) {
            startBlock(TxnState.IMPLICIT, null, null);
        }
        if (kv != null && kvReadOnly && writes && !blockReadOnly && state == TxnState.IMPLICIT) {
            finishKv(true);
        }
        if (kv == null) {
            boolean ro = blockReadOnly || (state == TxnState.IMPLICIT && !writes);
            try {
                kv = backend.kv().begin(ro, isolation);
            } catch (KvException e) {
                throw Session.toSql(e);
            }
            kvReadOnly = ro;
            kvFresh = true;
            catalog = null;
        }
        return kv;
    }

    /**
     * Whether the next statement may run on the node's newest catalog before its transaction
     * confirms it ({@link CatalogCheckedTxn}): only as the first statement of a key-value
     * transaction, which holds no catalog of its own yet (no DDL of its own either).
     */
    boolean mayAssumeCatalog() {
        return catalog == null && (kv == null || kvFresh);
    }

    /** The transaction's first request confirmed that it sees {@code c}. */
    void catalogConfirmed(Catalog c) {
        catalog = c;
    }

    /** A statement ran in the current key-value transaction. */
    void statementDone() {
        kvFresh = false;
    }

    /** The catalog inside the current key-value transaction. */
    Catalog catalog() {
        if (catalog == null) {
            catalog = backend.catalog(kv);
        }
        return catalog;
    }

    /**
     * The catalog to plan a statement against: this transaction's when one is open, else the
     * node's newest, or ({@code fresh}) the current one read in a short read-only transaction.
     */
    Catalog catalogForPlanning(boolean fresh) {
        if (kv != null) {
            return catalog();
        }
        if (!fresh) {
            return backend.latestCatalog();
        }
        try (KvTxn t = backend.kv().begin(true, settings.defaultIsolation())) {
            Catalog c = backend.catalog(t);
            t.commit();
            return c;
        } catch (KvException e) {
            throw Session.toSql(e);
        }
    }

    /** DDL ran: the next statement reads the catalog again (it sees this transaction's own change). */
    void catalogChanged() {
        catalog = null;
    }

    Result begin(Command.Begin b) {
        switch (state) {
            case EXPLICIT, FAILED -> {
                return withNotice("BEGIN", "WARNING", "25001", "there is already a transaction in progress");
            }
            case IMPLICIT -> {
                state = TxnState.EXPLICIT;
                applyModes(b.isolation(), b.readOnly());
                if (kv != null && kvReadOnly && !blockReadOnly) {
                    finishKv(true);
                }
            }
            case NONE -> startBlock(TxnState.EXPLICIT, b.isolation(), b.readOnly());
        }
        return Result.command("BEGIN");
    }

    Result commit() {
        switch (state) {
            case NONE -> {
                return withNotice("COMMIT", "WARNING", "25P01", "there is no transaction in progress");
            }
            case IMPLICIT -> {
                endImplicit();
                return withNotice("COMMIT", "WARNING", "25P01", "there is no transaction in progress");
            }
            case FAILED -> {
                finishKv(false);
                state = TxnState.NONE;
                return Result.command("ROLLBACK");
            }
            default -> {
                state = TxnState.NONE;
                finishKv(true);
                return Result.command("COMMIT");
            }
        }
    }

    Result rollback() {
        TxnState was = state;
        finishKv(false);
        state = TxnState.NONE;
        if (was == TxnState.NONE || was == TxnState.IMPLICIT) {
            return withNotice("ROLLBACK", "WARNING", "25P01", "there is no transaction in progress");
        }
        return Result.command("ROLLBACK");
    }

    Result setTransaction(Command.SetTransaction s) {
        if (s.session()) {
            if (s.isolation() != null) {
                settings.set("default_transaction_isolation", isolationName(s.isolation()), false);
            }
            if (s.readOnly() != null) {
                settings.set("default_transaction_read_only", s.readOnly() ? "on" : "off", false);
            }
            return Result.command("SET");
        }
        if (state != TxnState.EXPLICIT) {
            return withNotice("SET", "WARNING", "25P01", "SET TRANSACTION can only be used in transaction blocks");
        }
        if (kv != null && s.isolation() != null) {
            throw new SqlException("25001", "SET TRANSACTION ISOLATION LEVEL must be called before any query");
        }
        applyModes(s.isolation(), s.readOnly());
        return Result.command("SET");
    }

    /** A statement failed: its transaction is rolled back; an explicit block is now failed. */
    void statementFailed() {
        finishKvQuietly();
        if (state == TxnState.EXPLICIT) {
            state = TxnState.FAILED;
        } else if (state == TxnState.IMPLICIT) {
            state = TxnState.NONE;
        }
    }

    /** Sync or the end of a simple query: commits an implicit transaction. */
    void endImplicit() {
        if (state == TxnState.IMPLICIT) {
            state = TxnState.NONE;
            finishKv(true);
        }
    }

    /** The connection is gone: roll back whatever is open. */
    void abandon() {
        finishKvQuietly();
        state = TxnState.NONE;
    }

    private void startBlock(TxnState s, Isolation iso, Boolean ro) {
        state = s;
        startTime = backend.clock().instant();
        isolation = settings.defaultIsolation();
        blockReadOnly = settings.defaultReadOnly();
        applyModes(iso, ro);
    }

    private void applyModes(Isolation iso, Boolean ro) {
        if (iso != null) {
            isolation = iso;
        }
        if (ro != null) {
            blockReadOnly = ro;
        }
    }

    /** Commits ({@code commit}) or aborts the key-value transaction; a failed commit is reported as its SQLSTATE. */
    private void finishKv(boolean commit) {
        KvTxn t = kv;
        kv = null;
        catalog = null;
        if (t == null) {
            return;
        }
        try {
            if (commit) {
                t.commit();
            } else {
                t.abort();
            }
        } catch (KvException e) {
            t.close();
            throw Session.toSql(e);
        }
    }

    private void finishKvQuietly() {
        KvTxn t = kv;
        kv = null;
        catalog = null;
        if (t != null) {
            t.close();
        }
    }

    private static String isolationName(Isolation i) {
        return i == Isolation.SERIALIZABLE ? "serializable" : "read committed";
    }

    private static Result withNotice(String tag, String severity, String code, String message) {
        return new Result(null, List.of(), tag, List.of(new Notice(severity, code, message)), Map.of());
    }
}
