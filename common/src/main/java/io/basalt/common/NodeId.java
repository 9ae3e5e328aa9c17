package io.basalt.common;

import java.util.Objects;

/** The name of one node in a cluster, such as {@code n1}. Stable across restarts. */
public record NodeId(String value) implements Comparable<NodeId> {
    public NodeId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 64 || !value.matches("[A-Za-z0-9_.-]+")) {
            throw new IllegalArgumentException(
                "node id must be 1-64 characters of letters, digits, '_', '.' or '-': '" + value + "'");
        }
    }

    public static NodeId of(String value) {
        return new NodeId(value);
    }

    @Override
    public int compareTo(NodeId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
