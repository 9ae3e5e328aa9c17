package io.basalt.sim.check;

import io.basalt.sim.workload.Op;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Linearizability of a key-value history, key by key (operations touch one key, so each key
 * can be checked alone). Wing–Gong search with Lowe's memoization of (linearized set, state):
 * an operation is linearized at a point between its call and its return, in an order the
 * register's sequential behaviour explains. Unknown operations return "at infinity", so they
 * may take effect at any time after their call or, in effect, never. Unknown reads, and unknown
 * writes whose value no answer or expectation ever mentions, constrain nothing and are left out
 * (values are unique per write, which is what makes that sound). The search gives up after {@code stepsMax} steps per key and says
 * "inconclusive" rather than running for ever.
 */
public final class Linearizability {
    public enum Verdict { LINEARIZABLE, NOT_LINEARIZABLE, INCONCLUSIVE }

    public record Result(String key, Verdict verdict, String details) {}

    private static final class Event {
        final Op op;
        final int opIndex;
        final boolean call;
        final long timeUs;
        Event match;
        Event prev;
        Event next;

        Event(Op op, int opIndex, boolean call, long timeUs) {
            this.op = op;
            this.opIndex = opIndex;
            this.call = call;
            this.timeUs = timeUs;
        }
    }

    private record Frame(Event call, long state) {}

    private record Memo(BitSet linearized, long state) {}

    private Linearizability() {}

    /** Checks every key; returns one result per key, in order of first appearance. */
    public static List<Result> check(List<Op> history, long stepsMax) {
        Map<String, List<Op>> byKey = new LinkedHashMap<>();
        for (Op op : history) {
            byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
        }
        List<Result> results = new ArrayList<>();
        byKey.forEach((key, ops) -> results.add(checkKey(key, ops, stepsMax)));
        return results;
    }

    public static Result checkKey(String key, List<Op> ops, long stepsMax) {
        Event head = buildEvents(ops);
        BitSet linearized = new BitSet();
        Set<Memo> memo = new HashSet<>();
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        long state = 0;
        Event entry = head.next;
        Op blocked = null;
        int deepest = -1;
        for (long steps = 0; head.next != null; steps++) {
            if (steps > stepsMax) {
                return new Result(key, Verdict.INCONCLUSIVE, "gave up after " + stepsMax + " steps");
            }
            if (entry.call) {
                long next = step(state, entry.op);
                if (next != NOT_ALLOWED) {
                    BitSet with = (BitSet) linearized.clone();
                    with.set(entry.opIndex);
                    if (memo.add(new Memo(with, next))) {
                        stack.push(new Frame(entry, state));
                        state = next;
                        linearized.set(entry.opIndex);
                        lift(entry);
                        entry = head.next;
                        continue;
                    }
                }
                entry = entry.next;
            } else {
                if (stack.size() > deepest) {
                    deepest = stack.size();
                    blocked = entry.op;
                }
                if (stack.isEmpty()) {
                    return new Result(key, Verdict.NOT_LINEARIZABLE, "no order explains " + describe(blocked)
                        + " after " + deepest + " of " + ops.size() + " operations");
                }
                Frame f = stack.pop();
                state = f.state();
                linearized.clear(f.call().opIndex);
                unlift(f.call());
                entry = f.call().next;
            }
        }
        return new Result(key, Verdict.LINEARIZABLE, ops.size() + " operations");
    }

    private static Event buildEvents(List<Op> ops) {
        Set<Long> observed = new HashSet<>();
        for (Op op : ops) {
            if (op.outcome() == Op.Outcome.OK) {
                observed.add(op.outValue());
            }
            observed.add(op.expected());
        }
        List<Event> events = new ArrayList<>();
        int index = 0;
        for (Op op : ops) {
            if (op.outcome() != Op.Outcome.OK && !(op.isWrite() && observed.contains(op.value()))) {
                // An unknown read constrains nothing, and neither does an unknown write whose
                // value nobody ever saw: any order that explains the rest can take it last.
                continue;
            }
            Event call = new Event(op, index, true, op.invokeUs());
            long returnUs = op.outcome() == Op.Outcome.OK ? op.returnUs() : Long.MAX_VALUE;
            Event ret = new Event(op, index, false, returnUs);
            call.match = ret;
            events.add(call);
            events.add(ret);
            index++;
        }
        // At equal times calls come first: the two operations then count as concurrent, which
        // can only make the checker more permissive, never report a false violation.
        events.sort(Comparator.comparingLong((Event e) -> e.timeUs).thenComparing(e -> e.call ? 0 : 1)
            .thenComparingInt(e -> e.opIndex));
        Event head = new Event(null, -1, false, Long.MIN_VALUE);
        Event last = head;
        for (Event e : events) {
            last.next = e;
            e.prev = last;
            last = e;
        }
        return head;
    }

    private static final long NOT_ALLOWED = Long.MIN_VALUE;

    /** The register's state after {@code op}, or {@link #NOT_ALLOWED} if its answer contradicts it. */
    static long step(long state, Op op) {
        boolean known = op.outcome() == Op.Outcome.OK;
        return switch (op.kind()) {
            case GET -> state == op.outValue() ? state : NOT_ALLOWED;
            case PUT -> !known || state == op.outValue() ? op.value() : NOT_ALLOWED;
            case CAS -> {
                boolean swaps = state == op.expected();
                if (known && (state != op.outValue() || op.outOk() != swaps)) {
                    yield NOT_ALLOWED;
                }
                yield swaps ? op.value() : state;
            }
        };
    }

    private static void lift(Event call) {
        call.prev.next = call.next;
        if (call.next != null) {
            call.next.prev = call.prev;
        }
        Event ret = call.match;
        ret.prev.next = ret.next;
        if (ret.next != null) {
            ret.next.prev = ret.prev;
        }
    }

    private static void unlift(Event call) {
        Event ret = call.match;
        ret.prev.next = ret;
        if (ret.next != null) {
            ret.next.prev = ret;
        }
        call.prev.next = call;
        if (call.next != null) {
            call.next.prev = call;
        }
    }

    private static String describe(Op op) {
        if (op == null) {
            return "the history";
        }
        String what = switch (op.kind()) {
            case GET -> "get(" + op.key() + ") -> " + op.outValue();
            case PUT -> "put(" + op.key() + ", " + op.value() + ") prev " + op.outValue();
            case CAS -> "cas(" + op.key() + ", " + op.expected() + " -> " + op.value() + ") " + (op.outOk() ? "ok" : "failed")
                + " saw " + op.outValue();
        };
        return what + " by client " + op.clientId() + " [" + op.invokeUs() / 1000 + "ms, "
            + (op.returnUs() == Long.MAX_VALUE ? "?" : op.returnUs() / 1000 + "ms") + "]";
    }
}
