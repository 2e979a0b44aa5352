// SPDX-License-Identifier: MIT
#pragma once

#include "orm/sql/decimal.h"
#include "orm/sql/timestamp.h"

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QVariant>

#include <optional>

namespace orm {

// Column types, stored as SQLAlchemy's SQLite dialect stores them so that a database is
// interchangeable with a Flask-SQLAlchemy application's: DATETIME as
// "YYYY-MM-DD HH:MM:SS.ffffff" text (orm::Timestamp), DATE as "YYYY-MM-DD", BOOLEAN as 0/1,
// JSON as text; or in another framework's form (StoredForm).
enum class ColumnType : quint8 {
    Null, // untyped (a reflected column without a declared type)
    Integer,
    BigInteger,
    String,
    Text,
    Float,
    Numeric,
    Boolean,
    Date,
    DateTime,
    LargeBinary,
    Json,
};

// How a column's values are stored where the engine leaves the form to programs (SQLite keeps
// any value in any column): SQLAlchemy's (above) unless a file's rows show another framework's
// convention (SQLite's reflection samples them) or a model declares one
// (TypeSpec::storedAs()). A server types its columns itself: forms are for SQLite files, but
// for one: a server's NUMERIC is DecimalText, exact decimal text without a digit limit (as
// PostgreSQL gives and takes every numeric value), never a double.
//  - BOOLEAN: 't' / 'f' text (Rails before 6 on SQLite), 'true' / 'false', 'Y' / 'N';
//  - DATETIME and DATE: integer seconds or milliseconds since 1970-01-01 00:00 UTC (a DATE at
//    midnight UTC); DATETIME also as REAL seconds (EpochSeconds, fractionDigits 6);
//  - DATETIME: ISO 8601 text with 'T' ("2024-05-01T10:20:30.123Z": JavaScript's
//    toISOString(), Rails' iso8601), with 'Z', a UTC offset or no zone, and a fixed number of
//    fraction digits (or, as Python's isoformat() writes them, six only when not zero);
//  - DATETIME, SQLAlchemy's text: without a zero fraction (str() of a Python datetime:
//    Django's, SQLite's datetime()) when fractionWhenNonZero; zone NoZone for naive UTC text
//    (a value with an offset is written converted to UTC), Offset where values keep theirs.
struct StoredForm
{
    enum Kind : quint8 {
        Standard,
        BooleanTF,
        BooleanWords,
        BooleanYN,
        EpochSeconds,
        EpochMilliseconds,
        IsoText,
        DecimalText,
    };
    enum Zone : quint8 { NoZone, UtcZ, Offset };
    Kind kind = Standard;
    Zone zone = NoZone; // IsoText; Standard DateTime: UtcZ (naive UTC text), Offset, NoZone
    quint8 fractionDigits = 0; // IsoText: 0 to 6 (more for a finer value); EpochSeconds: 6 if REAL
    bool fractionWhenNonZero = false; // IsoText, Standard: none written when it is zero

    bool operator==(const StoredForm &) const = default;
    bool isStandard() const { return kind == Standard; }
};

struct TypeSpec
{
    ColumnType type = ColumnType::Null;
    int length = 0; // String(n): at most n characters; 0 = unlimited
    int precision = 0; // Numeric(p, s)
    int scale = 0;
    StoredForm form {};

