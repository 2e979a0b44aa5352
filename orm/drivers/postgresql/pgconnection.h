// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/engine/error.h"
#include "orm/engine/url.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>

#include <memory>
#include <mutex>
#include <optional>
#include <vector>

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace orm::postgresql {

class Connection;

namespace detail {
struct CachedStatement;
}

// A PostgreSQL statement borrowed from its connection: prepared on the server once per
// connection and text (see Connection::prepare()), bound, run. Rows are read one at a time
// (libpq's single-row mode), so a large result never sits in memory whole. Column and bind
// indexes start at 0. Reset and given back when it goes out of scope.
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
    QString sql() const;
    int parameterCount() const;

    // Storage forms as the SQLite driver takes them (qint64, double, QString, QByteArray,
    // bool, null; a QByteArray is sent as bytes, for BYTEA), and any value with a text form.
    void bindNull(int index);
    void bindValue(int index, const QVariant &value);
    void bindValues(const QVariantList &values);

    // Runs the statement on the first call, then steps: true when a row is available; false
    // at the end or on error (hasError(), the connection's lastError()).
    [[nodiscard]] bool next();
    // Runs to completion, for statements that return no rows.
    [[nodiscard]] bool exec();
    bool hasError() const { return m_failed; }
    // Stops reading (cancelling what the server still sends) and unbinds.
    void reset();
    // Rows the last INSERT, UPDATE or DELETE touched.
    qint64 changes() const { return m_changes; }

    int columnCount() const;
    QString columnName(int column) const;
    // The column's type as the server names it by OID (pg_type.oid).
    unsigned columnType(int column) const;
    bool isNull(int column) const;
    qint64 int64(int column) const;
    double toDouble(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    // The value in the form the SQLite driver gives: integers as qint64, float4/8 as double,
    // BOOLEAN as bool, BYTEA as QByteArray, NUMERIC and every other type as its text
    // (TIMESTAMP as "YYYY-MM-DD HH:MM:SS.ffffff", exact), NULL as a null QVariant.
    QVariant value(int column) const;

private:
    friend class Connection;
    Statement(Connection *connection, detail::CachedStatement *entry);
    bool start();
    bool takeResult();
    void finish(bool ok);
    void drain();
    void release();
    pg_result *row() const { return m_row; }

    Connection *m_connection = nullptr;
    detail::CachedStatement *m_entry = nullptr;
    std::vector<QByteArray> m_values;
    std::vector<bool> m_isNull;
    std::vector<int> m_formats;
    pg_result *m_row = nullptr; // the current row (single-row mode), or a buffered one
    std::vector<pg_result *> m_buffered; // rows read ahead when another statement ran
    size_t m_nextBuffered = 0;
    qint64 m_changes = 0;
    bool m_started = false; // sent to the server
    bool m_active = false; // the server may still send rows of it
    bool m_failed = false;
    bool m_inTransactionBlock = false; // BEGIN was open when it was sent
    QElapsedTimer m_timer;
};

// One connection to a PostgreSQL server through libpq, with what the SQLite connection offers:
// a cache of prepared statements, transactions and savepoints, echo and listeners, and errors
// translated into orm::Error by SQLSTATE. Statements are written with SQLite's `?`
// placeholders (turned into $1, $2, … once per text) or with $n.
//
// The session runs in UTC with ISO dates, so TIMESTAMP WITH TIME ZONE reads as UTC text, with
// microseconds. When the server drops the connection, the statement that met it fails with
// Error::Kind::Connection and the next call connects again (its prepared statements and any
// open transaction are gone: that transaction's work must be done again).
//
// Not thread-safe: one connection per thread; cancel() is the one call another thread may make.
class Connection
{
public:
    ~Connection();
    Connection(const Connection &) = delete;
    Connection &operator=(const Connection &) = delete;

    // Connects (host, port, database, user, password, sslmode and sslrootcert from the URL).
    static std::unique_ptr<Connection> open(const DatabaseUrl &url,
                                            const ConnectionOptions &options, Error *error);

    const DatabaseUrl &url() const { return m_url; }
    bool isConnected() const;
    // The server's version as libpq gives it (150004 for 15.4).
    int serverVersion() const;

    // Borrows a cached prepared statement, preparing it on the server on first use. Invalid on
    // error (a statement the server refuses).
    Statement prepare(const QString &sql);
    // Prepares, binds and runs to completion.
    [[nodiscard]] bool exec(const QString &sql, const QVariantList &params = {});
    // Prepares, binds, and returns every row; nullopt on error.
    std::optional<QList<QVariantList>> select(const QString &sql, const QVariantList &params = {});
    // One statement for many rows of parameters, sent in pipeline mode: one round trip for a
    // batch instead of one per row. Returns each run's first row (what RETURNING gave, or an
    // empty list), in order; nullopt on the first error (then nothing later ran).
    std::optional<QList<QVariantList>> execBatch(const QString &sql,
                                                 const QList<QVariantList> &rows);

    [[nodiscard]] bool begin();
    [[nodiscard]] bool commit();
    bool rollback();
    [[nodiscard]] bool savepoint(const QString &name);
    [[nodiscard]] bool releaseSavepoint(const QString &name);
    bool rollbackToSavepoint(const QString &name);
    bool inTransaction() const;

    // Stops the statement running now, from any thread: it fails with Error::Kind::Cancelled.
    void cancel();

    const Error &lastError() const { return m_lastError; }
    void clearError() { m_lastError = Error(); }

    void setEcho(bool echo) { m_echo = echo; }
    bool echo() const { return m_echo; }
    int addListener(StatementListener listener);
    void removeListener(int id);
    bool isTracing() const { return m_echo || !m_listeners.empty(); }

    int cachedStatementCount() const { return int(m_cache.size()); }

    // `?` placeholders outside literals, quoted names, comments and dollar-quoted text become
    // $1, $2, …; text with $n placeholders is left as it is. *count receives the number of
    // parameters.
    static QByteArray numberPlaceholders(const QString &sql, int *count);

private:
    friend class Statement;
    Connection() = default;
    bool connect(Error *error);
    bool ensureConnected();
    void setErrorFromResult(pg_result *result, const QString &sql);
    void setConnectionError(const QString &sql);
    void report(const StatementRecord &record);
    void returnToCache(detail::CachedStatement *entry);
    // Another statement still reading rows keeps them (buffered) before a new one is sent.
    void suspendActive();
    bool runSimple(const QString &sql);
    // Prepares the entry's text on the server under a new name (and describes it).
    bool prepareOnServer(detail::CachedStatement &entry);

    pg_conn *m_conn = nullptr;
    DatabaseUrl m_url;
    ConnectionOptions m_options;
    Error m_lastError;
    std::vector<std::unique_ptr<detail::CachedStatement>> m_cache; // least recently used first
    quint64 m_nextStatementId = 0;
    quint64 m_clock = 0; // for the cache's least recently used
    QList<QByteArray> m_toDeallocate;
    Statement *m_active = nullptr; // the statement whose rows are being read
    std::mutex m_cancelMutex;
    pg_cancel *m_cancel = nullptr;
    bool m_echo = false;
    std::vector<std::pair<int, StatementListener>> m_listeners;
    int m_nextListenerId = 1;
};

} // namespace orm::postgresql
