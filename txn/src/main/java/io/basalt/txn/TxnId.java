package io.basalt.txn;

/**
 * A transaction's identity: the hybrid timestamp at which it began and the node that began it
 * (unique per node, because a node's clock never repeats a reading). Ordered by age: a larger
 * id is a younger transaction, which is the victim when a deadlock must be broken.
 */
public record TxnId(Timestamp start, long origin) implements Comparable<TxnId> {
    public TxnId {
        if (start == null) {
            throw new IllegalArgumentException("transaction id needs a start timestamp");
        }
    }

    @Override
    public int compareTo(TxnId o) {
        int c = start.compareTo(o.start);
        return c != 0 ? c : Long.compare(origin, o.origin);
    }

    /** True if this transaction began after {@code o}. */
    public boolean youngerThan(TxnId o) {
        return compareTo(o) > 0;
    }

    @Override
    public String toString() {
        return "txn:" + start + "@" + origin;
    }
}
