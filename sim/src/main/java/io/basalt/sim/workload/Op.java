package io.basalt.sim.workload;

/**
 * One client operation in the history, on one key. Values are longs (0 means absent); every
 * write writes a value no other operation writes, which is what lets a checker tell stale
 * reads apart.
 *
 * @param returnUs when the answer arrived; {@link Long#MAX_VALUE} if the outcome is unknown
 *        (timed out or unanswered: it may take effect at any time after invocation, or never)
 * @param outValue for GET the value read, for PUT the previous value, for CAS the current
 *        value it compared against
 * @param outOk for CAS whether it swapped; true otherwise
 */
public record Op(int id, long clientId, Kind kind, String key, long value, long expected, long invokeUs,
                 long returnUs, Outcome outcome, long outValue, boolean outOk, long index, long term) {

    public enum Kind { GET, PUT, CAS }

    public enum Outcome { PENDING, OK, UNKNOWN }

    public boolean isWrite() {
        return kind != Kind.GET;
    }

    public static Op invoked(int id, long clientId, Kind kind, String key, long value, long expected, long invokeUs) {
        return new Op(id, clientId, kind, key, value, expected, invokeUs, Long.MAX_VALUE, Outcome.PENDING, 0, false, 0, 0);
    }

    public Op ok(long nowUs, long out, boolean okFlag, long atIndex, long atTerm) {
        return new Op(id, clientId, kind, key, value, expected, invokeUs, nowUs, Outcome.OK, out, okFlag, atIndex, atTerm);
    }

    public Op unknown() {
        return new Op(id, clientId, kind, key, value, expected, invokeUs, Long.MAX_VALUE, Outcome.UNKNOWN, 0, false, 0, 0);
    }
}
