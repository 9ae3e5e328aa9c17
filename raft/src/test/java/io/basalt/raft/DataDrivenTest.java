package io.basalt.raft;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.NodeId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Transcript tests in the style of etcd-io/raft: each file under {@code testdata/} is a list
 * of blocks, each a command line, a {@code ----} line and the expected output, separated by
 * blank lines. Run with {@code -Dbasalt.rewrite=true} to write the actual output back to the
 * source files (then review the diff).
 */
class DataDrivenTest {
    private static final Path DIR = Path.of("src/test/resources/testdata");

    @TestFactory
    Stream<DynamicTest> transcripts() throws IOException {
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> scripts = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            assertThat(scripts).isNotEmpty();
            return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> run(p)));
        }
    }

    private record Block(String command, String expected) {}

    private static void run(Path file) throws IOException {
        List<Block> blocks = parse(Files.readString(file, StandardCharsets.UTF_8));
        Runner runner = new Runner();
        StringBuilder rewritten = new StringBuilder();
        List<String> mismatches = new ArrayList<>();
        for (Block b : blocks) {
            String actual = runner.execute(b.command()).strip();
            if (!actual.equals(b.expected().strip())) {
                mismatches.add(b.command() + "\n--- expected\n" + b.expected() + "\n--- actual\n" + actual);
            }
            if (!rewritten.isEmpty()) {
                rewritten.append('\n');
            }
            rewritten.append(b.command()).append("\n----\n").append(actual).append('\n');
        }
        if (Boolean.getBoolean("basalt.rewrite")) {
            Files.writeString(file, rewritten.toString(), StandardCharsets.UTF_8);
            return;
        }
        assertThat(mismatches).as(file.toString()).isEmpty();
    }

    private static List<Block> parse(String text) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        int i = 0;
        while (i < lines.length) {
            if (lines[i].isBlank() || lines[i].startsWith("#")) {
                i++;
                continue;
            }
            String command = lines[i++];
            if (i >= lines.length || !lines[i].equals("----")) {
                throw new IllegalArgumentException("expected ---- after '" + command + "'");
            }
            i++;
            StringBuilder expected = new StringBuilder();
            while (i < lines.length && !lines[i].isBlank()) {
                expected.append(lines[i++]).append('\n');
            }
            blocks.add(new Block(command, expected.toString()));
        }
        return blocks;
    }

    /** Executes one command against a cluster and returns its transcript. */
    private static final class Runner {
        private Cluster cluster;

        String execute(String line) {
            String[] words = line.trim().split("\\s+");
            Map<String, String> args = new HashMap<>();
            List<String> positional = new ArrayList<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq > 0) {
                    args.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                } else {
                    positional.add(words[i]);
                }
            }
            if (words[0].equals("cluster")) {
                cluster = newCluster(args);
                return "ok";
            }
            cluster.trace.clear();
            cluster.tracing = true;
            String extra = switch (words[0]) {
                case "campaign" -> { cluster.campaign(id(positional, 0)); yield ""; }
                case "promote" -> { cluster.node(id(positional, 0)).promote(); cluster.stabilize(); yield ""; }
                case "tick" -> { cluster.run(Integer.parseInt(args.getOrDefault("count", "1"))); yield ""; }
                case "tick-node" -> { tickNode(id(positional, 0), Integer.parseInt(args.getOrDefault("count", "1")));
                    yield ""; }
                case "propose" -> { cluster.propose(id(positional, 0), positional.get(1)); cluster.stabilize();
                    yield ""; }
                case "propose-nodeliver" -> { cluster.propose(id(positional, 0), positional.get(1));
                    cluster.network.clear(); yield ""; }
                case "drop-appends" -> { NodeId from = id(positional, 0);
                    cluster.drop = m -> m instanceof Message.AppendRequest a && a.from().equals(from); yield "ok"; }
                case "drop-entries" -> { dropEntries(id(positional, 0), Long.parseLong(args.get("index"))); yield "ok"; }
                case "undrop" -> { cluster.drop = m -> false; yield "ok"; }
                case "transfer" -> { cluster.node(id(positional, 0)).transferLeadership(id(positional, 1));
                    cluster.stabilize(); yield ""; }
                case "read" -> read(id(positional, 0), Long.parseLong(args.get("id")));
                case "isolate" -> { cluster.isolate(id(positional, 0)); yield "ok"; }
                case "cut" -> { cluster.cutLink(id(positional, 0), id(positional, 1)); yield "ok"; }
                case "heal" -> { cluster.heal(); yield "ok"; }
                case "crash" -> { cluster.crash(id(positional, 0)); yield "ok"; }
                case "restart" -> { cluster.restart(id(positional, 0)); cluster.stabilize(); yield ""; }
                case "stabilize" -> { cluster.stabilize(); yield ""; }
                case "status" -> status(positional);
                case "log" -> log(id(positional, 0));
                case "applied" -> String.join(" ", cluster.appliedData(id(positional, 0)));
                default -> throw new IllegalArgumentException("unknown command " + words[0]);
            };
            cluster.tracing = false;
            List<String> out = new ArrayList<>(cluster.trace);
            if (!extra.isEmpty()) {
                out.add(extra);
            }
            if (!cluster.violations.isEmpty()) {
                cluster.violations.forEach(v -> out.add("VIOLATION " + v));
                cluster.violations.clear();
            }
            return out.isEmpty() ? "(nothing)" : String.join("\n", out);
        }

        /**
         * Drops appends of {@code from} that carry an entry at or above {@code index} to a node
         * that could accept it, so such entries never arrive but the back-off still works.
         */
        private void dropEntries(NodeId from, long index) {
            Cluster c = cluster;
            cluster.drop = m -> m instanceof Message.AppendRequest a && a.from().equals(from)
                && a.entries().stream().anyMatch(e -> e.index() >= index) && c.node(a.to()).log.lastIndex() >= index - 1;
        }

        private String read(NodeId id, long requestId) {
            try {
                cluster.node(id).readIndex(requestId);
            } catch (NotLeaderException e) {
                return "NotLeaderException leader=" + e.leaderHint();
            }
            cluster.stabilize();
            return "read states: " + cluster.readStates.get(id);
        }

        private void tickNode(NodeId id, int count) {
            for (int i = 0; i < count; i++) {
                cluster.tick(id);
            }
            cluster.stabilize();
        }

        private String status(List<String> positional) {
            List<String> out = new ArrayList<>();
            List<NodeId> which = positional.isEmpty() ? cluster.ids : List.of(id(positional, 0));
            for (NodeId id : which) {
                RaftStatus s = cluster.node(id).status();
                out.add(id + ": " + s.role() + " term=" + s.term() + " leader=" + s.leader() + " last=" + s.lastIndex()
                    + " commit=" + s.commitIndex() + " applied=" + s.appliedIndex()
                    + (s.lostCommittedEntries() > 0 ? " lost=" + s.lostCommittedEntries() : "")
                    + (cluster.down.contains(id) ? " (down)" : ""));
            }
            return String.join("\n", out);
        }

        private String log(NodeId id) {
            RaftLog log = cluster.node(id).log;
            List<String> out = new ArrayList<>();
            for (long i = log.firstIndex(); i <= log.lastIndex(); i++) {
                out.add(Transcript.format(log.entry(i)));
            }
            return out.isEmpty() ? "(empty)" : String.join(" ", out);
        }

        private NodeId id(List<String> positional, int i) {
            String name = positional.get(i);
            return name.equals("leader") ? cluster.leader() : NodeId.of(name);
        }

        private static Cluster newCluster(Map<String, String> args) {
            int voters = Integer.parseInt(args.getOrDefault("voters", "3"));
            int learners = Integer.parseInt(args.getOrDefault("learners", "0"));
            boolean preVote = Boolean.parseBoolean(args.getOrDefault("prevote", "true"));
            boolean checkQuorum = Boolean.parseBoolean(args.getOrDefault("checkquorum", "true"));
            ReplicationMode mode = ReplicationMode.parse(args.getOrDefault("mode", "sync"));
            FailoverMode failover = FailoverMode.valueOf(args.getOrDefault("failover", "automatic").toUpperCase());
            int election = Integer.parseInt(args.getOrDefault("election", "10"));
            int heartbeat = Integer.parseInt(args.getOrDefault("heartbeat", "3"));
            int maxAppend = Integer.parseInt(args.getOrDefault("maxappend", "256"));
            EnumSet<ProtocolBreak> breaks = EnumSet.noneOf(ProtocolBreak.class);
            if (args.containsKey("breaks")) {
                for (String b : args.get("breaks").split(",")) {
                    breaks.add(ProtocolBreak.parse(b));
                }
            }
            Cluster c = Cluster.of(voters, learners, cfg -> cfg.withElection(election, heartbeat, election - 2)
                .withPreVoteAndCheckQuorum(preVote, checkQuorum)
                .withModes(mode, failover, ReadMode.READ_INDEX)
                .withAppendLimits(maxAppend, 1 << 20, 64)
                .withBreaks(breaks));
            c.strict = breaks.isEmpty();
            return c;
        }
    }
}
