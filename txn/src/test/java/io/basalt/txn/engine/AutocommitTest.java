package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.SqlState;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claim 13: an autocommit write waits for its locks, proposes the driver's command, and holds the locks until applied. */
class AutocommitTest {
    private final EngineHarness h = new EngineHarness();

    @Test
    void anAutocommitWaitsBehindALockThenProposesItsAttachmentAndReleasesOnApply() {
        h.seed("k", "old");
        TxnId reader = h.begin();
        assertThat(h.value(h.get(reader, "k"))).isEqualTo("old");

        Write command = new Write(EngineHarness.b("k"), EngineHarness.b("auto"));
        long req = h.autocommit(List.of("k", "j"), command);
        h.assertWaiting(req);
        assertThat(h.unapplied()).isEmpty();

        assertThat(h.committed(h.commit(reader)).commitTs()).isNull();
        List<Proposal> proposals = h.unapplied();
        assertThat(proposals).hasSize(1);
        Proposal p = proposals.getFirst();
        assertThat(p.writes()).isEmpty();
        assertThat(p.attachment()).isSameAs(command);
        assertThat(p.commitTs()).isNotNull();
        h.assertWaiting(req);

        // Until applied, the locks are held: both keys.
        TxnId writer = h.begin();
        long put = h.put(writer, "j", "w");
        h.assertWaiting(put);

        h.applyAll();
        assertThat(h.result(req)).as("the driver answers an autocommit itself when it applies the command")
            .isNull();
        h.assertDone(put);
        assertThat(h.stored("k")).isEqualTo("auto");
        assertThat(h.engine.isOpen(p.txn())).isFalse();
        assertThat(h.engine.stats().locksHeld()).isEqualTo(1);
    }

    @Test
    void anAutocommitWithAFreeKeyProposesAtOnce() {
        long req = h.autocommit(List.of("k"), new Write(EngineHarness.b("k"), EngineHarness.b("v")));
        assertThat(h.unapplied()).hasSize(1);
        h.applyAll();
        h.assertWaiting(req);
        assertThat(h.stored("k")).isEqualTo("v");
        TxnId t = h.begin();
        h.assertDone(h.put(t, "k", "w"));
    }

    @Test
    void aSnapshotReadWaitsForACommittingAutocommit() {
        h.seed("k", "old");
        h.autocommit(List.of("k"), new Write(EngineHarness.b("k"), EngineHarness.b("auto")));
        TxnId ro = h.beginReadOnly();
        long read = h.get(ro, "k");
        h.assertWaiting(read);
        h.applyAll();
        assertThat(h.value(read)).isEqualTo("auto");
    }

    @Test
    void anAutocommitThatWaitsTooLongFailsWithLockTimeout() {
        TxnId holder = h.begin();
        h.assertDone(h.put(holder, "k", "h"));
        long req = h.autocommit(List.of("k"), "cmd");
        h.tick(h.config.lockTimeoutMs());
        h.assertAborted(req, SqlState.LOCK_NOT_AVAILABLE);
        assertThat(h.unapplied()).isEmpty();
        assertThat(h.engine.isOpen(holder)).isTrue();
    }
}
