package io.basalt.server.backup;

import io.basalt.common.NodeId;
import io.basalt.kv.KvStateMachine;
import io.basalt.raft.HardState;
import io.basalt.raft.Membership;
import io.basalt.raft.Snapshot;
import io.basalt.raft.SnapshotMeta;
import io.basalt.server.NodeConfig;
import io.basalt.server.StateStorage;
import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.BackupFile;
import io.basalt.server.proto.NodeProto.BackupManifest;
import io.basalt.server.replica.BackupPoint;
import io.basalt.server.replica.StateEngines;
import io.basalt.server.replica.WalRecordLog;
import io.basalt.server.wire.RaftCodec;
import io.basalt.server.wire.WireException;
import io.basalt.storage.api.Engine;
import io.basalt.storage.api.StorageException;
import io.basalt.storage.memory.MemoryEngine;
import io.basalt.storage.rocksdb.RocksEngine;
import io.basalt.storage.rocksdb.RocksEngineOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;

/**
 * {@code basalt start --restore DIR}: makes an empty data directory hold a backup, before the
 * node starts. In order: the data directory must be empty; the backup is checked whole against
 * its manifest (nothing is copied from a damaged or incomplete backup); the engine's files are
 * copied into a temporary directory and renamed into place; the group's log gets one snapshot
 * record at the backup's index I with its term, and a hard state (that term, no vote, commit I),
 * so the node starts as if its log had been compacted at I. Any failure empties the data
 * directory again: a restore is whole or absent.
 *
 * <p>Restored into RocksDB, the snapshot record is metadata only (external, as a compaction's is
 * there): the engine's files hold the state, and a follower that lacks it gets a checkpoint of
 * the engine. Restored into memory (a memory engine's backup, or {@code --in-memory}), the record
 * carries the state's image, which must fit one log record.
 */
public final class Restore {
    private static final long GROUP_ID = 1;
    /** Room for the record's other fields within one log record, as compaction leaves. */
    static final int IMAGE_BYTES_MAX = WalRecordLog.RECORD_BYTES_MAX - (64 << 10);

    private Restore() {}

    /** What was restored, and what the node should say about it. */
    public record Report(BackupManifest manifest, long bytes, List<String> notes) {}

    public static Report run(NodeConfig config, Path backupDir, ByteProgress progress) throws BackupException {
        Path dataDir = config.dataDir();
        try {
            if (Files.exists(dataDir) && !Files.isDirectory(dataDir)) {
                throw new BackupException("data directory " + dataDir + " is a file");
            }
            if (BackupFiles.isNonEmptyDir(dataDir)) {
                throw new BackupException("data directory " + dataDir + " is not empty: --restore starts a node from a"
                    + " backup only in an empty data directory (it never overwrites a node's state)");
            }
        } catch (IOException e) {
            throw new BackupException("cannot read data directory " + dataDir + ": " + BackupFiles.describe(e), e);
        }
        BackupManifest m = BackupManifests.verify(backupDir, progress);
        if (!m.getClusterId().equals(config.clusterId())) {
            throw new BackupException("backup " + backupDir + " is of cluster '" + m.getClusterId() + "'; this node"
                + " starts with --cluster-id '" + config.clusterId() + "'");
        }
        if (m.getGroupId() != GROUP_ID) {
            throw new BackupException("backup " + backupDir + " is of group " + m.getGroupId() + "; this basalt"
                + " hosts group " + GROUP_ID + " only");
        }
        try {
            Files.createDirectories(dataDir);
            return install(config, backupDir, m, progress);
        } catch (BackupException e) {
            BackupFiles.emptyDir(dataDir);
            throw e;
        } catch (IOException e) {
            BackupFiles.emptyDir(dataDir);
            throw new BackupException("restoring into " + dataDir + " failed: " + BackupFiles.describe(e)
                + "; the data directory was emptied again", e);
        } catch (StorageException | IllegalArgumentException | IllegalStateException e) {
            BackupFiles.emptyDir(dataDir);
            throw new BackupException("restoring into " + dataDir + " failed: " + e.getMessage()
                + "; the data directory was emptied again", e);
        }
    }

