package io.basalt.sql.types;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.basalt.sql.api.SqlException;
import java.util.function.Supplier;

/**
 * One example whose outcome was recorded from PostgreSQL 15: either a text result or an
 * error's SQLSTATE and message. {@link #check} runs Basalt's version of it and compares.
 */
record PgCase(String description, String expected, String sqlState, String message) {
    static PgCase ok(String description, String expected) {
        return new PgCase(description, expected, null, null);
    }

    static PgCase err(String description, String sqlState, String message) {
        return new PgCase(description, null, sqlState, message);
    }

    void check(Supplier<String> basalt) {
        if (sqlState == null) {
            assertThat(basalt.get()).as(description).isEqualTo(expected);
            return;
        }
        SqlException e = catchThrowableOfType(SqlException.class, basalt::get);
        assertThat(e).as(description + " should fail with " + sqlState).isNotNull();
        assertThat(e.sqlState()).as(description).isEqualTo(sqlState);
        assertThat(e.getMessage()).as(description).isEqualTo(message);
    }

    @Override
    public String toString() {
        return description;
    }
}
