package io.basalt.raft;

import java.util.stream.Collectors;

/** One-line renderings of messages and logs for data-driven transcripts. */
final class Transcript {
    private Transcript() {}

    static String format(Message m) {
        String head = m.from() + "->" + m.to() + " ";
        return head + switch (m) {
            case Message.VoteRequest r -> "VoteRequest term=" + r.term() + " " + r.kind() + " last="
                + r.lastLogIndex() + "@" + r.lastLogTerm();
            case Message.VoteResponse r -> "VoteResponse term=" + r.term() + (r.preVote() ? " pre" : "")
                + (r.granted() ? " granted" : " rejected");
            case Message.AppendRequest r -> "AppendRequest term=" + r.term() + " prev=" + r.prevLogIndex() + "@"
                + r.prevLogTerm() + " commit=" + r.leaderCommit()
                + (r.entries().isEmpty() ? "" : " entries=[" + r.entries().stream().map(Transcript::format)
                    .collect(Collectors.joining(" ")) + "]");
            case Message.AppendResponse r -> "AppendResponse term=" + r.term()
                + (r.success() ? " ok match=" + r.matchIndex() : " reject hint=" + r.rejectHint() + "@"
                    + r.rejectHintTerm());
            case Message.HeartbeatResponse h -> "HeartbeatResponse term=" + h.term();
            case Message.InstallSnapshot s -> "InstallSnapshot term=" + s.term() + " snap="
                + s.snapshot().meta().index() + "@" + s.snapshot().meta().term();
            case Message.TimeoutNow t -> "TimeoutNow term=" + t.term();
        };
    }

    static String format(Entry e) {
        String base = e.index() + "@" + e.term();
        return switch (e.type()) {
            case NOOP -> base + ":noop";
            case NORMAL -> base + ":" + new String(e.data(), java.nio.charset.StandardCharsets.UTF_8);
            case CONFIG -> base + ":config" + e.membership().voters() + (e.membership().learners().isEmpty() ? ""
                : "+learners" + e.membership().learners());
        };
    }
}
