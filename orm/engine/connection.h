// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/engine/url.h"

#include <QElapsedTimer>
#include <QHash>
#include <QString>
#include <QStringList>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace orm {

class Connection;
class Dialect;
class MetaData;

// The storage classes a column's value comes in (SQLite's, as sqlite3_column_type() gives
// them; every driver reads its values into these).
enum class StorageClass : int { Integer = 1, Float = 2, Text = 3, Blob = 4, Null = 5 };

// How a statement's rows come from a server: the whole result at once (the default, as libpq,
// psycopg2 and SQLAlchemy read them: one allocation for all rows, and the connection free for
// the next statement at once), or one row at a time, for scans whose size has no bound
// (exports). SQLite always steps row by row.
enum class Fetch { WholeResult, RowByRow };

namespace detail {
class StatementBackend;
}

// One column of a statement's current row, read once: its storage class and its value, without
// a look-up per question. Valid until the statement steps or is reset; used on the statement's
// own thread only, as the connection is.
class ColumnValue
{
public:
    // NULL, of no statement (a place to put a value taken later).
    ColumnValue()
        : ColumnValue(StorageClass::Null, nullptr, -1)
    { }
    StorageClass storageClass() const { return m_class; }
    // The value as an integer or a float; text is converted as the driver converts it.
    qint64 int64() const;
    double toDouble() const;
    // The bytes as stored for text and blobs, numbers written as text; null for NULL.
    const char *utf8(qsizetype *length) const;
    // *validUtf8: whether the stored bytes were UTF-8 (else decoded with U+FFFD).
    QString text(bool *validUtf8) const;

    // For drivers, which read a column of their statement into one of these. Conversions to
    // another form than the stored one are asked of the statement when someone wants them.
    static ColumnValue null(const detail::StatementBackend *statement, int column)
    {
        return ColumnValue(StorageClass::Null, statement, column);
    }
    static ColumnValue integer(qint64 value, const detail::StatementBackend *statement, int column)
    {
        ColumnValue v(StorageClass::Integer, statement, column);
        v.m_int = value;
        return v;
    }
    static ColumnValue real(double value, const detail::StatementBackend *statement, int column)
    {
        ColumnValue v(StorageClass::Float, statement, column);
        v.m_double = value;
        return v;
    }
    // Text or a blob: bytes that stay valid until the statement steps.
    static ColumnValue bytes(StorageClass storageClass, const char *data, qsizetype size,
                             const detail::StatementBackend *statement, int column)
    {
        ColumnValue v(storageClass, statement, column);
        v.m_data = data;
        v.m_size = size;
        return v;
    }

private:
    ColumnValue(StorageClass storageClass, const detail::StatementBackend *statement, int column)
        : m_class(storageClass)
        , m_column(column)
        , m_statement(statement)
    { }
    StorageClass m_class;
    int m_column;
    union
    {
        qint64 m_int = 0;
        double m_double;
    };
    const char *m_data = nullptr;
    qsizetype m_size = 0;
    const detail::StatementBackend *m_statement;
};

// What a statement did, for echo, for the application's SQL log and for tests that count
// statements.
struct StatementRecord
{
    QString sql;
    QVariantList params;
    qint64 durationNs = 0;
    bool ok = true;
    QString error;
};
using StatementListener = std::function<void(const StatementRecord &)>;

namespace detail {
// Echo (SQLAlchemy's echo=True): the statement, its parameters and its time, through
// orm::lcOrmSql. Every driver's connections echo this way.
void echoStatement(const StatementRecord &record);
} // namespace detail

