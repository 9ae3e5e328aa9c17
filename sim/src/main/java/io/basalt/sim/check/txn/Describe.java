package io.basalt.sim.check.txn;

import java.util.List;
import java.util.StringJoiner;

/** How explanations print transactions and lists: long lists keep their head and tail, which is where orders differ or end. */
final class Describe {
    /** Lists longer than this print their first {@link #HEAD_SHOWN} and last {@link #TAIL_SHOWN} values. */
    static final int LIST_SHOWN_MAX = 10;
    private static final int HEAD_SHOWN = 3;
    private static final int TAIL_SHOWN = 5;

    private Describe() {}

    static String txn(int id) {
        return "T" + id;
    }

    static String read(String key, List<Long> values) {
        return key + "=" + list(values);
    }

    static String list(List<Long> values) {
        if (values.size() <= LIST_SHOWN_MAX) {
            return values.toString();
        }
        StringJoiner sj = new StringJoiner(", ", "[", "]");
        values.subList(0, HEAD_SHOWN).forEach(v -> sj.add(Long.toString(v)));
        sj.add("…");
        values.subList(values.size() - TAIL_SHOWN, values.size()).forEach(v -> sj.add(Long.toString(v)));
        return sj + " (" + values.size() + " values)";
    }
}
