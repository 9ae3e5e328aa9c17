package io.basalt.storage.memory;

import io.basalt.storage.api.KeyOrder;

/**
 * A persistent (immutable, path-copying) treap: a binary search tree in {@link KeyOrder} that is
 * also a heap on each node's priority. Every update returns a new root and shares every subtree
 * it did not touch, so a reader holding an old root keeps a consistent view at no cost: that is
 * what snapshots and iterators of the memory engine are.
 *
 * <p>A node's priority is a hash of its key, not a random draw: the tree's shape is a function of
 * its keys alone (deterministic, like everything the simulator runs), and an update can tell
 * without searching that a key of higher priority than a subtree's root is not in that subtree.
 * Expected depth is O(log n) for keys that are not chosen against the hash.
 */
final class Treap {
    private Treap() {
    }

    /** One key, its value, and the totals of its subtree. Immutable; arrays are never changed. */
    static final class Node {
        final byte[] key;
        final byte[] value;
        final long priority;
        final Node left;
        final Node right;
        /** Keys plus values of this subtree, in bytes. */
        final long bytes;
        final long count;

        Node(byte[] key, byte[] value, long priority, Node left, Node right) {
            this.key = key;
            this.value = value;
            this.priority = priority;
            this.left = left;
            this.right = right;
            this.bytes = key.length + value.length + bytes(left) + bytes(right);
            this.count = 1 + count(left) + count(right);
        }

        private Node withChildren(Node newLeft, Node newRight) {
            return newLeft == left && newRight == right ? this : new Node(key, value, priority, newLeft, newRight);
        }
    }

    /** The two parts of a split: keys below the split key, and keys at or above it. */
    private record Split(Node below, Node atOrAbove) {
    }

    static long bytes(Node node) {
        return node == null ? 0 : node.bytes;
    }

    static long count(Node node) {
        return node == null ? 0 : node.count;
    }

    /** The value under {@code key}, or null. */
    static byte[] get(Node node, byte[] key) {
        while (node != null) {
            int c = KeyOrder.compare(key, node.key);
            if (c == 0) {
                return node.value;
            }
            node = c < 0 ? node.left : node.right;
        }
        return null;
    }

    /** The node of the smallest key at or after {@code key}, or null. */
    static Node ceiling(Node node, byte[] key) {
        Node best = null;
        while (node != null) {
            if (KeyOrder.compare(node.key, key) >= 0) {
                best = node;
                node = node.left;
            } else {
                node = node.right;
            }
        }
        return best;
    }

    static Node put(Node root, byte[] key, byte[] value) {
        return put(root, key, value, priority(key));
    }

    private static Node put(Node node, byte[] key, byte[] value, long priority) {
        if (node == null) {
            return new Node(key, value, priority, null, null);
        }
        int c = KeyOrder.compare(key, node.key);
        if (c == 0) {
            return new Node(node.key, value, node.priority, node.left, node.right);
        }
        if (priority > node.priority) {
            // Heap order: every key below has priority at most node.priority, so this key is not
            // among them, and it becomes the root of this subtree.
            Split s = split(node, key);
            return new Node(key, value, priority, s.below(), s.atOrAbove());
        }
        return c < 0
            ? node.withChildren(put(node.left, key, value, priority), node.right)
            : node.withChildren(node.left, put(node.right, key, value, priority));
    }

    /** The tree without {@code key}; the same root if the key is absent. */
    static Node delete(Node node, byte[] key) {
        if (node == null) {
            return null;
        }
        int c = KeyOrder.compare(key, node.key);
        if (c == 0) {
            return merge(node.left, node.right);
        }
        return c < 0
            ? node.withChildren(delete(node.left, key), node.right)
            : node.withChildren(node.left, delete(node.right, key));
    }

    /** The tree without the keys in {@code [start, end)}; the same root if there are none. */
    static Node deleteRange(Node root, byte[] start, byte[] end) {
        Node first = ceiling(root, start);
        if (first == null || KeyOrder.compare(first.key, end) >= 0) {
            return root;
        }
        Split low = split(root, start);
        Split high = split(low.atOrAbove(), end);
        return merge(low.below(), high.atOrAbove());
    }

    private static Split split(Node node, byte[] key) {
        if (node == null) {
            return new Split(null, null);
        }
        if (KeyOrder.compare(node.key, key) < 0) {
            Split s = split(node.right, key);
            return new Split(node.withChildren(node.left, s.below()), s.atOrAbove());
        }
        Split s = split(node.left, key);
        return new Split(s.below(), node.withChildren(s.atOrAbove(), node.right));
    }

    /** Joins two trees where every key of {@code low} is below every key of {@code high}. */
    private static Node merge(Node low, Node high) {
        if (low == null) {
            return high;
        }
        if (high == null) {
            return low;
        }
        if (low.priority >= high.priority) {
            return low.withChildren(low.left, merge(low.right, high));
        }
        return high.withChildren(merge(low, high.left), high.right);
    }

    /** FNV-1a over the key, then SplitMix64's finalizer, so nearby keys get unrelated priorities. */
    static long priority(byte[] key) {
        long h = 0xcbf29ce484222325L;
        for (byte b : key) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
