package io.basalt.sql.session;

import io.basalt.sql.api.Column;
import io.basalt.sql.api.Result;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.types.SqlType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** SHOW name and SHOW ALL, answered from the session's settings with PostgreSQL's column names. */
final class ShowCommand {
    private ShowCommand() {
    }

    static List<Column> columns(Command.Show s) {
        if (s.name() == null) {
            return List.of(Column.computed("name", SqlType.TEXT), Column.computed("setting", SqlType.TEXT),
                Column.computed("description", SqlType.TEXT));
        }
        String c = Settings.canonical(s.name());
        return List.of(Column.computed(c == null ? s.name() : c, SqlType.TEXT));
    }

    static Result run(Command.Show s, Settings settings, String isolation, boolean readOnly) {
        if (s.name() == null) {
            List<Object[]> rows = new ArrayList<>();
            for (Map.Entry<String, String> e : settings.all().entrySet()) {
                rows.add(new Object[] {e.getKey(), e.getValue(), ""});
            }
            return new Result(columns(s), rows, "SHOW", List.of(), Map.of());
        }
        String c = Settings.canonical(s.name());
        if (c == null) {
            throw new SqlException("42704", "unrecognized configuration parameter \"" + s.name() + "\"");
        }
        String value = switch (c) {
            case "transaction_isolation" -> isolation;
            case "transaction_read_only" -> readOnly ? "on" : "off";
            default -> settings.get(c);
        };
        if (value == null) {
            throw new SqlException("42704", "unrecognized configuration parameter \"" + s.name() + "\"");
        }
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {value});
        return new Result(columns(s), rows, "SHOW", List.of(), Map.of());
    }
}