struct ConnectionOptions
{
    bool echo = false; // log every statement through orm::lcOrmSql
    int busyTimeoutMs = 5000;
    bool readOnly = false;
    bool foreignKeys = true;
    // For files that may come from anywhere. What runs of the file's own is SQL, through
    // SQLite's built-in functions: its triggers (enabled: they are the file's behaviour, and
    // run with this connection's writes as with any program's), column DEFAULTs, CHECK
    // constraints, generated columns, views, and the ON DELETE / ON UPDATE actions of its
    // foreign keys. What is refused: loading extensions (from SQL or the file), functions not
    // marked innocuous when the schema calls them (trusted_schema off: a view or trigger that
    // calls one fails to prepare, and is reported as such), virtual tables the schema would
    // use unsafely, and writes that would corrupt the file (defensive mode: writable_schema,
    // PRAGMA journal_mode=OFF and the like).
    bool defensive = true;
    int statementCacheSize = 256;
    // Session::transaction() runs its work again when it meets SQLITE_BUSY (the busy timeout
    // passed while another connection held the write lock), at most busyRetries more times,
    // waiting busyBackoffMs, doubled after each try (with jitter), in between. A commit()
    // whose BEGIN IMMEDIATE meets SQLITE_BUSY is tried again the same way: nothing was
    // written yet.
    int busyRetries = 0;
    int busyBackoffMs = 10;
};

namespace detail {

// One prepared statement of a driver: what orm::Statement forwards to. A driver keeps these in
// its connection's cache; release() gives one back.
class StatementBackend
{
public:
    virtual ~StatementBackend() = default;

    virtual QString sql() const = 0;
    virtual int parameterCount() const = 0;
    virtual void bindNull(int index) = 0;
    virtual void bindInt64(int index, qint64 value) = 0;
    virtual void bindDouble(int index, double value) = 0;
    virtual void bindText(int index, const QString &value) = 0;
    virtual void bindUtf8(int index, const char *data, qsizetype size) = 0;
    virtual void bindBlob(int index, const QByteArray &value) = 0;
    virtual void bindValue(int index, const QVariant &value) = 0;
    virtual bool bindNamed(const QString &name, const QVariant &value) = 0;

    virtual bool next() = 0;
    virtual void setFetch(Fetch) { }
    virtual bool hasError() const = 0;
    virtual void reset() = 0;
    // Reset, unbound and given back to the connection: the Statement is done with it.
    virtual void release() = 0;
    // Rows the statement's INSERT, UPDATE or DELETE touched.
    virtual qint64 changes() const = 0;

    virtual int columnCount() const = 0;
    virtual QString columnName(int column) const = 0;
    virtual StorageClass storageClass(int column) const = 0;
    virtual qint64 int64(int column) const = 0;
    virtual double toDouble(int column) const = 0;
    virtual QString text(int column) const = 0;
    virtual const char *utf8(int column, qsizetype *length) const = 0;
    virtual QByteArray blob(int column) const = 0;
    virtual QVariant value(int column) const = 0;
    virtual ColumnValue column(int column) const = 0;
};

// Text to a QString, fast for ASCII; *valid (when asked) says whether the bytes were UTF-8.
QString decodeText(const char *p, qsizetype n, bool *valid = nullptr);

// The short texts of one row decoded into one block that their strings share: each QString
// refers to its part of the block, a NUL after it as Qt keeps one, and the block goes with the
// last of them. Two short text columns then cost one allocation and one block header, not two
// (a user's name and e-mail: 96 bytes instead of 128). Qt's strings allow it: a block held by
// more than one string is never written through (a change detaches), and a string's characters
// may start past its block's start (QArrayDataPointer::freeSpaceAtBegin()). Kept copies of one
// string keep the whole block, which is why only short texts go there. ASCII only (its length
// in UTF-16 is its length in bytes); other text, or text that does not fit, is decoded alone.
class RowText
{
public:
    // Texts of fewer bytes than this go to the block.
    static constexpr qsizetype kShort = 256;
    // The room a text of n bytes takes in the block (0: decoded alone).
    static qsizetype unitsFor(qsizetype n) { return n > 0 && n < kShort ? n + 1 : 0; }
    // Room for units UTF-16 units (the sum of unitsFor() of the row's texts).
    explicit RowText(qsizetype units);
    QString decode(const char *p, qsizetype n, bool *valid);

private:
    QString m_block;
    char16_t *m_next = nullptr;
    qsizetype m_left = 0;
};

} // namespace detail

