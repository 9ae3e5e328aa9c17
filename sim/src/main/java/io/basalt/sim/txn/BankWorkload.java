package io.basalt.sim.txn;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.basalt.common.Prng;
import io.basalt.sim.check.txn.BankRead;
import io.basalt.sim.check.txn.Outcome;
import io.basalt.txn.engine.TxnResult;
import io.basalt.txn.mvcc.KeyValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bank workload: transfers between accounts (read both balances, write both, never below
 * zero) and full reads of every account by a scan, read-only (a snapshot) or read-write (a
 * range lock). An account that was never written holds {@link #INITIAL_BALANCE}, so the total
 * is fixed from the start and every committed full read must show it.
 */
public final class BankWorkload implements TxnClient.Workload {
    public static final long INITIAL_BALANCE = 100;
    private static final String PREFIX = "a";

    private final int accounts;
    private final TxnHistory history;

    public BankWorkload(int accounts, TxnHistory history) {
        this.accounts = accounts;
        this.history = history;
    }

    public static Set<String> accountNames(int accounts) {
        Set<String> names = new TreeSet<>();
        for (int i = 0; i < accounts; i++) {
            names.add(PREFIX + i);
        }
        return names;
    }

    public static long total(int accounts) {
        return INITIAL_BALANCE * accounts;
    }

    @Override
    public TxnClient.Txn newTxn(Prng prng) {
        if (prng.chance(0.3)) {
            return new FullRead(prng.chance(0.5));
        }
        int from = prng.nextInt(accounts);
        int to = (from + 1 + prng.nextInt(accounts - 1)) % accounts;
        return new Transfer(PREFIX + from, PREFIX + to, 1 + prng.nextInt(20));
    }

    private static long balance(byte[] v) {
        return v == null ? INITIAL_BALANCE : Long.parseLong(new String(v, UTF_8));
    }

    private static byte[] encode(long balance) {
        return Long.toString(balance).getBytes(UTF_8);
    }

    private final class Transfer implements TxnClient.Txn {
        private final String from;
        private final String to;
        private final long amount;
        private int step;
        private long fromBalance;
        private long toBalance;

        Transfer(String from, String to, long amount) {
            this.from = from;
            this.to = to;
            this.amount = amount;
        }

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public Step next(TxnResult previous) {
            switch (step++) {
                case 0:
                    return new Step.Get(from);
                case 1:
                    fromBalance = balance(((TxnResult.Value) previous).value());
                    return new Step.Get(to);
                case 2:
                    toBalance = balance(((TxnResult.Value) previous).value());
                    long moved = Math.min(amount, fromBalance);
                    if (moved == 0) {
                        return null;
                    }
                    toBalance += moved;
                    return new Step.Put(from, encode(fromBalance - moved));
                case 3:
                    return new Step.Put(to, encode(toBalance));
                default:
                    return null;
            }
        }

        @Override
        public void finished(Outcome outcome, long invokeUs, long completeUs) {
            history.count(outcome, invokeUs);
        }
    }

    private final class FullRead implements TxnClient.Txn {
        private final boolean readOnly;
        private Map<String, Long> balances;

        FullRead(boolean readOnly) {
            this.readOnly = readOnly;
        }

        @Override
        public boolean readOnly() {
            return readOnly;
        }

        @Override
        public Step next(TxnResult previous) {
            if (previous == null) {
                return new Step.Scan(PREFIX, "b");
            }
            balances = new TreeMap<>();
            for (String name : accountNames(accounts)) {
                balances.put(name, INITIAL_BALANCE);
            }
            for (KeyValue kv : ((TxnResult.Rows) previous).rows()) {
                balances.put(new String(kv.key(), UTF_8), balance(kv.value()));
            }
            return null;
        }

        @Override
        public void finished(Outcome outcome, long invokeUs, long completeUs) {
            int id = history.nextId();
            history.count(outcome, invokeUs);
            if (outcome == Outcome.OK && balances != null) {
                history.bankRead(new BankRead(id, invokeUs, completeUs, balances));
            }
        }
    }
}
