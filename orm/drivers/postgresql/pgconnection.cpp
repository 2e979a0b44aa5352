// SPDX-License-Identifier: MIT
#include "orm/drivers/postgresql/pgconnection.h"

#include "orm/drivers/postgresql/pgreflection.h"

#include "orm/engine/logging.h"
#include "orm/engine/statementrun_p.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include <libpq-fe.h>
#include <sys/socket.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace orm::postgresql {

namespace {

// How long connecting may take unless the URL (connect_timeout) or PGCONNECT_TIMEOUT says.
constexpr int kConnectTimeoutSeconds = 10;

// The integer at the start of text (from_chars stops at the first other character; Qt's
// parsers go through the locale, ten times slower on a hot path).
qint64 leadingInteger(const char *text, qsizetype length)
{
    qint64 value = 0;
    std::from_chars(text, text + length, value);
    return value;
}

// A parameter as the echo shows it: numbers and booleans as such (as SQLite's are), everything
// else as its text.
QVariant tracedValue(const QByteArray &text, Oid type)
{
    bool ok = false;
    switch (type) {
    case 16: // bool
        return text == "t" || text == "true" || text == "1";
    case 20: // int8
    case 21: // int2
    case 23: // int4
    case 26: { // oid
        const qint64 v = text.toLongLong(&ok);
        return ok ? QVariant(v) : QVariant(QString::fromUtf8(text));
    }
    case 700: // float4
    case 701: { // float8
        const double v = text.toDouble(&ok);
        return ok ? QVariant(v) : QVariant(QString::fromUtf8(text));
    }
    default:
        return QString::fromUtf8(text);
    }
}

// The rows an INSERT, UPDATE or DELETE touched (PQcmdTuples: empty for other statements).
qint64 changedRows(PGresult *result)
{
    const char *text = PQcmdTuples(result);
    return leadingInteger(text, qsizetype(std::strlen(text)));
}

// pg_type OIDs of the types read as something else than text.
enum : Oid {
    BoolOid = 16,
    ByteaOid = 17,
    Int8Oid = 20,
    Int2Oid = 21,
    Int4Oid = 23,
    OidOid = 26,
    Float4Oid = 700,
    Float8Oid = 701,
    TimestampOid = 1114,
};

QString fromUtf8(const char *s)
{
    return s ? QString::fromUtf8(s) : QString();
}

QString errorField(const PGresult *result, int field)
{
    return result ? fromUtf8(PQresultErrorField(result, field)) : QString();
}

// "Key (a, b)=(1, 2) already exists." gives a and b (names as the server quotes them when it
// must).
QStringList keyColumns(const QString &detail)
{
    static const QRegularExpression key(QStringLiteral("^Key \\((.*?)\\)=\\("));
    const QRegularExpressionMatch m = key.match(detail);
    if (!m.hasMatch())
        return {};
    QStringList columns;
    for (QString c : m.captured(1).split(QStringLiteral(", "))) {
        if (c.size() >= 2 && c.startsWith(u'"') && c.endsWith(u'"'))
            c = c.mid(1, c.size() - 2).replace(QStringLiteral("\"\""), QStringLiteral("\""));
        columns << c;
    }
    return columns;
}

// An error of the server, by SQLSTATE class and code (Appendix A of PostgreSQL's manual).
Error errorFromSqlState(const QString &state, const QString &message)
{
    Error e(Error::Kind::Sql, message);
    e.setSqlState(state);
    const QStringView cls = QStringView(state).left(2);
    if (state == u"23505") {
        e.setKind(Error::Kind::Constraint);
        e.setConstraint(Error::Constraint::Unique);
    } else if (state == u"23503") {
        e.setKind(Error::Kind::Constraint);
        e.setConstraint(Error::Constraint::ForeignKey);
    } else if (state == u"23514") {
        e.setKind(Error::Kind::Constraint);
        e.setConstraint(Error::Constraint::Check);
    } else if (state == u"23502") {
        e.setKind(Error::Kind::Constraint);
        e.setConstraint(Error::Constraint::NotNull);
    } else if (cls == u"23") {
        e.setKind(Error::Kind::Constraint);
    } else if (state == u"40001" || state == u"40P01") {
        // serialization_failure, deadlock_detected: the transaction is to be run again.
        e.setKind(Error::Kind::Serialization);
    } else if (state == u"55P03") {
        // lock_not_available (NOWAIT, lock_timeout): another transaction holds the row.
        e.setKind(Error::Kind::Busy);
    } else if (state == u"57014") {
        e.setKind(Error::Kind::Cancelled);
    } else if (cls == u"08" || cls == u"28" || state == u"3D000" || state == u"57P01"
               || state == u"57P02" || state == u"57P03" || state == u"53300") {
        e.setKind(Error::Kind::Connection);
    } else if (state == u"25006") {
        e.setKind(Error::Kind::ReadOnly);
    } else if (cls == u"22") {
        e.setKind(Error::Kind::Type);
    }
    return e;
}

QByteArray textOf(const QVariant &value, int *format)
{
    *format = 0;
    switch (value.metaType().id()) {
    case QMetaType::Bool:
        return value.toBool() ? QByteArrayLiteral("true") : QByteArrayLiteral("false");
    case QMetaType::QByteArray:
        *format = 1; // sent as bytes, for BYTEA
        return value.toByteArray();
    case QMetaType::Double:
    case QMetaType::Float: {
        const double d = value.toDouble();
        if (std::isnan(d))
            return QByteArrayLiteral("NaN");
        if (std::isinf(d))
            return d > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");
        return QByteArray::number(d, 'g', std::numeric_limits<double>::max_digits10);
    }
    case QMetaType::QDateTime:
        return value.toDateTime().toUTC().toString(Qt::ISODateWithMs).toUtf8();
    default:
        if (value.canConvert<QString>())
            return value.toString().toUtf8();
        return value.toByteArray();
    }
}

} // namespace

static_assert(std::is_same_v<Oid, unsigned>, "pgconnection.h names Oid unsigned");

namespace detail {
struct CachedStatement
{
    QString sql;
    QByteArray name; // the server's name of the prepared statement
    int parameterCount = 0;
    QStringList columnNames;
    std::vector<Oid> columnTypes;
    // As given to prepareArrays() (the arrays' types), then as the server inferred them.
    std::vector<Oid> parameterTypes;
    QStringList parameterNames; // :name / @name by number - 1, empty for `?`
    // A COPY (prepareCopy()): its values go as rows of this many columns, and the statement is
    // never prepared on the server (name stays empty).
    int copyColumns = 0;
    // A statement over arrays (prepareArrays()): its values are bound as this many rows of
    // the server's parameters, and each parameter is sent as the array of its rows' values.
    int arrayRows = 0;
    bool inUse = false;
    quint64 lastUse = 0;
    QVariantList traceParams;
};
} // namespace detail

// ---- Statement ------------------------------------------------------------------------------

Statement::Statement(Connection *connection, detail::CachedStatement *entry)
    : m_connection(connection)
    , m_entry(entry)
{
    m_entry->inUse = true;
    const size_t n = size_t(entry->parameterCount);
    m_values.resize(n);
    m_isNull.assign(n, true);
    m_formats.assign(n, 0);
}

Statement::~Statement() = default;

void Statement::release()
{
    reset();
    m_connection->returnToCache(m_entry);
    delete this;
}