// A prepared statement borrowed from its connection's cache, whatever the driver. It is reset
// and given back when it goes out of scope. Column and bind indexes start at 0. Statements are
// written with `?` placeholders on every engine.
class Statement
{
public:
    Statement() = default;
    // For drivers: a statement of theirs, borrowed until this one goes.
    explicit Statement(detail::StatementBackend *backend)
        : m_backend(backend)
    { }
    Statement(Statement &&other) noexcept
        : m_backend(std::exchange(other.m_backend, nullptr))
    { }
    Statement &operator=(Statement &&other) noexcept
    {
        if (this != &other) {
            release();
            m_backend = std::exchange(other.m_backend, nullptr);
        }
        return *this;
    }
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement() { release(); }

    bool isValid() const { return m_backend != nullptr; }
    // The driver's statement, for what only that driver offers.
    detail::StatementBackend *backend() const { return m_backend; }
    QString sql() const { return m_backend ? m_backend->sql() : QString(); }

    void bindNull(int index) { m_backend->bindNull(index); }
    void bindInt64(int index, qint64 value) { m_backend->bindInt64(index, value); }
    void bindDouble(int index, double value) { m_backend->bindDouble(index, value); }
    void bindText(int index, const QString &value) { m_backend->bindText(index, value); }
    // Text already encoded as UTF-8 (copied: the caller's buffer may go away).
    void bindUtf8(int index, const char *data, qsizetype size)
    {
        m_backend->bindUtf8(index, data, size);
    }
    void bindBlob(int index, const QByteArray &value) { m_backend->bindBlob(index, value); }
    // A value already in storage form (qint64, double, QString, QByteArray, orm::TextBytes,
    // bool, null).
    void bindValue(int index, const QVariant &value) { m_backend->bindValue(index, value); }
    void bindValues(const QVariantList &values)
    {
        for (int i = 0; i < values.size(); ++i)
            m_backend->bindValue(i, values.at(i));
    }
    // ":name" / "@name" / "$name" placeholders; false when the statement has no such name.
    bool bindNamed(const QString &name, const QVariant &value)
    {
        return m_backend->bindNamed(name, value);
    }
    int parameterCount() const { return m_backend->parameterCount(); }

    // Steps once: true when a row is available. False at the end or on error (see hasError()).
    [[nodiscard]] bool next() { return m_backend && m_backend->next(); }
    // How the rows of the next run arrive from a server (see Fetch).
    void setFetch(Fetch fetch) { m_backend->setFetch(fetch); }
    // Runs to completion, for statements that return no rows.
    [[nodiscard]] bool exec()
    {
        while (next()) { }
        return m_backend && !m_backend->hasError();
    }
    bool hasError() const { return m_backend && m_backend->hasError(); }
    void reset()
    {
        if (m_backend)
            m_backend->reset();
    }
    // Rows the last INSERT, UPDATE or DELETE of this statement touched.
    qint64 changes() const { return m_backend ? m_backend->changes() : 0; }

    int columnCount() const { return m_backend->columnCount(); }
    QString columnName(int column) const { return m_backend->columnName(column); }
    bool isNull(int column) const { return m_backend->storageClass(column) == StorageClass::Null; }
    int storageClass(int column) const { return int(m_backend->storageClass(column)); }
    qint64 int64(int column) const { return m_backend->int64(column); }
    double toDouble(int column) const { return m_backend->toDouble(column); }
    QString text(int column) const { return m_backend->text(column); }
    const char *utf8(int column, qsizetype *length) const
    {
        return m_backend->utf8(column, length);
    }
    QByteArray blob(int column) const { return m_backend->blob(column); }
    // Exactly what the column holds: qint64, double, QString, QByteArray, null, and
    // orm::TextBytes for text that is not valid UTF-8.
    QVariant value(int column) const { return m_backend->value(column); }
    ColumnValue column(int column) const { return m_backend->column(column); }

private:
    void release()
    {
        if (m_backend)
            std::exchange(m_backend, nullptr)->release();
    }

    detail::StatementBackend *m_backend = nullptr;
};

// A connection to one database, whatever the engine: what the session, queries, reflection and
// migrations need of it. Each driver brings its own (drivers/sqlite, drivers/postgresql):
// statements, transactions, errors translated into orm::Error, its dialect, key generation, and
// what it can tell of other connections' writes. Echo and statement listeners are common.
// Not thread-safe: one connection per thread (interrupt() is the one call another thread may
// make).
class Connection
{
public:
    virtual ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // Opens the database the URL names with the driver for its scheme (sqlite, postgresql),
    // and checks it (a file that is not a database fails here, not later).
    static std::unique_ptr<Connection> open(const DatabaseUrl &url,
                                            const ConnectionOptions &options, Error *error);

