// SPDX-License-Identifier: MIT
#pragma once

// What SQLite's pragmas do not tell of a table, read from its CREATE TABLE statement (as
// sqlite_schema keeps it): collations, generated columns' expressions, foreign keys'
// deferrability, and the options after the closing parenthesis.

#include "orm/sql/schema.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace orm::detail {

struct ColumnClauses
{
    QString name;
    QString collation; // COLLATE's name, unquoted; empty when none
    QString generatedExpression; // AS (…)'s expression as written; empty when none
    bool generatedStored = false;
};

struct ForeignKeyClauses
{
    QStringList columns;
    QString referredTable;
    ForeignKey::Deferrable deferrable = ForeignKey::Deferrable::No;
};

struct CreateTableClauses
{
    bool valid = false; // false: not a CREATE TABLE (…) the scanner understands
    QList<ColumnClauses> columns;
    QList<ForeignKeyClauses> foreignKeys; // column ones and table ones, in the text's order
    bool withoutRowid = false;
    bool strict = false;

    const ColumnClauses *column(const QString &name) const;
};

// A scanner of SQLite's tokens (quotes, comments, nesting), never an evaluator: the text is
// SQLite's own (it parsed it to create the table).
CreateTableClauses parseCreateTable(const QString &sql);

} // namespace orm::detail
