// SPDX-License-Identifier: MIT
#include "orm/migrations/schemacheck.h"

#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"

#include <QHash>
#include <QSet>

namespace orm {

namespace {

using Kind = MigrationOp::Kind;

const Table *findTable(const MetaData &schema, const QString &name)
{
    for (const Table &t : schema.tables()) {
        if (t.name().compare(name, Qt::CaseInsensitive) == 0) {
            return &t;
        }
    }
    return nullptr;
}

const Column *findColumn(const Table &table, const QString &name)
{
    for (const Column &c : table.columns()) {
        if (c.name.compare(name, Qt::CaseInsensitive) == 0) {
            return &c;
        }
    }
    return nullptr;
}

bool hasIndexNamed(const MetaData &schema, const QString &name)
{
    for (const Table &t : schema.tables()) {
        for (const Index &i : t.indexes()) {
            if (i.name.compare(name, Qt::CaseInsensitive) == 0) {
                return true;
            }
        }
    }
    return false;
}

// Whether text is one expression: quotes closed, parentheses balanced, no statement end and
// no comment outside quotes (it is written into DDL as it is).
bool isOneExpression(const QString &text)
{
    int depth = 0;
    QChar quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (!quote.isNull()) {
            if (c == quote) {
                quote = QChar();
            }
            continue;
        }
        const QChar next = i + 1 < text.size() ? text.at(i + 1) : QChar();
        if (c == u'\'' || c == u'"' || c == u'`') {
            quote = c;
        } else if (c == u'[') {
            quote = u']';
        } else if (c == u'(') {
            ++depth;
        } else if (c == u')') {
            if (--depth < 0) {
                return false;
            }
        } else if (c == u';' || (c == u'-' && next == u'-') || (c == u'/' && next == u'*')) {
            return false;
        }
    }
    return quote.isNull() && depth == 0;
}

class Checker
{
public:
    explicit Checker(QList<SchemaProblem> *out)
        : m_out(out)
    { }

    void check(const MetaData &schema, const MigrationOp &op, int index)
    {
        m_index = index;
        m_table = op.table;
        const Table *table = findTable(schema, op.table);
        if (op.kind == Kind::CreateTable) {
            checkNewTable(schema, op.definition);
            return;
        }
        if (op.kind == Kind::CreateView || op.kind == Kind::DropView) {
            return; // a view's statement is the database's to check
        }
        if (!table) {
            add({}, QStringLiteral("There is no table named %1.").arg(op.table));
            return;
        }
        switch (op.kind) {
        case Kind::CreateTable:
        case Kind::DropTable:
            break;
        case Kind::RenameTable:
            if (op.newName.trimmed().isEmpty()) {
                add({}, QStringLiteral("The table needs a name."));
            } else if (const Table *other = findTable(schema, op.newName);
                       other && other != table) {
                add({}, QStringLiteral("A table named %1 already exists.").arg(other->name()));
            }
            break;
        case Kind::AddColumn:
            checkNewColumn(*table, op.column);
            break;
        case Kind::DropColumn:
            if (const Column *c = requireColumn(*table, op.column.name)) {
                if (table->columns().size() == 1) {
                    add(c->name,
                        QStringLiteral("A table keeps at least one column: drop the "
                                       "table instead."));
                } else if (c->primaryKey) {
                    add(c->name, QStringLiteral("%1 is the table's primary key.").arg(c->name));
                } else {
                    checkNotReferred(schema, *table, c->name);
                }
            }
            break;
        case Kind::RenameColumn:
            if (requireColumn(*table, op.oldColumn.name)) {
                if (op.column.name.trimmed().isEmpty()) {
                    add(op.oldColumn.name, QStringLiteral("The column needs a name."));
                } else if (const Column *other = findColumn(*table, op.column.name);
                           other && other->name != op.oldColumn.name) {
                    add(op.oldColumn.name,
                        QStringLiteral("%1 already has a column named %2.")
                            .arg(table->name(), other->name));
                }
            }
            break;
        case Kind::AlterColumn:
            if (requireColumn(*table, op.column.name)) {
                checkDefault(op.column);
            }
            break;
        case Kind::CreateIndex:
            if (op.index.name.trimmed().isEmpty()) {
                add({}, QStringLiteral("The index needs a name."));
            } else if (hasIndexNamed(schema, op.index.name)) {
                add({}, QStringLiteral("An index named %1 already exists.").arg(op.index.name));
            }
            requireColumns(*table, op.index.columns, QStringLiteral("An index"));
            break;
        case Kind::AddUnique:
            requireColumns(*table, op.unique.columns, QStringLiteral("A unique constraint"));
            break;
        case Kind::AddForeignKey:
            checkForeignKey(schema, *table, op.foreignKey);
            break;
        case Kind::AddCheck:
            if (op.check.sqlText.trimmed().isEmpty()) {
                add({}, QStringLiteral("The check needs a condition."));
            } else if (!isOneExpression(op.check.sqlText)) {
                add({},
                    QStringLiteral("The check's condition is not one expression (unclosed "
                                   "quotes or parentheses, a ; or a comment)."));
            }
            break;
        case Kind::DropIndex:
            if (std::none_of(table->indexes().begin(), table->indexes().end(),
                             [&](const Index &i) { return i.name == op.index.name; })) {
                add({},
                    QStringLiteral("%1 has no index named %2.").arg(table->name(), op.index.name));
            }
            break;
        case Kind::DropUnique:
        case Kind::DropForeignKey:
        case Kind::DropCheck:
        case Kind::CreateView:
        case Kind::DropView:
            break;
        }
    }

private:
    void add(const QString &column, const QString &message)
    {
        m_out->append(SchemaProblem {m_index, m_table, column, message});
    }