    const DatabaseUrl &url() const { return m_url; }
    const ConnectionOptions &options() const { return m_options; }
    // How statements are written for this engine.
    virtual const Dialect &dialect() const = 0;
    virtual bool isReadOnly() const = 0;

    // Borrows a cached prepared statement (or prepares one). Invalid on error.
    Statement prepare(const QString &sql) { return prepareText(QStringView(sql), &sql); }
    // The same for text still being built (compiled queries): no string is made when the
    // statement is in the cache.
    Statement prepare(QStringView sql) { return prepareText(sql, nullptr); }
    // Prepares `sql`, whose parameters are arrays (unnest(?, ?)), for `rows` rows of row's
    // parameters: it is bound with `rows` repetitions of row's parameters, row after row, and
    // sends each of row's parameters as one array of `rows` values, typed as the array of the
    // type the engine gave row's (an unnest() has no column to infer them from). Invalid where
    // the engine has no arrays (Dialect::maxArrayRows() is 0).
    virtual Statement prepareArrays(const QString &sql, const Statement &row, int rows)
    {
        Q_UNUSED(sql);
        Q_UNUSED(row);
        Q_UNUSED(rows);
        return Statement();
    }
    // Where the engine loads rows faster than a multi-row INSERT can (a server's COPY): a
    // statement that takes `rows` rows of values for the quoted columns of the quoted table as
    // its parameters, row after row, and writes them when run (exec(); changes() tells the
    // rows). Invalid where the engine has none: the caller writes INSERTs.
    virtual Statement prepareCopy(const QString &quotedTable, const QStringList &quotedColumns,
                                  int rows)
    {
        Q_UNUSED(quotedTable);
        Q_UNUSED(quotedColumns);
        Q_UNUSED(rows);
        return Statement();
    }
    // Why the statement cannot be prepared (it is only compiled, never run, nor cached); empty
    // when it can.
    virtual QString prepareError(const QString &sql) = 0;
    // Prepares, binds and runs to completion.
    [[nodiscard]] bool exec(const QString &sql, const QVariantList &params = {});
    // Prepares, binds, and returns every row (storage form); nullopt on error.
    std::optional<QList<QVariantList>> select(const QString &sql, const QVariantList &params = {});
    // Runs a statement that returns no rows once per row of parameters, bind(row) binding that
    // row's first; (*changes)[row] receives the rows each run touched. A server receives the
    // runs pipelined: a round trip per few hundred rows instead of one per row. Stops at the
    // first failure: false, with lastError() and *failedRow its index (the rows before it ran;
    // on a server the transaction is then aborted and must be rolled back).
    virtual bool execEach(Statement &statement, qsizetype rows,
                          const std::function<void(qsizetype)> &bind, std::vector<qint64> *changes,
                          qsizetype *failedRow = nullptr);

    // Immediate: the write lock is taken at BEGIN where the engine has one (SQLite).
    enum class TransactionMode { Deferred, Immediate };
    [[nodiscard]] virtual bool begin(TransactionMode mode = TransactionMode::Immediate) = 0;
    [[nodiscard]] virtual bool commit() = 0;
    // Keeps lastError() as it was: the error that caused the rollback stays the one reported.
    virtual bool rollback() = 0;
    [[nodiscard]] virtual bool savepoint(const QString &name) = 0;
    [[nodiscard]] virtual bool releaseSavepoint(const QString &name) = 0;
    virtual bool rollbackToSavepoint(const QString &name) = 0;
    virtual bool inTransaction() const = 0;

    // Whether a check asked on a timer may wait for another connection's lock.
    enum class LockWait { BusyTimeout, NoWait };
    // A number that changes when another connection commits (on a server, it may change with
    // this connection's own commits too, which costs a check, never a missed change). nullopt
    // on error (NoWait: also while another connection holds a lock that keeps readers out).
    virtual std::optional<qint64> dataVersion(LockWait wait = LockWait::BusyTimeout) = 0;
    // The same number as of the read now open or the last one, without a round trip when the
    // engine can tell it so (SQLite); else the last dataVersion().
    virtual qint64 seenDataVersion() const = 0;
    // Changes when any connection changes the schema; nullopt when it cannot be told.
    virtual std::optional<qint64> schemaVersion(LockWait wait = LockWait::BusyTimeout) = 0;
    // Whether a statement of this connection has started and not been reset (a read still open).
    virtual bool hasActiveStatement() const = 0;

