package io.basalt.kv.client;

/** One key and its value, as a scan returns them in key order. */
public record KvRow(byte[] key, byte[] value) {
}
