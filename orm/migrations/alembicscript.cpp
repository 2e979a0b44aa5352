// SPDX-License-Identifier: MIT
#include "orm/migrations/alembicscript.h"

#include "orm/migrations/migrate_p.h"
#include "orm/migrations/migratescript.h"
#include "orm/sql/dialect.h"

namespace orm {

namespace {

using Kind = MigrationOp::Kind;

const QString indent = QStringLiteral("    ");

// A Python string literal (single quotes unless the text holds one and no double quote, as
// Alembic writes them).
QString py(const QString &text)
{
    const QChar quote = text.contains(u'\'') && !text.contains(u'"') ? u'"' : u'\'';
    QString out = quote;
    for (const QChar c : text) {
        if (c == u'\\') {
            out += QStringLiteral("\\\\");
        } else if (c == quote) {
            out += u'\\';
            out += c;
        } else if (c == u'\n') {
            out += QStringLiteral("\\n");
        } else if (c == u'\r') {
            out += QStringLiteral("\\r");
        } else if (c == u'\t') {
            out += QStringLiteral("\\t");
        } else {
            out += c;
        }
    }
    return out + quote;
}

QString pyList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &i : items) {
        quoted << py(i);
    }
    return u'[' + quoted.join(QStringLiteral(", ")) + u']';
}

// An SQL string literal, for the table names sqlite_sequence holds as values.
QString sqlLiteral(const QString &text)
{
    return u'\'' + QString(text).replace(u'\'', QStringLiteral("''")) + u'\'';
}

// The type as SQLAlchemy names it.
QString saType(const TypeSpec &type)
{
    switch (type.type) {
    case ColumnType::Null:
        return QStringLiteral("sa.types.NullType()");
    case ColumnType::Integer:
        return QStringLiteral("sa.Integer()");
    case ColumnType::BigInteger:
        return QStringLiteral("sa.BigInteger()");
    case ColumnType::String:
        return type.length > 0 ? QStringLiteral("sa.String(length=%1)").arg(type.length)
                               : QStringLiteral("sa.String()");
    case ColumnType::Text:
        return QStringLiteral("sa.Text()");
    case ColumnType::Float:
        return QStringLiteral("sa.Float()");
    case ColumnType::Numeric:
        return type.precision > 0 ? QStringLiteral("sa.Numeric(precision=%1, scale=%2)")
                                        .arg(type.precision)
                                        .arg(type.scale)
                                  : QStringLiteral("sa.Numeric()");
    case ColumnType::Boolean:
        return QStringLiteral("sa.Boolean()");
    case ColumnType::Date:
        return QStringLiteral("sa.Date()");
    case ColumnType::DateTime:
        return QStringLiteral("sa.DateTime()");
    case ColumnType::LargeBinary:
        return QStringLiteral("sa.LargeBinary()");
    case ColumnType::Json:
        return QStringLiteral("sa.JSON()");
    }
    return QStringLiteral("sa.types.NullType()");
}

// A DDL default as sa.text(): SQLAlchemy writes it in parentheses, so one pair around the
// whole text is left out.
QString saDefault(const QString &serverDefault)
{
    QString d = serverDefault.trimmed();
    if (d.startsWith(u'(') && d.endsWith(u')')) {
        int depth = 0;
        bool wraps = true;
        for (qsizetype i = 0; i < d.size() - 1; ++i) {
            depth += d.at(i) == u'(' ? 1 : d.at(i) == u')' ? -1 : 0;
            wraps = wraps && (i == 0 || depth > 0);
        }
        if (wraps) {
            d = d.mid(1, d.size() - 2).trimmed();
        }
    }
    return QStringLiteral("sa.text(%1)").arg(py(d));
}

// The type with the column's collation, where SQLAlchemy's type takes one (String, Text).
QString saColumnType(const Column &c)
{
    const QString type = saType(c.type);
    if (c.collation.isEmpty()
        || (c.type.type != ColumnType::String && c.type.type != ColumnType::Text)) {
        return type;
    }
    const QString collation = QStringLiteral("collation=") + py(c.collation);
    const QString separator =
        type.endsWith(QStringLiteral("()")) ? QString() : QStringLiteral(", ");
    return type.chopped(1) + separator + collation + u')';
}

