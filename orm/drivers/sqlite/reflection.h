// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/sql/schema.h"

#include <memory>
#include <optional>
#include <vector>

namespace orm {

class Connection;

// Reads the schema of a live SQLite database: tables and views, columns with their declared
// types, NOT NULL, defaults, collations, generated columns (VIRTUAL or STORED, with their
// expression), primary keys (rowid, composite in the order declared, WITHOUT ROWID), STRICT
// tables, unique constraints and unique indexes, foreign keys (composite, ON DELETE / ON
// UPDATE, DEFERRABLE) and CHECK constraints; views and indexes over expressions or partial ones
// with their statements (Table::viewSql(), Table::expressionIndexes()). Identifiers are passed
// as bound parameters to SQLite's pragma functions; what the pragmas do not give (collations,
// generation expressions, deferrability, table options) is read from the CREATE TABLE text.
// A table's BOOLEAN, DATE and DATETIME columns get the stored form their first rows show
// (TypeSpec::form: 't' / 'f', epoch integers, ISO text with 'T'), found in a bounded sample.
// Not supported: virtual tables (listed as read-only views). A generated column is reflected
// with its expression (Column::isGenerated()); the flush never writes it into a new row.
//
// A view that cannot be prepared (it calls a function SQLite does not know, or one it does not
// run from a file's schema) does not stop the rest: its Table has no columns and says why
// (Table::error()). Each table lists its triggers (reflectTriggers()). Fails only when the
// schema itself cannot be read.
std::optional<MetaData> reflect(Connection &connection, Error *error = nullptr);

// The file's triggers, each with why the statements that fire it cannot be prepared, if they
// cannot (the firing INSERT / UPDATE / DELETE is compiled, never run; with more than one
// trigger on one event, each carries the error).
std::optional<QList<Trigger>> reflectTriggers(Connection &connection, Error *error = nullptr);

} // namespace orm
