package io.basalt.txn.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static io.basalt.txn.mvcc.MvccStores.b;
import static io.basalt.txn.mvcc.MvccStores.ts;

import io.basalt.common.Invariants.InvariantViolation;
import io.basalt.txn.KeyRange;
import io.basalt.txn.Timestamp;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads and writes of an {@link MvccStore}, the same for every implementation. */
abstract class MvccStoreReadsContract {
    private MvccStore store;

    /** A new, empty store. */
    protected abstract MvccStore newStore();

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    private String readString(String key, Timestamp at) {
        byte[] value = store.read(b(key), at);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static List<String> show(List<KeyValue> rows) {
        List<String> shown = new ArrayList<>();
        for (KeyValue kv : rows) {
            shown.add(new String(kv.key(), StandardCharsets.UTF_8) + "=" + new String(kv.value(), StandardCharsets.UTF_8)
                + "@" + kv.commitTs().wallMicros());
        }
        return shown;
    }

    @Test
    void readSeesTheNewestVersionAtOrBeforeItsTimestamp() {
        store.write(b("k"), ts(10), b("v10"));
        store.write(b("k"), ts(20), b("v20"));
        store.write(b("k"), ts(30), b("v30"));

        assertThat(readString("k", ts(9))).as("before the first version").isNull();
        assertThat(readString("k", ts(10))).as("exactly at a commit").isEqualTo("v10");
        assertThat(readString("k", new Timestamp(10, 1))).isEqualTo("v10");
        assertThat(readString("k", ts(19))).as("between versions").isEqualTo("v10");
        assertThat(readString("k", ts(20))).isEqualTo("v20");
        assertThat(readString("k", ts(29))).isEqualTo("v20");
        assertThat(readString("k", ts(30))).isEqualTo("v30");
        assertThat(readString("k", Timestamp.MAX)).isEqualTo("v30");
        assertThat(readString("other", Timestamp.MAX)).isNull();
    }

    @Test
    void tombstoneHidesTheKeyUntilItIsWrittenAgain() {
        store.write(b("k"), ts(10), b("a"));
        store.write(b("k"), ts(20), null);
        store.write(b("k"), ts(30), b("b"));

        assertThat(readString("k", ts(15))).isEqualTo("a");
        assertThat(readString("k", ts(20))).isNull();
        assertThat(readString("k", ts(25))).isNull();
        assertThat(store.readVersion(b("k"), ts(25))).isEqualTo(new Version(ts(20), null));
        assertThat(store.readVersion(b("k"), ts(25)).isTombstone()).isTrue();
        assertThat(store.readVersion(b("k"), ts(5))).isNull();
        assertThat(readString("k", ts(30))).isEqualTo("b");
    }

    @Test
    void latestCommitIncludesTombstones() {
        assertThat(store.latestCommit(b("k"))).isNull();
        store.write(b("k"), ts(10), b("a"));
        store.write(b("k"), ts(20), null);
        assertThat(store.latestCommit(b("k"))).isEqualTo(ts(20));
    }

    @Test
    void writeAtOrBeforeTheNewestVersionIsRefused() {
        store.write(b("k"), ts(20), b("a"));
        assertThatThrownBy(() -> store.write(b("k"), ts(20), b("b")))
            .isInstanceOf(InvariantViolation.class)
            .hasMessageContaining("'k'").hasMessageContaining("20.0");
        assertThatThrownBy(() -> store.write(b("k"), ts(10), b("b"))).isInstanceOf(InvariantViolation.class);
        assertThat(readString("k", Timestamp.MAX)).isEqualTo("a");
        assertThat(store.versionCount()).isEqualTo(1);
        // Other keys have their own histories.
        store.write(b("j"), ts(10), b("c"));
        assertThat(store.keyCount()).isEqualTo(2);
    }

    @Test
    void changingAnArrayAfterWritingItDoesNotChangeTheStore() {
        byte[] key = b("k");
        byte[] value = b("v");
        store.write(key, ts(10), value);
        key[0] = 'x';
        value[0] = 'w';
        assertThat(readString("k", ts(10))).isEqualTo("v");
        assertThat(store.read(b("x"), ts(10))).isNull();
    }

    @Test
    void scanSeesOneConsistentStatePerTimestamp() {
        store.write(b("a"), ts(10), b("a1"));
        store.write(b("b"), ts(10), b("b1"));
        store.write(b("c"), ts(10), b("c1"));
        store.write(b("b"), ts(20), null);
        store.write(b("c"), ts(20), b("c2"));
        store.write(b("d"), ts(20), b("d2"));

        KeyRange all = KeyRange.all();
        assertThat(show(store.scan(all, ts(15), Integer.MAX_VALUE))).containsExactly("a=a1@10", "b=b1@10", "c=c1@10");
        assertThat(show(store.scan(all, ts(20), Integer.MAX_VALUE))).containsExactly("a=a1@10", "c=c2@20", "d=d2@20");
        assertThat(store.scan(all, ts(5), Integer.MAX_VALUE)).isEmpty();
    }

    @Test
    void scanHonoursRangeBoundsAndLimit() {
        for (String key : List.of("a", "b", "ba", "c", "d")) {
            store.write(b(key), ts(10), b(key));
        }
        assertThat(show(store.scan(new KeyRange(b("b"), b("c")), ts(10), 10)))
            .as("start inclusive, end exclusive").containsExactly("b=b@10", "ba=ba@10");
        assertThat(show(store.scan(new KeyRange(b("bb"), null), ts(10), 10))).containsExactly("c=c@10", "d=d@10");
        assertThat(show(store.scan(KeyRange.all(), ts(10), 2))).containsExactly("a=a@10", "b=b@10");
        assertThat(store.scan(KeyRange.all(), ts(10), 0)).isEmpty();
        assertThat(store.scan(new KeyRange(b("b"), b("b")), ts(10), 10)).isEmpty();
    }

    @Test
    void limitCountsOnlyLiveKeys() {
        store.write(b("a"), ts(10), null);
        store.write(b("b"), ts(10), b("b"));
        store.write(b("c"), ts(10), b("c"));
        assertThat(show(store.scan(KeyRange.all(), ts(10), 1))).containsExactly("b=b@10");
    }

    @Test
    void keysAreOrderedAsUnsignedBytes() {
        byte[] high = {(byte) 0xff};
        byte[] low = {0x01};
        store.write(high, ts(10), b("high"));
        store.write(low, ts(10), b("low"));
        List<KeyValue> rows = store.scan(KeyRange.all(), ts(10), Integer.MAX_VALUE);
        assertThat(rows).extracting(KeyValue::key).containsExactly(low, high);
        assertThat(store.scan(new KeyRange(new byte[] {(byte) 0x80}, null), ts(10), 10))
            .extracting(KeyValue::key).containsExactly(high);
    }

    @Test
    void keysThatArePrefixesOfEachOtherOrHoldZeroBytesKeepTheirOwnHistories() {
        // The empty key, a key and its extensions by 0x00, 0x01 and 0xff, and 0x00 bytes inside keys.
        byte[][] keys = {{}, {0}, {0, 0}, {0, 1}, {'a'}, {'a', 0}, {'a', 0, 0}, {'a', 0, (byte) 0xff}, {'a', 1},
            {'a', (byte) 0xff}, {'b'}};
        for (int i = 0; i < keys.length; i++) {
            store.write(keys[i], ts(10 + i), new byte[] {(byte) i});
            store.write(keys[i], ts(30 + i), i % 3 == 0 ? null : new byte[] {(byte) (i + 100)});
        }
        for (int i = 0; i < keys.length; i++) {
            assertThat(store.read(keys[i], ts(10 + i))).as("key %d at its first write", i).containsExactly(i);
            assertThat(store.read(keys[i], ts(9 + i))).as("key %d before it", i).isNull();
            assertThat(store.latestVersionTs(keys[i])).isEqualTo(ts(30 + i));
        }
        assertThat(store.scan(KeyRange.all(), ts(29), Integer.MAX_VALUE)).extracting(KeyValue::key)
            .as("unsigned order, a key before its extensions").containsExactly(keys);
        assertThat(store.scan(new KeyRange(new byte[] {'a'}, new byte[] {'a', 0, (byte) 0xff}), ts(29), 100))
            .extracting(KeyValue::key).containsExactly(keys[4], keys[5], keys[6]);
        assertThat(store.scan(new KeyRange(new byte[] {0, 0}, new byte[] {'a', 0}), Timestamp.MAX, 100))
            .extracting(KeyValue::key).as("the tombstone at 33 hides key 3").containsExactly(keys[2], keys[4]);
        assertThat(store.read(new byte[] {0, (byte) 0xff}, Timestamp.MAX)).isNull();
        assertThat(store.keyCount()).isEqualTo(keys.length);
    }

    @Test
    void forEachVisitsEveryVersionInKeyThenTimestampOrder() {
        store.write(b("b"), ts(10), b("b1"));
        store.write(b("a"), ts(20), b("a2"));
        store.write(b("b"), ts(15), null);
        store.write(b("a"), ts(30), b("a3"));
        List<String> seen = new ArrayList<>();
        store.forEach((key, commitTs, value) -> seen.add(new String(key, StandardCharsets.UTF_8) + "@"
            + commitTs.wallMicros() + "=" + (value == null ? "-" : new String(value, StandardCharsets.UTF_8))));
        assertThat(seen).containsExactly("a@20=a2", "a@30=a3", "b@10=b1", "b@15=-");
        assertThat(store.versionCount()).isEqualTo(4);
        assertThat(store.keyCount()).isEqualTo(2);
    }

    @Test
    void clearForgetsEverything() {
        store.write(b("a"), ts(20), b("a"));
        store.gc(ts(50), 10);
        store.clear();
        assertThat(store.versionCount()).isZero();
        assertThat(store.keyCount()).isZero();
        assertThat(store.read(b("a"), Timestamp.MAX)).isNull();
        // A snapshot may be installed with versions below the horizon collected before.
        store.write(b("a"), ts(5), b("old"));
        assertThat(readString("a", ts(5))).isEqualTo("old");
    }
}
