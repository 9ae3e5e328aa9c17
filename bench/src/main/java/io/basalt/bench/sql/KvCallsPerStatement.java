package io.basalt.bench.sql;

import io.basalt.sql.api.Prepared;
import java.util.List;

/**
 * Prints the key-value calls the SQL engine makes for one point SELECT and one single-row
 * UPDATE of {@link SqlBench}, as pgjdbc sends them with autocommit on: the first execution
 * (Parse plans the statement) and a later one of the cached prepared statement. In a node
 * every call is one request to the group's leader, so this is the number of round trips a
 * statement pays below the SQL layer. Usage: {@code java -cp ... io.basalt.bench.sql.KvCallsPerStatement}.
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
        System.out.printf("%s: %d key-value calls%n", what, calls.size());
        for (MemoryKvTxns.Call c : calls) {
            System.out.println("  " + c);
        }
    }
}
