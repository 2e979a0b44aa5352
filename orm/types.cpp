#include "orm/types.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QTimeZone>
#include <QtEndian>

#include <limits>

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

namespace storage {

namespace {

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

// What the parsers below return for text they do not read: no instant from year 1 on is this
// far from the epoch. (A plain value, not a std::optional: this is on the path of every row.)
constexpr qint64 kNoInstant = std::numeric_limits<qint64>::min();

// The instant in milliseconds since the epoch, UTC, of a civil date and time (H. Hinnant's
// days-from-civil); kNoInstant when a field is out of range.
inline qint64 msecsOfFields(int y, int m, int d, int h, int mi, int sec, int ms)
{
    static constexpr int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || sec > 59)
        return kNoInstant;
    if (d > monthDays[m - 1]
        && !(m == 2 && d == 29 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0))))
        return kNoInstant;
    // Unsigned from here (y >= 1): divisions by constants without sign corrections.
    const unsigned yy = unsigned(y) - (m <= 2);
    const unsigned era = yy / 400;
    const unsigned yoe = yy - era * 400;
    const unsigned doy = (153 * unsigned(m > 2 ? m - 3 : m + 9) + 2) / 5 + unsigned(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const qint64 days = qint64(era) * 146097 + qint64(doe) - 719468;
    return days * 86400000 + h * 3600000 + mi * 60000 + sec * 1000 + ms;
}

// Eight characters as one word, with a pattern of digits ('d'), exact characters and any
// character ('?'): a whole word is checked with a few operations instead of one test and
// branch per character.
struct WordPattern
{
    quint64 digits = 0; // 0xff at every digit
    quint64 fixedMask = 0; // 0xff at every exact character
    quint64 fixed = 0;

    constexpr explicit WordPattern(const char (&p)[9])
    {
        for (int i = 0; i < 8; ++i) {
            const quint64 at = quint64(0xff) << (8 * i);
            if (p[i] == 'd') {
                digits |= at;
            } else if (p[i] != '?') {
                fixedMask |= at;
                fixed |= quint64(quint8(p[i])) << (8 * i);
            }
        }
    }
    bool matches(const char *s) const
    {
        const quint64 w = qFromLittleEndian<quint64>(s);
        // A digit is 0x30..0x39: high nibble 3, and still 3 after adding 6 (no byte of a
        // matching word carries into the next one).
        const quint64 high = digits & 0xf0f0f0f0f0f0f0f0;
        const quint64 three = digits & 0x3030303030303030;
        const quint64 six = digits & 0x0606060606060606;
        return ((w & high) == three) & (((w + six) & high) == three) & ((w & fixedMask) == fixed);
    }
};

// "YYYY-MM-DD HH:MM:SS" and "YYYY-MM-DD HH:MM:SS.ffffff", what SQLAlchemy and this library
// write: every row of a DateTime column read from them takes this path. kNoInstant for
// anything else.
qint64 parseStoredWords(const char *s, qsizetype n)
{
    static constexpr WordPattern date("dddd-dd-");
    static constexpr WordPattern dayAndTime("dd?dd:dd"); // from 8; '?' is ' ' or 'T'
    static constexpr WordPattern time("dd:dd:dd"); // from 11
    static constexpr WordPattern fraction("d.dddddd"); // from 18
    const bool matched = (n == 19 || (n == 26 && fraction.matches(s + 18))) && date.matches(s)
        && dayAndTime.matches(s + 8) && time.matches(s + 11) && (s[10] == ' ' || s[10] == 'T');
    if (!matched)
        return kNoInstant;
    auto two = [s](int i) { return (s[i] - '0') * 10 + (s[i + 1] - '0'); };
    return msecsOfFields(two(0) * 100 + two(2), two(5), two(8), two(11), two(14), two(17),
                         n == 26 ? two(20) * 10 + (s[22] - '0') : 0);
}

// The stored form exactly ("YYYY-MM-DD HH:MM:SS[.ffffff]", no offset) without QDate / QTime
// objects. kNoInstant for anything else (parsed by the general path below).
template<typename Char>
qint64 parseStoredDateTime(const Char *s, qsizetype n)
{
    if constexpr (sizeof(Char) == 1) {
        if (const qint64 msecs = parseStoredWords(s, n); msecs != kNoInstant)
            return msecs;
    }
    if (n < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':'
        || s[16] != ':')
        return kNoInstant;
    // Every character that must be a digit is checked at once: a value above 9 after
    // subtracting '0' (unsigned) sets a bit in bad.
    unsigned bad = 0;
    auto digit = [s, &bad](qsizetype i) {
        const unsigned c = unsigned(s[i]) - '0';
        bad |= c > 9 ? 1u : 0u;
        return int(c);
    };
    auto two = [&digit](qsizetype i) { return digit(i) * 10 + digit(i + 1); };
    const int y = two(0) * 100 + two(2);
    const int m = two(5);
    const int d = two(8);
    const int h = two(11);
    const int mi = two(14);
    const int sec = two(17);
    int ms = 0;
    if (n > 19) {
        if (s[19] != '.')
            return kNoInstant;
        // Milliseconds from the first three digits; the rest must be digits too.
        static constexpr int scale[] = {100, 10, 1};
        for (qsizetype i = 20; i < n; ++i) {
            const int c = digit(i);
            if (i < 23)
                ms += c * scale[i - 20];
        }
    }
    if (bad)
        return kNoInstant;
    return msecsOfFields(y, m, d, h, mi, sec, ms);
}

