package io.basalt.storage.memory;

import io.basalt.storage.api.KeyOrder;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The iterators an engine or snapshot has handed out and not seen closed, so its close can close them. */
final class OpenIterators {
    private final Set<MemoryIterator> open = ConcurrentHashMap.newKeySet();

    MemoryIterator open(Treap.Node root, byte[] start, byte[] end) {
        KeyOrder.checkRange(start, end);
        MemoryIterator iterator = new MemoryIterator(root, start, end, open::remove);
        open.add(iterator);
        return iterator;
    }

    void closeAll(String reason) {
        for (MemoryIterator iterator : open) {
            iterator.closeBecause(reason);
        }
        open.clear();
    }

    int size() {
        return open.size();
    }
}
