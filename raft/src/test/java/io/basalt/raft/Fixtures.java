package io.basalt.raft;

import io.basalt.common.NodeId;
import io.basalt.common.Prng;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/** Single-node helpers: a node with a given log, fed messages by hand. */
final class Fixtures {
    private Fixtures() {}

    static NodeId id(int i) {
        return Cluster.id(i);
    }

    static Membership voters(int n) {
        TreeSet<NodeId> v = new TreeSet<>();
        for (int i = 1; i <= n; i++) {
            v.add(id(i));
        }
        return new Membership(v, new TreeSet<>());
    }

    /** Plain Raft (no pre-vote, no check-quorum) so each figure-2 rule shows alone. */
    static RaftConfig plain(int self, int voters) {
        return RaftConfig.defaults(Cluster.GROUP, id(self), voters(voters)).withPreVoteAndCheckQuorum(false, false);
    }

    /** Entries at indexes 1..n with the given terms, each carrying its index as data. */
    static List<Entry> entries(long... terms) {
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < terms.length; i++) {
            out.add(Entry.normal(terms[i], i + 1, ("e" + (i + 1)).getBytes(StandardCharsets.UTF_8)));
        }
        return out;
    }

    static RaftNode node(int self, int voters, long term, long... logTerms) {
        return node(plain(self, voters), term, logTerms);
    }

    static RaftNode node(RaftConfig config, long term, long... logTerms) {
        return new RaftNode(config, new Prng(config.self().hashCode()),
            new RaftState(new HardState(term, null, 0), null, entries(logTerms)));
    }

    static RaftNode node(int self, int voters, UnaryOperator<RaftConfig> customize) {
        return new RaftNode(customize.apply(plain(self, voters)), new Prng(self), RaftState.empty());
    }

    /** Takes the node's Ready, reports it durable (as a driver would) and returns it. */
    static Ready drain(RaftNode n) {
        if (!n.hasReady()) {
            return new Ready(null, null, null, List.of(), List.of(), false, List.of(), List.of());
        }
        Ready r = n.ready();
        n.persisted(r.lastEntryIndex(), r.lastEntryTerm());
        return r;
    }

    static Message.AppendRequest append(int from, int to, long term, long prevIndex, long prevTerm,
                                        List<Entry> entries, long commit) {
        return new Message.AppendRequest(Cluster.GROUP, id(from), id(to), term, prevIndex, prevTerm, entries, commit, 0);
    }

    static Message.VoteRequest vote(int from, int to, long term, VoteKind kind, long lastIndex, long lastTerm) {
        return new Message.VoteRequest(Cluster.GROUP, id(from), id(to), term, kind, lastIndex, lastTerm);
    }

    static <T extends Message> List<T> sent(Ready r, Class<T> type) {
        return r.messages().stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends Message> T only(Ready r, Class<T> type) {
        List<T> all = sent(r, type);
        if (all.size() != 1) {
            throw new AssertionError("expected one " + type.getSimpleName() + ", got " + r.messages());
        }
        return all.getFirst();
    }

    static void tick(RaftNode n, int times) {
        for (int i = 0; i < times; i++) {
            n.tick();
        }
    }
}
