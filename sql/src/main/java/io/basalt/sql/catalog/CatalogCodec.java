package io.basalt.sql.catalog;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.basalt.sql.api.SqlException;
import io.basalt.sql.catalog.proto.CheckRecord;
import io.basalt.sql.catalog.proto.ColumnRecord;
import io.basalt.sql.catalog.proto.ForeignKeyRecord;
import io.basalt.sql.catalog.proto.IndexRecord;
import io.basalt.sql.catalog.proto.SequenceRecord;
import io.basalt.sql.catalog.proto.TableRecord;
import io.basalt.sql.catalog.proto.TypeRecord;
import io.basalt.sql.types.RowCodec;
import io.basalt.sql.types.SqlType;
import io.basalt.sql.types.TypeKind;
import java.util.ArrayList;
import java.util.List;

/** {@link TableDef} to and from its stored protobuf form (catalog.proto). */
final class CatalogCodec {
    /** The record format this code writes and the newest it reads. */
    static final int FORMAT = 1;

    private CatalogCodec() {
    }

    static byte[] encode(TableDef t) {
        TableRecord.Builder b = TableRecord.newBuilder()
            .setFormat(FORMAT)
            .setId(t.id())
            .setName(t.name())
            .setNextColumnId(t.nextColumnId())
            .setNextIndexId(t.nextIndexId());
        for (ColumnDef c : t.columns()) {
            b.addColumns(column(c));
        }
        for (IndexDef i : t.indexes()) {
            b.addIndexes(IndexRecord.newBuilder().setId(i.id()).setName(i.name()).addAllColumnIds(i.columnIds())
                .addAllDescending(i.descending()).setUnique(i.unique()).setPrimary(i.primary())
                .setConstraint(i.constraint()));
        }
        for (ForeignKeyDef f : t.foreignKeys()) {
            b.addForeignKeys(ForeignKeyRecord.newBuilder().setName(f.name()).addAllColumnIds(f.columnIds())
                .setRefTableId(f.refTableId()).addAllRefColumnIds(f.refColumnIds())
                .setOnDelete(f.onDelete().name()).setOnUpdate(f.onUpdate().name()));
        }
        for (CheckDef c : t.checks()) {
            b.addChecks(CheckRecord.newBuilder().setName(c.name()).setExprSql(c.exprSql()));
        }
        return b.build().toByteArray();
    }

    static TableDef decode(byte[] bytes) {
        TableRecord r;
        try {
            r = TableRecord.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new SqlException("XX001", "catalog record is corrupt: " + e.getMessage(), e);
        }
        if (r.getFormat() > FORMAT) {
            throw new SqlException("XX000", "catalog record of table " + r.getName() + " has format "
                + r.getFormat() + ", newer than this node reads (" + FORMAT + "): upgrade the node");
        }
        List<ColumnDef> columns = new ArrayList<>();
        for (ColumnRecord c : r.getColumnsList()) {
            columns.add(column(c));
        }
        List<IndexDef> indexes = new ArrayList<>();
        for (IndexRecord i : r.getIndexesList()) {
            indexes.add(new IndexDef(i.getId(), i.getName(), i.getColumnIdsList(), i.getDescendingList(),
                i.getUnique(), i.getPrimary(), i.getConstraint()));
        }
        List<ForeignKeyDef> fks = new ArrayList<>();
        for (ForeignKeyRecord f : r.getForeignKeysList()) {
            fks.add(new ForeignKeyDef(f.getName(), f.getColumnIdsList(), f.getRefTableId(), f.getRefColumnIdsList(),
                ForeignKeyDef.Action.valueOf(f.getOnDelete()), ForeignKeyDef.Action.valueOf(f.getOnUpdate())));
        }
        List<CheckDef> checks = new ArrayList<>();
        for (CheckRecord c : r.getChecksList()) {
            checks.add(new CheckDef(c.getName(), c.getExprSql()));
        }
        return new TableDef(r.getId(), r.getName(), columns, indexes, fks, checks, r.getNextColumnId(),
            r.getNextIndexId());
    }

    private static ColumnRecord column(ColumnDef c) {
        ColumnRecord.Builder b = ColumnRecord.newBuilder()
            .setId(c.id())
            .setPosition(c.position())
            .setName(c.name())
            .setType(TypeRecord.newBuilder().setKind(c.type().kind().name()).setLength(c.type().length())
                .setPrecision(c.type().precision()).setScale(c.type().scale()))
            .setNotNull(c.notNull())
            .setIdentity(c.identity().name())
            .setHidden(c.hidden());
        if (c.defaultSql() != null) {
            b.setDefaultSql(c.defaultSql());
        }
        if (c.sequenceName() != null) {
            b.setSequenceName(c.sequenceName());
        }
        if (c.missingValue() != null) {
            byte[] v = RowCodec.encode(new int[] {c.id()}, new Object[] {c.missingValue()}, new SqlType[] {c.type()});
            b.setMissingValue(ByteString.copyFrom(v));
        }
        SequenceDef s = c.sequence();
        if (s != null) {
            b.setSequence(SequenceRecord.newBuilder().setStart(s.start()).setIncrement(s.increment())
                .setMinValue(s.min()).setMaxValue(s.max()).setCycle(s.cycle()).setRestarts(s.restarts()));
        }
        return b.build();
    }

    private static ColumnDef column(ColumnRecord c) {
        TypeRecord t = c.getType();
        SqlType type = new SqlType(TypeKind.valueOf(t.getKind()), t.getLength(), t.getPrecision(), t.getScale());
        Object missing = null;
        if (c.hasMissingValue()) {
            missing = RowCodec.decode(c.getMissingValue().toByteArray(), new int[] {c.getId()},
                new SqlType[] {type})[0];
        }
        return new ColumnDef(c.getId(), c.getPosition(), c.getName(), type, c.getNotNull(),
            c.hasDefaultSql() ? c.getDefaultSql() : null, ColumnDef.Identity.valueOf(c.getIdentity()),
            c.hasSequenceName() ? c.getSequenceName() : null, c.getHidden(), missing, sequence(c));
    }

    private static SequenceDef sequence(ColumnRecord c) {
        if (!c.hasSequence()) {
            return null;
        }
        SequenceRecord s = c.getSequence();
        return new SequenceDef(s.getStart(), s.getIncrement(), s.getMinValue(), s.getMaxValue(), s.getCycle(),
            s.getRestarts());
    }
}
