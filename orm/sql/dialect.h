// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/schema.h"
#include "orm/sql/sql.h"

#include <QString>
#include <QStringList>

namespace orm {

// What differs between databases: identifier quoting, type names, DDL, placeholders.
// Only SQLite is implemented; the interface is what a PostgreSQL dialect would fill in.
class Dialect
{
public:
    virtual ~Dialect() = default;
    virtual QString name() const = 0;
    virtual QString quoteIdentifier(const QString &identifier) const = 0;
    // Appends the quoted identifier to out (statement compilation: no temporary string).
    virtual void appendQuotedIdentifier(SqlText *out, QStringView identifier) const
    {
        *out += quoteIdentifier(identifier.toString());
    }
    virtual QString typeName(const TypeSpec &type) const = 0;
    virtual QString placeholder(int index) const = 0;
    virtual bool supportsIlike() const = 0;
};

class SqliteDialect : public Dialect
{
public:
    enum class IfNotExists { No, Yes };

    QString name() const override { return QStringLiteral("sqlite"); }
    QString quoteIdentifier(const QString &identifier) const override;
    void appendQuotedIdentifier(SqlText *out, QStringView identifier) const override;
    QString typeName(const TypeSpec &type) const override;
    QString placeholder(int) const override { return QStringLiteral("?"); }
    bool supportsIlike() const override { return false; }

    // CREATE TABLE plus its CREATE INDEX statements, in SQLAlchemy's SQLite layout.
    QStringList createTable(const Table &table, IfNotExists ifNotExists = IfNotExists::No) const;
    QString dropTable(const Table &table) const;
    QString referentialAction(ReferentialAction action) const;
    // Maps a declared SQLite type ("VARCHAR(80)", "DATETIME", "") to a TypeSpec.
    static TypeSpec typeFromDeclaration(const QString &declared);
};

} // namespace orm
