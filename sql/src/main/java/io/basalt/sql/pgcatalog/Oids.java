package io.basalt.sql.pgcatalog;

import io.basalt.sql.api.SqlException;
import java.util.Map;

/**
 * The object identifiers the system catalogs show, derived from Basalt's own ids so that
 * they are the same on every node and in every session and need no counter of their own.
 *
 * <p>Every table gets a block of {@value #BLOCK} OIDs starting at
 * {@code 16384 + table id * BLOCK} (16384 is PostgreSQL's first OID for user objects). Inside
 * the block, at these offsets:
 * <pre>
 * 0                    the table (pg_class)
 * index id             an index (pg_class, pg_index)           1 .. 8191
 * 8192 + column id     the sequence of a serial or identity column (pg_class)
 * 16384 + index id     the PRIMARY KEY or UNIQUE constraint of an index (pg_constraint)
 * 32768 + n            the n-th foreign key of the table (pg_constraint)
 * 40960 + n            the n-th CHECK constraint of the table (pg_constraint)
 * 49152 + column id    the DEFAULT of a column (pg_attrdef)
 * </pre>
 * Index and column ids are never reused, so an OID names one object for the table's life.
 * Foreign keys and checks have no ids of their own; their OIDs follow their position and are
 * stable only while the table's constraints do not change. Fixed objects (namespaces, types,
 * access methods, the database, the one role) carry PostgreSQL's own OIDs.
 */
public final class Oids {
    public static final long FIRST_USER = 16384;
    public static final int BLOCK = 65536;
    static final int SEQUENCE_BASE = 8192;
    static final int INDEX_CONSTRAINT_BASE = 16384;
    static final int FOREIGN_KEY_BASE = 32768;
    static final int CHECK_BASE = 40960;
    static final int DEFAULT_BASE = 49152;
    /** The most ids of one kind a table's block has room for (index ids, column ids, constraints). */
    static final int SLOT_COUNT_MAX = 8191;

    public static final long PG_CATALOG_NAMESPACE = 11;
    public static final long PUBLIC_NAMESPACE = 2200;
    public static final long INFORMATION_SCHEMA_NAMESPACE = 13182;
    /** The one role, which owns every object (PostgreSQL's bootstrap superuser is OID 10). */
    public static final long OWNER_ROLE = 10;
    /** pg_database_owner, the role that owns schema public in PostgreSQL 15: the database's owner. */
    public static final long DATABASE_OWNER_ROLE = 6171;
    public static final long DATABASE = 5;
    public static final long HEAP_AM = 2;
    public static final long BTREE_AM = 403;
    public static final long HASH_AM = 405;
    public static final long DEFAULT_COLLATION = 100;
    public static final long C_COLLATION = 950;
    public static final long POSIX_COLLATION = 951;
    public static final long PG_CLASS = 1259;
    /**
     * PostgreSQL's OIDs of the system relations Basalt has, so {@code 'pg_catalog.pg_class'::regclass}
     * names the same relation as in PostgreSQL (pg_depend's classid). They are not rows of pg_class.
     */
    private static final Map<String, Long> SYSTEM_RELATIONS = Map.ofEntries(
        Map.entry("pg_tablespace", 1213L), Map.entry("pg_type", 1247L), Map.entry("pg_attribute", 1249L),
        Map.entry("pg_class", PG_CLASS), Map.entry("pg_database", 1262L), Map.entry("pg_sequence", 2224L),
        Map.entry("pg_am", 2601L), Map.entry("pg_attrdef", 2604L), Map.entry("pg_constraint", 2606L),
        Map.entry("pg_depend", 2608L), Map.entry("pg_description", 2609L), Map.entry("pg_index", 2610L),
        Map.entry("pg_inherits", 2611L), Map.entry("pg_namespace", 2615L), Map.entry("pg_trigger", 2620L),
        Map.entry("pg_policy", 3256L), Map.entry("pg_partitioned_table", 3350L), Map.entry("pg_statistic_ext", 3381L),
        Map.entry("pg_collation", 3456L), Map.entry("pg_publication", 6104L), Map.entry("pg_publication_rel", 6106L),
        Map.entry("pg_publication_namespace", 6237L), Map.entry("pg_roles", 12000L), Map.entry("pg_user", 12014L),
        Map.entry("pg_proc", 1255L), Map.entry("pg_auth_members", 1261L));

    private Oids() {
    }

    /** The OID of system relation {@code name} of pg_catalog, or null if Basalt has none of that name. */
    public static Long systemRelation(String name) {
        return SYSTEM_RELATIONS.get(name);
    }

    /** The name of the system relation with OID {@code oid}, or null. */
    public static String systemRelationName(long oid) {
        for (Map.Entry<String, Long> e : SYSTEM_RELATIONS.entrySet()) {
            if (e.getValue() == oid) {
                return e.getKey();
            }
        }
        return null;
    }

    public static long table(int tableId) {
        return FIRST_USER + (long) tableId * BLOCK;
    }

    public static long index(int tableId, int indexId) {
        return table(tableId) + slot(indexId);
    }

    public static long sequence(int tableId, int columnId) {
        return table(tableId) + SEQUENCE_BASE + slot(columnId);
    }

    public static long indexConstraint(int tableId, int indexId) {
        return table(tableId) + INDEX_CONSTRAINT_BASE + slot(indexId);
    }

    public static long foreignKey(int tableId, int position) {
        return table(tableId) + FOREIGN_KEY_BASE + slot(position);
    }

    public static long check(int tableId, int position) {
        return table(tableId) + CHECK_BASE + slot(position);
    }

    public static long attrDefault(int tableId, int columnId) {
        return table(tableId) + DEFAULT_BASE + slot(columnId);
    }

    /** The table whose block holds {@code oid}, or -1 for an OID below the user range. */
    public static int tableIdOf(long oid) {
        return oid < FIRST_USER ? -1 : (int) ((oid - FIRST_USER) / BLOCK);
    }

    /** The offset of {@code oid} inside its table's block. */
    public static int offsetOf(long oid) {
        return (int) ((oid - FIRST_USER) % BLOCK);
    }

    private static int slot(int id) {
        if (id < 0 || id > SLOT_COUNT_MAX) {
            throw new SqlException("54000", "object id " + id + " is past the " + SLOT_COUNT_MAX
                + " that the system catalogs can number in one table");
        }
        return id;
    }
}
