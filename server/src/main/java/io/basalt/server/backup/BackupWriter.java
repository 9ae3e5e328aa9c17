package io.basalt.server.backup;

import io.basalt.server.proto.NodeProto.BackupFile;
import io.basalt.server.proto.NodeProto.BackupManifest;
import io.basalt.server.proto.NodeProto.BackupReply;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Copies a node's checkpoint into a backup directory: the engine's files under {@code state/},
 * each fsynced and hashed as it is copied, then the {@code MANIFEST}, last, so a directory
 * with a manifest always holds a whole backup. A failure deletes what was written.
 *
 * <p>The checkpoint is read from the path the node gave, so this runs on the node's machine
 * (or with the node's data directory mounted at the same path): the files are not streamed
 * over the node port (docs/operations.md, "Backup and restore").
 */
public final class BackupWriter {
    private BackupWriter() {}

    /**
     * Fails early, before a checkpoint is asked for, if {@code target} exists and is not an
     * empty directory.
     */
    public static void checkTarget(Path target) throws BackupException {
        try {
            if (Files.exists(target) && !Files.isDirectory(target)) {
                throw new BackupException("backup directory " + target + " is a file");
            }
            if (BackupFiles.isNonEmptyDir(target)) {
                throw new BackupException("backup directory " + target + " exists and is not empty");
            }
        } catch (IOException e) {
            throw new BackupException("cannot read backup directory " + target + ": " + BackupFiles.describe(e), e);
        }
    }

    /**
     * Copies the checkpoint {@code checkpointDir} that {@code point} describes into {@code target}.
     *
     * @return the manifest written
     */
    public static BackupManifest write(Path checkpointDir, BackupReply point, long groupId, Path target,
                                       ByteProgress progress) throws BackupException {
        checkTarget(target);
        boolean created = !Files.exists(target);
        try {
            List<Path> files;
            try {
                files = BackupFiles.list(checkpointDir);
            } catch (NoSuchFileException e) {
                throw new BackupException("node " + point.getNode() + " wrote its checkpoint to " + checkpointDir
                    + ", which this machine cannot see: run the backup on the node's machine", e);
            }
            long total = 0;
            for (Path f : files) {
                total += Files.size(f);
            }
            Path state = Files.createDirectories(target.resolve(BackupManifests.STATE));
            progress.phase("copying", total);
            BackupManifest.Builder m = BackupManifest.newBuilder().setFormatVersion(BackupManifests.FORMAT_VERSION)
                .setClusterId(point.getClusterId()).setGroupId(groupId).setAppliedIndex(point.getAppliedIndex())
                .setTerm(point.getTerm()).setMembership(point.getMembership()).setEngine(point.getEngine())
                .setSourceNode(point.getNode()).setCreated(Instant.now().toString());
            for (Path f : files) {
                String name = f.getFileName().toString();
                String sha = BackupFiles.copy(f, state.resolve(name), progress);
                m.addFiles(BackupFile.newBuilder().setName(BackupManifests.STATE + "/" + name)
                    .setSize(Files.size(state.resolve(name))).setSha256(sha));
            }
            BackupFiles.syncDir(state);
            BackupManifest manifest = m.build();
            BackupManifests.write(target, manifest);
            return manifest;
        } catch (BackupException e) {
            undo(target, created);
            throw e;
        } catch (FileAlreadyExistsException e) {
            undo(target, created);
            throw new BackupException("backup directory " + target + " changed while the backup was written: "
                + e.getFile() + " appeared", e);
        } catch (IOException e) {
            undo(target, created);
            throw new BackupException("writing backup " + target + " failed: " + BackupFiles.describe(e)
                + "; nothing of it was kept", e);
        }
    }

    private static void undo(Path target, boolean created) {
        if (Files.isDirectory(target)) {
            BackupFiles.emptyDir(target);
            if (created) {
                try {
                    Files.deleteIfExists(target);
                } catch (IOException ignored) {
                    // Best effort: the failure being reported matters more.
                }
            }
        }
    }
}