    bool operator==(const TypeSpec &) const = default;
    bool isText() const { return type == ColumnType::String || type == ColumnType::Text; }
    bool isIntegral() const
    {
        return type == ColumnType::Integer || type == ColumnType::BigInteger;
    }
    // The same type stored in another form (a model's opt-in: orm::DateTime.storedAs(...)).
    constexpr TypeSpec storedAs(StoredForm stored) const
    {
        TypeSpec t = *this;
        t.form = stored;
        return t;
    }
    constexpr TypeSpec storedAs(StoredForm::Kind kind) const { return storedAs(StoredForm {kind}); }
};

inline constexpr TypeSpec Integer {ColumnType::Integer};
inline constexpr TypeSpec BigInteger {ColumnType::BigInteger};
inline constexpr TypeSpec Text {ColumnType::Text};
inline constexpr TypeSpec Float {ColumnType::Float};
inline constexpr TypeSpec Boolean {ColumnType::Boolean};
inline constexpr TypeSpec Date {ColumnType::Date};
inline constexpr TypeSpec DateTime {ColumnType::DateTime};
inline constexpr TypeSpec LargeBinary {ColumnType::LargeBinary};
inline constexpr TypeSpec Json {ColumnType::Json};
constexpr TypeSpec String(int length = 0)
{
    return TypeSpec {ColumnType::String, length};
}
constexpr TypeSpec Numeric(int precision = 0, int scale = 0)
{
    return TypeSpec {ColumnType::Numeric, 0, precision, scale};
}

QString typeDisplayName(const TypeSpec &type);

// Text whose bytes are not valid UTF-8 (TEXT storage class), kept as those bytes: decoded, they
// would become U+FFFD replacement characters and be written back so. Statement::value() gives
// one for such text, and binds one as text with exactly its bytes. Its QString (toString(),
// also through QVariant) has the replacement characters: for display only.
class TextBytes
{
public:
    TextBytes() = default;
    explicit TextBytes(const QByteArray &bytes)
        : m_bytes(bytes)
    { }
    const QByteArray &bytes() const { return m_bytes; }
    QString toString() const { return QString::fromUtf8(m_bytes); }
    friend bool operator==(const TextBytes &, const TextBytes &) = default;

private:
    QByteArray m_bytes;
};

// Conversions between the C++ values a program uses and the values SQLite stores.
namespace storage {
// QDateTime's stored form, "YYYY-MM-DD HH:MM:SS.fff000": milliseconds only (orm::Timestamp
// keeps microseconds); a QDateTime in another zone is converted to UTC first, naive values
// are read back as UTC (as datetime.utcnow() writes them). Empty for invalid values and years
// outside 1..9999.
QString formatDateTime(const QDateTime &dt);
// The same text as formatDateTime() written as UTF-8 into out (at least 32 bytes), without a
// QString: the bind path. Returns 0 for invalid values and years outside 1..9999.
int formatDateTimeUtf8(const QDateTime &dt, char *out);
QString formatDate(QDate d);
// Direct parses (no QRegularExpression, no fromString): Timestamp::parse(), cut to
// milliseconds; a stored UTC offset is applied (the same instant, Qt::OffsetFromUTC).
QDateTime parseDateTime(const char *text, qsizetype length);
QDateTime parseDateTime(QStringView text);
QDate parseDate(const char *text, qsizetype length);
QDate parseDate(QStringView text);

// A program value (QVariant of any reasonable type) to the value bound for a column of
// type, in its form (type.form: 't' for true, epoch milliseconds for a date-time, …); returns
// an invalid QVariant and sets *ok = false when it cannot be converted. An orm::TextBytes
// stays as it is (text as stored).
QVariant toStorage(const QVariant &value, const TypeSpec &type, bool *ok = nullptr);
// A stored value (as read from SQLite: qint64, double, QString, QByteArray, null) to the
// program's type for the column (orm::Timestamp for DateTime), in any form a column of the
// type may hold ('t', epoch integers in a column of an epoch form, 'Z' read as naive UTC in
// one of ISO text with 'Z'); anything else stays as stored.
QVariant fromStorage(const QVariant &stored, const TypeSpec &type);
// Whether a stored value matches the column's declared type and form (for flagging odd rows:
// 1 in a column of 't' / 'f', SQLAlchemy's text in one of epoch integers).
bool matchesType(const QVariant &stored, const TypeSpec &type);
// Whether a value is in the program form fromStorage() gives the column's type (qint64 for
// Integer, bool for Boolean, QDate for Date, orm::Timestamp or QDateTime for DateTime, QString
// for text, …). A value that did not match
// and is kept as stored (orm::Record) is not; every value passes for untyped and JSON columns,
// where stored text cannot be told from a JSON string by its value.
bool isProgramValue(const QVariant &value, const TypeSpec &type);
// SQLite's name of a stored value's storage class, as typeof() gives it: "integer", "real",
// "text", "blob" or "null".
QString storageClassName(const QVariant &stored);
// Whether a number bound for a column of type is stored as an integer: NUMERIC affinity keeps a
// whole number within 64 bits as one (12.0 is stored as 12).
inline bool storesAsInteger(double v, const TypeSpec &type)
{
    return type.type == ColumnType::Numeric && v > -9223372036854775808.0
        && v < 9223372036854775808.0 && v == double(qint64(v));
}
// Why value cannot be held by a NUMERIC(p, s) column (precision > 0): more than 15
// significant digits (SQLite would round it), more digits after the point than s, or before it
// than p - s; empty when it can (it is then held at scale s). A DecimalText column has no digit
// limit of its own: there, not a number, or past p and s. For other columns, empty.
QString decimalProblem(const QVariant &value, const TypeSpec &type);
// value (a Decimal, decimal text, a number) held at the column's scale; null when it cannot be
// (decimalProblem()).
Decimal toDecimal(const QVariant &value, const TypeSpec &type);
// Whether two stored values are the same storage class and the same bytes (qint64 2 is not
// 2.0, nor a blob its text).
bool isSameStored(const QVariant &a, const QVariant &b);

// The form one stored value of a column of type (Boolean, Date, DateTime) shows, with what an
// ISO text's zone and fraction are; nullopt for a value in no known form ('maybe', a blob).
std::optional<StoredForm> formOf(const QVariant &stored, ColumnType type);
// The form most of samples (non-null stored values of one column) show, for the values written
// to it: SQLAlchemy's without samples, on a tie, and for other types. An ISO text's zone is its
// samples' most common one; its fraction digits their most common count, written only when
// not zero where some samples have none. SQLAlchemy's text goes without a zero fraction where
// some samples have none and none has a zero one, and keeps offsets where most samples have one.
StoredForm detectStoredForm(ColumnType type, const QList<QVariant> &samples);
// How a column of that form stores its values, for people ("epoch milliseconds", "'t' / 'f'
// text", "ISO 8601 text, UTC (2024-05-01T10:20:30.123Z)"); empty for SQLAlchemy's.
QString storedFormDescription(const TypeSpec &type);
} // namespace storage

} // namespace orm

Q_DECLARE_METATYPE(orm::TextBytes)
