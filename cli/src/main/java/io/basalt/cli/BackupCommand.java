package io.basalt.cli;

import io.basalt.server.backup.BackupException;
import io.basalt.server.backup.BackupWriter;
import io.basalt.server.client.BackupCheckpoint;
import io.basalt.server.client.BasaltClient;
import io.basalt.server.client.ClientException;
import io.basalt.server.proto.NodeProto.BackupManifest;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code basalt admin backup DIR}: a consistent backup of the group's applied state. The leader
 * (or {@code --node}) takes a checkpoint of its state engine between two applied entries, at a
 * committed index; this command copies it into DIR with a manifest, then lets the node delete
 * the checkpoint. The node's checkpoint is read where the node wrote it, so this runs on the
 * node's machine.
 */
@Command(name = "backup", description = "Back up the group's state, from a checkpoint of the leader's (or --node's)"
    + " state engine at a committed index, into DIR (new or empty), with a MANIFEST of sizes and SHA-256 sums."
    + " Run it on the machine of the node that takes the checkpoint.")
final class BackupCommand implements Callable<Integer> {
    private static final long GROUP_ID = 1;

    @Mixin
    ClusterOptions cluster;

    @Parameters(index = "0", paramLabel = "DIR", description = "The backup directory: new, or empty.")
    Path dir;

    @Option(names = "--node", paramLabel = "ID",
        description = "Take the checkpoint on this node instead of the leader (any replica's applied state is committed).")
    String node;

    @Option(names = "--progress", defaultValue = "auto",
        description = "auto (a bar on a terminal, else lines), bar, lines or none (default: ${DEFAULT-VALUE}).")
    String progressMode;

    @Override
    public Integer call() {
        CopyProgress progress = CopyProgress.auto("backup", progressMode);
        try {
            BackupWriter.checkTarget(dir);
        } catch (BackupException e) {
            System.err.println("basalt: " + e.getMessage());
            return 1;
        }
        try (BasaltClient client = cluster.connect()) {
            BackupCheckpoint cp = client.backup(node == null ? null : cluster.peers().find(node));
            BackupManifest m;
            try {
                m = BackupWriter.write(cp.dir(), cp.reply(), GROUP_ID, dir, progress);
            } finally {
                progress.finish();
                try {
                    client.releaseBackup(cp);
                } catch (ClientException e) {
                    System.err.println("basalt: warning: " + e.getMessage() + " (it deletes it at its next start)");
                }
            }
            long bytes = m.getFilesList().stream().mapToLong(f -> f.getSize()).sum();
            System.out.printf("backup of group %d at index %d (term %d) from node %s: %d files, %s MiB in %s%n",
                m.getGroupId(), m.getAppliedIndex(), m.getTerm(), m.getSourceNode(), m.getFilesCount(),
                CopyProgress.mib(bytes), dir.toAbsolutePath());
            return 0;
        } catch (ClientException e) {
            System.err.println("basalt: backup failed: " + e.getMessage());
            return 1;
        } catch (BackupException e) {
            System.err.println("basalt: backup failed: " + e.getMessage());
            return 1;
        }
    }
}
