package io.basalt.sql.catalog;

import java.util.List;

/** A FOREIGN KEY: {@code columnIds} of this table reference {@code refColumnIds} of {@code refTableId}. */
public record ForeignKeyDef(String name, List<Integer> columnIds, int refTableId, List<Integer> refColumnIds,
                            Action onDelete, Action onUpdate) {
    /** Referential actions; NO ACTION behaves as RESTRICT (constraints are not deferrable). */
    public enum Action { NO_ACTION, RESTRICT, CASCADE, SET_NULL, SET_DEFAULT }
}
