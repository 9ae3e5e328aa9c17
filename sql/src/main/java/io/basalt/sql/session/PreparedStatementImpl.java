package io.basalt.sql.session;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Prepared;
import io.basalt.sql.exec.PlannedStatement;
import io.basalt.sql.types.SqlType;
import java.util.List;

/**
 * A statement as the session prepared it: the parsed command, and for planned statements the
 * plan with the catalog version it was bound against (a different version at execution time
 * re-plans it).
 */
final class PreparedStatementImpl implements Prepared {
    private final String sql;
    private final Command command;
    private final List<SqlType> givenTypes;
    private volatile PlannedStatement planned;
    private volatile long catalogVersion;

    PreparedStatementImpl(String sql, Command command, List<SqlType> givenTypes, PlannedStatement planned,
                          long catalogVersion) {
        this.sql = sql;
        this.command = command;
        this.givenTypes = givenTypes;
        this.planned = planned;
        this.catalogVersion = catalogVersion;
    }

    @Override
    public String sql() {
        return sql;
    }

    Command command() {
        return command;
    }

    List<SqlType> givenTypes() {
        return givenTypes;
    }

    PlannedStatement planned() {
        return planned;
    }

    long catalogVersion() {
        return catalogVersion;
    }

    void replan(PlannedStatement p, long version) {
        planned = p;
        catalogVersion = version;
    }

    @Override
    public List<SqlType> paramTypes() {
        return planned == null ? List.of() : planned.paramTypes();
    }

    @Override
    public List<Column> columns() {
        if (planned != null) {
            return planned.columns();
        }
        if (command instanceof Command.Show s) {
            return ShowCommand.columns(s);
        }
        return null;
    }
}
