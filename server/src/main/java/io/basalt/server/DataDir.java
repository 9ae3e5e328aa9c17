package io.basalt.server;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The node's data directory: checked and created before anything is written into it. */
final class DataDir {
    static final String WAL = "wal";

    private DataDir() {}

    /**
     * Creates {@code dir/wal} if needed and proves the directory writable.
     *
     * @return the log directory
     * @throws NodeStartException naming the directory and what is wrong with it
     */
    static Path prepare(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new NodeStartException("data directory " + dir + " is a file, not a directory");
        }
        Path wal = dir.resolve(WAL);
        try {
            Files.createDirectories(wal);
        } catch (FileAlreadyExistsException e) {
            throw new NodeStartException("cannot create data directory " + wal + ": " + e.getFile()
                + " exists and is not a directory", e);
        } catch (IOException e) {
            throw new NodeStartException("cannot create data directory " + wal + ": " + e, e);
        }
        try {
            Path probe = Files.createTempFile(wal, "write-probe", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new NodeStartException("data directory " + wal + " is not writable: " + e, e);
        }
        return wal;
    }
}
