package io.basalt.common;

/**
 * The physical clock port: the only way deterministic code learns the time of day. A server
 * passes the system clock; the simulator passes a skewed, drifting simulated one.
 */
@FunctionalInterface
public interface Clock {
    /** Microseconds since the Unix epoch, as this clock believes. */
    long nowMicros();
}
