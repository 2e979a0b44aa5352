// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/types.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <optional>

namespace orm {

class Connection;
class Error;

enum class ReferentialAction { NoAction, Restrict, Cascade, SetNull, SetDefault };

struct ForeignKey
{
    QString name;
    QStringList columns;
    QString referredTable; // its qualified name (Table::qualifiedName()): "schema.table"
    QStringList referredColumns;
    ReferentialAction onDelete = ReferentialAction::NoAction;
    ReferentialAction onUpdate = ReferentialAction::NoAction;
    QString referredSchema = {}; // empty: the connection's default schema
    // When the database checks it: at each statement (NOT DEFERRABLE, or DEFERRABLE INITIALLY
    // IMMEDIATE until SET CONSTRAINTS / PRAGMA defer_foreign_keys says otherwise), or at the
    // commit (DEFERRABLE INITIALLY DEFERRED: a row may refer to one inserted later in the
    // same transaction).
    enum class Deferrable { No, InitiallyImmediate, InitiallyDeferred };
    Deferrable deferrable = Deferrable::No;
};

struct UniqueConstraint
{
    QString name;
    QStringList columns;
};

struct Index
{
    QString name;
    QStringList columns;
    bool unique = false;
    // An index over expressions, or a partial one: its CREATE INDEX statement as the database
    // gives it (columns: the plain columns it names, if any). Empty for an index over columns.
    QString sql = {};
};

struct CheckConstraint
{
    QString name;
    QString sqlText; // written by the model's author, never by a user
};

// A trigger: the file's own behaviour, which SQLite runs within the statements that fire it
// (Rowsmith's writes as much as any program's).
struct Trigger
{
    QString name;
    QString table; // the table (or view) it is on
    QString event; // INSERT, UPDATE or DELETE (empty when its text does not say)
    QString sql;
    // Why the statements that fire it cannot be prepared (a function SQLite does not know, or
    // one it does not run from a file's schema): writes to its table fail. Empty when fine.
    QString error;
};

// A value computed when a row is inserted or updated ("now" for timestamps).
using ValueFunction = std::function<QVariant()>;

struct Column
{
    QString name;
    TypeSpec type;
    bool primaryKey = false;
    bool autoincrement = false; // the single INTEGER primary key: SQLite assigns the rowid
    bool nullable = true;
    bool unique = false;
    bool index = false;
    QVariant defaultValue; // program-side default (as SQLAlchemy's default=)
    ValueFunction defaultFunction;
    ValueFunction onUpdate;
    QString serverDefault; // DDL DEFAULT expression (reflected, or server_default=)
    // How its text compares and sorts: a collation's name (SQLite's NOCASE or RTRIM, a
    // server's "C"), empty for the database's default.
    QString collation = {};
    // A generated column (GENERATED ALWAYS AS (expression) VIRTUAL or STORED): the database
    // computes its values from the row's other columns, and a value is never written to it.
    enum class Generated { No, Virtual, Stored };
    Generated generated = Generated::No;
    QString generatedExpression = {}; // as written, without the parentheses around it
    // Its place (1, 2, ...) in a composite primary key declared in another order than the
    // columns' (PRIMARY KEY (b, a)); 0: the columns' order.
    int keyPosition = 0;

    bool isGenerated() const { return generated != Generated::No; }
    bool hasDefault() const
    {
        return defaultValue.isValid() || defaultFunction || !serverDefault.isEmpty();
    }
};

// A table's qualified name: "schema.name", or name alone when schema is empty (the
// connection's default). It is a key, never split again: statements quote the schema and the
// name apart (Dialect::quoteTable()), and name a table of another schema by its qualified name
// as an alias ("sales"."order" AS "sales.order"), which its columns are qualified with.
QString qualifiedTableName(const QString &schema, const QString &name);
// The name within its schema of a table known by its qualified name.
QString unqualifiedTableName(const QString &schema, const QString &qualifiedName);

// A table as Core knows it: no mapped classes here.
class Table
{
public:
    Table() = default;
    explicit Table(const QString &name)
        : m_name(name)
    { }

    QString name() const { return m_name; }
    void setName(const QString &name) { m_name = name; }
    // Its schema: empty for the connection's default one (the first of a server's search_path,
    // "main" on SQLite), else a server schema or an attached SQLite database's name.
    QString schema() const { return m_schema; }
    void setSchema(const QString &schema) { m_schema = schema; }
    // What MetaData, foreign keys, entities and expressions know it by: "schema.name", or the
    // name alone in the default schema (see qualifiedTableName()).
    QString qualifiedName() const { return qualifiedTableName(m_schema, m_name); }

