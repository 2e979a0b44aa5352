// SPDX-License-Identifier: MIT
// MetaData's DDL runs on a connection: it lives with the engine, above the SQL layer.
#include "orm/sql/schema.h"

#include "orm/engine/connection.h"
#include "orm/sql/dialect.h"

namespace orm {

bool MetaData::createAll(Connection &connection, Error *error) const
{
    const Dialect &dialect = connection.dialect();
    for (const Table *t : sortedTables()) {
        for (const QString &ddl : dialect.createTable(*t, Dialect::IfNotExists::Yes)) {
            if (!connection.exec(ddl)) {
                if (error)
                    *error = connection.lastError();
                return false;
            }
        }
    }
    return true;
}

bool MetaData::dropAll(Connection &connection, Error *error) const
{
    const Dialect &dialect = connection.dialect();
    const QList<const Table *> sorted = sortedTables();
    for (auto it = sorted.crbegin(); it != sorted.crend(); ++it) {
        if (!connection.exec(dialect.dropTable(**it))) {
            if (error)
                *error = connection.lastError();
            return false;
        }
    }
    return true;
}

} // namespace orm
