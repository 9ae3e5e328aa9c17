package io.basalt.server.replica;

import io.basalt.common.Invariants;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The group's writes in flight. Each step is a batch of records (possibly none) with work to
 * do once it is durable; steps finish strictly in submission order, so a Ready whose own batch
 * is empty still waits for the writes before it (persist before send holds across Readys).
 * Many steps may be in flight at once: the event loop never waits for an fsync.
 *
 * <p>A failed write is final: no later step ever finishes, and {@code onFailure} runs once.
 * Used only on the group's event loop.
 */
final class LogPipeline {
    private final RecordLog log;
    private final Executor loop;
    private final Consumer<Throwable> onFailure;
    private final ArrayDeque<Step> steps = new ArrayDeque<>();
    private boolean finishing;
    private boolean failed;

    /** {@code loop} runs completions on the group's event loop. */
    LogPipeline(RecordLog log, Executor loop, Consumer<Throwable> onFailure) {
        this.log = log;
        this.loop = loop;
        this.onFailure = onFailure;
    }

    /**
     * Appends {@code records}; when they and everything before are durable, runs
     * {@code onDurable} with the sequence of the batch's first record (meaningless if empty).
     */
    void submit(List<byte[]> records, LongConsumer onDurable) {
        if (failed) {
            return;
        }
        Step step = new Step(records.size(), onDurable);
        steps.add(step);
        if (records.isEmpty()) {
            step.done = true;
            finishInOrder();
            return;
        }
        try {
            log.append(records).whenComplete((last, error) -> loop.execute(() -> complete(step, last, error)));
        } catch (RuntimeException refused) {
            // A closed log or an oversized record: the batch will never be durable.
            complete(step, null, refused);
        }
    }

    /** Writes submitted and not yet finished. */
    int inFlight() {
        return steps.size();
    }

    private void complete(Step step, Long lastSequence, Throwable error) {
        if (failed) {
            return;
        }
        if (error != null) {
            failed = true;
            steps.clear();
            onFailure.accept(error);
            return;
        }
        step.firstSequence = lastSequence - step.records + 1;
        step.done = true;
        finishInOrder();
    }

    private void finishInOrder() {
        if (finishing) {
            return; // a step submitted while finishing another is picked up by the loop below
        }
        finishing = true;
        try {
            while (!failed && !steps.isEmpty() && steps.peek().done) {
                Step step = steps.poll();
                step.onDurable.accept(step.firstSequence);
            }
        } finally {
            finishing = false;
        }
        Invariants.check(failed || steps.isEmpty() || !steps.peek().done, "a finished step is left waiting");
    }

    private static final class Step {
        final int records;
        final LongConsumer onDurable;
        boolean done;
        long firstSequence;

        Step(int records, LongConsumer onDurable) {
            this.records = records;
            this.onDurable = onDurable;
        }
    }
}
