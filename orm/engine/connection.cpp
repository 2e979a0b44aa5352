// SPDX-License-Identifier: MIT
// What every driver's connections and statements share: column values, echo and listeners.
#include "orm/engine/connection.h"

#include "orm/engine/logging.h"
#include "orm/engine/statementrun_p.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace orm {

namespace {

// Text that is not ASCII, through Qt's decoder; *valid (when asked) says whether the bytes were
// UTF-8. The decoder puts U+FFFD for what it cannot read: only then are the bytes compared
// with the text encoded again (U+FFFD itself may have been stored).
QString decodeOther(const char *p, qsizetype n, bool *valid)
{
    QString s = QString::fromUtf8(p, n);
    if (valid)
        *valid = !s.contains(QChar::ReplacementCharacter) || s.toUtf8() == QByteArrayView(p, n);
    return s;
}

// Column text to a QString. ASCII (keys, names, e-mails, dates: most text a table holds) is
// widened here, 16 bytes at a time; Qt's decoder costs about twice as much on short strings.
// Anything else goes to Qt's decoder.
} // namespace

// ASCII widened to UTF-16 into out (n units); false, with out partly written, for any other
// byte.
static inline bool widenAscii(const char *p, qsizetype n, char16_t *out)
{
    qsizetype i = 0;
#ifdef __SSE2__
    const __m128i zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p + i));
        if (_mm_movemask_epi8(v))
            return false;
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), _mm_unpacklo_epi8(v, zero));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i + 8), _mm_unpackhi_epi8(v, zero));
    }
    if (i + 8 <= n) {
        const __m128i v = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(p + i));
        if (_mm_movemask_epi8(v))
            return false;
        _mm_storeu_si128(reinterpret_cast<__m128i *>(out + i), _mm_unpacklo_epi8(v, zero));
        i += 8;
    }
#endif
    for (; i < n; ++i) {
        const auto c = static_cast<unsigned char>(p[i]);
        if (c >= 0x80)
            return false;
        out[i] = char16_t(c);
    }
    return true;
}

QString detail::decodeText(const char *p, qsizetype n, bool *valid)
{
    if (valid)
        *valid = true;
    if (n == 0)
        return QString::fromUtf8(p, 0); // empty, not null
    QString s(n, Qt::Uninitialized);
    if (!widenAscii(p, n, reinterpret_cast<char16_t *>(s.data())))
        return decodeOther(p, n, valid);
    return s;
}

detail::RowText::RowText(qsizetype units)
{
    if (units > 1) {
        // Qt ends the block with a NUL of its own: the last text's.
        m_block = QString(units - 1, Qt::Uninitialized);
        m_next = reinterpret_cast<char16_t *>(m_block.data());
        m_left = units;
    }
}

QString detail::RowText::decode(const char *p, qsizetype n, bool *valid)
{
    const qsizetype units = unitsFor(n);
    if (units == 0 || units > m_left || !widenAscii(p, n, m_next))
        return decodeText(p, n, valid);
    if (valid)
        *valid = true;
    m_next[n] = u'\0';
    QTypedArrayData<char16_t> *block = m_block.data_ptr().d_ptr();
    block->ref();
    QString s(QString::DataPointer(block, m_next, n));
    m_next += units;
    m_left -= units;
    return s;
}

namespace {

QString formatParam(const QVariant &v)
{
    if (v.isNull())
        return QStringLiteral("None");
    switch (v.metaType().id()) {
    case QMetaType::QString: {
        QString s = v.toString();
        if (s.size() > 200)
            s = s.left(200) + QStringLiteral("...");
        return u'\'' + s.replace(u'\'', QStringLiteral("\\'")) + u'\'';
    }
    case QMetaType::QByteArray:
        return QStringLiteral("<%1 bytes>").arg(v.toByteArray().size());
    default:
        return v.toString();
    }
}

} // namespace

// ---- ColumnValue -------------------------------------------------------------------------

qint64 ColumnValue::int64() const
{
    switch (m_class) {
    case StorageClass::Integer:
        return m_int;
    case StorageClass::Float:
        return qint64(m_double);
    case StorageClass::Null:
        return 0;
    default:
        return m_statement->int64(m_column);
    }
}

double ColumnValue::toDouble() const
{
    switch (m_class) {
    case StorageClass::Integer:
        return double(m_int);
    case StorageClass::Float:
        return m_double;
    case StorageClass::Null:
        return 0;
    default:
        return m_statement->toDouble(m_column);
    }
}

const char *ColumnValue::utf8(qsizetype *length) const
{
    switch (m_class) {
    case StorageClass::Text:
    case StorageClass::Blob:
        *length = m_size;
        return m_data ? m_data : "";
    case StorageClass::Null:
        *length = 0;
        return nullptr;
    default:
        return m_statement->utf8(m_column, length);
    }
}

QString ColumnValue::text(bool *validUtf8) const
{
    qsizetype n = 0;
    const char *p = utf8(&n);
    if (!p) {
        *validUtf8 = true;
        return QString();
    }
    return detail::decodeText(p, n, validUtf8);
}

// ---- Connection --------------------------------------------------------------------------

Connection::Connection(const DatabaseUrl &url, const ConnectionOptions &options)
    : m_url(url)
    , m_options(options)
    , m_echo(options.echo)
{ }

Connection::~Connection() = default;

bool Connection::exec(const QString &sql, const QVariantList &params)
{
    return detail::execStatement(*this, sql, params);
}

std::optional<QList<QVariantList>> Connection::select(const QString &sql,
                                                      const QVariantList &params)
{
    return detail::selectRows(*this, sql, params);
}

bool Connection::execEach(Statement &statement, qsizetype rows,
                          const std::function<void(qsizetype)> &bind, std::vector<qint64> *changes,
                          qsizetype *failedRow)
{
    changes->resize(size_t(rows));
    for (qsizetype i = 0; i < rows; ++i) {
        bind(i);
        const bool ok = statement.exec();
        statement.reset();
        if (!ok) {
            if (failedRow)
                *failedRow = i;
            return false;
        }
        (*changes)[size_t(i)] = this->changes();
    }
    return true;
}

int Connection::addListener(StatementListener listener)
{
    const int id = m_nextListenerId++;
    m_listeners.emplace_back(id, std::move(listener));
    return id;
}

void Connection::removeListener(int id)
{
    std::erase_if(m_listeners, [id](const auto &p) { return p.first == id; });
}

void detail::echoStatement(const StatementRecord &record)
{
    QStringList params;
    for (const QVariant &p : record.params)
        params << formatParam(p);
    qCInfo(lcOrmSql).noquote() << record.sql << "[" + params.join(QStringLiteral(", ")) + "]"
                               << QStringLiteral("(%1 ms)").arg(record.durationNs / 1e6, 0, 'f', 3)
                               << (record.ok ? QString()
                                             : QStringLiteral("FAILED: ") + record.error);
}

void Connection::report(const StatementRecord &record)
{
    if (m_echo)
        detail::echoStatement(record);
    // Listeners may remove themselves while being called.
    const auto listeners = m_listeners;
    for (const auto &[id, listener] : listeners)
        listener(record);
}

} // namespace orm
