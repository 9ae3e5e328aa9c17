package io.basalt.sql.pgcatalog;

import io.basalt.sql.expr.ArrayExprs;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.List;

/**
 * The database, the one role, and the catalogs of features Basalt does not have (comments,
 * row security policies, triggers, extended statistics, publications, user functions, role
 * membership): these are empty, so
 * the queries tools send about them get the answer PostgreSQL gives for a database that
 * uses none of them.
 */
final class ServerTables {
    private static final SqlType OID = SqlType.INT8;
    private static final SqlType NAME = SqlType.TEXT;
    private static final SqlType CHAR = SqlType.TEXT;
    private static final SqlType BOOL = SqlType.BOOL;
    private static final SqlType INT4 = SqlType.INT4;
    private static final SqlType TEXT = SqlType.TEXT;
    private static final SqlType INT2VECTOR = ArrayExprs.arrayOf(TypeKind.INT2);
    /** The one role's name: it owns every object, whichever user name a session gave. */
    static final String OWNER_NAME = "postgres";
    /** PostgreSQL's number for the UTF8 encoding. */
    static final int UTF8 = 6;

    private ServerTables() {
    }

    static SystemTable database() {
        return new SystemTable.Columns()
            .col("oid", OID).col("datname", NAME).col("datdba", OID).col("encoding", INT4)
            .col("datlocprovider", CHAR).col("datistemplate", BOOL).col("datallowconn", BOOL)
            .col("datconnlimit", INT4).col("datfrozenxid", OID).col("datminmxid", OID).col("dattablespace", OID)
            .col("datcollate", TEXT).col("datctype", TEXT).col("daticulocale", TEXT)
            .col("datcollversion", TEXT).col("datacl", ArrayExprs.arrayOf(TypeKind.TEXT))
            .table("pg_catalog", "pg_database", c -> List.<Object[]>of(new Object[] {Oids.DATABASE, "postgres",
                Oids.OWNER_ROLE, UTF8, "c", false, true, -1, 0L, 0L, 1663L, "C", "C", null, null, null}));
    }

    static SystemTable roles() {
        return new SystemTable.Columns()
            .col("rolname", NAME).col("rolsuper", BOOL).col("rolinherit", BOOL).col("rolcreaterole", BOOL)
            .col("rolcreatedb", BOOL).col("rolcanlogin", BOOL).col("rolreplication", BOOL)
            .col("rolconnlimit", INT4).col("rolpassword", TEXT).col("rolvaliduntil", SqlType.TIMESTAMPTZ)
            .col("rolbypassrls", BOOL).col("rolconfig", TEXT).col("oid", OID)
            .table("pg_catalog", "pg_roles", c -> List.<Object[]>of(new Object[] {OWNER_NAME, true, true, true,
                true, true, true, -1, "********", null, true, null, Oids.OWNER_ROLE},
                // PostgreSQL's role for "the database's owner", which owns schema public.
                new Object[] {"pg_database_owner", false, true, false, false, false, false, -1, "********", null,
                    false, null, Oids.DATABASE_OWNER_ROLE}));
    }

    static SystemTable user() {
        return new SystemTable.Columns()
            .col("usename", NAME).col("usesysid", OID).col("usecreatedb", BOOL).col("usesuper", BOOL)
            .col("userepl", BOOL).col("usebypassrls", BOOL).col("passwd", TEXT)
            .col("valuntil", SqlType.TIMESTAMPTZ).col("useconfig", TEXT)
            .table("pg_catalog", "pg_user", c -> List.<Object[]>of(new Object[] {OWNER_NAME, Oids.OWNER_ROLE, true,
                true, true, true, "********", null, null}));
    }

    static List<SystemTable> empty() {
        return List.of(
            // Basalt's functions are built in and not rows of pg_proc; it has no user functions.
            new SystemTable.Columns().col("oid", OID).col("proname", NAME).col("pronamespace", OID)
                .col("proowner", OID).col("prolang", OID).col("prokind", CHAR).col("proretset", BOOL)
                .col("provolatile", CHAR).col("pronargs", SqlType.INT2).col("prorettype", OID)
                .col("proargtypes", TEXT).col("prosrc", TEXT).col("proacl", ArrayExprs.arrayOf(TypeKind.TEXT))
                .table("pg_catalog", "pg_proc", c -> List.of()),
            // One role, a member of no other.
            new SystemTable.Columns().col("oid", OID).col("roleid", OID).col("member", OID).col("grantor", OID)
                .col("admin_option", BOOL).table("pg_catalog", "pg_auth_members", c -> List.of()),
            new SystemTable.Columns().col("objoid", OID).col("classoid", OID).col("objsubid", INT4)
                .col("description", TEXT).table("pg_catalog", "pg_description", c -> List.of()),
            new SystemTable.Columns().col("oid", OID).col("polname", NAME).col("polrelid", OID)
                .col("polcmd", CHAR).col("polpermissive", BOOL).col("polroles", ArrayExprs.arrayOf(TypeKind.INT8)).col("polqual", TEXT)
                .col("polwithcheck", TEXT).table("pg_catalog", "pg_policy", c -> List.of()),
            new SystemTable.Columns().col("oid", OID).col("tgrelid", OID).col("tgparentid", OID)
                .col("tgname", NAME).col("tgfoid", OID).col("tgtype", SqlType.INT2).col("tgenabled", CHAR)
                .col("tgisinternal", BOOL).col("tgconstrrelid", OID).col("tgconstrindid", OID)
                .col("tgconstraint", OID).col("tgdeferrable", BOOL).col("tginitdeferred", BOOL)
                .col("tgnargs", SqlType.INT2).col("tgattr", INT2VECTOR).col("tgargs", SqlType.BYTEA).col("tgqual", TEXT)
                .col("tgoldtable", NAME).col("tgnewtable", NAME).table("pg_catalog", "pg_trigger", c -> List.of()),
            new SystemTable.Columns().col("oid", OID).col("stxrelid", OID).col("stxname", NAME)
                .col("stxnamespace", OID).col("stxowner", OID).col("stxstattarget", INT4).col("stxkeys", INT2VECTOR)
                .col("stxkind", ArrayExprs.arrayOf(TypeKind.TEXT)).col("stxexprs", TEXT).table("pg_catalog", "pg_statistic_ext", c -> List.of()),
            new SystemTable.Columns().col("oid", OID).col("pubname", NAME).col("pubowner", OID)
                .col("puballtables", BOOL).col("pubinsert", BOOL).col("pubupdate", BOOL).col("pubdelete", BOOL)
                .col("pubtruncate", BOOL).col("pubviaroot", BOOL)
                .table("pg_catalog", "pg_publication", c -> List.of()),
            new SystemTable.Columns().col("oid", OID).col("prpubid", OID).col("prrelid", OID).col("prqual", TEXT)
                .col("prattrs", INT2VECTOR).table("pg_catalog", "pg_publication_rel", c -> List.of()),
            new SystemTable.Columns().col("oid", OID).col("pnpubid", OID).col("pnnspid", OID)
                .table("pg_catalog", "pg_publication_namespace", c -> List.of()));
    }
}
