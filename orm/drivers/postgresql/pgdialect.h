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
    // A statement's round trip and executor start cost more than its rows: INSERTs carry up to
    // 1,000 rows, UPDATEs of many rows go 10,000 at a time, as arrays. At most 7,000
    // parameters: libpq (before 17) drops the connection on a parameter description longer than
    // 30,000 bytes.
    int maxInsertRows() const override { return 1000; }
    int maxParameters() const override { return 7000; }
    int maxArrayRows() const override { return 10000; }
    // pg_class.reltuples, as the last VACUUM, ANALYZE or CREATE INDEX left it (-1: never).
    QString estimatedRowCount() const override
    {
        return QStringLiteral("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(?)");
    }

protected:
    QString columnDefinitionType(const Column &column) const override;
};

} // namespace orm::postgresql
