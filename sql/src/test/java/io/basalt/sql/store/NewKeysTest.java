package io.basalt.sql.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class NewKeysTest {
    private static byte[] key(int i) {
        return ByteBuffer.allocate(9).put((byte) 0x10).putInt(7).putInt(i).array();
    }

    @Test
    void aKeySeenBeforeIsReportedAndDistinctKeysAlmostNeverAre() {
        NewKeys keys = new NewKeys();
        int n = 1_000_000;
        int collisions = 0;
        for (int i = 0; i < n; i++) {
            if (!keys.add(key(i))) {
                collisions++;
            }
        }
        // Each collision costs one read back from the store, never a wrong answer.
        assertThat(collisions).as("hash collisions among a million distinct keys").isLessThan(10);
        assertThat(keys.size()).isEqualTo(n - collisions);
        for (int i = 0; i < n; i += 997) {
            assertThat(keys.add(key(i))).as("key %d again", i).isFalse();
        }
        assertThat(keys.add(key(n))).isTrue();
    }

    @Test
    void anEmptyKeyAndKeysThatDifferInOneByteAreTold() {
        NewKeys keys = new NewKeys();
        assertThat(keys.add(new byte[0])).isTrue();
        assertThat(keys.add(new byte[0])).isFalse();
        assertThat(keys.add(new byte[] {1})).isTrue();
        assertThat(keys.add(new byte[] {1, 0})).isTrue();
        assertThat(keys.add(new byte[] {0, 1})).isTrue();
        assertThat(keys.add(new byte[] {1, 0})).isFalse();
    }
}