QString saColumn(const Column &c)
{
    QString out = QStringLiteral("sa.Column(%1, %2").arg(py(c.name), saColumnType(c));
    if (c.isGenerated()) {
        out += QStringLiteral(", sa.Computed(%1, persisted=%2)")
                   .arg(py(c.generatedExpression),
                        c.generated == Column::Generated::Stored ? QStringLiteral("True")
                                                                 : QStringLiteral("False"));
    } else if (!c.serverDefault.isEmpty()) {
        out += QStringLiteral(", server_default=") + saDefault(c.serverDefault);
    }
    return out
        + QStringLiteral(", nullable=%1)")
              .arg(c.nullable && !c.primaryKey ? QStringLiteral("True") : QStringLiteral("False"));
}

// SQLAlchemy's ondelete= / onupdate=: the action's SQL, none for NO ACTION.
QString action(ReferentialAction a)
{
    return a == ReferentialAction::NoAction ? QString() : SqliteDialect().referentialAction(a);
}

QString foreignKeyActions(const ForeignKey &fk)
{
    QString out;
    if (const QString d = action(fk.onDelete); !d.isEmpty()) {
        out += QStringLiteral(", ondelete=") + py(d);
    }
    if (const QString u = action(fk.onUpdate); !u.isEmpty()) {
        out += QStringLiteral(", onupdate=") + py(u);
    }
    if (fk.deferrable != ForeignKey::Deferrable::No) {
        out += QStringLiteral(", deferrable=True, initially=")
            + py(fk.deferrable == ForeignKey::Deferrable::InitiallyDeferred
                     ? QStringLiteral("DEFERRED")
                     : QStringLiteral("IMMEDIATE"));
    }
    return out;
}

using detail::checkName;
using detail::foreignKeyName;
using detail::uniqueName;

const char namingConvention[] =
    "{'uq': 'uq_%(table_name)s_%(column_0_N_name)s', "
    "'fk': 'fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s'}";

// op.execute() lines that keep an AUTOINCREMENT table's sqlite_sequence value across Alembic's
// copy of the table (the copy starts from the highest key left, not the highest ever given).
QStringList keepSequenceBefore(const QString &table)
{
    return {QStringLiteral("op.execute(%1)")
                .arg(py(QStringLiteral("CREATE TEMP TABLE _rowsmith_sequence AS SELECT seq FROM "
                                       "sqlite_sequence WHERE name = %1")
                            .arg(sqlLiteral(table))))};
}

QStringList keepSequenceAfter(const QString &table)
{
    const QString name = sqlLiteral(table);
    return {QStringLiteral("op.execute(%1)")
                .arg(py(QStringLiteral("UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT "
                                       "seq FROM temp._rowsmith_sequence), 0)) WHERE name = %1")
                            .arg(name))),
            QStringLiteral("op.execute(%1)")
                .arg(py(QStringLiteral("INSERT INTO sqlite_sequence (name, seq) SELECT %1, seq "
                                       "FROM temp._rowsmith_sequence WHERE NOT EXISTS (SELECT 1 "
                                       "FROM sqlite_sequence WHERE name = %1)")
                            .arg(name))),
            QStringLiteral("op.execute('DROP TABLE temp._rowsmith_sequence')")};
}

// What Alembic's batch does in place on SQLite (anything else copies the table).
bool inPlace(const MigrationOp &op)
{
    return op.kind == Kind::CreateIndex || op.kind == Kind::DropIndex
        || (op.kind == Kind::AddColumn && op.column.serverDefault.isEmpty());
}

// What Alembic's op.* calls cannot say, as statements of their own: views, and indexes over
// expressions or partial ones.
bool isStatementOp(const MigrationOp &op)
{
    return op.kind == Kind::CreateView || op.kind == Kind::DropView
        || ((op.kind == Kind::CreateIndex || op.kind == Kind::DropIndex)
            && !op.index.sql.isEmpty());
}

