package io.basalt.raft;

/**
 * What a replica is doing in its current term. Transitions (all in {@link RaftNode}):
 * <pre>
 *   Follower     --election timeout, pre-vote on--&gt;  PreCandidate
 *   Follower     --election timeout / TimeoutNow / promote--&gt; Candidate
 *   PreCandidate --quorum of pre-votes--&gt;            Candidate
 *   Candidate    --quorum of votes--&gt;                Leader
 *   any          --higher term, or a leader's append, or a lost election--&gt; Follower
 *   Leader       --check-quorum fails, or removed and the change committed--&gt; Follower
 * </pre>
 * A learner is a Follower that is not a voter: it never leaves that role.
 */
sealed interface Role permits Follower, PreCandidate, Candidate, Leader {
    RaftRole raftRole();
}
