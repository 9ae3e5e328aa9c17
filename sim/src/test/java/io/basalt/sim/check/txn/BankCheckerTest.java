package io.basalt.sim.check.txn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BankCheckerTest {
    private static final Set<String> ACCOUNTS = Set.of("a", "b", "c");
    private static final long TOTAL = 100;

    private static BankRead read(int txnId, Map<String, Long> balances) {
        return new BankRead(txnId, 10L * txnId, 10L * txnId + 5, balances);
    }

    private static List<String> kinds(List<Anomaly> anomalies) {
        return anomalies.stream().map(Anomaly::kind).toList();
    }

    @Test
    void readsThatConserveMoneyAreClean() {
        List<Anomaly> anomalies = BankChecker.check(List.of(
            read(1, Map.of("a", 100L, "b", 0L, "c", 0L)),
            read(2, Map.of("a", 40L, "b", 35L, "c", 25L))), TOTAL, ACCOUNTS);
        assertThat(anomalies).isEmpty();
    }

    @Test
    void aReadWhoseBalancesDoNotAddUpHasTheWrongTotal() {
        List<Anomaly> anomalies = BankChecker.check(List.of(read(3, Map.of("a", 40L, "b", 35L, "c", 15L))), TOTAL, ACCOUNTS);
        assertThat(kinds(anomalies)).containsExactly("wrong-total");
        assertThat(anomalies.getFirst().explanation())
            .isEqualTo("T3 (30..35) read a total of 90, expected 100: {a=40, b=35, c=15}");
    }

    @Test
    void aNegativeBalanceIsReportedEvenWhenTheTotalIsRight() {
        List<Anomaly> anomalies = BankChecker.check(List.of(read(4, Map.of("a", -10L, "b", 90L, "c", 20L))), TOTAL, ACCOUNTS);
        assertThat(kinds(anomalies)).containsExactly("negative-balance");
        assertThat(anomalies.getFirst().explanation()).contains("{a=-10}");
    }

    @Test
    void aReadMissingAnAccountIsReportedAsMissingNotAsAWrongTotal() {
        List<Anomaly> anomalies = BankChecker.check(List.of(read(5, Map.of("a", 60L, "c", 40L))), TOTAL, ACCOUNTS);
        assertThat(kinds(anomalies)).containsExactly("missing-account");
        assertThat(anomalies.getFirst().explanation()).contains("no balance for b");
    }

    @Test
    void moneyInAnAccountOutsideTheBankBreaksTheTotal() {
        List<Anomaly> anomalies = BankChecker.check(
            List.of(read(6, Map.of("a", 50L, "b", 25L, "c", 25L, "z", 5L))), TOTAL, ACCOUNTS);
        assertThat(kinds(anomalies)).containsExactly("wrong-total");
        assertThat(anomalies.getFirst().explanation()).contains("accounts outside the bank: z");
    }

    @Test
    void findingsFollowTheReadsInOrder() {
        List<Anomaly> anomalies = BankChecker.check(List.of(
            read(1, Map.of("a", 100L, "b", 0L, "c", 0L)),
            read(2, Map.of("a", 120L, "b", -20L)),
            read(3, Map.of("a", 100L, "b", 1L, "c", 0L))), TOTAL, ACCOUNTS);
        assertThat(kinds(anomalies)).containsExactly("missing-account", "negative-balance", "wrong-total");
        assertThat(anomalies).extracting(Anomaly::explanation)
            .allSatisfy(e -> assertThat(e).doesNotStartWith("T1 "));
    }
}