QString Statement::sql() const
{
    return m_entry->sql;
}

int Statement::parameterCount() const
{
    return m_entry->parameterCount;
}

void Statement::bindNull(int index)
{
    if (index < 0 || size_t(index) >= m_values.size())
        return;
    m_isNull[size_t(index)] = true;
    m_values[size_t(index)].clear();
}

void Statement::bindValue(int index, const QVariant &value)
{
    if (index < 0 || size_t(index) >= m_values.size())
        return;
    if (value.isNull()) {
        bindNull(index);
        return;
    }
    m_isNull[size_t(index)] = false;
    m_values[size_t(index)] = textOf(value, &m_formats[size_t(index)]);
}

// A name as SQLite takes it: with its sign (":name", "@name") or without.
bool Statement::bindNamed(const QString &name, const QVariant &value)
{
    const QString bare = name.startsWith(u':') || name.startsWith(u'@') || name.startsWith(u'$')
        ? name.mid(1)
        : name;
    bool found = false;
    for (qsizetype i = 0; i < m_entry->parameterNames.size(); ++i) {
        if (!bare.isEmpty() && m_entry->parameterNames.at(i) == bare) {
            bindValue(int(i), value);
            found = true;
        }
    }
    return found;
}

void Statement::setText(int index, QByteArray text)
{
    if (index < 0 || size_t(index) >= m_values.size())
        return;
    m_isNull[size_t(index)] = false;
    m_formats[size_t(index)] = 0;
    m_values[size_t(index)] = std::move(text);
}

void Statement::bindText(int index, const QString &value)
{
    if (value.isNull())
        bindNull(index);
    else
        setText(index, value.toUtf8());
}

void Statement::bindUtf8(int index, const char *data, qsizetype size)
{
    setText(index, QByteArray(data, size));
}

void Statement::bindBlob(int index, const QByteArray &value)
{
    bindValue(index, value.isNull() ? QVariant() : QVariant(value));
}

bool Statement::start()
{
    Connection &c = *m_connection;
    if (c.refusedWhileWaiting()) {
        m_failed = true;
        return false;
    }
    c.suspendActive();
    // After the server dropped the connection, the statement is prepared again.
    if (!c.ensureConnected()
        || (m_entry->name.isEmpty() && m_entry->copyColumns == 0 && !c.prepareOnServer(*m_entry))) {
        m_failed = true;
        return false;
    }
    m_started = true;
    if (c.isTracing()) {
        m_timer.start();
        m_entry->traceParams.clear();
        for (size_t i = 0; i < m_values.size(); ++i) {
            if (m_isNull[i])
                m_entry->traceParams << QVariant();
            else if (m_formats[i] == 1)
                m_entry->traceParams << m_values[i];
            else
                m_entry->traceParams << tracedValue(
                    m_values[i],
                    i < m_entry->parameterTypes.size() ? m_entry->parameterTypes[i] : 0);
        }
    }
    m_inTransactionBlock = c.inTransaction();
    if (m_entry->copyColumns > 0)
        return sendCopy();
    std::vector<QByteArray> arrays;
    if (m_entry->arrayRows > 0)
        arrays = arrayLiterals();
    const std::vector<QByteArray> &sent = m_entry->arrayRows > 0 ? arrays : m_values;
    const int n = int(sent.size());
    std::vector<const char *> values(size_t(n), nullptr);
    std::vector<int> lengths(size_t(n), 0);
    std::vector<int> formats(size_t(n), 0);
    for (size_t i = 0; i < size_t(n); ++i) {
        if (m_entry->arrayRows > 0 || !m_isNull[i]) {
            values[i] = sent[i].constData();
            lengths[i] = int(sent[i].size());
            formats[i] = m_entry->arrayRows > 0 ? 0 : m_formats[i];
        }
    }
    if (!PQsendQueryPrepared(c.m_conn, m_entry->name.constData(), n, values.data(), lengths.data(),
                             formats.data(), 0)) {
        c.setConnectionError(m_entry->sql);
        m_failed = true;
        finish(false);
        return false;
    }
    if (m_fetch == Fetch::RowByRow)
        PQsetSingleRowMode(c.m_conn);
    m_active = true;
    c.m_active = this;
    return true;
}

// COPY's text format: columns split by tabs, rows by newlines, \N for NULL, a backslash before
// a backslash and the control characters written as \t, \n, \r; BYTEA (bound as bytes) in
// its hex form.
bool Statement::sendCopy()
{
    Connection &c = *m_connection;
    const auto failed = [&](PGresult *r) {
        r ? c.setErrorFromResult(r, m_entry->sql) : c.setConnectionError(m_entry->sql);
        PQclear(r);
        m_failed = true;
        finish(false);
        return false;
    };
    if (!PQsendQuery(c.m_conn, m_entry->sql.toUtf8().constData()))
        return failed(nullptr);
    PGresult *r = c.nextResult();
    if (PQresultStatus(r) != PGRES_COPY_IN) {
        while (PGresult *rest = c.nextResult())
            PQclear(rest);
        return failed(r);
    }
    PQclear(r);
    QByteArray rows;
    const size_t columns = size_t(m_entry->copyColumns);
    for (size_t i = 0; i < m_values.size(); ++i) {
        if (i > 0)
            rows += i % columns == 0 ? '\n' : '\t';
        if (m_isNull[i]) {
            rows += "\\N";
        } else if (m_formats[i] == 1) {
            rows += "\\\\x";
            rows += m_values[i].toHex();
        } else {
            for (const char ch : std::as_const(m_values[i])) {
                switch (ch) {
                case '\\':
                    rows += "\\\\";
                    break;
                case '\n':
                    rows += "\\n";
                    break;
                case '\r':
                    rows += "\\r";
                    break;
                case '\t':
                    rows += "\\t";
                    break;
                default:
                    rows += ch;
                }
            }
        }
    }
    rows += '\n';
    if (PQputCopyData(c.m_conn, rows.constData(), int(rows.size())) != 1
        || PQputCopyEnd(c.m_conn, nullptr) != 1) {
        while (PGresult *rest = c.nextResult())
            PQclear(rest);
        return failed(nullptr);
    }
    m_active = true;
    c.m_active = this;
    return true;
}

// The array literals of a statement over arrays: for each server parameter, its values of
// every row, each in double quotes with a backslash before a backslash or a quote, NULL
// unquoted; BYTEA (bound as bytes) in its hex form.
std::vector<QByteArray> Statement::arrayLiterals() const
{
    const size_t rows = size_t(m_entry->arrayRows);
    const size_t columns = m_values.size() / rows;
    std::vector<QByteArray> arrays(columns);
    for (size_t column = 0; column < columns; ++column) {
        QByteArray &out = arrays[column];
        qsizetype size = 2;
        for (size_t row = 0; row < rows; ++row)
            size += m_values[row * columns + column].size() + 4;
        out.reserve(size);
        out += '{';
        for (size_t row = 0; row < rows; ++row) {
            const size_t i = row * columns + column;
            if (row > 0)
                out += ',';
            if (m_isNull[i]) {
                out += "NULL";
                continue;
            }
            out += '"';
            if (m_formats[i] == 1) {
                out += "\\\\x";
                out += m_values[i].toHex();
            } else {
                for (const char ch : m_values[i]) {
                    if (ch == '"' || ch == '\\')
                        out += '\\';
                    out += ch;
                }
            }
            out += '"';
        }
        out += '}';
    }
    return arrays;
}

