package io.basalt.txn.lock;

import static io.basalt.txn.lock.LockFixtures.bytes;
import static io.basalt.txn.lock.LockFixtures.key;
import static io.basalt.txn.lock.LockFixtures.range;
import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.KeyRange;
import org.junit.jupiter.api.Test;

/** What overlaps what: the geometry behind every conflict in the lock table. */
class LockTargetTest {

    @Test
    void pointsAreEqualByKeyContent() {
        assertThat(LockTarget.key(bytes("a"))).isEqualTo(LockTarget.key(bytes("a")))
            .hasSameHashCodeAs(LockTarget.key(bytes("a")))
            .isNotEqualTo(LockTarget.key(bytes("b")));
    }

    @Test
    void pointKeepsItsOwnCopyOfTheKey() {
        byte[] buffer = bytes("a");
        LockTarget target = LockTarget.key(buffer);
        buffer[0] = 'z';
        assertThat(target).isEqualTo(key("a"));
    }

    @Test
    void targetsPrintReadably() {
        assertThat(key("a")).hasToString("'a'");
        assertThat(LockTarget.key(new byte[] {1, (byte) 0xff})).hasToString("0x01ff");
        assertThat(range("a", null)).hasToString("['a', +inf)");
    }

    @Test
    void pointsOverlapOnlyEqualKeys() {
        assertThat(key("a").overlaps(key("a"))).isTrue();
        assertThat(key("a").overlaps(key("ab"))).isFalse();
    }

    @Test
    void rangeContainsItsStartButNotItsEnd() {
        LockTarget bd = range("b", "d");
        assertThat(bd.overlaps(key("a"))).isFalse();
        assertThat(bd.overlaps(key("b"))).isTrue();
        assertThat(bd.overlaps(key("c"))).isTrue();
        assertThat(bd.overlaps(key("d"))).isFalse();
        assertThat(key("b").overlaps(bd)).as("symmetric").isTrue();
        assertThat(key("d").overlaps(bd)).isFalse();
    }

    @Test
    void unboundedRangeCoversEveryLaterKey() {
        LockTarget fromB = range("b", null);
        assertThat(fromB.overlaps(LockTarget.key(new byte[] {(byte) 0xff, (byte) 0xff}))).isTrue();
        assertThat(fromB.overlaps(key("a"))).isFalse();
        assertThat(LockTarget.range(KeyRange.all()).overlaps(LockTarget.key(new byte[0]))).isTrue();
    }

    @Test
    void rangesOverlapWhenTheyShareAKey() {
        assertThat(range("a", "c").overlaps(range("b", "d"))).isTrue();
        assertThat(range("a", "c").overlaps(range("c", "d"))).as("adjacent").isFalse();
        assertThat(range("c", "d").overlaps(range("a", "c"))).isFalse();
        assertThat(range("a", null).overlaps(range("x", "y"))).isTrue();
    }

    @Test
    void emptyRangeOverlapsNothing() {
        LockTarget empty = range("b", "b");
        assertThat(empty.overlaps(key("b"))).isFalse();
        assertThat(empty.overlaps(range("a", null))).isFalse();
        assertThat(range("a", null).overlaps(empty)).isFalse();
    }

    @Test
    void rowKeysThatDifferInTheirLastBytesHashApart() {
        // A bulk load locks a million rows whose keys share a prefix and end in an integer.
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        int rows = 1_000_000;
        for (int i = 0; i < rows; i++) {
            byte[] k = {0x02, 0x00, 0x00, 0x10, (byte) 0x80, (byte) (i >>> 16), (byte) (i >>> 8), (byte) i};
            hashes.add(LockTarget.key(k).hashCode());
        }
        assertThat(hashes.size()).as("distinct hash codes of %d keys", rows).isGreaterThan(rows * 99 / 100);
    }
}
