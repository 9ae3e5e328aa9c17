package io.basalt.sim.txn;

/** One step of a simulated client's transaction, as sent to a node. Keys are short strings. */
public sealed interface Step {
    record Begin(boolean readOnly) implements Step {}

    record Get(String key) implements Step {}

    record Put(String key, byte[] value) implements Step {}

    /** Keys {@code start <= k < end}. */
    record Scan(String start, String end) implements Step {}

    record Commit() implements Step {}

    record Abort() implements Step {}
}