bool Statement::takeResult()
{
    // The next result from the server: a row, the end, or an error.
    Connection &c = *m_connection;
    PGresult *r = c.nextResult();
    if (!r) {
        m_active = false;
        c.m_active = nullptr;
        return false;
    }
    switch (PQresultStatus(r)) {
    case PGRES_SINGLE_TUPLE:
        m_row = r;
        m_rowIndex = 0;
        return true;
    case PGRES_TUPLES_OK:
        if (PQntuples(r) > 0) {
            // The whole result (Fetch::WholeResult): its rows are read from it one by one, and
            // the connection is free for the next statement now.
            m_row = r;
            m_rowIndex = 0;
            m_changes = PQntuples(r);
            c.m_changes = m_changes;
            drain();
            finish(true);
            return true;
        }
        Q_FALLTHROUGH();
    case PGRES_COMMAND_OK:
        m_changes = changedRows(r);
        c.m_changes = m_changes;
        PQclear(r);
        drain();
        finish(true);
        return false;
    default:
        c.setErrorFromResult(r, m_entry->sql);
        PQclear(r);
        drain();
        m_failed = true;
        finish(false);
        return false;
    }
}

void Statement::drain()
{
    if (!m_active)
        return;
    while (PGresult *r = m_connection->nextResult())
        PQclear(r);
    m_active = false;
    if (m_connection->m_active == this)
        m_connection->m_active = nullptr;
}

bool Statement::next()
{
    if (m_failed)
        return false;
    if (m_row && m_rowIndex + 1 < PQntuples(m_row)) {
        ++m_rowIndex;
        m_bytes.clear();
        return true;
    }
    if (m_row) {
        PQclear(m_row);
        m_row = nullptr;
    }
    m_bytes.clear();
    if (!m_started)
        return start() && takeResult();
    if (m_nextBuffered < m_buffered.size()) {
        m_row = std::exchange(m_buffered[m_nextBuffered++], nullptr);
        m_rowIndex = 0;
        if (m_row)
            return true;
        // A null entry closes a buffered result that failed: the error was kept in the entry
        // after it (see Connection::suspendActive()).
        m_failed = true;
        return false;
    }
    if (!m_active)
        return false;
    return takeResult();
}

void Statement::reset()
{
    if (m_row) {
        PQclear(m_row);
        m_row = nullptr;
    }
    m_rowIndex = 0;
    for (size_t i = m_nextBuffered; i < m_buffered.size(); ++i) {
        if (m_buffered[i])
            PQclear(m_buffered[i]);
    }
    m_buffered.clear();
    m_nextBuffered = 0;
    if (m_active) {
        // Left before its end: what the server still sends is not wanted. Cancelling would
        // abort a transaction, so inside one the rest is read and dropped.
        if (!m_inTransactionBlock)
            m_connection->cancel();
        drain();
        m_connection->clearError();
        finish(true);
    }
    m_started = false;
    m_failed = false;
    m_changes = 0;
    std::fill(m_isNull.begin(), m_isNull.end(), true);
}

void Statement::finish(bool ok)
{
    if (!m_connection->isTracing() || !m_timer.isValid())
        return;
    StatementRecord record;
    record.sql = m_entry->sql;
    record.params = m_entry->traceParams;
    record.durationNs = m_timer.nsecsElapsed();
    record.ok = ok;
    if (!ok)
        record.error = m_connection->lastError().message();
    m_timer.invalidate();
    m_connection->report(record);
}

int Statement::columnCount() const
{
    return int(m_entry->columnNames.size());
}

QString Statement::columnName(int column) const
{
    return m_entry->columnNames.value(column);
}

unsigned Statement::columnType(int column) const
{
    if (column < 0 || size_t(column) >= m_entry->columnTypes.size())
        return 0;
    return m_entry->columnTypes[size_t(column)];
}

bool Statement::isNull(int column) const
{
    return !m_row || column < 0 || column >= PQnfields(m_row)
        || PQgetisnull(m_row, m_rowIndex, column);
}

StorageClass Statement::storageClass(int column) const
{
    if (isNull(column))
        return StorageClass::Null;
    switch (PQftype(m_row, column)) {
    case BoolOid:
    case Int2Oid:
    case Int4Oid:
    case Int8Oid:
    case OidOid:
        return StorageClass::Integer;
    case Float4Oid:
    case Float8Oid:
        return StorageClass::Float;
    case ByteaOid:
        return StorageClass::Blob;
    default:
        return StorageClass::Text;
    }
}

qint64 Statement::int64(int column) const
{
    if (isNull(column))
        return 0;
    const char *text = PQgetvalue(m_row, m_rowIndex, column);
    if (PQftype(m_row, column) == BoolOid)
        return *text == 't' ? 1 : 0;
    // As SQLite reads a number from text: its leading digits.
    return leadingInteger(text, PQgetlength(m_row, m_rowIndex, column));
}

