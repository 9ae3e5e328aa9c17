package io.basalt.sim.check;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.raft.Entry;
import io.basalt.sim.disk.DiskRecord;
import io.basalt.sim.disk.LogImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each checker flags the history it exists to catch, and stays quiet on a correct one. */
class SafetyCheckersTest {
    private static Entry entry(long term, long index, int payload) {
        return Entry.normal(term, index, new byte[] {(byte) payload});
    }

    private static LogImage log(Entry... entries) {
        LogImage log = new LogImage();
        log.apply(new DiskRecord.EntriesWrite(List.of(entries)));
        return log;
    }

    private static List<String> names(Checks checks) {
        return checks.violations().violations().stream().map(Violation::name).toList();
    }

    @Test
    void twoLeadersInOneTermBreakElectionSafety() {
        Checks checks = new Checks(3, true);
        checks.onLeader(0, 2, log(), 10);
        checks.onLeader(0, 2, log(), 20);
        checks.onLeader(1, 3, log(), 30);
        assertThat(names(checks)).isEmpty();
        checks.onLeader(2, 3, log(), 40);
        assertThat(names(checks)).containsExactly("election-safety");
        assertThat(checks.elections()).hasSize(2);
    }

    @Test
    void oneIndexAndTermNamingTwoEntriesBreaksLogMatching() {
        Checks checks = new Checks(3, true);
        checks.onPersist(0, List.of(entry(1, 1, 1), entry(1, 2, 2)), 10);
        checks.onPersist(1, List.of(entry(1, 1, 1)), 20);
        assertThat(names(checks)).isEmpty();
        checks.onPersist(2, List.of(entry(1, 2, 9)), 30);
        assertThat(names(checks)).containsExactly("log-matching");
    }

    @Test
    void logsAgreeingAtAnIndexMustAgreeBelowIt() {
        Checks checks = new Checks(3, true);
        checks.logMatching().checkPair(0, log(entry(1, 1, 1), entry(2, 2, 2)), 1, log(entry(1, 1, 1), entry(2, 2, 2)), 10);
        assertThat(names(checks)).isEmpty();
        checks.logMatching().checkPair(0, log(entry(1, 1, 1), entry(2, 2, 2)), 1, log(entry(1, 1, 7), entry(2, 2, 2)), 10);
        assertThat(names(checks)).containsExactly("log-matching");
    }

    @Test
    void differentEntriesAppliedAtOneIndexBreakStateMachineSafetyInSyncModesOnly() {
        Checks sync = new Checks(2, true);
        sync.onApply(0, entry(1, 1, 1), 1, 10);
        sync.onApply(1, entry(1, 1, 1), 1, 20);
        assertThat(names(sync)).isEmpty();
        sync.onApply(1, entry(2, 2, 2), 2, 30);
        sync.onApply(0, entry(3, 2, 3), 3, 40);
        assertThat(names(sync)).containsExactly("state-machine-safety");

        Checks async = new Checks(2, false);
        async.onApply(1, entry(2, 2, 2), 2, 30);
        async.onApply(0, entry(3, 2, 3), 3, 40);
        assertThat(names(async)).isEmpty();
        assertThat(async.violations().notes()).extracting(Violation::name).containsExactly("state-machine-safety");
        assertThat(async.applied().divergentApplies()).isEqualTo(1);
    }

    @Test
    void aLeaderMissingAnEarlierCommittedEntryBreaksLeaderCompleteness() {
        Checks checks = new Checks(3, true);
        checks.onApply(0, entry(2, 1, 1), 2, 10);  // committed while its applier was in term 2
        checks.onLeader(1, 3, log(entry(2, 1, 1)), 20);
        assertThat(names(checks)).isEmpty();
        checks.onLeader(2, 4, log(entry(3, 1, 5)), 30);
        assertThat(names(checks)).containsExactly("leader-completeness");
    }

    @Test
    void aLeaderOfAnOlderTermIsNotHeldToLaterCommits() {
        // A candidate of term 3 may win after a term-4 leader committed: its log need not hold that entry.
        Checks checks = new Checks(3, true);
        checks.onApply(0, entry(4, 1, 1), 4, 10);
        checks.onLeader(1, 3, log(entry(2, 1, 9)), 20);
        assertThat(names(checks)).doesNotContain("leader-completeness");
    }
}
