package io.basalt.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.client.Row;
import io.basalt.server.client.Transaction;
import io.basalt.txn.Isolation;
import io.basalt.txn.Timestamp;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One transaction written as steps, one per line or argument:
 * {@code get K}, {@code put K V}, {@code del K}, {@code scan START [END|-] [LIMIT]},
 * {@code sleep MS} (hold the locks, for demonstrations), {@code commit}, {@code abort}.
 * Without a final commit or abort the transaction commits after the last step. Each step's
 * outcome is printed; a failure prints the server's SQLSTATE and ends the script.
 */
final class TxnScript {
    /** The parsed form of one step. */
    record Step(String verb, List<String> args, String text) {}

    private final List<Step> steps;

    private TxnScript(List<Step> steps) {
        this.steps = steps;
    }

    /** Parses the steps; throws IllegalArgumentException naming the step that is malformed. */
    static TxnScript parse(List<String> lines) {
        List<Step> steps = new ArrayList<>();
        for (String line : lines) {
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] words = text.split("\\s+");
            String verb = words[0].toLowerCase(java.util.Locale.ROOT);
            List<String> args = List.of(words).subList(1, words.length);
            int[] arity = switch (verb) {
                case "get", "del", "delete" -> new int[] {1, 1};
                case "put" -> new int[] {2, 2};
                case "scan" -> new int[] {1, 3};
                case "sleep" -> new int[] {1, 1};
                case "commit", "abort", "rollback" -> new int[] {0, 0};
                default -> throw new IllegalArgumentException("unknown step '" + text
                    + "': use get K, put K V, del K, scan START [END|-] [LIMIT], sleep MS, commit or abort");
            };
            if (args.size() < arity[0] || args.size() > arity[1]) {
                throw new IllegalArgumentException("step '" + text + "' needs " + (arity[0] == arity[1] ? arity[0]
                    : arity[0] + " to " + arity[1]) + " argument(s)");
            }
            if (verb.equals("sleep") || (verb.equals("scan") && args.size() == 3)) {
                String n = args.get(args.size() - 1);
                if (!n.matches("\\d{1,9}")) {
                    throw new IllegalArgumentException("step '" + text + "': " + n + " is not a number");
                }
            }
            if (!steps.isEmpty() && isEnd(steps.getLast().verb())) {
                throw new IllegalArgumentException("step '" + text + "' comes after the transaction ended");
            }
            steps.add(new Step(verb, args, text));
        }
        return new TxnScript(steps);
    }

    private static boolean isEnd(String verb) {
        return verb.equals("commit") || verb.equals("abort") || verb.equals("rollback");
    }

    /** Runs the script; returns the exit code (0 committed or aborted as asked, 3 failed). */
    int run(BasaltClient client, boolean readOnly, Isolation isolation, PrintStream out) throws ClientException {
        Transaction begun;
        try {
            begun = client.begin(readOnly, isolation);
        } catch (ClientException e) {
            if (e.sqlState() == null) {
                throw e;
            }
            out.println(error(e));
            return 3;
        }
        try (Transaction t = begun) {
            out.println("BEGIN " + t.id() + (readOnly ? " read-only snapshot at " + t.readTs() : ""));
            boolean ended = false;
            try {
                for (Step s : steps) {
                    ended |= runStep(t, s, out);
                }
                if (!ended) {
                    commit(t, out);
                }
            } catch (ClientException e) {
                if (e.sqlState() == null) {
                    throw e;
                }
                out.println(error(e));
                return 3;
            }
            return 0;
        }
    }

    private static boolean runStep(Transaction t, Step s, PrintStream out) throws ClientException {
        List<String> a = s.args();
        switch (s.verb()) {
            case "get" -> out.println(s.text() + " -> " + KvCommand.text(t.get(a.get(0).getBytes(UTF_8))));
            case "put" -> {
                t.put(a.get(0).getBytes(UTF_8), a.get(1).getBytes(UTF_8));
                out.println(s.text() + " -> OK");
            }
            case "del", "delete" -> {
                t.delete(a.get(0).getBytes(UTF_8));
                out.println(s.text() + " -> OK");
            }
            case "scan" -> {
                byte[] end = a.size() < 2 || a.get(1).equals("-") ? null : a.get(1).getBytes(UTF_8);
                int limit = a.size() == 3 ? Integer.parseInt(a.get(2)) : 0;
                List<Row> rows = t.scan(a.get(0).getBytes(UTF_8), end, limit);
                out.println(s.text() + " -> " + rows.size() + " row(s)");
                for (Row r : rows) {
                    out.println("  " + r.keyString() + " = " + r.valueString());
                }
            }
            case "sleep" -> {
                try {
                    TimeUnit.MILLISECONDS.sleep(Long.parseLong(a.get(0)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.println(s.text() + " -> OK");
            }
            case "commit" -> {
                commit(t, out);
                return true;
            }
            default -> {
                t.abort();
                out.println("ROLLBACK");
                return true;
            }
        }
        return false;
    }

    private static void commit(Transaction t, PrintStream out) throws ClientException {
        Timestamp ts = t.commit();
        out.println("COMMIT" + (ts == null ? " (nothing written)" : " at " + ts));
    }

    /** "ERROR 40P01: message", without the SQLSTATE the client's message already ends with. */
    private static String error(ClientException e) {
        String message = e.getMessage();
        String suffix = " [SQLSTATE " + e.sqlState() + "]";
        if (message.endsWith(suffix)) {
            message = message.substring(0, message.length() - suffix.length());
        }
        return "ERROR " + e.sqlState() + ": " + message;
    }
}
