package io.basalt.sql.plan;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import io.basalt.sql.expr.SqlErrors;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.WithItem;

/**
 * The WITH queries (non-recursive common table expressions) in scope while a statement is
 * planned. A reference plans the query where it is used, like a subquery in FROM; a WITH
 * query sees only the ones defined before it in its list, and the innermost WITH wins.
 */
final class CommonTables {
    /** One WITH list, and how many of its queries are visible (fewer while one of them is planned). */
    private static final class Frame {
        final List<WithItem<?>> items;
        int visible;

        Frame(List<WithItem<?>> items) {
            this.items = items;
            this.visible = items.size();
        }
    }

    private final Deque<Frame> frames = new ArrayDeque<>();

    /** Plans {@code body} with {@code with} in scope. */
    <T> T within(List<WithItem<?>> with, Supplier<T> body) {
        List<String> names = new ArrayList<>();
        for (WithItem<?> w : with) {
            if (w.isRecursive()) {
                throw SqlErrors.notSupported("WITH RECURSIVE");
            }
            if (w.getSelect() == null) {
                throw SqlErrors.notSupportedPlural("data-modifying statements in WITH");
            }
            String name = Names.fold(w.getAliasName());
            if (names.contains(name)) {
                throw new SqlException("42712", "WITH query name \"" + name + "\" specified more than once");
            }
            names.add(name);
        }
        frames.push(new Frame(with));
        try {
            return body.get();
        } finally {
            frames.pop();
        }
    }

    /** A WITH query visible under {@code name}, or null. */
    WithItem<?> find(String name) {
        for (Frame f : frames) {
            for (int i = f.visible - 1; i >= 0; i--) {
                if (Names.fold(f.items.get(i).getAliasName()).equals(name)) {
                    return f.items.get(i);
                }
            }
        }
        return null;
    }

    /** Plans the body of {@code item} with only the WITH queries before it visible. */
    <T> T planning(WithItem<?> item, Supplier<T> body) {
        for (Frame f : frames) {
            int at = f.items.indexOf(item);
            if (at >= 0) {
                int before = f.visible;
                f.visible = at;
                try {
                    return body.get();
                } finally {
                    f.visible = before;
                }
            }
        }
        return body.get();
    }

    /** The column names a WITH query declares ({@code WITH x (a, b) AS ...}), possibly none. */
    static List<String> columnNames(WithItem<?> item) {
        List<String> out = new ArrayList<>();
        if (item.getWithItemList() != null) {
            for (SelectItem<?> si : item.getWithItemList()) {
                out.add(Names.fold(si.getExpression().toString()));
            }
        }
        return out;
    }
}