QString statementOp(const MigrationOp &op)
{
    switch (op.kind) {
    case Kind::CreateView:
        return QStringLiteral("op.execute(%1)").arg(py(op.definition.viewSql()));
    case Kind::DropView:
        return QStringLiteral("op.execute(%1)")
            .arg(py(QStringLiteral("DROP VIEW %1").arg(Dialect::standardQuoted(op.table))));
    case Kind::CreateIndex:
        return QStringLiteral("op.execute(%1)").arg(py(op.index.sql));
    default:
        return QStringLiteral("op.drop_index(%1, table_name=%2)")
            .arg(py(op.index.name), py(op.table));
    }
}

QString createIndex(const Index &i)
{
    return QStringLiteral("batch_op.create_index(batch_op.f(%1), %2, unique=%3)")
        .arg(py(i.name), pyList(i.columns),
             i.unique ? QStringLiteral("True") : QStringLiteral("False"));
}

class Renderer
{
public:
    explicit Renderer(const MetaData &current)
        : m_schema(normalizedSchema(current))
    { }

    QStringList render(const QList<MigrationOp> &ops)
    {
        qsizetype i = 0;
        while (i < ops.size()) {
            const MigrationOp &op = ops.at(i);
            if (op.kind == Kind::CreateTable) {
                createTable(op.definition);
                advance(op);
                ++i;
                continue;
            }
            if (op.kind == Kind::DropTable) {
                m_lines << QStringLiteral("op.drop_table(%1)").arg(py(op.table));
                advance(op);
                ++i;
                continue;
            }
            if (isStatementOp(op)) {
                m_lines << statementOp(op);
                advance(op);
                ++i;
                continue;
            }
            if (op.kind == Kind::RenameTable) {
                m_lines
                    << QStringLiteral("op.rename_table(%1, %2)").arg(py(op.table), py(op.newName));
                advance(op);
                ++i;
                continue;
            }
            qsizetype end = i;
            while (end < ops.size() && ops.at(end).table == op.table
                   && ops.at(end).kind != Kind::CreateTable && ops.at(end).kind != Kind::DropTable
                   && ops.at(end).kind != Kind::RenameTable && !isStatementOp(ops.at(end))) {
                ++end;
            }
            batch(ops.mid(i, end - i));
            i = end;
        }
        if (m_copies) {
            // Alembic's copy drops a table and renames another to its name: without the
            // legacy rename, SQLite refuses it while a trigger or view refers to the table.
            m_lines.prepend(QStringLiteral("op.execute('PRAGMA legacy_alter_table = ON')"));
            m_lines << QStringLiteral("op.execute('PRAGMA legacy_alter_table = OFF')");
        }
        if (m_lines.isEmpty()) {
            m_lines << QStringLiteral("pass");
        }
        return m_lines;
    }

private:
    void advance(const MigrationOp &op) { m_schema = applyToSchema(m_schema, {op}); }

