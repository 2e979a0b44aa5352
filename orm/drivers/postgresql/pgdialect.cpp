// SPDX-License-Identifier: MIT
#include "orm/drivers/postgresql/pgdialect.h"

namespace orm::postgresql {

QString PostgresDialect::typeName(const TypeSpec &type) const
{
    switch (type.type) {
    case ColumnType::Null:
        return QString();
    case ColumnType::Integer:
        return QStringLiteral("INTEGER");
    case ColumnType::BigInteger:
        return QStringLiteral("BIGINT");
    case ColumnType::String:
        return type.length > 0 ? QStringLiteral("VARCHAR(%1)").arg(type.length)
                               : QStringLiteral("VARCHAR");
    case ColumnType::Text:
        return QStringLiteral("TEXT");
    case ColumnType::Float:
        return QStringLiteral("DOUBLE PRECISION");
    case ColumnType::Numeric:
        return type.precision > 0
            ? QStringLiteral("NUMERIC(%1, %2)").arg(type.precision).arg(type.scale)
            : QStringLiteral("NUMERIC");
    case ColumnType::Boolean:
        return QStringLiteral("BOOLEAN");
    case ColumnType::Date:
        return QStringLiteral("DATE");
    case ColumnType::DateTime:
        return QStringLiteral("TIMESTAMP WITHOUT TIME ZONE");
    case ColumnType::LargeBinary:
        return QStringLiteral("BYTEA");
    case ColumnType::Json:
        return QStringLiteral("JSON");
    }
    return QString();
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
