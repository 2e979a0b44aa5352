// SPDX-License-Identifier: MIT
#include "orm/drivers/sqlite/sqliteconnection.h"

#include "orm/drivers/sqlite/reflection.h"

#include "orm/sql/types.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace orm::sqlite {

// One prepared statement of the connection's cache, and its state while a caller borrows it.
class Statement final : public orm::detail::StatementBackend
{
public:
    explicit Statement(Connection *connection)
        : m_connection(connection)
    { }

    QString sql() const override;
    int parameterCount() const override;
    void bindNull(int index) override;
    void bindInt64(int index, qint64 value) override;
    void bindDouble(int index, double value) override;
    void bindText(int index, const QString &value) override;
    void bindUtf8(int index, const char *data, qsizetype size) override;
    void bindBlob(int index, const QByteArray &value) override;
    void bindValue(int index, const QVariant &value) override;
    bool bindNamed(const QString &name, const QVariant &value) override;

    bool next() override;
    bool hasError() const override { return m_failed; }
    void reset() override;
    void release() override;
    qint64 changes() const override;

    int columnCount() const override;
    QString columnName(int column) const override;
    StorageClass storageClass(int column) const override;
    qint64 int64(int column) const override;
    double toDouble(int column) const override;
    QString text(int column) const override;
    const char *utf8(int column, qsizetype *length) const override;
    QByteArray blob(int column) const override;
    QVariant value(int column) const override;
    ColumnValue column(int column) const override;

    sqlite3_stmt *handle() const { return m_stmt; }

private:
    friend class Connection;
    template<class T>
    friend void traceBind(Statement *entry, bool tracing, int index, const T &value);

    void finish(bool ok, int rc);
    // The buffer of parameter index, resized to size bytes; null for an index out of range.
    char *textBuffer(int index, qsizetype size)
    {
        if (index < 0 || size_t(index) >= m_text.size())
            return nullptr;
        std::string &b = m_text[size_t(index)];
        b.resize(size_t(size));
        return b.data();
    }

    Connection *m_connection;
    QString m_sql;
    sqlite3_stmt *m_stmt = nullptr;
    bool m_inUse = false;
    bool m_cached = true; // false: a second copy made while the cached one was busy
    bool m_started = false;
    bool m_failed = false;
    quint64 m_lastUse = 0;
    QElapsedTimer m_timer;
    QVariantList m_traceParams;
    // UTF-8 copies of bound text, kept alive until the statement is reset (SQLITE_STATIC).
    std::vector<QByteArray> m_keepAlive;
    // One reusable UTF-8 buffer per parameter (sized once: the strings never move), so that
    // binding text allocates nothing once a statement has run.
    std::vector<std::string> m_text;
};

namespace {

QString fromUtf8(const char *s)
{
    return s ? QString::fromUtf8(s) : QString();
}

void caseFold(sqlite3_context *context, int, sqlite3_value **args)
{
    const auto *text = reinterpret_cast<const char *>(sqlite3_value_text(args[0]));
    if (!text) {
        sqlite3_result_null(context);
        return;
    }
    const QByteArray folded =
        QString::fromUtf8(text, sqlite3_value_bytes(args[0])).toCaseFolded().toUtf8();
    sqlite3_result_text(context, folded.constData(), int(folded.size()), SQLITE_TRANSIENT);
}

} // namespace

// ---- Statement ---------------------------------------------------------------------------

void Statement::release()
{
    if (m_started)
        finish(!m_failed, SQLITE_OK);
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
    m_keepAlive.clear();
    m_traceParams.clear();
    m_failed = false;
    m_connection->returnToCache(this);
}

QString Statement::sql() const
{
    return m_sql;
}

// Typed, so that no QVariant is made for a value when nobody traces.
template<class T>
inline void traceBind(Statement *entry, bool tracing, int index, const T &value)
{
    if (!tracing)
        return;
    if (entry->m_traceParams.size() <= index)
        entry->m_traceParams.resize(index + 1);
    entry->m_traceParams[index] = QVariant(value);
}

void Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index + 1);
    traceBind(this, m_connection->isTracing(), index, QVariant());
}

void Statement::bindInt64(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index + 1, value);
    traceBind(this, m_connection->isTracing(), index, value);
}

