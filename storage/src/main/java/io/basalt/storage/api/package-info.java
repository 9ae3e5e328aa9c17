/**
 * The storage engine port: an ordered map from byte keys to byte values that holds a
 * replica's applied state, with the Raft applied index kept beside the data.
 *
 * <p>{@link io.basalt.storage.api.Engine} is implemented by {@code storage.memory} (the
 * simulator, {@code --in-memory} runs, tests) and by {@code storage-rocksdb} (a server). One
 * contract test suite ({@code EngineContractTest} in this module's test jar) runs against both,
 * so they cannot drift apart.
 *
 * <p>Invariants every engine keeps:
 * <ul>
 *   <li><b>Order.</b> Keys compare as unsigned bytes, shorter first on a common prefix
 *       ({@link io.basalt.storage.api.KeyOrder}): {@code 0x00 < 0x7f < 0x80 < 0xff}, and the
 *       empty key is the smallest. Every range is half-open, {@code [start, end)}; a null start
 *       means "from the first key", a null end "to the last".</li>
 *   <li><b>The applied index moves with the data.</b>
 *       {@link io.basalt.storage.api.Engine#apply} writes a batch and the new applied index in
 *       one atomic step: a reader, a snapshot, a checkpoint, and an engine reopened after a
 *       crash see either both or neither. So after any restart the engine's applied index names
 *       exactly the last log entry its data contains, and recovery replays the Raft log from
 *       the entry after it. The index never goes backward.</li>
 *   <li><b>Durability is the Raft log's job.</b> Applied batches may live only in memory until
 *       {@link io.basalt.storage.api.Engine#flush} or {@link io.basalt.storage.api.Engine#close};
 *       a crash loses the unflushed suffix as a whole (never part of a batch), and the log,
 *       which was fsynced before the entries were applied, replays it.</li>
 *   <li><b>Consistent reads.</b> A {@link io.basalt.storage.api.Snapshot} sees the engine as it
 *       was when taken, applied index included, however many batches are applied after it. An
 *       iterator sees the view it was opened on as of its opening (on the engine itself, an
 *       implicit snapshot).</li>
 *   <li><b>Ownership.</b> A {@link io.basalt.storage.api.WriteBatch} copies what it is given,
 *       and every array an engine hands out belongs to the caller: no caller can change
 *       stored data through an array.</li>
 *   <li><b>Lifetimes.</b> Snapshots and iterators hold engine resources (native memory in
 *       RocksDB) until closed. Closing a snapshot closes its iterators; closing the engine
 *       closes every snapshot and iterator still open. Any use of a closed engine, snapshot or
 *       iterator throws {@link java.lang.IllegalStateException} naming what was closed;
 *       closing twice is harmless.</li>
 *   <li><b>Threads.</b> One writer: {@code apply}, {@code flush}, {@code checkpoint} and
 *       {@code close} come from one thread at a time (a group's apply thread). Reads and
 *       snapshots may come from any thread; each iterator is used by one thread at a time.
 *       An engine is closed only once no other thread uses it.</li>
 *   <li><b>Failures.</b> An I/O or engine failure surfaces as
 *       {@link io.basalt.storage.api.StorageException} (unchecked: a replica cannot go on
 *       applying after one); damaged stored data as
 *       {@link io.basalt.storage.api.StorageCorruptionException}. A caller's mistake (a null
 *       key, a reversed range, an index that goes backward) is an
 *       {@link java.lang.IllegalArgumentException} or {@link java.lang.NullPointerException}
 *       and changes nothing.</li>
 * </ul>
 */
package io.basalt.storage.api;
