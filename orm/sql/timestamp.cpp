// SPDX-License-Identifier: MIT
#include "orm/sql/timestamp.h"

#include "orm/sql/datetime_p.h"

#include <QDebug>

#include <chrono>

namespace orm {

using namespace detail;

namespace {

// Every other accepted form (see the header), of either character width.
template<typename Char>
Q_NEVER_INLINE Timestamp parseGeneral(const Char *s, qsizetype n, bool *canonical)
{
    *canonical = false;
    if (n < 10 || s[4] != '-' || s[7] != '-')
        return {};
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
    int h = 0, mi = 0, sec = 0, us = 0;
    int offset = 0;
    bool hasOffset = false;
    bool stored = n > 10 && s[10] == ' '; // still the stored form
    if (n > 10) {
        if ((s[10] != ' ' && s[10] != 'T') || n < 16 || s[13] != ':')
            return {};
        h = two(11);
        mi = two(14);
        qsizetype i = 16;
        stored = stored && n >= 19 && s[16] == ':';
        if (n >= 19 && s[16] == ':') {
            sec = two(17);
            i = 19;
            if (i < n && s[i] == '.') {
                ++i;
                const qsizetype from = i;
                static constexpr int scale[] = {100000, 10000, 1000, 100, 10, 1};
                while (i < n && unsigned(s[i]) - '0' <= 9) {
                    if (i - from < 6)
                        us += int(unsigned(s[i]) - '0') * scale[i - from];
                    ++i;
                }
                if (i == from)
                    return {};
                stored = stored && i - from == 6;
            } else {
                stored = false;
            }
        }
        if (i < n) {
            hasOffset = true;
            if (s[i] == 'Z' && i + 1 == n) {
                stored = false;
            } else if ((s[i] == '+' || s[i] == '-') && (n - i == 6 || n - i == 5 || n - i == 3)) {
                const int oh = two(i + 1);
                const int om = n - i == 3 ? 0 : two(n - 2);
                if ((n - i == 6 && s[i + 3] != ':') || oh > 23 || om > 59)
                    return {};
                offset = (s[i] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
                // "-00:00" is written "+00:00".
                stored = stored && n - i == 6 && (s[i] == '+' || offset != 0);
            } else {
                return {};
            }
        }
    }
    if (bad)
        return {};
    const qint64 micros = microsOfFields(y, m, d, h, mi, sec, us);
    if (micros == kNoInstant)
        return {};
    *canonical = stored;
    return hasOffset ? Timestamp::fromMicroseconds(micros).withOffset(offset)
                     : Timestamp::fromMicroseconds(micros);
}

inline void put(char *out, int v, int width)
{
    for (int i = width - 1; i >= 0; --i) {
        out[i] = char('0' + v % 10);
        v /= 10;
    }
}

void registerTimestamp()
{
    qRegisterMetaType<Timestamp>();
    QMetaType::registerConverter<Timestamp, QDateTime>(&Timestamp::toDateTime);
    QMetaType::registerConverter<Timestamp, QString>(&Timestamp::toString);
    QMetaType::registerConverter<QDateTime, Timestamp>(
        [](const QDateTime &dt) { return Timestamp::fromDateTime(dt); });
    QMetaType::registerConverter<QString, Timestamp>(
        [](const QString &text) { return Timestamp::parse(text); });
}
Q_CONSTRUCTOR_FUNCTION(registerTimestamp)

} // namespace

Timestamp::Timestamp(QDate date, int hour, int minute, int second, int microsecond)
{
    if (!date.isValid() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0
        || second > 59 || microsecond < 0 || microsecond > 999999)
        return;
    *this = Timestamp((date.toJulianDay() - kUnixEpochJulianDay) * kMicrosPerDay
                          + qint64(hour * 3600 + minute * 60 + second) * 1000000 + microsecond,
                      0, Kind::Naive);
}

Timestamp::Timestamp(QDate date, QTime time)
    : Timestamp(time.isValid()
                    ? Timestamp(date, time.hour(), time.minute(), time.second(), time.msec() * 1000)
                    : Timestamp())
{ }

Timestamp Timestamp::fromDateTime(const QDateTime &dateTime)
{
    if (!dateTime.isValid())
        return {};
    return fromMicroseconds(dateTime.toMSecsSinceEpoch() * 1000);
}

Timestamp Timestamp::currentUtc()
{
    using namespace std::chrono;
    return fromMicroseconds(
        duration_cast<microseconds>(system_clock::now().time_since_epoch()).count());
}

Timestamp Timestamp::parse(const char *utf8, qsizetype length, bool *canonical)
{
    if (const qint64 micros = parseStoredWords(utf8, length); Q_LIKELY(micros != kNoInstant)) {
        if (canonical)
            *canonical = length == 26 && utf8[10] == ' ';
        return fromMicroseconds(micros);
    }
    bool ignored = false;
    return parseGeneral(utf8, length, canonical ? canonical : &ignored);
}

Timestamp Timestamp::parse(QStringView text, bool *canonical)
{
    bool ignored = false;
    return parseGeneral(text.utf16(), text.size(), canonical ? canonical : &ignored);
}

Timestamp Timestamp::withOffset(int seconds) const
{
    if (isNull() || seconds <= -86400 || seconds >= 86400)
        return {};
    return Timestamp(m_micros, seconds, Kind::Offset);
}

Timestamp Timestamp::withoutOffset() const
{
    return isNull() ? Timestamp() : Timestamp(m_micros, 0, Kind::Naive);
}

QDate Timestamp::date() const
{
    if (isNull())
        return {};
    return QDate::fromJulianDay(floorDiv(m_micros, kMicrosPerDay) + kUnixEpochJulianDay);
}

QTime Timestamp::time() const
{
    if (isNull())
        return {};
    const qint64 ofDay = m_micros - floorDiv(m_micros, kMicrosPerDay) * kMicrosPerDay;
    return QTime::fromMSecsSinceStartOfDay(int(ofDay / 1000));
}

int Timestamp::microsecond() const
{
    return isNull() ? 0 : int(m_micros - floorDiv(m_micros, 1000000) * 1000000);
}

QDateTime Timestamp::toDateTime() const
{
    if (isNull())
        return {};
    const qint64 msecs = floorDiv(toUtcMicroseconds(), 1000);
    return hasOffset() ? QDateTime::fromMSecsSinceEpoch(msecs, Qt::OffsetFromUTC, m_offset)
                       : QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC);
}

int Timestamp::toUtf8(char *out) const
{
    if (isNull())
        return 0;
    const qint64 days = floorDiv(m_micros, kMicrosPerDay);
    const qint64 ofDay = m_micros - days * kMicrosPerDay;
    int y, m, d;
    civilOfDays(days, &y, &m, &d);
    const int seconds = int(ofDay / 1000000);
    put(out, y, 4);
    out[4] = '-';
    put(out + 5, m, 2);
    out[7] = '-';
    put(out + 8, d, 2);
    out[10] = ' ';
    put(out + 11, seconds / 3600, 2);
    out[13] = ':';
    put(out + 14, seconds / 60 % 60, 2);
    out[16] = ':';
    put(out + 17, seconds % 60, 2);
    out[19] = '.';
    put(out + 20, int(ofDay % 1000000), 6);
    if (!hasOffset())
        return 26;
    const int minutes = (m_offset < 0 ? -m_offset : m_offset) / 60;
    out[26] = m_offset < 0 ? '-' : '+';
    put(out + 27, minutes / 60, 2);
    out[29] = ':';
    put(out + 30, minutes % 60, 2);
    return 32;
}

QString Timestamp::toString() const
{
    char text[32];
    return QString::fromLatin1(text, toUtf8(text));
}

Timestamp Timestamp::addMicroseconds(qint64 microseconds) const
{
    return isNull() ? Timestamp() : Timestamp(m_micros + microseconds, m_offset, m_kind);
}

QDebug operator<<(QDebug debug, const Timestamp &t)
{
    QDebugStateSaver saver(debug);
    debug.nospace() << "orm::Timestamp(" << (t.isNull() ? QStringLiteral("null") : t.toString())
                    << ')';
    return debug;
}

} // namespace orm
