package io.basalt.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Starting on a taken port, and closing a server with busy clients. */
@Timeout(30)
class PgServerLifecycleTest {
    @Test
    void aTakenPortIsAnUncheckedIoException() throws Exception {
        try (PgServer first = PgServer.start("127.0.0.1", 0, new ScriptedSqlService(), PgServerConfig.defaults())) {
            assertThatThrownBy(() -> PgServer.start("127.0.0.1", first.port(), new ScriptedSqlService(),
                PgServerConfig.defaults())).isInstanceOf(UncheckedIOException.class).hasMessageContaining("cannot listen");
        }
    }

    @Test
    void closeCancelsRunningStatementsAndClosesEverySession() throws Exception {
        ScriptedSqlService engine = new ScriptedSqlService();
        PgServer server = PgServer.start("127.0.0.1", 0, engine, PgServerConfig.defaults());
        String url = "jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres?user=a&connectTimeout=10";
        try (Connection idle = DriverManager.getConnection(url); Connection busy = DriverManager.getConnection(url)) {
            idle.setAutoCommit(false);
            idle.createStatement().execute("BEGIN");
            CompletableFuture<Throwable> sleeping = CompletableFuture.supplyAsync(() -> {
                try {
                    busy.createStatement().execute("SLEEP");
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            while (engine.sleeping.get() == 0) {
                Thread.sleep(10);
            }
            long t0 = System.nanoTime();
            server.close();
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).as("close does not wait out the SLEEP")
                .isLessThan(5_000);
            assertThat(sleeping.get(10, TimeUnit.SECONDS)).isInstanceOf(SQLException.class);
            assertThat(engine.cancels.get()).isPositive();
            assertThat(engine.closed.get()).as("every session closed by the time close() returns").isEqualTo(2);
        }
    }
}