double Statement::toDouble(int column) const
{
    if (isNull(column))
        return 0;
    const QByteArray text(PQgetvalue(m_row, m_rowIndex, column));
    if (text == "NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == "Infinity")
        return std::numeric_limits<double>::infinity();
    if (text == "-Infinity")
        return -std::numeric_limits<double>::infinity();
    return text.toDouble();
}

QString Statement::text(int column) const
{
    if (isNull(column))
        return QString();
    return QString::fromUtf8(PQgetvalue(m_row, m_rowIndex, column),
                             PQgetlength(m_row, m_rowIndex, column));
}

QByteArray Statement::blob(int column) const
{
    if (isNull(column))
        return QByteArray();
    if (PQftype(m_row, column) != ByteaOid)
        return QByteArray(PQgetvalue(m_row, m_rowIndex, column),
                          PQgetlength(m_row, m_rowIndex, column));
    if (m_bytes.size() <= size_t(column))
        m_bytes.resize(size_t(column) + 1);
    QByteArray &cached = m_bytes[size_t(column)];
    if (cached.isNull()) {
        size_t length = 0;
        unsigned char *bytes = PQunescapeBytea(
            reinterpret_cast<const unsigned char *>(PQgetvalue(m_row, m_rowIndex, column)),
            &length);
        if (!bytes)
            return QByteArray();
        cached = QByteArray(reinterpret_cast<const char *>(bytes), qsizetype(length));
        PQfreemem(bytes);
    }
    return cached;
}

const char *Statement::utf8(int column, qsizetype *length) const
{
    if (isNull(column)) {
        *length = 0;
        return nullptr;
    }
    if (PQftype(m_row, column) == ByteaOid) {
        blob(column);
        const QByteArray &bytes = m_bytes[size_t(column)];
        *length = bytes.size();
        return bytes.constData();
    }
    *length = PQgetlength(m_row, m_rowIndex, column);
    return PQgetvalue(m_row, m_rowIndex, column);
}

ColumnValue Statement::column(int column) const
{
    // The hot path of loading objects: three calls into libpq per column, the type from the
    // statement's description.
    if (!m_row || column < 0 || column >= PQnfields(m_row)
        || PQgetisnull(m_row, m_rowIndex, column)) {
        return ColumnValue::null(this, column);
    }
    const char *text = PQgetvalue(m_row, m_rowIndex, column);
    const int length = PQgetlength(m_row, m_rowIndex, column);
    const Oid type = size_t(column) < m_entry->columnTypes.size()
        ? m_entry->columnTypes[size_t(column)]
        : PQftype(m_row, column);
    switch (type) {
    case BoolOid:
        return ColumnValue::integer(*text == 't' ? 1 : 0, this, column);
    case Int2Oid:
    case Int4Oid:
    case Int8Oid:
    case OidOid:
        return ColumnValue::integer(leadingInteger(text, length), this, column);
    case Float4Oid:
    case Float8Oid:
        return ColumnValue::real(toDouble(column), this, column);
    case ByteaOid: {
        qsizetype n = 0;
        const char *p = utf8(column, &n);
        return ColumnValue::bytes(StorageClass::Blob, p, n, this, column);
    }
    case TimestampOid:
        if (const char *stored = storedTimestamp(column, text, length)) {
            return ColumnValue::bytes(StorageClass::Text, stored, StoredTimestampLength, this,
                                      column);
        }
        return ColumnValue::bytes(StorageClass::Text, text, length, this, column);
    default:
        return ColumnValue::bytes(StorageClass::Text, text, length, this, column);
    }
}

// The server writes a TIMESTAMP's fraction without its trailing zeros ("… 12:00:00", "…
// 12:00:00.5"); loading takes it in the stored form, with six digits ("… 12:00:00.500000"),
// which it reads fast and knows it writes back the same (the server compares the values, not
// the texts). Null for any other form (years past 9999, BC, infinity): taken as it is.
const char *Statement::storedTimestamp(int column, const char *text, int length) const
{
    if (length < 19 || length >= StoredTimestampLength || text[4] != '-' || text[10] != ' '
        || (length > 19 && (length == 20 || text[19] != '.'))) {
        return nullptr;
    }
    if (m_stamps.size() <= size_t(column))
        m_stamps.resize(size_t(column) + 1);
    char *out = m_stamps[size_t(column)].data();
    std::memcpy(out, text, size_t(length));
    if (length == 19)
        out[length++] = '.';
    std::memset(out + length, '0', size_t(StoredTimestampLength - length));
    return out;
}

QVariant Statement::value(int column) const
{
    if (isNull(column))
        return QVariant();
    switch (PQftype(m_row, column)) {
    case BoolOid:
        return QVariant(qint64(*PQgetvalue(m_row, m_rowIndex, column) == 't'));
    case Int2Oid:
    case Int4Oid:
    case Int8Oid:
    case OidOid:
        return QVariant(int64(column));
    case Float4Oid:
    case Float8Oid:
        return QVariant(toDouble(column));
    case ByteaOid:
        return QVariant(blob(column));
    default:
        return QVariant(text(column));
    }
}

// ---- Connection -----------------------------------------------------------------------------

std::unique_ptr<Connection> Connection::open(const DatabaseUrl &url,
                                             const ConnectionOptions &options, Error *error)
{
    std::unique_ptr<Connection> c(new Connection(url, options));
    Error e;
    if (!c->connect(&e)) {
        if (error)
            *error = e;
        return nullptr;
    }
    return c;
}

Connection::Connection(const DatabaseUrl &url, const ConnectionOptions &options)
    : orm::Connection(url, options)
    , m_busyTimeoutMs(options.busyTimeoutMs)
{ }

Connection::~Connection()
{
    {
        std::lock_guard lock(m_cancelMutex);
        if (m_cancel)
            PQfreeCancel(m_cancel);
        m_cancel = nullptr;
    }
    if (m_conn)
        PQfinish(m_conn);
}

bool Connection::connect(Error *error)
{
    const QList<std::pair<QString, QString>> params = m_url.connectionParameters();
    QList<QByteArray> keys;
    QList<QByteArray> values;
    QByteArray urlOptions; // the URL's own (a search_path), after the session's
    for (const auto &[key, value] : params) {
        if (key == u"options") {
            urlOptions += ' ' + value.toUtf8();
            continue;
        }
        keys << key.toUtf8();
        values << value.toUtf8();
    }
    // What the session needs of the server: UTF-8, ISO dates, UTC, exact floats; and rows
    // without an order (a view's, a table's without a key, read by LIMIT / OFFSET) in the same
    // order from one read to the next: a scan of a big table joins one already running
    // elsewhere, at whatever row it has reached, unless synchronize_seqscans is off.
    QByteArray settings = "-c DateStyle=ISO -c TimeZone=UTC -c extra_float_digits=3 "
                          "-c synchronize_seqscans=off";
    if (m_options.readOnly)
        settings += " -c default_transaction_read_only=on";
    // How long a statement waits for another transaction's lock (0 would wait for ever).
    settings += " -c lock_timeout=" + QByteArray::number(qMax(1, m_busyTimeoutMs));
    settings += urlOptions;
    keys << "client_encoding"
         << "options"
         << "fallback_application_name";
    values << "UTF8" << settings << "rowsmith";
    // libpq waits for ever on a server that accepts the connection and never answers (a
    // stopped process, a firewall that swallows packets): the command line would hang.
    if (!keys.contains("connect_timeout") && qEnvironmentVariableIsEmpty("PGCONNECT_TIMEOUT")) {
        keys << "connect_timeout";
        values << QByteArray::number(kConnectTimeoutSeconds);
    }
    std::vector<const char *> k;
    std::vector<const char *> v;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        k.push_back(keys[i].constData());
        v.push_back(values[i].constData());
    }
    k.push_back(nullptr);
    v.push_back(nullptr);

    if (m_conn)
        PQfinish(m_conn);
    m_abandoned = false;
    m_conn = PQconnectdbParams(k.data(), v.data(), 0);
    if (!m_conn || PQstatus(m_conn) != CONNECTION_OK) {
        const QString message =
            m_conn ? fromUtf8(PQerrorMessage(m_conn)).trimmed() : QStringLiteral("out of memory");
        *error = Error(Error::Kind::Connection,
                       QStringLiteral("Cannot connect to %1: %2").arg(m_url.toString(), message));
        if (m_conn)
            PQfinish(m_conn);
        m_conn = nullptr;
        return false;
    }
    std::lock_guard lock(m_cancelMutex);
    if (m_cancel)
        PQfreeCancel(m_cancel);
    m_cancel = PQgetCancel(m_conn);
    m_ended = false;
    // A server that ends an idle connection says so (FATAL) before it closes it, as a message
    // libpq hands to the notice receiver: the connection is taken for ended from then on.
    PQsetNoticeReceiver(
        m_conn,
        [](void *self, const PGresult *notice) {
            if (qstrcmp(PQresultErrorField(notice, PG_DIAG_SEVERITY_NONLOCALIZED), "FATAL") == 0)
                static_cast<Connection *>(self)->m_ended = true;
        },
        this);
    return true;
}

bool Connection::isConnected() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

int Connection::serverVersion() const
{
    return m_conn ? PQserverVersion(m_conn) : 0;
}

