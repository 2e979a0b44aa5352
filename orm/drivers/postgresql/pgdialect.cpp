// SPDX-License-Identifier: MIT
#include "orm/drivers/postgresql/pgdialect.h"

#include "orm/sql/typenames_p.h"

namespace orm::postgresql {

QString PostgresDialect::typeName(const TypeSpec &type) const
{
    switch (type.type) {
    case ColumnType::Float:
        return QStringLiteral("DOUBLE PRECISION");
    case ColumnType::DateTime:
        return QStringLiteral("TIMESTAMP WITHOUT TIME ZONE");
    case ColumnType::LargeBinary:
        return QStringLiteral("BYTEA");
    default:
        return detail::standardTypeName(type);
    }
}

QString PostgresDialect::columnDefinitionType(const Column &column) const
{
    if (column.autoincrement && column.primaryKey) {
        return column.type.type == ColumnType::BigInteger ? QStringLiteral("BIGSERIAL")
                                                          : QStringLiteral("SERIAL");
    }
    // A column without a type (SQLite's typeless columns) holds text on a server.
    const QString type = typeName(column.type);
    return type.isEmpty() ? QStringLiteral("TEXT") : type;
}

} // namespace orm::postgresql
