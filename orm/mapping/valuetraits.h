// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/sql/types.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <QVariant>

#include <optional>
#include <type_traits>

namespace orm {

// How a C++ member type is bound, read, compared and converted. The hot paths go straight
// between the member and SQLite: no QVariant.
//
// read() returns whether the member now holds the stored value exactly: binding it would
// store the same storage class and the same bytes. It does not for text in an INTEGER column,
// text that is not valid UTF-8, date-time text not in the stored form, …; the baseline then
// keeps the value as stored (detail::Snapshot), so that an untouched member is never written
// and conflict checks compare what the database holds. (A read() returning void is taken as
// always exact.)
//
// toStored() (optional) gives the value bind() binds, in storage form, where
// storage::toStorage(toVariant(v)) would not (a JSON string).
template<class M, class Enable = void>
struct ValueTraits;

namespace detail {
// A member of a column declared in another stored form (TypeSpec::storedAs(): 't' / 'f', epoch
// integers, ISO text with 'T'): bound and read through storage::'s conversions, off the fast
// paths that write SQLAlchemy's forms.
template<class M>
void bindInForm(Statement &st, int i, const M &v, const TypeSpec &t)
{
    st.bindValue(i, storage::toStorage(ValueTraits<M>::toVariant(v), t));
}
template<class M>
bool readInForm(const Statement &st, int c, M &out, const TypeSpec &t)
{
    const QVariant stored = st.value(c);
    const QVariant program = storage::fromStorage(stored, t);
    if (!ValueTraits<M>::fromVariant(program, out, t)) {
        out = M {};
        return false;
    }
    bool ok = true;
    return storage::matchesType(stored, t)
        && storage::isSameStored(storage::toStorage(program, t, &ok), stored) && ok;
}
} // namespace detail

namespace detail {
template<class I>
struct IntegralTraits
{
    static constexpr TypeSpec defaultType() { return Integer; }
    static void bind(Statement &st, int i, const I &v, const TypeSpec &)
    {
        st.bindInt64(i, qint64(v));
    }
    static bool read(const Statement &st, int c, I &out, const TypeSpec &)
    {
        // (The storage class first: a conversion would change it.)
        const ColumnValue v = st.column(c);
        const StorageClass storageClass = v.storageClass();
        const qint64 stored = v.int64();
        out = I(stored);
        return storageClass == StorageClass::Integer && qint64(out) == stored;
    }
    static QVariant toVariant(const I &v) { return QVariant::fromValue(qint64(v)); }
    static bool fromVariant(const QVariant &v, I &out, const TypeSpec &type)
    {
        // Keys and row ids arrive as integers: taken as they are.
        const bool integerColumn = type.type == ColumnType::Integer
            || type.type == ColumnType::BigInteger || type.type == ColumnType::Null;
        if (integerColumn && v.metaType().id() == QMetaType::LongLong) {
            out = I(*static_cast<const qlonglong *>(v.constData()));
            return true;
        }
        if (integerColumn && v.metaType().id() == QMetaType::Int) {
            out = I(*static_cast<const int *>(v.constData()));
            return true;
        }
        bool ok = false;
        const QVariant s =
            storage::toStorage(v, type.type == ColumnType::Null ? Integer : type, &ok);
        if (!ok || s.isNull())
            return false;
        out = I(s.toLongLong());
        return true;
    }
    static bool isNull(const I &) { return false; }
    static qint64 toInt64(const I &v) { return qint64(v); }
};
} // namespace detail

template<class I>
struct ValueTraits<I, std::enable_if_t<std::is_integral_v<I> && !std::is_same_v<I, bool>>>
    : detail::IntegralTraits<I>
{ };

template<>
struct ValueTraits<bool>
{
    static constexpr TypeSpec defaultType() { return Boolean; }
    static void bind(Statement &st, int i, const bool &v, const TypeSpec &t)
    {
        if (!t.form.isStandard())
            return detail::bindInForm(st, i, v, t);
        st.bindInt64(i, v ? 1 : 0);
    }
    static bool read(const Statement &st, int c, bool &out, const TypeSpec &t)
    {
        if (!t.form.isStandard())
            return detail::readInForm(st, c, out, t);
        const ColumnValue v = st.column(c);
        const StorageClass storageClass = v.storageClass();
        const qint64 stored = v.int64();
        out = stored != 0;
        return storageClass == StorageClass::Integer && (stored == 0 || stored == 1);
    }
    static QVariant toVariant(const bool &v) { return v; }
    static bool fromVariant(const QVariant &v, bool &out, const TypeSpec &)
    {
        if (v.metaType().id() == QMetaType::Bool) {
            out = v.toBool();
            return true;
        }
        bool ok = false;
        const QVariant s = storage::toStorage(v, Boolean, &ok);
        if (!ok || s.isNull())
            return false;
        out = s.toLongLong() != 0;
        return true;
    }
    static bool isNull(const bool &) { return false; }
    static qint64 toInt64(const bool &v) { return v; }
};

template<>
struct ValueTraits<double>
{
    static constexpr TypeSpec defaultType() { return Float; }
    static void bind(Statement &st, int i, const double &v, const TypeSpec &t)
    {
        // As NUMERIC affinity stores it (a whole number as an integer), so that the bound
        // value is the stored one.
        if (storage::storesAsInteger(v, t))
            st.bindInt64(i, qint64(v));
        else
            st.bindDouble(i, v);
    }
    static bool read(const Statement &st, int c, double &out, const TypeSpec &t)
    {
        const ColumnValue v = st.column(c);
        const StorageClass storageClass = v.storageClass();
        out = v.toDouble();
        switch (storageClass) {
        case StorageClass::Float:
            return !storage::storesAsInteger(out, t);
        case StorageClass::Integer:
            return storage::storesAsInteger(out, t) && qint64(out) == v.int64();
        default:
            return false;
        }
    }
    static QVariant toVariant(const double &v) { return v; }
    static bool fromVariant(const QVariant &v, double &out, const TypeSpec &)
    {
        bool ok = false;
        const QVariant s = storage::toStorage(v, Float, &ok);
        if (!ok || s.isNull())
            return false;
        out = s.toDouble();
        return true;
    }
    static bool isNull(const double &) { return false; }
    static qint64 toInt64(const double &v) { return qint64(v); }
};

template<>
struct ValueTraits<QString>
{
    static constexpr TypeSpec defaultType() { return Text; }
    static void bind(Statement &st, int i, const QString &v, const TypeSpec &)
    {
        st.bindText(i, v);
    }
    static bool read(const Statement &st, int c, QString &out, const TypeSpec &)
    {
        const ColumnValue v = st.column(c);
        const StorageClass stored = v.storageClass();
        bool valid = true;
        out = v.text(&valid);
        return valid && (stored == StorageClass::Text || stored == StorageClass::Null);
    }
    static QVariant toVariant(const QString &v) { return v.isNull() ? QVariant() : QVariant(v); }
    static bool fromVariant(const QVariant &v, QString &out, const TypeSpec &)
    {
        if (v.isNull()) {
            out = QString();
            return true;
        }
        if (!v.canConvert<QString>())
            return false;
        out = v.toString();
        if (out.isNull())
            out = QStringLiteral("");
        return true;
    }
    static bool isNull(const QString &v) { return v.isNull(); }
    static qint64 toInt64(const QString &v) { return v.toLongLong(); }
};

template<>
struct ValueTraits<QByteArray>
{
    static constexpr TypeSpec defaultType() { return LargeBinary; }
    static void bind(Statement &st, int i, const QByteArray &v, const TypeSpec &)
    {
        st.bindBlob(i, v);
    }
    static bool read(const Statement &st, int c, QByteArray &out, const TypeSpec &)
    {
        const StorageClass stored = StorageClass(st.storageClass(c));
        out = st.blob(c);
        return stored == StorageClass::Blob || stored == StorageClass::Null;
    }
    static QVariant toVariant(const QByteArray &v) { return v.isNull() ? QVariant() : QVariant(v); }
    static bool fromVariant(const QVariant &v, QByteArray &out, const TypeSpec &)
    {
        out = v.isNull() ? QByteArray() : v.toByteArray();
        return true;
    }
    static bool isNull(const QByteArray &v) { return v.isNull(); }
    static qint64 toInt64(const QByteArray &) { return 0; }
};

template<>
struct ValueTraits<Timestamp>
{
    static constexpr TypeSpec defaultType() { return DateTime; }
    static void bind(Statement &st, int i, const Timestamp &v, const TypeSpec &t)
    {
        if (!t.form.isStandard())
            return detail::bindInForm(st, i, v, t);
        char text[32];
        if (const int n = v.toUtf8(text))
            st.bindUtf8(i, text, n);
        else
            st.bindNull(i);
    }
    static bool read(const Statement &st, int c, Timestamp &out, const TypeSpec &t)
    {
        if (!t.form.isStandard())
            return detail::readInForm(st, c, out, t);
        const ColumnValue v = st.column(c);
        const StorageClass storageClass = v.storageClass();
        qsizetype n = 0;
        const char *p = v.utf8(&n);
        bool canonical = p == nullptr;
        out = p ? Timestamp::parse(p, n, &canonical) : Timestamp();
        return canonical && (storageClass == StorageClass::Text || !p);
    }
    static QVariant toVariant(const Timestamp &v)
    {
        return v.isValid() ? QVariant::fromValue(v) : QVariant();
    }
    static bool fromVariant(const QVariant &v, Timestamp &out, const TypeSpec &)
    {
        if (v.isNull()) {
            out = Timestamp();
            return true;
        }
        if (v.metaType() == QMetaType::fromType<Timestamp>()) {
            out = *static_cast<const Timestamp *>(v.constData());
            return true;
        }
        if (v.metaType().id() == QMetaType::QDateTime)
            out = Timestamp::fromDateTime(v.toDateTime());
        else if (v.metaType().id() == QMetaType::QDate)
            out = Timestamp(v.toDate(), 0, 0, 0);
        else
            out = Timestamp::parse(v.toString());
        return out.isValid();
    }
    static bool isNull(const Timestamp &v) { return v.isNull(); }
    static qint64 toInt64(const Timestamp &v) { return v.toMicroseconds(); }
};

// NUMERIC(p, s): exact, held at the scale s (see orm::Decimal), stored as SQLAlchemy stores a
// Decimal (a double; a whole number as an integer).
template<>
struct ValueTraits<Decimal>
{
    static constexpr TypeSpec defaultType() { return Numeric(); }
    static void bind(Statement &st, int i, const Decimal &v, const TypeSpec &t)
    {
        if (v.isNull()) {
            st.bindNull(i);
            return;
        }
        const double d = v.toDouble();
        if (storage::storesAsInteger(d, t))
            st.bindInt64(i, qint64(d));
        else
            st.bindDouble(i, d);
    }
    static bool read(const Statement &st, int c, Decimal &out, const TypeSpec &t)
    {
        const ColumnValue v = st.column(c);
        const int scale = t.precision > 0 ? t.scale : -1;
        switch (v.storageClass()) {
        case StorageClass::Null:
            out = Decimal();
            return true;
        case StorageClass::Integer:
            out = Decimal(v.int64(), 0).rescaled(qMax(scale, 0));
            return out.isValid() && storage::storesAsInteger(double(v.int64()), t);
        case StorageClass::Float: {
            const double d = v.toDouble();
            out = Decimal::fromDouble(d, scale);
            return out.isValid() && out.toDouble() == d && !storage::storesAsInteger(d, t);
        }
        default: {
            bool valid = true;
            out = Decimal::fromString(v.text(&valid));
            if (scale >= 0)
                out = out.rescaled(scale);
            return false;
        }
        }
    }
    static QVariant toVariant(const Decimal &v)
    {
        return v.isValid() ? QVariant::fromValue(v) : QVariant();
    }
    static QVariant toStored(const Decimal &v, const TypeSpec &t)
    {
        if (v.isNull())
            return QVariant();
        const double d = v.toDouble();
        return storage::storesAsInteger(d, t) ? QVariant(qint64(d)) : QVariant(d);
    }
    static bool fromVariant(const QVariant &v, Decimal &out, const TypeSpec &t)
    {
        if (v.isNull()) {
            out = Decimal();
            return true;
        }
        if (t.precision > 0) {
            out = storage::toDecimal(v, t);
        } else if (v.metaType() == QMetaType::fromType<Decimal>()) {
            out = *static_cast<const Decimal *>(v.constData());
        } else {
            const int id = v.metaType().id();
            out = id == QMetaType::Double || id == QMetaType::Float
                ? Decimal::fromDouble(v.toDouble(), -1)
                : Decimal::fromString(v.toString());
        }
        return out.isValid();
    }
    static bool isNull(const Decimal &v) { return v.isNull(); }
    static qint64 toInt64(const Decimal &v) { return v.toInt64(); }
};

// Milliseconds only: a stored ".251237" reads as .251 (orm::Timestamp keeps microseconds).
template<>
struct ValueTraits<QDateTime>
{
    static constexpr TypeSpec defaultType() { return DateTime; }
    static void bind(Statement &st, int i, const QDateTime &v, const TypeSpec &t)
    {
        if (!t.form.isStandard())
            return detail::bindInForm(st, i, v, t);
        char text[32];
        if (!v.isValid())
            st.bindNull(i);
        else if (const int n = storage::formatDateTimeUtf8(v, text))
            st.bindUtf8(i, text, n);
        else // a year outside 1..9999: as Qt writes it, never lost
            st.bindText(i, v.toUTC().toString(Qt::ISODateWithMs));
    }
    static bool read(const Statement &st, int c, QDateTime &out, const TypeSpec &t)
    {
        if (!t.form.isStandard())
            return detail::readInForm(st, c, out, t);
        const ColumnValue v = st.column(c);
        const StorageClass storageClass = v.storageClass();
        qsizetype n = 0;
        const char *p = v.utf8(&n);
        out = p ? storage::parseDateTime(p, n) : QDateTime();
        if (!p)
            return true;
        // Written back, it is "….fff000" in UTC.
        return out.isValid() && n == 26 && p[10] == ' ' && p[23] == '0' && p[24] == '0'
            && p[25] == '0' && storageClass == StorageClass::Text;
    }
    static QVariant toVariant(const QDateTime &v) { return v.isValid() ? QVariant(v) : QVariant(); }
    static bool fromVariant(const QVariant &v, QDateTime &out, const TypeSpec &)
    {
        if (v.isNull()) {
            out = QDateTime();
            return true;
        }
        if (v.metaType().id() == QMetaType::QDateTime) {
            out = v.toDateTime();
            return true;
        }
        if (v.metaType() == QMetaType::fromType<Timestamp>())
            out = static_cast<const Timestamp *>(v.constData())->toDateTime();
        else
            out = storage::parseDateTime(v.toString());
        return out.isValid();
    }
    static bool isNull(const QDateTime &v) { return !v.isValid(); }
    static qint64 toInt64(const QDateTime &v) { return v.toMSecsSinceEpoch(); }
};

template<>
struct ValueTraits<QDate>
{
    static constexpr TypeSpec defaultType() { return Date; }
    static void bind(Statement &st, int i, const QDate &v, const TypeSpec &t)
    {
        if (!t.form.isStandard())
            return detail::bindInForm(st, i, v, t);
        if (!v.isValid())
            st.bindNull(i);
        else
            st.bindText(i, storage::formatDate(v));
    }
    static bool read(const Statement &st, int c, QDate &out, const TypeSpec &t)
    {
        if (!t.form.isStandard())
            return detail::readInForm(st, c, out, t);
        const ColumnValue v = st.column(c);
        const StorageClass storageClass = v.storageClass();
        qsizetype n = 0;
        const char *p = v.utf8(&n);
        out = p ? storage::parseDate(p, n) : QDate();
        return !p || (out.isValid() && n == 10 && storageClass == StorageClass::Text);
    }
    static QVariant toVariant(const QDate &v) { return v.isValid() ? QVariant(v) : QVariant(); }
    static bool fromVariant(const QVariant &v, QDate &out, const TypeSpec &)
    {
        if (v.isNull()) {
            out = QDate();
            return true;
        }
        if (v.metaType().id() == QMetaType::QDate || v.metaType().id() == QMetaType::QDateTime) {
            out = v.toDate();
            return true;
        }
        out = storage::parseDate(v.toString());
        return out.isValid();
    }
    static bool isNull(const QDate &v) { return !v.isValid(); }
    static qint64 toInt64(const QDate &v) { return v.toJulianDay(); }
};

template<>
struct ValueTraits<QJsonValue>
{
    static constexpr TypeSpec defaultType() { return Json; }
    static void bind(Statement &st, int i, const QJsonValue &v, const TypeSpec &)
    {
        if (v.isUndefined()) {
            st.bindNull(i);
            return;
        }
        // Serialize the value itself: through QVariant a JSON string would become a QString,
        // which toStorage() takes for JSON text already serialized (storing hi, not "hi").
        st.bindText(i, serialized(v));
    }
    // Exact only for text that is the value's compact serialization ({"a":1}); other text
    // ({"a": 1}, as SQLAlchemy writes it) is kept as stored by the baseline. A QString member
    // mapped to orm::Json keeps any text as written.
    static bool read(const Statement &st, int c, QJsonValue &out, const TypeSpec &)
    {
        const ColumnValue v = st.column(c);
        const StorageClass storageClass = v.storageClass();
        if (storageClass == StorageClass::Null) {
            out = QJsonValue(QJsonValue::Undefined);
            return true;
        }
        bool valid = true;
        const QString text = v.text(&valid);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson('[' + text.toUtf8() + ']', &error);
        // Text that is not JSON reads as a JSON string of it.
        out = error.error == QJsonParseError::NoError && doc.array().size() == 1 ? doc.array().at(0)
                                                                                 : QJsonValue(text);
        return valid && storageClass == StorageClass::Text && serialized(out) == text;
    }
    static QString serialized(const QJsonValue &v)
    {
        const QByteArray wrapped = QJsonDocument(QJsonArray {v}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    static QVariant toVariant(const QJsonValue &v)
    {
        return v.isUndefined() ? QVariant() : v.toVariant();
    }
    static QVariant toStored(const QJsonValue &v, const TypeSpec &)
    {
        return v.isUndefined() ? QVariant() : QVariant(serialized(v));
    }
    static bool fromVariant(const QVariant &v, QJsonValue &out, const TypeSpec &)
    {
        if (!v.isValid()) {
            out = QJsonValue(QJsonValue::Undefined);
            return true;
        }
        if (v.metaType().id() == QMetaType::QString) {
            QJsonParseError err;
            const QJsonDocument doc =
                QJsonDocument::fromJson('[' + v.toString().toUtf8() + ']', &err);
            if (err.error != QJsonParseError::NoError)
                return false;
            out = doc.array().at(0);
            return true;
        }
        out = QJsonValue::fromVariant(v);
        return true;
    }
    static bool isNull(const QJsonValue &v) { return v.isUndefined(); }
    static qint64 toInt64(const QJsonValue &) { return 0; }
};

// std::optional<X>: nullopt is NULL.
template<class X>
struct ValueTraits<std::optional<X>>
{
    using Inner = ValueTraits<X>;
    static constexpr TypeSpec defaultType() { return Inner::defaultType(); }
    static void bind(Statement &st, int i, const std::optional<X> &v, const TypeSpec &t)
    {
        if (v)
            Inner::bind(st, i, *v, t);
        else
            st.bindNull(i);
    }
    static bool read(const Statement &st, int c, std::optional<X> &out, const TypeSpec &t)
    {
        if (st.isNull(c)) {
            out.reset();
            return true;
        }
        X x {};
        bool exact = true;
        if constexpr (std::is_same_v<decltype(Inner::read(st, c, x, t)), bool>)
            exact = Inner::read(st, c, x, t);
        else
            Inner::read(st, c, x, t);
        out = std::move(x);
        return exact;
    }
    static QVariant toVariant(const std::optional<X> &v)
    {
        return v ? Inner::toVariant(*v) : QVariant();
    }
    static QVariant toStored(const std::optional<X> &v, const TypeSpec &t)
    {
        if (!v)
            return QVariant();
        if constexpr (requires { Inner::toStored(*v, t); })
            return Inner::toStored(*v, t);
        bool ok = true;
        const QVariant program = Inner::toVariant(*v);
        const QVariant stored = storage::toStorage(program, t, &ok);
        return ok ? stored : program;
    }
    static bool fromVariant(const QVariant &v, std::optional<X> &out, const TypeSpec &t)
    {
        if (!v.isValid() || v.isNull()) {
            out.reset();
            return true;
        }
        X x {};
        if (!Inner::fromVariant(v, x, t))
            return false;
        out = std::move(x);
        return true;
    }
    static bool isNull(const std::optional<X> &v) { return !v.has_value(); }
    static qint64 toInt64(const std::optional<X> &v) { return v ? Inner::toInt64(*v) : 0; }
};

// QVariant members take any value the column's type accepts (converted on write).
template<>
struct ValueTraits<QVariant>
{
    static constexpr TypeSpec defaultType() { return TypeSpec {ColumnType::Null}; }
    static void bind(Statement &st, int i, const QVariant &v, const TypeSpec &t)
    {
        st.bindValue(i, storage::toStorage(v, t));
    }
    static bool read(const Statement &st, int c, QVariant &out, const TypeSpec &t)
    {
        const QVariant stored = st.value(c);
        out = storage::fromStorage(stored, t);
        bool ok = true;
        return storage::isSameStored(storage::toStorage(out, t, &ok), stored) && ok;
    }
    static QVariant toVariant(const QVariant &v) { return v; }
    static bool fromVariant(const QVariant &v, QVariant &out, const TypeSpec &t)
    {
        bool ok = true;
        storage::toStorage(v, t, &ok);
        if (ok)
            out = v;
        return ok;
    }
    static bool isNull(const QVariant &v) { return !v.isValid() || v.isNull(); }
    static qint64 toInt64(const QVariant &v) { return v.toLongLong(); }
};

} // namespace orm
