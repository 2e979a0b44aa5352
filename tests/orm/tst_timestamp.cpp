// SPDX-License-Identifier: MIT
// orm::Timestamp, the date-time with microseconds: its stored form (SQLAlchemy's, byte for
// byte), the forms it reads, UTC offsets kept, and its use as a typed member, in records, in
// queries and in QVariant.

#include "orm/drivers/sqlite/reflection.h"
#include "orm/engine/engine.h"
#include "orm/mapping/automap.h"
#include "orm/mapping/mapper.h"
#include "orm/mapping/record.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "orm/sql/timestamp.h"
#include "ormverify.h"

#include <QtTest>

#include <optional>

using namespace Qt::StringLiterals;

namespace {

class Event : public orm::Model<Event>
{
public:
    qint64 id = 0;
    QString name;
    orm::Timestamp at;
    std::optional<orm::Timestamp> endsAt;

    static void map(orm::Mapper<Event> &m)
    {
        m.table(u"events"_s);
        m.column(&Event::id, u"id"_s).primaryKey();
        m.column(&Event::name, u"name"_s, orm::String(40));
        m.column(&Event::at, u"at"_s, orm::DateTime).defaultNow();
        m.column(&Event::endsAt, u"ends_at"_s);
    }
};

std::shared_ptr<orm::Engine> openFile(const QTemporaryDir &dir)
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(dir.filePath(u"events.db"_s)), {});
    if (!engine)
        qFatal("cannot open the database");
    orm::MetaData md;
    md.addTable(Event::staticMeta().table());
    if (!md.createAll(engine->connection()))
        qFatal("cannot create the table");
    return engine;
}

// What the file holds, as text, and its storage class.
QString storedText(orm::Engine &engine, const QString &column, qint64 id)
{
    const auto rows = engine.connection().select(
        u"SELECT \"%1\" || ' (' || typeof(\"%1\") || ')' FROM events WHERE id = ?"_s.arg(column),
        {id});
    return rows && !rows->isEmpty() ? rows->first().value(0).toString() : QString();
}

orm::Timestamp at(int y, int mo, int d, int h, int mi, int s, int us = 0)
{
    return orm::Timestamp(QDate(y, mo, d), h, mi, s, us);
}

} // namespace

class tst_Timestamp : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void fieldsAndConversions();
    void orderAndEquality();
    void travelsInAVariant();
    void typedMemberKeepsMicroseconds();
    void untouchedValuesAreNeverWritten();
    void recordKeepsMicrosecondsAndOffsets();
    void queriesCompareTheStoredText();
    void qdatetimeMembersKeepMilliseconds();
};

