package io.basalt.pgwire;

import io.basalt.sql.api.CopyClient;
import io.basalt.sql.api.Notice;
import io.basalt.sql.api.Prepared;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.api.SqlSession;
import io.basalt.sql.api.TxStatus;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TextCodec;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/** A session of {@link ScriptedSqlService}: runs {@link ScriptedStatement}s with PostgreSQL's transaction states. */
final class ScriptedSession implements SqlSession {
    private static final long SLEEP_MS_MAX = 10_000;

    private final ScriptedSqlService service;
    private final Map<String, String> settings = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private TxStatus status = TxStatus.IDLE;
    private boolean syncFails;
    private volatile boolean cancelRequested;
    private CopyClient copyClient;

    ScriptedSession(ScriptedSqlService service, Map<String, String> settings) {
        this.service = service;
        this.settings.putAll(settings);
    }

    @Override
    public void simpleQuery(String sql, Consumer<Result> each) {
        if (sql.isBlank()) {
            each.accept(Result.empty());
            sync();
            return;
        }
        try {
            for (String part : sql.split(";")) {
                if (!part.isBlank()) {
                    each.accept(execute(prepare(part, List.of()), List.of()));
                }
            }
        } catch (SqlException e) {
            syncFails = false;
            sync();
            throw e;
        }
        sync();
    }

    @Override
    public Prepared prepare(String sql, List<Integer> paramTypeOids) {
        service.prepares.incrementAndGet();
        return ScriptedStatement.parse(sql, paramTypeOids);
    }

    @Override
    public Result execute(Prepared p, List<Object> params) {
        ScriptedStatement s = (ScriptedStatement) p;
        service.executes.incrementAndGet();
        if (status == TxStatus.FAILED && s.kind() != ScriptedStatement.Kind.COMMIT
                && s.kind() != ScriptedStatement.Kind.ROLLBACK) {
            throw new SqlException("25P02", "current transaction is aborted, commands ignored until end of transaction block");
        }
        try {
            return run(s, params);
        } catch (SqlException e) {
            if (status == TxStatus.IN_TRANSACTION) {
                status = TxStatus.FAILED;
            }
            throw e;
        }
    }

    private Result run(ScriptedStatement s, List<Object> params) {
        return switch (s.kind()) {
            case SELECT -> select(s, params);
            case SERIES -> {
                int n = Integer.parseInt(s.argument());
                List<Object[]> rows = new ArrayList<>(n);
                for (int i = 1; i <= n; i++) {
                    rows.add(new Object[] {i});
                }
                yield new Result(s.columns(), rows, "SELECT " + n, List.of(), Map.of());
            }
            case FAIL -> throw new SqlException(s.argument().length() == 5 ? s.argument() : "XX000",
                "scripted failure " + s.argument(), "the test asked for it", "ask for something else", 0, null);
            case BEGIN -> {
                status = status == TxStatus.IDLE ? TxStatus.IN_TRANSACTION : status;
                yield Result.command("BEGIN");
            }
            case COMMIT -> {
                String tag = status == TxStatus.FAILED ? "ROLLBACK" : "COMMIT";
                status = TxStatus.IDLE;
                yield Result.command(tag);
            }
            case ROLLBACK -> {
                status = TxStatus.IDLE;
                yield Result.command("ROLLBACK");
            }
            case INSERT -> {
                service.inserted.add(Collections.unmodifiableList(new ArrayList<>(params)));
                yield Result.command("INSERT 0 1");
            }
            case SET -> {
                String[] kv = s.argument().split("=", 2);
                settings.put(kv[0], kv[1]);
                yield new Result(null, List.of(), "SET", List.of(), Map.of(kv[0], kv[1]));
            }
            case NOTICE -> new Result(null, List.of(), "DO", List.of(new Notice("NOTICE", "00000", s.argument())), Map.of());
            case SLEEP -> sleepUntilCancelled();
            case SYNCFAIL -> {
                syncFails = true;
                yield Result.command("SYNCFAIL");
            }
            case COPYIN -> copyIn();
            case COPYOUT -> {
                int n = Integer.parseInt(s.argument());
                copyClient.beginCopyOut(1);
                for (int i = 1; i <= n; i++) {
                    copyClient.write((i + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                }
                copyClient.endCopyOut();
                yield Result.command("COPY " + n);
            }
        };
    }

    private Result copyIn() {
        copyClient.beginCopyIn(2);
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        byte[] piece;
        while ((piece = copyClient.read()) != null) {
            all.writeBytes(piece);
        }
        String text = all.toString(java.nio.charset.StandardCharsets.UTF_8);
        service.copied.add(text);
        return Result.command("COPY " + text.chars().filter(c -> c == '\n').count());
    }

    private Result select(ScriptedStatement s, List<Object> params) {
        Object[] row = new Object[s.items().size()];
        for (int i = 0; i < row.length; i++) {
            ScriptedStatement.Item it = s.items().get(i);
            row[i] = it.param() == 0 ? it.value()
                : convert(params.get(it.param() - 1), s.paramTypes().get(it.param() - 1), it.type());
        }
        List<Object[]> rows = new ArrayList<>();
        rows.add(row);
        return new Result(s.columns(), rows, "SELECT 1", List.of(), Map.of());
    }

    private static Object convert(Object v, SqlType from, SqlType to) {
        if (v == null || from.kind() == to.kind()) {
            return v;
        }
        return TextCodec.parse(TextCodec.format(v, from, ZoneOffset.UTC), to, ZoneOffset.UTC);
    }

    private Result sleepUntilCancelled() {
        service.sleeping.incrementAndGet();
        try {
            long deadline = System.nanoTime() + SLEEP_MS_MAX * 1_000_000;
            while (System.nanoTime() < deadline) {
                if (cancelRequested) {
                    cancelRequested = false;
                    throw new SqlException("57014", "canceling statement due to user request");
                }
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            service.sleeping.decrementAndGet();
        }
        return Result.command("SLEEP");
    }

    @Override
    public void sync() {
        if (status == TxStatus.FAILED || status == TxStatus.IN_TRANSACTION) {
            return;
        }
        if (syncFails) {
            syncFails = false;
            throw new SqlException("40001", "could not serialize access due to concurrent update");
        }
    }

    @Override
    public void statementFailed() {
        if (status == TxStatus.IN_TRANSACTION) {
            status = TxStatus.FAILED;
        }
    }

    @Override
    public void copyClient(CopyClient client) {
        this.copyClient = client;
    }

    @Override
    public TxStatus status() {
        return status;
    }

    @Override
    public String setting(String name) {
        return settings.get(name);
    }

    @Override
    public void cancel() {
        service.cancels.incrementAndGet();
        cancelRequested = true;
    }

    @Override
    public void close() {
        service.closed.incrementAndGet();
    }
}
