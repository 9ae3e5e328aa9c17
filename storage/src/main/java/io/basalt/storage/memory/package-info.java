/**
 * The storage engine in memory, for the simulator, {@code --in-memory} runs and tests.
 *
 * <p>Owns {@link io.basalt.storage.memory.MemoryEngine}: a persistent (path-copying) treap whose
 * root and applied index are replaced together by each applied batch, so snapshots and iterators
 * are consistent for free while writes continue. It keeps the same contract as the RocksDB engine
 * ({@code EngineContractTest} runs against both), including flush, checkpoint and reopen through
 * a checksummed image file.
 *
 * <p>Invariants:
 * <ul>
 *   <li>The tree is ordered by {@link io.basalt.storage.api.KeyOrder} and heap-ordered on a hash
 *       of each key, so its shape depends on its keys alone: no random source, no clock, no
 *       threads.</li>
 *   <li>Nodes and the arrays in them are never changed after construction; a published root
 *       stays valid forever.</li>
 *   <li>The image file in an engine's directory is replaced only by an atomic rename of a
 *       fsynced temporary file, so it is always one whole flushed state.</li>
 * </ul>
 */
package io.basalt.storage.memory;
