package io.basalt.sql.catalog;

import io.basalt.sql.api.SqlException;
import io.basalt.sql.expr.Names;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.alter.Alter;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.ColumnOption;
import net.sf.jsqlparser.statement.create.table.ForeignKeyIndex;
import net.sf.jsqlparser.statement.create.table.ForeignKeyReference;

/**
 * Reads the words after a column's type. JSqlParser keeps them as a token list (its structured
 * options are filled for some forms only), so this walks the tokens: {@code CONSTRAINT name},
 * {@code NOT NULL}, {@code NULL}, {@code PRIMARY KEY}, {@code UNIQUE}, {@code DEFAULT expr},
 * {@code CHECK (expr)}, {@code REFERENCES ...}, {@code GENERATED ... AS IDENTITY [( options )]} and
 * {@code COLLATE "C"}.
 */
final class ColumnSpecParser {
    /** Collations whose order is byte order, the only one Basalt's keys have. */
    private static final Set<String> BYTE_ORDER_COLLATIONS = Set.of("c", "posix", "default", "ucs_basic");

    private ColumnSpecParser() {
    }

    static ColumnSpec parse(ColumnDefinition cd, String table) {
        String column = Names.fold(cd.getColumnName());
        List<String> tokens = cd.getColumnSpecs() == null ? List.of() : cd.getColumnSpecs();
        Deque<ForeignKeyReference> references = new ArrayDeque<>();
        if (cd.getColumnOptions() != null) {
            for (ColumnOption o : cd.getColumnOptions()) {
                if (o.getKind() == ColumnOption.Kind.REFERENCE && o.getForeignKeyReference() != null) {
                    references.add(o.getForeignKeyReference());
                }
            }
        }
        boolean notNull = false;
        boolean nullable = false;
        String defaultSql = null;
        ColumnDef.Identity identity = ColumnDef.Identity.NONE;
        SequenceDef.Options identityOptions = null;
        List<ColumnSpec.Inline> constraints = new ArrayList<>();
        String pendingName = null;
        for (int i = 0; i < tokens.size(); i++) {
            String token = tokens.get(i);
            String word = token.strip().toUpperCase(Locale.ROOT);
            String next = i + 1 < tokens.size() ? tokens.get(i + 1).strip().toUpperCase(Locale.ROOT) : "";
            if (word.equals("CONSTRAINT") && i + 1 < tokens.size()) {
                pendingName = Names.fold(tokens.get(++i).strip());
                continue;
            }
            if (word.equals("NOT") && next.equals("NULL")) {
                i++;
                notNull = true;
            } else if (word.equals("NULL")) {
                nullable = true;
            } else if (word.equals("PRIMARY") && next.equals("KEY")) {
                i++;
                constraints.add(new ColumnSpec.PrimaryKey(pendingName));
            } else if (word.equals("UNIQUE")) {
                constraints.add(new ColumnSpec.Unique(pendingName));
            } else if (word.equals("DEFAULT") && i + 1 < tokens.size()) {
                if (defaultSql != null) {
                    throw new SqlException("42601", "multiple default values specified for column \"" + column
                        + "\" of table \"" + table + "\"");
                }
                defaultSql = tokens.get(++i).strip();
            } else if (word.equals("CHECK") && i + 1 < tokens.size()) {
                constraints.add(new ColumnSpec.Check(pendingName, SqlText.unwrap(tokens.get(++i))));
            } else if (word.startsWith("REFERENCES")) {
                ForeignKeyReference ref = references.isEmpty() ? parseReference(token) : references.poll();
                constraints.add(new ColumnSpec.References(pendingName, ref));
            } else if (word.startsWith("GENERATED")) {
                int open = word.indexOf('(');
                identity = identity(open < 0 ? word : word.substring(0, open).strip());
                if (open >= 0) {
                    if (!word.endsWith(")")) {
                        throw new SqlException("42601", "syntax error at or near \"" + token.strip() + "\"");
                    }
                    identityOptions = SequenceDef.Options.parse(token.strip().substring(open + 1, word.length() - 1));
                }
            } else if (word.equals("COLLATE") && i + 1 < tokens.size()) {
                String collation = Names.fold(tokens.get(++i).strip());
                if (!BYTE_ORDER_COLLATIONS.contains(collation.toLowerCase(Locale.ROOT))) {
                    throw new SqlException("0A000", "collation \"" + collation
                        + "\" is not supported: text compares byte by byte (collation \"C\")");
                }
            } else {
                throw new SqlException("0A000", "column option \"" + token.strip() + "\" is not supported");
            }
            pendingName = null;
        }
        if (notNull && nullable) {
            throw new SqlException("42601", "conflicting NULL/NOT NULL declarations for column \"" + column
                + "\" of table \"" + table + "\"");
        }
        if (identity != ColumnDef.Identity.NONE && defaultSql != null) {
            throw new SqlException("42601", "both default and identity specified for column \"" + column
                + "\" of table \"" + table + "\"");
        }
        return new ColumnSpec(notNull, defaultSql, identity, identityOptions, List.copyOf(constraints));
    }

    private static ColumnDef.Identity identity(String word) {
        String w = word.replaceAll("\\s+", " ");
        if (w.equals("GENERATED ALWAYS AS IDENTITY")) {
            return ColumnDef.Identity.ALWAYS;
        }
        if (w.equals("GENERATED BY DEFAULT AS IDENTITY")) {
            return ColumnDef.Identity.BY_DEFAULT;
        }
        throw new SqlException("0A000", "generated columns are not supported: " + word);
    }

    /** Reads {@code REFERENCES t(c) ON DELETE ...} by letting the parser read it as a table constraint. */
    private static ForeignKeyReference parseReference(String token) {
        String sql = "ALTER TABLE x ADD CONSTRAINT x FOREIGN KEY (x) " + token;
        try {
            Statement st = CCJSqlParserUtil.newParser(sql).Statement();
            if (st instanceof Alter alter && alter.getAlterExpressions().get(0).getIndex() instanceof ForeignKeyIndex fk) {
                return fk.getReference();
            }
        } catch (Exception | Error e) {
            throw new SqlException("42601", "syntax error at or near \"" + token + "\"", e);
        }
        throw new SqlException("42601", "syntax error at or near \"" + token + "\"");
    }
}
