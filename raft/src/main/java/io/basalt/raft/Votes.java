package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.HashMap;
import java.util.Map;

/** The answers a (pre-)candidate collected; only voters of the current membership count. */
final class Votes {
    enum Result { PENDING, WON, LOST }

    private final Map<NodeId, Boolean> answers = new HashMap<>();

    /** Records the first answer of {@code from}; later duplicates are ignored. */
    void record(NodeId from, boolean granted) {
        answers.putIfAbsent(from, granted);
    }

    Result result(Membership membership) {
        int granted = 0;
        int rejected = 0;
        for (NodeId voter : membership.voters()) {
            Boolean answer = answers.get(voter);
            if (answer == null) {
                continue;
            }
            if (answer) {
                granted++;
            } else {
                rejected++;
            }
        }
        if (granted >= membership.quorum()) {
            return Result.WON;
        }
        if (rejected > membership.voters().size() - membership.quorum()) {
            return Result.LOST;
        }
        return Result.PENDING;
    }
}
