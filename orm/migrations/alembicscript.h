// SPDX-License-Identifier: MIT
#pragma once

#include "orm/migrations/migrate.h"

#include <QDateTime>
#include <QString>

namespace orm {

// An Alembic revision file: the Python module Flask-Migrate's "flask db upgrade" runs, with
// the identifiers Alembic reads (revision, down_revision, branch_labels, depends_on) and
// upgrade() / downgrade() made of op.* calls, as Flask-Migrate renders them for SQLite
// (render_as_batch: a table's column and constraint changes go in one op.batch_alter_table
// block, which Alembic carries out by copying the table when ALTER TABLE cannot).
//
// What Alembic's batch copy would lose is written in: SQLite's unnamed constraints get a
// naming_convention so that they can be dropped, the table's unnamed CHECK constraints are
// added again (named ck_<table>_<hash>: Alembic leaves unnamed ones behind), its triggers are
// created again (op.execute), and an AUTOINCREMENT table stays one (sqlite_autoincrement) with
// its sqlite_sequence value. Constraints Rowsmith adds without a name are named as the
// convention names them (uq_<table>_<columns>, fk_<table>_<columns>_<referred>), since Alembic
// adds only named ones in a batch.
//
// The downgrade is the upgrade's way back, computed as MigrationScript's is: a dropped table or
// column comes back with its definition (not its values).
struct AlembicRevision
{
    QString revision;
    QString downRevision; // empty: the first revision; "a, b": a merge
    QString message;
    QDateTime created = QDateTime::currentDateTime();

    // The module's text, for ops on current (the database's schema before the upgrade).
    QString text(const MetaData &current, const QList<MigrationOp> &ops) const;
};

// The op.* calls that carry out ops on current, one per line, indented for a function body
// ("pass" when there are none).
QString alembicOperations(const MetaData &current, const QList<MigrationOp> &ops);

} // namespace orm
