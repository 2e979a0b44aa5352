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
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;
struct sqlite3_value;

namespace orm {

class Connection;

// SQLite's storage classes, as sqlite3_column_type() gives them.
enum class StorageClass : int { Integer = 1, Float = 2, Text = 3, Blob = 4, Null = 5 };

// One column of a statement's current row, found once: its storage class and its value,
// without a look-up (and SQLite's lock) per question. Valid until the statement steps or is
// reset; used on the statement's own thread only, as the connection is.
class ColumnValue
{
public:
    StorageClass storageClass() const;
    qint64 int64() const;
    double toDouble() const;
    // UTF-8 as stored (any other class converted to text by SQLite); null for NULL.
    const char *utf8(qsizetype *length) const;
    // *validUtf8: whether the stored bytes were UTF-8 (else decoded with U+FFFD).
    QString text(bool *validUtf8) const;

private:
    friend class Statement;
    explicit ColumnValue(sqlite3_value *value)
        : m_value(value)
    { }
    sqlite3_value *m_value;
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
struct CachedStatement;
}

// A prepared statement borrowed from the connection's cache. It is reset and returned to the
// cache when it goes out of scope. Column and bind indexes start at 0.
class Statement
{
public:
    Statement() = default;
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement();

    bool isValid() const { return m_entry != nullptr; }
    sqlite3_stmt *handle() const;
    QString sql() const;

    void bindNull(int index);
    void bindInt64(int index, qint64 value);
    void bindDouble(int index, double value);
    void bindText(int index, const QString &value);
    // Text already encoded as UTF-8 (copied: the caller's buffer may go away).
    void bindUtf8(int index, const char *data, qsizetype size);
    void bindBlob(int index, const QByteArray &value);
    // A value already in storage form (qint64, double, QString, QByteArray, orm::TextBytes,
    // bool, null).
    void bindValue(int index, const QVariant &value);
    void bindValues(const QVariantList &values);
    // ":name" / "@name" / "$name" placeholders; false when the statement has no such name.
    bool bindNamed(const QString &name, const QVariant &value);
    int parameterCount() const;

    // Steps once: true when a row is available. False at the end or on error (see hasError()).
    [[nodiscard]] bool next();
    // Runs to completion, for statements that return no rows.
    [[nodiscard]] bool exec();
    bool hasError() const { return m_failed; }
    void reset();

    int columnCount() const;
    QString columnName(int column) const;
    bool isNull(int column) const;
    int storageClass(int column) const; // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT, ...
    qint64 int64(int column) const;
    double toDouble(int column) const;
    QString text(int column) const;
    const char *utf8(int column, qsizetype *length) const;
    QByteArray blob(int column) const;
    // Exactly what the column holds: qint64, double, QString, QByteArray, null, and
    // orm::TextBytes for text that is not valid UTF-8.
    QVariant value(int column) const;
    ColumnValue column(int column) const;

private:
    friend class Connection;
    Statement(Connection *connection, detail::CachedStatement *entry);
    void finish(bool ok, int rc);
    void release();

    Connection *m_connection = nullptr;
    detail::CachedStatement *m_entry = nullptr;
    bool m_started = false;
    bool m_failed = false;
    QElapsedTimer m_timer;
};

// One SQLite connection: open flags, pragmas, a statement cache, transactions and savepoints,
// echo and statement listeners, and errors translated into orm::Error.
// Not thread-safe: use one connection per thread (interrupt() is the one call another thread
// may make).
class Connection
{
public:
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // Opens and checks the file (a file that is not a database fails here, not later).
    static std::unique_ptr<Connection> open(const DatabaseUrl &url,
                                            const ConnectionOptions &options, Error *error);

    sqlite3 *handle() const { return m_db; }
    const DatabaseUrl &url() const { return m_url; }
    const ConnectionOptions &options() const { return m_options; }
    bool isReadOnly() const;

    // Borrows a cached prepared statement (or prepares one). Invalid on error.
    Statement prepare(const QString &sql);
    // The same for text still being built (compiled queries): no string is made when the
    // statement is in the cache.
    Statement prepare(QStringView sql);
    // Why the statement cannot be prepared (it is only compiled, never run, nor cached); empty
    // when it can. Compiling a write compiles the triggers it fires, too.
    QString prepareError(const QString &sql);
    // Prepares, binds and runs to completion.
    [[nodiscard]] bool exec(const QString &sql, const QVariantList &params = {});
    // Prepares, binds, and returns every row (storage form); nullopt on error.
    std::optional<QList<QVariantList>> select(const QString &sql, const QVariantList &params = {});

