package io.basalt.sql.exec;

import io.basalt.kv.client.KvTxn;
import io.basalt.sql.api.Notice;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.Catalog;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Everything one statement's execution needs from its session: the key-value transaction
 * (begun on first use), the catalog the statement was planned against, the parameters, the
 * session's time zone, the transaction's timestamp for now(), and the cancel flag.
 */
public final class ExecContext {
    private final Supplier<KvTxn> txn;
    private final Catalog catalog;
    private final List<Object> params;
    private final ZoneId zone;
    private final Instant transactionTime;
    private final Supplier<Boolean> cancelled;
    private final List<Notice> notices = new ArrayList<>();

    public ExecContext(Supplier<KvTxn> txn, Catalog catalog, List<Object> params, ZoneId zone,
                       Instant transactionTime, Supplier<Boolean> cancelled) {
        this.txn = txn;
        this.catalog = catalog;
        this.params = params;
        this.zone = zone;
        this.transactionTime = transactionTime;
        this.cancelled = cancelled;
    }

    /** The transaction this statement runs in; begun by the session on first use. */
    public KvTxn txn() {
        return txn.get();
    }

    public Catalog catalog() {
        return catalog;
    }

    /** Parameter $n is {@code param(n - 1)}. */
    public Object param(int index) {
        if (index < 0 || index >= params.size()) {
            throw new SqlException("08P01", "there is no parameter $" + (index + 1));
        }
        return params.get(index);
    }

    public List<Object> params() {
        return params;
    }

    public ZoneId zone() {
        return zone;
    }

    /** now() and CURRENT_TIMESTAMP: the start of the current transaction, as in PostgreSQL. */
    public Instant transactionTime() {
        return transactionTime;
    }

    /** Throws 57014 if the client cancelled the statement; call it in loops over rows. */
    public void checkCancelled() {
        if (cancelled.get()) {
            throw new SqlException("57014", "canceling statement due to user request");
        }
    }

    public void notice(Notice n) {
        notices.add(n);
    }

    public List<Notice> notices() {
        return notices;
    }
}
