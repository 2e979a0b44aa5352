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
//   | current | history | stamp REV | check | diff FROM TO | apply [--yes] SCRIPT DATABASE
//
// with --directory DIR (default "migrations"), --database FILE, --rename HINT (for revision and
// diff) and --yes (run destructive changes). Exit codes as flask db's: 0 done, 1 refused or
// failed (the reason on err), 2 usage. Each revision runs in its own transaction and moves
// alembic_version with it. Not supported: branches, merges, offline (--sql) mode.
class DbCommand
{
public:
    explicit DbCommand(const MetaData &models);

    void setDatabase(const QString &path) { m_database = path; }
    void setProgramName(const QString &name) { m_program = name; }

    // arguments: what follows "db".
    int run(const QStringList &arguments, QTextStream &out, QTextStream &err);
    QString usage() const;

private:
    MetaData m_models;
    QString m_database;
    QString m_program = QStringLiteral("program");
};

} // namespace orm
