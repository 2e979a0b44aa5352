// SPDX-License-Identifier: MIT
#include "orm/engine/storedrows.h"

#include "orm/sql/types.h"

#include <vector>

namespace orm::detail {

namespace {

class ReplayBackend final : public StatementBackend
{
public:
    explicit ReplayBackend(const StoredRows &rows)
        : m_rows(rows)
    { }

    QString sql() const override { return {}; }
    int parameterCount() const override { return 0; }
    void bindNull(int) override { }
    void bindInt64(int, qint64) override { }
    void bindDouble(int, double) override { }
    void bindText(int, const QString &) override { }
    void bindUtf8(int, const char *, qsizetype) override { }
    void bindBlob(int, const QByteArray &) override { }
    void bindValue(int, const QVariant &) override { }
    bool bindNamed(const QString &, const QVariant &) override { return false; }

    bool next() override
    {
        if (m_row + 1 >= m_rows.size()) {
            m_row = m_rows.size();
            return false;
        }
        ++m_row;
        m_bytes.clear();
        return true;
    }
    bool hasError() const override { return false; }
    void reset() override { m_row = -1; }
    void release() override { delete this; }
    qint64 changes() const override { return 0; }

    int columnCount() const override { return m_rows.isEmpty() ? 0 : int(m_rows.first().size()); }
    QString columnName(int) const override { return {}; }
    StorageClass storageClass(int column) const override
    {
        const QVariant &v = at(column);
        if (v.isNull())
            return StorageClass::Null;
        switch (v.typeId()) {
        case QMetaType::LongLong:
        case QMetaType::Int:
        case QMetaType::Bool:
            return StorageClass::Integer;
        case QMetaType::Double:
            return StorageClass::Float;
        case QMetaType::QByteArray:
            return StorageClass::Blob;
        default:
            return StorageClass::Text;
        }
    }
    qint64 int64(int column) const override
    {
        const QVariant &v = at(column);
        if (storageClass(column) != StorageClass::Text)
            return v.toLongLong();
        // As SQLite reads a number from text: its leading digits.
        qsizetype n = 0;
        const char *p = utf8(column, &n);
        qsizetype i = 0;
        while (i < n && (p[i] == ' ' || p[i] == '\t'))
            ++i;
        const qsizetype start = i;
        if (i < n && (p[i] == '-' || p[i] == '+'))
            ++i;
        while (i < n && p[i] >= '0' && p[i] <= '9')
            ++i;
        return QByteArray(p + start, i - start).toLongLong();
    }
    double toDouble(int column) const override
    {
        if (storageClass(column) != StorageClass::Text)
            return at(column).toDouble();
        qsizetype n = 0;
        const char *p = utf8(column, &n);
        return QByteArray(p, n).toDouble();
    }
    QString text(int column) const override
    {
        const QVariant &v = at(column);
        if (v.metaType() == QMetaType::fromType<TextBytes>())
            return v.value<TextBytes>().toString();
        return v.toString();
    }
    const char *utf8(int column, qsizetype *length) const override
    {
        const QVariant &v = at(column);
        if (v.isNull()) {
            *length = 0;
            return nullptr;
        }
        QByteArray &bytes = bytesOf(column);
        if (bytes.isNull()) {
            if (v.metaType() == QMetaType::fromType<TextBytes>())
                bytes = v.value<TextBytes>().bytes();
            else if (v.typeId() == QMetaType::QByteArray)
                bytes = v.toByteArray();
            else
                bytes = v.toString().toUtf8();
            if (bytes.isNull())
                bytes = QByteArray("");
        }
        *length = bytes.size();
        return bytes.constData();
    }
    QByteArray blob(int column) const override
    {
        qsizetype n = 0;
        const char *p = utf8(column, &n);
        return p ? QByteArray(p, n) : QByteArray();
    }
    QVariant value(int column) const override { return at(column); }
    ColumnValue column(int column) const override
    {
        const StorageClass c = storageClass(column);
        switch (c) {
        case StorageClass::Null:
            return ColumnValue::null(this, column);
        case StorageClass::Integer:
            return ColumnValue::integer(at(column).toLongLong(), this, column);
        case StorageClass::Float:
            return ColumnValue::real(at(column).toDouble(), this, column);
        case StorageClass::Text:
        case StorageClass::Blob: {
            qsizetype n = 0;
            const char *p = utf8(column, &n);
            return ColumnValue::bytes(c, p, n, this, column);
        }
        }
        return ColumnValue::null(this, column);
    }

private:
    const QVariant &at(int column) const
    {
        static const QVariant null;
        if (m_row < 0 || m_row >= m_rows.size())
            return null;
        const QVariantList &row = m_rows.at(m_row);
        return column >= 0 && column < row.size() ? row.at(column) : null;
    }
    // The current row's bytes of a column, made once (valid until the next row).
    QByteArray &bytesOf(int column) const
    {
        if (m_bytes.size() <= size_t(column))
            m_bytes.resize(size_t(column) + 1);
        return m_bytes[size_t(column)];
    }

    const StoredRows &m_rows;
    qsizetype m_row = -1;
    mutable std::vector<QByteArray> m_bytes;
};

} // namespace

Statement replayStatement(const StoredRows &rows)
{
    return Statement(new ReplayBackend(rows));
}

} // namespace orm::detail
