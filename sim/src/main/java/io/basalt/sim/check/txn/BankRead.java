package io.basalt.sim.check.txn;

import java.util.Map;

/** A committed read of every account's balance in the bank-transfer workload. */
public record BankRead(int txnId, long invokeTime, long completeTime, Map<String, Long> balances) {
    public BankRead {
        balances = Map.copyOf(balances);
    }
}