    // The key the last INSERT got from the database, where the engine tells it that way
    // (SQLite's rowid); 0 where keys come back with RETURNING (Dialect::returnsInsertedKey()).
    virtual qint64 lastInsertRowId() const = 0;
    // Rows the last INSERT, UPDATE or DELETE touched.
    virtual qint64 changes() const = 0;
    // Takes count keys for new rows of a table whose key the database assigns, in the order the
    // rows will be inserted with them: as SQLite would give them one by one (under the write
    // lock the caller holds), or from the column's sequence on a server. False when they cannot
    // be told: the caller then inserts row by row and reads each key back. schema: the table's
    // (empty: the default one).
    virtual bool reserveKeys(const QString &schema, const QString &table, const QString &column,
                             int count, std::vector<qint64> *keys) = 0;

    // How long a statement waits for another connection's lock before it fails with
    // Error::Kind::Busy; 0 fails at once.
    virtual void setBusyTimeout(int ms) = 0;
    virtual int busyTimeout() const = 0;
    // Whether the database can be read now without waiting for another connection's lock.
    // Never waits, and is not reported to listeners.
    virtual bool canReadNow() = 0;
    // Stops the statement running now (on the thread that uses the connection): it fails with
    // Error::Kind::Cancelled or "interrupted". Callable from any thread while the connection
    // lives.
    virtual void interrupt() = 0;
    // interrupt() as a call that owns what it needs, for another thread to make when the
    // request may itself wait on the network (a server's cancel): it may run after the
    // connection is gone. Null where interrupt() never waits.
    virtual std::function<void()> detachedInterrupt() { return nullptr; }
    // While a statement waits for a server's answer, the hook waits instead of the thread
    // blocking in the driver (a window goes on painting): it returns true once `socket` has
    // something to read, or false to give up on the server, which closes the connection (the
    // statement fails with Error::Kind::Connection). While the hook waits, the connection
    // refuses other statements (Error::Kind::Busy). Only engines that talk to a server call it.
    using WaitHook = std::function<bool(qintptr socket)>;
    void setWaitHook(WaitHook hook) { m_waitHook = std::move(hook); }
    // The longest LIKE pattern this connection takes, in bytes.
    virtual int likePatternLimit() const = 0;
    virtual int cachedStatementCount() const = 0;

    // The database's tables and views as the driver reads them (columns, keys, constraints,
    // indexes, triggers): an SQLite file's (schema: empty or "main"), or one schema of a server
    // database (empty: "public"). nullopt on error (*error says why).
    virtual std::optional<MetaData> reflect(const QString &schema = QString(),
                                            Error *error = nullptr) = 0;
    // The schemas a person may browse: "main" for an SQLite file.
    virtual std::optional<QStringList> schemas(Error *error = nullptr) = 0;

    const Error &lastError() const { return m_lastError; }
    void clearError() { m_lastError = Error(); }

    void setEcho(bool echo) { m_echo = echo; }
    bool echo() const { return m_echo; }
    // Returns an id for removeListener().
    int addListener(StatementListener listener);
    void removeListener(int id);
    bool isTracing() const { return m_echo || !m_listeners.empty(); }

protected:
    Connection(const DatabaseUrl &url, const ConnectionOptions &options);
    virtual Statement prepareText(QStringView sql, const QString *owned) = 0;
    void setError(const Error &error) { m_lastError = error; }
    // Echo and listeners: every statement a driver runs for its callers is reported here.
    void report(const StatementRecord &record);

    DatabaseUrl m_url;
    ConnectionOptions m_options;
    Error m_lastError;
    WaitHook m_waitHook;

private:
    bool m_echo = false;
    std::vector<std::pair<int, StatementListener>> m_listeners;
    int m_nextListenerId = 1;
};

} // namespace orm
