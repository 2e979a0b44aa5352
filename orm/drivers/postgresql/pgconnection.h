// SPDX-License-Identifier: MIT
#pragma once

#include "orm/drivers/postgresql/pgdialect.h"
#include "orm/engine/commitlog.h"
#include "orm/engine/connection.h"
#include "orm/engine/error.h"
#include "orm/engine/url.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QVariant>

#include <array>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

struct pg_conn;
struct pg_result;
struct pg_cancel;

namespace orm::postgresql {

class Connection;

namespace detail {
struct CachedStatement;
}

// A PostgreSQL statement, borrowed through orm::Statement: prepared on the server once per
// connection and text (see Connection::prepare()), bound, run. A result arrives whole, or one
// row at a time (libpq's single-row mode) for Fetch::RowByRow. Values come in the
// forms the SQLite driver gives: integers and BOOLEAN as integers, float4/8 as floats, BYTEA as
// a blob, NUMERIC and every other type as its text (TIMESTAMP as "YYYY-MM-DD HH:MM:SS.ffffff",
// exact).
class Statement final : public orm::detail::StatementBackend
{
public:
    QString sql() const override;
    int parameterCount() const override;
    // Storage forms as the SQLite driver takes them (qint64, double, QString, QByteArray,
    // bool, null; a QByteArray is sent as bytes, for BYTEA), and any value with a text form.
    void bindNull(int index) override;
    void bindInt64(int index, qint64 value) override { bindValue(index, value); }
    void bindDouble(int index, double value) override { bindValue(index, value); }
    void bindText(int index, const QString &value) override;
    void bindUtf8(int index, const char *data, qsizetype size) override;
    void bindBlob(int index, const QByteArray &value) override;
    void bindValue(int index, const QVariant &value) override;
    // Named parameters are SQLite's: a server statement has none.
    bool bindNamed(const QString &name, const QVariant &value) override;

    // Runs the statement on the first call, then steps.
    bool next() override;
    // The whole result by default; RowByRow reads in libpq's single-row mode.
    void setFetch(Fetch fetch) override { m_fetch = fetch; }
    bool hasError() const override { return m_failed; }
    // Stops reading (cancelling what the server still sends) and unbinds.
    void reset() override;
    void release() override;
    qint64 changes() const override { return m_changes; }

    int columnCount() const override;
    QString columnName(int column) const override;
    // The column's type as the server names it by OID (pg_type.oid).
    unsigned columnType(int column) const;
    StorageClass storageClass(int column) const override;
    bool isNull(int column) const;
    qint64 int64(int column) const override;
    double toDouble(int column) const override;
    QString text(int column) const override;
    const char *utf8(int column, qsizetype *length) const override;
    QByteArray blob(int column) const override;
    QVariant value(int column) const override;
    ColumnValue column(int column) const override;

private:
    friend class Connection;
    Statement(Connection *connection, detail::CachedStatement *entry);
    ~Statement() override;
    bool start();
    bool takeResult();
    void finish(bool ok);
    void drain();
    void setText(int index, QByteArray text);
    pg_result *row() const { return m_row; }

    Connection *m_connection = nullptr;
    detail::CachedStatement *m_entry = nullptr;
    std::vector<QByteArray> m_values;
    std::vector<bool> m_isNull;
    std::vector<int> m_formats;
    // The current row's result: row m_rowIndex of a whole result, or a single row (single-row
    // mode, or one buffered).
    pg_result *m_row = nullptr;
    int m_rowIndex = 0;
    Fetch m_fetch = Fetch::WholeResult;
    std::vector<pg_result *> m_buffered; // rows read ahead when another statement ran
    size_t m_nextBuffered = 0;
    // BYTEA values of the current row, unescaped when asked for.
    mutable std::vector<QByteArray> m_bytes;
    // TIMESTAMP values of the current row in the stored form, by column (storedTimestamp()).
    static constexpr int StoredTimestampLength = 26;
    mutable std::vector<std::array<char, StoredTimestampLength>> m_stamps;
    const char *storedTimestamp(int column, const char *text, int length) const;
    qint64 m_changes = 0;
    bool m_started = false; // sent to the server
    bool m_active = false; // the server may still send rows of it
    bool m_failed = false;
    bool sendCopy(); // the values as COPY's rows
    std::vector<QByteArray> arrayLiterals() const; // the values as arrays (prepareArrays())
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
class Connection final : public orm::Connection
{
public:
    ~Connection() override;

