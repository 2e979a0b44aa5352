// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/migrations/migrate.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace orm {

class Connection;

// A versioned migration script: an SQL file with its revision, the revision it follows, and
// an upgrade and a downgrade section:
//
//   -- revision: 3f2a9c1b7d4e
//   -- down_revision: None
//   -- message: add users.age
//   -- upgrade
//   ALTER TABLE "users" ADD COLUMN "age" INTEGER;
//   -- downgrade
//   ...
//
// A folder may also hold Alembic revisions (Python modules, as Flask-Migrate keeps them in
// migrations/versions/): their revision, down_revision and message are read, so that the
// chain, the history and a database's revision name them, but Rowsmith does not run them
// (format() Alembic: no statements); "flask db upgrade" does.
struct MigrationScript
{
    enum class Format { Sql, Alembic };

    Format format = Format::Sql;
    QString revision;
    QString downRevision; // empty: the first revision
    QString message;
    // The upgrade's renames ("-- rename: table.old:new"), so that counting what it would lose
    // does not take a rename for a drop.
    QStringList renames;
    QStringList upgrade;
    QStringList downgrade;
    QString path;

    static std::optional<MigrationScript> read(const QString &path, Error *error = nullptr);
    static std::optional<MigrationScript> parse(const QString &text, Error *error = nullptr);
    // An Alembic revision's identifiers ("revision = '…'", "down_revision = '…'" or None, the
    // docstring's first line); nullopt when it has no revision (a module that is not one).
    static std::optional<MigrationScript> parseAlembic(const QString &text);
    QString text() const;
    // A new revision: the SQL of ops on current and of the way back.
    static MigrationScript fromOperations(const QString &revision, const QString &downRevision,
                                          const QString &message, const MetaData &current,
                                          const QList<MigrationOp> &ops);
};

// The way back from ops on current: the operations that turn the schema after them into
// current's (renames reversed), for a revision's downgrade.
QList<MigrationOp> reverseOperations(const MetaData &current, const QList<MigrationOp> &ops);

// The scripts of a folder (its *.sql files and Alembic *.py revisions, and those of its
// versions/ subfolder, Flask-Migrate's layout), as a chain from the first revision to the
// head. Not supported: branches and merges (two scripts following one revision are refused).
class MigrationHistory
{
public:
    [[nodiscard]] bool load(const QString &directory);
    // Where a new revision goes: versions/ when the folder has one (Flask-Migrate's), else the
    // folder itself.
    static QString revisionDirectory(const QString &directory);
    const Error &lastError() const { return m_error; }

    const QList<MigrationScript> &scripts() const { return m_chain; } // first to head
    QString head() const { return m_chain.isEmpty() ? QString() : m_chain.last().revision; }
    // Its position in the chain, -1 for none (the empty database), nullopt when unknown.
    std::optional<int> position(const QString &revision) const;

private:
    QList<MigrationScript> m_chain;
    Error m_error;
};

// The revision a database is at: the alembic_version table Flask-Migrate keeps (its
// version_num column), empty when it has none.
std::optional<QString> currentRevision(Connection &connection, Error *error = nullptr);
// Sets it (inside the caller's transaction); an empty revision empties the table.
[[nodiscard]] bool setCurrentRevision(Connection &connection, const QString &revision,
                                      Error *error = nullptr);
// A new revision identifier, 12 hexadecimal digits as Alembic writes them.
QString newRevisionId();

} // namespace orm
