// SPDX-License-Identifier: MIT
#pragma once

#include <QDate>
#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QTime>

#include <compare>

class QDebug;

namespace orm {

// A date and time of day with microseconds, as Python's datetime and SQLAlchemy's DateTime
// hold it (QDateTime keeps milliseconds only). It is naive, as SQLAlchemy's DateTime is on
// SQLite (no zone: by the convention of datetime.utcnow(), UTC), or carries the fixed UTC offset
// it was stored with ("2024-05-06 07:08:09.251237+02:00", written by another program), which it
// keeps: its wall time is not converted.
//
// Its text is the stored form: "YYYY-MM-DD HH:MM:SS.ffffff", then "+HH:MM" with an offset. Parsing
// also takes what SQLAlchemy, SQLite's date functions and ISO 8601 writers produce: 'T' for the
// space, no seconds, 0 to 6 fraction digits (more are cut), "Z", "+HHMM" and "+HH"; such text is
// not the stored form (isCanonical() is false), so a value read from it is written back as
// stored text only after it changes.
//
// Years 1 to 9999 (Python's range). Equality is of the value as written: the same wall time
// with a different offset (or none) is another value, as its stored text differs. Ordering is
// by instant (naive values taken as UTC), then by offset.
//
// Registered with QMetaType, with conversions to and from QDateTime (milliseconds, UTC for
// naive values) and QString (the stored form), so that it travels in a QVariant.
class Timestamp
{
public:
    // A null value (a NULL column).
    constexpr Timestamp() = default;
    // Naive. The date must be valid, the fields in range (else null).
    Timestamp(QDate date, int hour, int minute, int second, int microsecond = 0);
    Timestamp(QDate date, QTime time); // naive, milliseconds from the QTime
    // Naive, from microseconds since 1970-01-01 00:00:00.
    static Timestamp fromMicroseconds(qint64 microseconds)
    {
        return Timestamp(microseconds, 0, Kind::Naive);
    }
    // Naive UTC: the QDateTime's instant (another zone is converted, as datetime.utcnow()
    // values are stored).
    static Timestamp fromDateTime(const QDateTime &dateTime);
    // Now, naive UTC, with microseconds (datetime.utcnow()).
    static Timestamp currentUtc();

    // The accepted forms (see above); null for anything else. *canonical: whether the text was
    // exactly this value's stored form.
    static Timestamp parse(QStringView text, bool *canonical = nullptr);
    static Timestamp parse(const char *utf8, qsizetype length, bool *canonical = nullptr);

    bool isNull() const { return m_kind == Kind::Null; }
    bool isValid() const { return m_kind != Kind::Null; }
    bool hasOffset() const { return m_kind == Kind::Offset; }
    int offsetSeconds() const { return m_offset; } // east of UTC; 0 when naive
    // The same wall time with this offset attached (or removed: withoutOffset()).
    Timestamp withOffset(int seconds) const;
    Timestamp withoutOffset() const;

    QDate date() const;
    QTime time() const; // milliseconds: the microseconds are cut
    int microsecond() const; // 0 to 999,999 within the second
    // The wall time in microseconds since 1970-01-01 00:00:00, the offset not applied.
    qint64 toMicroseconds() const { return m_micros; }
    // The instant in microseconds since the epoch, UTC (naive values taken as UTC).
    qint64 toUtcMicroseconds() const { return m_micros - qint64(m_offset) * 1000000; }
    // Milliseconds (cut): UTC for naive values, Qt::OffsetFromUTC with the offset otherwise.
    QDateTime toDateTime() const;

    // The stored form ("" when null).
    QString toString() const;
    // The stored form as UTF-8 into out (at least 32 bytes); returns its length (26, or 32
    // with an offset; 0 when null).
    int toUtf8(char *out) const;

    Timestamp addMicroseconds(qint64 microseconds) const;
    Timestamp addSecs(qint64 seconds) const { return addMicroseconds(seconds * 1000000); }
    Timestamp addDays(qint64 days) const { return addMicroseconds(days * 86400000000); }

    friend bool operator==(const Timestamp &, const Timestamp &) = default;
    friend std::strong_ordering operator<=>(const Timestamp &a, const Timestamp &b)
    {
        if (a.isNull() || b.isNull())
            return a.m_kind <=> b.m_kind; // null first
        if (const auto c = a.toUtcMicroseconds() <=> b.toUtcMicroseconds(); c != 0)
            return c;
        if (const auto c = a.m_offset <=> b.m_offset; c != 0)
            return c;
        return a.m_kind <=> b.m_kind;
    }

private:
    enum class Kind : quint8 { Null, Naive, Offset };
    static constexpr qint64 kMin = -62135596800000000; // 0001-01-01 00:00:00
    static constexpr qint64 kMax = 253402300799999999; // 9999-12-31 23:59:59.999999
    // Null when out of range (every null value is the same).
    Timestamp(qint64 micros, int offset, Kind kind)
    {
        if (micros >= kMin && micros <= kMax) {
            m_micros = micros;
            m_offset = kind == Kind::Offset ? offset : 0;
            m_kind = kind;
        }
    }

    qint64 m_micros = 0;
    qint32 m_offset = 0;
    Kind m_kind = Kind::Null;
};

QDebug operator<<(QDebug debug, const Timestamp &t);

} // namespace orm

Q_DECLARE_METATYPE(orm::Timestamp)