    // Connects (host, port, database, user, password, sslmode and sslrootcert from the URL).
    static std::unique_ptr<Connection> open(const DatabaseUrl &url,
                                            const ConnectionOptions &options, Error *error);

    bool isConnected() const;
    // The server's version as libpq gives it (150004 for 15.4).
    int serverVersion() const;

    const Dialect &dialect() const override { return m_dialect; }
    bool isReadOnly() const override { return m_options.readOnly; }
    QString prepareError(const QString &sql) override;
    // Each parameter an array literal of its rows' values, typed as the array of the type the
    // server gave row's parameter.
    orm::Statement prepareArrays(const QString &sql, const orm::Statement &row, int rows) override;
    // COPY ... FROM STDIN in its text format: no parameters on the wire, no statement to
    // prepare; the values are sent as one block of rows.
    orm::Statement prepareCopy(const QString &quotedTable, const QStringList &quotedColumns,
                               int rows) override;
    // One statement for many rows of parameters, sent in pipeline mode: one round trip for a
    // batch instead of one per row. Returns each run's first row (what RETURNING gave, or an
    // empty list), in order; nullopt on the first error (then nothing later ran).
    std::optional<QList<QVariantList>> execBatch(const QString &sql,
                                                 const QList<QVariantList> &rows);
    // Pipelined: see execBatch().
    bool execEach(orm::Statement &statement, qsizetype rows,
                  const std::function<void(qsizetype)> &bind, std::vector<qint64> *changes,
                  qsizetype *failedRow = nullptr) override;

    // READ COMMITTED, as the server's default; the mode only matters on SQLite.
    [[nodiscard]] bool begin(TransactionMode mode = TransactionMode::Immediate) override;
    [[nodiscard]] bool commit() override;
    bool rollback() override;
    [[nodiscard]] bool savepoint(const QString &name) override;
    [[nodiscard]] bool releaseSavepoint(const QString &name) override;
    bool rollbackToSavepoint(const QString &name) override;
    bool inTransaction() const override;

    // A count of the transactions seen to end in the server's snapshot since this connection
    // first asked, less those recorded in a CommitLog it passes over: a server has no
    // per-connection count as SQLite's data_version is. Without a log, this connection's own
    // commits move it too. A transaction that writes and is still running does not.
    std::optional<qint64> dataVersion(LockWait wait = LockWait::BusyTimeout) override;
    // See orm::recordCommits(): the ids of the transactions this connection ends from now on,
    // read before COMMIT or ROLLBACK in a query more. Not told: a transaction that failed
    // (it answers no query) and the subtransactions of a savepoint that wrote; their ends move
    // the versions of those that pass over the log (a reload more, never a change missed).
    std::shared_ptr<const CommitLog> recordCommits();
    void passOverCommits(std::shared_ptr<const CommitLog> log);
    qint64 seenDataVersion() const override { return m_dataVersion; }
    // Not told by the server: nullopt.
    std::optional<qint64> schemaVersion(LockWait = LockWait::BusyTimeout) override
    {
        return std::nullopt;
    }
    bool hasActiveStatement() const override { return m_active != nullptr; }

    // Keys come back with RETURNING (PostgresDialect::returnsInsertedKey()).
    qint64 lastInsertRowId() const override { return 0; }
    qint64 changes() const override { return m_changes; }
    // nextval() of the column's sequence (SERIAL or IDENTITY), count times, in one round trip.
    bool reserveKeys(const QString &schema, const QString &table, const QString &column, int count,
                     std::vector<qint64> *keys) override;

    // The server's lock_timeout: how long a statement waits for another transaction's row or
    // table lock (0: it fails at once).
    void setBusyTimeout(int ms) override;
    int busyTimeout() const override { return m_busyTimeoutMs; }
    // Readers never wait for writers on a server.
    bool canReadNow() override { return true; }
    // PQcancel: the statement fails with Error::Kind::Cancelled.
    void interrupt() override { cancel(); }
    // PQcancel() with a cancel object of its own (PQgetCancel()).
    std::function<void()> detachedInterrupt() override;
    int likePatternLimit() const override { return std::numeric_limits<int>::max(); }
    int cachedStatementCount() const override { return int(m_cache.size()); }
    // postgresql::reflect() of one schema ("public" when empty) and postgresql::schemas().
    std::optional<MetaData> reflect(const QString &schema = QString(),
                                    Error *error = nullptr) override;
    std::optional<QStringList> schemas(Error *error = nullptr) override;

