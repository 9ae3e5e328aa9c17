package io.basalt.server.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Steps finish in submission order, never before their writes, and never after a failure. */
class LogPipelineTest {
    private final ScriptedLog log = new ScriptedLog();
    private final List<String> finished = new ArrayList<>();
    private final List<Throwable> failures = new ArrayList<>();
    // Completions run inline: the test thread plays the event loop.
    private final LogPipeline pipeline = new LogPipeline(log, Runnable::run, failures::add);

    @Test
    void aStepWithoutRecordsWaitsForTheWritesBeforeIt() {
        pipeline.submit(records(2), first -> finished.add("a@" + first));
        pipeline.submit(List.of(), first -> finished.add("b"));
        pipeline.submit(records(1), first -> finished.add("c@" + first));
        assertThat(finished).isEmpty();

        log.complete(1, 3);
        assertThat(finished).as("c is durable, but a is not yet").isEmpty();
        log.complete(0, 2);
        assertThat(finished).containsExactly("a@1", "b", "c@3");
        assertThat(pipeline.inFlight()).isZero();
    }

    @Test
    void aStepWithoutRecordsFinishesAtOnceWhenNothingIsInFlight() {
        pipeline.submit(List.of(), first -> finished.add("now"));
        assertThat(finished).containsExactly("now");
    }

    @Test
    void aFailedWriteIsFinalAndNothingAfterItFinishes() {
        pipeline.submit(records(1), first -> finished.add("a"));
        pipeline.submit(records(1), first -> finished.add("b"));
        log.fail(0, new IOException("fsync failed"));
        log.complete(1, 2);
        pipeline.submit(List.of(), first -> finished.add("c"));

        assertThat(finished).isEmpty();
        assertThat(failures).singleElement().satisfies(e -> assertThat(e).hasMessage("fsync failed"));
    }

    @Test
    void aStepSubmittedWhileAnotherFinishesRunsAfterIt() {
        pipeline.submit(records(1), first -> {
            finished.add("a");
            pipeline.submit(List.of(), f -> finished.add("a's follow-up"));
        });
        pipeline.submit(List.of(), first -> finished.add("b"));
        log.complete(0, 1);
        assertThat(finished).containsExactly("a", "b", "a's follow-up");
    }

    private static List<byte[]> records(int n) {
        List<byte[]> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(new byte[] {(byte) i});
        }
        return r;
    }
}