void tst_Timestamp::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("stored"); // empty: refused
    QTest::addColumn<bool>("canonical");
    QTest::addColumn<int>("offset"); // seconds; -1: naive

    QTest::newRow("sqlalchemy") << u"2024-05-06 07:08:09.251237"_s
                                << u"2024-05-06 07:08:09.251237"_s << true << -1;
    QTest::newRow("zero microseconds")
        << u"2024-05-06 07:08:09.000000"_s << u"2024-05-06 07:08:09.000000"_s << true << -1;
    QTest::newRow("no fraction") << u"2024-05-06 07:08:09"_s << u"2024-05-06 07:08:09.000000"_s
                                 << false << -1;
    QTest::newRow("T separator") << u"2024-05-06T07:08:09.251237"_s
                                 << u"2024-05-06 07:08:09.251237"_s << false << -1;
    QTest::newRow("three digits") << u"2024-05-06 07:08:09.251"_s << u"2024-05-06 07:08:09.251000"_s
                                  << false << -1;
    QTest::newRow("nine digits are cut")
        << u"2024-05-06 07:08:09.251237999"_s << u"2024-05-06 07:08:09.251237"_s << false << -1;
    QTest::newRow("without seconds")
        << u"2024-05-06 07:08"_s << u"2024-05-06 07:08:00.000000"_s << false << -1;
    QTest::newRow("date only") << u"2024-05-06"_s << u"2024-05-06 00:00:00.000000"_s << false << -1;
    QTest::newRow("offset kept") << u"2024-05-06 07:08:09.251237+02:00"_s
                                 << u"2024-05-06 07:08:09.251237+02:00"_s << true << 7200;
    QTest::newRow("negative offset") << u"2024-05-06 07:08:09.000001-05:30"_s
                                     << u"2024-05-06 07:08:09.000001-05:30"_s << true << -19800;
    QTest::newRow("zero offset") << u"2024-05-06 07:08:09.000000+00:00"_s
                                 << u"2024-05-06 07:08:09.000000+00:00"_s << true << 0;
    QTest::newRow("Z") << u"2024-05-06T07:08:09Z"_s << u"2024-05-06 07:08:09.000000+00:00"_s
                       << false << 0;
    QTest::newRow("compact offset")
        << u"2024-05-06 07:08:09+0130"_s << u"2024-05-06 07:08:09.000000+01:30"_s << false << 5400;
    QTest::newRow("minus zero") << u"2024-05-06 07:08:09.000000-00:00"_s
                                << u"2024-05-06 07:08:09.000000+00:00"_s << false << 0;
    QTest::newRow("first microsecond")
        << u"0001-01-01 00:00:00.000000"_s << u"0001-01-01 00:00:00.000000"_s << true << -1;
    QTest::newRow("last microsecond")
        << u"9999-12-31 23:59:59.999999"_s << u"9999-12-31 23:59:59.999999"_s << true << -1;
    QTest::newRow("before the epoch")
        << u"1969-12-31 23:59:59.999999"_s << u"1969-12-31 23:59:59.999999"_s << true << -1;
    QTest::newRow("february 30") << u"2024-02-30 07:08:09.000000"_s << QString() << false << -1;
    QTest::newRow("a dot and no digits") << u"2024-05-06 07:08:09."_s << QString() << false << -1;
    QTest::newRow("letter in the fraction")
        << u"2024-05-06 07:08:09.25x237"_s << QString() << false << -1;
    QTest::newRow("offset of 24 hours")
        << u"2024-05-06 07:08:09+24:00"_s << QString() << false << -1;
    QTest::newRow("garbage") << u"yesterday"_s << QString() << false << -1;
}

void tst_Timestamp::parse()
{
    // Given text as programs store date-times, when parsed from UTF-8 (the loading path) and
    // from a QString,
    QFETCH(QString, text);
    QFETCH(QString, stored);
    QFETCH(bool, canonical);
    QFETCH(int, offset);
    const QByteArray utf8 = text.toUtf8();
    bool exact = !canonical;
    const orm::Timestamp a = orm::Timestamp::parse(utf8.constData(), utf8.size(), &exact);
    bool exactToo = !canonical;
    const orm::Timestamp b = orm::Timestamp::parse(text, &exactToo);
    // then both read the same value, whose stored form is SQLAlchemy's text (with the offset
    // it was written with), and say whether the text was that form already.
    QCOMPARE(a, b);
    QCOMPARE(a.isValid(), !stored.isEmpty());
    if (stored.isEmpty())
        return;
    QCOMPARE(a.toString(), stored);
    QCOMPARE(exact, canonical);
    QCOMPARE(exactToo, canonical);
    QCOMPARE(a.hasOffset(), offset != -1);
    QCOMPARE(a.offsetSeconds(), offset == -1 ? 0 : offset);
    char out[32];
    QCOMPARE(QByteArray(out, a.toUtf8(out)), stored.toLatin1());
    QCOMPARE(orm::Timestamp::parse(stored), a);
}

