// SPDX-License-Identifier: MIT
// Column types: the stored formats (identical to SQLAlchemy's SQLite dialect, so that a file is
// interchangeable with a Flask-SQLAlchemy application's), the direct date parsers, round trips
// of every type through a mapped model, the DDL the dialect writes and declared-type parsing.

#include "orm/engine/engine.h"
#include "orm/mapping/mapper.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "orm/sql/dialect.h"
#include "orm/sql/types.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QtTest>

#include <optional>

using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(orm::TypeSpec)

namespace orm {
// Readable QCOMPARE failures for type specs.
char *toString(const TypeSpec &t)
{
    return QTest::toString(typeDisplayName(t)
                           + u" (precision %1, scale %2)"_s.arg(t.precision).arg(t.scale));
}
} // namespace orm

namespace {

// One column of every type the ORM maps, plus nullable (std::optional) variants.
class Sample : public orm::Model<Sample>
{
public:
    qint64 id = 0;
    int integer = 0;
    qint64 big = 0;
    QString shortText;
    QString longText;
    double real = 0.0;
    double amount = 0.0;
    bool flag = false;
    QDate day;
    QDateTime moment;
    QByteArray data;
    QJsonValue json;
    std::optional<qint64> maybeInt;
    std::optional<QString> maybeText;
    std::optional<double> maybeReal;
    std::optional<bool> maybeFlag;
    std::optional<QDate> maybeDay;
    std::optional<QDateTime> maybeMoment;

    static void map(orm::Mapper<Sample> &m)
    {
        m.table(u"samples"_s);
        m.column(&Sample::id, u"id"_s).primaryKey();
        m.column(&Sample::integer, u"integer"_s, orm::Integer);
        m.column(&Sample::big, u"big"_s, orm::BigInteger);
        m.column(&Sample::shortText, u"short_text"_s, orm::String(10));
        m.column(&Sample::longText, u"long_text"_s, orm::Text);
        m.column(&Sample::real, u"real"_s, orm::Float);
        m.column(&Sample::amount, u"amount"_s, orm::Numeric(10, 2));
        m.column(&Sample::flag, u"flag"_s, orm::Boolean);
        m.column(&Sample::day, u"day"_s, orm::Date);
        m.column(&Sample::moment, u"moment"_s, orm::DateTime);
        m.column(&Sample::data, u"data"_s, orm::LargeBinary);
        m.column(&Sample::json, u"json"_s, orm::Json);
        m.column(&Sample::maybeInt, u"maybe_int"_s);
        m.column(&Sample::maybeText, u"maybe_text"_s, orm::String(20));
        m.column(&Sample::maybeReal, u"maybe_real"_s);
        m.column(&Sample::maybeFlag, u"maybe_flag"_s);
        m.column(&Sample::maybeDay, u"maybe_day"_s);
        m.column(&Sample::maybeMoment, u"maybe_moment"_s);
    }
};

// Models whose DDL exercises foreign keys with ON DELETE CASCADE, composite keys and indexes.
class Author : public orm::Model<Author>
{
public:
    qint64 id = 0;
    QString name;
    static void map(orm::Mapper<Author> &m)
    {
        m.table(u"authors"_s);
        m.column(&Author::id, u"id"_s).primaryKey();
        m.column(&Author::name, u"name"_s, orm::String(50)).notNull();
    }
};

class Book : public orm::Model<Book>
{
public:
    qint64 id = 0;
    qint64 authorId = 0;
    QString isbn;
    QString title;
    static void map(orm::Mapper<Book> &m)
    {
        m.table(u"books"_s);
        m.column(&Book::id, u"id"_s).primaryKey();
        m.column(&Book::authorId, u"author_id"_s)
            .notNull()
            .foreignKey(u"authors.id"_s, orm::ReferentialAction::Cascade);
        m.column(&Book::isbn, u"isbn"_s, orm::String(13)).unique().index();
        m.column(&Book::title, u"title"_s, orm::String(200)).index();
        m.index(u"ix_books_author_title"_s, {u"author_id"_s, u"title"_s});
    }
};

class Membership : public orm::Model<Membership>
{
public:
    qint64 userId = 0;
    qint64 groupId = 0;
    QString role;
    static void map(orm::Mapper<Membership> &m)
    {
        m.table(u"memberships"_s);
        m.column(&Membership::userId, u"user_id"_s).primaryKey();
        m.column(&Membership::groupId, u"group_id"_s).primaryKey();
        m.column(&Membership::role, u"role"_s, orm::String(20));
        m.uniqueConstraint({u"user_id"_s, u"role"_s}, u"uq_user_role"_s);
    }
};

// The seeds' users table, with the timestamp mixin's first column.
class SeedUser : public orm::Model<SeedUser>
{
public:
    qint64 id = 0;
    QString username;
    bool isActive = true;
    QDateTime createdAt;
    static void map(orm::Mapper<SeedUser> &m)
    {
        m.table(u"users"_s);
        m.column(&SeedUser::id, u"id"_s).primaryKey();
        m.column(&SeedUser::username, u"username"_s, orm::String(80)).unique().notNull();
        m.column(&SeedUser::isActive, u"is_active"_s).defaultValue(true);
        m.column(&SeedUser::createdAt, u"created_at"_s).defaultNow();
    }
};

std::shared_ptr<orm::Engine> openMemory()
{
    orm::Error error;
    auto engine = orm::Engine::create(u"sqlite://"_s, &error);
    if (!engine)
        qFatal("cannot open memory database: %s", qPrintable(error.text()));
    return engine;
}

bool createTable(orm::Engine &engine, const orm::Table &table)
{
    orm::MetaData md;
    md.addTable(table);
    orm::Error error;
    if (!md.createAll(engine.connection(), &error)) {
        qWarning("%s", qPrintable(error.text()));
        return false;
    }
    return true;
}

QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC);
}

} // namespace

class tst_Types : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void formatDateTime_data();
    void formatDateTime();
    void formatDate();
    void parseDateTime_data();
    void parseDateTime();
    void parseDateTimeWithAnOffset();
    void parseDateTimeRefusesAnyWrongCharacterOfTheStoredForms();
    void parseDate_data();
    void parseDate();
    void toStorage_data();
    void toStorage();
    void fromStorage_data();
    void fromStorage();
    void roundTrip_data();
    void roundTrip();
    void queryByStoredFormats();
    void createTableDdl();
    void createTableDdlFragments_data();
    void createTableDdlFragments();
    void typeFromDeclaration_data();
    void typeFromDeclaration();
    void typeNameRoundTrip_data();
    void typeNameRoundTrip();
    void stringSlotsKeepEveryKindOfString_data();
    void stringSlotsKeepEveryKindOfString();
    void stringSlotsShareTheBlock();
    void shortTextsOfARowShareOneBlock();
    void decimalIsExact();
    void decimalIsHeldAtTheScaleAndStoredAsSQLAlchemyStoresIt_data();
    void decimalIsHeldAtTheScaleAndStoredAsSQLAlchemyStoresIt();
    void decimalBeyondTheColumnIsRefusedWithTheReason_data();
    void decimalBeyondTheColumnIsRefusedWithTheReason();
    void decimalDigitsAreCounted_data();
    void decimalDigitsAreCounted();
    void serverDecimalTextKeepsEveryDigit_data();
    void serverDecimalTextKeepsEveryDigit();
};

