package io.basalt.bench.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * The options of {@link SqlBench}, each with its default.
 *
 * @param urls       pgjdbc URLs, {@code jdbc:postgresql://127.0.0.1:PORT/postgres}; client i connects to
 *                   {@code urls[i % urls.size()]} (--url given once per URL)
 * @param user       the user to connect as (no password: the servers trust loopback)
 * @param label      a name for the target in the raw result line (e.g. postgres, basalt)
 * @param op         select (point SELECT by primary key) or update (single-row UPDATE)
 * @param clients    load threads, one connection each
 * @param durationS  measured seconds
 * @param warmupS    unmeasured seconds before them
 * @param rows       ids 1..rows exist in bench_kv; the load draws ids uniformly from them
 * @param load       (re)create bench_kv through the first URL and insert the rows before the load
 * @param loadOnly   load, then exit without running the load
 * @param loadBatch  rows per insert transaction while loading
 * @param socketTimeoutS pgjdbc's socketTimeout: a statement that has no answer by then fails
 *                   (08006) instead of holding the run past its end
 */
record SqlBenchOptions(List<String> urls, String user, String label, String op, int clients, int durationS,
                       int warmupS, int rows, boolean load, boolean loadOnly, int loadBatch, int socketTimeoutS) {
    static final String USAGE = """
        java -cp ... io.basalt.bench.sql.SqlBench --url jdbc:postgresql://127.0.0.1:PORT/postgres [--url ...]
             [--op select|update] [--clients 1] [--seconds 10] [--warmup-s 3] [--rows 10000] [--load | --load-only]
             [--load-batch 500] [--user postgres] [--label NAME] [--socket-timeout-s 60]""";
    static final List<String> OPS = List.of("select", "update");
    /** Ids are int4 and start at 1. */
    static final int ROWS_MAX = Integer.MAX_VALUE - 1;

    static SqlBenchOptions parse(String[] args) {
        List<String> urls = new ArrayList<>();
        String user = "postgres";
        String label = null;
        String op = "select";
        int clients = 1;
        int durationS = 10;
        int warmupS = 3;
        int rows = 10_000;
        boolean load = false;
        boolean loadOnly = false;
        int loadBatch = 500;
        int socketTimeoutS = 60;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--load") || args[i].equals("--load-only")) {
                load = true;
                loadOnly |= args[i].equals("--load-only");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(args[i] + " needs a value\n" + USAGE);
            }
            String v = args[++i];
            switch (args[i - 1]) {
                case "--url" -> urls.add(v);
                case "--user" -> user = v;
                case "--label" -> label = v;
                case "--op" -> op = v;
                case "--clients" -> clients = Integer.parseInt(v);
                case "--seconds" -> durationS = Integer.parseInt(v);
                case "--warmup-s" -> warmupS = Integer.parseInt(v);
                case "--rows" -> rows = Integer.parseInt(v);
                case "--load-batch" -> loadBatch = Integer.parseInt(v);
                case "--socket-timeout-s" -> socketTimeoutS = Integer.parseInt(v);
                default -> throw new IllegalArgumentException("unknown option " + args[i - 1] + "\n" + USAGE);
            }
        }
        SqlBenchOptions o = new SqlBenchOptions(List.copyOf(urls), user, label == null ? String.join("+", urls) : label,
            op, clients, durationS, warmupS, rows, load, loadOnly, loadBatch, socketTimeoutS);
        o.check();
        return o;
    }

    private void check() {
        require(!urls.isEmpty() && urls.stream().allMatch(u -> u.startsWith("jdbc:postgresql://")),
            "--url jdbc:postgresql://HOST:PORT/DB is required");
        require(OPS.contains(op), "--op must be one of " + OPS + ", not " + op);
        require(clients > 0 && clients <= 1024, "--clients must be in [1, 1024]");
        require(durationS > 0 && warmupS >= 0, "--seconds must be positive, --warmup-s not negative");
        require(rows > 0 && rows <= ROWS_MAX, "--rows must be positive");
        require(loadBatch > 0 && socketTimeoutS > 0, "--load-batch and --socket-timeout-s must be positive");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message + "\n" + USAGE);
        }
    }
}
