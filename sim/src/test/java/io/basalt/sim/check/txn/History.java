package io.basalt.sim.check.txn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Builds a list-append history for a test; each line reads like one row of a transcript. */
final class History {
    private final List<TxnRecord> txns = new ArrayList<>();

    static MicroOp append(String key, long value) {
        return new MicroOp.Append(key, value);
    }

    static MicroOp read(String key, long... values) {
        return new MicroOp.Read(key, Arrays.stream(values).boxed().toList());
    }

    static MicroOp unknownRead(String key) {
        return new MicroOp.Read(key, null);
    }

    History ok(int id, long invoke, long complete, MicroOp... ops) {
        txns.add(new TxnRecord(id, id, invoke, complete, Outcome.OK, List.of(ops)));
        return this;
    }

    History fail(int id, long invoke, long complete, MicroOp... ops) {
        txns.add(new TxnRecord(id, id, invoke, complete, Outcome.FAIL, List.of(ops)));
        return this;
    }

    History info(int id, long invoke, MicroOp... ops) {
        txns.add(new TxnRecord(id, id, invoke, Long.MAX_VALUE, Outcome.INFO, List.of(ops)));
        return this;
    }

    List<TxnRecord> txns() {
        return txns;
    }

    ListAppendReport check(boolean realTime) {
        return ListAppendChecker.check(txns, realTime);
    }
}