void tst_Types::formatDateTime_data()
{
    QTest::addColumn<QDateTime>("value");
    QTest::addColumn<QString>("expected");

    QTest::newRow("utc with milliseconds")
        << utc(2024, 1, 2, 3, 4, 5, 678) << u"2024-01-02 03:04:05.678000"_s;
    QTest::newRow("midnight") << utc(2024, 12, 31, 0, 0, 0) << u"2024-12-31 00:00:00.000000"_s;
    QTest::newRow("small year is zero padded")
        << utc(999, 3, 4, 5, 6, 7, 8) << u"0999-03-04 05:06:07.008000"_s;
    // Another zone is stored as UTC, as datetime.utcnow() values are.
    QTest::newRow("offset converted to utc")
        << QDateTime(QDate(2024, 1, 2), QTime(1, 30, 0), Qt::OffsetFromUTC, 2 * 3600)
        << u"2024-01-01 23:30:00.000000"_s;
    QTest::newRow("invalid gives empty") << QDateTime() << QString();
}

void tst_Types::formatDateTime()
{
    // Given a QDateTime, when formatted for storage, then it is SQLAlchemy's DATETIME text.
    QFETCH(QDateTime, value);
    QFETCH(QString, expected);
    QCOMPARE(orm::storage::formatDateTime(value), expected);
}

void tst_Types::formatDate()
{
    // Given dates, when formatted, then they are "YYYY-MM-DD" (and invalid ones are empty).
    QCOMPARE(orm::storage::formatDate(QDate(2024, 2, 29)), u"2024-02-29"_s);
    QCOMPARE(orm::storage::formatDate(QDate(7, 1, 9)), u"0007-01-09"_s);
    QCOMPARE(orm::storage::formatDate(QDate()), QString());
}

void tst_Types::parseDateTime_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected"); // invalid: rejected

    QTest::newRow("sqlalchemy microseconds")
        << u"2024-01-02 03:04:05.678000"_s << utc(2024, 1, 2, 3, 4, 5, 678);
    QTest::newRow("microseconds truncated to ms")
        << u"2024-01-02 03:04:05.123999"_s << utc(2024, 1, 2, 3, 4, 5, 123);
    QTest::newRow("one fraction digit")
        << u"2024-01-02 03:04:05.5"_s << utc(2024, 1, 2, 3, 4, 5, 500);
    QTest::newRow("sqlite datetime()") << u"2024-01-02 03:04:05"_s << utc(2024, 1, 2, 3, 4, 5);
    QTest::newRow("without seconds") << u"2024-01-02 03:04"_s << utc(2024, 1, 2, 3, 4, 0);
    QTest::newRow("T separator") << u"2024-01-02T03:04:05"_s << utc(2024, 1, 2, 3, 4, 5);
    QTest::newRow("T separator with fraction")
        << u"2024-01-02T03:04:05.250"_s << utc(2024, 1, 2, 3, 4, 5, 250);
    QTest::newRow("trailing Z") << u"2024-01-02T03:04:05Z"_s << utc(2024, 1, 2, 3, 4, 5);
    QTest::newRow("date only is midnight") << u"2024-01-02"_s << utc(2024, 1, 2, 0, 0, 0);
    QTest::newRow("empty") << QString() << QDateTime();
    QTest::newRow("garbage") << u"hello world"_s << QDateTime();
    QTest::newRow("letters in the date") << u"2024-0a-02 03:04:05"_s << QDateTime();
    QTest::newRow("bad separator") << u"2024-01-02x03:04:05"_s << QDateTime();
    QTest::newRow("hour only") << u"2024-01-02 03"_s << QDateTime();
    QTest::newRow("one-digit seconds") << u"2024-01-02 03:04:5"_s << QDateTime();
    QTest::newRow("month 13") << u"2024-13-02 03:04:05"_s << QDateTime();
    QTest::newRow("february 30") << u"2024-02-30 03:04:05"_s << QDateTime();
    QTest::newRow("february 29, leap year")
        << u"2024-02-29 03:04:05"_s << utc(2024, 2, 29, 3, 4, 5);
    QTest::newRow("february 29, 2000")
        << u"2000-02-29 00:00:00.000000"_s << utc(2000, 2, 29, 0, 0, 0);
    QTest::newRow("february 29, 1900") << u"1900-02-29 03:04:05"_s << QDateTime();
    QTest::newRow("february 29, 2023") << u"2023-02-29 03:04:05"_s << QDateTime();
    QTest::newRow("april 31") << u"2024-04-31 03:04:05"_s << QDateTime();
    QTest::newRow("letter among the fraction digits")
        << u"2024-01-02 03:04:05.12x456"_s << QDateTime();
    QTest::newRow("letter in the year") << u"20x4-01-02 03:04:05"_s << QDateTime();
    QTest::newRow("first day") << u"0001-01-01 00:00:00"_s << utc(1, 1, 1, 0, 0, 0);
    QTest::newRow("last millisecond")
        << u"9999-12-31 23:59:59.999999"_s << utc(9999, 12, 31, 23, 59, 59, 999);
    QTest::newRow("hour 25") << u"2024-01-02 25:04:05"_s << QDateTime();
    QTest::newRow("minute 61") << u"2024-01-02 03:61:05"_s << QDateTime();
    QTest::newRow("offset of 89 hours") << u"2024-01-02 03:04:05-8901"_s << QDateTime();
    QTest::newRow("offset of 60 minutes") << u"2024-01-02 03:04:05+01:60"_s << QDateTime();
    QTest::newRow("trailing junk") << u"2024-01-02 03:04:05 junk"_s << QDateTime();
}

void tst_Types::parseDateTime()
{
    // Given stored text, when parsed (both the QStringView and the UTF-8 overloads),
    // then the instant is the expected UTC time, or invalid for text that is not a datetime.
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);
    const QDateTime fromView = orm::storage::parseDateTime(QStringView(text));
    const QByteArray utf8 = text.toUtf8();
    const QDateTime fromUtf8 = orm::storage::parseDateTime(utf8.constData(), utf8.size());
    QCOMPARE(fromView.isValid(), expected.isValid());
    QCOMPARE(fromUtf8.isValid(), expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(fromView, expected);
        QCOMPARE(fromView.timeSpec(), Qt::UTC);
        QCOMPARE(fromUtf8, expected);
    }
}

void tst_Types::parseDateTimeWithAnOffset()
{
    // Given text with an explicit UTC offset (written by another program into a reflected
    // database), when parsed, then it is either converted to UTC or refused (and then kept as
    // text by fromStorage()), never read as if it were UTC already.
    const QDateTime parsed = orm::storage::parseDateTime(u"2024-01-02 03:04:05+02:00"_s);
    QVERIFY2(!parsed.isValid() || parsed == utc(2024, 1, 2, 1, 4, 5),
             qPrintable(parsed.toString(Qt::ISODateWithMs)));
}

