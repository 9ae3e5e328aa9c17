package io.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code basalt sim} from the command line: one summary line, violations last. */
class SimCommandTest {
    private record Outcome(int exit, String out, String err) {}

    private static Outcome run(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int exit = Main.commandLine().setErr(new PrintWriter(err, true)).execute(args);
            return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(saved);
        }
    }

    @Test
    void correctProtocolReportsNoViolations() {
        Outcome o = run("sim", "--seeds", "20");
        assertThat(o.exit()).isZero();
        String last = o.out().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("seeds=20 mode=sync workload=register break=none").endsWith("violations=0");
    }

    @Test
    void replayingOneSeedIsDeterministic() {
        Outcome first = run("sim", "--seed", "42", "--mode", "async");
        Outcome second = run("sim", "--seed", "42", "--mode", "async");
        assertThat(first.out()).isEqualTo(second.out()).contains("seeds=1 mode=async");
    }

    @Test
    void unknownBreakNameIsAClearError() {
        Outcome o = run("sim", "--break", "no-such-bug");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("unknown break 'no-such-bug'").contains("count-old-term-commit");
    }
}