    // Stops the statement running now, from any thread: it fails with Error::Kind::Cancelled.
    void cancel();
    // Where the server placed the last error in the statement's text (PG_DIAG_STATEMENT_POSITION,
    // from 0, in characters of the text as sent); -1 when it did not.
    int lastErrorPosition() const { return m_lastErrorPosition; }

    // `?` placeholders outside literals, quoted names, comments and dollar-quoted text become
    // $1, $2, …; so do named ones, :name and @name (as SQLite takes them; not a :: cast, nor
    // a slice's bound), the same name the same number, its name in (*names)[number - 1] when
    // names is given. Text with $n placeholders is left as it is. *count receives the number of
    // parameters.
    static QByteArray numberPlaceholders(const QString &sql, int *count,
                                         QStringList *names = nullptr);

protected:
    orm::Statement prepareText(QStringView sql, const QString *owned) override;

private:
    friend class Statement;
    Connection(const DatabaseUrl &url, const ConnectionOptions &options);
    bool connect(Error *error);
    bool ensureConnected();
    void setErrorFromResult(pg_result *result, const QString &sql);
    void setConnectionError(const QString &sql);
    void returnToCache(detail::CachedStatement *entry);
    // Another statement still reading rows keeps them (buffered) before a new one is sent.
    void suspendActive();
    // PQgetResult(), after the wait hook (if any) waited for the server's answer.
    pg_result *nextResult();
    // What PQexec() returns (the last result, or the first error) of what was just sent
    // (sent: what the PQsend… call returned), each result waited for as nextResult() does.
    pg_result *resultOf(int sent);
    // True, with Error::Kind::Busy, while the wait hook waits for another statement's answer.
    bool refusedWhileWaiting();
    // The wait hook gave up: the connection is shut, so that libpq fails what waits.
    void abandon();
    bool runSimple(const QString &sql);
    // Adds the ids of the open transaction and its subtransactions to m_commits.
    void recordTransaction();
    // Whether a transaction none of m_passedOver holds ended between the snapshot seen last
    // and snapshot ("xmin:xmax:xip,..."), which becomes the one seen last.
    bool endedElsewhere(QByteArrayView snapshot);
    // Runs st once per row in pipeline mode: bind(i) binds row i's parameters, onResult(i, r)
    // sees its result. Returns the first row that failed (lastError() says why), or -1.
    qsizetype pipeline(Statement &st, qsizetype rows, const std::function<void(qsizetype)> &bind,
                       const std::function<void(qsizetype, pg_result *)> &onResult);
    void reportPipeline(const QString &sql, qsizetype rows, qint64 durationNs, bool ok);
    // Prepares the entry's text on the server under a new name (and describes it).
    // parameterTypes: libpq Oids, empty to let the server infer them. arrayRows: see
    // CachedStatement::arrayRows.
    orm::Statement prepareCached(const QString &sql, std::vector<unsigned> parameterTypes,
                                 int arrayRows = 0);
    void makeRoomInCache();
    bool prepareOnServer(detail::CachedStatement &entry);
    unsigned arrayTypeOf(unsigned element);

    PostgresDialect m_dialect;
    pg_conn *m_conn = nullptr;
    std::vector<std::unique_ptr<detail::CachedStatement>> m_cache; // least recently used first
    quint64 m_nextStatementId = 0;
    quint64 m_clock = 0; // for the cache's least recently used
    QList<QByteArray> m_toDeallocate;
    std::unordered_map<unsigned, unsigned> m_arrayTypes; // pg_type.typarray, asked for
    Statement *m_active = nullptr; // the statement whose rows are being read
    bool m_waiting = false; // in the wait hook
    bool m_abandoned = false; // the wait hook gave up on this connection
    bool m_ended = false; // the server said it ends the connection (FATAL while idle)
    std::mutex m_cancelMutex;
    pg_cancel *m_cancel = nullptr;
    qint64 m_changes = 0;
    int m_lastErrorPosition = -1;
    qint64 m_dataVersion = -1;
    std::shared_ptr<CommitLog> m_commits; // null until recordCommits()
    std::vector<std::shared_ptr<const CommitLog>> m_passedOver;
    bool m_seenSnapshot = false;
    quint64 m_seenXmax = 0; // the snapshot seen last: no id from here on had ended
    std::vector<quint64> m_seenRunning; // and those below it still running (sorted)
    int m_busyTimeoutMs = 0;
};

} // namespace orm::postgresql
