package io.basalt.txn.lock;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.KeyRange;
import io.basalt.txn.LockMode;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import java.nio.charset.StandardCharsets;

/** Short names for lock-table tests: transactions by number, keys and ranges by text. */
final class LockFixtures {
    static final LockMode S = LockMode.SHARED;
    static final LockMode X = LockMode.EXCLUSIVE;

    private LockFixtures() {
    }

    /** Transaction {@code n}; a larger number is a younger transaction. */
    static TxnId txn(int n) {
        return new TxnId(new Timestamp(n, 0), 1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    static LockTarget key(String k) {
        return LockTarget.key(bytes(k));
    }

    /** The keys {@code start <= k < end}; a null end is unbounded. */
    static LockTarget range(String start, String end) {
        return LockTarget.range(new KeyRange(bytes(start), end == null ? null : bytes(end)));
    }

    static void assertGranted(LockResult r) {
        assertThat(r).isInstanceOf(LockResult.Granted.class);
    }

    static void assertWaiting(LockResult r, TxnId... blockers) {
        assertThat(r).isInstanceOf(LockResult.Waiting.class);
        assertThat(((LockResult.Waiting) r).blockers()).containsExactlyInAnyOrder(blockers);
    }
}
