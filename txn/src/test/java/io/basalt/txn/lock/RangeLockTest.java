package io.basalt.txn.lock;

import static io.basalt.txn.lock.LockFixtures.S;
import static io.basalt.txn.lock.LockFixtures.X;
import static io.basalt.txn.lock.LockFixtures.assertGranted;
import static io.basalt.txn.lock.LockFixtures.assertWaiting;
import static io.basalt.txn.lock.LockFixtures.key;
import static io.basalt.txn.lock.LockFixtures.range;
import static io.basalt.txn.lock.LockFixtures.txn;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.TxnId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Scans lock ranges, so a write into a scanned range (a phantom) waits for the scanner. */
class RangeLockTest {
    private final LockTable table = new LockTable();
    private final TxnId scan = txn(1);
    private final TxnId writer = txn(2);

    @Test
    void scanBlocksWritesInsideItsRangeOnly() {
        assertGranted(table.acquire(scan, range("b", "d"), S));
        assertWaiting(table.acquire(writer, key("b"), X), scan);
        assertThat(table.cancelWait(writer)).isEmpty();
        assertWaiting(table.acquire(writer, key("c"), X), scan);
        assertThat(table.cancelWait(writer)).isEmpty();
        assertGranted(table.acquire(writer, key("d"), X));
        assertGranted(table.acquire(writer, key("a"), X));
        assertGranted(table.acquire(writer, key("bz"), S));
    }

    @Test
    void aWriterWithThousandsOfItsOwnScanPagesStillWaitsForAnotherTransactionsRange() {
        for (int page = 0; page < 5_000; page++) {
            assertGranted(table.acquire(writer, range(String.format("p%05d", page), String.format("p%05d~", page)), S));
        }
        assertGranted(table.acquire(writer, key("p00001x"), X));
        assertGranted(table.acquire(scan, range("q", "r"), S));
        assertWaiting(table.acquire(writer, key("qq"), X), scan);
        assertThat(table.releaseAll(scan)).containsExactly(new Grant(writer, key("qq"), X));
        assertGranted(table.acquire(writer, key("qr"), X));
        assertGranted(table.acquire(scan, range("p00002", "p00003"), S));
        assertWaiting(table.acquire(writer, key("p00002a"), X), scan);
    }

    @Test
    void unboundedScanBlocksEveryLaterKey() {
        table.acquire(scan, range("b", null), S);
        assertWaiting(table.acquire(writer, LockTarget.key(new byte[] {(byte) 0xff}), X), scan);
        assertThat(table.cancelWait(writer)).isEmpty();
        assertGranted(table.acquire(writer, key("a"), X));
    }

    @Test
    void heldWriteBlocksAScanThatCoversIt() {
        table.acquire(writer, key("c"), X);
        assertWaiting(table.acquire(scan, range("a", "z"), S), writer);
        assertThat(table.releaseAll(writer)).containsExactly(new Grant(scan, range("a", "z"), S));
    }

    @Test
    void heldWriteAtTheEndOfAScanDoesNotBlockIt() {
        table.acquire(writer, key("d"), X);
        assertGranted(table.acquire(scan, range("b", "d"), S));
        assertWaiting(table.acquire(txn(3), range("d", "e"), X), writer);
    }

    @Test
    void scanWaitsExactlyForTheWritersInsideIt() {
        List<TxnId> inside = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TxnId w = txn(100 + i);
            String k = String.format("k%03d", i);
            table.acquire(w, key(k), X);
            if (k.compareTo("k040") >= 0 && k.compareTo("k050") < 0) {
                inside.add(w);
            }
        }
        assertWaiting(table.acquire(scan, range("k040", "k050"), S), inside.toArray(TxnId[]::new));
    }

    @Test
    void rangesConflictWhenTheyOverlap() {
        table.acquire(scan, range("a", "c"), X);
        assertWaiting(table.acquire(writer, range("b", "d"), S), scan);
        assertThat(table.cancelWait(writer)).isEmpty();
        assertGranted(table.acquire(writer, range("c", "d"), X));
    }

    @Test
    void sharedRangesCoexist() {
        assertGranted(table.acquire(scan, range("a", "m"), S));
        assertGranted(table.acquire(writer, range("c", null), S));
        assertGranted(table.acquire(txn(3), key("d"), S));
        assertWaiting(table.acquire(txn(4), key("d"), X), scan, writer, txn(3));
    }

    @Test
    void emptyRangeBlocksNothing() {
        table.acquire(scan, range("b", "b"), X);
        assertGranted(table.acquire(writer, key("b"), X));
        assertWaiting(table.acquire(txn(3), range("a", null), X), writer);
    }
}
