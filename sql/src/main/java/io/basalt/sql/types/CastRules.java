package io.basalt.sql.types;

import static io.basalt.sql.types.CastContext.ASSIGNMENT;
import static io.basalt.sql.types.CastContext.EXPLICIT;
import static io.basalt.sql.types.CastContext.IMPLICIT;

import java.util.EnumMap;
import java.util.Map;

/**
 * pg_cast for Basalt's types: the least context in which each cast is allowed, or null when
 * there is none (the cast is then 42846). Besides the listed casts, PostgreSQL's automatic
 * I/O conversion casts apply: any type to a string type is an assignment cast and a string
 * type to any type is explicit. An UNKNOWN literal converts to every type implicitly, and a
 * type converts to itself (changing only its modifier) implicitly.
 */
final class CastRules {
    private static final Map<TypeKind, Map<TypeKind, CastContext>> TABLE = new EnumMap<>(TypeKind.class);

    static {
        allow(TypeKind.INT2, IMPLICIT, TypeKind.INT4, TypeKind.INT8, TypeKind.FLOAT4, TypeKind.FLOAT8, TypeKind.NUMERIC);
        allow(TypeKind.INT4, IMPLICIT, TypeKind.INT8, TypeKind.FLOAT4, TypeKind.FLOAT8, TypeKind.NUMERIC);
        allow(TypeKind.INT4, ASSIGNMENT, TypeKind.INT2);
        allow(TypeKind.INT4, EXPLICIT, TypeKind.BOOL);
        allow(TypeKind.INT8, IMPLICIT, TypeKind.FLOAT4, TypeKind.FLOAT8, TypeKind.NUMERIC);
        allow(TypeKind.INT8, ASSIGNMENT, TypeKind.INT2, TypeKind.INT4);
        allow(TypeKind.FLOAT4, IMPLICIT, TypeKind.FLOAT8);
        allow(TypeKind.FLOAT4, ASSIGNMENT, TypeKind.INT2, TypeKind.INT4, TypeKind.INT8, TypeKind.NUMERIC);
        allow(TypeKind.FLOAT8, ASSIGNMENT, TypeKind.INT2, TypeKind.INT4, TypeKind.INT8, TypeKind.FLOAT4, TypeKind.NUMERIC);
        allow(TypeKind.NUMERIC, IMPLICIT, TypeKind.FLOAT4, TypeKind.FLOAT8);
        allow(TypeKind.NUMERIC, ASSIGNMENT, TypeKind.INT2, TypeKind.INT4, TypeKind.INT8);
        allow(TypeKind.BOOL, EXPLICIT, TypeKind.INT4);
        allow(TypeKind.TEXT, IMPLICIT, TypeKind.VARCHAR, TypeKind.BPCHAR);
        allow(TypeKind.VARCHAR, IMPLICIT, TypeKind.TEXT, TypeKind.BPCHAR);
        allow(TypeKind.BPCHAR, IMPLICIT, TypeKind.TEXT, TypeKind.VARCHAR);
        allow(TypeKind.DATE, IMPLICIT, TypeKind.TIMESTAMP, TypeKind.TIMESTAMPTZ);
        allow(TypeKind.TIMESTAMP, IMPLICIT, TypeKind.TIMESTAMPTZ);
        allow(TypeKind.TIMESTAMP, ASSIGNMENT, TypeKind.DATE);
        allow(TypeKind.TIMESTAMPTZ, ASSIGNMENT, TypeKind.DATE, TypeKind.TIMESTAMP);
    }

    private CastRules() {
    }

    private static void allow(TypeKind from, CastContext context, TypeKind... targets) {
        Map<TypeKind, CastContext> row = TABLE.computeIfAbsent(from, k -> new EnumMap<>(TypeKind.class));
        for (TypeKind to : targets) {
            row.put(to, context);
        }
    }

    /** The least context allowing the cast, or null if PostgreSQL has no such cast. */
    static CastContext required(TypeKind from, TypeKind to) {
        if (from == to || from == TypeKind.UNKNOWN) {
            return IMPLICIT;
        }
        CastContext listed = TABLE.getOrDefault(from, Map.of()).get(to);
        if (listed != null) {
            return listed;
        }
        if (to == TypeKind.UNKNOWN) {
            return null;
        }
        if (to.isString()) {
            return ASSIGNMENT;
        }
        if (from.isString()) {
            return EXPLICIT;
        }
        return null;
    }
}
