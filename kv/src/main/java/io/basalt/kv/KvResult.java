package io.basalt.kv;

/**
 * The outcome of one command. {@code ok} is false only for a compare-and-set whose expectation
 * failed; {@code value} is the value read, or the previous value for a write ({@code null} when
 * {@code found} is false).
 */
public record KvResult(boolean ok, boolean found, byte[] value) {
    public static final KvResult OK_ABSENT = new KvResult(true, false, null);

    public static KvResult of(boolean ok, byte[] value) {
        return new KvResult(ok, value != null, value);
    }
}
