package io.basalt.server.backup;

import com.google.protobuf.TextFormat;
import io.basalt.server.proto.NodeProto.BackupFile;
import io.basalt.server.proto.NodeProto.BackupManifest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * The {@code MANIFEST} of a backup directory, in protobuf text format (a person can read it):
 * its format version, the point of the log it holds, and every file with its size and SHA-256.
 * {@link #verify} checks a backup whole before a restore copies anything.
 */
public final class BackupManifests {
    public static final String MANIFEST = "MANIFEST";
    /** Where the engine's files sit inside a backup directory. */
    public static final String STATE = "state";
    public static final int FORMAT_VERSION = 1;

    private BackupManifests() {}

    static void write(Path backupDir, BackupManifest manifest) throws IOException {
        BackupFiles.writeAtomically(backupDir.resolve(MANIFEST),
            TextFormat.printer().printToString(manifest).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads the manifest of {@code backupDir} and checks every file it lists (present, of its
     * size and SHA-256) and that the state directory holds no other file.
     *
     * @throws BackupException naming the first file that is missing, damaged or unexpected, or
     *         what is wrong with the manifest itself
     */
    public static BackupManifest verify(Path backupDir, ByteProgress progress) throws BackupException {
        BackupManifest m = read(backupDir);
        long total = m.getFilesList().stream().mapToLong(BackupFile::getSize).sum();
        progress.phase("verifying", total);
        Set<String> listed = new HashSet<>();
        for (BackupFile f : m.getFilesList()) {
            Path p = resolve(backupDir, f.getName());
            listed.add(f.getName());
            try {
                long size = Files.size(p);
                if (size != f.getSize()) {
                    throw new BackupException("backup " + backupDir + " is damaged or incomplete: file " + f.getName()
                        + " has " + size + " bytes, the manifest says " + f.getSize());
                }
                String sha = BackupFiles.sha256(p, progress);
                if (!sha.equals(f.getSha256())) {
                    throw new BackupException("backup " + backupDir + " is damaged: file " + f.getName()
                        + " has SHA-256 " + sha + ", the manifest says " + f.getSha256());
                }
            } catch (NoSuchFileException e) {
                throw new BackupException("backup " + backupDir + " is incomplete: file " + f.getName()
                    + " is missing", e);
            } catch (IOException e) {
                throw new BackupException("cannot read file " + f.getName() + " of backup " + backupDir + ": "
                    + BackupFiles.describe(e), e);
            }
        }
        try {
            for (Path p : BackupFiles.list(backupDir.resolve(STATE))) {
                String name = STATE + "/" + p.getFileName();
                if (!listed.contains(name)) {
                    throw new BackupException("backup " + backupDir + " holds file " + name
                        + ", which its manifest does not list");
                }
            }
        } catch (IOException e) {
            throw new BackupException("cannot list " + backupDir.resolve(STATE) + ": " + BackupFiles.describe(e), e);
        }
        return m;
    }

    /** The manifest of {@code backupDir}, its format version and file names checked. */
    public static BackupManifest read(Path backupDir) throws BackupException {
        Path file = backupDir.resolve(MANIFEST);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new BackupException(Files.isDirectory(backupDir)
                ? "backup " + backupDir + " has no " + MANIFEST + ": it is not a backup, or one that did not finish"
                : "backup directory " + backupDir + " does not exist", e);
        } catch (IOException e) {
            throw new BackupException("cannot read " + file + ": " + BackupFiles.describe(e), e);
        }
        BackupManifest.Builder b = BackupManifest.newBuilder();
        try {
            TextFormat.getParser().merge(text, b);
        } catch (TextFormat.ParseException e) {
            throw new BackupException(file + " does not parse: " + e.getMessage(), e);
        }
        BackupManifest m = b.build();
        if (m.getFormatVersion() != FORMAT_VERSION) {
            throw new BackupException("backup " + backupDir + " has format version " + m.getFormatVersion()
                + "; this basalt reads version " + FORMAT_VERSION);
        }
        if (m.getFilesCount() == 0 || m.getAppliedIndex() == 0 || m.getTerm() == 0 || m.getEngine().isEmpty()) {
            throw new BackupException(file + " is incomplete: it lacks the files, the applied index, the term or"
                + " the engine");
        }
        for (BackupFile f : m.getFilesList()) {
            resolve(backupDir, f.getName());
        }
        return m;
    }

    /** The path of a listed file; a name must be {@code state/<file>}, never a path elsewhere. */
    private static Path resolve(Path backupDir, String name) throws BackupException {
        String[] parts = name.split("/", -1);
        if (parts.length != 2 || !parts[0].equals(STATE) || parts[1].isEmpty() || parts[1].equals(".")
            || parts[1].equals("..") || parts[1].contains("\\")) {
            throw new BackupException(backupDir.resolve(MANIFEST) + " lists file '" + name
                + "', which is not of the form state/NAME");
        }
        return backupDir.resolve(STATE).resolve(parts[1]);
    }
}