    private static Report install(NodeConfig config, Path backupDir, BackupManifest m, ByteProgress progress)
        throws IOException, BackupException {
        Path dataDir = config.dataDir();
        Path target = StateEngines.dir(dataDir, GROUP_ID);
        Path staging = target.resolveSibling(".restore-group-" + GROUP_ID);
        Files.createDirectories(staging);
        long total = m.getFilesList().stream().mapToLong(BackupFile::getSize).sum();
        progress.phase("copying", total);
        for (BackupFile f : m.getFilesList()) {
            String name = f.getName().substring(BackupManifests.STATE.length() + 1);
            String sha = BackupFiles.copy(backupDir.resolve(f.getName()), staging.resolve(name), progress);
            if (!sha.equals(f.getSha256())) {
                // Checked a moment ago: the backup changed under the restore.
                throw new BackupException("file " + f.getName() + " of backup " + backupDir + " changed while it was"
                    + " copied (SHA-256 " + sha + ", the manifest says " + f.getSha256() + ")");
            }
        }
        BackupFiles.syncDir(staging);
        Files.move(staging, target);
        BackupFiles.syncDir(target.getParent());

        boolean keepFiles = m.getEngine().equals(BackupPoint.ROCKSDB) && !config.storage().inMemory();
        byte[] image = null;
        long term;
        try (KvStateMachine kv = new KvStateMachine(openEngine(m.getEngine(), target), old -> {
            throw new IllegalStateException("a restore never takes the applied index back");
        })) {
            if (kv.appliedIndex() != m.getAppliedIndex()) {
                throw new BackupException("backup " + backupDir + ": its engine is at index " + kv.appliedIndex()
                    + ", the manifest says " + m.getAppliedIndex());
            }
            if (!keepFiles) {
                image = kv.snapshot();
            }
            term = kv.term();
        }
        if (term != m.getTerm()) {
            throw new BackupException("backup " + backupDir + ": its engine's last applied term is " + term
                + ", the manifest says " + m.getTerm());
        }
        if (image != null && image.length > IMAGE_BYTES_MAX) {
            throw new BackupException("the state in backup " + backupDir + " is " + image.length + " bytes as an"
                + " image, above the " + IMAGE_BYTES_MAX + "-byte limit of one snapshot record; a state this large"
                + " restores only into a node that keeps it in RocksDB (without --in-memory)");
        }
        if (!keepFiles) {
            // A memory engine's image, or a node without RocksDB: the start installs the log's snapshot.
            StateEngines.deleteTree(target);
        }
        Membership members = new Membership(new TreeSet<>(config.peers().keySet()), new TreeSet<>());
        List<String> notes = new ArrayList<>();
        try {
            Membership backedUp = RaftCodec.decode(m.getMembership());
            if (!backedUp.voters().equals(members.voters())) {
                notes.add("the backup's group had voters " + backedUp.voters() + "; the restored group has "
                    + members.voters() + " (--peers)");
            }
        } catch (WireException e) {
            throw new BackupException(backupDir.resolve(BackupManifests.MANIFEST) + ": membership does not decode: "
                + e.getMessage(), e);
        }
        SnapshotMeta at = new SnapshotMeta(m.getAppliedIndex(), m.getTerm(), members);
        // Into RocksDB the engine's files hold the state: the record is metadata only, as a
        // compaction's is there, whatever the state's size.
        writeLog(dataDir, keepFiles ? Snapshot.external(at) : new Snapshot(at, image),
            new HardState(m.getTerm(), (NodeId) null, m.getAppliedIndex()));
        return new Report(m, total, notes);
    }

    private static Engine openEngine(String kind, Path dir) throws BackupException {
        return switch (kind) {
            case BackupPoint.ROCKSDB -> RocksEngine.open(dir, RocksEngineOptions.defaults()
                .withBlockCacheBytes(StateStorage.BLOCK_CACHE_BYTES_MIN * 8));
            case BackupPoint.MEMORY -> MemoryEngine.open(dir);
            default -> throw new BackupException("backup engine '" + kind + "' is unknown (expected "
                + BackupPoint.ROCKSDB + " or " + BackupPoint.MEMORY + ")");
        };
    }

    /** The group's log, starting as if compacted at the snapshot: the snapshot record, then the hard state. */
    private static void writeLog(Path dataDir, Snapshot snapshot, HardState hardState) throws IOException {
        Path wal = Files.createDirectories(dataDir.resolve("wal"));
        try (WalRecordLog log = WalRecordLog.open(wal)) {
            log.append(List.of(
                NodeProto.WalRecord.newBuilder().setGroupId(GROUP_ID).setSnapshot(RaftCodec.encode(snapshot)).build()
                    .toByteArray(),
                NodeProto.WalRecord.newBuilder().setGroupId(GROUP_ID).setHardState(RaftCodec.encode(hardState)).build()
                    .toByteArray())).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
