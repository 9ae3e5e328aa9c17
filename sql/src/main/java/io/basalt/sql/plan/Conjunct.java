package io.basalt.sql.plan;

import java.util.BitSet;
import net.sf.jsqlparser.expression.Expression;

/**
 * One AND-ed part of a WHERE or ON condition, with the FROM items it reads (by their index in
 * the FROM list). Placement decides from {@code items} where in the join tree it is checked.
 *
 * @param onJoin the FROM item whose ON clause it comes from, or -1 for WHERE
 */
record Conjunct(Expression ast, BitSet items, boolean volatile_, int onJoin) {
    String text() {
        return ast.toString();
    }

    /** The highest FROM item index it reads, -1 if none. */
    int lastItem() {
        return items.length() - 1;
    }
}