void tst_Timestamp::fieldsAndConversions()
{
    // Given a value with microseconds,
    const orm::Timestamp t = at(2024, 5, 6, 7, 8, 9, 251237);
    // then its fields are the ones given,
    QCOMPARE(t.date(), QDate(2024, 5, 6));
    QCOMPARE(t.time(), QTime(7, 8, 9, 251));
    QCOMPARE(t.microsecond(), 251237);
    QVERIFY(!t.hasOffset());
    // as a QDateTime it is UTC, cut to milliseconds,
    QCOMPARE(t.toDateTime(), QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 251), Qt::UTC));
    QCOMPARE(t.toDateTime().timeSpec(), Qt::UTC);
    // arithmetic keeps the microseconds, across midnight and before the epoch,
    QCOMPARE(t.addMicroseconds(1).toString(), u"2024-05-06 07:08:09.251238"_s);
    QCOMPARE(t.addDays(-1).toString(), u"2024-05-05 07:08:09.251237"_s);
    QCOMPARE(at(1970, 1, 1, 0, 0, 0).addMicroseconds(-1).toString(),
             u"1969-12-31 23:59:59.999999"_s);
    QCOMPARE(at(1969, 12, 31, 23, 59, 59, 999999).microsecond(), 999999);
    QCOMPARE(at(1969, 12, 31, 23, 59, 59, 999999).date(), QDate(1969, 12, 31));
    // with an offset its wall time stays, and its QDateTime is the same instant;
    const orm::Timestamp plusTwo = t.withOffset(7200);
    QCOMPARE(plusTwo.time(), QTime(7, 8, 9, 251));
    QCOMPARE(plusTwo.toDateTime(), QDateTime(QDate(2024, 5, 6), QTime(5, 8, 9, 251), Qt::UTC));
    QCOMPARE(plusTwo.toDateTime().offsetFromUtc(), 7200);
    QCOMPARE(plusTwo.withoutOffset(), t);
    // a QDateTime in any zone becomes naive UTC, as datetime.utcnow() values are stored;
    QCOMPARE(orm::Timestamp::fromDateTime(
                 QDateTime(QDate(2024, 5, 6), QTime(9, 8, 9, 251), Qt::OffsetFromUTC, 7200)),
             at(2024, 5, 6, 7, 8, 9, 251000));
    // out of range and invalid input is null.
    QVERIFY(at(9999, 12, 31, 23, 59, 59, 999999).addMicroseconds(1).isNull());
    QVERIFY(orm::Timestamp(QDate(2024, 5, 6), 24, 0, 0).isNull());
    QVERIFY(orm::Timestamp(QDate(2024, 5, 6), 7, 8, 9, 1000000).isNull());
    QVERIFY(orm::Timestamp::fromDateTime(QDateTime()).isNull());
    QVERIFY(orm::Timestamp().toString().isEmpty());
    const qint64 before = QDateTime::currentMSecsSinceEpoch();
    const orm::Timestamp now = orm::Timestamp::currentUtc();
    QVERIFY(now.toMicroseconds() / 1000 >= before);
    QVERIFY(!now.hasOffset());
}

void tst_Timestamp::orderAndEquality()
{
    // Given values a microsecond apart, and the same instant written with and without an offset,
    const orm::Timestamp a = at(2024, 5, 6, 7, 8, 9, 251237);
    const orm::Timestamp b = a.addMicroseconds(1);
    const orm::Timestamp sameInstant = at(2024, 5, 6, 9, 8, 9, 251237).withOffset(7200);
    // then they order by instant,
    QVERIFY(a < b);
    QVERIFY(orm::Timestamp() < a);
    QVERIFY(at(2024, 5, 6, 8, 0, 0).withOffset(7200) < at(2024, 5, 6, 7, 0, 0));
    // and equality is of the value as written: another offset is another stored text.
    QVERIFY(a != sameInstant);
    QCOMPARE(a.toUtcMicroseconds(), sameInstant.toUtcMicroseconds());
    QVERIFY(a != a.withOffset(0));
    QCOMPARE(orm::Timestamp(), orm::Timestamp());
}

void tst_Timestamp::travelsInAVariant()
{
    // Given a value in a QVariant,
    const orm::Timestamp t = at(2024, 5, 6, 7, 8, 9, 251237);
    const QVariant v = QVariant::fromValue(t);
    // then it keeps its type and value, compares as itself,
    QCOMPARE(v.metaType(), QMetaType::fromType<orm::Timestamp>());
    QCOMPARE(v.value<orm::Timestamp>(), t);
    QCOMPARE(v, QVariant::fromValue(t));
    QVERIFY(v != QVariant::fromValue(t.addMicroseconds(1)));
    // and converts to its stored text and to a QDateTime, and back.
    QCOMPARE(v.toString(), u"2024-05-06 07:08:09.251237"_s);
    QCOMPARE(v.toDateTime(), QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 251), Qt::UTC));
    QCOMPARE(QVariant(u"2024-05-06 07:08:09.251237"_s).value<orm::Timestamp>(), t);
    QCOMPARE(QVariant(QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 251), Qt::UTC))
                 .value<orm::Timestamp>(),
             at(2024, 5, 6, 7, 8, 9, 251000));
    QCOMPARE(orm::storage::toStorage(v, orm::DateTime), QVariant(u"2024-05-06 07:08:09.251237"_s));
    QCOMPARE(orm::storage::fromStorage(QVariant(u"2024-05-06 07:08:09.251237"_s), orm::DateTime),
             v);
}