void Statement::bindDouble(int index, double value)
{
    sqlite3_bind_double(m_stmt, index + 1, value);
    traceBind(this, m_connection->isTracing(), index, value);
}

void Statement::bindText(int index, const QString &value)
{
    if (value.isNull()) {
        bindNull(index);
        return;
    }
    // ASCII (most keys, names, e-mails, dates) is narrowed into the parameter's own buffer.
    const qsizetype n = value.size();
    if (char *out = textBuffer(index, n)) {
        // constData(), not utf16(): utf16() copies strings that are not null-terminated in
        // place (QStringLiteral data).
        const auto *in = reinterpret_cast<const char16_t *>(value.constData());
        qsizetype i = 0;
#ifdef __SSE2__
        // Sixteen units at a time while they are all ASCII,
        const __m128i nonAscii = _mm_set1_epi16(short(0xff80));
        const __m128i zero = _mm_setzero_si128();
        for (; i + 16 <= n; i += 16) {
            const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i *>(in + i));
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i *>(in + i + 8));
            const __m128i bits = _mm_and_si128(_mm_or_si128(a, b), nonAscii);
            if (_mm_movemask_epi8(_mm_cmpeq_epi8(bits, zero)) != 0xffff)
                break;
            _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), _mm_packus_epi16(a, b));
        }
#endif
        // then four at a time (little-endian), then one at a time.
        for (; Q_BYTE_ORDER == Q_LITTLE_ENDIAN && i + 4 <= n; i += 4) {
            quint64 w;
            std::memcpy(&w, in + i, sizeof w);
            if (w & 0xff80ff80ff80ff80ull)
                break;
            out[i] = char(w);
            out[i + 1] = char(w >> 16);
            out[i + 2] = char(w >> 32);
            out[i + 3] = char(w >> 48);
        }
        for (; i < n && in[i] < 0x80; ++i)
            out[i] = char(in[i]);
        if (i == n) {
            sqlite3_bind_text(m_stmt, index + 1, out, int(n), SQLITE_STATIC);
            traceBind(this, m_connection->isTracing(), index, value);
            return;
        }
    }
    QByteArray utf8 = value.toUtf8();
    sqlite3_bind_text(m_stmt, index + 1, utf8.constData(), int(utf8.size()), SQLITE_STATIC);
    m_keepAlive.push_back(std::move(utf8));
    traceBind(this, m_connection->isTracing(), index, value);
}

void Statement::bindUtf8(int index, const char *data, qsizetype size)
{
    char *out = textBuffer(index, size);
    if (!out) {
        bindText(index, QString::fromUtf8(data, size));
        return;
    }
    std::copy_n(data, size, out);
    sqlite3_bind_text(m_stmt, index + 1, out, int(size), SQLITE_STATIC);
    if (m_connection->isTracing())
        traceBind(this, true, index, QString::fromUtf8(data, size));
}

void Statement::bindBlob(int index, const QByteArray &value)
{
    if (value.isNull()) {
        bindNull(index);
        return;
    }
    sqlite3_bind_blob(m_stmt, index + 1, value.constData(), int(value.size()), SQLITE_STATIC);
    m_keepAlive.push_back(value);
    traceBind(this, m_connection->isTracing(), index, value);
}

void Statement::bindValue(int index, const QVariant &value)
{
    if (!value.isValid() || value.isNull()) {
        bindNull(index);
        return;
    }
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        bindInt64(index, value.toBool() ? 1 : 0);
        break;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::LongLong:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::ULongLong:
        bindInt64(index, value.toLongLong());
        break;
    case QMetaType::Double:
    case QMetaType::Float:
        bindDouble(index, value.toDouble());
        break;
    case QMetaType::QByteArray:
        bindBlob(index, value.toByteArray());
        break;
    case QMetaType::QString: // the string itself, not a copy
        bindText(index, *static_cast<const QString *>(value.constData()));
        break;
    default:
        if (value.metaType() == QMetaType::fromType<TextBytes>()) {
            // The bytes as they are, as text: never decoded and encoded again.
            const QByteArray &bytes = static_cast<const TextBytes *>(value.constData())->bytes();
            sqlite3_bind_text(m_stmt, index + 1, bytes.constData(), int(bytes.size()),
                              SQLITE_STATIC);
            m_keepAlive.push_back(bytes);
            traceBind(this, m_connection->isTracing(), index, value);
            break;
        }
        bindText(index, value.toString());
        break;
    }
}