template<typename Char>
QDateTime parseDateTimeImpl(const Char *s, qsizetype n)
{
    if (const qint64 msecs = parseStoredDateTime(s, n); msecs != kNoInstant)
        return QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
    const QDate date = parseDateImpl(s, n);
    if (!date.isValid())
        return {};
    int h = 0, mi = 0, sec = 0, ms = 0;
    int offsetSeconds = 0;
    if (n > 10) {
        if ((s[10] != ' ' && s[10] != 'T') || n < 16 || s[13] != ':')
            return {};
        bool ok = true;
        h = digits(s + 11, 2, &ok);
        mi = digits(s + 14, 2, &ok);
        qsizetype i = 16;
        if (n >= 19 && s[16] == ':') {
            sec = digits(s + 17, 2, &ok);
            i = 19;
            if (i < n && s[i] == '.') {
                ++i;
                int scale = 100;
                while (i < n && unsigned(s[i]) - '0' <= 9) {
                    ms += int(unsigned(s[i]) - '0') * scale;
                    scale /= 10;
                    ++i;
                }
            }
        }
        if (!ok)
            return {};
        // SQLAlchemy stores naive UTC; other programs may add "Z" or an offset, which is
        // applied so that the value is the same instant.
        if (i < n) {
            if (s[i] == 'Z' && i + 1 == n) {
            } else if ((s[i] == '+' || s[i] == '-') && (n - i == 6 || n - i == 5 || n - i == 3)) {
                const int sign = s[i] == '-' ? -1 : 1;
                const int oh = digits(s + i + 1, 2, &ok);
                const int om = n - i == 3 ? 0 : digits(s + n - 2, 2, &ok);
                if (!ok || (n - i == 6 && s[i + 3] != ':') || oh > 23 || om > 59)
                    return {};
                offsetSeconds = sign * (oh * 3600 + om * 60);
            } else {
                return {};
            }
        }
    }
    const QTime time(h, mi, sec, ms);
    if (!time.isValid())
        return {};
    if (offsetSeconds)
        return QDateTime(date, time, Qt::UTC).addSecs(-offsetSeconds);
    return QDateTime(date, time, Qt::UTC);
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

} // namespace

QDateTime parseDateTime(const char *text, qsizetype length)
{
    return parseDateTimeImpl(text, length);
}

QDateTime parseDateTime(QStringView text)
{
    return parseDateTimeImpl(text.utf16(), text.size());
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
    if (!value.isValid())
        return {};
    const QDateTime dt = value.timeSpec() == Qt::UTC ? value : value.toUTC();
    const QDate d = dt.date();
    const QTime t = dt.time();
    QString out(26, Qt::Uninitialized);
    auto *p = reinterpret_cast<char16_t *>(out.data());
    putDate(p, d);
    p[10] = u' ';
    put2(p + 11, t.hour());
    p[13] = u':';
    put2(p + 14, t.minute());
    p[16] = u':';
    put2(p + 17, t.second());
    p[19] = u'.';
    const int ms = t.msec();
    p[20] = char16_t(u'0' + ms / 100);
    p[21] = char16_t(u'0' + (ms / 10) % 10);
    p[22] = char16_t(u'0' + ms % 10);
    p[23] = p[24] = p[25] = u'0';
    return out;
}

int formatDateTimeUtf8(const QDateTime &value, char *out)
{
    if (!value.isValid())
        return 0;
    // UTC from the epoch offset (no calendar or time-zone objects): days since 1970-01-01,
    // then the civil date (H. Hinnant's days-to-civil).
    const qint64 msecs = value.toMSecsSinceEpoch();
    qint64 days = msecs / 86400000;
    qint64 msOfDay = msecs % 86400000;
    if (msOfDay < 0) {
        msOfDay += 86400000;
        --days;
    }
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    const int day = int(doy - (153 * mp + 2) / 5 + 1);
    const int month = int(mp < 10 ? mp + 3 : mp - 9);
    const qint64 year = yoe + era * 400 + (month <= 2);
    if (year < 1 || year > 9999)
        return 0;
    auto put = [out](int at, int v, int width) {
        for (int i = width - 1; i >= 0; --i) {
            out[at + i] = char('0' + v % 10);
            v /= 10;
        }
    };
    const int ms = int(msOfDay);
    put(0, int(year), 4);
    out[4] = '-';
    put(5, month, 2);
    out[7] = '-';
    put(8, day, 2);
    out[10] = ' ';
    put(11, ms / 3600000, 2);
    out[13] = ':';
    put(14, ms / 60000 % 60, 2);
    out[16] = ':';
    put(17, ms / 1000 % 60, 2);
    out[19] = '.';
    put(20, ms % 1000, 3);
    out[23] = out[24] = out[25] = '0';
    return 26;
}