void tst_Timestamp::typedMemberKeepsMicroseconds()
{
    // Given a file whose rows were written by SQLAlchemy (microseconds, six digits),
    QTemporaryDir dir;
    auto engine = openFile(dir);
    QVERIFY(engine->connection().exec(
        u"INSERT INTO events (id, name, at, ends_at) VALUES "
        "(1, 'launch', '2024-05-06 07:08:09.251237', '2024-05-06 08:00:00.000001')"_s));
    // when a model with Timestamp members reads them,
    orm::Session s(engine);
    auto e = s.get<Event>(1);
    QVERIFY(e);
    // then the microseconds are there,
    QCOMPARE(e->at, at(2024, 5, 6, 7, 8, 9, 251237));
    QCOMPARE(e->endsAt, std::optional(at(2024, 5, 6, 8, 0, 0, 1)));
    QCOMPARE(e->value(u"at"_s), QVariant::fromValue(at(2024, 5, 6, 7, 8, 9, 251237)));
    // a value set with microseconds is stored with them,
    QVERIFY(s.setValue(*e, Event::staticMeta().columnIndex(u"at"_s),
                       QVariant::fromValue(at(2024, 5, 6, 7, 8, 9, 123456))));
    e->endsAt.reset();
    ORM_VERIFY(s.commit(), s);
    QCOMPARE(storedText(*engine, u"at"_s, 1), u"2024-05-06 07:08:09.123456 (text)"_s);
    QCOMPARE(storedText(*engine, u"ends_at"_s, 1), QString());
    // and a new row's default is now, with microseconds, naive.
    auto fresh = std::make_shared<Event>();
    fresh->name = u"fresh"_s;
    s.add(fresh);
    QVERIFY(s.commit());
    QVERIFY(fresh->at.isValid());
    QVERIFY(!fresh->at.hasOffset());
    QCOMPARE(storedText(*engine, u"at"_s, fresh->id), fresh->at.toString() + u" (text)"_s);
}

void tst_Timestamp::untouchedValuesAreNeverWritten()
{
    // Given rows whose date-times are not in the stored form (another program's 'T', no
    // fraction, a UTC offset),
    QTemporaryDir dir;
    auto engine = openFile(dir);
    QVERIFY(engine->connection().exec(
        u"INSERT INTO events (id, name, at, ends_at) VALUES "
        "(1, 'a', '2024-05-06T07:08:09', '2024-05-06 07:08:09.251237+02:00')"_s));
    orm::Session s(engine);
    auto e = s.get<Event>(1);
    QVERIFY(e);
    QCOMPARE(e->endsAt->offsetSeconds(), 7200);
    // when another column is edited and committed,
    e->name = u"renamed"_s;
    ORM_VERIFY(s.commit(), s);
    // then those texts are exactly as they were,
    QCOMPARE(storedText(*engine, u"at"_s, 1), u"2024-05-06T07:08:09 (text)"_s);
    QCOMPARE(storedText(*engine, u"ends_at"_s, 1), u"2024-05-06 07:08:09.251237+02:00 (text)"_s);
    // and an edited one is written in the stored form, keeping its offset.
    e->endsAt = e->endsAt->addMicroseconds(1);
    QVERIFY(s.commit());
    QCOMPARE(storedText(*engine, u"ends_at"_s, 1), u"2024-05-06 07:08:09.251238+02:00 (text)"_s);
}

