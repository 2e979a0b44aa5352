// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/sql/schema.h"
#include "orm/sql/types.h"

#include <QStringList>

#include <optional>

namespace orm::postgresql {

class Connection;

// The schemas a person may browse: every one but the server's own (pg_catalog,
// information_schema, pg_toast and the temporary ones), in name order.
std::optional<QStringList> schemas(Connection &connection, Error *error = nullptr);

// Reads one schema's tables and views from pg_catalog, as orm::reflect() reads an SQLite file's:
// columns with their types, NOT NULL and defaults, identity and serial keys (autoincrement),
// primary keys, unique constraints, unique and plain indexes over columns, foreign keys
// (composite, ON DELETE / ON UPDATE) and CHECK constraints. schema empty: the connection's
// default one (the first of the URL's search_path that exists, else "public"). With the
// schema's tables come the tables of other schemas its foreign keys refer to, so that every
// foreign key resolves. A table outside the connection's default schema has its schema
// (Table::schema()) and is known by its qualified name, "schema.table"; the default schema's
// are unqualified: tables of the same name in two schemas stay apart. Views and materialized
// views are views (a plain view keeps its CREATE VIEW, from pg_get_viewdef()); partitioned
// tables are tables (their partitions are not listed). Indexes over expressions and partial
// ones are kept apart (Table::expressionIndexes(), with pg_get_indexdef()). Every name the
// queries need is a bound parameter.
std::optional<MetaData> reflect(Connection &connection, const QString &schema = QString(),
                                Error *error = nullptr);

// The column type of a type as the server names it (format_type()): "character varying(80)",
// "numeric(10,2)", "timestamp(3) with time zone", "jsonb". Types the ORM has no kind for
// (intervals, network addresses, arrays, ranges, …) are untyped: shown and edited as text.
// UUID is a String(36).
TypeSpec typeFromServerName(const QString &name);

} // namespace orm::postgresql
