package io.basalt.sql.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.sql.api.SqlException;
import org.assertj.core.api.ThrowableAssert;

/** Assertions on the SQL errors tests expect. */
public final class SqlErrors {
    private SqlErrors() {
    }

    /** Asserts {@code call} fails with {@code sqlState} and {@code message}; returns the error for more checks. */
    public static SqlException expect(ThrowableAssert.ThrowingCallable call, String sqlState, String message) {
        SqlException[] caught = new SqlException[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(SqlException.class, e -> {
            org.assertj.core.api.Assertions.assertThat(e.sqlState()).as("SQLSTATE of: " + e.getMessage())
                .isEqualTo(sqlState);
            org.assertj.core.api.Assertions.assertThat(e.getMessage()).isEqualTo(message);
            caught[0] = e;
        });
        return caught[0];
    }
}
