package io.basalt.pgwire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The real psql binary (libpq) as a separate process. */
@Timeout(60)
class PsqlTest {
    private static final Path PSQL = Path.of("/usr/bin/psql");
    private static final long PSQL_SECONDS_MAX = 20;

    private PgServer server;

    private record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(PSQL), "psql is not installed");
        server = PgServer.start("127.0.0.1", 0, new ScriptedSqlService(), PgServerConfig.defaults());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Run psql(String... commands) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of(PSQL.toString(), "-X", "-w", "-h", "127.0.0.1",
            "-p", Integer.toString(server.port()), "-U", "anyone", "-d", "postgres"));
        for (String c : commands) {
            argv.add("-c");
            argv.add(c);
        }
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().put("PGSSLMODE", "prefer");
        pb.environment().remove("PGPASSWORD");
        Process p = pb.start();
        p.getOutputStream().close();
        var out = p.getInputStream();
        var err = p.getErrorStream();
        boolean done = p.waitFor(PSQL_SECONDS_MAX, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly();
        }
        assertThat(done).as("psql finished within %d s", PSQL_SECONDS_MAX).isTrue();
        return new Run(p.exitValue(), new String(out.readAllBytes(), StandardCharsets.UTF_8),
            new String(err.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void selectOnePrintsATable() throws Exception {
        Run r = psql("SELECT 1");
        assertThat(r.stderr()).isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).isEqualTo(" ?column? \n----------\n        1\n(1 row)\n\n");
    }

    @Test
    void severalRowsAndNulls() throws Exception {
        Run r = psql("SELECT generate_series(1, 3)");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains(" generate_series \n", "               3\n", "(3 rows)");
    }

    @Test
    void errorsShowTheirCodeWhenVerbose() throws Exception {
        Run r = psql("\\set VERBOSITY verbose", "FAIL 23505");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("ERROR:  23505: scripted failure 23505", "DETAIL:  the test asked for it",
            "HINT:  ask for something else");
    }

    @Test
    void noticesAreShown() throws Exception {
        Run r = psql("NOTICE look out");
        assertThat(r.exitCode()).isZero();
        assertThat(r.stderr()).contains("NOTICE:  look out");
        assertThat(r.stdout()).contains("DO");
    }
}