void tst_Types::parseDateTimeRefusesAnyWrongCharacterOfTheStoredForms()
{
    // Given the two forms stored rows take (checked eight characters at a time), when any one
    // character is replaced by a wrong one (the neighbours of '0' and '9' among them), then
    // the text is refused by both overloads, and the unchanged text is read exactly.
    const QString forms[] = {u"2024-01-02 03:04:05.678901"_s, u"2024-01-02 03:04:05"_s};
    const QString wrong = u"/:?@a -.Z5"_s;
    for (const QString &form : forms) {
        QCOMPARE(orm::storage::parseDateTime(form.toUtf8().constData(), form.size()),
                 utc(2024, 1, 2, 3, 4, 5, form.size() > 19 ? 678 : 0));
        for (qsizetype i = 0; i < form.size(); ++i) {
            const bool digit = form.at(i).isDigit();
            for (const QChar c : wrong) {
                // (' ' is the other separator at 10; a '-' after the minutes or a 'Z' at the
                // end make the forms with a UTC offset, which are read too.)
                if (c == form.at(i) || (digit && c.isDigit()) || (i == 10 && c == u' ')
                    || (i >= 16 && (c == u'-' || (c == u'Z' && i == form.size() - 1))))
                    continue;
                QString text = form;
                text[i] = c;
                const QByteArray utf8 = text.toUtf8();
                QVERIFY2(!orm::storage::parseDateTime(utf8.constData(), utf8.size()).isValid(),
                         qPrintable(text));
                QVERIFY2(!orm::storage::parseDateTime(QStringView(text)).isValid(),
                         qPrintable(text));
            }
        }
    }
}

void tst_Types::parseDate_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDate>("expected");

    QTest::newRow("date") << u"2024-02-29"_s << QDate(2024, 2, 29);
    QTest::newRow("datetime text gives its date")
        << u"2024-02-29 10:11:12.000000"_s << QDate(2024, 2, 29);
    QTest::newRow("not a leap year") << u"2023-02-29"_s << QDate();
    QTest::newRow("short") << u"2024-2-9"_s << QDate();
    QTest::newRow("slashes") << u"2024/02/09"_s << QDate();
    QTest::newRow("garbage") << u"yesterday!"_s << QDate();
    QTest::newRow("empty") << QString() << QDate();
}

void tst_Types::parseDate()
{
    // Given stored text, when parsed as a DATE, then the date (or an invalid one) results.
    QFETCH(QString, text);
    QFETCH(QDate, expected);
    QCOMPARE(orm::storage::parseDate(QStringView(text)), expected);
    const QByteArray utf8 = text.toUtf8();
    QCOMPARE(orm::storage::parseDate(utf8.constData(), utf8.size()), expected);
}

void tst_Types::toStorage_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<orm::TypeSpec>("type");
    QTest::addColumn<QVariant>("expected"); // invalid: conversion refused

    QTest::newRow("int from text") << QVariant(u" 42 "_s) << orm::Integer << QVariant(qint64(42));
    QTest::newRow("int from bad text") << QVariant(u"4x"_s) << orm::Integer << QVariant();
    QTest::newRow("int from whole double") << QVariant(2.0) << orm::Integer << QVariant(qint64(2));
    QTest::newRow("int from fraction") << QVariant(2.5) << orm::Integer << QVariant();
    QTest::newRow("int from bool") << QVariant(true) << orm::Integer << QVariant(qint64(1));
    QTest::newRow("bool true is 1") << QVariant(true) << orm::Boolean << QVariant(qint64(1));
    QTest::newRow("bool false is 0") << QVariant(false) << orm::Boolean << QVariant(qint64(0));
    QTest::newRow("bool from yes") << QVariant(u"yes"_s) << orm::Boolean << QVariant(qint64(1));
    QTest::newRow("bool from maybe") << QVariant(u"maybe"_s) << orm::Boolean << QVariant();
    QTest::newRow("bool from 2") << QVariant(2) << orm::Boolean << QVariant();
    QTest::newRow("float from text") << QVariant(u"3.5"_s) << orm::Float << QVariant(3.5);
    QTest::newRow("float from bad text") << QVariant(u"three"_s) << orm::Float << QVariant();
    QTest::newRow("date") << QVariant(QDate(2024, 2, 29)) << orm::Date << QVariant(u"2024-02-29"_s);
    QTest::newRow("date from datetime")
        << QVariant(utc(2024, 2, 29, 23, 0, 0)) << orm::Date << QVariant(u"2024-02-29"_s);
    QTest::newRow("date from bad text") << QVariant(u"2024-02-30"_s) << orm::Date << QVariant();
    QTest::newRow("date from datetime text")
        << QVariant(u"2024-02-01 10:00"_s) << orm::Date << QVariant();
    QTest::newRow("datetime") << QVariant(utc(2024, 1, 2, 3, 4, 5, 6)) << orm::DateTime
                              << QVariant(u"2024-01-02 03:04:05.006000"_s);
    QTest::newRow("datetime from date") << QVariant(QDate(2024, 1, 2)) << orm::DateTime
                                        << QVariant(u"2024-01-02 00:00:00.000000"_s);
    QTest::newRow("datetime from T text") << QVariant(u"2024-01-02T03:04"_s) << orm::DateTime
                                          << QVariant(u"2024-01-02 03:04:00.000000"_s);
    QTest::newRow("datetime from garbage") << QVariant(u"soon"_s) << orm::DateTime << QVariant();
    QTest::newRow("string from bytes")
        << QVariant(QByteArray("caf\xc3\xa9")) << orm::String(10) << QVariant(u"café"_s);
    QTest::newRow("blob from text")
        << QVariant(u"café"_s) << orm::LargeBinary << QVariant(QByteArray("caf\xc3\xa9"));
    QTest::newRow("json object") << QVariant(QVariantMap {{u"b"_s, u"x"_s}, {u"a"_s, 1}})
                                 << orm::Json << QVariant(u"{\"a\":1,\"b\":\"x\"}"_s);
    QTest::newRow("json array") << QVariant(
        QVariantList {1, u"two"_s, QVariant::fromValue(nullptr)})
                                << orm::Json << QVariant(u"[1,\"two\",null]"_s);
    QTest::newRow("json bool") << QVariant(true) << orm::Json << QVariant(u"true"_s);
    QTest::newRow("json text is already serialized")
        << QVariant(u"[1]"_s) << orm::Json << QVariant(u"[1]"_s);
    QTest::newRow("json text kept as written")
        << QVariant(u"{\"a\": 1}"_s) << orm::Json << QVariant(u"{\"a\": 1}"_s);
    QTest::newRow("json text that is not JSON") << QVariant(u"{a: 1}"_s) << orm::Json << QVariant();
    QTest::newRow("untyped bool") << QVariant(true) << orm::TypeSpec {} << QVariant(qint64(1));
}

void tst_Types::toStorage()
{
    // Given a program value and a column type, when converted for binding, then the stored
    // form is SQLAlchemy's (or the conversion is refused with ok = false).
    QFETCH(QVariant, value);
    QFETCH(orm::TypeSpec, type);
    QFETCH(QVariant, expected);
    bool ok = true;
    const QVariant stored = orm::storage::toStorage(value, type, &ok);
    QCOMPARE(ok, expected.isValid());
    if (expected.isValid()) {
        QCOMPARE(stored.metaType(), expected.metaType());
        QCOMPARE(stored, expected);
    }
}

