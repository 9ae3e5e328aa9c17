package io.basalt.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.basalt.server.proto.NodeProto;
import io.basalt.server.proto.NodeProto.BackupManifest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A backup is checked whole against its manifest: every damage is refused with the file named. */
class BackupManifestsTest {
    @TempDir
    Path dir;
    Path backup;

    @BeforeEach
    void writeBackup() throws Exception {
        Path checkpoint = Files.createDirectories(dir.resolve("checkpoint"));
        Files.write(checkpoint.resolve("000012.sst"), "sorted strings".repeat(1000).getBytes(StandardCharsets.UTF_8));
        Files.writeString(checkpoint.resolve("CURRENT"), "MANIFEST-000005\n");
        NodeProto.BackupReply point = NodeProto.BackupReply.newBuilder().setNode("n2").setClusterId("prod")
            .setCheckpointDir(checkpoint.toString()).setAppliedIndex(42).setTerm(3).setEngine("rocksdb")
            .setMembership(NodeProto.Membership.newBuilder().addVoters("n1").addVoters("n2").addVoters("n3")).build();
        backup = dir.resolve("backup");
        BackupManifest m = BackupWriter.write(checkpoint, point, 1, backup, ByteProgress.NONE);
        assertThat(m.getFilesCount()).isEqualTo(2);
    }

    @Test
    void aWholeBackupVerifiesWithItsPointOfTheLog() throws Exception {
        BackupManifest m = BackupManifests.verify(backup, ByteProgress.NONE);
        assertThat(m.getAppliedIndex()).isEqualTo(42);
        assertThat(m.getTerm()).isEqualTo(3);
        assertThat(m.getClusterId()).isEqualTo("prod");
        assertThat(m.getMembership().getVotersList()).containsExactly("n1", "n2", "n3");
        assertThat(m.getFilesList()).extracting(NodeProto.BackupFile::getName)
            .containsExactly("state/000012.sst", "state/CURRENT");
        assertThat(backup.resolve("MANIFEST")).content().contains("sha256: \"");
    }

    @Test
    void aCorruptFileIsRefusedByName() throws Exception {
        Path sst = backup.resolve("state/000012.sst");
        byte[] bytes = Files.readAllBytes(sst);
        bytes[100] ^= 0x40;
        Files.write(sst, bytes);
        assertThatThrownBy(() -> BackupManifests.verify(backup, ByteProgress.NONE))
            .isInstanceOf(BackupException.class)
            .hasMessageContaining("is damaged: file state/000012.sst has SHA-256");
    }

    @Test
    void aTruncatedFileIsRefusedByName() throws Exception {
        Files.writeString(backup.resolve("state/CURRENT"), "MANIFEST");
        assertThatThrownBy(() -> BackupManifests.verify(backup, ByteProgress.NONE))
            .hasMessageContaining("file state/CURRENT has 8 bytes, the manifest says 16");
    }

    @Test
    void aMissingFileIsRefusedByName() throws Exception {
        Files.delete(backup.resolve("state/000012.sst"));
        assertThatThrownBy(() -> BackupManifests.verify(backup, ByteProgress.NONE))
            .hasMessageContaining("is incomplete: file state/000012.sst is missing");
    }

    @Test
    void aFileTheManifestDoesNotListIsRefused() throws Exception {
        Files.writeString(backup.resolve("state/000013.sst"), "late");
        assertThatThrownBy(() -> BackupManifests.verify(backup, ByteProgress.NONE))
            .hasMessageContaining("holds file state/000013.sst, which its manifest does not list");
    }

    @Test
    void anUnfinishedBackupHasNoManifestAndIsRefused() throws Exception {
        Files.delete(backup.resolve("MANIFEST"));
        assertThatThrownBy(() -> BackupManifests.verify(backup, ByteProgress.NONE))
            .hasMessageContaining("has no MANIFEST: it is not a backup, or one that did not finish");
        assertThatThrownBy(() -> BackupManifests.verify(dir.resolve("nowhere"), ByteProgress.NONE))
            .hasMessageContaining("backup directory " + dir.resolve("nowhere") + " does not exist");
    }

    @Test
    void anotherFormatVersionIsRefused() throws Exception {
        rewriteManifest("format_version: 1", "format_version: 2");
        assertThatThrownBy(() -> BackupManifests.verify(backup, ByteProgress.NONE))
            .hasMessageContaining("has format version 2; this basalt reads version 1");
    }

    @Test
    void aManifestNamingAPathOutsideTheBackupIsRefused() throws Exception {
        rewriteManifest("state/CURRENT", "state/../../etc/passwd");
        assertThatThrownBy(() -> BackupManifests.verify(backup, ByteProgress.NONE))
            .hasMessageContaining("lists file 'state/../../etc/passwd', which is not of the form state/NAME");
    }

    @Test
    void aManifestThatDoesNotParseIsRefused() throws Exception {
        rewriteManifest("applied_index: 42", "applied_index: forty-two");
        assertThatThrownBy(() -> BackupManifests.verify(backup, ByteProgress.NONE))
            .hasMessageContaining("MANIFEST does not parse");
    }

    @Test
    void aBackupIsWrittenOnlyIntoANewOrEmptyDirectory() throws Exception {
        assertThatThrownBy(() -> BackupWriter.checkTarget(backup))
            .hasMessageContaining("backup directory " + backup + " exists and is not empty");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        BackupWriter.checkTarget(empty);
        BackupWriter.checkTarget(dir.resolve("new"));
    }

    @Test
    void aCheckpointThisMachineCannotSeeLeavesNothingBehind() throws Exception {
        NodeProto.BackupReply point = NodeProto.BackupReply.newBuilder().setNode("n1").setClusterId("prod")
            .setAppliedIndex(1).setTerm(1).setEngine("rocksdb").build();
        Path target = dir.resolve("other");
        assertThatThrownBy(() -> BackupWriter.write(dir.resolve("elsewhere"), point, 1, target, ByteProgress.NONE))
            .hasMessageContaining("which this machine cannot see: run the backup on the node's machine");
        assertThat(target).doesNotExist();
    }

    private void rewriteManifest(String from, String to) throws Exception {
        Path m = backup.resolve("MANIFEST");
        String text = Files.readString(m);
        assertThat(text).contains(from);
        Files.writeString(m, text.replace(from, to));
    }
}
