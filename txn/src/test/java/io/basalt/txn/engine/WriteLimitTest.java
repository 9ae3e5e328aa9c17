package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.SqlState;
import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** Claim 7: buffered writes beyond txnWriteBytesMax abort the transaction with SQLSTATE 54000. */
class WriteLimitTest {
    private final EngineHarness h = new EngineHarness(TxnConfig.DEFAULTS.withTxnWriteBytesMax(10));

    @Test
    void exactlyTheLimitIsAllowedAndOverwritesCountOnlyOnce() {
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "12345"));
        h.assertDone(h.put(t, "k", "123456789"));
        long commit = h.commit(t);
        h.applyAll();
        h.committed(commit);
        assertThat(h.stored("k")).isEqualTo("123456789");
    }

    @Test
    void exceedingTheLimitAbortsTheTransactionNamingTheLimit() {
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "12345"));
        long over = h.put(t, "j", "1234");  // 6 + 5 = 11 bytes, one over
        h.assertAborted(over, SqlState.PROGRAM_LIMIT_EXCEEDED);
        assertThat(h.failed(over).message()).contains("txnWriteBytesMax");
        assertThat(h.engine.isOpen(t)).isFalse();

        h.assertAborted(h.commit(t), SqlState.PROGRAM_LIMIT_EXCEEDED);
        assertThat(h.allProposals()).isEmpty();

        // Its lock on k went with it.
        TxnId other = h.begin();
        h.assertDone(h.put(other, "k", "o"));
    }
}
