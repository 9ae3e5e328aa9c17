package io.basalt.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.basalt.server.sqlcorpus.CorpusFile;
import io.basalt.server.sqlcorpus.CorpusRunner;
import io.basalt.server.sqlcorpus.CorpusRunner.FileResult;
import io.basalt.server.sqlcorpus.CorpusTarget;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The SQL corpus, whose every record passes on PostgreSQL 15 (PostgresCorpusTest), run against
 * a three-node Basalt cluster through a follower's SQL port. Records Basalt does not yet get
 * right are listed with a reason in {@code sqlcorpus/basalt-known-gaps.txt}; the list is a
 * ratchet: a listed record that now passes fails the test until it is removed from the list,
 * and an unlisted record that fails is a regression.
 */
class BasaltCorpusTest {
    static final String GAPS = "/sqlcorpus/basalt-known-gaps.txt";

    private static Path dir;
    private static TestCluster cluster;
    private static CorpusRunner runner;

    @BeforeAll
    static void startCluster() throws IOException {
        dir = Files.createTempDirectory("basalt-corpus-");
        cluster = TestCluster.start(dir, 3, c -> c.withSql(new InetSocketAddress("127.0.0.1", 0)));
        var leader = cluster.awaitLeader();
        InetSocketAddress sql = cluster.node(cluster.anyFollower(leader)).sqlAddress();
        runner = new CorpusRunner(CorpusTarget.basalt("127.0.0.1", sql.getPort(), "postgres", "corpus"));
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
        if (dir != null) {
            try (Stream<Path> paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCorpusRecordMatchesPostgresqlOrIsAListedGap() throws IOException {
        Map<String, String> gaps = knownGaps();
        return CorpusFile.loadCorpus().stream().map(file -> dynamicTest(file.name(), () -> {
            FileResult result = runner.run(file);
            Set<String> failed = result.failures().stream().map(CorpusRunner.Failure::location)
                .collect(Collectors.toCollection(TreeSet::new));
            List<String> unexpected = result.failures().stream().filter(f -> !gaps.containsKey(f.location()))
                .map(CorpusRunner.Failure::toString).toList();
            Set<String> nowPassing = gaps.keySet().stream().filter(k -> k.startsWith(file.name() + ":"))
                .filter(k -> !failed.contains(k)).collect(Collectors.toCollection(TreeSet::new));
            assertThat(unexpected).as("records of %s that fail on Basalt and are not listed as known gaps",
                file.name()).isEmpty();
            assertThat(nowPassing).as("listed gaps of %s that pass now: remove them from %s", file.name(), GAPS)
                .isEmpty();
        }));
    }

    /** {@code file.slt:line} to its reason; lines starting with # are comments. */
    static Map<String, String> knownGaps() throws IOException {
        Map<String, String> gaps = new TreeMap<>();
        try (InputStream in = BasaltCorpusTest.class.getResourceAsStream(GAPS)) {
            if (in == null) {
                return gaps;
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                int sp = l.indexOf(' ');
                gaps.put(sp < 0 ? l : l.substring(0, sp), sp < 0 ? "" : l.substring(sp + 1).strip());
            }
        }
        return gaps;
    }
}