bool Statement::bindNamed(const QString &name, const QVariant &value)
{
    const QByteArray utf8 = name.toUtf8();
    int index = sqlite3_bind_parameter_index(m_stmt, utf8.constData());
    if (index == 0 && !name.isEmpty() && name.front().isLetterOrNumber()) {
        for (char prefix : {':', '@', '$'}) {
            const QByteArray prefixed = prefix + utf8;
            index = sqlite3_bind_parameter_index(m_stmt, prefixed.constData());
            if (index)
                break;
        }
    }
    if (index == 0)
        return false;
    bindValue(index - 1, value);
    return true;
}

int Statement::parameterCount() const
{
    return sqlite3_bind_parameter_count(m_stmt);
}

bool Statement::next()
{
    if (m_failed)
        return false;
    if (!m_started) {
        m_started = true;
        if (m_connection->isTracing())
            m_timer.start();
    }
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE) {
        finish(true, rc);
        return false;
    }
    m_failed = true;
    finish(false, rc);
    return false;
}

void Statement::reset()
{
    if (m_started)
        finish(!m_failed, SQLITE_OK);
    sqlite3_reset(m_stmt);
    m_keepAlive.clear();
    m_failed = false;
}

void Statement::finish(bool ok, int rc)
{
    if (!m_started)
        return;
    m_started = false;
    if (!ok && rc != SQLITE_OK) {
        // sqlite3_step's error code is the generic one; reset() gives the extended one.
        const int extended = sqlite3_extended_errcode(m_connection->handle());
        m_connection->setError(m_connection->errorFromCode(extended ? extended : rc, m_sql));
    }
    if (m_connection->isTracing()) {
        StatementRecord record;
        record.sql = m_sql;
        record.params = m_traceParams;
        record.durationNs = m_timer.isValid() ? m_timer.nsecsElapsed() : 0;
        record.ok = ok;
        if (!ok)
            record.error = m_connection->lastError().message();
        m_connection->report(record);
    }
}

int Statement::columnCount() const
{
    return sqlite3_column_count(m_stmt);
}

QString Statement::columnName(int column) const
{
    return fromUtf8(sqlite3_column_name(m_stmt, column));
}

StorageClass Statement::storageClass(int column) const
{
    return StorageClass(sqlite3_column_type(m_stmt, column));
}

qint64 Statement::changes() const
{
    return sqlite3_changes64(m_connection->m_db);
}

qint64 Statement::int64(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::toDouble(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    if (!p)
        return QString();
    return orm::detail::decodeText(p, sqlite3_column_bytes(m_stmt, column));
}

const char *Statement::utf8(int column, qsizetype *length) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    *length = sqlite3_column_bytes(m_stmt, column);
    return p;
}

QByteArray Statement::blob(int column) const
{
    const void *p = sqlite3_column_blob(m_stmt, column);
    const int n = sqlite3_column_bytes(m_stmt, column);
    if (!p)
        return n == 0 && sqlite3_column_type(m_stmt, column) != SQLITE_NULL ? QByteArray("")
                                                                            : QByteArray();
    return QByteArray(static_cast<const char *>(p), n);
}

QVariant Statement::value(int column) const
{
    switch (sqlite3_column_type(m_stmt, column)) {
    case SQLITE_INTEGER:
        return QVariant(qint64(sqlite3_column_int64(m_stmt, column)));
    case SQLITE_FLOAT:
        return QVariant(sqlite3_column_double(m_stmt, column));
    case SQLITE_TEXT: {
        const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
        const int n = sqlite3_column_bytes(m_stmt, column);
        bool valid = true;
        QString s = orm::detail::decodeText(p, n, &valid);
        if (!valid)
            return QVariant::fromValue(TextBytes(QByteArray(p, n)));
        return QVariant(std::move(s));
    }
    case SQLITE_BLOB:
        return QVariant(blob(column));
    default:
        return QVariant();
    }
}

