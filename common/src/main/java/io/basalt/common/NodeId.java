package io.basalt.common;

import java.util.Objects;

/** The name of one node in a cluster, such as {@code n1}. Stable across restarts. */
public record NodeId(String value) implements Comparable<NodeId> {
    public NodeId {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty() || value.length() > 64 || !allowed(value)) {
            throw new IllegalArgumentException(
                "node id must be 1-64 characters of letters, digits, '_', '.' or '-': '" + value + "'");
        }
    }

    /** Letters, digits, '_', '.' and '-' only: checked by hand, as every decoded message names two nodes. */
    private static boolean allowed(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
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
