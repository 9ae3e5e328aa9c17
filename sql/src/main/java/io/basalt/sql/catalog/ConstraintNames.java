package io.basalt.sql.catalog;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;

/**
 * PostgreSQL's default names for constraints and indexes (makeObjectName and
 * ChooseRelationName): {@code t_pkey}, {@code t_a_b_key}, {@code t_a_fkey},
 * {@code t_a_check} or {@code t_check}, {@code t_a_idx}; the table and column parts are cut to
 * fit {@link #NAME_BYTES_MAX}, and a taken name gets a number after its label
 * ({@code t_a_key1}).
 */
final class ConstraintNames {
    /** PostgreSQL's NAMEDATALEN - 1: the longest identifier, in bytes. */
    static final int NAME_BYTES_MAX = 63;

    private ConstraintNames() {
    }

    static String primaryKey(String table, Predicate<String> taken) {
        return choose(table, null, "pkey", taken);
    }

    static String unique(String table, List<String> columns, Predicate<String> taken) {
        return choose(table, String.join("_", columns), "key", taken);
    }

    static String foreignKey(String table, List<String> columns, Predicate<String> taken) {
        return choose(table, String.join("_", columns), "fkey", taken);
    }

    /** {@code column} is the one column the expression mentions, or null when it mentions none or several. */
    static String check(String table, String column, Predicate<String> taken) {
        return choose(table, column, "check", taken);
    }

    static String index(String table, List<String> columns, Predicate<String> taken) {
        return choose(table, String.join("_", columns), "idx", taken);
    }

    /** The sequence behind a serial or identity column (PostgreSQL's {@code t_col_seq}). */
    static String sequence(String table, String column, Predicate<String> taken) {
        return choose(table, column, "seq", taken);
    }

    private static String choose(String name1, String name2, String label, Predicate<String> taken) {
        String name = make(name1, name2, label);
        for (int pass = 1; taken.test(name); pass++) {
            name = make(name1, name2, label + pass);
        }
        return name;
    }

    /** makeObjectName: name1_name2_label, cutting the longer of name1 and name2 until it fits. */
    static String make(String name1, String name2, String label) {
        int overhead = (name2 != null ? 1 : 0) + (label != null ? label.length() + 1 : 0);
        int avail = NAME_BYTES_MAX - overhead;
        String a = name1;
        String b = name2 == null ? "" : name2;
        while (bytes(a) + bytes(b) > avail) {
            if (bytes(a) > bytes(b)) {
                a = a.substring(0, a.offsetByCodePoints(a.length(), -1));
            } else {
                b = b.substring(0, b.offsetByCodePoints(b.length(), -1));
            }
        }
        StringBuilder sb = new StringBuilder(a);
        if (name2 != null) {
            sb.append('_').append(b);
        }
        if (label != null) {
            sb.append('_').append(label);
        }
        return sb.toString();
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
