package io.basalt.bench.sql;

import io.basalt.kv.client.KvException;
import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.Result;
import io.basalt.sql.exec.PlanContext;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.session.Command;
import io.basalt.sql.session.CommandParser;
import io.basalt.sql.types.SqlType;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the SQL session costs per statement, without the key-value store's round trips: one
 * session over {@link MemoryKvTxns} with {@code bench_kv} loaded, the statements of
 * {@link SqlBench}.
 * <ul>
 *   <li>{@code cachedPrepare}: {@code session.prepare} of text already in the session's cache
 *       (Parse of a statement pgjdbc has prepared before: split, cache key, lookup);
 *   <li>{@code cachedExecute}: Execute + Sync of the cached prepared statement: the replan check
 *       (the transaction's catalog version against the plan's) and everything else the engine
 *       does, plus the in-memory store's work;
 *   <li>{@code kvCallsOnly}: the same key-value calls made straight on the in-memory store, so
 *       that cachedExecute minus kvCallsOnly is the engine's own work per execution;
 *   <li>{@code coldParse}, {@code coldParsePlan}: a statement never seen (CommandParser.parse,
 *       then planning against the node's newest catalog), for comparison.
 * </ul>
 * {@code types} is what Parse gave for $1: nothing, or int4 as pgjdbc does for setInt.
 * Run: {@code bench/jmh.sh} (or {@code java -cp 'bench/target/basalt-bench.jar:bench/target/lib/*'
 * org.openjdk.jmh.Main PreparedPlanBench}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PreparedPlanBench {
    static final int ROWS = 10_000;
    /** The id every execution reads or updates: the row is there, its key mid-table. */
    static final int ID = ROWS / 2;

    @Param({"select", "update"})
    public String op;

    @Param({"none", "int4"})
    public String types;

    private SessionFixture fixture;
    private String sql;
    private List<Integer> oids;
    private List<SqlType> givenTypes;
    private Prepared prepared;
    private List<Object> params;
    private List<MemoryKvTxns.Call> calls;

    @Setup
    public void setUp() {
        fixture = new SessionFixture(ROWS);
        sql = BenchTable.serverText(op);
        boolean int4 = types.equals("int4");
        oids = int4 ? List.of(SessionFixture.INT4_OID) : List.of();
        givenTypes = int4 ? List.of(SqlType.INT4) : List.of();
        params = SessionFixture.params(ID);
        prepared = fixture.session.prepare(sql, oids);
        // One warm-up execution: the plan is bound to the catalog version the transaction sees.
        fixture.executeAndSync(prepared, params);
        fixture.kv.startRecording();
        fixture.executeAndSync(fixture.session.prepare(sql, oids), params);
        calls = fixture.kv.stopRecording();
        if (calls.isEmpty() || fixture.session.prepare(sql, oids) != prepared) {
            throw new IllegalStateException("the prepared statement is not cached: " + calls);
        }
    }

    @Benchmark
    public Prepared cachedPrepare() {
        return fixture.session.prepare(sql, oids);
    }

    @Benchmark
    public Result cachedExecute() {
        return fixture.executeAndSync(prepared, params);
    }

    @Benchmark
    public Object kvCallsOnly() throws KvException {
        return fixture.kv.replay(calls);
    }

    @Benchmark
    public Command coldParse() {
        return CommandParser.parse(sql);
    }

    @Benchmark
    public PlannedStatement coldParsePlan() {
        Command.Parsed parsed = (Command.Parsed) CommandParser.parse(sql);
        return fixture.engine.plan(new PlanContext(fixture.engine.latestCatalog(), givenTypes, sql),
            parsed.statement());
    }
}