bool Connection::ensureConnected()
{
    // A server that ended the connection while it was idle (idle_session_timeout, an
    // administrator, a restart) left word of it on the socket: read first, so that a
    // statement outside a transaction goes to a new connection instead of failing.
    if (isConnected() && !m_active && !m_waiting && PQtransactionStatus(m_conn) == PQTRANS_IDLE
        && PQconsumeInput(m_conn)) {
        // Reading does not parse: PQnotifies() does, and hands a FATAL to the notice receiver.
        while (PGnotify *notify = PQnotifies(m_conn))
            PQfreemem(notify);
    }
    if (isConnected() && !(m_ended && PQtransactionStatus(m_conn) == PQTRANS_IDLE))
        return true;
    // The server dropped the connection (restart, network, idle timeout): connect again. The
    // server's prepared statements went with it.
    for (auto &entry : m_cache)
        entry->name.clear();
    m_toDeallocate.clear();
    m_active = nullptr;
    Error e;
    if (!connect(&e)) {
        m_lastError = e;
        return false;
    }
    return true;
}

QByteArray Connection::numberPlaceholders(const QString &sql, int *count, QStringList *names)
{
    const QByteArray in = sql.toUtf8();
    QByteArray out;
    out.reserve(in.size() + 16);
    int n = 0;
    int highest = 0;
    QList<QByteArray> named; // by number - 1; empty for `?`
    const auto isNameChar = [](char c) { return std::isalnum(uchar(c)) || c == '_'; };
    const qsizetype size = in.size();
    for (qsizetype i = 0; i < size; ++i) {
        const char ch = in[i];
        const auto copyUntil = [&](qsizetype end) {
            out.append(in.constData() + i, end - i);
            i = end - 1;
        };
        if (ch == '\'' || ch == '"') {
            qsizetype j = i + 1;
            while (j < size) {
                if (in[j] == ch) {
                    if (j + 1 < size && in[j + 1] == ch) {
                        j += 2;
                        continue;
                    }
                    break;
                }
                ++j;
            }
            copyUntil(qMin(j + 1, size));
        } else if (ch == '-' && i + 1 < size && in[i + 1] == '-') {
            const qsizetype end = in.indexOf('\n', i);
            copyUntil(end < 0 ? size : end);
        } else if (ch == '/' && i + 1 < size && in[i + 1] == '*') {
            const qsizetype end = in.indexOf("*/", i + 2);
            copyUntil(end < 0 ? size : end + 2);
        } else if (ch == '$') {
            // $n (a numbered parameter) or $tag$ … $tag$ (dollar-quoted text).
            qsizetype j = i + 1;
            while (j < size && (std::isalnum(uchar(in[j])) || in[j] == '_'))
                ++j;
            const QByteArray tag = in.mid(i + 1, j - i - 1);
            if (!tag.isEmpty() && std::all_of(tag.begin(), tag.end(), [](char c) {
                    return std::isdigit(uchar(c));
                })) {
                highest = qMax(highest, tag.toInt());
                copyUntil(j);
            } else if (j < size && in[j] == '$'
                       && (tag.isEmpty() || !std::isdigit(uchar(tag[0])))) {
                const QByteArray delimiter = in.mid(i, j - i + 1);
                const qsizetype end = in.indexOf(delimiter, j + 1);
                copyUntil(end < 0 ? size : end + delimiter.size());
            } else {
                out.append(ch);
            }
        } else if (ch == '?') {
            named.append(QByteArray());
            out.append('$').append(QByteArray::number(++n));
        } else if ((ch == ':' || ch == '@') && i + 1 < size
                   && (std::isalpha(uchar(in[i + 1])) || in[i + 1] == '_')
                   && (i == 0
                       || !(isNameChar(in[i - 1]) || in[i - 1] == ':' || in[i - 1] == ']'
                            || in[i - 1] == '"' || in[i - 1] == ')'))) {
            qsizetype j = i + 1;
            while (j < size && isNameChar(in[j]))
                ++j;
            const QByteArray name = in.mid(i + 1, j - i - 1);
            qsizetype number = named.indexOf(name) + 1;
            if (number == 0) {
                named.append(name);
                number = ++n;
            }
            out.append('$').append(QByteArray::number(number));
            i = j - 1;
        } else {
            out.append(ch);
        }
    }
    *count = qMax(n, highest);
    if (names) {
        names->clear();
        for (const QByteArray &name : std::as_const(named))
            *names << QString::fromUtf8(name);
    }
    return out;
}

orm::Statement Connection::prepareText(QStringView text, const QString *owned)
{
    return prepareCached(owned ? *owned : text.toString(), {});
}

orm::Statement Connection::prepareArrays(const QString &sql, const orm::Statement &row, int rows)
{
    const auto *one = dynamic_cast<const Statement *>(row.backend());
    if (!one || rows < 1)
        return orm::Statement();
    std::vector<Oid> types;
    for (const Oid element : one->m_entry->parameterTypes) {
        const Oid array = arrayTypeOf(element);
        if (array == 0)
            return orm::Statement();
        types.push_back(array);
    }
    // One cache entry per number of rows: the values a statement is bound with are its rows'.
    return prepareCached(sql + QStringLiteral(" -- %1 rows").arg(rows), std::move(types), rows);
}

// The type of arrays of `element` (pg_type.typarray): the common ones known, others asked for
// once a connection. 0 when the type has none.
unsigned Connection::arrayTypeOf(unsigned element)
{
    static const std::pair<Oid, Oid> known[] = {
        {16, 1000},   {17, 1001},   {20, 1016},   {21, 1005},   {23, 1007},   {25, 1009},
        {114, 199},   {700, 1021},  {701, 1022},  {1042, 1014}, {1043, 1015}, {1082, 1182},
        {1083, 1183}, {1114, 1115}, {1184, 1185}, {1700, 1231}, {2950, 2951}, {3802, 3807}};
    for (const auto &[e, a] : known) {
        if (e == element)
            return a;
    }
    if (const auto found = m_arrayTypes.find(element); found != m_arrayTypes.end())
        return found->second;
    orm::Statement lookUp = prepare(QStringLiteral("SELECT typarray FROM pg_type WHERE oid = ?"));
    if (!lookUp.isValid())
        return 0;
    lookUp.bindInt64(0, qint64(element));
    const Oid array = lookUp.next() ? Oid(lookUp.int64(0)) : 0;
    lookUp.reset();
    m_arrayTypes.emplace(element, array);
    return array;
}

orm::Statement Connection::prepareCopy(const QString &quotedTable, const QStringList &quotedColumns,
                                       int rows)
{
    const QString sql = QStringLiteral("COPY %1 (%2) FROM STDIN -- %3 rows")
                            .arg(quotedTable, quotedColumns.join(QStringLiteral(", ")))
                            .arg(rows);
    for (auto &entry : m_cache) {
        if (entry->sql == sql && !entry->inUse) {
            entry->lastUse = ++m_clock;
            return orm::Statement(new Statement(this, entry.get()));
        }
    }
    makeRoomInCache();
    auto entry = std::make_unique<detail::CachedStatement>();
    entry->sql = sql;
    entry->copyColumns = int(quotedColumns.size());
    entry->parameterCount = rows * int(quotedColumns.size());
    entry->lastUse = ++m_clock;
    m_cache.push_back(std::move(entry));
    return orm::Statement(new Statement(this, m_cache.back().get()));
}

