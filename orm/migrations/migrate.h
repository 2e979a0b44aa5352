// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/sql/schema.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace orm {

class Connection;

// One change of a schema, as Alembic's autogenerate finds them.
struct MigrationOp
{
    enum class Kind {
        CreateTable,
        DropTable,
        RenameTable,
        AddColumn,
        DropColumn,
        RenameColumn,
        AlterColumn,
        CreateIndex,
        DropIndex,
        AddUnique,
        DropUnique,
        AddForeignKey,
        DropForeignKey,
        AddCheck,
        DropCheck,
        CreateView, // definition: the view, with its statement (Table::viewSql())
        DropView,
    };
    // What an AlterColumn changes (flags). Collation and generation are Rowsmith's extras,
    // which Alembic does not compare (nor models declare).
    enum Change {
        TypeChanged = 1,
        NullabilityChanged = 2,
        DefaultChanged = 4,
        CollationChanged = 8,
        GenerationChanged = 16, // made generated, plain again, or another expression
    };

    Kind kind = Kind::CreateTable;
    QString table;
    // CreateTable: the new table; DropTable: the table dropped; Create/DropView: the view
    Table definition;
    Column column; // Add/DropColumn; AlterColumn and RenameColumn: the column after
    Column oldColumn; // AlterColumn and RenameColumn: the column before
    QString newName; // RenameTable
    Index index; // an index over expressions, or a partial one, has its statement (Index::sql)
    UniqueConstraint unique;
    ForeignKey foreignKey;
    CheckConstraint check;
    int changes = 0;

    // Whether carrying it out can lose data: a dropped table or column (a rename without a
    // hint is a drop and an add), a narrower type, NOT NULL over a nullable column, a column
    // made generated (its values replaced by the expression's).
    bool isDestructive() const;
    // "add column users.age", "alter column users.email: type VARCHAR(80) -> VARCHAR(120)".
    QString description() const;
};

// A rename the comparison cannot guess: "table.old:new" renames a column, "old:new" a table.
struct RenameHint
{
    QString table; // empty: a table rename
    QString from;
    QString to;
    static std::optional<RenameHint> parse(const QString &text);
};

struct CompareOptions
{
    QList<RenameHint> renames;
    // Tables neither side is compared on (the revision table).
    QStringList ignoredTables {QStringLiteral("alembic_version")};
    // What the target is. Models declare no views nor indexes over expressions (nor partial
    // ones): the database's are its own and left alone, as Alembic's autogenerate does not see
    // them. Another database's are compared with this one's.
    enum class Target { Database, Models };
    Target target = Target::Database;
};

// The schema in one form for comparing: a column's unique / index flags become the table's
// unique constraints and indexes (named ix_<table>_<column> as SQLAlchemy names them), indexes
// over expressions and partial ones join the others (with their statement), key columns are
// NOT NULL, the ignored tables are left out; views stay as they are.
MetaData normalizedSchema(const MetaData &schema, const QStringList &ignoredTables = {});

// The operations that turn database's schema into target's (mapped models, or another database
// reflected), in an order that can run: views dropped (gone or changed), tables created parents
// first, then changes per table, then tables dropped children first, then views created.
// Renames only from hints; types, nullability and server defaults are compared (Alembic's
// compare_type and compare_server_default), CHECK constraints, views and indexes over
// expressions (and partial ones) by their text, which Alembic does not compare; with another
// database, also columns' collations and generation and foreign keys' deferrability (models
// declare none of them: a database's own are kept). A view whose
// text changed is dropped and created again; one that names a table renamed is not rewritten.
QList<MigrationOp> compareSchemas(const MetaData &database, const MetaData &target,
                                  const CompareOptions &options = {});

// The schema after ops (in memory), for the dialects and the round trip.
MetaData applyToSchema(const MetaData &schema, const QList<MigrationOp> &ops);

// What a dialect does with operations: the statements (every identifier quoted by the
// dialect; the statements hold no values but the DDL's own defaults), and how they run. Another
// engine brings its own.
class MigrationDialect
{
public:
    virtual ~MigrationDialect() = default;
    // The statements that carry out ops on a database whose schema is current (reflected, with
    // its triggers).
    virtual QStringList statements(const MetaData &current,
                                   const QList<MigrationOp> &ops) const = 0;
    // Runs statements as one transaction, then work (the revision table), then the engine's
    // checks; rolls everything back on any failure.
    [[nodiscard]] virtual bool run(Connection &connection, const QStringList &statements,
                                   const std::function<bool()> &work, Error *error) const = 0;
};

// SQLite: ALTER TABLE where it can (add a plain column, rename), otherwise the table rebuild
// SQLite documents (create the new table, copy, drop, rename, recreate indexes and triggers),
// with foreign keys off during the move and PRAGMA foreign_key_check before the commit. An
// AUTOINCREMENT table stays one, with its sqlite_sequence value (the highest key ever given).
class SqliteMigrationDialect : public MigrationDialect
{
public:
    QStringList statements(const MetaData &current, const QList<MigrationOp> &ops) const override;
    [[nodiscard]] bool run(Connection &connection, const QStringList &statements,
                           const std::function<bool()> &work, Error *error) const override;
};

// PostgreSQL: every change in place, with ALTER TABLE (ADD / DROP / RENAME COLUMN, ALTER
// COLUMN TYPE … USING a cast, SET / DROP NOT NULL, SET / DROP DEFAULT, ADD / DROP CONSTRAINT)
// and CREATE / DROP INDEX; no rebuilds. A column made NOT NULL takes its new default where it
// holds NULL. An unnamed constraint is given the name SQLAlchemy's naming convention gives it
// (uq_<table>_<columns>, fk_<table>_<columns>_<referred>, ck_<table>_<hash>), so that a later
// revision can drop it by name. DDL is transactional on a server: the statements and the work
// (the revision table) commit together or not at all. A view that depends on a column changed
// or dropped makes the server refuse the statement, naming the view: nothing is written.
class PostgresMigrationDialect : public MigrationDialect
{
public:
    QStringList statements(const MetaData &current, const QList<MigrationOp> &ops) const override;
    [[nodiscard]] bool run(Connection &connection, const QStringList &statements,
                           const std::function<bool()> &work, Error *error) const override;
};

// The connection's engine's.
std::unique_ptr<MigrationDialect> migrationDialectFor(const Connection &connection);

// What carrying out ops would lose, counted in the database: rows of a dropped table, values of
// a dropped column, values longer than a narrower type, NULLs under a new NOT NULL. One line
// per operation that loses something, empty when nothing would be lost.
std::optional<QStringList> dataLoss(Connection &connection, const MetaData &current,
                                    const QList<MigrationOp> &ops, Error *error = nullptr);

// The SQL statements of text, split where SQLite sees a statement end (triggers kept whole).
QStringList splitSqlStatements(const QString &text);

// Compares the database with target and carries the operations out in one transaction.
// Destructive operations are refused (Error::Kind::Usage, the losses in the message) unless
// allowed. A trigger or view that would no longer compile is refused too, naming it.
class Migration
{
public:
    enum class Destructive { Refuse, Allow };

    explicit Migration(Connection &connection);

    [[nodiscard]] bool run(const QList<MigrationOp> &ops, Destructive destructive,
                           const std::function<bool()> &work = {});
    [[nodiscard]] bool runStatements(const QStringList &statements,
                                     const std::function<bool()> &work = {});
    const Error &lastError() const { return m_error; }

private:
    Connection &m_connection;
    Error m_error;
};

} // namespace orm
