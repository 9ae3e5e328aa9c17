package io.basalt.sql.store;

import io.basalt.kv.client.KvException;
import io.basalt.sql.api.SqlException;

/**
 * The one place a key-value failure becomes the SQL error a client sees: the KV layer already
 * chose the PostgreSQL SQLSTATE (40001 retry, 40P01 deadlock, 55P03 lock timeout, 54000 write
 * limit...), so the code and message pass through unchanged.
 */
public final class KvErrors {
    private KvErrors() {
    }

    /** A key-value step that may fail. */
    @FunctionalInterface
    public interface KvCall<T> {
        T call() throws KvException;
    }

    /** A key-value step without a result. */
    @FunctionalInterface
    public interface KvStep {
        void run() throws KvException;
    }

    public static SqlException toSql(KvException e) {
        return new SqlException(e.sqlState(), e.getMessage(), e);
    }

    /** Runs {@code call}, turning a KvException into a SqlException with its SQLSTATE. */
    public static <T> T sql(KvCall<T> call) {
        try {
            return call.call();
        } catch (KvException e) {
            throw toSql(e);
        }
    }

    /** Runs {@code step}, turning a KvException into a SqlException with its SQLSTATE. */
    public static void sqlRun(KvStep step) {
        try {
            step.run();
        } catch (KvException e) {
            throw toSql(e);
        }
    }
}