orm::Statement Connection::prepareCached(const QString &sql, std::vector<Oid> parameterTypes,
                                         int arrayRows)
{
    m_lastError = Error();
    if (refusedWhileWaiting())
        return orm::Statement();
    suspendActive();
    if (!ensureConnected())
        return orm::Statement();
    for (auto &entry : m_cache) {
        if (entry->sql == sql && !entry->inUse) {
            entry->lastUse = ++m_clock;
            if (entry->name.isEmpty() && entry->copyColumns == 0 && !prepareOnServer(*entry))
                return orm::Statement();
            return orm::Statement(new Statement(this, entry.get()));
        }
    }
    makeRoomInCache();
    auto entry = std::make_unique<detail::CachedStatement>();
    entry->sql = sql;
    entry->parameterTypes = std::move(parameterTypes);
    entry->arrayRows = arrayRows;
    entry->lastUse = ++m_clock;
    if (!prepareOnServer(*entry))
        return orm::Statement();
    m_cache.push_back(std::move(entry));
    return orm::Statement(new Statement(this, m_cache.back().get()));
}

// The least recently used statement not in use leaves the cache when it is full, and the
// server with the next statement prepared there.
void Connection::makeRoomInCache()
{
    const size_t capacity = size_t(qMax(1, m_options.statementCacheSize));
    if (m_cache.size() >= capacity) {
        const auto victim =
            std::min_element(m_cache.begin(), m_cache.end(), [](const auto &a, const auto &b) {
                return (a->inUse ? ~quint64(0) : a->lastUse)
                    < (b->inUse ? ~quint64(0) : b->lastUse);
            });
        if (victim != m_cache.end() && !(*victim)->inUse) {
            if (!(*victim)->name.isEmpty())
                m_toDeallocate << (*victim)->name;
            m_cache.erase(victim);
        }
    }
}

bool Connection::prepareOnServer(detail::CachedStatement &entry)
{
    // Statements evicted earlier are let go on the server first, in one round trip.
    if (!m_toDeallocate.isEmpty()) {
        QByteArray deallocate;
        for (const QByteArray &name : std::as_const(m_toDeallocate))
            deallocate += "DEALLOCATE " + name + ";";
        m_toDeallocate.clear();
        PQclear(resultOf(PQsendQuery(m_conn, deallocate.constData())));
    }
    const QByteArray name = "rs_" + QByteArray::number(++m_nextStatementId);
    int count = 0;
    const QByteArray text = numberPlaceholders(entry.sql, &count, &entry.parameterNames);
    PGresult *r =
        resultOf(PQsendPrepare(m_conn, name.constData(), text.constData(),
                               int(entry.parameterTypes.size()), entry.parameterTypes.data()));
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        r ? setErrorFromResult(r, entry.sql) : setConnectionError(entry.sql);
        PQclear(r);
        if (isTracing()) {
            StatementRecord record;
            record.sql = entry.sql;
            record.ok = false;
            record.error = m_lastError.message();
            report(record);
        }
        return false;
    }
    PQclear(r);
    r = resultOf(PQsendDescribePrepared(m_conn, name.constData()));
    if (PQresultStatus(r) != PGRES_COMMAND_OK) {
        r ? setErrorFromResult(r, entry.sql) : setConnectionError(entry.sql);
        PQclear(r);
        return false;
    }
    entry.parameterCount = PQnparams(r);
    entry.parameterTypes.resize(size_t(entry.parameterCount));
    for (int i = 0; i < entry.parameterCount; ++i)
        entry.parameterTypes[size_t(i)] = PQparamtype(r, i);
    if (entry.arrayRows > 0)
        entry.parameterCount *= entry.arrayRows;
    entry.columnNames.clear();
    entry.columnTypes.clear();
    for (int i = 0; i < PQnfields(r); ++i) {
        entry.columnNames << fromUtf8(PQfname(r, i));
        entry.columnTypes.push_back(PQftype(r, i));
    }
    PQclear(r);
    entry.name = name;
    return true;
}

void Connection::returnToCache(detail::CachedStatement *entry)
{
    entry->inUse = false;
    entry->traceParams.clear();
}

pg_result *Connection::nextResult()
{
    // Without a hook (or inside it: a statement the hook itself runs) libpq blocks.
    if (m_waitHook && !m_waiting && m_conn) {
        m_waiting = true;
        while (PQisBusy(m_conn)) {
            if (!m_waitHook(qintptr(PQsocket(m_conn)))) {
                abandon();
                break;
            }
            if (!PQconsumeInput(m_conn))
                break; // the connection is lost: PQgetResult() says so
        }
        m_waiting = false;
    }
    return PQgetResult(m_conn);
}

pg_result *Connection::resultOf(int sent)
{
    if (!sent)
        return nullptr;
    PGresult *kept = nullptr;
    while (PGresult *r = nextResult()) {
        const ExecStatusType status = PQresultStatus(kept);
        if (kept && (status == PGRES_FATAL_ERROR || status == PGRES_BAD_RESPONSE)) {
            PQclear(r);
            continue;
        }
        PQclear(kept);
        kept = r;
    }
    return kept;
}

bool Connection::refusedWhileWaiting()
{
    if (!m_waiting)
        return false;
    m_lastError = Error(Error::Kind::Busy,
                        QStringLiteral("The connection is waiting for the server's "
                                       "answer to another statement"));
    return true;
}

void Connection::abandon()
{
    m_abandoned = true;
    // Shut, not closed: libpq meets the end at its next read and fails the statement; the
    // descriptor is closed with the connection (PQfinish), and ensureConnected() connects again.
    ::shutdown(PQsocket(m_conn), SHUT_RDWR);
}

void Connection::suspendActive()
{
    // libpq runs one statement at a time: the rows another statement has not read yet are read
    // now and kept by it, so that both can go on.
    Statement *s = std::exchange(m_active, nullptr);
    if (!s || !s->m_active)
        return;
    while (PGresult *r = nextResult()) {
        switch (PQresultStatus(r)) {
        case PGRES_SINGLE_TUPLE:
            s->m_buffered.push_back(r);
            break;
        case PGRES_TUPLES_OK:
        case PGRES_COMMAND_OK:
            s->m_changes = changedRows(r);
            PQclear(r);
            break;
        default:
            setErrorFromResult(r, s->m_entry->sql);
            PQclear(r);
            s->m_buffered.push_back(nullptr);
            break;
        }
    }
    s->m_active = false;
}

