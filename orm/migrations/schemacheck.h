// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/migrations/migrate.h"

#include <QList>
#include <QString>

#include <optional>

namespace orm {

class Connection;

// What is wrong with one staged schema operation, found before anything runs.
struct SchemaProblem
{
    int operation = -1; // its index in the operations checked
    QString table;
    QString column; // empty when the problem is not about one column
    QString message;
};

// The problems of ops on current (a normalized schema, see normalizedSchema()), each checked
// on the schema the operations before it leave: a table or column that does not exist, a name
// given twice (tables, columns and indexes; case does not count, as in SQLite), a table left
// without columns, a dropped column that is the key or that another table's foreign key refers
// to, a foreign key to a table or column that does not exist or with as many columns on each
// side, an index, unique constraint or key without columns. Problems the rows show need the
// database: see checkOperations(Connection &, …).
QList<SchemaProblem> checkOperations(const MetaData &current, const QList<MigrationOp> &ops);

// Those, and what the rows of the database forbid: a NOT NULL column without a default added
// to a table that has rows, a column made NOT NULL without a default while rows hold NULL in
// it, a CHECK that does not compile on its table. nullopt with *error when the database
// cannot be read.
std::optional<QList<SchemaProblem>> checkOperations(Connection &connection, const MetaData &current,
                                                    const QList<MigrationOp> &ops,
                                                    Error *error = nullptr);

// A column type as a person writes it ("VARCHAR(80)", "integer", "numeric(10, 2)"), read as
// SQLite reads a declared type.
TypeSpec typeFromName(const QString &name);

} // namespace orm