    const Column *requireColumn(const Table &table, const QString &name)
    {
        const Column *c = findColumn(table, name);
        if (!c) {
            add(name, QStringLiteral("%1 has no column named %2.").arg(table.name(), name));
        }
        return c;
    }

    void requireColumns(const Table &table, const QStringList &names, const QString &what)
    {
        if (names.isEmpty()) {
            add({}, QStringLiteral("%1 needs at least one column.").arg(what));
        }
        for (const QString &n : names) {
            requireColumn(table, n);
        }
    }

    void checkDefault(const Column &column)
    {
        if (column.isGenerated() && !column.serverDefault.isEmpty()) {
            // CREATE TABLE would refuse it; the DDL leaves it out rather than fail.
            add(column.name,
                QStringLiteral("%1 is generated (computed from other columns): it takes no "
                               "default.")
                    .arg(column.name));
        } else if (!column.serverDefault.isEmpty() && !isOneExpression(column.serverDefault)) {
            add(column.name,
                QStringLiteral("The default of %1 is not one expression (unclosed "
                               "quotes or parentheses, a ; or a comment).")
                    .arg(column.name));
        }
    }

    void checkNewColumn(const Table &table, const Column &column)
    {
        if (column.name.trimmed().isEmpty()) {
            add({}, QStringLiteral("The column needs a name."));
        } else if (const Column *other = findColumn(table, column.name)) {
            add(column.name,
                QStringLiteral("%1 already has a column named %2.").arg(table.name(), other->name));
        }
        checkDefault(column);
    }

    void checkNewTable(const MetaData &schema, const Table &table)
    {
        if (table.name().trimmed().isEmpty()) {
            add({}, QStringLiteral("The table needs a name."));
        } else if (const Table *other = findTable(schema, table.name())) {
            add({}, QStringLiteral("A table named %1 already exists.").arg(other->name()));
        }
        if (table.columns().isEmpty()) {
            add({}, QStringLiteral("A table needs at least one column."));
        }
        Table partial(table.name());
        for (const Column &c : table.columns()) {
            checkNewColumn(partial, c);
            partial.addColumn(c);
        }
        for (const ForeignKey &fk : table.foreignKeys()) {
            checkForeignKey(schema, table, fk);
        }
    }