void tst_Types::fromStorage_data()
{
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<orm::TypeSpec>("type");
    QTest::addColumn<QVariant>("expected");

    QTest::newRow("boolean 1") << QVariant(qint64(1)) << orm::Boolean << QVariant(true);
    QTest::newRow("boolean 0") << QVariant(qint64(0)) << orm::Boolean << QVariant(false);
    QTest::newRow("date") << QVariant(u"2024-02-29"_s) << orm::Date << QVariant(QDate(2024, 2, 29));
    QTest::newRow("datetime") << QVariant(u"2024-01-02 03:04:05.678901"_s) << orm::DateTime
                              << QVariant::fromValue(
                                     orm::Timestamp(QDate(2024, 1, 2), 3, 4, 5, 678901));
    // JSON: the text as written, spaces and all.
    QTest::newRow("json") << QVariant(u"{\"a\": [1, 2]}"_s) << orm::Json
                          << QVariant(u"{\"a\": [1, 2]}"_s);
    // A value that does not fit its type is kept as it was stored, never lost.
    QTest::newRow("odd datetime kept")
        << QVariant(u"last tuesday"_s) << orm::DateTime << QVariant(u"last tuesday"_s);
    QTest::newRow("null") << QVariant() << orm::Integer << QVariant();
}

void tst_Types::fromStorage()
{
    // Given a value as SQLite returns it, when converted for the program, then it has the
    // column's program type.
    QFETCH(QVariant, stored);
    QFETCH(orm::TypeSpec, type);
    QFETCH(QVariant, expected);
    const QVariant value = orm::storage::fromStorage(stored, type);
    QCOMPARE(value.isNull(), expected.isNull());
    if (!expected.isNull()) {
        QCOMPARE(value.metaType(), expected.metaType());
        QCOMPARE(value, expected);
    }
}

void tst_Types::roundTrip_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QVariant>("value"); // set through Entity::setValue
    QTest::addColumn<QVariant>("stored"); // what SQLite holds (storage class and value)
    QTest::addColumn<QVariant>("readBack"); // what a fresh session reads

    const QDateTime moment = utc(2024, 1, 2, 3, 4, 5, 678);
    const QByteArray bytes("\x00\x01\xfe\xff binary", 11);
    const QString longText = QString(10000, u'x') + u"\n'quoted' \"double\" ✓"_s;
    auto row = [](const char *name, const QString &column, const QVariant &value,
                  const QVariant &stored, const QVariant &readBack) {
        QTest::newRow(name) << column << value << stored << readBack;
    };
    row("integer", u"integer"_s, 42, qint64(42), qint64(42));
    row("negative integer", u"integer"_s, -7, qint64(-7), qint64(-7));
    row("big integer beyond 2^53", u"big"_s, qint64(9007199254740993LL), qint64(9007199254740993LL),
        qint64(9007199254740993LL));
    row("big integer max", u"big"_s, std::numeric_limits<qint64>::max(),
        std::numeric_limits<qint64>::max(), std::numeric_limits<qint64>::max());
    row("string(10) unicode", u"short_text"_s, u"héllo ✓"_s, u"héllo ✓"_s, u"héllo ✓"_s);
    row("empty string is not null", u"long_text"_s, u""_s, u""_s, u""_s);
    row("long text", u"long_text"_s, longText, longText, longText);
    row("float", u"real"_s, 3.25, 3.25, 3.25);
    row("float from text", u"real"_s, u"-0.5"_s, -0.5, -0.5);
    row("numeric", u"amount"_s, 12.75, 12.75, 12.75);
    row("boolean true is 1", u"flag"_s, true, qint64(1), true);
    row("boolean false is 0", u"flag"_s, false, qint64(0), false);
    row("date", u"day"_s, QDate(2024, 2, 29), u"2024-02-29"_s, QDate(2024, 2, 29));
    row("datetime", u"moment"_s, moment, u"2024-01-02 03:04:05.678000"_s, moment);
    row("datetime from another zone", u"moment"_s,
        QDateTime(QDate(2024, 1, 2), QTime(5, 4, 5, 678), Qt::OffsetFromUTC, 7200),
        u"2024-01-02 03:04:05.678000"_s, moment);
    row("datetime from text", u"moment"_s, u"2024-01-02T03:04:05.678"_s,
        u"2024-01-02 03:04:05.678000"_s, moment);
    row("blob", u"data"_s, bytes, bytes, bytes);
    row("empty blob is not null", u"data"_s, QByteArray(""), QByteArray(""), QByteArray(""));
    row("json object", u"json"_s, QVariantMap {{u"b"_s, u"x"_s}, {u"a"_s, QVariantList {1, 2}}},
        u"{\"a\":[1,2],\"b\":\"x\"}"_s,
        QVariantMap {{u"b"_s, u"x"_s}, {u"a"_s, QVariantList {1, 2}}});
    row("json array", u"json"_s, QVariantList {1, u"two"_s, true}, u"[1,\"two\",true]"_s,
        QVariantList {1, u"two"_s, true});
    row("json string scalar", u"json"_s, QVariant::fromValue(QJsonValue(u"hi"_s)), u"\"hi\""_s,
        u"hi"_s);
    row("json text is parsed", u"json"_s, u"{\"k\": null}"_s, u"{\"k\":null}"_s,
        QVariantMap {{u"k"_s, QVariant::fromValue(nullptr)}});
    row("optional int null", u"maybe_int"_s, QVariant(), QVariant(), QVariant());
    row("optional int zero is not null", u"maybe_int"_s, 0, qint64(0), qint64(0));
    row("optional text null", u"maybe_text"_s, QVariant(), QVariant(), QVariant());
    row("optional text", u"maybe_text"_s, u"set"_s, u"set"_s, u"set"_s);
    row("optional float", u"maybe_real"_s, 1e-300, 1e-300, 1e-300);
    row("optional bool false", u"maybe_flag"_s, false, qint64(0), false);
    row("optional bool null", u"maybe_flag"_s, QVariant(), QVariant(), QVariant());
    row("optional date", u"maybe_day"_s, QDate(1999, 12, 31), u"1999-12-31"_s, QDate(1999, 12, 31));
    row("optional datetime null", u"maybe_moment"_s, QVariant(), QVariant(), QVariant());
    row("optional datetime", u"maybe_moment"_s, moment, u"2024-01-02 03:04:05.678000"_s, moment);
}

