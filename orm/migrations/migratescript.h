// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/migrations/migrate.h"

#include <QList>
#include <QSet>
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
    QString downRevision; // empty: the first revision; "a, b": a merge of a and b
    QString message;
    // Alembic's branch_labels: names for this revision and the line that goes on from it
    // ("-- branch_labels: a, b"); and depends_on: revisions (or labels) that must be applied
    // first without being its parents ("-- depends_on: x").
    QStringList branchLabels;
    QStringList dependsOn;
    // The upgrade's renames ("-- rename: table.old:new"), so that counting what it would lose
    // does not take a rename for a drop.
    QStringList renames;
    QStringList upgrade;
    QStringList downgrade;
    QString path;

    // The revisions it follows: none for the first, two or more for a merge.
    QStringList parents() const;

    static std::optional<MigrationScript> read(const QString &path, Error *error = nullptr);
    static std::optional<MigrationScript> parse(const QString &text, Error *error = nullptr);
    // An Alembic revision's identifiers ("revision = '…'", "down_revision = '…'" or None,
    // branch_labels and depends_on: a string, a tuple or None; the docstring's first line);
    // nullopt when it has no revision (a module that is not one).
    static std::optional<MigrationScript> parseAlembic(const QString &text);
    QString text() const;
    // A new revision: the SQL of ops on current and of the way back, as dialect writes it
    // (SQLite's when none is given).
    static MigrationScript fromOperations(const QString &revision, const QString &downRevision,
                                          const QString &message, const MetaData &current,
                                          const QList<MigrationOp> &ops);
    static MigrationScript fromOperations(const QString &revision, const QString &downRevision,
                                          const QString &message, const MetaData &current,
                                          const QList<MigrationOp> &ops,
                                          const MigrationDialect &dialect);
};

// The way back from ops on current: the operations that turn the schema after them into
// current's (renames reversed), for a revision's downgrade.
QList<MigrationOp> reverseOperations(const MetaData &current, const QList<MigrationOp> &ops);

// The scripts of a folder (its *.sql files and Alembic *.py revisions, and those of its
// versions/ subfolder, Flask-Migrate's layout), as Alembic's graph of revisions: each follows
// one revision (none for the first), two revisions following one are branches, and a merge
// follows several. A revision's depends_on are applied before it (and unapplied after it)
// without being its parents: they stay heads. Refused: a revision twice, a branch label twice,
// one following or depending on a revision the folder does not hold, cycles.
class MigrationHistory
{
public:
    [[nodiscard]] bool load(const QString &directory);
    // Where a new revision goes: versions/ when the folder has one (Flask-Migrate's), else the
    // folder itself.
    static QString revisionDirectory(const QString &directory);
    const Error &lastError() const { return m_error; }

    // Every revision after the ones it follows (one chain: first to head).
    const QList<MigrationScript> &scripts() const { return m_chain; }
    const MigrationScript *script(const QString &revision) const;
    // The revisions nothing follows.
    QStringList heads() const;
    // The only head; empty when there are none or several.
    QString head() const;
    // The revisions that two or more follow.
    QStringList branchPoints() const;
    // The revisions that follow revision.
    QStringList children(const QString &revision) const;
    // revisions and every revision they follow or depend on.
    QSet<QString> ancestors(const QStringList &revisions) const;
    // The revision that declares a branch label; empty when none does.
    QString labelledRevision(const QString &label) const;
    // The heads on the line of a branch label (those that follow its revision).
    QStringList branchHeads(const QString &label) const;
    // Its position in scripts(), -1 for none (the empty database), nullopt when unknown.
    std::optional<int> position(const QString &revision) const;

private:
    QList<MigrationScript> m_chain;
    Error m_error;
};

// The revisions a database is at: the alembic_version table Flask-Migrate keeps (its
// version_num column; one row per head upgraded to), empty when it has none.
std::optional<QStringList> currentRevisions(Connection &connection, Error *error = nullptr);
// The first of them, empty when there is none.
std::optional<QString> currentRevision(Connection &connection, Error *error = nullptr);
// Sets them (inside the caller's transaction); none empties the table.
[[nodiscard]] bool setCurrentRevisions(Connection &connection, const QStringList &revisions,
                                       Error *error = nullptr);
[[nodiscard]] bool setCurrentRevision(Connection &connection, const QString &revision,
                                      Error *error = nullptr);
// A new revision identifier, 12 hexadecimal digits as Alembic writes them.
QString newRevisionId();

} // namespace orm
