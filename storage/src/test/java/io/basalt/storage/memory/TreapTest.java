package io.basalt.storage.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.basalt.common.Prng;
import io.basalt.storage.api.KeyOrder;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tree's shape: search order, heap order, subtree totals, depth, and old roots left untouched. */
class TreapTest {
    private static final int KEYS = 10_000;
    /** About 2.5 times log2(10,000); a treap of hashed priorities stays far below, a list would be 10,000 deep. */
    private static final int DEPTH_MAX = 40;

    @Test
    void keysInsertedInOrderStillGiveAShallowTree() {
        Treap.Node root = null;
        for (int i = 0; i < KEYS; i++) {
            root = Treap.put(root, key(i), new byte[] {1});
        }
        checkShape(root);
        assertThat(Treap.count(root)).isEqualTo(KEYS);
        assertThat(Treap.bytes(root)).isEqualTo(KEYS * 5L);
        assertThat(depth(root)).isLessThanOrEqualTo(DEPTH_MAX);
    }

    @Test
    void everyUpdateKeepsTheShapeAndLeavesOldRootsAsTheyWere() {
        Prng prng = new Prng(7);
        Treap.Node root = null;
        List<Treap.Node> roots = new ArrayList<>();
        List<List<String>> contents = new ArrayList<>();
        for (int step = 0; step < 2000; step++) {
            int roll = prng.nextInt(10);
            byte[] k = key(prng.nextInt(500));
            if (roll < 6) {
                root = Treap.put(root, k, key(step));
            } else if (roll < 9) {
                root = Treap.delete(root, k);
            } else {
                byte[] end = key(ByteBuffer.wrap(k).getInt() + prng.nextInt(40));
                root = Treap.deleteRange(root, k, end);
            }
            checkShape(root);
            if (step % 100 == 0) {
                roots.add(root);
                contents.add(inOrder(root));
            }
        }
        for (int i = 0; i < roots.size(); i++) {
            assertThat(inOrder(roots.get(i))).isEqualTo(contents.get(i));
        }
    }

    @Test
    void deletingAnAbsentKeyOrAnEmptyRangeReturnsTheSameRoot() {
        Treap.Node root = Treap.put(Treap.put(null, key(1), key(1)), key(5), key(5));
        assertThat(Treap.delete(root, key(3))).isSameAs(root);
        assertThat(Treap.deleteRange(root, key(2), key(5))).isSameAs(root);
        assertThat(Treap.deleteRange(root, key(6), key(9))).isSameAs(root);
    }

    private static void checkShape(Treap.Node node) {
        if (node == null) {
            return;
        }
        for (Treap.Node child : new Treap.Node[] {node.left, node.right}) {
            if (child != null) {
                assertThat(child.priority).as("heap order").isLessThanOrEqualTo(node.priority);
            }
        }
        if (node.left != null) {
            assertThat(KeyOrder.compare(max(node.left).key, node.key)).as("search order, left").isNegative();
        }
        if (node.right != null) {
            assertThat(KeyOrder.compare(min(node.right).key, node.key)).as("search order, right").isPositive();
        }
        assertThat(node.priority).isEqualTo(Treap.priority(node.key));
        assertThat(node.count).isEqualTo(1 + Treap.count(node.left) + Treap.count(node.right));
        assertThat(node.bytes)
            .isEqualTo(node.key.length + node.value.length + Treap.bytes(node.left) + Treap.bytes(node.right));
        checkShape(node.left);
        checkShape(node.right);
    }

    private static Treap.Node min(Treap.Node node) {
        while (node.left != null) {
            node = node.left;
        }
        return node;
    }

    private static Treap.Node max(Treap.Node node) {
        while (node.right != null) {
            node = node.right;
        }
        return node;
    }

    private static int depth(Treap.Node node) {
        return node == null ? 0 : 1 + Math.max(depth(node.left), depth(node.right));
    }

    private static List<String> inOrder(Treap.Node root) {
        List<String> out = new ArrayList<>();
        MemoryIterator it = new MemoryIterator(root, null, null, i -> { });
        for (; it.isValid(); it.next()) {
            out.add(java.util.HexFormat.of().formatHex(it.key()) + "=" + java.util.HexFormat.of().formatHex(it.value()));
        }
        return out;
    }

    private static byte[] key(int i) {
        return ByteBuffer.allocate(4).putInt(i).array();
    }
}