    const QList<Column> &columns() const { return m_columns; }
    QList<Column> &columns() { return m_columns; }
    void addColumn(const Column &column) { m_columns.append(column); }
    int columnIndex(const QString &name) const;
    const Column *column(const QString &name) const;
    QStringList primaryKey() const;
    // The same columns in the order the key was declared in (Column::keyPosition), which is
    // the order of its index and of the columns a foreign key naming no columns refers to.
    QStringList primaryKeyAsDeclared() const;

    const QList<ForeignKey> &foreignKeys() const { return m_foreignKeys; }
    QList<ForeignKey> &foreignKeys() { return m_foreignKeys; }
    void addForeignKey(const ForeignKey &fk) { m_foreignKeys.append(fk); }
    const QList<UniqueConstraint> &uniqueConstraints() const { return m_uniques; }
    void addUniqueConstraint(const UniqueConstraint &u) { m_uniques.append(u); }
    const QList<Index> &indexes() const { return m_indexes; }
    void addIndex(const Index &index) { m_indexes.append(index); }
    const QList<CheckConstraint> &checks() const { return m_checks; }
    void addCheck(const CheckConstraint &check) { m_checks.append(check); }
    // Indexes over expressions and partial ones (reflected, with their statement): not in
    // indexes(), since they make no column set unique.
    const QList<Index> &expressionIndexes() const { return m_expressionIndexes; }
    void addExpressionIndex(const Index &index) { m_expressionIndexes.append(index); }

    bool isView() const { return m_view; }
    void setView(bool view) { m_view = view; }
    // A view's CREATE VIEW statement (reflected), to create it again.
    QString viewSql() const { return m_viewSql; }
    void setViewSql(const QString &sql) { m_viewSql = sql; }
    // Why the database cannot read it (reflected: a view that fails to prepare, such as one
    // calling a function SQLite does not know). It then has no columns and is never queried.
    QString error() const { return m_error; }
    void setError(const QString &error) { m_error = error; }
    // Its triggers (reflected).
    const QList<Trigger> &triggers() const { return m_triggers; }
    void addTrigger(const Trigger &trigger) { m_triggers.append(trigger); }
    bool isWithoutRowid() const { return m_withoutRowid; }
    void setWithoutRowid(bool w) { m_withoutRowid = w; }
    // SQLite's AUTOINCREMENT on the INTEGER primary key (SQLAlchemy's sqlite_autoincrement):
    // the keys of deleted rows are never given again (sqlite_sequence keeps the highest).
    bool isSqliteAutoincrement() const { return m_sqliteAutoincrement; }
    void setSqliteAutoincrement(bool a) { m_sqliteAutoincrement = a; }
    // A SQLite STRICT table: each value must be of its column's type.
    bool isStrict() const { return m_strict; }
    void setStrict(bool strict) { m_strict = strict; }

    // Tables this one refers to through foreign keys (itself excluded).
    QStringList referredTables() const;
    // Whether the column set is covered by a single-column or composite unique constraint,
    // a unique index, or the primary key.
    bool isUnique(const QStringList &columns) const;

private:
    QString m_name;
    QString m_schema;
    QList<Column> m_columns;
    QList<ForeignKey> m_foreignKeys;
    QList<UniqueConstraint> m_uniques;
    QList<Index> m_indexes;
    QList<CheckConstraint> m_checks;
    QList<Index> m_expressionIndexes;
    bool m_view = false;
    QString m_viewSql;
    bool m_withoutRowid = false;
    bool m_sqliteAutoincrement = false;
    bool m_strict = false;
    QString m_error;
    QList<Trigger> m_triggers;
};

// A collection of tables, as SQLAlchemy's MetaData: create_all / drop_all in dependency order.
class MetaData
{
public:
    // The tables of mapped models and the association tables between them (defined with the
    // mapping, orm/mapper.h): MetaData::of<User, Post, Tag>().createAll(connection).
    template<class... Models>
    static MetaData of();

    void addTable(const Table &table);
    const QList<Table> &tables() const { return m_tables; }
    // By qualified name (Table::qualifiedName()).
    const Table *table(const QString &name) const;
    // Parents before children (by foreign keys); self-references and cycles do not block.
    QList<const Table *> sortedTables() const;

    [[nodiscard]] bool createAll(Connection &connection, Error *error = nullptr) const;
    [[nodiscard]] bool dropAll(Connection &connection, Error *error = nullptr) const;

private:
    QList<Table> m_tables;
};

// Sorts table names so that every table comes after the tables it refers to.
QStringList sortTablesByDependency(const QList<const Table *> &tables);

} // namespace orm