void tst_Types::roundTrip()
{
    QFETCH(QString, column);
    QFETCH(QVariant, value);
    QFETCH(QVariant, stored);
    QFETCH(QVariant, readBack);

    // Given a model with a column of every type, when one value is set and committed,
    auto engine = openMemory();
    QVERIFY(createTable(*engine, Sample::staticMeta().table()));
    const int index = Sample::staticMeta().columnIndex(column);
    QVERIFY(index >= 0);
    qint64 id = 0;
    {
        orm::Session session(engine);
        auto sample = std::make_shared<Sample>();
        QVERIFY(sample->setValue(index, value));
        session.add(sample);
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
        id = sample->id;
    }

    // then SQLite holds it in SQLAlchemy's format (storage class and value),
    orm::Session raw(engine);
    const QString sql = u"SELECT \"%1\", typeof(\"%1\") FROM samples"_s.arg(column);
    const auto rows = raw.execute(sql);
    QVERIFY2(rows, qPrintable(raw.lastError().text()));
    QCOMPARE(rows->rows.size(), 1);
    const QVariant actualStored = rows->rows.first().at(0);
    const QString storageClass = rows->rows.first().at(1).toString();
    QCOMPARE(actualStored.isNull(), stored.isNull());
    if (!stored.isNull()) {
        QCOMPARE(actualStored.metaType(), stored.metaType());
        QCOMPARE(actualStored, stored);
    } else {
        QCOMPARE(storageClass, u"null"_s);
    }
    QVERIFY(
        orm::storage::matchesType(actualStored, Sample::staticMeta().column(index).column.type));

    // and a fresh session reads the same program value back.
    orm::Session reader(engine);
    auto loaded = reader.get<Sample>(id);
    QVERIFY(loaded);
    const QVariant actual = loaded->value(index);
    QCOMPARE(actual.isNull(), readBack.isNull());
    if (column == u"json") {
        QCOMPARE(QJsonValue::fromVariant(actual), QJsonValue::fromVariant(readBack));
    } else if (!readBack.isNull()) {
        QCOMPARE(actual.metaType(), readBack.metaType());
        QCOMPARE(actual, readBack);
    }
}

void tst_Types::queryByStoredFormats()
{
    // Given rows with datetimes, dates and booleans stored as text and 0/1,
    auto engine = openMemory();
    QVERIFY(createTable(*engine, Sample::staticMeta().table()));
    orm::Session session(engine);
    for (int i = 1; i <= 4; ++i) {
        auto s = std::make_shared<Sample>();
        s->integer = i;
        s->moment = utc(2024, 1, i * 7, 12, 0, 0);
        s->day = QDate(2024, i, 1);
        s->flag = i % 2 == 0;
        session.add(s);
    }
    QVERIFY(session.commit());

    // when filtering with typed values, then the comparisons work on the stored text
    // (the format sorts chronologically) and on 0/1.
    const auto later = session.query<Sample>()
                           .filter(orm::col(&Sample::moment) > utc(2024, 1, 14, 12, 0, 0))
                           .orderBy(&Sample::integer)
                           .all();
    QCOMPARE(later.size(), size_t(2));
    QCOMPARE(later.at(0)->integer, 3);
    QCOMPARE(session.query<Sample>().filter(orm::col(&Sample::day) <= QDate(2024, 2, 1)).count(),
             std::optional<qint64>(2));
    QCOMPARE(session.query<Sample>().filterBy(&Sample::flag, true).count(),
             std::optional<qint64>(2));
    QCOMPARE(session.query<Sample>().filterBy(u"flag"_s, false).count(), std::optional<qint64>(2));
}

void tst_Types::createTableDdl()
{
    // Given the seeds' users table (with the timestamp mixin), when the dialect writes its DDL,
    // then it is SQLAlchemy's SQLite layout with every identifier quoted.
    const orm::SqliteDialect dialect;
    const QStringList ddl = dialect.createTable(SeedUser::staticMeta().table());
    QCOMPARE(ddl.size(), 1);
    QCOMPARE(ddl.first(),
             u"CREATE TABLE \"users\" (\n"
             "\t\"id\" INTEGER NOT NULL, \n"
             "\t\"username\" VARCHAR(80) NOT NULL, \n"
             "\t\"is_active\" BOOLEAN, \n"
             "\t\"created_at\" DATETIME, \n"
             "\tPRIMARY KEY (\"id\"), \n"
             "\tUNIQUE (\"username\")\n"
             ")"_s);
    QCOMPARE(
        dialect.createTable(SeedUser::staticMeta().table(), orm::SqliteDialect::IfNotExists::Yes)
            .first()
            .left(27),
        u"CREATE TABLE IF NOT EXISTS "_s);
    QCOMPARE(dialect.dropTable(SeedUser::staticMeta().table()),
             u"DROP TABLE IF EXISTS \"users\""_s);
}

void tst_Types::createTableDdlFragments_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<int>("statement"); // 0: CREATE TABLE, 1…: CREATE INDEX statements
    QTest::addColumn<QString>("fragment");

    QTest::newRow("every type name") << u"samples"_s << 0
                                     << u"\"integer\" INTEGER, \n\t\"big\" BIGINT, \n\t"
                                        "\"short_text\" VARCHAR(10), \n\t\"long_text\" TEXT, \n\t"
                                        "\"real\" FLOAT, \n\t\"amount\" NUMERIC(10, 2), \n\t"
                                        "\"flag\" BOOLEAN, \n\t\"day\" DATE, \n\t"
                                        "\"moment\" DATETIME, \n\t\"data\" BLOB, \n\t"
                                        "\"json\" JSON"_s;
    QTest::newRow("optional members are nullable")
        << u"samples"_s << 0 << u"\"maybe_int\" INTEGER, "_s;
    QTest::newRow("not null") << u"authors"_s << 0 << u"\"name\" VARCHAR(50) NOT NULL"_s;
    QTest::newRow("foreign key on delete cascade")
        << u"books"_s << 0
        << u"FOREIGN KEY(\"author_id\") REFERENCES \"authors\" (\"id\") ON DELETE CASCADE"_s;
    // unique().index() makes a unique index instead of a UNIQUE clause, as SQLAlchemy does.
    QTest::newRow("unique indexed column has no UNIQUE clause")
        << u"books"_s << 0 << u"PRIMARY KEY (\"id\"), \n\tFOREIGN KEY("_s;
    QTest::newRow("unique index for unique().index()")
        << u"books"_s << 1 << u"CREATE UNIQUE INDEX \"ix_books_isbn\" ON \"books\" (\"isbn\")"_s;
    QTest::newRow("index()") << u"books"_s << 2
                             << u"CREATE INDEX \"ix_books_title\" ON \"books\" (\"title\")"_s;
    QTest::newRow("named composite index")
        << u"books"_s << 3
        << u"CREATE INDEX \"ix_books_author_title\" ON \"books\" (\"author_id\", \"title\")"_s;
    QTest::newRow("composite primary key")
        << u"memberships"_s << 0 << u"PRIMARY KEY (\"user_id\", \"group_id\")"_s;
    QTest::newRow("key columns are NOT NULL")
        << u"memberships"_s << 0 << u"\"group_id\" INTEGER NOT NULL"_s;
    QTest::newRow("named unique constraint")
        << u"memberships"_s << 0 << u"CONSTRAINT \"uq_user_role\" UNIQUE (\"user_id\", \"role\")"_s;
}

void tst_Types::createTableDdlFragments()
{
    // Given a mapped table, when the dialect writes its DDL, then each statement holds the
    // expected clause, and the statements run on SQLite.
    QFETCH(QString, table);
    QFETCH(int, statement);
    QFETCH(QString, fragment);
    const QHash<QString, const orm::EntityMeta *> metas {
        {u"samples"_s, &Sample::staticMeta()},
        {u"authors"_s, &Author::staticMeta()},
        {u"books"_s, &Book::staticMeta()},
        {u"memberships"_s, &Membership::staticMeta()}};
    const orm::SqliteDialect dialect;
    const QStringList ddl = dialect.createTable(metas.value(table)->table());
    QVERIFY2(statement < ddl.size(), qPrintable(ddl.join(u"\n"_s)));
    QVERIFY2(ddl.at(statement).contains(fragment), qPrintable(ddl.at(statement)));

    auto engine = openMemory();
    for (const QString &sql : ddl)
        QVERIFY2(engine->connection().exec(sql),
                 qPrintable(engine->connection().lastError().text()));
}

