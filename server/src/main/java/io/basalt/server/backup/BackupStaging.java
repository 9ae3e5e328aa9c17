package io.basalt.server.backup;

import io.basalt.server.replica.StateEngines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The node's staging directories of backups, {@code <dataDir>/backup-staging/checkpoint-<hex>}:
 * a checkpoint lives there (hard links to the engine's files) while a client copies it, and is
 * deleted when the client releases it, or at the node's next start if the client never did.
 */
public final class BackupStaging {
    public static final String DIR = "backup-staging";
    private static final Pattern NAME = Pattern.compile("checkpoint-[0-9a-f]{16}");

    private final Path root;
    private final SecureRandom random = new SecureRandom();

    public BackupStaging(Path dataDir) {
        this.root = dataDir.resolve(DIR).toAbsolutePath();
    }

    /** Deletes what earlier runs left behind (a client that died before it released its checkpoint). */
    public void clean() {
        StateEngines.deleteTree(root);
    }

    /** A new, not yet existing, staging directory; its parent exists. */
    public Path next() throws IOException {
        Files.createDirectories(root);
        return root.resolve("checkpoint-" + HexFormat.of().toHexDigits(random.nextLong()));
    }

    /**
     * Deletes the staging directory named {@code name}.
     *
     * @throws IllegalArgumentException if the name is not one this class hands out (it never
     *         names a path outside the staging root)
     */
    public void release(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("'" + name + "' is not a backup checkpoint name");
        }
        StateEngines.deleteTree(root.resolve(name));
    }
}
