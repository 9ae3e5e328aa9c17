package io.basalt.raft;

import io.basalt.common.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Quorum arithmetic over the voters of a membership: each voter contributes one value (the
 * leader its own, the others from their {@link Progress}, or {@code missing}); learners never
 * count.
 */
final class VoterQuorum {
    private VoterQuorum() {}

    static List<Long> values(Membership m, NodeId self, Map<NodeId, Progress> progress,
                             ToLongFunction<Progress> f, long selfValue, long missing) {
        List<Long> values = new ArrayList<>();
        for (NodeId voter : m.voters()) {
            Progress pr = progress.get(voter);
            values.add(voter.equals(self) ? selfValue : pr == null ? missing : f.applyAsLong(pr));
        }
        return values;
    }

    /** The highest value that a quorum of voters has reached (the quorum-th largest). */
    static long quorumValue(Membership m, NodeId self, Map<NodeId, Progress> progress,
                            ToLongFunction<Progress> f, long selfValue, long missing) {
        List<Long> values = values(m, self, progress, f, selfValue, missing);
        values.sort(Collections.reverseOrder());
        return values.get(m.quorum() - 1);
    }

    /** The value every voter has reached. */
    static long minValue(Membership m, NodeId self, Map<NodeId, Progress> progress,
                         ToLongFunction<Progress> f, long selfValue, long missing) {
        return Collections.min(values(m, self, progress, f, selfValue, missing));
    }
}