void tst_Types::typeFromDeclaration_data()
{
    QTest::addColumn<QString>("declared");
    QTest::addColumn<orm::TypeSpec>("expected");

    QTest::newRow("VARCHAR(80)") << u"VARCHAR(80)"_s << orm::String(80);
    QTest::newRow("lower case varchar") << u"varchar(20)"_s << orm::String(20);
    QTest::newRow("VARCHAR") << u"VARCHAR"_s << orm::String();
    QTest::newRow("NVARCHAR(5)") << u"NVARCHAR(5)"_s << orm::String(5);
    QTest::newRow("CHARACTER(3)") << u"CHARACTER(3)"_s << orm::String(3);
    QTest::newRow("TEXT") << u"TEXT"_s << orm::Text;
    QTest::newRow("CLOB") << u"CLOB"_s << orm::Text;
    QTest::newRow("INTEGER") << u"INTEGER"_s << orm::Integer;
    QTest::newRow("INT") << u"INT"_s << orm::Integer;
    QTest::newRow("SMALLINT") << u"SMALLINT"_s << orm::Integer;
    QTest::newRow("BIGINT") << u"BIGINT"_s << orm::BigInteger;
    QTest::newRow("FLOAT") << u"FLOAT"_s << orm::Float;
    QTest::newRow("REAL") << u"REAL"_s << orm::Float;
    QTest::newRow("DOUBLE PRECISION") << u"DOUBLE PRECISION"_s << orm::Float;
    QTest::newRow("NUMERIC") << u"NUMERIC"_s << orm::Numeric();
    QTest::newRow("NUMERIC(10, 2)") << u"NUMERIC(10, 2)"_s << orm::Numeric(10, 2);
    QTest::newRow("DECIMAL(8,3)") << u"DECIMAL(8,3)"_s << orm::Numeric(8, 3);
    QTest::newRow("BOOLEAN") << u"BOOLEAN"_s << orm::Boolean;
    QTest::newRow("DATE") << u"DATE"_s << orm::Date;
    QTest::newRow("DATETIME") << u"DATETIME"_s << orm::DateTime;
    QTest::newRow("TIMESTAMP") << u"TIMESTAMP"_s << orm::DateTime;
    QTest::newRow("BLOB") << u"BLOB"_s << orm::LargeBinary;
    QTest::newRow("JSON") << u"JSON"_s << orm::Json;
    QTest::newRow("no declared type") << QString() << orm::TypeSpec {orm::ColumnType::Null};
    QTest::newRow("blanks") << u"  "_s << orm::TypeSpec {orm::ColumnType::Null};
    QTest::newRow("unknown") << u"GEOMETRY"_s << orm::TypeSpec {orm::ColumnType::Null};
}

void tst_Types::typeFromDeclaration()
{
    // Given a declared type read from a live database, when parsed, then the TypeSpec matches.
    QFETCH(QString, declared);
    QFETCH(orm::TypeSpec, expected);
    QCOMPARE(orm::SqliteDialect::typeFromDeclaration(declared), expected);
}

void tst_Types::typeNameRoundTrip_data()
{
    QTest::addColumn<orm::TypeSpec>("type");
    QTest::addColumn<QString>("name");

    QTest::newRow("Integer") << orm::Integer << u"INTEGER"_s;
    QTest::newRow("BigInteger") << orm::BigInteger << u"BIGINT"_s;
    QTest::newRow("String(80)") << orm::String(80) << u"VARCHAR(80)"_s;
    QTest::newRow("String") << orm::String() << u"VARCHAR"_s;
    QTest::newRow("Text") << orm::Text << u"TEXT"_s;
    QTest::newRow("Float") << orm::Float << u"FLOAT"_s;
    QTest::newRow("Numeric") << orm::Numeric() << u"NUMERIC"_s;
    QTest::newRow("Numeric(12, 4)") << orm::Numeric(12, 4) << u"NUMERIC(12, 4)"_s;
    QTest::newRow("Boolean") << orm::Boolean << u"BOOLEAN"_s;
    QTest::newRow("Date") << orm::Date << u"DATE"_s;
    QTest::newRow("DateTime") << orm::DateTime << u"DATETIME"_s;
    QTest::newRow("LargeBinary") << orm::LargeBinary << u"BLOB"_s;
    QTest::newRow("Json") << orm::Json << u"JSON"_s;
}

void tst_Types::typeNameRoundTrip()
{
    // Given a type, when written as SQLAlchemy writes it and read back by reflection,
    // then the same type results.
    QFETCH(orm::TypeSpec, type);
    QFETCH(QString, name);
    const orm::SqliteDialect dialect;
    QCOMPARE(dialect.typeName(type), name);
    QCOMPARE(orm::SqliteDialect::typeFromDeclaration(name), type);
}

// Texts decoded as a row's short texts are: one block, the second one past its start.
static QList<QString> rowTexts()
{
    const QByteArray name = "user0000001";
    const QByteArray email = "user0000001@example.com";
    orm::detail::RowText text(orm::detail::RowText::unitsFor(name.size())
                              + orm::detail::RowText::unitsFor(email.size()));
    bool valid = false;
    QList<QString> texts;
    texts << text.decode(name.constData(), name.size(), &valid);
    texts << text.decode(email.constData(), email.size(), &valid);
    return texts;
}

void tst_Types::stringSlotsKeepEveryKindOfString_data()
{
    QTest::addColumn<QString>("value");
    static const char16_t raw[] = u"raw characters";
    QString chopped = QString::fromUtf8("xxxchopped at the front");
    chopped.remove(0, 3); // the characters now start inside the block
    QTest::newRow("null") << QString();
    QTest::newRow("empty") << u""_s;
    QTest::newRow("literal") << u"a literal"_s;
    QTest::newRow("raw data") << QString::fromRawData(reinterpret_cast<const QChar *>(raw), 14);
    QTest::newRow("read from a database") << QString::fromUtf8("user0000001@example.com");
    QTest::newRow("chopped at the front") << chopped;
    // Past the start of its block, as a row's short texts are (detail::RowText), but further
    // in, or longer, than that form keeps: kept as a copy.
    QString far = QString(20000, u'x') + u"far into the block"_s;
    far.remove(0, 20000);
    QTest::newRow("far into the block") << far;
    QString longer = u"xx"_s + QString(70000, u'y');
    longer.remove(0, 2);
    QTest::newRow("long, past the start") << longer;
    QTest::newRow("short texts of a row") << rowTexts().at(1);
    QTest::newRow("non-ASCII") << u"Grüße, 東京 🙂"_s;
}