    void checkNotReferred(const MetaData &schema, const Table &table, const QString &column)
    {
        for (const Table &t : schema.tables()) {
            for (const ForeignKey &fk : t.foreignKeys()) {
                if (fk.referredTable.compare(table.name(), Qt::CaseInsensitive) == 0
                    && fk.referredColumns.contains(column, Qt::CaseInsensitive)) {
                    add(column,
                        QStringLiteral("%1.%2 refers to %3.%4: drop that foreign key "
                                       "first.")
                            .arg(t.name(), fk.columns.join(QStringLiteral(", ")), table.name(),
                                 column));
                    return;
                }
            }
        }
    }

    void checkForeignKey(const MetaData &schema, const Table &table, const ForeignKey &fk)
    {
        requireColumns(table, fk.columns, QStringLiteral("A foreign key"));
        const Table *referred = fk.referredTable.compare(table.name(), Qt::CaseInsensitive) == 0
            ? &table
            : findTable(schema, fk.referredTable);
        if (!referred) {
            add({},
                QStringLiteral("There is no table named %1 to refer to.").arg(fk.referredTable));
            return;
        }
        if (fk.referredColumns.size() != fk.columns.size()) {
            add({},
                QStringLiteral("A foreign key refers to as many columns as it has (%1 "
                               "here, %2 in %3).")
                    .arg(fk.columns.size())
                    .arg(fk.referredColumns.size())
                    .arg(referred->name()));
        }
        for (const QString &c : fk.referredColumns) {
            if (!findColumn(*referred, c)) {
                add({},
                    QStringLiteral("%1 has no column named %2 to refer to.")
                        .arg(referred->name(), c));
            }
        }
    }

    QList<SchemaProblem> *m_out;
    int m_index = -1;
    QString m_table;
};

} // namespace

QList<SchemaProblem> checkOperations(const MetaData &current, const QList<MigrationOp> &ops)
{
    QList<SchemaProblem> problems;
    Checker checker(&problems);
    MetaData schema = current;
    for (int i = 0; i < ops.size(); ++i) {
        checker.check(schema, ops.at(i), i);
        schema = applyToSchema(schema, {ops.at(i)});
    }
    return problems;
}