    enum class TransactionMode { Deferred, Immediate };
    [[nodiscard]] bool begin(TransactionMode mode = TransactionMode::Immediate);
    [[nodiscard]] bool commit();
    bool rollback();
    [[nodiscard]] bool savepoint(const QString &name);
    [[nodiscard]] bool releaseSavepoint(const QString &name);
    bool rollbackToSavepoint(const QString &name);
    bool inTransaction() const;

    // Whether a pragma asked on a timer may wait for another connection's lock.
    enum class LockWait { BusyTimeout, NoWait };
    // SQLite's PRAGMA data_version: a number that changes when another connection commits to
    // the file (this connection's own commits leave it). Run without the statement cache, echo
    // or listeners: it is asked before reads and on timers. nullopt on error (NoWait: also
    // while another connection holds the lock).
    std::optional<qint64> dataVersion(LockWait wait = LockWait::BusyTimeout);
    // The same number without running a statement, as of the start of the read transaction
    // now open (exact while a statement steps or inside BEGIN) or else of the last one. A
    // read-side check costs a few instructions this way, where the pragma costs a statement.
    qint64 seenDataVersion() const;
    // PRAGMA schema_version: changes when any connection changes the schema.
    std::optional<qint64> schemaVersion(LockWait wait = LockWait::BusyTimeout);
    // Whether a statement of this connection has stepped and not been reset (a read still open).
    bool hasActiveStatement() const;

    qint64 lastInsertRowId() const;
    qint64 changes() const;

    // How long a statement waits for another connection's lock before it fails with
    // Error::Kind::Busy; 0 fails at once (a window's thread then waits in its event loop).
    void setBusyTimeout(int ms);
    int busyTimeout() const { return m_busyTimeoutMs; }
    // Whether the file can be read now: false while another connection holds a lock that keeps
    // readers out (a writer committing to a rollback-journal file, BEGIN EXCLUSIVE). Never
    // waits, and is not reported to listeners.
    bool canReadNow();
    // Stops the statement running now (on the thread that uses the connection) at its next
    // step: it fails with "interrupted". Callable from any thread while the connection lives.
    void interrupt();
    // The longest LIKE / GLOB pattern this connection takes, in bytes (SQLite refuses longer
    // ones: "LIKE or GLOB pattern too complex").
    int likePatternLimit() const;

    const Error &lastError() const { return m_lastError; }
    void clearError() { m_lastError = Error(); }
    Error errorFromCode(int rc, const QString &sql) const;

    void setEcho(bool echo) { m_echo = echo; }
    bool echo() const { return m_echo; }
    // Returns an id for removeListener().
    int addListener(StatementListener listener);
    void removeListener(int id);
    bool isTracing() const { return m_echo || !m_listeners.empty(); }

    int cachedStatementCount() const { return int(m_cache.size()); }

private:
    friend class Statement;
    Connection() = default;
    void returnToCache(detail::CachedStatement *entry);
    void report(const StatementRecord &record);
    void setError(const Error &error) { m_lastError = error; }

    std::optional<qint64> pragmaValue(sqlite3_stmt **cached, const char *sql, LockWait wait);

    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_dataVersion = nullptr;
    sqlite3_stmt *m_schemaVersion = nullptr;
    // Commits of this connection to "main": SQLite's pager counts them in its data version,
    // which PRAGMA data_version leaves out; seenDataVersion() takes them off the same way.
    quint32 m_ownCommits = 0;
    int m_busyTimeoutMs = 0;
    DatabaseUrl m_url;
    ConnectionOptions m_options;
    struct TextHash
    {
        // A non-zero seed: Qt hashes with the CPU's AES instructions only when seeded.
        size_t operator()(QStringView text) const noexcept { return qHash(text, 0x9e3779b9u); }
    };
    Statement prepare(QStringView sql, const QString *owned);

    // Keyed by views of each entry's own text, which never changes while it is cached.
    std::unordered_map<QStringView, detail::CachedStatement *, TextHash> m_cache;
    std::vector<std::unique_ptr<detail::CachedStatement>> m_owned;
    quint64 m_useCounter = 0;
    Error m_lastError;
    bool m_echo = false;
    std::vector<std::pair<int, StatementListener>> m_listeners;
    int m_nextListenerId = 1;
};

} // namespace orm