// (sqlite3_column_value's "unprotected" value: read on the connection's own thread only.)
ColumnValue Statement::column(int column) const
{
    sqlite3_value *v = sqlite3_column_value(m_stmt, column);
    switch (sqlite3_value_type(v)) {
    case SQLITE_INTEGER:
        return ColumnValue::integer(sqlite3_value_int64(v), this, column);
    case SQLITE_FLOAT:
        return ColumnValue::real(sqlite3_value_double(v), this, column);
    case SQLITE_TEXT: {
        const auto *p = reinterpret_cast<const char *>(sqlite3_value_text(v));
        return ColumnValue::bytes(StorageClass::Text, p, sqlite3_value_bytes(v), this, column);
    }
    case SQLITE_BLOB: {
        // Its bytes, without SQLite's conversion: that would make the column text for good.
        const auto *p = static_cast<const char *>(sqlite3_value_blob(v));
        return ColumnValue::bytes(StorageClass::Blob, p, sqlite3_value_bytes(v), this, column);
    }
    default:
        return ColumnValue::null(this, column);
    }
}

// ---- Connection --------------------------------------------------------------------------

Connection::Connection(const DatabaseUrl &url, const ConnectionOptions &options)
    : orm::Connection(url, options)
{ }

Connection::~Connection()
{
    for (auto &entry : m_owned)
        sqlite3_finalize(entry->m_stmt);
    m_owned.clear();
    sqlite3_finalize(m_dataVersion);
    sqlite3_finalize(m_schemaVersion);
    if (m_db)
        sqlite3_close_v2(m_db);
}

