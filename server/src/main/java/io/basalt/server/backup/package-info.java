/**
 * Backup and restore of a group's applied state. A node takes a checkpoint of its state engine
 * into a staging directory ({@link io.basalt.server.backup.BackupStaging}); the client copies
 * the files into the backup directory and writes a {@code MANIFEST} with each file's size and
 * SHA-256 ({@link io.basalt.server.backup.BackupWriter}); {@code basalt start --restore} checks
 * every file against the manifest before it copies anything, installs the engine and starts the
 * group's log as if compacted at the backup's index ({@link io.basalt.server.backup.Restore}).
 * Invariant: a directory with a MANIFEST is a whole backup (the manifest is written last).
 */
package io.basalt.server.backup;
