package io.basalt.bench.txn;

import java.util.List;
import java.util.Set;

/**
 * The options of {@link TxnBench}, each with its default.
 *
 * @param endpoints         {@code n1=127.0.0.1:7101,...}
 * @param phases            which figures to measure: a, c (needs a), e, b, d
 * @param durationS         measured seconds of each load phase
 * @param warmupS           unmeasured seconds before each load phase
 * @param warmupPhaseS      seconds of (a) and (c) together after the preload, before any phase (not measured)
 * @param clients           load threads of (a), (b) and (e)
 * @param readers           read-only threads added to (a) in (c)
 * @param cRounds           (c) phases, each followed by (a) alone again: a, c, a, c, a, ...
 * @param keys              the preloaded key space of (a), (c) and (e)
 * @param keysPerTxn        keys read then written by one (a) transaction
 * @param hotKeys           the hot spot of (b)
 * @param scanRows          rows of one (c) scan
 * @param valueBytes        value size of (a), (e) and the preload
 * @param preloadBatch      puts per preload transaction
 * @param threadsPerClient  transaction threads sharing one client object (single puts always get their own:
 *                          a client issues one single write at a time)
 * @param timeoutMs         client call timeout; above 3 x the server's 5 s lock timeout so that a long lock
 *                          wait is answered by the server, not cut short by the client (see README)
 * @param deadlockTrials    trials of (d)
 * @param deadlockSettleMs  pause between T1's blocking request and T2's closing one in (d)
 */
record TxnBenchOptions(String endpoints, Set<String> phases, int durationS, int warmupS, int warmupPhaseS,
                       int clients, int readers, int cRounds, int keys, int keysPerTxn, int hotKeys, int scanRows, int valueBytes,
                       int preloadBatch, int threadsPerClient, long timeoutMs, int deadlockTrials,
                       long deadlockSettleMs) {
    static final String USAGE = """
        java -cp ... io.basalt.bench.txn.TxnBench --endpoints n1=127.0.0.1:7101,...
             [--phases a,c,e,b,d] [--seconds 15] [--warmup-s 3] [--warmup-phase-s 10] [--clients 64]
             [--readers 8] [--c-rounds 3] [--keys 100000] [--keys-per-txn 4] [--hot-keys 10] [--scan-rows 10]
             [--value-bytes 128] [--preload-batch 100] [--threads-per-client 1] [--timeout-ms 30000]
             [--deadlock-trials 200] [--deadlock-settle-ms 10]""";
    private static final List<String> PHASES = List.of("a", "c", "e", "b", "d");

    static TxnBenchOptions parse(String[] args) {
        String endpoints = null;
        Set<String> phases = Set.copyOf(PHASES);
        int durationS = 15;
        int warmupS = 3;
        int warmupPhaseS = 10;
        int clients = 64;
        int readers = 8;
        int cRounds = 3;
        int keys = 100_000;
        int keysPerTxn = 4;
        int hotKeys = 10;
        int scanRows = 10;
        int valueBytes = 128;
        int preloadBatch = 100;
        int threadsPerClient = 1;
        long timeoutMs = 30_000;
        int deadlockTrials = 200;
        long deadlockSettleMs = 10;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            String v = args[i + 1];
            switch (args[i]) {
                case "--endpoints" -> endpoints = v;
                case "--phases" -> phases = Set.of(v.split(","));
                case "--seconds" -> durationS = Integer.parseInt(v);
                case "--warmup-s" -> warmupS = Integer.parseInt(v);
                case "--warmup-phase-s" -> warmupPhaseS = Integer.parseInt(v);
                case "--clients" -> clients = Integer.parseInt(v);
                case "--readers" -> readers = Integer.parseInt(v);
                case "--c-rounds" -> cRounds = Integer.parseInt(v);
                case "--keys" -> keys = Integer.parseInt(v);
                case "--keys-per-txn" -> keysPerTxn = Integer.parseInt(v);
                case "--hot-keys" -> hotKeys = Integer.parseInt(v);
                case "--scan-rows" -> scanRows = Integer.parseInt(v);
                case "--value-bytes" -> valueBytes = Integer.parseInt(v);
                case "--preload-batch" -> preloadBatch = Integer.parseInt(v);
                case "--threads-per-client" -> threadsPerClient = Integer.parseInt(v);
                case "--timeout-ms" -> timeoutMs = Long.parseLong(v);
                case "--deadlock-trials" -> deadlockTrials = Integer.parseInt(v);
                case "--deadlock-settle-ms" -> deadlockSettleMs = Long.parseLong(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "\n" + USAGE);
            }
        }
        TxnBenchOptions o = new TxnBenchOptions(endpoints, phases, durationS, warmupS, warmupPhaseS, clients, readers,
            cRounds, keys, keysPerTxn, hotKeys, scanRows, valueBytes, preloadBatch, threadsPerClient, timeoutMs, deadlockTrials,
            deadlockSettleMs);
        o.check();
        return o;
    }

    private void check() {
        require(endpoints != null, "--endpoints is required");
        require(PHASES.containsAll(phases), "--phases takes a comma list of " + PHASES + ", not " + phases);
        require(!phases.contains("c") || phases.contains("a"), "phase c is measured against a: give both");
        require(durationS > 0 && warmupS >= 0 && warmupPhaseS >= 0,
            "--seconds must be positive, the warm-ups not negative");
        require(clients > 0 && readers > 0 && threadsPerClient > 0, "thread counts must be positive");
        require(cRounds > 0 && cRounds <= 20, "--c-rounds must be in [1, 20]");
        require(keys > keysPerTxn && keys <= Keys.SPACE_MAX,
            "--keys must be in (" + keysPerTxn + ", " + Keys.SPACE_MAX + "]");
        require(hotKeys >= 2 && hotKeys <= 100, "--hot-keys must be in [2, 100]");
        require(keysPerTxn > 0 && scanRows > 0 && valueBytes > 0 && preloadBatch > 0, "sizes must be positive");
        require(timeoutMs > 0 && deadlockTrials >= 0 && deadlockSettleMs >= 0, "timeouts and trials must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message + "\n" + USAGE);
        }
    }
}