void tst_Types::stringSlotsKeepEveryKindOfString()
{
    // Given any kind of QString kept in a baseline's 12-byte slot,
    QFETCH(QString, value);
    using Slot = orm::detail::StringSlot;
    static_assert(Slot::size == 12 && Slot::align == 4);
    alignas(4) char storage[2 * Slot::size];
    void *slot = storage + Slot::size; // not 8-aligned: the slot's pointer is unaligned
    Slot::create(slot, value);
    // then it reads back as the same string, null or not,
    const QString back = Slot::get(slot);
    QCOMPARE(back, value);
    QCOMPARE(back.isNull(), value.isNull());
    QCOMPARE(back.size(), value.size());
    // it equals what QString's == says equals it, and nothing else,
    QVERIFY(Slot::equals(slot, value));
    QCOMPARE(Slot::equals(slot, QString()), value.isEmpty());
    QCOMPARE(Slot::equals(slot, u""_s), value.isEmpty());
    QVERIFY(!Slot::equals(slot, value + u'x'));
    QVERIFY(!Slot::equals(slot, u"something else entirely"_s));
    // and it can be replaced and released.
    Slot::assign(slot, u"replaced"_s);
    QCOMPARE(Slot::get(slot), u"replaced"_s);
    Slot::assign(slot, value);
    QCOMPARE(Slot::get(slot), value);
    Slot::destroy(slot);
}

void tst_Types::stringSlotsShareTheBlock()
{
    // Given a string read from a database, kept in a slot,
    using Slot = orm::detail::StringSlot;
    alignas(8) char slot[Slot::size];
    QString value = QString::fromUtf8("shared, not copied");
    QVERIFY(value.isDetached());
    Slot::create(slot, value);
    // then the slot shares its characters (a reference to the block, as a copy would hold),
    QVERIFY(!value.isDetached());
    QCOMPARE(Slot::get(slot).constData(), value.constData());
    // a change to the string leaves the slot as it was,
    value[0] = u'S';
    QCOMPARE(Slot::get(slot), u"shared, not copied"_s);
    QVERIFY(!Slot::equals(slot, value));
    // the slot keeps the characters after the string is gone,
    value = QString();
    QCOMPARE(Slot::get(slot), u"shared, not copied"_s);
    // and a copy out of it shares them in turn until the slot lets go.
    QString copy = Slot::get(slot);
    QVERIFY(!copy.isDetached());
    Slot::destroy(slot);
    QVERIFY(copy.isDetached());
    QCOMPARE(copy, u"shared, not copied"_s);
}

void tst_Types::shortTextsOfARowShareOneBlock()
{
    // Given a row's short texts, decoded into one block, one of them not ASCII, one too long,
    const QByteArray longText(orm::detail::RowText::kShort, 'z');
    const QList<QByteArray> texts {"first", "Grüße", "second", longText, "", "third"};
    qsizetype units = 0;
    for (const QByteArray &t : texts)
        units += orm::detail::RowText::unitsFor(t.size());
    QList<QString> strings;
    {
        orm::detail::RowText text(units);
        for (const QByteArray &t : texts) {
            bool valid = false;
            strings << text.decode(t.constData(), t.size(), &valid);
            QVERIFY(valid);
        }
    }
    // then each reads as its text, NUL-terminated, the empty one empty and not null,
    for (qsizetype i = 0; i < texts.size(); ++i) {
        QCOMPARE(strings[i], QString::fromUtf8(texts[i]));
        QCOMPARE(strings[i].utf16()[strings[i].size()], u'\0');
    }
    QVERIFY(!strings[4].isNull());
    // the short ASCII ones share one block, the others have their own,
    const auto block = [&strings](int i) { return strings[i].data_ptr().d_ptr(); };
    QVERIFY(block(0));
    QCOMPARE(block(2), block(0));
    QCOMPARE(block(5), block(0));
    QVERIFY(block(1) != block(0));
    QVERIFY(block(3) != block(0));
    // a baseline's slot refers to its characters there, not to a copy,
    using Slot = orm::detail::StringSlot;
    alignas(8) char slot[Slot::size];
    Slot::create(slot, strings[2]);
    QCOMPARE(Slot::get(slot).constData(), strings[2].constData());
    Slot::destroy(slot);
    // a change to one leaves the others as they were,
    strings[2].append(u" changed"_s);
    strings[0][0] = u'F';
    QCOMPARE(strings[2], u"second changed"_s);
    QCOMPARE(strings[5], u"third"_s);
    // and one left alone with the block may grow over the room of those gone.
    QString last = std::move(strings[5]);
    strings.clear();
    last.append(u" and more"_s);
    QCOMPARE(last, u"third and more"_s);
    last.prepend(u"the "_s);
    QCOMPARE(last, u"the third and more"_s);
}

void tst_Types::decimalIsExact()
{
    // Text in, the same text out, every digit of the scale kept.
    QCOMPARE(orm::Decimal::fromString(u"12.50").toString(), u"12.50"_s);
    QCOMPARE(orm::Decimal::fromString(u" -0.05 ").toString(), u"-0.05"_s);
    QCOMPARE(orm::Decimal::fromString(u".5").toString(), u"0.5"_s);
    QCOMPARE(orm::Decimal::fromString(u"1.5e3").toString(), u"1500"_s);
    QCOMPARE(orm::Decimal::fromString(u"123456789012345678").toString(), u"123456789012345678"_s);
    QVERIFY(orm::Decimal::fromString(u"1234567890123456789").isNull());
    QVERIFY(orm::Decimal::fromString(u"12,5").isNull());
    QVERIFY(orm::Decimal::fromString(u"").isNull());
    // Sums do not drift: 0.10 + 0.20 is 0.30, by value, whatever the scale.
    const orm::Decimal a = orm::Decimal::fromString(u"0.10");
    const orm::Decimal b = orm::Decimal::fromString(u"0.20");
    QCOMPARE(orm::Decimal(a.units() + b.units(), 2), orm::Decimal::fromString(u"0.3"));
    QVERIFY(orm::Decimal::fromString(u"-1.5") < orm::Decimal::fromString(u"-1.2"));
    QVERIFY(orm::Decimal::fromString(u"-0.5") > orm::Decimal::fromString(u"-1"));
    // At another scale: exact, or rounded half away from zero.
    bool exact = false;
    QCOMPARE(orm::Decimal::fromString(u"12.5").rescaled(2, &exact).toString(), u"12.50"_s);
    QVERIFY(exact);
    QCOMPARE(orm::Decimal::fromString(u"-12.345").rescaled(2, &exact).toString(), u"-12.35"_s);
    QVERIFY(!exact);
    // A stored double read as SQLAlchemy reads it ("%.2f").
    QCOMPARE(orm::Decimal::fromDouble(0.1, 2).toString(), u"0.10"_s);
    QCOMPARE(orm::Decimal::fromDouble(123456.78, 2).toString(), u"123456.78"_s);
    QCOMPARE(orm::Decimal::fromString(u"123456.78").toDouble(), 123456.78);
    // In a QVariant: its text, and a number.
    const QVariant v = QVariant::fromValue(orm::Decimal::fromString(u"12.50"));
    QCOMPARE(v.toString(), u"12.50"_s);
    QCOMPARE(v.toDouble(), 12.5);
}

