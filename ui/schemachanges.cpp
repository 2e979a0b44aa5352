// SPDX-License-Identifier: MIT
#include "ui/schemachanges.h"

#include "ui/document.h"

#include <QUndoCommand>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace ui {

namespace {

class SchemaEditCommand : public QUndoCommand
{
public:
    SchemaEditCommand(SchemaChanges *changes, QList<orm::MigrationOp> before,
                      QList<orm::MigrationOp> after, const QString &text)
        : QUndoCommand(text)
        , m_changes(changes)
        , m_before(std::move(before))
        , m_after(std::move(after))
    { }
    void redo() override { m_changes->setOperations(m_after); }
    void undo() override { m_changes->setOperations(m_before); }

private:
    SchemaChanges *m_changes;
    QList<orm::MigrationOp> m_before;
    QList<orm::MigrationOp> m_after;
};

} // namespace

SchemaChanges::SchemaChanges(Document *document)
    : QObject(document)
    , m_document(document)
{ }

const orm::MetaData &SchemaChanges::database() const
{
    if (!m_reflected) {
        // A database that cannot be reflected has no tables to edit (the editor says why).
        m_reflected = m_document->session().connection().reflect().value_or(orm::MetaData());
        m_database = orm::normalizedSchema(*m_reflected, {u"alembic_version"_s});
    }
    return m_database;
}

const orm::MetaData &SchemaChanges::reflected() const
{
    database();
    return *m_reflected;
}

bool SchemaChanges::reload(orm::Error *error)
{
    auto reflected = m_document->session().connection().reflect(QString(), error);
    if (!reflected)
        return false;
    m_reflected = std::move(reflected);
    m_database = orm::normalizedSchema(*m_reflected, {u"alembic_version"_s});
    Q_EMIT changed();
    return true;
}

orm::MetaData SchemaChanges::schema() const
{
    return orm::applyToSchema(database(), m_ops);
}

bool SchemaChanges::stage(const QList<orm::MigrationOp> &ops, const QString &text,
                          orm::SchemaProblem *problem)
{
    const QList<orm::MigrationOp> after = m_ops + ops;
    orm::Error error;
    const auto found =
        orm::checkOperations(m_document->session().connection(), database(), after, &error);
    if (!found || !found->isEmpty()) {
        if (problem) {
            *problem = found ? found->first() : orm::SchemaProblem {-1, {}, {}, error.text()};
        }
        return false;
    }
    m_document->undoStack()->push(new SchemaEditCommand(this, m_ops, after, text));
    return true;
}

void SchemaChanges::discard()
{
    if (m_ops.isEmpty())
        return;
    m_document->undoStack()->push(new SchemaEditCommand(
        this, m_ops, {}, tr("Discard %n schema change(s)", nullptr, int(m_ops.size()))));
}

void SchemaChanges::setOperations(const QList<orm::MigrationOp> &ops)
{
    m_ops = ops;
    Q_EMIT changed();
}

QStringList SchemaChanges::statements() const
{
    if (m_ops.isEmpty())
        return {};
    database();
    orm::Connection &connection = m_document->session().connection();
    return orm::migrationDialectFor(connection)->statements(*m_reflected, m_ops);
}

std::optional<QList<orm::SchemaProblem>> SchemaChanges::problems(orm::Error *error) const
{
    return orm::checkOperations(m_document->session().connection(), database(), m_ops, error);
}

std::optional<QStringList> SchemaChanges::dataLoss(orm::Error *error) const
{
    return orm::dataLoss(m_document->session().connection(), database(), m_ops, error);
}

bool SchemaChanges::commit(orm::Error *error)
{
    orm::Migration migration(m_document->session().connection());
    if (!m_document->answeringWhile(
            [&] { return migration.run(m_ops, orm::Migration::Destructive::Allow); })) {
        if (error)
            *error = migration.lastError();
        return false;
    }
    m_ops.clear();
    m_reflected.reset();
    Q_EMIT changed();
    return true;
}

QHash<QString, QString> SchemaChanges::tableRenames() const
{
    QHash<QString, QString> renames; // original → now
    for (const orm::MigrationOp &op : m_ops) {
        if (op.kind != orm::MigrationOp::Kind::RenameTable)
            continue;
        const QString original = renames.key(op.table, op.table);
        renames.insert(original, op.newName);
    }
    return renames;
}

QHash<QString, QHash<QString, QString>> SchemaChanges::columnRenames() const
{
    QHash<QString, QHash<QString, QString>> renames; // table now → (original → now)
    for (const orm::MigrationOp &op : m_ops) {
        if (op.kind == orm::MigrationOp::Kind::RenameTable) {
            if (renames.contains(op.table))
                renames.insert(op.newName, renames.take(op.table));
        } else if (op.kind == orm::MigrationOp::Kind::RenameColumn) {
            QHash<QString, QString> &columns = renames[op.table];
            const QString original = columns.key(op.oldColumn.name, op.oldColumn.name);
            columns.insert(original, op.column.name);
        }
    }
    return renames;
}

} // namespace ui