std::unique_ptr<Connection> Connection::open(const DatabaseUrl &url,
                                             const ConnectionOptions &options, Error *error)
{
    auto fail = [error, &url](Error::Kind kind, const QString &message) {
        if (error) {
            *error = Error(kind, message);
            error->setTable(QString());
            error->setSql(url.path());
        }
        return std::unique_ptr<Connection>();
    };
    if (!url.isValid())
        return fail(Error::Kind::Connection, QStringLiteral("Invalid database URL"));
    if (url.backend() != u"sqlite") {
        return fail(Error::Kind::Connection,
                    QStringLiteral("%1 databases are not supported yet; use sqlite:///path.db")
                        .arg(url.backend()));
    }
    const bool readOnly = options.readOnly || url.isReadOnly();
    int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
    QByteArray path;
    if (url.isMemory()) {
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY;
        path = ":memory:";
    } else {
        const QFileInfo info(url.path());
        if (!info.dir().exists()) {
            return fail(Error::Kind::Connection,
                        QStringLiteral("Cannot open %1: the folder %2 does not exist")
                            .arg(url.path(), info.dir().path()));
        }
        if (info.isDir())
            return fail(Error::Kind::Connection,
                        QStringLiteral("Cannot open %1: it is a folder").arg(url.path()));
        if (readOnly && !info.exists())
            return fail(Error::Kind::Connection,
                        QStringLiteral("Cannot open %1 read-only: no such file").arg(url.path()));
        flags |= readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        path = QFile::encodeName(url.path());
    }

    std::unique_ptr<Connection> c(new Connection(url, options));
    int rc = sqlite3_open_v2(path.constData(), &c->m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const QString message = c->m_db ? fromUtf8(sqlite3_errmsg(c->m_db)) : QString();
        return fail(Error::Kind::Connection,
                    QStringLiteral("Cannot open %1: %2").arg(url.path(), message));
    }
    sqlite3_extended_result_codes(c->m_db, 1);
    c->setBusyTimeout(options.busyTimeoutMs);
    sqlite3_commit_hook(
        c->m_db,
        [](void *self) {
            // Called just before a write transaction commits. A COMMIT that then fails (busy
            // in rollback-journal mode) is counted too: the next check sees a change that was
            // not one, and reads again once, which costs time but loses nothing.
            auto *conn = static_cast<Connection *>(self);
            if (sqlite3_txn_state(conn->m_db, "main") == SQLITE_TXN_WRITE)
                ++conn->m_ownCommits;
            return 0;
        },
        c.get());
    if (options.defensive) {
        sqlite3_db_config(c->m_db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
        sqlite3_db_config(c->m_db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
        sqlite3_db_config(c->m_db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
        sqlite3_db_config(c->m_db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 1, nullptr);
    }
    // Reading the schema is what tells a database from any other file.
    rc = sqlite3_exec(c->m_db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) {
        const Error e = c->errorFromCode(sqlite3_extended_errcode(c->m_db), QString());
        if (error) {
            *error = e;
            if (e.kind() == Error::Kind::NotADatabase)
                error->setMessage(QStringLiteral("%1 is not an SQLite database").arg(url.path()));
            else if (e.kind() == Error::Kind::Corrupt)
                error->setMessage(QStringLiteral("%1 is damaged: %2").arg(url.path(), e.message()));
            else
                error->setMessage(
                    QStringLiteral("Cannot open %1: %2").arg(url.path(), e.message()));
        }
        return nullptr;
    }
    if (options.foreignKeys)
        sqlite3_exec(c->m_db, "PRAGMA foreign_keys = ON", nullptr, nullptr, nullptr);
    // A Unicode case fold for ilike (SQLite's lower() folds ASCII only). Innocuous and
    // deterministic: usable where the defensive settings allow functions.
    sqlite3_create_function_v2(c->m_db, "rowsmith_casefold", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, nullptr,
                               &caseFold, nullptr, nullptr, nullptr);
    return c;
}

bool Connection::isReadOnly() const
{
    return sqlite3_db_readonly(m_db, "main") == 1;
}

orm::Statement Connection::prepareText(QStringView sql, const QString *owned)
{
    ++m_useCounter;
    const auto found = m_cache.find(sql);
    Statement *entry = found == m_cache.end() ? nullptr : found->second;
    if (entry && !entry->m_inUse) {
        entry->m_inUse = true;
        entry->m_lastUse = m_useCounter;
        return orm::Statement(entry);
    }
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, utf8.constData(), int(utf8.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK || !stmt) {
        const QString text = owned ? *owned : sql.toString();
        m_lastError =
            errorFromCode(rc == SQLITE_OK ? SQLITE_MISUSE : sqlite3_extended_errcode(m_db), text);
        if (rc == SQLITE_OK)
            m_lastError.setMessage(QStringLiteral("Empty statement"));
        if (isTracing()) {
            StatementRecord record {text, {}, 0, false, m_lastError.message()};
            report(record);
        }
        sqlite3_finalize(stmt);
        return orm::Statement();
    }
    auto made = std::make_unique<Statement>(this);
    made->m_sql = owned ? *owned : sql.toString();
    made->m_stmt = stmt;
    made->m_text.resize(size_t(sqlite3_bind_parameter_count(stmt)));
    made->m_inUse = true;
    made->m_lastUse = m_useCounter;
    made->m_cached = entry == nullptr;
    Statement *raw = made.get();
    m_owned.push_back(std::move(made));
    if (raw->m_cached) {
        m_cache.emplace(QStringView(raw->m_sql), raw);
        if (m_cache.size() > size_t(m_options.statementCacheSize)) {
            // Evict the least recently used idle statement.
            Statement *oldest = nullptr;
            for (const auto &[text, candidate] : m_cache) {
                if (!candidate->m_inUse && (!oldest || candidate->m_lastUse < oldest->m_lastUse))
                    oldest = candidate;
            }
            if (oldest) {
                m_cache.erase(QStringView(oldest->m_sql));
                oldest->m_cached = false;
                returnToCache(oldest);
            }
        }
    }
    return orm::Statement(raw);
}

QString Connection::prepareError(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &stmt, nullptr);
    const QString error = rc == SQLITE_OK ? QString() : fromUtf8(sqlite3_errmsg(m_db));
    sqlite3_finalize(stmt);
    return error;
}

void Connection::returnToCache(Statement *entry)
{
    entry->m_inUse = false;
    if (entry->m_cached)
        return;
    sqlite3_finalize(entry->m_stmt);
    for (auto it = m_owned.begin(); it != m_owned.end(); ++it) {
        if (it->get() == entry) {
            m_owned.erase(it);
            break;
        }
    }
}

bool Connection::begin(TransactionMode mode)
{
    return exec(mode == TransactionMode::Immediate ? QStringLiteral("BEGIN IMMEDIATE")
                                                   : QStringLiteral("BEGIN"));
}

bool Connection::commit()
{
    return exec(QStringLiteral("COMMIT"));
}

bool Connection::rollback()
{
    if (!inTransaction())
        return true;
    const Error keep = m_lastError; // the error that caused the rollback stays the one reported
    const bool ok = exec(QStringLiteral("ROLLBACK"));
    m_lastError = keep;
    return ok;
}

bool Connection::savepoint(const QString &name)
{
    return exec(QStringLiteral("SAVEPOINT \"%1\"")
                    .arg(QString(name).replace(u'"', QStringLiteral("\"\""))));
}

bool Connection::releaseSavepoint(const QString &name)
{
    return exec(QStringLiteral("RELEASE SAVEPOINT \"%1\"")
                    .arg(QString(name).replace(u'"', QStringLiteral("\"\""))));
}

bool Connection::rollbackToSavepoint(const QString &name)
{
    const Error keep = m_lastError;
    const QString quoted = QString(name).replace(u'"', QStringLiteral("\"\""));
    const bool ok = exec(QStringLiteral("ROLLBACK TO SAVEPOINT \"%1\"").arg(quoted))
        && exec(QStringLiteral("RELEASE SAVEPOINT \"%1\"").arg(quoted));
    m_lastError = keep;
    return ok;
}

bool Connection::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

std::optional<qint64> Connection::pragmaValue(sqlite3_stmt **cached, const char *sql, LockWait wait)
{
    if (!*cached
        && sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, cached, nullptr)
            != SQLITE_OK) {
        return std::nullopt;
    }
    if (wait == LockWait::NoWait)
        sqlite3_busy_timeout(m_db, 0);
    std::optional<qint64> value;
    if (sqlite3_step(*cached) == SQLITE_ROW)
        value = sqlite3_column_int64(*cached, 0);
    sqlite3_reset(*cached);
    if (wait == LockWait::NoWait)
        sqlite3_busy_timeout(m_db, m_busyTimeoutMs); // as set now, not as opened
    return value;
}

std::optional<qint64> Connection::dataVersion(LockWait wait)
{
    // The pragma opens (and closes) a read transaction, which is when the pager learns of
    // other connections' commits; its own count is then read as seenDataVersion() reads it, so
    // that the two are one number.
    if (!pragmaValue(&m_dataVersion, "PRAGMA data_version", wait))
        return std::nullopt;
    return seenDataVersion();
}

qint64 Connection::seenDataVersion() const
{
    unsigned int pager = 0;
    sqlite3_file_control(m_db, "main", SQLITE_FCNTL_DATA_VERSION, &pager);
    return qint64(quint32(pager - m_ownCommits));
}

std::optional<qint64> Connection::schemaVersion(LockWait wait)
{
    return pragmaValue(&m_schemaVersion, "PRAGMA schema_version", wait);
}

bool Connection::hasActiveStatement() const
{
    for (sqlite3_stmt *s = sqlite3_next_stmt(m_db, nullptr); s; s = sqlite3_next_stmt(m_db, s)) {
        if (sqlite3_stmt_busy(s))
            return true;
    }
    return false;
}

qint64 Connection::lastInsertRowId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

qint64 Connection::changes() const
{
    return sqlite3_changes64(m_db);
}

bool Connection::reserveKeys(const QString &schema, const QString &table, const QString &column,
                             int count, std::vector<qint64> *keys)
{
    const QString quotedColumn = m_dialect.quoteIdentifier(column);
    orm::Statement largest = prepare(QStringLiteral("SELECT max(%1) FROM %2")
                                         .arg(quotedColumn, m_dialect.quoteTable(schema, table)));
    if (!largest.isValid() || !largest.next())
        return false;
    qint64 key = largest.isNull(0) ? 0 : largest.int64(0);
    orm::Statement hasSequence =
        prepare(QStringLiteral("SELECT 1 FROM %1 WHERE type = 'table' AND name = ?")
                    .arg(m_dialect.quoteTable(schema, QStringLiteral("sqlite_master"))));
    if (!hasSequence.isValid())
        return false;
    hasSequence.bindText(0, QStringLiteral("sqlite_sequence"));
    if (hasSequence.next()) {
        orm::Statement sequence =
            prepare(QStringLiteral("SELECT seq FROM %1 WHERE name = ?")
                        .arg(m_dialect.quoteTable(schema, QStringLiteral("sqlite_sequence"))));
        if (!sequence.isValid())
            return false;
        sequence.bindText(0, table);
        if (sequence.next() && !sequence.isNull(0))
            key = qMax(key, sequence.int64(0));
        else if (sequence.hasError())
            return false;
    } else if (hasSequence.hasError()) {
        return false;
    }
    if (key < 0 || key > std::numeric_limits<qint64>::max() - count)
        return false;
    keys->clear();
    keys->reserve(size_t(count));
    for (int i = 1; i <= count; ++i)
        keys->push_back(key + i);
    return true;
}

void Connection::setBusyTimeout(int ms)
{
    m_busyTimeoutMs = qMax(0, ms);
    sqlite3_busy_timeout(m_db, m_busyTimeoutMs);
}

bool Connection::canReadNow()
{
    if (inTransaction())
        return true; // this connection holds a lock of its own already
    // Reading the header's schema cookie takes the shared lock, and lets it go at once.
    sqlite3_busy_timeout(m_db, 0);
    const int rc = sqlite3_exec(m_db, "PRAGMA schema_version", nullptr, nullptr, nullptr);
    sqlite3_busy_timeout(m_db, m_busyTimeoutMs);
    return (rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED;
}

void Connection::interrupt()
{
    sqlite3_interrupt(m_db);
}

int Connection::likePatternLimit() const
{
    return sqlite3_limit(m_db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, -1);
}

Error Connection::errorFromCode(int rc, const QString &sql) const
{
    const QString message = m_db ? fromUtf8(sqlite3_errmsg(m_db)) : fromUtf8(sqlite3_errstr(rc));
    Error e(Error::Kind::Sql, message);
    e.setSql(sql);
    e.setSqliteCode(rc);
    switch (rc & 0xff) {
    case SQLITE_CONSTRAINT: {
        e.setKind(Error::Kind::Constraint);
        switch (rc) {
        case SQLITE_CONSTRAINT_UNIQUE:
            e.setConstraint(Error::Constraint::Unique);
            break;
        case SQLITE_CONSTRAINT_PRIMARYKEY:
            e.setConstraint(Error::Constraint::PrimaryKey);
            break;
        case SQLITE_CONSTRAINT_NOTNULL:
            e.setConstraint(Error::Constraint::NotNull);
            break;
        case SQLITE_CONSTRAINT_FOREIGNKEY:
            e.setConstraint(Error::Constraint::ForeignKey);
            break;
        case SQLITE_CONSTRAINT_CHECK:
            e.setConstraint(Error::Constraint::Check);
            break;
        default:
            break;
        }
        // "UNIQUE constraint failed: users.username, users.email" / "CHECK constraint failed: name"
        const qsizetype colon = message.indexOf(QStringLiteral("failed: "));
        if (colon >= 0) {
            const QString detail = message.mid(colon + 8);
            if (e.constraint() == Error::Constraint::Check) {
                e.setConstraintName(detail);
            } else {
                QStringList columns;
                for (const QString &part : detail.split(QStringLiteral(", "))) {
                    const qsizetype dot = part.indexOf(u'.');
                    if (dot > 0) {
                        e.setTable(part.left(dot));
                        columns << part.mid(dot + 1);
                    }
                }
                e.setColumns(columns);
            }
        }
        break;
    }
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        e.setKind(Error::Kind::Busy);
        e.setMessage(
            QStringLiteral("The database is locked by another connection (%1)").arg(message));
        break;
    case SQLITE_READONLY:
        e.setKind(Error::Kind::ReadOnly);
        e.setMessage(QStringLiteral("The database is read-only (%1)").arg(message));
        break;
    case SQLITE_NOTADB:
        e.setKind(Error::Kind::NotADatabase);
        break;
    case SQLITE_CORRUPT:
        e.setKind(Error::Kind::Corrupt);
        break;
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_IOERR:
    case SQLITE_FULL:
        e.setKind(Error::Kind::Connection);
        break;
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG:
        e.setKind(Error::Kind::Type);
        break;
    default:
        break;
    }
    return e;
}

std::optional<MetaData> Connection::reflect(const QString &, Error *error)
{
    return orm::reflect(*this, error);
}

} // namespace orm::sqlite
