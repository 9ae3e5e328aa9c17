package io.basalt.txn.lock;

import static io.basalt.txn.lock.LockFixtures.S;
import static io.basalt.txn.lock.LockFixtures.X;
import static io.basalt.txn.lock.LockFixtures.assertGranted;
import static io.basalt.txn.lock.LockFixtures.assertWaiting;
import static io.basalt.txn.lock.LockFixtures.key;
import static io.basalt.txn.lock.LockFixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import org.junit.jupiter.api.Test;

/** First come, first served: a writer is not starved by readers that keep arriving. */
class FairnessTest {
    private final LockTable table = new LockTable();
    private final TxnId reader = txn(1);
    private final TxnId writer = txn(2);
    private final TxnId laterReader = txn(3);

    @Test
    void laterReaderQueuesBehindWaitingWriter() {
        assertGranted(table.acquire(reader, key("k"), S));
        assertWaiting(table.acquire(writer, key("k"), X), reader);
        assertWaiting(table.acquire(laterReader, key("k"), S), writer);

        assertThat(table.releaseAll(reader)).containsExactly(new Grant(writer, key("k"), X));
        assertThat(table.holds(writer, key("k"), X)).isTrue();
        assertThat(table.isWaiting(laterReader)).isTrue();
        assertThat(table.blockers(laterReader)).containsExactly(writer);

        assertThat(table.releaseAll(writer)).containsExactly(new Grant(laterReader, key("k"), S));
        assertThat(table.holds(laterReader, key("k"), S)).isTrue();
        assertThat(table.waitingCount()).isZero();
    }

    @Test
    void oneReleaseGrantsEveryCompatibleWaiterInArrivalOrder() {
        TxnId r2 = txn(4);
        TxnId r3 = txn(5);
        table.acquire(writer, key("k"), X);
        table.acquire(laterReader, key("k"), S);
        table.acquire(r2, key("k"), S);
        table.acquire(r3, key("k"), S);
        assertThat(table.releaseAll(writer)).containsExactly(new Grant(laterReader, key("k"), S),
            new Grant(r2, key("k"), S), new Grant(r3, key("k"), S));
    }

    @Test
    void grantsStopAtTheFirstConflictingWaiter() {
        TxnId w2 = txn(4);
        TxnId r2 = txn(5);
        table.acquire(writer, key("k"), X);
        table.acquire(reader, key("k"), S);
        table.acquire(w2, key("k"), X);
        assertWaiting(table.acquire(r2, key("k"), S), writer, w2);
        assertThat(table.releaseAll(writer)).containsExactly(new Grant(reader, key("k"), S));
        assertThat(table.blockers(w2)).containsExactly(reader);
        assertThat(table.blockers(r2)).as("behind the waiting writer, not the reader").containsExactly(w2);
    }

    @Test
    void waitersOnOtherKeysDoNotBlock() {
        table.acquire(reader, key("k"), S);
        assertWaiting(table.acquire(writer, key("k"), X), reader);
        assertGranted(table.acquire(laterReader, key("other"), S));
        assertGranted(table.acquire(txn(9), key("other"), S));
    }
}
