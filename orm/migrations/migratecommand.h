// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/schema.h"

#include <QString>
#include <QStringList>

class QTextStream;

namespace orm {

// The "db" command a program mounts with its own models, as Flask-Migrate's "flask db":
//
//   init | revision [--autogenerate] -m MSG | migrate -m MSG | upgrade [REV] | downgrade [REV]
//   | current | history | heads | branches | merge [REV...] -m MSG | stamp REV | check
//   | diff FROM TO | apply [--yes] SCRIPT DATABASE
//
// with --directory DIR (default "migrations"), --database FILE or URL (postgresql://…; diff
// and apply take either too), --rename HINT (for revision and diff), --format sql|alembic (for
// revision and diff) and --yes (run destructive changes).
// Exit codes as flask db's: 0 done, 1 refused or failed (the reason on err), 2 usage. Each
// revision runs in its own transaction and moves alembic_version with it.
//
// "revision --format alembic" writes an Alembic revision (orm/migrations/alembicscript.h) into
// DIR/versions/ (a Flask-Migrate folder) or DIR, chained to the folder's head whatever its
// format. The history, current and stamp name every revision of the folder, SQL or Alembic;
// upgrade and downgrade run SQL revisions only, and refuse, before running anything, a path
// that goes through an Alembic one ("flask db upgrade" runs those).
//
// Branches and merges as Alembic's: two revisions may follow one (branches; "upgrade heads"
// takes every one, alembic_version then holds a row per head), and "merge" writes a revision
// that follows several. Branch labels and depends_on are read (SQL headers or the Alembic
// module's): "upgrade LABEL@head" takes a label's line, LABEL names its revision, and a
// revision's dependencies run before it. Not supported: writing them (revision --branch-label),
// LABEL@base and LABEL@-N, offline (--sql) mode.
class DbCommand
{
public:
    enum class RevisionFormat { Sql, Alembic };

    explicit DbCommand(const MetaData &models);

    void setDatabase(const QString &path) { m_database = path; }
    void setProgramName(const QString &name) { m_program = name; }
    // The format "revision" and "diff" write when no --format is given.
    void setRevisionFormat(RevisionFormat format) { m_format = format; }

    // arguments: what follows "db".
    int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
    QString usage() const;

private:
    MetaData m_models;
    QString m_database;
    QString m_program = QStringLiteral("program");
    RevisionFormat m_format = RevisionFormat::Sql;
};

} // namespace orm