    void createTable(const Table &t)
    {
        m_lines << QStringLiteral("op.create_table(%1,").arg(py(t.name()));
        QStringList parts;
        for (const Column &c : t.columns()) {
            parts << saColumn(c);
        }
        for (const CheckConstraint &c : t.checks()) {
            parts << QStringLiteral("sa.CheckConstraint(%1%2)")
                         .arg(py(c.sqlText),
                              c.name.isEmpty() ? QString()
                                               : QStringLiteral(", name=") + py(c.name));
        }
        for (const ForeignKey &fk : t.foreignKeys()) {
            QStringList referred;
            for (const QString &c : fk.referredColumns) {
                referred << fk.referredTable + u'.' + c;
            }
            parts << QStringLiteral("sa.ForeignKeyConstraint(%1, %2%3%4)")
                         .arg(pyList(fk.columns), pyList(referred), foreignKeyActions(fk),
                              fk.name.isEmpty() ? QString()
                                                : QStringLiteral(", name=") + py(fk.name));
        }
        if (const QStringList pk = t.primaryKeyAsDeclared(); !pk.isEmpty()) {
            QStringList quoted;
            for (const QString &c : pk) {
                quoted << py(c);
            }
            parts << QStringLiteral("sa.PrimaryKeyConstraint(%1)")
                         .arg(quoted.join(QStringLiteral(", ")));
        }
        for (const UniqueConstraint &u : t.uniqueConstraints()) {
            QStringList quoted;
            for (const QString &c : u.columns) {
                quoted << py(c);
            }
            parts << QStringLiteral("sa.UniqueConstraint(%1%2)")
                         .arg(quoted.join(QStringLiteral(", ")),
                              u.name.isEmpty() ? QString()
                                               : QStringLiteral(", name=") + py(u.name));
        }
        if (t.isSqliteAutoincrement()) {
            parts << QStringLiteral("sqlite_autoincrement=True");
        }
        if (t.isWithoutRowid()) {
            parts << QStringLiteral("sqlite_with_rowid=False");
        }
        for (qsizetype i = 0; i < parts.size(); ++i) {
            m_lines << parts.at(i) + (i + 1 < parts.size() ? QStringLiteral(",") : QString());
        }
        m_lines << QStringLiteral(")");
        QList<Index> byColumns, byStatement;
        for (const Index &i : t.indexes()) {
            (i.sql.isEmpty() ? byColumns : byStatement) << i;
        }
        if (!byColumns.isEmpty()) {
            m_lines << QString();
            m_lines << QStringLiteral("with op.batch_alter_table(%1, schema=None) as batch_op:")
                           .arg(py(t.name()));
            for (const Index &i : std::as_const(byColumns)) {
                m_lines << indent + createIndex(i);
            }
            m_lines << QString();
        }
        for (const Index &i : std::as_const(byStatement)) {
            m_lines << QStringLiteral("op.execute(%1)").arg(py(i.sql));
        }
        for (const Trigger &trigger : t.triggers()) {
            m_lines << QStringLiteral("op.execute(%1)").arg(py(trigger.sql));
        }
    }

    // One table's changes, in one op.batch_alter_table block.
    void batch(const QList<MigrationOp> &ops)
    {
        const QString table = ops.first().table;
        const Table before = m_schema.table(table) ? *m_schema.table(table) : Table(table);
        bool copied = false;
        bool dropsUnnamedCheck = false;
        bool needsConvention = false;
        for (const MigrationOp &op : ops) {
            copied = copied || !inPlace(op);
            dropsUnnamedCheck =
                dropsUnnamedCheck || (op.kind == Kind::DropCheck && op.check.name.isEmpty());
            needsConvention =
                needsConvention || op.kind == Kind::DropUnique || op.kind == Kind::DropForeignKey;
        }
        QStringList body;
        for (const MigrationOp &op : ops) {
            body << operation(op);
        }
        for (const MigrationOp &op : ops) {
            advance(op);
        }
        const Table after = m_schema.table(table) ? *m_schema.table(table) : Table(table);
        m_copies = m_copies || copied;
        if (copied) {
            // Alembic's copy leaves unnamed CHECK constraints behind: those that stay are added
            // again, with a name.
            for (const CheckConstraint &c : before.checks()) {
                if (!c.name.isEmpty()) {
                    continue;
                }
                const bool stays = std::any_of(
                    after.checks().cbegin(), after.checks().cend(), [&](const CheckConstraint &o) {
                        return o.name.isEmpty() && o.sqlText.simplified() == c.sqlText.simplified();
                    });
                if (stays) {
                    body << QStringLiteral("batch_op.create_check_constraint(batch_op.f(%1), %2)")
                                .arg(py(checkName(table, c)), py(c.sqlText));
                }
            }
        }
        QString arguments = py(table) + QStringLiteral(", schema=None");
        if (dropsUnnamedCheck) {
            arguments += QStringLiteral(", recreate='always'");
        }
        if (needsConvention) {
            arguments += QStringLiteral(", naming_convention=") + QLatin1String(namingConvention);
        }
        if (copied) {
            // Alembic's copy reads the table through SQLAlchemy, which reads no collation:
            // those columns are given as they are. (A generated column it copies as a plain
            // one, and the copy fails: Alembic 1.8 writes into it.)
            QStringList columns;
            for (const Column &c : before.columns()) {
                if (!c.collation.isEmpty() && !c.isGenerated()) {
                    columns << saColumn(c);
                }
            }
            if (!columns.isEmpty()) {
                arguments +=
                    QStringLiteral(", reflect_args=[%1]").arg(columns.join(QStringLiteral(", ")));
            }
        }
        const bool autoincrement = copied && before.isSqliteAutoincrement();
        if (autoincrement) {
            arguments += QStringLiteral(", table_kwargs={'sqlite_autoincrement': True}");
            m_lines << keepSequenceBefore(table);
        }
        m_lines << QStringLiteral("with op.batch_alter_table(%1) as batch_op:").arg(arguments);
        for (const QString &line : std::as_const(body)) {
            m_lines << indent + line;
        }
        m_lines << QString();
        if (autoincrement) {
            m_lines << keepSequenceAfter(table);
        }
        if (copied) {
            // Alembic's copy drops the table's triggers with the old table, and its indexes over
            // expressions (which it does not read) or partial ones (read without their WHERE).
            for (const Trigger &trigger : before.triggers()) {
                m_lines << QStringLiteral("op.execute(%1)").arg(py(trigger.sql));
            }
            for (const Index &i : after.indexes()) {
                if (!i.sql.isEmpty()) {
                    m_lines << QStringLiteral("op.execute(%1)")
                                   .arg(py(QStringLiteral("DROP INDEX IF EXISTS %1")
                                               .arg(Dialect::standardQuoted(i.name))));
                    m_lines << QStringLiteral("op.execute(%1)").arg(py(i.sql));
                }
            }
        }
    }