qsizetype Connection::pipeline(Statement &st, qsizetype rows,
                               const std::function<void(qsizetype)> &bind,
                               const std::function<void(qsizetype, pg_result *)> &onResult)
{
    const QString &sql = st.m_entry->sql;
    if (refusedWhileWaiting())
        return 0;
    suspendActive();
    if (!ensureConnected() || (st.m_entry->name.isEmpty() && !prepareOnServer(*st.m_entry)))
        return 0;
    // A sync every so many rows keeps what each side has not read yet within the socket's
    // buffers, so that neither waits on the other.
    constexpr qsizetype rowsPerSync = 256;
    std::vector<const char *> values;
    std::vector<int> lengths;
    qsizetype failedRow = -1;
    for (qsizetype first = 0; first < rows && failedRow < 0; first += rowsPerSync) {
        const qsizetype last = qMin(rows, first + rowsPerSync);
        if (!PQenterPipelineMode(m_conn)) {
            setConnectionError(sql);
            return first;
        }
        for (qsizetype i = first; i < last; ++i) {
            bind(i);
            const size_t n = st.m_values.size();
            values.assign(n, nullptr);
            lengths.assign(n, 0);
            for (size_t p = 0; p < n; ++p) {
                if (!st.m_isNull[p]) {
                    values[p] = st.m_values[p].constData();
                    lengths[p] = int(st.m_values[p].size());
                }
            }
            if (!PQsendQueryPrepared(m_conn, st.m_entry->name.constData(), int(n), values.data(),
                                     lengths.data(), st.m_formats.data(), 0)) {
                setConnectionError(sql);
                failedRow = i;
                break;
            }
            std::fill(st.m_isNull.begin(), st.m_isNull.end(), true);
        }
        if (!PQpipelineSync(m_conn) && failedRow < 0) {
            setConnectionError(sql);
            failedRow = first;
        }
        // Each run's result, then a null; at the end the sync. After a failure the server
        // skips the rest (PGRES_PIPELINE_ABORTED).
        qsizetype row = first;
        for (;;) {
            PGresult *r = nextResult();
            if (!r) {
                if (PQstatus(m_conn) != CONNECTION_OK) {
                    setConnectionError(sql);
                    if (failedRow < 0)
                        failedRow = row;
                    break;
                }
                continue; // the end of one run's results
            }
            const ExecStatusType status = PQresultStatus(r);
            if (status == PGRES_PIPELINE_SYNC) {
                PQclear(r);
                break;
            }
            if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
                if (failedRow < 0)
                    onResult(row, r);
            } else if (status != PGRES_PIPELINE_ABORTED && failedRow < 0) {
                setErrorFromResult(r, sql);
                failedRow = row;
            }
            ++row;
            PQclear(r);
        }
        PQexitPipelineMode(m_conn);
    }
    return failedRow;
}

void Connection::reportPipeline(const QString &sql, qsizetype rows, qint64 durationNs, bool ok)
{
    StatementRecord record;
    record.sql = sql + QStringLiteral(" -- %1 rows, pipelined").arg(rows);
    record.durationNs = durationNs;
    record.ok = ok;
    record.error = ok ? QString() : m_lastError.message();
    report(record);
}

bool Connection::execEach(orm::Statement &statement, qsizetype rows,
                          const std::function<void(qsizetype)> &bind, std::vector<qint64> *changes,
                          qsizetype *failedRow)
{
    auto &st = static_cast<Statement &>(*statement.backend());
    changes->assign(size_t(rows), 0);
    QElapsedTimer timer;
    if (isTracing())
        timer.start();
    const qsizetype failed = pipeline(st, rows, bind, [this, changes](qsizetype i, PGresult *r) {
        m_changes = changedRows(r);
        (*changes)[size_t(i)] = m_changes;
    });
    if (isTracing())
        reportPipeline(st.m_entry->sql, rows, timer.nsecsElapsed(), failed < 0);
    if (failed >= 0 && failedRow)
        *failedRow = failed;
    return failed < 0;
}

std::optional<QList<QVariantList>> Connection::execBatch(const QString &sql,
                                                         const QList<QVariantList> &rows)
{
    orm::Statement handle = prepare(sql);
    if (!handle.isValid())
        return std::nullopt;
    auto &st = static_cast<Statement &>(*handle.backend());
    QList<QVariantList> results;
    results.reserve(rows.size());
    QElapsedTimer timer;
    if (isTracing())
        timer.start();
    const auto bind = [&](qsizetype i) {
        for (int p = 0; p < rows.at(i).size(); ++p)
            st.bindValue(p, rows.at(i).at(p));
    };
    const qsizetype failed = pipeline(st, rows.size(), bind, [&](qsizetype, PGresult *r) {
        QVariantList row;
        if (PQntuples(r) > 0) {
            st.m_row = r;
            st.m_rowIndex = 0;
            for (int c = 0; c < PQnfields(r); ++c)
                row << st.value(c);
            st.m_row = nullptr;
        }
        results << row;
    });
    if (isTracing())
        reportPipeline(sql, rows.size(), timer.nsecsElapsed(), failed < 0);
    if (failed >= 0)
        return std::nullopt;
    return results;
}

bool Connection::runSimple(const QString &sql)
{
    orm::Statement st = prepare(sql);
    return st.isValid() && st.exec();
}

bool Connection::begin(TransactionMode)
{
    return runSimple(QStringLiteral("BEGIN"));
}

bool Connection::commit()
{
    // The server answers COMMIT of a transaction a statement failed in by rolling it back,
    // without an error: nothing was written, and the caller must hear it.
    if (m_conn && PQtransactionStatus(m_conn) == PQTRANS_INERROR) {
        (void)runSimple(QStringLiteral("ROLLBACK"));
        m_lastError = Error(Error::Kind::Sql,
                            QStringLiteral("A statement of the transaction failed, so the server "
                                           "rolled it back: nothing was committed"));
        return false;
    }
    recordTransaction();
    if (runSimple(QStringLiteral("COMMIT")))
        return true;
    if (m_abandoned) {
        m_lastError = Error(Error::Kind::Connection,
                            QStringLiteral("Gave up waiting for the server's answer to COMMIT: "
                                           "the connection was closed, and whether the server "
                                           "wrote the transaction is not known"));
    }
    return false;
}

bool Connection::rollback()
{
    if (!isConnected())
        return true; // the server ended the transaction with the connection
    const Error keep = m_lastError; // the error that caused the rollback stays the one reported
    recordTransaction();
    const bool ok = runSimple(QStringLiteral("ROLLBACK"));
    m_lastError = keep;
    return ok;
}

static QString quoted(const QString &name)
{
    return u'"' + QString(name).replace(u'"', QStringLiteral("\"\"")) + u'"';
}

bool Connection::savepoint(const QString &name)
{
    return runSimple(QStringLiteral("SAVEPOINT ") + quoted(name));
}

bool Connection::releaseSavepoint(const QString &name)
{
    return runSimple(QStringLiteral("RELEASE SAVEPOINT ") + quoted(name));
}

bool Connection::rollbackToSavepoint(const QString &name)
{
    const Error keep = m_lastError;
    const bool ok = runSimple(QStringLiteral("ROLLBACK TO SAVEPOINT ") + quoted(name))
        && runSimple(QStringLiteral("RELEASE SAVEPOINT ") + quoted(name));
    m_lastError = keep;
    return ok;
}

bool Connection::inTransaction() const
{
    if (!m_conn)
        return false;
    switch (PQtransactionStatus(m_conn)) {
    case PQTRANS_INTRANS:
    case PQTRANS_INERROR:
        return true;
    case PQTRANS_ACTIVE: // a statement runs: whether it runs inside BEGIN was seen as it began
        return m_active && m_active->m_inTransactionBlock;
    default:
        return false;
    }
}

void Connection::cancel()
{
    std::lock_guard lock(m_cancelMutex);
    if (!m_cancel)
        return;
    char message[256];
    PQcancel(m_cancel, message, int(sizeof message));
}

std::function<void()> Connection::detachedInterrupt()
{
    PGcancel *cancel = m_conn ? PQgetCancel(m_conn) : nullptr;
    if (!cancel)
        return nullptr;
    std::shared_ptr<PGcancel> owned(cancel, PQfreeCancel);
    return [owned] {
        char message[256];
        PQcancel(owned.get(), message, int(sizeof message));
    };
}

