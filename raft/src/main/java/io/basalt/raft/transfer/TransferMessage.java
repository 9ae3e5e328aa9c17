package io.basalt.raft.transfer;

import io.basalt.common.NodeId;
import java.util.List;
import java.util.Objects;

/**
 * A message of one snapshot transfer between a leader (the sender) and a follower (the
 * receiver). Every message names its group, the leader's term when the transfer began, and the
 * transfer, an id the sender chose: a message of another transfer is ignored.
 */
public sealed interface TransferMessage
    permits TransferMessage.Offer, TransferMessage.Accept, TransferMessage.Chunk, TransferMessage.ChunkAck,
        TransferMessage.Abort {

    long groupId();

    NodeId from();

    NodeId to();

    /** The leader's term when it began the transfer. */
    long term();

    long transferId();

    /** Sender to receiver: the snapshot on offer. Sent again until answered. */
    record Offer(long groupId, NodeId from, NodeId to, long term, long transferId,
                 TransferManifest manifest) implements TransferMessage {
        public Offer {
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    /**
     * Receiver to sender: it takes the offer, and already holds {@code held.get(i)} bytes of file
     * i durably (the file's size if whole): the sender starts there.
     */
    record Accept(long groupId, NodeId from, NodeId to, long term, long transferId,
                  List<Long> held) implements TransferMessage {
        public Accept {
            held = List.copyOf(held);
        }
    }

    /** Sender to receiver: {@code data} of file {@code file} (its position in the manifest) at {@code offset}. */
    record Chunk(long groupId, NodeId from, NodeId to, long term, long transferId, int file, long offset,
                 byte[] data, int crc32c) implements TransferMessage {
        public Chunk {
            Objects.requireNonNull(data, "data");
        }

        @Override
        public String toString() {
            return "Chunk[" + transferId + " file " + file + " @" + offset + " " + data.length + "B]";
        }
    }

    /**
     * Receiver to sender: it holds the first {@code held} bytes of file {@code file} durably
     * ({@code held} is the file's size once the whole file passed its SHA-256). An answer with a
     * lower {@code held} than an earlier one is an older answer that came late. {@code resendAt}:
     * {@link #NONE}, or the offset of a chunk of this file that arrived damaged or not at all, to
     * send again.
     */
    record ChunkAck(long groupId, NodeId from, NodeId to, long term, long transferId, int file, long held,
                    long resendAt) implements TransferMessage {
        public static final long NONE = -1;
    }

    /** Either side gives the transfer up, saying why. */
    record Abort(long groupId, NodeId from, NodeId to, long term, long transferId, String reason)
        implements TransferMessage {
        public Abort {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
