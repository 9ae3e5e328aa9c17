package io.basalt.server.client;

import io.basalt.common.NodeId;
import io.basalt.kv.KvResult;
import io.basalt.raft.ReplicationMode;
import io.basalt.txn.Isolation;

/**
 * A connection to one Basalt cluster. Operations go to any reachable node; a follower forwards
 * them to the leader of the group, or the client follows the redirect. Every call either
 * returns the committed outcome or throws {@link ClientException} saying what is known: a
 * timed-out write may or may not have been applied.
 */
public interface BasaltClient extends AutoCloseable {

    KvResult put(byte[] key, byte[] value) throws ClientException;

    /** A linearizable read. */
    KvResult get(byte[] key) throws ClientException;

    KvResult delete(byte[] key) throws ClientException;

    /** Sets {@code key} to {@code value} if it currently equals {@code expected} ({@code null}: absent). */
    KvResult compareAndSet(byte[] key, byte[] expected, byte[] value) throws ClientException;

    /**
     * Begins an interactive transaction on the group's leader. Read-only transactions read a
     * snapshot without locks; read-write ones lock what they touch (strict two-phase locking).
     */
    Transaction begin(boolean readOnly, Isolation isolation) throws ClientException;

    /**
     * A transaction that reaches the leader only with its first read: the begin, held puts and
     * deletes, and reads asked for ahead ({@link Transaction#prefetch}) travel together as the
     * steps of one request, and one that never read or wrote ends without any. An error of a
     * held write (a lock timeout, a deadlock) surfaces at the request that carries it, or at
     * {@link Transaction#flush()}.
     */
    Transaction beginDeferred(boolean readOnly, Isolation isolation);

    /** Begins a serializable read-write transaction. */
    default Transaction begin() throws ClientException {
        return begin(false, Isolation.SERIALIZABLE);
    }

    /** The status of one node (every group it hosts), asked of that node directly. */
    NodeStatusReport status(NodeId node) throws ClientException;

    /** Manual failover: makes {@code node} the leader and reports what its log lacked. */
    PromoteReport promote(NodeId node) throws ClientException;

    /** Changes the replication mode of every group, live. */
    void setReplication(ReplicationMode mode) throws ClientException;

    /** Hands leadership to {@code node} gracefully. */
    void transferLeader(NodeId node) throws ClientException;

    /**
     * Asks for a checkpoint of the group's state engine for a backup: of the leader's when
     * {@code node} is null, else of {@code node}'s (any replica's applied state is committed).
     * The caller copies the files and then calls {@link #releaseBackup}.
     */
    BackupCheckpoint backup(NodeId node) throws ClientException;

    /** Lets the node delete a checkpoint {@link #backup} took. */
    void releaseBackup(BackupCheckpoint checkpoint) throws ClientException;

    @Override
    void close();
}