    QStringList operation(const MigrationOp &op) const
    {
        const QString table = op.table;
        switch (op.kind) {
        case Kind::AddColumn:
            return {QStringLiteral("batch_op.add_column(%1)").arg(saColumn(op.column))};
        case Kind::DropColumn:
            return {QStringLiteral("batch_op.drop_column(%1)").arg(py(op.column.name))};
        case Kind::RenameColumn:
            return {
                QStringLiteral("batch_op.alter_column(%1, new_column_name=%2, "
                               "existing_type=%3, existing_nullable=%4)")
                    .arg(py(op.oldColumn.name), py(op.column.name), saType(op.oldColumn.type),
                         op.oldColumn.nullable ? QStringLiteral("True") : QStringLiteral("False"))};
        case Kind::AlterColumn: {
            QStringList args {py(op.column.name),
                              QStringLiteral("existing_type=") + saColumnType(op.oldColumn)};
            // A collation goes with the type (batch mode copies the table with it).
            if (op.changes & (MigrationOp::TypeChanged | MigrationOp::CollationChanged)) {
                args << QStringLiteral("type_=") + saColumnType(op.column);
            }
            args << (op.changes & MigrationOp::NullabilityChanged
                         ? QStringLiteral("nullable=%1")
                         : QStringLiteral("existing_nullable=%1"))
                        .arg((op.changes & MigrationOp::NullabilityChanged ? op.column
                                                                           : op.oldColumn)
                                     .nullable
                                 ? QStringLiteral("True")
                                 : QStringLiteral("False"));
            if (op.changes & MigrationOp::DefaultChanged) {
                args << QStringLiteral("server_default=")
                        + (op.column.serverDefault.isEmpty() ? QStringLiteral("None")
                                                             : saDefault(op.column.serverDefault));
            }
            if (!op.oldColumn.serverDefault.isEmpty()) {
                args << QStringLiteral("existing_server_default=")
                        + saDefault(op.oldColumn.serverDefault);
            }
            return {
                QStringLiteral("batch_op.alter_column(%1)").arg(args.join(QStringLiteral(", ")))};
        }
        case Kind::CreateIndex:
            return {createIndex(op.index)};
        case Kind::DropIndex:
            return {QStringLiteral("batch_op.drop_index(batch_op.f(%1))").arg(py(op.index.name))};
        case Kind::AddUnique:
            return {QStringLiteral("batch_op.create_unique_constraint(batch_op.f(%1), %2)")
                        .arg(py(uniqueName(table, op.unique)), pyList(op.unique.columns))};
        case Kind::DropUnique:
            return {QStringLiteral("batch_op.drop_constraint(batch_op.f(%1), type_='unique')")
                        .arg(py(uniqueName(table, op.unique)))};
        case Kind::AddForeignKey:
            return {QStringLiteral("batch_op.create_foreign_key(batch_op.f(%1), %2, %3, %4%5)")
                        .arg(py(foreignKeyName(table, op.foreignKey)),
                             py(op.foreignKey.referredTable), pyList(op.foreignKey.columns),
                             pyList(op.foreignKey.referredColumns),
                             foreignKeyActions(op.foreignKey))};
        case Kind::DropForeignKey:
            return {QStringLiteral("batch_op.drop_constraint(batch_op.f(%1), type_='foreignkey')")
                        .arg(py(foreignKeyName(table, op.foreignKey)))};
        case Kind::AddCheck:
            return {QStringLiteral("batch_op.create_check_constraint(batch_op.f(%1), %2)")
                        .arg(py(checkName(table, op.check)), py(op.check.sqlText))};
        case Kind::DropCheck:
            if (op.check.name.isEmpty()) {
                // Left behind by the table's copy (recreate='always').
                return {QStringLiteral("# the unnamed CHECK (%1) is not copied")
                            .arg(op.check.sqlText.simplified())};
            }
            return {QStringLiteral("batch_op.drop_constraint(%1, type_='check')")
                        .arg(py(op.check.name))};
        case Kind::CreateTable:
        case Kind::DropTable:
        case Kind::RenameTable:
        case Kind::CreateView:
        case Kind::DropView:
            break;
        }
        return {};
    }

