package io.basalt.bench;

/** One client connection of a key-value system under test; used by one load thread only. */
interface KvTarget extends AutoCloseable {
    /** A replicated write; returns when the system acknowledged it. */
    void put(byte[] key, byte[] value) throws Exception;

    @Override
    void close();
}