QVariant toStorage(const QVariant &value, const TypeSpec &type, bool *ok)
{
    if (ok)
        *ok = true;
    if (!value.isValid() || value.isNull())
        return QVariant();
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
        bool converted = false;
        const double v = id == QMetaType::QString ? value.toString().trimmed().toDouble(&converted)
                                                  : value.toDouble(&converted);
        return converted ? QVariant(v) : fail();
    }
    case ColumnType::Boolean: {
        if (id == QMetaType::Bool)
            return qint64(value.toBool());
        if (id == QMetaType::QString) {
            const QString s = value.toString().trimmed().toLower();
            if (s == u"1" || s == u"true" || s == u"yes")
                return qint64(1);
            if (s == u"0" || s == u"false" || s == u"no")
                return qint64(0);
            return fail();
        }
        bool converted = false;
        const qint64 v = value.toLongLong(&converted);
        if (!converted || (v != 0 && v != 1))
            return fail();
        return v;
    }
    case ColumnType::Date: {
        if (id == QMetaType::QDate)
            return formatDate(value.toDate());
        if (id == QMetaType::QDateTime)
            return formatDate(value.toDateTime().date());
        const QString s = value.toString();
        const QDate d = parseDate(s);
        return d.isValid() && s.size() == 10 ? QVariant(formatDate(d)) : fail();
    }
    case ColumnType::DateTime: {
        if (id == QMetaType::QDateTime)
            return formatDateTime(value.toDateTime());
        if (id == QMetaType::QDate)
            return formatDateTime(QDateTime(value.toDate(), QTime(0, 0), Qt::UTC));
        const QDateTime dt = parseDateTime(value.toString());
        return dt.isValid() ? QVariant(formatDateTime(dt)) : fail();
    }
    case ColumnType::String:
    case ColumnType::Text:
        if (id == QMetaType::QByteArray)
            return QString::fromUtf8(value.toByteArray());
        if (id == QMetaType::QDateTime)
            return formatDateTime(value.toDateTime());
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
        if (id == QMetaType::QString)
            return value; // already serialized
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
    case ColumnType::Numeric:
        return stored;
    case ColumnType::Boolean:
        if (id == QMetaType::LongLong || id == QMetaType::Int)
            return stored.toLongLong() != 0;
        return stored;
    case ColumnType::Date:
        if (id == QMetaType::QString) {
            const QDate d = parseDate(stored.toString());
            return d.isValid() ? QVariant(d) : stored;
        }
        return stored;
    case ColumnType::DateTime:
        if (id == QMetaType::QString) {
            const QDateTime dt = parseDateTime(stored.toString());
            return dt.isValid() ? QVariant(dt) : stored;
        }
        return stored;
    case ColumnType::Json:
        if (id == QMetaType::QString) {
            const QByteArray text = stored.toString().toUtf8();
            const QJsonDocument doc = QJsonDocument::fromJson('[' + text + ']');
            if (doc.isArray() && doc.array().size() == 1)
                return doc.array().at(0).toVariant();
        }
        return stored;
    }
    return stored;
}

bool matchesType(const QVariant &stored, const TypeSpec &type)
{
    if (stored.isNull())
        return true;
    const int id = stored.metaType().id();
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
        return id == QMetaType::Double || id == QMetaType::LongLong;
    case ColumnType::String:
    case ColumnType::Text:
        return id == QMetaType::QString;
    case ColumnType::LargeBinary:
        return id == QMetaType::QByteArray;
    case ColumnType::Date:
        return id == QMetaType::QString && parseDate(stored.toString()).isValid();
    case ColumnType::DateTime:
        return id == QMetaType::QString && parseDateTime(stored.toString()).isValid();
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
        return integral || id == QMetaType::Double || id == QMetaType::Float;
    case ColumnType::String:
    case ColumnType::Text:
        return id == QMetaType::QString;
    case ColumnType::LargeBinary:
        return id == QMetaType::QByteArray;
    case ColumnType::Date:
        return id == QMetaType::QDate;
    case ColumnType::DateTime:
        return id == QMetaType::QDateTime;
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

} // namespace storage
} // namespace orm
