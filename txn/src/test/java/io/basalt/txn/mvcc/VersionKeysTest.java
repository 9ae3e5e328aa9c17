package io.basalt.txn.mvcc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.Prng;
import io.basalt.storage.api.KeyOrder;
import io.basalt.storage.api.StorageCorruptionException;
import io.basalt.txn.Keys;
import io.basalt.txn.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The engine layout of versions: order, round trips, bounds, and damaged keys and values refused. */
class VersionKeysTest {
    private static final int SEEDS = 20;
    private static final int PAIRS_PER_SEED = 2_000;

    private record Entry(byte[] userKey, Timestamp ts, byte[] engineKey) {
    }

    /** Keys of up to 4 bytes drawn mostly from 0x00, 0x01, 0xff and 'a', where escaping could go wrong. */
    private static byte[] key(Prng prng) {
        byte[] alphabet = {0, 1, (byte) 0xfe, (byte) 0xff, 'a'};
        byte[] key = new byte[prng.nextInt(0, 4)];
        for (int i = 0; i < key.length; i++) {
            key[i] = alphabet[prng.nextInt(alphabet.length)];
        }
        return key;
    }

    private static Timestamp timestamp(Prng prng) {
        long[] walls = {0, 1, 255, 256, Long.MAX_VALUE};
        int[] logicals = {0, 1, 255, Integer.MAX_VALUE};
        long wall = prng.chance(0.5) ? walls[prng.nextInt(walls.length)] : prng.nextLong() >>> 1;
        return new Timestamp(wall, logicals[prng.nextInt(logicals.length)]);
    }

    @Test
    void engineOrderIsKeyOrderThenNewestFirst() {
        for (long seed = 1; seed <= SEEDS; seed++) {
            Prng prng = new Prng(seed);
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < PAIRS_PER_SEED; i++) {
                byte[] key = key(prng);
                Timestamp ts = timestamp(prng);
                entries.add(new Entry(key, ts, VersionKeys.version(VersionKeys.start(key), ts)));
            }
            for (int i = 1; i < entries.size(); i++) {
                Entry a = entries.get(i - 1);
                Entry b = entries.get(i);
                int byKey = Keys.compare(a.userKey(), b.userKey());
                int expected = byKey != 0 ? byKey : b.ts().compareTo(a.ts());
                assertThat(Integer.signum(KeyOrder.compare(a.engineKey(), b.engineKey())))
                    .as("seed %d: %s@%s vs %s@%s", seed, Keys.show(a.userKey()), a.ts(), Keys.show(b.userKey()), b.ts())
                    .isEqualTo(Integer.signum(expected));
            }
        }
    }

    @Test
    void keysAndTimestampsComeBackAndTheBoundsEncloseExactlyOneKeysVersions() {
        Prng prng = new Prng(7);
        for (int i = 0; i < PAIRS_PER_SEED; i++) {
            byte[] key = key(prng);
            byte[] other = key(prng);
            Timestamp ts = timestamp(prng);
            byte[] start = VersionKeys.start(key);
            byte[] engineKey = VersionKeys.version(start, ts);
            assertThat(VersionKeys.userKey(VersionKeys.startOf(engineKey))).isEqualTo(key);
            assertThat(VersionKeys.userKeyLength(start)).isEqualTo(key.length);
            assertThat(VersionKeys.commitTs(engineKey)).isEqualTo(ts);
            assertThat(VersionKeys.isVersionOf(engineKey, start)).isTrue();
            assertThat(KeyOrder.compare(start, engineKey)).isLessThan(0);
            assertThat(KeyOrder.compare(engineKey, VersionKeys.end(start))).isLessThan(0);
            byte[] otherKey = VersionKeys.version(VersionKeys.start(other), ts);
            boolean inside = KeyOrder.compare(start, otherKey) <= 0 && KeyOrder.compare(otherKey, VersionKeys.end(start)) < 0;
            assertThat(inside).as("%s's version inside %s's bounds", Keys.show(other), Keys.show(key))
                .isEqualTo(Arrays.equals(key, other));
            assertThat(VersionKeys.isVersionOf(otherKey, start)).isEqualTo(Arrays.equals(key, other));
            assertThat(KeyOrder.compare(VersionKeys.VERSIONS_START, engineKey)).isLessThan(0);
            assertThat(KeyOrder.compare(engineKey, VersionKeys.VERSIONS_END)).isLessThan(0);
        }
    }

    @Test
    void theMetadataKeyIsOutsideTheVersions() {
        assertThat(KeyOrder.compare(VersionKeys.META_KEY, VersionKeys.VERSIONS_START)).isLessThan(0);
    }

    @Test
    void valuesAndTombstonesComeBack() {
        byte[] key = VersionKeys.version(VersionKeys.start(new byte[] {'k'}), Timestamp.MIN);
        assertThat(VersionKeys.decodeValue(key, VersionKeys.value(null))).isNull();
        assertThat(VersionKeys.isTombstone(key, VersionKeys.value(null))).isTrue();
        assertThat(VersionKeys.decodeValue(key, VersionKeys.value(new byte[0]))).isEmpty();
        assertThat(VersionKeys.isTombstone(key, VersionKeys.value(new byte[0]))).as("an empty value is live").isFalse();
        assertThat(VersionKeys.decodeValue(key, VersionKeys.value(new byte[] {0, 1}))).containsExactly(0, 1);
        assertThat(VersionKeys.valueLength(VersionKeys.value(new byte[] {0, 1}))).isEqualTo(2);
    }

    @Test
    void damagedKeysAndValuesAreRefusedNamingTheKey() {
        byte[] good = VersionKeys.version(VersionKeys.start(new byte[] {'k'}), Timestamp.MIN);
        assertThatThrownBy(() -> VersionKeys.decodeValue(good, new byte[] {7, 1}))
            .isInstanceOf(StorageCorruptionException.class).hasMessageContaining("tag 7").hasMessageContaining("0x02");
        assertThatThrownBy(() -> VersionKeys.isTombstone(good, new byte[0]))
            .isInstanceOf(StorageCorruptionException.class).hasMessageContaining("missing");
        assertThatThrownBy(() -> VersionKeys.commitTs(Arrays.copyOf(good, good.length - 1)))
            .isInstanceOf(StorageCorruptionException.class).hasMessageContaining("not a version key");
        byte[] wrongPrefix = good.clone();
        wrongPrefix[0] = VersionKeys.LOCAL_PREFIX;
        assertThatThrownBy(() -> VersionKeys.startOf(wrongPrefix)).isInstanceOf(StorageCorruptionException.class);
        byte[] negative = good.clone();
        negative[good.length - 12] = 0;  // ~wall with its top bit clear: a negative wall time
        assertThatThrownBy(() -> VersionKeys.commitTs(negative)).hasMessageContaining("negative timestamp");
        byte[] unescaped = {VersionKeys.VERSION_PREFIX, 'a', 0, 'b', 0, 1};
        assertThatThrownBy(() -> VersionKeys.userKey(unescaped)).hasMessageContaining("not escaped");
    }
}
