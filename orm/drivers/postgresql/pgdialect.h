// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/dialect.h"

namespace orm::postgresql {

// PostgreSQL's types and DDL as SQLAlchemy's postgresql dialect writes them: VARCHAR(n), TEXT,
// BOOLEAN, TIMESTAMP WITHOUT TIME ZONE (microseconds), DATE, NUMERIC(p, s), DOUBLE PRECISION
// for Float, JSON, BYTEA; an autoincrement key is SERIAL (BIGSERIAL for a BigInteger), and its
// value comes back with RETURNING. Statements keep `?` placeholders: the connection numbers
// them.
class PostgresDialect : public Dialect
{
public:
    QString name() const override { return QStringLiteral("postgresql"); }
    QString typeName(const TypeSpec &type) const override;
    QString placeholder(int) const override { return QStringLiteral("?"); }
    bool supportsIlike() const override { return true; }
    bool returnsInsertedKey() const override { return true; }
    QString likeIgnoringCase() const override { return QStringLiteral(" ILIKE "); }
    // pg_class.reltuples, as the last VACUUM, ANALYZE or CREATE INDEX left it (-1: never).
    QString estimatedRowCount() const override
    {
        return QStringLiteral("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)");
    }

protected:
    QString columnDefinitionType(const Column &column) const override;
};

} // namespace orm::postgresql
