package io.basalt.txn.mvcc;

import static io.basalt.txn.mvcc.MvccStores.b;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Versions written ahead at a pending commit timestamp: invisible until committed, gone if dropped. */
abstract class MvccStorePendingContract {
    private static final Timestamp T1 = new Timestamp(1_000, 0);
    private static final Timestamp T2 = new Timestamp(2_000, 0);
    private static final Timestamp T3 = new Timestamp(3_000, 0);

    /** A new, empty store. */
    protected abstract MvccStore newStore();

    @Test
    void pendingVersionsAreInvisibleToEveryReadUntilTheCommitShowsThemAllAtOnce() {
        MvccStore store = newStore();
        store.write(b("a"), T1, b("old"));
        store.beginPending(T2);
        store.write(b("a"), T2, b("new"));
        store.write(b("b"), T2, b("born"));
        store.write(b("c"), T2, null);
        assertThat(store.read(b("a"), Timestamp.MAX)).isEqualTo(b("old"));
        assertThat(store.read(b("b"), T2)).isNull();
        assertThat(store.latestCommit(b("a"))).isEqualTo(T1);
        assertThat(store.latestVersionTs(b("a"))).isEqualTo(T2);
        assertThat(store.scan(KeyRange.all(), Timestamp.MAX, 10)).extracting(kv -> new String(kv.value(), UTF_8))
            .containsExactly("old");

        store.commitPending(T2);
        assertThat(store.read(b("a"), T2)).isEqualTo(b("new"));
        assertThat(store.read(b("a"), T1)).isEqualTo(b("old"));
        assertThat(store.scan(KeyRange.all(), Timestamp.MAX, 10)).hasSize(2);
    }

    @Test
    void theNewestVersionIncludesPendingOnesAndTombstonesAndAWriteGivenItCountsAsAnyWrite() {
        MvccStore store = newStore();
        assertThat(store.newestVersion(b("a"))).isNull();
        store.write(b("a"), T1, b("old"));
        store.write(b("d"), T1, null);
        assertThat(store.newestVersion(b("a"))).isEqualTo(new Version(T1, b("old")));
        assertThat(store.newestVersion(b("d"))).isEqualTo(new Version(T1, null));
        store.beginPending(T2);
        store.write(b("a"), T2, b("new"), store.newestVersion(b("a")));
        store.write(b("b"), T2, b("born"), store.newestVersion(b("b")));
        assertThat(store.newestVersion(b("a"))).as("pending, but the newest").isEqualTo(new Version(T2, b("new")));
        assertThat(store.newestVersion(b("b"))).isEqualTo(new Version(T2, b("born")));
        assertThat(store.read(b("a"), Timestamp.MAX)).isEqualTo(b("old"));
        assertThat(store.keyCount()).isEqualTo(3);
        assertThat(store.versionCount()).isEqualTo(4);
        store.commitPending(T2);
        assertThat(store.read(b("b"), Timestamp.MAX)).isEqualTo(b("born"));
        assertThat(store.gc(T3, 100)).as("a's old version and d's tombstone").isEqualTo(2);
    }

    @Test
    void droppedPendingVersionsLeaveTheStoreAsItWasAndGcStillCollects() {
        MvccStore store = newStore();
        store.write(b("a"), T1, b("v1"));
        store.write(b("gone"), T1, null);
        long versions = store.versionCount();
        long bytes = store.approximateBytes();
        store.beginPending(T2);
        store.write(b("a"), T2, b("v2"));
        store.write(b("fresh"), T2, b("x"));
        store.dropPending(T2, List.of(b("a"), b("fresh")));
        assertThat(store.isPending(T2)).isFalse();
        assertThat(store.versionCount()).isEqualTo(versions);
        assertThat(store.approximateBytes()).isEqualTo(bytes);
        assertThat(store.keyCount()).isEqualTo(2);
        assertThat(store.latestVersionTs(b("a"))).isEqualTo(T1);
        // The key is written again later, as if the dropped version had never been.
        store.write(b("a"), T3, b("v3"));
        assertThat(store.gc(T3, 100)).as("a's v1 and the tombstone of gone").isEqualTo(2);
        assertThat(store.read(b("a"), T3)).isEqualTo(b("v3"));
        assertThat(store.keyCount()).isOne();
        assertThat(store.approximateBytes()).as("key a and its value v3, one version").isEqualTo(1 + 2 + 12);
    }
}
