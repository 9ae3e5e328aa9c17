package io.basalt.sql.expr;

import io.basalt.sql.types.CastContext;
import io.basalt.sql.types.Casts;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * PostgreSQL's choice among the overloads of one built-in function (func_select_candidate in
 * its parser), for functions such as gcd whose overloads differ only in their types. The
 * steps narrow the candidates in order, each step keeping the best and stopping as soon as
 * one is left:
 * <ol>
 *   <li>the candidates every argument converts to implicitly (untyped arguments go anywhere);
 *   <li>those with the most arguments of exactly the parameter's type;
 *   <li>those with the most parameters that are exact or the preferred type of their
 *       argument's category (double precision for numbers, text for strings);
 *   <li>for each untyped argument, the candidates whose parameter there is of one category,
 *       string winning over others and the preferred type over the rest of its category;
 *   <li>the untyped arguments read as the type of the typed ones, if those all agree.
 * </ol>
 * More than one left is 42725 "function gcd(smallint, smallint) is not unique", as in
 * PostgreSQL, where int2 converts equally well to each of gcd's integer, bigint and numeric.
 */
final class Overloads {
    private Overloads() {
    }

    /**
     * The parameter types of the overload of {@code name} that PostgreSQL picks for {@code args},
     * or null when no overload accepts them (the caller's 42883).
     */
    static SqlType[] select(String name, List<Bound> args, SqlType[]... overloads) {
        TypeKind[] given = args.stream().map(b -> b.isUntyped() ? TypeKind.UNKNOWN : b.type().kind())
                .toArray(TypeKind[]::new);
        List<SqlType[]> alive = new ArrayList<>();
        for (SqlType[] sig : overloads) {
            if (accepts(given, sig)) {
                alive.add(sig);
            }
        }
        if (alive.size() > 1) {
            alive = best(alive, sig -> count(given, sig, false));
        }
        if (alive.size() > 1) {
            alive = best(alive, sig -> count(given, sig, true));
        }
        if (alive.size() > 1) {
            alive = byUntypedCategory(given, alive);
        }
        if (alive.size() > 1) {
            alive = untypedAsTyped(given, alive);
        }
        if (alive.size() > 1) {
            throw SqlErrors.functionNotUnique(name, args.stream().map(Bound::type).toList());
        }
        return alive.isEmpty() ? null : alive.get(0);
    }

    private static boolean accepts(TypeKind[] given, SqlType[] sig) {
        if (given.length != sig.length) {
            return false;
        }
        for (int i = 0; i < sig.length; i++) {
            TypeKind g = given[i];
            if (g != TypeKind.UNKNOWN && g != sig[i].kind() && !Casts.canCast(g, sig[i].kind(), CastContext.IMPLICIT)) {
                return false;
            }
        }
        return true;
    }

    private static List<SqlType[]> best(List<SqlType[]> candidates, ToIntFunction<SqlType[]> score) {
        List<SqlType[]> out = new ArrayList<>();
        int top = Integer.MIN_VALUE;
        for (SqlType[] sig : candidates) {
            int s = score.applyAsInt(sig);
            if (s > top) {
                out.clear();
                top = s;
            }
            if (s == top) {
                out.add(sig);
            }
        }
        return out;
    }

    /** Typed arguments whose parameter is their own type, or with {@code orPreferred} their category's preferred type. */
    private static int count(TypeKind[] given, SqlType[] sig, boolean orPreferred) {
        int n = 0;
        for (int i = 0; i < sig.length; i++) {
            TypeKind p = sig[i].kind();
            if (given[i] != TypeKind.UNKNOWN && (p == given[i]
                    || (orPreferred && isPreferred(p) && category(p) == category(given[i])))) {
                n++;
            }
        }
        return n;
    }

    private static List<SqlType[]> byUntypedCategory(TypeKind[] given, List<SqlType[]> candidates) {
        char[] slotCategory = new char[given.length];
        boolean[] slotPreferred = new boolean[given.length];
        for (int i = 0; i < given.length; i++) {
            if (given[i] != TypeKind.UNKNOWN) {
                continue;
            }
            boolean conflict = false;
            for (SqlType[] sig : candidates) {
                char cat = category(sig[i].kind());
                boolean preferred = isPreferred(sig[i].kind());
                if (slotCategory[i] == 0) {
                    slotCategory[i] = cat;
                    slotPreferred[i] = preferred;
                } else if (cat == slotCategory[i]) {
                    slotPreferred[i] |= preferred;
                } else if (cat == 'S') {
                    slotCategory[i] = cat;
                    slotPreferred[i] = preferred;
                } else {
                    conflict = true;
                }
            }
            if (conflict && slotCategory[i] != 'S') {
                return candidates;
            }
        }
        List<SqlType[]> out = new ArrayList<>();
        for (SqlType[] sig : candidates) {
            boolean keep = true;
            for (int i = 0; i < given.length && keep; i++) {
                TypeKind p = sig[i].kind();
                keep = given[i] != TypeKind.UNKNOWN
                        || category(p) == slotCategory[i] && (!slotPreferred[i] || isPreferred(p));
            }
            if (keep) {
                out.add(sig);
            }
        }
        // A step that would keep nothing is skipped, as in PostgreSQL.
        return out.isEmpty() ? candidates : out;
    }

    private static List<SqlType[]> untypedAsTyped(TypeKind[] given, List<SqlType[]> candidates) {
        TypeKind known = null;
        for (TypeKind g : given) {
            if (g == TypeKind.UNKNOWN) {
                continue;
            }
            if (known != null && known != g) {
                return candidates;
            }
            known = g;
        }
        if (known == null) {
            return candidates;
        }
        TypeKind[] assumed = new TypeKind[given.length];
        Arrays.fill(assumed, known);
        List<SqlType[]> out = candidates.stream().filter(sig -> accepts(assumed, sig)).toList();
        return out.size() == 1 ? out : candidates;
    }

    /** PostgreSQL's type category: N numeric, S string, B boolean, D date/time, else one of its own. */
    private static char category(TypeKind k) {
        if (k.isNumeric()) {
            return 'N';
        }
        if (k.isString()) {
            return 'S';
        }
        return switch (k) {
            case BOOL -> 'B';
            case DATE, TIMESTAMP, TIMESTAMPTZ -> 'D';
            default -> (char) ('a' + k.ordinal());
        };
    }

    /** The preferred type of its category, which the resolution favours. */
    private static boolean isPreferred(TypeKind k) {
        return k == TypeKind.FLOAT8 || k == TypeKind.TEXT || k == TypeKind.BOOL || k == TypeKind.TIMESTAMPTZ;
    }
}
