package io.basalt.txn.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.txn.HybridClock;
import io.basalt.txn.Isolation;
import io.basalt.txn.KeyRange;
import io.basalt.txn.LockWait;
import io.basalt.txn.Timestamp;
import io.basalt.txn.TxnId;
import io.basalt.txn.Write;
import io.basalt.txn.mvcc.KeyValue;
import io.basalt.txn.mvcc.VersionStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays the driver of one {@link TxnEngine}: a fake physical clock, a {@link VersionStore}
 * that proposals are applied to, and the replicated record of committed transactions. Every
 * request gets a fresh request id; replies and proposals are drained after each call, so a
 * test asks {@link #result} for what a client would have received by now.
 *
 * <p>Proposals are held back until {@link #applyAll}, which plays "the entry was committed
 * and applied": their writes land in the store at the proposal's commit timestamp, the outcome
 * is recorded, and the engine is told with {@link TxnEngine#applied}.
 */
final class EngineHarness {
    /** Physical time starts well after the epoch so timestamps look like real ones. */
    private static final long EPOCH_MICROS = 1_700_000_000_000_000L;

    final TxnConfig config;
    final VersionStore store = new VersionStore();
    final Map<TxnId, Timestamp> committed = new HashMap<>();
    final HybridClock clock;
    final TxnEngine engine;
    private long nowMs;
    private long physicalMicros = EPOCH_MICROS;
    private long nextRequest = 1;
    private final Map<Long, TxnResult> results = new HashMap<>();
    private final List<Proposal> unapplied = new ArrayList<>();
    private final List<Proposal> allProposals = new ArrayList<>();

    EngineHarness() {
        this(TxnConfig.DEFAULTS, Set.of());
    }

    EngineHarness(TxnConfig config) {
        this(config, Set.of());
    }

    EngineHarness(TxnConfig config, Set<TxnBreak> breaks) {
        this.config = config;
        this.clock = new HybridClock(() -> physicalMicros, 500_000);
        this.engine = new TxnEngine(config, clock, store, committed::get, 7, 1, nowMs, breaks);
    }

    // ---- keys and values ----

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    static KeyRange range(String start, String end) {
        return new KeyRange(b(start), end == null ? null : b(end));
    }

    // ---- requests: each returns its request id ----

    TxnId begin() {
        return began(begin(false, Isolation.SERIALIZABLE));
    }

    TxnId beginReadCommitted() {
        return began(begin(false, Isolation.READ_COMMITTED));
    }

    TxnId beginReadOnly() {
        return began(begin(true, Isolation.SERIALIZABLE));
    }

    long begin(boolean readOnly, Isolation isolation) {
        long req = nextRequest++;
        engine.begin(req, readOnly, isolation);
        drain();
        return req;
    }

    long get(TxnId txn, String key) {
        long req = nextRequest++;
        engine.get(req, txn, b(key));
        drain();
        return req;
    }

    long getForUpdate(TxnId txn, String key) {
        return getLocked(txn, key, true, LockWait.WAIT);
    }

    /** A locking read: FOR UPDATE ({@code exclusive}) or FOR SHARE, with {@code wait}. */
    long getLocked(TxnId txn, String key, boolean exclusive, LockWait wait) {
        long req = nextRequest++;
        engine.get(req, txn, b(key), exclusive, wait);
        drain();
        return req;
    }

    long scan(TxnId txn, KeyRange range, int limit) {
        return scan(txn, range, limit, LockWait.WAIT);
    }

    long scan(TxnId txn, KeyRange range, int limit, LockWait wait) {
        long req = nextRequest++;
        engine.scan(req, txn, range, limit, wait);
        drain();
        return req;
    }

    long put(TxnId txn, String key, String value) {
        long req = nextRequest++;
        engine.put(req, txn, b(key), b(value));
        drain();
        return req;
    }

    long delete(TxnId txn, String key) {
        long req = nextRequest++;
        engine.delete(req, txn, b(key));
        drain();
        return req;
    }

    long commit(TxnId txn) {
        long req = nextRequest++;
        engine.commit(req, txn);
        drain();
        return req;
    }

    long abort(TxnId txn) {
        long req = nextRequest++;
        engine.abort(req, txn);
        drain();
        return req;
    }

    long heartbeat(TxnId txn) {
        long req = nextRequest++;
        engine.heartbeat(req, txn);
        drain();
        return req;
    }

    /** An autocommit write whose attachment is the {@link Write} to apply, as a driver's command would be. */
    long autocommit(List<String> keys, Object attachment) {
        long req = nextRequest++;
        engine.autocommit(req, keys.stream().map(EngineHarness::b).toList(), attachment);
        drain();
        return req;
    }

    // ---- driver actions ----

    /** Advances engine time (and the physical clock with it) to {@code ms}. */
    void tick(long ms) {
        physicalMicros += (ms - nowMs) * 1000;
        nowMs = ms;
        engine.tick(ms);
        drain();
    }

    long nowMs() {
        return nowMs;
    }

    /** Applies every proposal taken so far, in order: writes to the store, outcome recorded, engine told. */
    void applyAll() {
        drain();
        List<Proposal> batch = new ArrayList<>(unapplied);
        unapplied.clear();
        for (Proposal p : batch) {
            for (Write w : p.writes()) {
                store.write(w.key(), p.commitTs(), w.value());
            }
            if (p.attachment() instanceof Write w) {
                store.write(w.key(), p.commitTs(), w.value());
            }
            committed.put(p.txn(), p.commitTs());
            engine.applied(p.txn(), p.commitTs());
            drain();
        }
    }

    /** The driver could not propose the entries taken so far (it stopped leading): each is dropped and reported. */
    void failProposals() {
        drain();
        List<Proposal> batch = new ArrayList<>(unapplied);
        unapplied.clear();
        for (Proposal p : batch) {
            engine.proposalFailed(p.txn());
            drain();
        }
    }

    void close(String why) {
        engine.close(why);
        drain();
    }

    private void drain() {
        for (TxnReply r : engine.takeReplies()) {
            TxnResult before = results.put(r.requestId(), r.result());
            assertThat(before).as("request %d answered twice: first %s, then %s", r.requestId(), before, r.result())
                .isNull();
        }
        List<Proposal> ps = engine.takeProposals();
        unapplied.addAll(ps);
        allProposals.addAll(ps);
    }

    // ---- what clients and the log saw ----

    /** The answer to {@code req} so far, or null while it waits. */
    TxnResult result(long req) {
        return results.get(req);
    }

    boolean answered(long req) {
        return results.containsKey(req);
    }

    String value(long req) {
        TxnResult r = result(req);
        assertThat(r).as("answer to request %d", req).isInstanceOf(TxnResult.Value.class);
        return s(((TxnResult.Value) r).value());
    }

    List<String> rows(long req) {
        TxnResult r = result(req);
        assertThat(r).as("answer to request %d", req).isInstanceOf(TxnResult.Rows.class);
        List<String> out = new ArrayList<>();
        for (KeyValue kv : ((TxnResult.Rows) r).rows()) {
            out.add(s(kv.key()) + "=" + s(kv.value()));
        }
        return out;
    }

    TxnResult.Failed failed(long req) {
        TxnResult r = result(req);
        assertThat(r).as("answer to request %d", req).isInstanceOf(TxnResult.Failed.class);
        return (TxnResult.Failed) r;
    }

    TxnResult.Committed committed(long req) {
        TxnResult r = result(req);
        assertThat(r).as("answer to request %d", req).isInstanceOf(TxnResult.Committed.class);
        return (TxnResult.Committed) r;
    }

    void assertDone(long req) {
        assertThat(result(req)).as("answer to request %d", req).isEqualTo(TxnResult.DONE);
    }

    void assertWaiting(long req) {
        assertThat(result(req)).as("answer to request %d (expected none yet)", req).isNull();
    }

    void assertAborted(long req, String sqlState) {
        TxnResult.Failed f = failed(req);
        assertThat(f.sqlState()).as("SQLSTATE of %s", f).isEqualTo(sqlState);
        assertThat(f.aborted()).as("aborted flag of %s", f).isTrue();
    }

    /** Proposals taken from the engine and not yet applied. */
    List<Proposal> unapplied() {
        drain();
        return List.copyOf(unapplied);
    }

    /** Every proposal the engine ever made. */
    List<Proposal> allProposals() {
        drain();
        return List.copyOf(allProposals);
    }

    /** The latest committed value of {@code key} in the store. */
    String stored(String key) {
        return s(store.read(b(key), Timestamp.MAX));
    }

    /** Commits {@code key=value} in a transaction of its own and applies it. */
    void seed(String key, String value) {
        TxnId t = begin();
        assertDone(put(t, key, value));
        long c = commit(t);
        applyAll();
        committed(c);
    }

    private TxnId began(long req) {
        TxnResult r = result(req);
        assertThat(r).as("answer to begin %d", req).isInstanceOf(TxnResult.Began.class);
        return ((TxnResult.Began) r).txn();
    }

    TxnResult.Began beganResult(long req) {
        TxnResult r = result(req);
        assertThat(r).as("answer to begin %d", req).isInstanceOf(TxnResult.Began.class);
        return (TxnResult.Began) r;
    }
}
