package io.basalt.bench.sql;

import io.basalt.sql.api.Prepared;
import java.util.ArrayList;
import java.util.List;

/**
 * Prints the key-value calls the SQL engine makes for one point SELECT and one single-row
 * UPDATE of {@link SqlBench}, as pgjdbc sends them with autocommit on: the first execution
 * (Parse plans the statement) and a later one of the cached prepared statement; then the
 * requests to the group's leader those calls make in a node, whose transactions are deferred
 * ({@code BasaltClient.beginDeferred}): the begin, held writes and reads asked for ahead go
 * with the next call that needs an answer. That is the number of round trips a statement pays
 * below the SQL layer. Usage: {@code java -cp ... io.basalt.bench.sql.KvCallsPerStatement}.
 */
public final class KvCallsPerStatement {
    private static final int ROWS = 1000;

    private KvCallsPerStatement() {}

    public static void main(String[] args) {
        SessionFixture f = new SessionFixture(ROWS);
        for (String op : SqlBenchOptions.OPS) {
            String sql = BenchTable.serverText(op);
            f.kv.startRecording();
            Prepared p = f.session.prepare(sql, List.of(SessionFixture.INT4_OID));
            List<MemoryKvTxns.Call> parse = f.kv.stopRecording();
            f.kv.startRecording();
            f.executeAndSync(p, SessionFixture.params(7));
            List<MemoryKvTxns.Call> first = f.kv.stopRecording();
            f.kv.startRecording();
            Prepared again = f.session.prepare(sql, List.of(SessionFixture.INT4_OID));
            f.executeAndSync(again, SessionFixture.params(8));
            List<MemoryKvTxns.Call> cached = f.kv.stopRecording();
            print(op + " parse (first time)", parse);
            print(op + " execute+sync (first time)", first);
            print(op + " parse+execute+sync (cached)", cached);
        }
    }

    private static void print(String what, List<MemoryKvTxns.Call> calls) {
        List<List<String>> requests = requests(calls);
        System.out.printf("%s: %d key-value calls, %d requests%n", what, calls.size(), requests.size());
        for (MemoryKvTxns.Call c : calls) {
            System.out.println("  " + c);
        }
        for (int i = 0; i < requests.size(); i++) {
            System.out.printf("  request %d: %s%n", i + 1, String.join(" + ", requests.get(i)));
        }
    }

    /**
     * Groups calls into the requests a deferred transaction sends: begins, writes and prefetches
     * wait for the next get, scan, flush or commit; a get answered from a prefetch sends
     * nothing; a transaction that never reached the leader commits or aborts without a request.
     */
    static List<List<String>> requests(List<MemoryKvTxns.Call> calls) {
        List<List<String>> out = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        boolean begun = false;
        boolean readOnly = false;
        for (MemoryKvTxns.Call c : calls) {
            switch (c.kind()) {
                case "begin-ro", "begin-rw" -> {
                    waiting.clear();
                    waiting.add(c.kind());
                    begun = false;
                    readOnly = c.kind().equals("begin-ro");
                }
                case "put", "delete", "prefetch" -> waiting.add(c.kind());
                case "get-prefetched" -> { }
                case "flush" -> {
                    if (waiting.size() > (begun ? 0 : 1)) {
                        out.add(List.copyOf(waiting));
                        waiting.clear();
                        begun = true;
                    }
                }
                case "commit", "abort" -> {
                    boolean writes = waiting.stream().anyMatch(k -> k.equals("put") || k.equals("delete"));
                    if (!begun && writes) {
                        out.add(List.copyOf(waiting)); // begin and commit never share a request
                        waiting.clear();
                        begun = true;
                    }
                    if (begun && readOnly) {
                        // The first request confirmed the reads; the end is sent, not waited for.
                        out.add(List.of(c.kind() + " (sent without waiting)"));
                    } else if (begun) {
                        waiting.removeIf(k -> !k.equals("put") && !k.equals("delete") || c.kind().equals("abort"));
                        waiting.add(c.kind());
                        out.add(List.copyOf(waiting));
                    }
                    waiting.clear();
                    begun = false;
                }
                default -> {
                    waiting.add(c.kind());
                    if (!begun && readOnly) {
                        waiting.add("confirm leadership");
                    }
                    out.add(List.copyOf(waiting));
                    waiting.clear();
                    begun = true;
                }
            }
        }
        return out;
    }
}
