package io.basalt.kv;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class KvStateMachineTest {
    private static byte[] b(String s) {
        return s.getBytes(UTF_8);
    }

    @Test
    void putGetDeleteAndPreviousValues() {
        KvStateMachine sm = new KvStateMachine();
        assertThat(sm.apply(1, KvCommands.put(0, 0, b("k"), b("v1"))).found()).isFalse();
        KvResult second = sm.apply(2, KvCommands.put(0, 0, b("k"), b("v2")));
        assertThat(second.value()).isEqualTo(b("v1"));
        assertThat(sm.getString("k")).isEqualTo("v2");
        assertThat(sm.apply(3, KvCommands.delete(0, 0, b("k"))).value()).isEqualTo(b("v2"));
        assertThat(sm.get(b("k"))).isNull();
        assertThat(sm.appliedIndex()).isEqualTo(3);
    }

    @Test
    void compareAndSetSucceedsOnlyOnMatch() {
        KvStateMachine sm = new KvStateMachine();
        assertThat(sm.apply(1, KvCommands.cas(0, 0, b("k"), null, b("a"))).ok()).isTrue();
        assertThat(sm.apply(2, KvCommands.cas(0, 0, b("k"), null, b("b"))).ok()).isFalse();
        assertThat(sm.apply(3, KvCommands.cas(0, 0, b("k"), b("x"), b("b"))).ok()).isFalse();
        KvResult hit = sm.apply(4, KvCommands.cas(0, 0, b("k"), b("a"), b("b")));
        assertThat(hit.ok()).isTrue();
        assertThat(hit.value()).isEqualTo(b("a"));
        assertThat(sm.getString("k")).isEqualTo("b");
    }

    @Test
    void retriedCommandOfASessionAppliesOnce() {
        KvStateMachine sm = new KvStateMachine();
        sm.apply(1, KvCommands.cas(7, 1, b("k"), null, b("a")));
        sm.apply(2, KvCommands.put(8, 1, b("k"), b("other")));
        // The same (client 7, sequence 1) committed again after a leader change: first outcome, no effect.
        KvResult retry = sm.apply(3, KvCommands.cas(7, 1, b("k"), null, b("a")));
        assertThat(retry.ok()).isTrue();
        assertThat(sm.getString("k")).isEqualTo("other");
    }

    @Test
    void snapshotRestoresSameStateAndDigest() {
        KvStateMachine a = new KvStateMachine();
        for (int i = 1; i <= 100; i++) {
            a.apply(i, KvCommands.put(3, i, b("key" + i), b("value" + i)));
        }
        KvStateMachine b = new KvStateMachine();
        b.restore(100, a.snapshot());
        assertThat(b.digest()).isEqualTo(a.digest());
        assertThat(b.getString("key42")).isEqualTo("value42");
        // Sessions travel with the snapshot, so a retry after install is still deduplicated.
        assertThat(b.apply(101, KvCommands.put(3, 100, b("key1"), b("changed"))).ok()).isTrue();
        assertThat(b.getString("key1")).isEqualTo("value1");
    }

    @Test
    void digestDiffersWhenStateDiffers() {
        KvStateMachine a = new KvStateMachine();
        KvStateMachine b = new KvStateMachine();
        a.apply(1, KvCommands.put(0, 0, b("k"), b("v")));
        b.apply(1, KvCommands.put(0, 0, b("k"), b("w")));
        assertThat(a.digest()).isNotEqualTo(b.digest());
    }

    @Test
    void garbageCommandIsAFailedNoOpAndOrderIsEnforced() {
        KvStateMachine sm = new KvStateMachine();
        assertThat(sm.apply(1, new byte[] {(byte) 0xff, 0x01, 0x02}).ok()).isFalse();
        assertThat(sm.size()).isZero();
        assertThatThrownBy(() -> sm.apply(1, KvCommands.put(0, 0, b("k"), b("v"))))
            .hasMessageContaining("out of order");
    }
}
