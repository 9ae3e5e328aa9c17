package io.basalt.server.http;

import io.basalt.raft.FollowerProgress;
import io.basalt.raft.RaftRole;
import io.basalt.raft.RaftStatus;
import io.basalt.server.client.SnapshotProgress;
import io.basalt.server.replica.LogStats;
import io.basalt.storage.api.EngineStats;
import io.basalt.txn.engine.TxnStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's meters, in the Prometheus text format. Every meter of the node reads the last
 * {@link NodeReading}; {@link #scrape()} takes a new one first. Names, units and labels are
 * listed in docs/operations.md ("Metrics"); each meter carries the labels {@code node} and
 * {@code cluster}, and those of a group also {@code group}.
 */
public final class NodeMetrics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NodeMetrics.class);
    /** A scrape waits this long for the groups' loops before it renders the last reading. */
    static final long READING_TIMEOUT_MS = 2_000;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Supplier<CompletableFuture<NodeReading>> source;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final MultiGauge followerLagEntries;
    private final MultiGauge followerLagBytes;
    private final MultiGauge followerMatchIndex;
    private final MultiGauge transferBytesDone;
    private final MultiGauge transferBytesTotal;
    private final MultiGauge transferBytesPerSecond;
    private final ReentrantLock scrapeLock = new ReentrantLock();
    private volatile NodeReading last;
    private volatile boolean readingUp;

    /**
     * Registers the meters of a node hosting {@code groups}.
     *
     * @param engineCounters whether the groups' state engines keep counters (RocksDB does, memory does not)
     * @param sqlPort whether the node serves SQL
     * @param source a new reading of the node each time it is called
     */
    public NodeMetrics(String node, String cluster, Set<Long> groups, boolean engineCounters, boolean sqlPort,
                       Supplier<CompletableFuture<NodeReading>> source) {
        this.source = source;
        registry.config().commonTags("node", node, "cluster", cluster);
        new JvmMemoryMetrics().bindTo(registry);
        // Binding registers listeners with the JVM's collectors; close() removes them.
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);

        Gauge.builder("basalt.node.reading.up", this, m -> m.readingUp ? 1 : 0)
            .description("1 if the last scrape read the node's groups in time; 0 if it shows an older reading")
            .register(registry);
        logMeters();
        if (sqlPort) {
            gauge("basalt.sql.connections", "Open connections on the SQL port", Tags.empty(),
                r -> r.sqlConnections());
        }
        for (long g : groups) {
            raftMeters(g);
            txnMeters(g);
            if (engineCounters) {
                engineMeters(g);
            }
        }
        followerLagEntries = multi("basalt.raft.follower.lag.entries",
            "On the leader: entries a replica lacks behind the leader's last index");
        followerLagBytes = multi("basalt.raft.follower.lag.bytes",
            "On the leader: bytes of entries a replica lacks behind the leader's last index");
        followerMatchIndex = multi("basalt.raft.follower.match.index",
            "On the leader: the last index known durable on a replica");
        transferBytesDone = multi("basalt.snapshot.transfer.done.bytes",
            "Bytes of a snapshot transfer under way that the receiver holds durably");
        transferBytesTotal = multi("basalt.snapshot.transfer.size.bytes", "Size of a snapshot transfer under way");
        transferBytesPerSecond = multi("basalt.snapshot.transfer.rate.bytes.per.second",
            "Recent rate of a snapshot transfer under way");
    }

    /**
     * Takes a new reading of the node (or keeps the last one if the node does not answer within
     * {@link #READING_TIMEOUT_MS}) and renders every meter in the Prometheus text format 0.0.4.
     */
    public String scrape() {
        // A lock rather than synchronized: a scrape may wait up to the timeout, and on JDK 21 a
        // virtual thread (Javalin's handlers) waiting inside synchronized holds its carrier.
        scrapeLock.lock();
        try {
            refresh();
            return registry.scrape();
        } finally {
            scrapeLock.unlock();
        }
    }

    /** The content type of what {@link #scrape()} returns. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private void refresh() {
        try {
            last = source.get().get(READING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            readingUp = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            readingUp = false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.debug("metrics: reading the node failed; showing the last reading: {}", e.toString());
            readingUp = false;
        }
        NodeReading r = last;
        if (r == null) {
            return;
        }
        Map<Tags, FollowerProgress> followers = new LinkedHashMap<>();
        for (RaftStatus s : r.status().groups()) {
            if (s.role() == RaftRole.LEADER) {
                s.followers().forEach(f -> followers.put(
                    Tags.of("group", Long.toString(s.groupId()), "peer", f.id().value()), f));
            }
        }
        publish(followerLagEntries, followers, FollowerProgress::lagEntries);
        publish(followerLagBytes, followers, FollowerProgress::lagBytes);
        publish(followerMatchIndex, followers, FollowerProgress::matchIndex);
        Map<Tags, SnapshotProgress> transfers = new LinkedHashMap<>();
        r.status().snapshotTransfers().forEach(p -> transfers.put(Tags.of("group", Long.toString(p.groupId()),
            "peer", p.peer().value(), "direction", p.receiving() ? "receiving" : "sending"), p));
        publish(transferBytesDone, transfers, SnapshotProgress::bytesDone);
        publish(transferBytesTotal, transfers, SnapshotProgress::bytesTotal);
        publish(transferBytesPerSecond, transfers, SnapshotProgress::bytesPerSecond);
    }

    /** Replaces the gauge's rows by one per entry of {@code rows}: a row whose thing is gone disappears. */
    private static <T> void publish(MultiGauge gauge, Map<Tags, T> rows, ToLongFunction<T> value) {
        List<MultiGauge.Row<?>> out = new ArrayList<>();
        rows.forEach((tags, thing) -> out.add(MultiGauge.Row.of(tags, value.applyAsLong(thing))));
        gauge.register(out, true);
    }

    private void logMeters() {
        counter("basalt.wal.fsyncs", "fsyncs of the write-ahead log; one covers every batch that arrived while"
            + " the one before ran", Tags.empty(), r -> r.log().syncs());
        counter("basalt.wal.fsync.seconds", "Time spent in fsyncs of the write-ahead log", Tags.empty(),
            r -> r.log().syncNanos() / 1e9);
        counter("basalt.wal.records", "Records made durable in the write-ahead log", Tags.empty(),
            r -> r.log().records());
        counter("basalt.wal.written.bytes", "Payload bytes made durable in the write-ahead log", Tags.empty(),
            r -> r.log().bytes());
    }

    private void raftMeters(long g) {
        Tags t = Tags.of("group", Long.toString(g));
        raft("basalt.raft.term", "The replica's current term", t, g, RaftStatus::term);
        raft("basalt.raft.leader", "1 while this replica leads the group", t, g,
            s -> s.role() == RaftRole.LEADER ? 1 : 0);
        raft("basalt.raft.first.index", "The first index still in the log (the entries before are in a snapshot)",
            t, g, RaftStatus::firstIndex);
        raft("basalt.raft.last.index", "The last index in the replica's log", t, g, RaftStatus::lastIndex);
        raft("basalt.raft.persisted.index", "The last index durable in this replica's log", t, g,
            RaftStatus::persistedIndex);
        raft("basalt.raft.commit.index", "The last index known committed", t, g, RaftStatus::commitIndex);
        raft("basalt.raft.applied.index", "The last index applied to the state engine", t, g,
            RaftStatus::appliedIndex);
        raft("basalt.raft.unshipped.entries", "In async mode, on the leader: entries no follower holds yet", t, g,
            RaftStatus::unshippedEntries);
        gauge("basalt.group.stopped", "1 if the replica stopped accepting writes (its log or engine failed)", t,
            r -> r.status().stopReason(g) == null ? 0 : 1);
    }

    private void txnMeters(long g) {
        Tags t = Tags.of("group", Long.toString(g));
        txnCounter("basalt.txn.begun", "Transactions begun on this replica as leader", t, g, TxnStats::begun);
        txnCounter("basalt.txn.committed", "Transactions committed on this replica as leader", t, g,
            TxnStats::committed);
        txnCounter("basalt.txn.aborted", "Transactions aborted on this replica as leader", t, g, TxnStats::aborted);
        txnCounter("basalt.txn.deadlocks", "Deadlocks found (one transaction aborted with 40P01 each)", t, g,
            TxnStats::deadlocks);
        txnCounter("basalt.txn.lock.timeouts", "Lock waits that ran past lock_timeout (55P03)", t, g,
            TxnStats::lockTimeouts);
        txnCounter("basalt.txn.lock.waits", "Lock requests that had to wait", t, g, TxnStats::lockWaits);
        gauge("basalt.txn.active", "Open transactions on this replica as leader", t,
            r -> txn(r, g, s -> (long) s.active()));
        gauge("basalt.txn.locks.held", "Locks held by open transactions", t, r -> txn(r, g, s -> (long) s.locksHeld()));
        gauge("basalt.txn.lock.waiters", "Transactions waiting for a lock", t, r -> txn(r, g, s -> (long) s.waiting()));
    }

    private void engineMeters(long g) {
        Tags t = Tags.of("group", Long.toString(g));
        engineCounter("basalt.engine.block.cache.hits", "Block reads the engine's cache served", t, g,
            EngineStats::blockCacheHits);
        engineCounter("basalt.engine.block.cache.misses", "Block reads that went past the cache to the files", t, g,
            EngineStats::blockCacheMisses);
        gauge("basalt.engine.block.cache.hit.ratio", "Hits over all block reads since the engine opened", t,
            r -> engine(r, g, EngineStats::blockCacheHitRatio));
        gauge("basalt.engine.block.cache.usage.bytes", "Bytes the block cache holds", t,
            r -> engine(r, g, s -> s.blockCacheUsageBytes()));
        gauge("basalt.engine.block.cache.capacity.bytes", "The block cache's configured size", t,
            r -> engine(r, g, s -> s.blockCacheCapacityBytes()));
        engineCounter("basalt.engine.applied.bytes", "Bytes of keys and values applied to the engine", t, g,
            EngineStats::appliedBytes);
        engineCounter("basalt.engine.flush.written.bytes", "Bytes the engine wrote to files when flushing memory", t,
            g, EngineStats::flushBytes);
        engineCounter("basalt.engine.compaction.written.bytes", "Bytes the engine wrote to files when compacting", t,
            g, EngineStats::compactionBytes);
        gauge("basalt.engine.write.amplification", "Bytes the engine wrote to files per byte applied", t,
            r -> engine(r, g, EngineStats::writeAmplification));
        engineCounter("basalt.engine.iterator.skips", "Deleted entries iterators stepped over", t, g,
            EngineStats::iteratorSkips);
    }

    private void raft(String name, String help, Tags tags, long g, ToDoubleFunction<RaftStatus> value) {
        gauge(name, help, tags, r -> {
            RaftStatus s = r.raft(g);
            return s == null ? Double.NaN : value.applyAsDouble(s);
        });
    }

    private void txnCounter(String name, String help, Tags tags, long g, Function<TxnStats, Long> value) {
        // A follower counts nothing; its counter starts again from 0, as after a restart.
        counter(name, help, tags, r -> {
            double v = txn(r, g, value);
            return Double.isNaN(v) ? 0 : v;
        });
    }

    private static double txn(NodeReading r, long g, Function<TxnStats, Long> value) {
        TxnStats s = r.txns().get(g);
        return s == null ? Double.NaN : value.apply(s);
    }

    private void engineCounter(String name, String help, Tags tags, long g, ToDoubleFunction<EngineStats> value) {
        // An engine that cannot report (closed by a failed install) counts 0, like a follower's transactions.
        counter(name, help, tags, r -> {
            double v = engine(r, g, value);
            return Double.isNaN(v) ? 0 : v;
        });
    }

    private static double engine(NodeReading r, long g, ToDoubleFunction<EngineStats> value) {
        EngineStats s = r.status().engineCache(g);
        return s == null ? Double.NaN : value.applyAsDouble(s);
    }

    private void gauge(String name, String help, Tags tags, ToDoubleFunction<NodeReading> value) {
        Gauge.builder(name, this, m -> {
            NodeReading r = m.last;
            return r == null ? Double.NaN : value.applyAsDouble(r);
        }).description(help).tags(tags).register(registry);
    }

    private void counter(String name, String help, Tags tags, ToDoubleFunction<NodeReading> value) {
        FunctionCounter.builder(name, this, m -> {
            NodeReading r = m.last;
            return r == null ? 0 : value.applyAsDouble(r);
        }).description(help).tags(tags).register(registry);
    }

    private MultiGauge multi(String name, String help) {
        return MultiGauge.builder(name).description(help).register(registry);
    }
}
