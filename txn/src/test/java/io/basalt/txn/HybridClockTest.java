package io.basalt.txn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.common.Clock;
import io.basalt.common.Prng;
import org.junit.jupiter.api.Test;

class HybridClockTest {
    private static final long MAX_OFFSET_US = 500_000;

    /** A physical clock the test sets by hand. */
    private static final class ManualClock implements Clock {
        long micros;

        ManualClock(long micros) {
            this.micros = micros;
        }

        @Override
        public long nowMicros() {
            return micros;
        }
    }

    private final ManualClock physical = new ManualClock(1_000_000);
    private final HybridClock clock = new HybridClock(physical, MAX_OFFSET_US);

    private static Timestamp ts(long wall, int logical) {
        return new Timestamp(wall, logical);
    }

    @Test
    void readingsFollowThePhysicalClockWhileItAdvances() {
        assertThat(clock.now()).isEqualTo(ts(1_000_000, 0));
        physical.micros = 1_000_007;
        assertThat(clock.now()).isEqualTo(ts(1_000_007, 0));
        assertThat(clock.last()).isEqualTo(ts(1_000_007, 0));
    }

    @Test
    void logicalCountsWhileThePhysicalClockStallsAndResetsWhenItMoves() {
        assertThat(clock.now()).isEqualTo(ts(1_000_000, 0));
        assertThat(clock.now()).isEqualTo(ts(1_000_000, 1));
        assertThat(clock.now()).isEqualTo(ts(1_000_000, 2));
        physical.micros++;
        assertThat(clock.now()).isEqualTo(ts(1_000_001, 0));
    }

    @Test
    void physicalClockGoingBackwardsDoesNotMoveReadingsBack() {
        physical.micros = 2_000_000;
        Timestamp high = clock.now();
        physical.micros = 1_500_000;
        assertThat(clock.now()).isEqualTo(ts(2_000_000, 1));
        assertThat(clock.now()).isEqualTo(ts(2_000_000, 2)).isGreaterThan(high);
        physical.micros = 2_000_001;
        assertThat(clock.now()).isEqualTo(ts(2_000_001, 0));
    }

    @Test
    void readingsStrictlyIncreaseUnderAnErraticPhysicalClock() {
        Prng prng = new Prng(42);
        Timestamp previous = Timestamp.MIN;
        for (int i = 0; i < 10_000; i++) {
            switch (prng.nextInt(4)) {
                case 0 -> physical.micros -= prng.nextInt(1, 1_000);  // backwards
                case 1 -> { }  // stalls
                case 2 -> physical.micros += prng.nextInt(1, 3);
                default -> physical.micros += prng.nextInt(1, 100_000);  // jumps
            }
            Timestamp reading = clock.now();
            assertThat(reading).as("reading %d", i).isGreaterThan(previous);
            assertThat(reading.wallMicros()).isGreaterThanOrEqualTo(physical.micros);
            previous = reading;
        }
    }

    @Test
    void updateFromARemoteAheadWithinTheBoundMovesReadingsPastIt() {
        clock.now();
        Timestamp remote = ts(1_000_000 + MAX_OFFSET_US, 7);
        Timestamp observed = clock.update(remote);
        assertThat(observed).isEqualTo(ts(1_000_000 + MAX_OFFSET_US, 8));
        assertThat(clock.now()).isEqualTo(ts(1_000_000 + MAX_OFFSET_US, 9));
        // Once physical time catches up, readings return to it with logical 0.
        physical.micros = 1_000_000 + MAX_OFFSET_US + 1;
        assertThat(clock.now()).isEqualTo(ts(1_000_000 + MAX_OFFSET_US + 1, 0));
    }

    @Test
    void updateFromARemoteBehindStillAdvancesTheClock() {
        Timestamp before = clock.now();
        Timestamp observed = clock.update(ts(10, 3));
        assertThat(observed).isGreaterThan(before);
        assertThat(observed).isEqualTo(ts(1_000_000, 1));
    }

    @Test
    void updateWithTheSameWallTakesTheLargerLogicalPlusOne() {
        clock.forward(ts(1_000_000, 4));
        assertThat(clock.update(ts(1_000_000, 9))).isEqualTo(ts(1_000_000, 10));
        assertThat(clock.update(ts(1_000_000, 2))).isEqualTo(ts(1_000_000, 11));
    }

    @Test
    void updateBeyondTheOffsetBoundIsRejectedAndLeavesTheClockAlone() {
        Timestamp before = clock.now();
        Timestamp remote = ts(1_000_000 + MAX_OFFSET_US + 1, 0);
        assertThatThrownBy(() -> clock.update(remote))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining(remote.toString())
            .hasMessageContaining("1000000us")
            .hasMessageContaining(MAX_OFFSET_US + "us");
        assertThat(clock.last()).isEqualTo(before);
    }

    @Test
    void offsetCheckDoesNotOverflowNearTheEndOfTime() {
        HybridClock far = new HybridClock(() -> Long.MAX_VALUE - 10, Long.MAX_VALUE);
        assertThat(far.update(ts(Long.MAX_VALUE - 5, 0))).isEqualTo(ts(Long.MAX_VALUE - 5, 1));
    }

    @Test
    void forwardSkipsTheOffsetCheckAndLaterReadingsFollowIt() {
        Timestamp recovered = ts(1_000_000 + 10 * MAX_OFFSET_US, 3);
        clock.forward(recovered);
        assertThat(clock.last()).isEqualTo(recovered);
        assertThat(clock.now()).isEqualTo(ts(recovered.wallMicros(), 4));
    }

    @Test
    void forwardToAnOlderTimestampDoesNothing() {
        physical.micros = 5_000_000;
        Timestamp reading = clock.now();
        clock.forward(ts(1, 0));
        assertThat(clock.last()).isEqualTo(reading);
        assertThat(clock.now()).isGreaterThan(reading);
    }

    @Test
    void logicalOverflowMovesToTheNextMicrosecond() {
        clock.forward(ts(1_000_000, Integer.MAX_VALUE));
        assertThat(clock.now()).isEqualTo(ts(1_000_001, 0));
        assertThat(clock.now()).isEqualTo(ts(1_000_001, 1));
        assertThat(clock.update(ts(1_000_001, Integer.MAX_VALUE))).isEqualTo(ts(1_000_002, 0));
    }

    @Test
    void negativeMaxOffsetIsRefused() {
        assertThatThrownBy(() -> new HybridClock(physical, -1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("-1");
        assertThat(clock.maxOffsetMicros()).isEqualTo(MAX_OFFSET_US);
    }
}