void tst_Types::decimalIsHeldAtTheScaleAndStoredAsSQLAlchemyStoresIt_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<QString>("held");

    // As SQLAlchemy binds Decimal("12.50") to NUMERIC(8, 2): a double, kept as an integer by
    // NUMERIC affinity when it is whole.
    QTest::newRow("Decimal") << QVariant::fromValue(orm::Decimal::fromString(u"12.5"))
                             << QVariant(12.5) << u"12.50"_s;
    QTest::newRow("whole Decimal") << QVariant::fromValue(orm::Decimal::fromString(u"12.00"))
                                   << QVariant(qint64(12)) << u"12.00"_s;
    QTest::newRow("text") << QVariant(u"0.1"_s) << QVariant(0.1) << u"0.10"_s;
    QTest::newRow("double") << QVariant(0.1) << QVariant(0.1) << u"0.10"_s;
    QTest::newRow("integer") << QVariant(7) << QVariant(qint64(7)) << u"7.00"_s;
    QTest::newRow("negative") << QVariant(u"-999999.99"_s) << QVariant(-999999.99)
                              << u"-999999.99"_s;
}

void tst_Types::decimalIsHeldAtTheScaleAndStoredAsSQLAlchemyStoresIt()
{
    QFETCH(QVariant, value);
    QFETCH(QVariant, stored);
    QFETCH(QString, held);
    const orm::TypeSpec type = orm::Numeric(8, 2);
    bool ok = false;
    const QVariant actual = orm::storage::toStorage(value, type, &ok);
    QVERIFY(ok);
    QCOMPARE(actual.metaType(), stored.metaType());
    QCOMPARE(actual, stored);
    const QVariant read = orm::storage::fromStorage(actual, type);
    QCOMPARE(read.metaType(), QMetaType::fromType<orm::Decimal>());
    QCOMPARE(read.value<orm::Decimal>().toString(), held);
}

void tst_Types::decimalBeyondTheColumnIsRefusedWithTheReason_data()
{
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("reason");

    QTest::newRow("fits") << QVariant(u"123456.78"_s) << QString();
    QTest::newRow("zeros past the scale") << QVariant(u"1.2500"_s) << QString();
    QTest::newRow("past the scale")
        << QVariant(u"12.345"_s) << u"at most 2 digits after the point"_s;
    QTest::newRow("past the precision")
        << QVariant(u"1234567"_s) << u"at most 6 digits before the point"_s;
    QTest::newRow("16 significant digits")
        << QVariant(u"0.1234567890123456"_s)
        << u"more than 15 significant digits: SQLite would round it"_s;
    QTest::newRow("30 digits") << QVariant(u"123456789012345678901234567890"_s)
                               << u"more than 15 significant digits: SQLite would round it"_s;
    QTest::newRow("not a number") << QVariant(u"12a"_s) << u"not a number"_s;
    QTest::newRow("zero past the scale") << QVariant(u"0.0000"_s) << QString();
}

void tst_Types::decimalBeyondTheColumnIsRefusedWithTheReason()
{
    QFETCH(QVariant, value);
    QFETCH(QString, reason);
    const orm::TypeSpec type = orm::Numeric(8, 2);
    QCOMPARE(orm::storage::decimalProblem(value, type), reason);
    bool ok = false;
    (void)orm::storage::toStorage(value, type, &ok);
    QCOMPARE(ok, reason.isEmpty());
}

void tst_Types::decimalDigitsAreCounted_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("whole");
    QTest::addColumn<int>("fraction");
    QTest::addColumn<int>("significant");

    QTest::newRow("zeros around") << u"012.50"_s << 2 << 1 << 3;
    QTest::newRow("whole, zeros at the end") << u"1200"_s << 4 << 0 << 2;
    QTest::newRow("a fraction only") << u"-0.001"_s << 0 << 3 << 1;
    QTest::newRow("an exponent") << u"1.5e3"_s << 4 << 0 << 2;
    QTest::newRow("a negative exponent") << u"15e-3"_s << 0 << 3 << 2;
    QTest::newRow("zero") << u"0.000"_s << 0 << 0 << 0;
    QTest::newRow("30 digits") << u"12345678901234567890.1234567890"_s << 20 << 9 << 29;
}

void tst_Types::decimalDigitsAreCounted()
{
    // The counts a NUMERIC(p, s) checks (the session's fields and the importer alike).
    QFETCH(QString, text);
    QFETCH(int, whole);
    QFETCH(int, fraction);
    QFETCH(int, significant);
    const orm::Decimal::Parts parts = orm::Decimal::split(text);
    QVERIFY(parts.ok);
    const orm::Decimal::Parts::Counts counts = parts.counts();
    QCOMPARE(int(counts.whole), whole);
    QCOMPARE(counts.fraction, fraction);
    QCOMPARE(int(counts.significant), significant);
}

void tst_Types::serverDecimalTextKeepsEveryDigit_data()
{
    QTest::addColumn<int>("precision");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QVariant>("stored");
    QTest::addColumn<QString>("reason");

    const QString longer = u"12345678901234567890.123456789"_s;
    QTest::newRow("30 digits, NUMERIC(30, 10)")
        << 30 << QVariant(longer) << QVariant(longer) << QString();
    QTest::newRow("30 digits, NUMERIC")
        << 0 << QVariant(u" -"_s + longer) << QVariant(u"-"_s + longer) << QString();
    QTest::newRow("a Decimal") << 30 << QVariant::fromValue(orm::Decimal(1250, 2))
                               << QVariant(u"12.50"_s) << QString();
    QTest::newRow("a double") << 30 << QVariant(0.1) << QVariant(u"0.1"_s) << QString();
    QTest::newRow("past the scale") << 30 << QVariant(u"1.00000000001"_s) << QVariant()
                                    << u"at most 10 digits after the point"_s;
    QTest::newRow("past the precision") << 30 << QVariant(u"123456789012345678901"_s) << QVariant()
                                        << u"at most 20 digits before the point"_s;
    QTest::newRow("not a number") << 0 << QVariant(u"12a"_s) << QVariant() << u"not a number"_s;
}

void tst_Types::serverDecimalTextKeepsEveryDigit()
{
    // A server's NUMERIC (PostgreSQL's reflection gives it this form) holds decimal text:
    // every digit, never through a double, checked against the precision and scale only.
    QFETCH(int, precision);
    QFETCH(QVariant, value);
    QFETCH(QVariant, stored);
    QFETCH(QString, reason);
    const orm::TypeSpec type =
        orm::Numeric(precision, precision ? 10 : 0).storedAs(orm::StoredForm::DecimalText);
    QCOMPARE(orm::storage::decimalProblem(value, type), reason);
    bool ok = false;
    const QVariant written = orm::storage::toStorage(value, type, &ok);
    QCOMPARE(ok, reason.isEmpty());
    QCOMPARE(written, stored);
    if (ok) {
        // Read back, the text is the value: the same digits, not odd, written back as read.
        QVERIFY(orm::storage::matchesType(written, type));
        const QVariant read = orm::storage::fromStorage(written, type);
        QCOMPARE(read, stored);
        QVERIFY(orm::storage::isProgramValue(read, type));
        QVERIFY(orm::storage::isSameStored(orm::storage::toStorage(read, type), written));
    }
}

QTEST_GUILESS_MAIN(tst_Types)
#include "tst_types.moc"
