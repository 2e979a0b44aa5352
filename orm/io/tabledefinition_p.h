// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/sql/schema.h"

#include <QStringList>

namespace orm::detail {

// What a dump writes around a table's rows to make the table again, taken from the database's
// own record of the table rather than from the ORM's model of it, which keeps only what the
// ORM understands (its types, one default, no index operator classes, no DEFERRABLE):
// - SQLite: the CREATE TABLE and CREATE INDEX statements as sqlite_master keeps them, which is
//   what the sqlite3 shell's .dump writes, and after the rows AUTOINCREMENT's counter;
// - PostgreSQL: CREATE TABLE with each column's type as format_type() names it, its default or
//   identity, and its constraints as pg_get_constraintdef() writes them; the sequences of
//   serial columns made first; the indexes as pg_get_indexdef() writes them; after the rows,
//   foreign keys (their rows may come in any order) and each sequence set where it was.
struct TableDefinition
{
    QStringList before; // before the rows
    QStringList after; // after the rows
    QStringList generatedColumns; // computed by the server: not written in INSERTs
    bool overridingSystemValue = false; // a GENERATED ALWAYS identity column takes given keys
};

[[nodiscard]] bool tableDefinition(Connection &connection, const Table &table,
                                   TableDefinition *definition, Error *error);

} // namespace orm::detail
