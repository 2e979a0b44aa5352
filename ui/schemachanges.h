// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/migrations/migrate.h"
#include "orm/migrations/schemacheck.h"

#include <QHash>
#include <QObject>

#include <optional>

namespace ui {

class Document;

// The schema edits staged on a document, as migration operations (orm/migrations), each an
// undoable step on the document's undo stack, as data edits are. Nothing runs before
// commit(): the statements (on SQLite, with the table rebuilds) are shown beforehand, problems
// are found first (checkOperations()), what would be lost is counted (dataLoss()), and the
// commit carries every staged edit out in one transaction.
//
// The database's tables are reflected the first time they are asked for and stay as read
// until reload(): a document is described again after a schema commit, with a new
// SchemaChanges. Not supported: server databases (the migrations run on SQLite files).
class SchemaChanges : public QObject
{
    Q_OBJECT
public:
    explicit SchemaChanges(Document *document);

    // The database's tables as reflected and normalized (orm::normalizedSchema()).
    const orm::MetaData &database() const;
    // The same as the database has them (reflected, not normalized).
    const orm::MetaData &reflected() const;
    // Reads them again; false with *error when the database cannot be reflected.
    bool reload(orm::Error *error = nullptr);
    // The tables as the staged edits leave them.
    orm::MetaData schema() const;

    const QList<orm::MigrationOp> &operations() const { return m_ops; }
    bool isEmpty() const { return m_ops.isEmpty(); }
    int count() const { return int(m_ops.size()); }

    // Stages ops as one undoable step named text, unless they have a problem: then nothing is
    // staged and *problem says why (the first found).
    bool stage(const QList<orm::MigrationOp> &ops, const QString &text,
               orm::SchemaProblem *problem = nullptr);
    // Drops every staged schema edit, as one undoable step.
    void discard();

    // The statements commit() would run.
    QStringList statements() const;
    // What is wrong with the staged edits now (see orm::checkOperations()).
    std::optional<QList<orm::SchemaProblem>> problems(orm::Error *error = nullptr) const;
    // What they would lose, one line per edit that loses something.
    std::optional<QStringList> dataLoss(orm::Error *error = nullptr) const;
    // Carries the staged edits out in one transaction (what they lose was confirmed before);
    // they are then no longer staged. On failure nothing is written and everything stays
    // staged, *error says why.
    [[nodiscard]] bool commit(orm::Error *error);

    // What the staged edits rename: a table's name before → after, and per table (its name
    // after) a column's name before → after.
    QHash<QString, QString> tableRenames() const;
    QHash<QString, QHash<QString, QString>> columnRenames() const;

    // Sets the staged edits (the undo commands).
    void setOperations(const QList<orm::MigrationOp> &ops);

Q_SIGNALS:
    void changed();

private:
    Document *m_document;
    mutable std::optional<orm::MetaData> m_reflected; // as the database has it
    mutable orm::MetaData m_database; // normalized
    QList<orm::MigrationOp> m_ops;
};

} // namespace ui
