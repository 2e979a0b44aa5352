// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/schema.h"
#include "orm/sql/sql.h"

#include <QString>
#include <QStringList>

namespace orm {

// What differs between databases: identifier quoting, type names, DDL, how new keys come back.
// Each driver brings its own (SqliteDialect here; PostgresDialect with the PostgreSQL driver).
// The DDL is written once here, with the hooks a dialect fills in.
class Dialect
{
public:
    enum class IfNotExists { No, Yes };

    virtual ~Dialect() = default;
    virtual QString name() const = 0;
    // Double quotes, doubled inside: the SQL standard's, which both engines take.
    virtual QString quoteIdentifier(const QString &identifier) const;
    // The same, where no connection is at hand (select lists made once per entity).
    static QString standardQuoted(const QString &identifier);
    // Appends the quoted identifier to out (statement compilation: no temporary string).
    virtual void appendQuotedIdentifier(SqlText *out, QStringView identifier) const;
    // A table's name in DDL and INSERT: "schema"."name", or "name" in the default schema.
    QString quoteTable(const QString &schema, const QString &name) const;
    QString quoteTable(const Table &table) const
    {
        return quoteTable(table.schema(), table.name());
    }
    // A table as FROM, JOIN, UPDATE and DELETE name it, given its qualified name
    // (Table::qualifiedName()): in another schema "schema"."name" AS "schema.name", since its
    // columns are qualified with its qualified name; else the quoted name, or with " AS alias"
    // when an alias is given and differs.
    void appendTableReference(SqlText *out, const QString &schema, const QString &qualifiedName,
                              const QString &alias = QString()) const;
    QString tableReference(const QString &schema, const QString &qualifiedName) const;
    virtual QString typeName(const TypeSpec &type) const = 0;
    virtual QString placeholder(int index) const = 0;
    virtual bool supportsIlike() const = 0;
    // The LIKE that ignores case (Expr::icontains()): SQLite's LIKE ignores the case of ASCII
    // letters; a server's ILIKE that of every letter its locale knows.
    virtual QString likeIgnoringCase() const { return QStringLiteral(" LIKE "); }
    // A SELECT of one row and column, with one bound parameter (a table's quoted name), that
    // estimates the table's rows from the engine's statistics without reading them; empty
    // where the engine keeps none (QueryBase::estimatedCount()).
    virtual QString estimatedRowCount() const { return QString(); }
    // Whether an INSERT gives the new row's key back with RETURNING; otherwise the connection
    // tells it (Connection::lastInsertRowId()).
    virtual bool returnsInsertedKey() const { return false; }
    // " IS ?" where NULL compares as a value: SQLite's IS; the standard's IS NOT DISTINCT FROM.
    QString nullSafeEquals() const { return nullSafeEqualsTo(QStringLiteral("?")); }
    // The same comparison with an expression (a column of a VALUES list) on the right.
    virtual QString nullSafeEqualsTo(const QString &expression) const
    {
        return QStringLiteral(" IS NOT DISTINCT FROM ") + expression;
    }
    // Rows one multi-row INSERT carries, and the bound parameters a statement may take: SQLite's
    // smallest limit, where statements are cheap to run one after another.
    virtual int maxInsertRows() const { return 64; }
    virtual int maxParameters() const { return 999; }
    // Rows one UPDATE ... FROM unnest(?, ...) writes (the flush's writes of many rows changed
    // alike), each parameter an array of one column's values (Connection::prepareArrays()),
    // where the engine has arrays: on a server each statement pays a round trip and its own
    // executor start. 0: one UPDATE a row (SQLite's are cheap to run one after another).
    virtual int maxArrayRows() const { return 0; }
    // What a SELECT ends with to lock the rows it reads of one table (its quoted name or alias)
    // until the transaction ends; empty where a transaction's write lock covers them (SQLite).
    virtual QString lockRows(const QString &quotedTable) const
    {
        return QStringLiteral(" FOR UPDATE OF ") + quotedTable;
    }
    // Whether NULL sorts after every value in ascending order (a server's default) or before
    // them (SQLite's): keyset paging's conditions follow the engine's own order, which its
    // indexes serve.
    virtual bool sortsNullsLast() const { return true; }
    // Whether OFFSET needs a LIMIT before it (SQLite's: LIMIT -1 for none).
    virtual bool offsetNeedsLimit() const { return false; }

    // CREATE TABLE plus its CREATE INDEX statements, in SQLAlchemy's layout for the engine.
    QStringList createTable(const Table &table, IfNotExists ifNotExists = IfNotExists::No) const;
    QString dropTable(const Table &table) const;
    QString referentialAction(ReferentialAction action) const;
    // A column as CREATE TABLE and ADD COLUMN write it: its name, type, NOT NULL, keyClause
    // (" PRIMARY KEY AUTOINCREMENT"), DEFAULT, COLLATE and GENERATED ALWAYS AS.
    QString columnDefinition(const Column &column, const QString &keyClause = QString()) const;

protected:
    // A column's type in CREATE TABLE: its typeName(), or what makes the database generate a
    // key column's values (SERIAL on PostgreSQL).
    virtual QString columnDefinitionType(const Column &column) const
    {
        return typeName(column.type);
    }
    // What follows the closing parenthesis (SQLite's WITHOUT ROWID).
    virtual QString tableOptions(const Table &) const { return QString(); }
    // A server default as DEFAULT takes it (SQLite wants parentheses around an expression).
    virtual QString defaultExpression(const QString &serverDefault) const { return serverDefault; }
    // Whether a key column may say AUTOINCREMENT (SQLite: keys never reused).
    virtual bool hasAutoincrementKeyword() const { return false; }
    // Whether a schema is a database of its own (SQLite's attached ones): CREATE INDEX then
    // names it on the index ("aux"."ix" ON "t"), and a foreign key refers to a table of the
    // same database, unqualified. Otherwise (the standard's) the table is qualified.
    virtual bool schemasAreDatabases() const { return false; }
};

class SqliteDialect : public Dialect
{
public:
    QString name() const override { return QStringLiteral("sqlite"); }
    QString typeName(const TypeSpec &type) const override;
    QString placeholder(int) const override { return QStringLiteral("?"); }
    bool supportsIlike() const override { return false; }
    QString nullSafeEqualsTo(const QString &expression) const override
    {
        return QStringLiteral(" IS ") + expression;
    }
    QString lockRows(const QString &) const override { return QString(); }
    bool sortsNullsLast() const override { return false; }
    bool offsetNeedsLimit() const override { return true; }

    // Maps a declared SQLite type ("VARCHAR(80)", "DATETIME", "") to a TypeSpec.
    static TypeSpec typeFromDeclaration(const QString &declared);
    // Whether a default is a literal (a number, a string, a blob, NULL, TRUE, FALSE,
    // CURRENT_TIMESTAMP and the like), which DEFAULT takes bare; SQLite gives an expression's
    // default back without the parentheses it needs (pragma table_info's dflt_value).
    static bool isLiteralDefault(const QString &serverDefault);

protected:
    QString tableOptions(const Table &table) const override;
    QString defaultExpression(const QString &serverDefault) const override;
    bool hasAutoincrementKeyword() const override { return true; }
    bool schemasAreDatabases() const override { return true; }
};

} // namespace orm
