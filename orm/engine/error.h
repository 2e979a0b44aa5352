// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <memory>

namespace orm {

class Entity;

// A structured error: what kind, and where (entity, key, table, columns, constraint), so that a
// caller can point at the one field to fix. Functions that can fail return [[nodiscard]] bool or
// an optional / null pointer and expose the details through lastError().
class Error
{
    Q_GADGET
public:
    enum class Kind {
        None,
        Connection, // cannot open: missing directory, permissions, bad URL
        NotADatabase, // the file exists but is not an SQLite database (or is encrypted)
        Corrupt, // the file is a damaged database
        ReadOnly, // a write to a database opened (or only openable) read-only
        Busy, // another connection holds the lock longer than the busy timeout
        Constraint, // the database refused a row: see constraint()
        Validation, // refused before anything was written: see fieldErrors()
        NotFound, // get-or-404 and one() with no row
        MultipleResults, // one() / oneOrNone() with more than one row
        StaleData, // an UPDATE or DELETE matched no row: someone else deleted it
        Conflict, // someone else changed what a staged edit was based on: see conflictValues()
        Type, // a value cannot be converted to the column's type
        Sql, // a statement failed to prepare or run
        Usage, // the API was used in a way it does not support
        Serialization, // a server could not serialize the transaction with another, or they
                       // deadlocked: run the transaction again
        Cancelled, // the statement was cancelled (Connection::cancel(), a statement timeout)
    };
    Q_ENUM(Kind)

    enum class Constraint { None, Unique, NotNull, ForeignKey, Check, PrimaryKey, Relationship };
    Q_ENUM(Constraint)

    struct FieldError
    {
        QString column;
        QString message;
    };

    // One column of a Conflict: the value the edit was based on, the one the database holds
    // now (another program's), and the staged one (program form).
    struct ConflictValue
    {
        QString column;
        QVariant loaded;
        QVariant current;
        QVariant staged;
    };

    Error() = default;
    Error(Kind kind, const QString &message)
        : m_kind(kind)
        , m_message(message)
    { }

    bool isError() const { return m_kind != Kind::None; }
    explicit operator bool() const { return isError(); }

    // The DB-API classes (PEP 249) that SQLAlchemy raises, for code ported from Python that
    // catches them (`except IntegrityError:` becomes `if (e.isIntegrityError())`):
    //   sqlalchemy.exc.IntegrityError        isIntegrityError()    Constraint
    //   sqlalchemy.exc.OperationalError      isOperationalError()  Busy (also "locked"),
    //                                                              Connection, NotADatabase,
    //                                                              Corrupt, ReadOnly,
    //                                                              Serialization, Cancelled
    //   sqlalchemy.exc.DataError             isDataError()         Validation, Type
    //   sqlalchemy.orm.exc.StaleDataError    isStaleDataError()    StaleData, Conflict
    //   sqlalchemy.exc.NoResultFound         kind() == NotFound
    //   sqlalchemy.exc.MultipleResultsFound  kind() == MultipleResults
    // Sql (a statement that cannot be prepared or run) and Usage are none of these; they are
    // closest to ProgrammingError. Unlike Python's sqlite3 module, which raises IntegrityError
    // for a datatype mismatch and DatabaseError for a corrupt file, a mismatch is a DataError
    // here (Kind::Type) and a damaged file an OperationalError, as with a server's drivers.
    bool isIntegrityError() const { return m_kind == Kind::Constraint; }
    bool isOperationalError() const
    {
        return m_kind == Kind::Busy || m_kind == Kind::Connection || m_kind == Kind::NotADatabase
            || m_kind == Kind::Corrupt || m_kind == Kind::ReadOnly || m_kind == Kind::Serialization
            || m_kind == Kind::Cancelled;
    }
    bool isDataError() const { return m_kind == Kind::Validation || m_kind == Kind::Type; }
    bool isStaleDataError() const { return m_kind == Kind::StaleData || m_kind == Kind::Conflict; }

    Kind kind() const { return m_kind; }
    Constraint constraint() const { return m_constraint; }
    QString message() const { return m_message; }
    QString entity() const { return m_entity; }
    QVariant key() const { return m_key; }
    QString table() const { return m_table; }
    QStringList columns() const { return m_columns; }
    QString column() const { return m_columns.value(0); }
    QString constraintName() const { return m_constraintName; }
    QString sql() const { return m_sql; }
    int sqliteCode() const { return m_sqliteCode; }
    // A server's SQLSTATE ("23505"); empty on SQLite.
    QString sqlState() const { return m_sqlState; }
    QList<FieldError> fieldErrors() const { return m_fieldErrors; }
    QList<ConflictValue> conflictValues() const { return m_conflictValues; }
    // The object the error is about, while it lives (to select it, to focus the field).
    std::shared_ptr<Entity> object() const { return m_object.lock(); }

    void setKind(Kind kind) { m_kind = kind; }
    void setConstraint(Constraint c) { m_constraint = c; }
    void setMessage(const QString &message) { m_message = message; }
    void setEntity(const QString &entity) { m_entity = entity; }
    void setKey(const QVariant &key) { m_key = key; }
    void setTable(const QString &table) { m_table = table; }
    void setColumns(const QStringList &columns) { m_columns = columns; }
    void setConstraintName(const QString &name) { m_constraintName = name; }
    void setSql(const QString &sql) { m_sql = sql; }
    void setSqliteCode(int code) { m_sqliteCode = code; }
    void setSqlState(const QString &state) { m_sqlState = state; }
    void setFieldErrors(const QList<FieldError> &errors) { m_fieldErrors = errors; }
    void setConflictValues(const QList<ConflictValue> &values) { m_conflictValues = values; }
    void setObject(const std::shared_ptr<Entity> &object) { m_object = object; }

    // One line for a status bar or a log: "User 3: username: UNIQUE constraint failed".
    QString text() const;

    static QString kindName(Kind kind);
    static QString constraintLabel(Constraint c);

private:
    Kind m_kind = Kind::None;
    Constraint m_constraint = Constraint::None;
    QString m_message;
    QString m_entity;
    QVariant m_key;
    QString m_table;
    QStringList m_columns;
    QString m_constraintName;
    QString m_sql;
    int m_sqliteCode = 0;
    QString m_sqlState;
    QList<FieldError> m_fieldErrors;
    QList<ConflictValue> m_conflictValues;
    std::weak_ptr<Entity> m_object;
};

} // namespace orm