void Connection::setErrorFromResult(PGresult *result, const QString &sql)
{
    const QString state = errorField(result, PG_DIAG_SQLSTATE);
    if (state.isEmpty()) {
        setConnectionError(sql);
        return;
    }
    const QString primary = errorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const QString detail = errorField(result, PG_DIAG_MESSAGE_DETAIL);
    const QString position = errorField(result, PG_DIAG_STATEMENT_POSITION);
    m_lastErrorPosition = position.isEmpty() ? -1 : position.toInt() - 1;
    Error e = errorFromSqlState(state, detail.isEmpty() ? primary : primary + u' ' + detail);
    e.setSql(sql);
    e.setTable(errorField(result, PG_DIAG_TABLE_NAME));
    e.setConstraintName(errorField(result, PG_DIAG_CONSTRAINT_NAME));
    const QString column = errorField(result, PG_DIAG_COLUMN_NAME);
    if (!column.isEmpty())
        e.setColumns({column});
    else if (e.kind() == Error::Kind::Constraint)
        e.setColumns(keyColumns(detail));
    // A primary key's violation is reported as a unique one; the server names its constraint
    // "<table>_pkey" unless told otherwise.
    if (e.constraint() == Error::Constraint::Unique && !e.table().isEmpty()
        && e.constraintName() == e.table() + QStringLiteral("_pkey"))
        e.setConstraint(Error::Constraint::PrimaryKey);
    m_lastError = e;
}

void Connection::setConnectionError(const QString &sql)
{
    m_lastErrorPosition = -1;
    const QString message = m_conn ? fromUtf8(PQerrorMessage(m_conn)).trimmed() : QString();
    Error e(
        Error::Kind::Connection,
        m_abandoned ? QStringLiteral("Gave up waiting for the server: the connection was closed")
            : isConnected() ? message
                            : QStringLiteral("The connection to the server was lost: %1")
                                  .arg(message.isEmpty() ? QStringLiteral("no answer") : message));
    e.setSql(sql);
    m_lastError = e;
}

QString Connection::prepareError(const QString &sql)
{
    // Prepared under no name (the unnamed statement, replaced by the next one), never run.
    if (refusedWhileWaiting())
        return m_lastError.message();
    suspendActive();
    if (!ensureConnected())
        return m_lastError.message();
    int count = 0;
    const QByteArray text = numberPlaceholders(sql, &count);
    PGresult *r = resultOf(PQsendPrepare(m_conn, "", text.constData(), 0, nullptr));
    QString error;
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        error = r ? errorField(r, PG_DIAG_MESSAGE_PRIMARY) : fromUtf8(PQerrorMessage(m_conn));
    PQclear(r);
    return error;
}

std::optional<qint64> Connection::dataVersion(LockWait)
{
    // Not through prepare(): asked on timers, it is neither echoed nor reported.
    if (refusedWhileWaiting())
        return std::nullopt;
    suspendActive();
    if (!ensureConnected())
        return std::nullopt;
    PGresult *r = resultOf(PQsendQuery(m_conn, "SELECT pg_current_snapshot()::text"));
    std::optional<qint64> version;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        const QByteArrayView snapshot(PQgetvalue(r, 0, 0), PQgetlength(r, 0, 0));
        if (endedElsewhere(snapshot) || m_dataVersion < 0)
            ++m_dataVersion;
        version = m_dataVersion;
    }
    PQclear(r);
    return version;
}

std::shared_ptr<const CommitLog> Connection::recordCommits()
{
    if (!m_commits) {
        m_commits = std::make_shared<CommitLog>();
        m_passedOver.push_back(m_commits);
    }
    return m_commits;
}

void Connection::passOverCommits(std::shared_ptr<const CommitLog> log)
{
    if (log && std::find(m_passedOver.begin(), m_passedOver.end(), log) == m_passedOver.end())
        m_passedOver.push_back(std::move(log));
}

void Connection::recordTransaction()
{
    // An aborted transaction answers no query: its end is taken for another program's.
    if (!m_commits || !m_conn || PQtransactionStatus(m_conn) != PQTRANS_INTRANS)
        return;
    suspendActive();
    // NULL for a transaction that wrote nothing (it has no id, and moves no snapshot). The ids
    // of subtransactions that wrote are not told (a released one holds no lock on its id any
    // more): their ends are taken for another program's.
    PGresult *r = resultOf(PQsendQuery(m_conn, "SELECT pg_current_xact_id_if_assigned()::text"));
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
        m_commits->add(quint32(QByteArrayView(PQgetvalue(r, 0, 0)).toULongLong()));
    PQclear(r);
}

bool Connection::endedElsewhere(QByteArrayView snapshot)
{
    const QList<QByteArray> parts = snapshot.toByteArray().split(':');
    if (parts.size() != 3)
        return true;
    const quint64 xmax = parts[1].toULongLong();
    std::vector<quint64> running;
    if (!parts[2].isEmpty()) {
        for (const QByteArray &id : parts[2].split(','))
            running.push_back(id.toULongLong());
    }
    std::sort(running.begin(), running.end());
    const bool first = !m_seenSnapshot;
    const quint64 seenXmax = std::exchange(m_seenXmax, xmax);
    std::vector<quint64> seenRunning = std::exchange(m_seenRunning, running);
    m_seenSnapshot = true;
    if (first)
        return false;
    // Ended since: running then, or not begun (from the old xmax on), and not running now.
    // Ids are handed out one after another, so more new ids than the logs hold cannot all be
    // this program's.
    qsizetype logged = 0;
    for (const auto &log : m_passedOver)
        logged += log->size();
    if (xmax > seenXmax && xmax - seenXmax > quint64(logged) + running.size())
        return true;
    const auto ownOrRunning = [&](quint64 id) {
        if (std::binary_search(running.begin(), running.end(), id))
            return true;
        return std::any_of(m_passedOver.begin(), m_passedOver.end(),
                           [id](const auto &log) { return log->contains(quint32(id)); });
    };
    for (quint64 id : seenRunning) {
        if (!ownOrRunning(id))
            return true;
    }
    for (quint64 id = seenXmax; id < xmax; ++id) {
        if (!ownOrRunning(id))
            return true;
    }
    return false;
}

bool Connection::reserveKeys(const QString &schema, const QString &table, const QString &column,
                             int count, std::vector<qint64> *keys)
{
    // The sequence is found once: pg_get_serial_sequence() for every row took 15 microseconds
    // a key, thirty times nextval()'s own work.
    orm::Statement st = prepare(
        QStringLiteral("WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(?, ?)::regclass AS "
                       "seq) SELECT nextval(s.seq) FROM s, generate_series(1, ?)"));
    if (!st.isValid())
        return false;
    st.bindText(0, m_dialect.quoteTable(schema, table));
    st.bindText(1, column);
    st.bindInt64(2, count);
    keys->clear();
    keys->reserve(size_t(count));
    while (st.next()) {
        if (st.isNull(0))
            return false; // the column has no sequence
        keys->push_back(st.int64(0));
    }
    return !st.hasError() && keys->size() == size_t(count);
}

void Connection::setBusyTimeout(int ms)
{
    m_busyTimeoutMs = qMax(0, ms);
    if (isConnected()) {
        // lock_timeout 0 would wait for ever: the shortest wait stands for "at once".
        runSimple(QStringLiteral("SET lock_timeout = %1").arg(qMax(1, m_busyTimeoutMs)));
    }
}

std::optional<MetaData> Connection::reflect(const QString &schema, Error *error)
{
    return postgresql::reflect(*this, schema, error);
}

std::optional<QStringList> Connection::schemas(Error *error)
{
    return postgresql::schemas(*this, error);
}

} // namespace orm::postgresql