    MetaData m_schema;
    QStringList m_lines;
    bool m_copies = false;
};

// The constraints ops add, named as the file names them (Alembic adds only named ones in a
// batch), so that the way back drops them by those names.
QList<MigrationOp> withNames(QList<MigrationOp> ops)
{
    for (MigrationOp &op : ops) {
        if (op.kind == Kind::AddCheck) {
            op.check.name = checkName(op.table, op.check);
        } else if (op.kind == Kind::AddUnique) {
            op.unique.name = uniqueName(op.table, op.unique);
        } else if (op.kind == Kind::AddForeignKey) {
            op.foreignKey.name = foreignKeyName(op.table, op.foreignKey);
        }
    }
    return ops;
}

QString body(const QStringList &lines)
{
    QString out;
    for (const QString &line : lines) {
        out += line.isEmpty() ? QStringLiteral("\n") : indent + line + u'\n';
    }
    return out;
}

} // namespace

QString alembicOperations(const MetaData &current, const QList<MigrationOp> &ops)
{
    return body(Renderer(current).render(ops));
}

QString AlembicRevision::text(const MetaData &current, const QList<MigrationOp> &unnamedOps) const
{
    const QList<MigrationOp> ops = withNames(unnamedOps);
    const QString firstLine = QString(message)
                                  .replace(u'\n', u' ')
                                  .replace(QStringLiteral("\"\"\""), QStringLiteral("'''"));
    const MetaData after = applyToSchema(normalizedSchema(current), ops);
    // A merge follows a tuple of revisions.
    QString downRevisionText = py(downRevision);
    if (downRevision.isEmpty()) {
        downRevisionText = QStringLiteral("None");
    } else if (downRevision.contains(u',')) {
        downRevisionText = pyList(downRevision.split(QStringLiteral(", ")));
        downRevisionText = u'(' + downRevisionText.mid(1, downRevisionText.size() - 2) + u')';
    }
    QString out;
    out += QStringLiteral("\"\"\"%1\n\nRevision ID: %2\nRevises: %3\nCreate Date: %4\n\n\"\"\"\n")
               .arg(firstLine, revision, downRevision,
                    created.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz000")));
    out += QStringLiteral("from alembic import op\nimport sqlalchemy as sa\n\n\n"
                          "# revision identifiers, used by Alembic.\n");
    out += QStringLiteral("revision = %1\ndown_revision = %2\nbranch_labels = None\n"
                          "depends_on = None\n\n\n")
               .arg(py(revision), downRevisionText);
    out += QStringLiteral("def upgrade():\n") + alembicOperations(current, ops);
    out += QStringLiteral("\n\ndef downgrade():\n")
        + alembicOperations(after, reverseOperations(current, ops));
    return out;
}

} // namespace orm