void tst_Timestamp::recordKeepsMicrosecondsAndOffsets()
{
    // Given the same rows read through reflection (orm::Record),
    QTemporaryDir dir;
    auto engine = openFile(dir);
    QVERIFY(engine->connection().exec(
        u"INSERT INTO events (id, name, at, ends_at) VALUES "
        "(1, 'a', '2024-05-06 07:08:09.251237', '2024-05-06 07:08:09.251237+02:00')"_s));
    const auto md = orm::reflect(engine->connection());
    QVERIFY(md);
    orm::Automap map(*md);
    const orm::EntityMeta &events = *map.entity(u"events"_s);
    orm::Session s(engine);
    auto row = s.get(events, qint64(1));
    QVERIFY(row);
    // then the values are Timestamps with their microseconds and offset,
    QCOMPARE(row->value(u"at"_s), QVariant::fromValue(at(2024, 5, 6, 7, 8, 9, 251237)));
    QCOMPARE(row->value(u"ends_at"_s).value<orm::Timestamp>().offsetSeconds(), 7200);
    // and a value set with microseconds is written with them, the offset kept.
    QVERIFY(s.setValue(*row, events.columnIndex(u"at"_s),
                       QVariant::fromValue(at(2024, 5, 6, 7, 8, 9, 123456))));
    QVERIFY(s.setValue(*row, events.columnIndex(u"ends_at"_s),
                       QVariant::fromValue(at(2024, 5, 6, 7, 8, 10, 1).withOffset(7200))));
    ORM_VERIFY(s.commit(), s);
    QCOMPARE(storedText(*engine, u"at"_s, 1), u"2024-05-06 07:08:09.123456 (text)"_s);
    QCOMPARE(storedText(*engine, u"ends_at"_s, 1), u"2024-05-06 07:08:10.000001+02:00 (text)"_s);
}

void tst_Timestamp::queriesCompareTheStoredText()
{
    // Given rows a microsecond apart,
    QTemporaryDir dir;
    auto engine = openFile(dir);
    orm::Session s(engine);
    for (int i = 0; i < 3; ++i) {
        auto e = std::make_shared<Event>();
        e->name = QString::number(i);
        e->at = at(2024, 5, 6, 7, 8, 9, 251236 + i);
        s.add(e);
    }
    QVERIFY(s.commit());
    QList<QVariantList> bound;
    engine->connection().addListener(
        [&bound](const orm::StatementRecord &r) { bound << r.params; });
    // when queried with typed comparisons,
    const auto middle =
        s.query<Event>().filter(orm::col(&Event::at) == at(2024, 5, 6, 7, 8, 9, 251237)).all();
    const auto later =
        s.query<Event>().filter(orm::col(&Event::at) > at(2024, 5, 6, 7, 8, 9, 251236)).count();
    // then each compares the stored text, to the microsecond.
    QCOMPARE(middle.size(), size_t(1));
    QCOMPARE(middle.front()->name, u"1"_s);
    QCOMPARE(later, std::optional<qint64>(2));
    QVERIFY(!bound.isEmpty());
    QCOMPARE(bound.first().first(), QVariant(u"2024-05-06 07:08:09.251237"_s));
}

namespace {
class LegacyEvent : public orm::Model<LegacyEvent>
{
public:
    qint64 id = 0;
    QString name;
    QDateTime at;
    static void map(orm::Mapper<LegacyEvent> &m)
    {
        m.table(u"events"_s);
        m.column(&LegacyEvent::id, u"id"_s).primaryKey();
        m.column(&LegacyEvent::name, u"name"_s, orm::String(40));
        m.column(&LegacyEvent::at, u"at"_s, orm::DateTime);
    }
};
} // namespace

void tst_Timestamp::qdatetimeMembersKeepMilliseconds()
{
    // Given a row with microseconds read by a model whose member is a QDateTime,
    QTemporaryDir dir;
    auto engine = openFile(dir);
    QVERIFY(engine->connection().exec(
        u"INSERT INTO events (id, name, at) VALUES (1, 'a', '2024-05-06 07:08:09.251237')"_s));
    orm::Session s(engine);
    auto e = s.get<LegacyEvent>(1);
    QVERIFY(e);
    // then it holds milliseconds (its limit),
    QCOMPARE(e->at, QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 251), Qt::UTC));
    // an untouched one is never written back cut,
    e->name = u"renamed"_s;
    QVERIFY(s.commit());
    QCOMPARE(storedText(*engine, u"at"_s, 1), u"2024-05-06 07:08:09.251237 (text)"_s);
    // and an edited one is written with its milliseconds.
    e->at = e->at.addMSecs(1);
    QVERIFY(s.commit());
    QCOMPARE(storedText(*engine, u"at"_s, 1), u"2024-05-06 07:08:09.252000 (text)"_s);
}

QTEST_GUILESS_MAIN(tst_Timestamp)
#include "tst_timestamp.moc"
