package io.basalt.sql.catalog;

import java.util.List;
import net.sf.jsqlparser.statement.create.table.ForeignKeyReference;

/**
 * What one column definition says besides its type: nullability, DEFAULT, identity, and its
 * inline constraints in the order written. Constraint names are folded, or null when not
 * given (then PostgreSQL's default name is chosen). {@code identityOptions} are the sequence
 * options of {@code GENERATED ... AS IDENTITY ( ... )}, null when none are written.
 */
record ColumnSpec(boolean notNull, String defaultSql, ColumnDef.Identity identity, SequenceDef.Options identityOptions,
                  List<Inline> constraints) {
    /** A constraint written inside a column definition. */
    sealed interface Inline permits PrimaryKey, Unique, Check, References {
        String name();
    }

    record PrimaryKey(String name) implements Inline {
    }

    record Unique(String name) implements Inline {
    }

    record Check(String name, String exprSql) implements Inline {
    }

    record References(String name, ForeignKeyReference reference) implements Inline {
    }
}
