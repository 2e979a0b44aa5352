// SPDX-License-Identifier: MIT
#include "orm/sql/types.h"
#include "orm/sql/storedforms.h"

#include "orm/sql/datetime_p.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QLocale>

#include <cmath>
namespace orm {

QString typeDisplayName(const TypeSpec &type)
{
    switch (type.type) {
    case ColumnType::Null:
        return QStringLiteral("any");
    case ColumnType::Integer:
        return QStringLiteral("Integer");
    case ColumnType::BigInteger:
        return QStringLiteral("BigInteger");
    case ColumnType::String:
        return type.length > 0 ? QStringLiteral("String(%1)").arg(type.length)
                               : QStringLiteral("String");
    case ColumnType::Text:
        return QStringLiteral("Text");
    case ColumnType::Float:
        return QStringLiteral("Float");
    case ColumnType::Numeric:
        return QStringLiteral("Numeric");
    case ColumnType::Boolean:
        return QStringLiteral("Boolean");
    case ColumnType::Date:
        return QStringLiteral("Date");
    case ColumnType::DateTime:
        return QStringLiteral("DateTime");
    case ColumnType::LargeBinary:
        return QStringLiteral("LargeBinary");
    case ColumnType::Json:
        return QStringLiteral("JSON");
    }
    return {};
}

namespace {
void registerTextBytes()
{
    qRegisterMetaType<TextBytes>();
    QMetaType::registerConverter<TextBytes, QString>(&TextBytes::toString);
}
Q_CONSTRUCTOR_FUNCTION(registerTextBytes)
} // namespace

namespace storage {

namespace {

// A number as decimal text: a Decimal at its scale, a double in its shortest exact form (what
// Python's repr() gives), anything else as QVariant writes it.
QString numberText(const QVariant &value)
{
    const int id = value.metaType().id();
    if (id == qMetaTypeId<Decimal>())
        return static_cast<const Decimal *>(value.constData())->toString();
    if (id == QMetaType::Double || id == QMetaType::Float)
        return QString::number(value.toDouble(), 'g', QLocale::FloatingPointShortest);
    return value.toString();
}

template<typename Char>
inline int digits(const Char *p, int n, bool *ok)
{
    int v = 0;
    for (int i = 0; i < n; ++i) {
        const unsigned c = unsigned(p[i]) - '0';
        if (c > 9) {
            *ok = false;
            return 0;
        }
        v = v * 10 + int(c);
    }
    return v;
}

template<typename Char>
QDate parseDateImpl(const Char *s, qsizetype n)
{
    if (n < 10 || s[4] != '-' || s[7] != '-')
        return {};
    bool ok = true;
    const int y = digits(s, 4, &ok);
    const int m = digits(s + 5, 2, &ok);
    const int d = digits(s + 8, 2, &ok);
    if (!ok)
        return {};
    return QDate(y, m, d);
}

inline void put2(char16_t *p, int v)
{
    p[0] = char16_t(u'0' + v / 10);
    p[1] = char16_t(u'0' + v % 10);
}

inline void putDate(char16_t *p, QDate d)
{
    int y = d.year();
    p[0] = char16_t(u'0' + (y / 1000) % 10);
    p[1] = char16_t(u'0' + (y / 100) % 10);
    p[2] = char16_t(u'0' + (y / 10) % 10);
    p[3] = char16_t(u'0' + y % 10);
    p[4] = u'-';
    put2(p + 5, d.month());
    p[7] = u'-';
    put2(p + 8, d.day());
}

// Magnitudes of epoch integers: seconds up to 1e11 reach the year 5138, milliseconds from 1e11
// start in March 1973; so a magnitude tells them apart.
constexpr qint64 kMillisecondsFrom = 100000000000;
constexpr qint64 kFirstSecond = -62135596800; // 0001-01-01 00:00:00 UTC
constexpr qint64 kLastSecond = 253402300799; // 9999-12-31 23:59:59 UTC

bool isMillisecondMagnitude(qint64 v)
{
    return v >= kMillisecondsFrom || v <= -kMillisecondsFrom;
}

bool isEpochForm(const StoredForm &form)
{
    return form.kind == StoredForm::EpochSeconds || form.kind == StoredForm::EpochMilliseconds;
}

// Epoch seconds kept as REAL with their fraction (Python's time.time()): the form's
// fractionDigits is then 6 (microseconds, as far as a date-time goes). NUMERIC affinity keeps
// the whole ones as integers.
bool isRealEpochForm(const StoredForm &form)
{
    return form.kind == StoredForm::EpochSeconds && form.fractionDigits > 0;
}

// A REAL count of epoch seconds as a naive UTC date-time, to the microsecond; null out of
// Timestamp's range.
Timestamp timestampOfRealEpoch(double v)
{
    if (!std::isfinite(v) || v < double(kFirstSecond) || v >= double(kLastSecond + 1))
        return {};
    return Timestamp::fromMicroseconds(std::llround(v * 1e6));
}

bool isBooleanTextForm(const StoredForm &form)
{
    return form.kind == StoredForm::BooleanTF || form.kind == StoredForm::BooleanWords
        || form.kind == StoredForm::BooleanYN;
}

// An epoch integer as a naive UTC date-time; null out of Timestamp's range.
Timestamp timestampOfEpoch(qint64 v, StoredForm::Kind kind)
{
    if (kind == StoredForm::EpochSeconds)
        return v >= kFirstSecond && v <= kLastSecond ? Timestamp::fromMicroseconds(v * 1000000)
                                                     : Timestamp();
    return v >= kFirstSecond * 1000 && v <= kLastSecond * 1000 + 999
        ? Timestamp::fromMicroseconds(v * 1000)
        : Timestamp();
}

qint64 epochOf(const Timestamp &t, StoredForm::Kind kind)
{
    return detail::floorDiv(t.toUtcMicroseconds(),
                            kind == StoredForm::EpochSeconds ? 1000000 : 1000);
}

// The date of an epoch integer at midnight UTC; invalid for any other instant.
QDate dateOfEpoch(qint64 v, StoredForm::Kind kind)
{
    const Timestamp t = timestampOfEpoch(v, kind);
    if (!t.isValid() || t.toMicroseconds() % detail::kMicrosPerDay != 0)
        return {};
    return t.date();
}

// ISO 8601 text with 'T' in the column's zone and fraction style. A value with another
// offset than the column keeps is the same instant in UTC; a naive one is taken as UTC.
QString isoText(const Timestamp &value, const StoredForm &form)
{
    Timestamp t = value;
    if (form.zone != StoredForm::Offset && t.hasOffset())
        t = Timestamp::fromMicroseconds(t.toUtcMicroseconds());
    char text[32];
    t.withoutOffset().toUtf8(text); // "YYYY-MM-DD HH:MM:SS.ffffff"
    text[10] = 'T';
    QString out = QString::fromLatin1(text, 19);
    // A value finer than the column's digits gets the digits it needs: never cut.
    int digits = qMin<int>(form.fractionDigits, 6);
    if (t.microsecond() % 1000 != 0)
        digits = 6;
    else if (t.microsecond() != 0 && digits < 3)
        digits = 3;
    if (digits > 0 && !(form.fractionWhenNonZero && t.microsecond() == 0))
        out += u'.' + QString::fromLatin1(text + 20, digits);
    if (form.zone == StoredForm::UtcZ) {
        out += u'Z';
    } else if (form.zone == StoredForm::Offset) {
        const int offset = t.hasOffset() ? t.offsetSeconds() : 0;
        const int minutes = qAbs(offset) / 60;
        out += QLatin1Char(offset < 0 ? '-' : '+')
            + QString::number(minutes / 60).rightJustified(2, u'0') + u':'
            + QString::number(minutes % 60).rightJustified(2, u'0');
    }
    return out;
}

// The zone and fraction digits of ISO text with 'T' (already parsed as a date-time).
StoredForm isoFormOf(QStringView text)
{
    StoredForm form {StoredForm::IsoText};
    qsizetype i = 16;
    if (i < text.size() && text[i] == u':')
        i += 3;
    if (i < text.size() && text[i] == u'.') {
        const qsizetype from = ++i;
        while (i < text.size() && text[i].isDigit())
            ++i;
        form.fractionDigits = quint8(qMin<qsizetype>(i - from, 6));
    }
    if (i < text.size())
        form.zone = text[i] == u'Z' ? StoredForm::UtcZ : StoredForm::Offset;
    return form;
}

// toStorage() of the types that have other frameworks' forms: invalid when the value does
// not convert.
QVariant booleanToStorage(const QVariant &value, const TypeSpec &type)
{
    const int id = value.metaType().id();
    qint64 v = 0;
    if (id == QMetaType::Bool) {
        v = value.toBool();
    } else if (id == QMetaType::QString) {
        const QString s = value.toString().trimmed().toLower();
        const bool words = isBooleanTextForm(type.form); // 't' typed for a 't' / 'f' column
        if (s == u"1" || s == u"true" || s == u"yes" || (words && (s == u"t" || s == u"y")))
            v = 1;
        else if (s == u"0" || s == u"false" || s == u"no" || (words && (s == u"f" || s == u"n")))
            v = 0;
        else
            return {};
    } else {
        bool converted = false;
        v = value.toLongLong(&converted);
        if (!converted || (v != 0 && v != 1))
            return {};
    }
    switch (type.form.kind) {
    case StoredForm::BooleanTF:
        return v ? QStringLiteral("t") : QStringLiteral("f");
    case StoredForm::BooleanWords:
        return v ? QStringLiteral("true") : QStringLiteral("false");
    case StoredForm::BooleanYN:
        return v ? QStringLiteral("Y") : QStringLiteral("N");
    default:
        return v;
    }
}

// The decimal text of REAL epoch seconds (a copied cell, a CSV field), as the instant.
Timestamp realEpochText(const QVariant &value, const StoredForm &form)
{
    if (!isRealEpochForm(form) || value.metaType().id() != QMetaType::QString)
        return {};
    bool ok = false;
    const double v = value.toString().trimmed().toDouble(&ok);
    return ok ? timestampOfRealEpoch(v) : Timestamp();
}

// The integer text of an epoch form's stored value (a copied cell, a CSV field).
std::optional<qint64> epochText(const QVariant &value, const StoredForm &form)
{
    if (!isEpochForm(form) || value.metaType().id() != QMetaType::QString)
        return std::nullopt;
    bool ok = false;
    const qint64 v = value.toString().trimmed().toLongLong(&ok);
    return ok ? std::optional<qint64>(v) : std::nullopt;
}

QVariant dateToStorage(const QVariant &value, const TypeSpec &type)
{
    const int id = value.metaType().id();
    QDate d;
    if (id == QMetaType::QDate) {
        d = value.toDate();
    } else if (id == QMetaType::QDateTime) {
        d = value.toDateTime().date();
    } else if (id == qMetaTypeId<Timestamp>()) {
        d = static_cast<const Timestamp *>(value.constData())->date();
    } else if (isEpochForm(type.form) && (id == QMetaType::LongLong || id == QMetaType::Int)) {
        d = dateOfEpoch(value.toLongLong(), type.form.kind); // the stored integer itself
    } else if (const auto stored = epochText(value, type.form)) {
        d = dateOfEpoch(*stored, type.form.kind); // as copied or exported: its digits
    } else {
        const QString s = value.toString();
        if (s.size() == 10)
            d = parseDate(s);
    }
    if (!d.isValid())
        return {};
    if (isEpochForm(type.form))
        return epochOf(Timestamp(d, 0, 0, 0), type.form.kind);
    return formatDate(d);
}

// SQLAlchemy's text ("2024-05-01 10:20:30.000000"), or the same without a zero fraction (str()
// of a Python datetime: Django's, and SQLite's own datetime()), as the column's values are. A
// column of Django's naive text (zone UtcZ for this kind: detectStoredForm()) holds UTC: a
// value with an offset is converted, not written with it, which the column's text would
// compare wrongly. Elsewhere (SQLAlchemy's form, a typed model's column) a value is written as
// given, its offset with it, as before forms were detected.
QString standardText(Timestamp t, const StoredForm &form)
{
    if (t.hasOffset() && form.zone == StoredForm::UtcZ)
        t = Timestamp::fromMicroseconds(t.toUtcMicroseconds());
    QString text = t.toString();
    if (form.fractionWhenNonZero && t.microsecond() == 0 && text.size() >= 26)
        text.remove(19, 7);
    return text;
}

QVariant dateTimeToStorage(const QVariant &value, const TypeSpec &type)
{
    const int id = value.metaType().id();
    Timestamp t;
    if (id == qMetaTypeId<Timestamp>())
        t = *static_cast<const Timestamp *>(value.constData());
    else if (id == QMetaType::QDateTime)
        t = Timestamp::fromDateTime(value.toDateTime());
    else if (id == QMetaType::QDate)
        t = Timestamp(value.toDate(), 0, 0, 0);
    else if (isEpochForm(type.form) && (id == QMetaType::LongLong || id == QMetaType::Int))
        t = timestampOfEpoch(value.toLongLong(), type.form.kind); // the stored integer
    else if (isRealEpochForm(type.form) && id == QMetaType::Double)
        t = timestampOfRealEpoch(value.toDouble()); // the stored REAL
    else if (const auto stored = epochText(value, type.form))
        t = timestampOfEpoch(*stored, type.form.kind); // as copied or exported: its digits
    else if (const Timestamp real = realEpochText(value, type.form); real.isValid())
        t = real;
    else
        t = Timestamp::parse(value.toString());
    if (!t.isValid())
        return {};
    switch (type.form.kind) {
    case StoredForm::EpochSeconds:
        if (isRealEpochForm(type.form)) {
            const qint64 micros = t.toUtcMicroseconds();
            if (micros % 1000000 == 0)
                return micros / 1000000; // stored as an integer all the same
            return double(micros) / 1e6;
        }
        return epochOf(t, type.form.kind);
    case StoredForm::EpochMilliseconds:
        return epochOf(t, type.form.kind);
    case StoredForm::IsoText:
        return isoText(t, type.form);
    default:
        return standardText(t, type.form);
    }
}

} // namespace

QDateTime parseDateTime(const char *text, qsizetype length)
{
    // The stored form straight to milliseconds: the loading path of QDateTime members.
    if (const qint64 micros = detail::parseStoredWords(text, length); micros != detail::kNoInstant)
        return QDateTime::fromMSecsSinceEpoch(detail::floorDiv(micros, 1000), Qt::UTC);
    return Timestamp::parse(text, length).toDateTime();
}

QDateTime parseDateTime(QStringView text)
{
    return Timestamp::parse(text).toDateTime();
}

QDate parseDate(const char *text, qsizetype length)
{
    return parseDateImpl(text, length);
}

QDate parseDate(QStringView text)
{
    return parseDateImpl(text.utf16(), text.size());
}

QString formatDate(QDate d)
{
    if (!d.isValid())
        return {};
    QString out(10, Qt::Uninitialized);
    putDate(reinterpret_cast<char16_t *>(out.data()), d);
    return out;
}

QString formatDateTime(const QDateTime &value)
{
    return Timestamp::fromDateTime(value).toString();
}

int formatDateTimeUtf8(const QDateTime &value, char *out)
{
    return Timestamp::fromDateTime(value).toUtf8(out);
}

QVariant toStorage(const QVariant &value, const TypeSpec &type, bool *ok)
{
    if (ok)
        *ok = true;
    if (!value.isValid() || value.isNull())
        return QVariant();
    if (value.metaType() == QMetaType::fromType<TextBytes>())
        return value;
    auto fail = [ok]() {
        if (ok)
            *ok = false;
        return QVariant();
    };
    const int id = value.metaType().id();
    switch (type.type) {
    case ColumnType::Null:
        break;
    case ColumnType::Integer:
    case ColumnType::BigInteger: {
        if (id == QMetaType::Bool)
            return qint64(value.toBool());
        if (id == QMetaType::Double || id == QMetaType::Float) {
            const double d = value.toDouble();
            if (d != double(qint64(d)))
                return fail();
            return qint64(d);
        }
        bool converted = false;
        const qint64 v = id == QMetaType::QString
            ? value.toString().trimmed().toLongLong(&converted)
            : value.toLongLong(&converted);
        return converted ? QVariant(v) : fail();
    }
    case ColumnType::Float:
    case ColumnType::Numeric: {
        if (type.type == ColumnType::Numeric && type.form.kind == StoredForm::DecimalText) {
            // A server's: its digits as they are, where a double would round past the 17th.
            const QString text = numberText(value).trimmed();
            if (!Decimal::split(text).ok || !decimalProblem(value, type).isEmpty())
                return fail();
            return text;
        }
        if (type.type == ColumnType::Numeric && type.precision > 0) {
            // Exact, at the declared scale, then as SQLAlchemy binds a Decimal: a double.
            const Decimal d = toDecimal(value, type);
            if (d.isNull())
                return fail();
            const double v = d.toDouble();
            return storesAsInteger(v, type) ? QVariant(qint64(v)) : QVariant(v);
        }
        bool converted = false;
        const double v = id == QMetaType::QString ? value.toString().trimmed().toDouble(&converted)
                                                  : value.toDouble(&converted);
        if (!converted)
            return fail();
        return storesAsInteger(v, type) ? QVariant(qint64(v)) : QVariant(v);
    }
    case ColumnType::Boolean:
    case ColumnType::Date:
    case ColumnType::DateTime: {
        const QVariant stored = type.type == ColumnType::Boolean ? booleanToStorage(value, type)
            : type.type == ColumnType::Date                      ? dateToStorage(value, type)
                                                                 : dateTimeToStorage(value, type);
        return stored.isValid() ? stored : fail();
    }
    case ColumnType::String:
    case ColumnType::Text:
        if (id == QMetaType::QByteArray)
            return QString::fromUtf8(value.toByteArray());
        if (id == QMetaType::QDateTime)
            return formatDateTime(value.toDateTime());
        if (id == qMetaTypeId<Timestamp>())
            return value.value<Timestamp>().toString();
        if (id == QMetaType::QDate)
            return formatDate(value.toDate());
        if (id == QMetaType::QString)
            return value;
        if (!value.canConvert<QString>())
            return fail();
        return value.toString();
    case ColumnType::LargeBinary:
        if (id == QMetaType::QString)
            return value.toString().toUtf8();
        return value.toByteArray();
    case ColumnType::Json: {
        if (id == QMetaType::QString) {
            // Already serialized: kept as written, if it is JSON.
            QJsonParseError error;
            QJsonDocument::fromJson('[' + value.toString().toUtf8() + ']', &error);
            return error.error == QJsonParseError::NoError ? value : fail();
        }
        const QJsonValue json = QJsonValue::fromVariant(value);
        if (json.isObject())
            return QString::fromUtf8(QJsonDocument(json.toObject()).toJson(QJsonDocument::Compact));
        if (json.isArray())
            return QString::fromUtf8(QJsonDocument(json.toArray()).toJson(QJsonDocument::Compact));
        // Scalars: serialize through an array and strip its brackets.
        const QByteArray wrapped = QJsonDocument(QJsonArray {json}).toJson(QJsonDocument::Compact);
        return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
    }
    }
    // Untyped: store what SQLite can store as it is.
    switch (id) {
    case QMetaType::Bool:
        return qint64(value.toBool());
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return value.toLongLong();
    case QMetaType::Double:
    case QMetaType::Float:
        return value.toDouble();
    case QMetaType::QByteArray:
        return value;
    case QMetaType::QDateTime:
        return formatDateTime(value.toDateTime());
    case QMetaType::QDate:
        return formatDate(value.toDate());
    default:
        if (id == qMetaTypeId<Timestamp>())
            return value.value<Timestamp>().toString();
        return value.toString();
    }
}

QVariant fromStorage(const QVariant &stored, const TypeSpec &type)
{
    if (stored.isNull())
        return QVariant();
    const int id = stored.metaType().id();
    switch (type.type) {
    case ColumnType::Null:
    case ColumnType::String:
    case ColumnType::Text:
    case ColumnType::LargeBinary:
    case ColumnType::Integer:
    case ColumnType::BigInteger:
    case ColumnType::Float:
        return stored;
    case ColumnType::Numeric: {
        if (type.precision <= 0)
            return stored;
        // As SQLAlchemy reads it: rounded to the scale.
        const Decimal d = id == QMetaType::LongLong
            ? Decimal(stored.toLongLong(), 0).rescaled(type.scale)
            : id == QMetaType::Double ? Decimal::fromDouble(stored.toDouble(), type.scale)
                                      : Decimal();
        return d.isNull() ? stored : QVariant::fromValue(d);
    }
    case ColumnType::Boolean:
        if (id == QMetaType::LongLong || id == QMetaType::Int)
            return stored.toLongLong() != 0;
        if (id == QMetaType::QString && isBooleanTextForm(type.form)) {
            const QString &s = *static_cast<const QString *>(stored.constData());
            if (s == u"t" || s == u"true" || s == u"Y")
                return true;
            if (s == u"f" || s == u"false" || s == u"N")
                return false;
        }
        return stored;
    case ColumnType::Date:
        if (id == QMetaType::QString) {
            const QDate d = parseDate(stored.toString());
            return d.isValid() ? QVariant(d) : stored;
        }
        if (id == QMetaType::LongLong && isEpochForm(type.form)) {
            const QDate d = dateOfEpoch(stored.toLongLong(), type.form.kind);
            return d.isValid() ? QVariant(d) : stored;
        }
        return stored;
    case ColumnType::DateTime:
        if (id == QMetaType::QString) {
            const QString &text = *static_cast<const QString *>(stored.constData());
            Timestamp t = Timestamp::parse(text);
            // 'Z' is UTC, which a naive value is by convention: shown and compared as one.
            if (type.form.kind == StoredForm::IsoText && type.form.zone == StoredForm::UtcZ
                && text.endsWith(u'Z'))
                t = t.withoutOffset();
            return t.isValid() ? QVariant::fromValue(t) : stored;
        }
        if (id == QMetaType::LongLong && isEpochForm(type.form)) {
            const Timestamp t = timestampOfEpoch(stored.toLongLong(), type.form.kind);
            return t.isValid() ? QVariant::fromValue(t) : stored;
        }
        if (id == QMetaType::Double && isRealEpochForm(type.form)) {
            const Timestamp t = timestampOfRealEpoch(stored.toDouble());
            return t.isValid() ? QVariant::fromValue(t) : stored;
        }
        return stored;
    case ColumnType::Json:
        // The text as written ({"a": 1} stays so): shown, edited and written back as it is.
        return stored;
    }
    return stored;
}

bool matchesType(const QVariant &stored, const TypeSpec &type)
{
    if (stored.isNull())
        return true;
    const int id = stored.metaType().id();
    if (id == qMetaTypeId<TextBytes>())
        return type.type == ColumnType::Null;
    if (!type.form.isStandard()
        && (type.type == ColumnType::Boolean || type.type == ColumnType::Date
            || type.type == ColumnType::DateTime)) {
        const std::optional<StoredForm> form = formOf(stored, type.type);
        if (!form)
            return false;
        if (type.form.kind == StoredForm::EpochMilliseconds && id == QMetaType::LongLong
            && stored.toLongLong() == 0)
            return true; // the epoch itself, in either unit
        if (form->kind != type.form.kind)
            return false;
        // A REAL in a column of whole seconds is not in its form.
        if (isRealEpochForm(*form) && !isRealEpochForm(type.form))
            return false;
        // A DATE holds midnight UTC only.
        return type.type != ColumnType::Date
            || fromStorage(stored, type).metaType().id() == QMetaType::QDate;
    }
    switch (type.type) {
    case ColumnType::Null:
        return true;
    case ColumnType::Integer:
    case ColumnType::BigInteger:
        return id == QMetaType::LongLong;
    case ColumnType::Boolean:
        return id == QMetaType::LongLong && (stored.toLongLong() == 0 || stored.toLongLong() == 1);
    case ColumnType::Float:
    case ColumnType::Numeric:
        if (type.form.kind == StoredForm::DecimalText)
            return id == QMetaType::QString && Decimal::split(stored.toString()).ok;
        return id == QMetaType::Double || id == QMetaType::LongLong;
    case ColumnType::String:
    case ColumnType::Text:
        return id == QMetaType::QString;
    case ColumnType::LargeBinary:
        return id == QMetaType::QByteArray;
    case ColumnType::Date:
        return id == QMetaType::QString && parseDate(stored.toString()).isValid();
    case ColumnType::DateTime:
        return id == QMetaType::QString
            && Timestamp::parse(*static_cast<const QString *>(stored.constData())).isValid();
    case ColumnType::Json: {
        if (id != QMetaType::QString)
            return false;
        QJsonParseError err;
        QJsonDocument::fromJson('[' + stored.toString().toUtf8() + ']', &err);
        return err.error == QJsonParseError::NoError;
    }
    }
    return true;
}

bool isProgramValue(const QVariant &value, const TypeSpec &type)
{
    if (!value.isValid() || value.isNull())
        return true;
    const int id = value.metaType().id();
    if (id == qMetaTypeId<TextBytes>())
        return false; // always shown as stored
    const bool integral = id == QMetaType::LongLong || id == QMetaType::Int || id == QMetaType::UInt
        || id == QMetaType::ULongLong;
    switch (type.type) {
    case ColumnType::Null:
    case ColumnType::Json:
        return true;
    case ColumnType::Integer:
    case ColumnType::BigInteger:
        return integral;
    case ColumnType::Boolean:
        return id == QMetaType::Bool;
    case ColumnType::Float:
    case ColumnType::Numeric:
        return integral || id == QMetaType::Double || id == QMetaType::Float
            || id == qMetaTypeId<Decimal>()
            || (type.form.kind == StoredForm::DecimalText && id == QMetaType::QString);
    case ColumnType::String:
    case ColumnType::Text:
        return id == QMetaType::QString;
    case ColumnType::LargeBinary:
        return id == QMetaType::QByteArray;
    case ColumnType::Date:
        return id == QMetaType::QDate;
    case ColumnType::DateTime:
        return id == qMetaTypeId<Timestamp>() || id == QMetaType::QDateTime;
    }
    return true;
}

QString storageClassName(const QVariant &stored)
{
    if (!stored.isValid() || stored.isNull())
        return QStringLiteral("null");
    switch (stored.metaType().id()) {
    case QMetaType::Bool:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return QStringLiteral("integer");
    case QMetaType::Double:
    case QMetaType::Float:
        return QStringLiteral("real");
    case QMetaType::QByteArray:
        return QStringLiteral("blob");
    default:
        return QStringLiteral("text");
    }
}

QString decimalProblem(const QVariant &value, const TypeSpec &type)
{
    const bool exactText = type.form.kind == StoredForm::DecimalText;
    if (type.type != ColumnType::Numeric || (type.precision <= 0 && !exactText) || value.isNull())
        return {};
    const Decimal::Parts parts = Decimal::split(numberText(value));
    if (!parts.ok)
        return QCoreApplication::translate("orm", "not a number");
    if (type.precision <= 0)
        return {};
    const Decimal::Parts::Counts digits = parts.counts();
    if (digits.significant > Decimal::maxStoredDigits && !exactText)
        return QCoreApplication::translate("orm",
                                           "more than %1 significant digits: SQLite would round it")
            .arg(Decimal::maxStoredDigits);
    // (Without a translator "%n digit(s)" would read so: the orm has none of its own.)
    auto digitsText = [](int n) {
        return n == 1 ? QCoreApplication::translate("orm", "1 digit")
                      : QCoreApplication::translate("orm", "%1 digits").arg(n);
    };
    if (digits.fraction > type.scale)
        return type.scale == 0
            ? QCoreApplication::translate("orm", "a whole number: no digits after the point")
            : QCoreApplication::translate("orm", "at most %1 after the point")
                  .arg(digitsText(type.scale));
    if (digits.whole > type.precision - type.scale)
        return QCoreApplication::translate("orm", "at most %1 before the point")
            .arg(digitsText(type.precision - type.scale));
    return {};
}

Decimal toDecimal(const QVariant &value, const TypeSpec &type)
{
    if (value.isNull() || !decimalProblem(value, type).isEmpty())
        return {};
    const Decimal d = value.metaType().id() == qMetaTypeId<Decimal>()
        ? *static_cast<const Decimal *>(value.constData())
        : Decimal::fromString(numberText(value));
    return d.rescaled(type.scale);
}

bool isSameStored(const QVariant &a, const QVariant &b)
{
    if (a.isNull() || b.isNull())
        return a.isNull() == b.isNull();
    return a.metaType() == b.metaType() && a == b;
}

std::optional<StoredForm> formOf(const QVariant &stored, ColumnType type)
{
    if (!stored.isValid() || stored.isNull())
        return std::nullopt;
    const int id = stored.metaType().id();
    const bool integer = id == QMetaType::LongLong || id == QMetaType::Int;
    switch (type) {
    case ColumnType::Boolean: {
        if (integer) {
            const qint64 v = stored.toLongLong();
            return v == 0 || v == 1 ? std::optional<StoredForm>(StoredForm {}) : std::nullopt;
        }
        if (id != QMetaType::QString)
            return std::nullopt;
        const QString &s = *static_cast<const QString *>(stored.constData());
        if (s == u"t" || s == u"f")
            return StoredForm {StoredForm::BooleanTF};
        if (s == u"true" || s == u"false")
            return StoredForm {StoredForm::BooleanWords};
        if (s == u"Y" || s == u"N")
            return StoredForm {StoredForm::BooleanYN};
        return std::nullopt;
    }
    case ColumnType::Date:
    case ColumnType::DateTime: {
        if (integer) {
            const qint64 v = stored.toLongLong();
            const auto kind = isMillisecondMagnitude(v) ? StoredForm::EpochMilliseconds
                                                        : StoredForm::EpochSeconds;
            if (!timestampOfEpoch(v, kind).isValid())
                return std::nullopt;
            return StoredForm {kind};
        }
        if (id == QMetaType::Double && type == ColumnType::DateTime) {
            // Seconds with a fraction (a REAL in milliseconds' magnitude is no known form). A
            // REAL under 1e8 (before March 1973) is taken for no form: SQLite's own julianday()
            // values (about 2.46e6 now) lie there, and must never be read as 1970.
            const double v = stored.toDouble();
            if (std::abs(v) >= double(kMillisecondsFrom) || std::abs(v) < 1e8
                || !timestampOfRealEpoch(v).isValid())
                return std::nullopt;
            return StoredForm {StoredForm::EpochSeconds, StoredForm::NoZone, 6};
        }
        if (id != QMetaType::QString)
            return std::nullopt;
        const QString &s = *static_cast<const QString *>(stored.constData());
        if (type == ColumnType::Date)
            return parseDate(s).isValid() ? std::optional<StoredForm>(StoredForm {}) : std::nullopt;
        if (!Timestamp::parse(s).isValid())
            return std::nullopt;
        if (s.size() > 10 && s[10] == u'T')
            return isoFormOf(s);
        return StoredForm {};
    }
    default:
        return StoredForm {};
    }
}

StoredForm detectStoredForm(ColumnType type, const QList<QVariant> &samples)
{
    if (type != ColumnType::Boolean && type != ColumnType::Date && type != ColumnType::DateTime)
        return {};
    int counts[StoredForm::IsoText + 1] = {};
    int zones[StoredForm::Offset + 1] = {};
    int digits[7] = {};
    QList<StoredForm> iso;
    bool realSeconds = false;
    // Standard date-times: without a fraction, with a zero one written, with an offset.
    int noFraction = 0;
    int withFraction = 0;
    int zeroFraction = 0;
    int withOffset = 0;
    for (const QVariant &sample : samples) {
        const std::optional<StoredForm> form = formOf(sample, type);
        if (!form)
            continue;
        ++counts[form->kind];
        if (form->kind == StoredForm::IsoText)
            iso << *form;
        realSeconds = realSeconds || isRealEpochForm(*form);
        if (form->kind == StoredForm::Standard && type == ColumnType::DateTime
            && sample.typeId() == QMetaType::QString) {
            const QString &s = *static_cast<const QString *>(sample.constData());
            const Timestamp t = Timestamp::parse(s);
            if (s.size() < 20 || s[19] != u'.') {
                ++noFraction;
            } else {
                ++withFraction;
                zeroFraction += t.microsecond() == 0 ? 1 : 0;
            }
            withOffset += t.hasOffset() ? 1 : 0;
        }
    }
    int best = StoredForm::Standard;
    for (int k = StoredForm::Standard + 1; k <= StoredForm::IsoText; ++k) {
        if (counts[k] > counts[best])
            best = k;
    }
    StoredForm result {StoredForm::Kind(best)};
    // Seconds with a fraction in some rows: every value written keeps its fraction.
    if (result.kind == StoredForm::EpochSeconds && realSeconds)
        result.fractionDigits = 6;
    if (result.kind == StoredForm::Standard && type == ColumnType::DateTime) {
        // Written as the values are: a zero fraction left out where values have none and
        // none has a zero one (str() of a Python datetime: Django's naive UTC, written UTC:
        // zone UtcZ; SQLAlchemy writes six digits always, and its columns keep the default
        // form); an offset kept where most values have one.
        result.fractionWhenNonZero = noFraction > 0 && zeroFraction == 0;
        if (withOffset * 2 > counts[StoredForm::Standard])
            result.zone = StoredForm::Offset;
        else if (result.fractionWhenNonZero)
            result.zone = StoredForm::UtcZ;
        return result;
    }
    if (result.kind != StoredForm::IsoText)
        return result;
    for (const StoredForm &f : iso)
        ++zones[f.zone];
    // On a tie, 'Z' before an offset before none.
    result.zone = StoredForm::UtcZ;
    if (zones[StoredForm::Offset] > zones[result.zone])
        result.zone = StoredForm::Offset;
    if (zones[StoredForm::NoZone] > zones[result.zone])
        result.zone = StoredForm::NoZone;
    for (const StoredForm &f : iso) {
        if (f.zone == result.zone)
            ++digits[f.fractionDigits];
    }
    int mostDigits = 0;
    for (int d = 6; d >= 1; --d) {
        if (digits[d] > digits[mostDigits] || (mostDigits == 0 && digits[d] > 0))
            mostDigits = d;
    }
    result.fractionDigits = quint8(mostDigits);
    result.fractionWhenNonZero = mostDigits > 0 && digits[0] > 0;
    return result;
}

QString storedFormDescription(const TypeSpec &type)
{
    switch (type.form.kind) {
    case StoredForm::Standard:
    case StoredForm::DecimalText: // a server's own, as it gives it: nothing to say
        return {};
    case StoredForm::BooleanTF:
        return QCoreApplication::translate("orm", "'t' / 'f' text");
    case StoredForm::BooleanWords:
        return QCoreApplication::translate("orm", "'true' / 'false' text");
    case StoredForm::BooleanYN:
        return QCoreApplication::translate("orm", "'Y' / 'N' text");
    case StoredForm::EpochSeconds:
        return isRealEpochForm(type.form)
            ? QCoreApplication::translate("orm", "epoch seconds with a fraction (REAL)")
            : QCoreApplication::translate("orm", "epoch seconds");
    case StoredForm::EpochMilliseconds:
        return QCoreApplication::translate("orm", "epoch milliseconds");
    case StoredForm::IsoText: {
        // An example in the column's own digits (a finer value would get more).
        int micro = 123456;
        for (int d = type.form.fractionDigits; d < 6; ++d)
            micro -= micro % int(std::pow(10, 6 - d));
        const Timestamp example = Timestamp(QDate(2024, 5, 1), 10, 20, 30, micro).withOffset(7200);
        return QCoreApplication::translate("orm", "ISO 8601 text (%1)")
            .arg(isoText(type.form.zone == StoredForm::Offset ? example : example.withoutOffset(),
                         type.form));
    }
    }
    return {};
}

QString storedFormProblem(const QVariant &value, const TypeSpec &type)
{
    if (type.type != ColumnType::DateTime || value.isNull() || !value.isValid()
        || !isEpochForm(type.form) || isRealEpochForm(type.form))
        return {};
    const int id = value.metaType().id();
    Timestamp t;
    if (id == qMetaTypeId<Timestamp>())
        t = *static_cast<const Timestamp *>(value.constData());
    else if (id == QMetaType::QDateTime)
        t = Timestamp::fromDateTime(value.toDateTime());
    else if (id == QMetaType::QString && !epochText(value, type.form))
        t = Timestamp::parse(value.toString());
    if (!t.isValid())
        return {}; // the stored integer itself, or no date-time (toStorage() says so)
    const bool seconds = type.form.kind == StoredForm::EpochSeconds;
    if (t.toUtcMicroseconds() % (seconds ? 1000000 : 1000) == 0)
        return {};
    const Timestamp kept = timestampOfEpoch(epochOf(t, type.form.kind), type.form.kind);
    return (seconds ? QCoreApplication::translate("orm",
                                                  "finer than the whole seconds this column "
                                                  "keeps (epoch seconds): it would be cut to %1")
                    : QCoreApplication::translate("orm",
                                                  "finer than the milliseconds this column "
                                                  "keeps (epoch milliseconds): it would be cut "
                                                  "to %1"))
        .arg(kept.toString());
}

} // namespace storage
} // namespace orm