std::optional<QList<SchemaProblem>> checkOperations(Connection &connection, const MetaData &current,
                                                    const QList<MigrationOp> &ops, Error *error)
{
    QList<SchemaProblem> problems = checkOperations(current, ops);
    if (!problems.isEmpty()) {
        return problems; // the rows are asked about only for operations that make sense
    }
    SqliteDialect d;
    // Each table and column by the name the database knows it by.
    QHash<QString, QString> tableOrigin;
    QHash<QString, QString> columnOrigin; // "table\ncolumn"
    QSet<QString> created;
    for (const Table &t : current.tables()) {
        tableOrigin.insert(t.name(), t.name());
        for (const Column &c : t.columns()) {
            columnOrigin.insert(t.name() + u'\n' + c.name, c.name);
        }
    }
    auto count = [&](const QString &sql) -> std::optional<qint64> {
        const auto rows = connection.select(sql);
        if (!rows) {
            if (error) {
                *error = connection.lastError();
            }
            return std::nullopt;
        }
        return rows->value(0).value(0).toLongLong();
    };
    for (int i = 0; i < ops.size(); ++i) {
        const MigrationOp &op = ops.at(i);
        const QString origin = tableOrigin.value(op.table);
        const bool existing = !origin.isEmpty() && !created.contains(op.table);
        auto add = [&](const QString &column, const QString &message) {
            problems.append(SchemaProblem {i, op.table, column, message});
        };
        switch (op.kind) {
        case Kind::CreateTable:
            created.insert(op.table);
            tableOrigin.insert(op.table, op.table);
            break;
        case Kind::RenameTable:
            tableOrigin.insert(op.newName, origin);
            if (created.contains(op.table)) {
                created.insert(op.newName);
            }
            for (const QString &key : columnOrigin.keys()) {
                if (key.startsWith(op.table + u'\n')) {
                    columnOrigin.insert(op.newName + key.mid(op.table.size()),
                                        columnOrigin.value(key));
                }
            }
            break;
        case Kind::RenameColumn:
            columnOrigin.insert(op.table + u'\n' + op.column.name,
                                columnOrigin.value(op.table + u'\n' + op.oldColumn.name));
            break;
        case Kind::AddColumn:
            if (existing && !op.column.nullable && op.column.serverDefault.isEmpty()) {
                const auto rows =
                    count(QStringLiteral("SELECT count(*) FROM %1").arg(d.quoteIdentifier(origin)));
                if (!rows) {
                    return std::nullopt;
                }
                if (*rows > 0) {
                    add(op.column.name,
                        QStringLiteral("%1 has %2 row(s): a NOT NULL column added to it needs a "
                                       "default.")
                            .arg(op.table)
                            .arg(*rows));
                }
            }
            break;
        case Kind::AlterColumn: {
            const QString column = columnOrigin.value(op.table + u'\n' + op.column.name);
            if (existing && !column.isEmpty() && (op.changes & MigrationOp::NullabilityChanged)
                && !op.column.nullable && op.column.serverDefault.isEmpty()) {
                const auto nulls =
                    count(QStringLiteral("SELECT count(*) FROM %1 WHERE %2 IS NULL")
                              .arg(d.quoteIdentifier(origin), d.quoteIdentifier(column)));
                if (!nulls) {
                    return std::nullopt;
                }
                if (*nulls > 0) {
                    add(op.column.name,
                        QStringLiteral("%1 row(s) hold NULL in %2.%3: give it a "
                                       "default for them, or allow NULL.")
                            .arg(*nulls)
                            .arg(op.table, op.column.name));
                }
            }
            break;
        }
        default:
            break;
        }
        // Expressions the person wrote must compile: a default on its own, a check on its table
        // (columns by their names after the operations before it; a new table's are not in the
        // database, so only the expression's own form is checked there).
        QString expression;
        QString from;
        if ((op.kind == Kind::AddColumn || op.kind == Kind::AlterColumn)
            && !op.column.serverDefault.isEmpty()) {
            expression = op.column.serverDefault;
        } else if (op.kind == Kind::AddCheck && existing) {
            const MetaData before = applyToSchema(current, ops.mid(0, i));
            const Table *table = before.table(op.table);
            // Checked against the columns as the table has them then: a table of those
            // columns' values, no row read.
            QStringList columns;
            for (const Column &c : table ? table->columns() : QList<Column>()) {
                columns << QStringLiteral("NULL AS %1").arg(d.quoteIdentifier(c.name));
            }
            expression = op.check.sqlText;
            from = QStringLiteral(" FROM (SELECT %1)").arg(columns.join(QStringLiteral(", ")));
        }
        if (!expression.isEmpty()) {
            const QString problem =
                connection.prepareError(QStringLiteral("SELECT (%1)%2").arg(expression, from));
            if (!problem.isEmpty()) {
                add(op.kind == Kind::AddCheck ? QString() : op.column.name,
                    op.kind == Kind::AddCheck
                        ? QStringLiteral("The check does not compile: %1").arg(problem)
                        : QStringLiteral("The default of %1 does not compile: %2")
                              .arg(op.column.name, problem));
            }
        }
    }
    return problems;
}

TypeSpec typeFromName(const QString &name)
{
    return SqliteDialect::typeFromDeclaration(name.trimmed());
}

} // namespace orm
