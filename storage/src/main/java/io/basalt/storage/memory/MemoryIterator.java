package io.basalt.storage.memory;

import io.basalt.storage.api.EngineIterator;
import io.basalt.storage.api.KeyOrder;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * An in-order walk of one treap root, bounded to {@code [start, end)}. The root is immutable, so
 * the walk sees the tree as it was when the iterator opened. The stack holds the nodes still to
 * visit on the way back up: the current node on top, then each ancestor whose left subtree the
 * walk is in.
 */
final class MemoryIterator implements EngineIterator {
    private static final byte[] FIRST_KEY = new byte[0];

    private final Treap.Node root;
    private final byte[] start;
    private final byte[] end;
    private final ArrayDeque<Treap.Node> stack = new ArrayDeque<>();
    private final Consumer<MemoryIterator> onClose;
    /** Null while open; afterwards why it was closed, for the misuse message. */
    private volatile String closedBecause;
    /** The node the iterator is at, or null when past the range. */
    private Treap.Node current;

    MemoryIterator(Treap.Node root, byte[] start, byte[] end, Consumer<MemoryIterator> onClose) {
        this.root = root;
        this.start = start == null ? FIRST_KEY : start.clone();
        this.end = end == null ? null : end.clone();
        this.onClose = onClose;
        position(this.start);
    }

    @Override
    public boolean isValid() {
        checkOpen();
        return current != null;
    }

    @Override
    public byte[] key() {
        checkValid("key");
        return current.key.clone();
    }

    @Override
    public byte[] value() {
        checkValid("value");
        return current.value.clone();
    }

    @Override
    public void next() {
        checkValid("next");
        Treap.Node done = stack.pop();
        pushLeftSpine(done.right);
        settle();
    }

    @Override
    public void seek(byte[] target) {
        Objects.requireNonNull(target, "seek target");
        checkOpen();
        position(KeyOrder.compare(target, start) < 0 ? start : target);
    }

    private void position(byte[] target) {
        stack.clear();
        Treap.Node node = root;
        while (node != null) {
            if (KeyOrder.compare(node.key, target) >= 0) {
                stack.push(node);
                node = node.left;
            } else {
                node = node.right;
            }
        }
        settle();
    }

    private void pushLeftSpine(Treap.Node node) {
        for (; node != null; node = node.left) {
            stack.push(node);
        }
    }

    private void settle() {
        Treap.Node top = stack.peek();
        current = top != null && (end == null || KeyOrder.compare(top.key, end) < 0) ? top : null;
    }

    @Override
    public void close() {
        if (closeBecause("the iterator was closed")) {
            onClose.accept(this);
        }
    }

    /** Marks the iterator closed; false if it already was. Called by its owner on the owner's close. */
    boolean closeBecause(String reason) {
        if (closedBecause != null) {
            return false;
        }
        closedBecause = reason;
        stack.clear();
        current = null;
        return true;
    }

    private void checkOpen() {
        String reason = closedBecause;
        if (reason != null) {
            throw new IllegalStateException("memory engine iterator is closed: " + reason);
        }
    }

    private void checkValid(String operation) {
        checkOpen();
        if (current == null) {
            throw new IllegalStateException(operation + "() on an iterator that is past the end of its range");
        }
    }
}
