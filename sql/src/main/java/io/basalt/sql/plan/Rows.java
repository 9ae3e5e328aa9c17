package io.basalt.sql.plan;

import io.basalt.sql.expr.Env;
import io.basalt.sql.expr.Expr;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/** Iterator plumbing shared by the plan nodes. */
final class Rows {
    private Rows() {
    }

    /** The rows of {@code in} for which {@code cond} is true (not false, not null); checks for cancel. */
    static Iterator<Object[]> filter(Env env, Iterator<Object[]> in, Expr cond) {
        return new Iterator<>() {
            private Object[] next;

            @Override
            public boolean hasNext() {
                while (next == null && in.hasNext()) {
                    env.ctx().checkCancelled();
                    Object[] row = in.next();
                    if (cond == null || Boolean.TRUE.equals(cond.eval(env, row))) {
                        next = row;
                    }
                }
                return next != null;
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] r = next;
                next = null;
                return r;
            }
        };
    }

    static <T, R> Iterator<R> map(Iterator<T> in, Function<T, R> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public R next() {
                return f.apply(in.next());
            }
        };
    }

    static List<Object[]> drain(Env env, Iterator<Object[]> in) {
        List<Object[]> out = new ArrayList<>();
        while (in.hasNext()) {
            env.ctx().checkCancelled();
            out.add(in.next());
        }
        return out;
    }

    static Object[] concat(Object[] left, Object[] right) {
        Object[] out = new Object[left.length + right.length];
        System.arraycopy(left, 0, out, 0, left.length);
        System.arraycopy(right, 0, out, left.length, right.length);
        return out;
    }

    static Object[] withNulls(Object[] left, int rightWidth) {
        Object[] out = new Object[left.length + rightWidth];
        System.arraycopy(left, 0, out, 0, left.length);
        return out;
    }

    /** A condition's text as EXPLAIN shows it: one conjunct in parentheses, several joined by AND. */
    static String conditionText(List<String> conjuncts) {
        if (conjuncts.size() == 1) {
            return "(" + conjuncts.get(0) + ")";
        }
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < conjuncts.size(); i++) {
            sb.append(i == 0 ? "" : " AND ").append('(').append(conjuncts.get(i)).append(')');
        }
        return sb.append(')').toString();
    }
}
