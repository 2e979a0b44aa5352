// SPDX-License-Identifier: MIT
// Operations to statements on PostgreSQL: ALTER TABLE in place, in one transaction.
#include "orm/migrations/migrate.h"

#include "orm/drivers/postgresql/pgdialect.h"
#include "orm/engine/connection.h"
#include "orm/migrations/migrate_p.h"

namespace orm {

namespace {

using Kind = MigrationOp::Kind;

QString quotedList(const Dialect &d, const QStringList &names)
{
    QStringList quoted;
    for (const QString &n : names) {
        quoted << d.quoteIdentifier(n);
    }
    return quoted.join(QStringLiteral(", "));
}

QString columnType(const Dialect &d, const Column &column)
{
    // A column read from a server keeps the server's own type (see Column::serverType).
    const QString own = column.ownServerType();
    if (!own.isEmpty()) {
        return own;
    }
    // A column without a type (SQLite's typeless columns) holds text on a server.
    const QString name = d.typeName(column.type);
    return name.isEmpty() ? QStringLiteral("TEXT") : name;
}

// A table's unnamed constraints named as the convention names them, so that the statements
// that drop them later know their names.
Table withNamedConstraints(const Table &in)
{
    Table t(in.name());
    t.setSchema(in.schema());
    for (const Column &c : in.columns()) {
        t.addColumn(c);
    }
    for (UniqueConstraint u : in.uniqueConstraints()) {
        u.name = detail::uniqueName(in.name(), u);
        t.addUniqueConstraint(u);
    }
    for (ForeignKey fk : in.foreignKeys()) {
        fk.name = detail::foreignKeyName(in.name(), fk);
        t.addForeignKey(fk);
    }
    for (CheckConstraint c : in.checks()) {
        c.name = detail::checkName(in.name(), c);
        t.addCheck(c);
    }
    for (const Index &i : in.indexes()) {
        t.addIndex(i);
    }
    for (const Trigger &tr : in.triggers()) {
        t.addTrigger(tr);
    }
    return t;
}

// The name of the constraint an operation drops: its own, else the one the schema gives the
// same constraint (reflected), else the convention's.
QString droppedConstraintName(const MetaData &schema, const MigrationOp &op)
{
    const Table *table = schema.table(op.table);
    if (op.kind == Kind::DropUnique) {
        if (!op.unique.name.isEmpty() || !table) {
            return detail::uniqueName(op.table, op.unique);
        }
        for (const UniqueConstraint &u : table->uniqueConstraints()) {
            if (u.columns == op.unique.columns && !u.name.isEmpty()) {
                return u.name;
            }
        }
        return detail::uniqueName(op.table, op.unique);
    }
    if (op.kind == Kind::DropForeignKey) {
        if (!op.foreignKey.name.isEmpty() || !table) {
            return detail::foreignKeyName(op.table, op.foreignKey);
        }
        for (const ForeignKey &fk : table->foreignKeys()) {
            if (detail::sameForeignKey(fk, op.foreignKey) && !fk.name.isEmpty()) {
                return fk.name;
            }
        }
        return detail::foreignKeyName(op.table, op.foreignKey);
    }
    if (!op.check.name.isEmpty() || !table) {
        return detail::checkName(op.table, op.check);
    }
    for (const CheckConstraint &c : table->checks()) {
        if (detail::normalizedCheck(c.sqlText) == detail::normalizedCheck(op.check.sqlText)
            && !c.name.isEmpty()) {
            return c.name;
        }
    }
    return detail::checkName(op.table, op.check);
}

// ALTER COLUMN's actions: the default goes before a type change (an old default may not cast
// to the new type) and comes back after it; NULLs take the new default before NOT NULL.
QStringList alterColumnStatements(const Dialect &d, const MigrationOp &op)
{
    const QString table = d.quoteIdentifier(op.table);
    const QString column = d.quoteIdentifier(op.column.name);
    const QString alter = QStringLiteral("ALTER TABLE %1 ALTER COLUMN %2 ").arg(table, column);
    QStringList out;
    const bool typeChanged = op.changes & MigrationOp::TypeChanged;
    const bool defaultChanged = op.changes & MigrationOp::DefaultChanged;
    const bool defaultAround = typeChanged && !op.oldColumn.serverDefault.isEmpty();
    if (defaultAround) {
        out << alter + QStringLiteral("DROP DEFAULT");
    }
    if (typeChanged || (op.changes & MigrationOp::CollationChanged)) {
        const QString type = columnType(d, op.column);
        // A collation goes with the type; "default" is the database's own.
        const QString collation = (op.changes & MigrationOp::CollationChanged)
            ? QStringLiteral(" COLLATE ")
                + d.quoteIdentifier(op.column.collation.isEmpty() ? QStringLiteral("default")
                                                                  : op.column.collation)
            : QString();
        out << alter + QStringLiteral("TYPE %1%3 USING %2::%1").arg(type, column, collation);
    }
    if ((defaultChanged || defaultAround) && !op.column.serverDefault.isEmpty()) {
        out << alter + QStringLiteral("SET DEFAULT ") + op.column.serverDefault;
    } else if (defaultChanged && !defaultAround) {
        out << alter + QStringLiteral("DROP DEFAULT");
    }
    if (op.changes & MigrationOp::NullabilityChanged) {
        if (op.column.nullable) {
            out << alter + QStringLiteral("DROP NOT NULL");
        } else {
            if (!op.column.serverDefault.isEmpty()) {
                out << QStringLiteral("UPDATE %1 SET %2 = %3 WHERE %2 IS NULL")
                           .arg(table, column, op.column.serverDefault);
            }
            out << alter + QStringLiteral("SET NOT NULL");
        }
    }
    return out;
}

QString addColumnStatement(const Dialect &d, const MigrationOp &op)
{
    QString line = QStringLiteral("ALTER TABLE %1 ADD COLUMN %2 %3")
                       .arg(d.quoteIdentifier(op.table), d.quoteIdentifier(op.column.name),
                            columnType(d, op.column));
    if (op.column.identity != Column::Identity::No) {
        line += op.column.identity == Column::Identity::Always
            ? QStringLiteral(" GENERATED ALWAYS AS IDENTITY")
            : QStringLiteral(" GENERATED BY DEFAULT AS IDENTITY");
    }
    if (!op.column.nullable || op.column.primaryKey) {
        line += QStringLiteral(" NOT NULL");
    }
    if (!op.column.serverDefault.isEmpty() && !op.column.isGenerated()) {
        line += QStringLiteral(" DEFAULT ") + op.column.serverDefault;
    }
    if (!op.column.collation.isEmpty()) {
        line += QStringLiteral(" COLLATE ") + d.quoteIdentifier(op.column.collation);
    }
    if (op.column.isGenerated()) {
        line +=
            QStringLiteral(" GENERATED ALWAYS AS (%1) STORED").arg(op.column.generatedExpression);
    }
    return line;
}

QString foreignKeyClause(const Dialect &d, const ForeignKey &fk)
{
    QString line = QStringLiteral("FOREIGN KEY (%1) REFERENCES %2 (%3)")
                       .arg(quotedList(d, fk.columns),
                            d.quoteTable(fk.referredSchema,
                                         unqualifiedTableName(fk.referredSchema, fk.referredTable)),
                            quotedList(d, fk.referredColumns));
    if (fk.onDelete != ReferentialAction::NoAction) {
        line += QStringLiteral(" ON DELETE ") + d.referentialAction(fk.onDelete);
    }
    if (fk.onUpdate != ReferentialAction::NoAction) {
        line += QStringLiteral(" ON UPDATE ") + d.referentialAction(fk.onUpdate);
    }
    if (fk.deferrable == ForeignKey::Deferrable::InitiallyDeferred) {
        line += QStringLiteral(" DEFERRABLE INITIALLY DEFERRED");
    } else if (fk.deferrable == ForeignKey::Deferrable::InitiallyImmediate) {
        line += QStringLiteral(" DEFERRABLE INITIALLY IMMEDIATE");
    }
    return line;
}

// The statements of one operation on schema (the schema before it).
QStringList operationStatements(const Dialect &d, const MetaData &schema, const MigrationOp &op)
{
    const QString table = d.quoteIdentifier(op.table);
    const QString alterTable = QStringLiteral("ALTER TABLE %1 ").arg(table);
    switch (op.kind) {
    case Kind::CreateTable:
        return d.createTable(withNamedConstraints(op.definition));
    case Kind::DropTable:
        return {QStringLiteral("DROP TABLE %1").arg(table)};
    case Kind::RenameTable:
        return {alterTable + QStringLiteral("RENAME TO %1").arg(d.quoteIdentifier(op.newName))};
    case Kind::AddColumn:
        return {addColumnStatement(d, op)};
    case Kind::DropColumn:
        return {alterTable
                + QStringLiteral("DROP COLUMN %1").arg(d.quoteIdentifier(op.column.name))};
    case Kind::RenameColumn:
        return {
            alterTable
            + QStringLiteral("RENAME COLUMN %1 TO %2")
                  .arg(d.quoteIdentifier(op.oldColumn.name), d.quoteIdentifier(op.column.name))};
    case Kind::AlterColumn:
        return alterColumnStatements(d, op);
    case Kind::CreateView:
        return {op.definition.viewSql()};
    case Kind::DropView:
        return {QStringLiteral("DROP VIEW %1").arg(table)};
    case Kind::CreateIndex:
        if (!op.index.sql.isEmpty()) {
            return {op.index.sql};
        }
        return {QStringLiteral("CREATE %1INDEX %2 ON %3 (%4)")
                    .arg(op.index.unique ? QStringLiteral("UNIQUE ") : QString(),
                         d.quoteIdentifier(op.index.name), table, quotedList(d, op.index.columns))};
    case Kind::DropIndex:
        return {QStringLiteral("DROP INDEX %1").arg(d.quoteIdentifier(op.index.name))};
    case Kind::AddUnique:
        return {alterTable
                + QStringLiteral("ADD CONSTRAINT %1 UNIQUE (%2)")
                      .arg(d.quoteIdentifier(detail::uniqueName(op.table, op.unique)),
                           quotedList(d, op.unique.columns))};
    case Kind::AddForeignKey:
        return {alterTable
                + QStringLiteral("ADD CONSTRAINT %1 ")
                      .arg(d.quoteIdentifier(detail::foreignKeyName(op.table, op.foreignKey)))
                + foreignKeyClause(d, op.foreignKey)};
    case Kind::AddCheck:
        return {
            alterTable
            + QStringLiteral("ADD CONSTRAINT %1 CHECK (%2)")
                  .arg(d.quoteIdentifier(detail::checkName(op.table, op.check)), op.check.sqlText)};
    case Kind::DropUnique:
    case Kind::DropForeignKey:
    case Kind::DropCheck:
        return {alterTable
                + QStringLiteral("DROP CONSTRAINT %1")
                      .arg(d.quoteIdentifier(droppedConstraintName(schema, op)))};
    }
    return {};
}

// The operation as the schema keeps it after it runs: a constraint added under the name the
// statement gave it.
MigrationOp asRun(MigrationOp op)
{
    switch (op.kind) {
    case Kind::AddUnique:
        op.unique.name = detail::uniqueName(op.table, op.unique);
        break;
    case Kind::AddForeignKey:
        op.foreignKey.name = detail::foreignKeyName(op.table, op.foreignKey);
        break;
    case Kind::AddCheck:
        op.check.name = detail::checkName(op.table, op.check);
        break;
    case Kind::CreateTable:
        op.definition = withNamedConstraints(op.definition);
        break;
    default:
        break;
    }
    return op;
}

} // namespace

QStringList PostgresMigrationDialect::statements(const MetaData &current,
                                                 const QList<MigrationOp> &ops) const
{
    const postgresql::PostgresDialect d;
    MetaData schema = normalizedSchema(current);
    QStringList out;
    for (const MigrationOp &op : ops) {
        out << operationStatements(d, schema, op);
        schema = applyToSchema(schema, {asRun(op)});
    }
    return out;
}

bool PostgresMigrationDialect::run(Connection &connection, const QStringList &statements,
                                   const std::function<bool()> &work, Error *error) const
{
    auto fail = [&](const Error &e) {
        if (error) {
            *error = e;
        }
        if (connection.inTransaction()) {
            connection.rollback();
        }
        return false;
    };
    if (!connection.begin()) {
        return fail(connection.lastError());
    }
    for (const QString &sql : statements) {
        if (!connection.exec(sql)) {
            Error e = connection.lastError();
            e.setSql(sql);
            return fail(e);
        }
    }
    if (work && !work()) {
        return fail(connection.lastError().isError()
                        ? connection.lastError()
                        : Error(Error::Kind::Usage, QStringLiteral("The migration was refused")));
    }
    if (!connection.commit()) {
        return fail(connection.lastError());
    }
    return true;
}

} // namespace orm
