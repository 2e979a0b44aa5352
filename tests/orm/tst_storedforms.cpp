// SPDX-License-Identifier: MIT
// Databases other frameworks wrote on SQLite keep their own forms after Rowsmith edits them:
// booleans as 't' / 'f' (Rails before 6), date-times as epoch seconds or milliseconds (Prisma
// writes milliseconds), ISO 8601 text with 'T' and 'Z' (JavaScript's toISOString()) or an
// offset. The forms are found in the rows when the file is reflected, values read as the type
// they mean, and written, compared and filtered in the column's form. The schemas and rows are
// written by hand as those frameworks write them.

#include "orm/engine/engine.h"
#include "orm/io/tableimport.h"
#include "orm/mapping/automap.h"
#include "orm/mapping/mapper.h"
#include "orm/mapping/record.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "orm/sql/storedforms.h"
#include "ormverify.h"

#include <QBuffer>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using orm::StoredForm;
using orm::Timestamp;

// A typed model that opts in to other forms for three of its columns.
class Reading : public orm::Model<Reading>
{
public:
    qint64 id = 0;
    orm::Timestamp takenAt;
    bool valid = false;
    std::optional<QDate> day;
    orm::Timestamp plain;

    static void map(orm::Mapper<Reading> &m)
    {
        m.table(u"readings"_s);
        m.column(&Reading::id, u"id"_s).primaryKey();
        m.column(&Reading::takenAt, u"taken_at"_s,
                 orm::DateTime.storedAs(StoredForm::EpochMilliseconds));
        m.column(&Reading::valid, u"valid"_s, orm::Boolean.storedAs(StoredForm::BooleanTF));
        m.column(&Reading::day, u"day"_s, orm::Date.storedAs(StoredForm::EpochSeconds));
        m.column(&Reading::plain, u"plain"_s);
    }
};

Q_DECLARE_METATYPE(orm::ColumnType)
Q_DECLARE_METATYPE(orm::TypeSpec)

class TestStoredForms : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<orm::Engine> m_engine;
    std::unique_ptr<orm::Automap> m_map;

    void create(const QStringList &statements)
    {
        m_map.reset();
        m_engine.reset();
        static int n = 0;
        const QString path = m_dir.filePath(u"forms%1.db"_s.arg(++n));
        m_engine = orm::Engine::create(u"sqlite:///"_s + path);
        QVERIFY(m_engine);
        for (const QString &sql : statements)
            ORM_VERIFY(m_engine->connection().exec(sql), m_engine->connection());
        orm::Error error;
        const auto md = m_engine->connection().reflect(QString(), &error);
        QVERIFY2(md, qPrintable(error.text()));
        m_map = std::make_unique<orm::Automap>(*md);
    }
    const orm::EntityMeta &meta(const QString &table) const { return *m_map->entity(table); }
    StoredForm formOf(const QString &table, const QString &column) const
    {
        return meta(table).column(meta(table).columnIndex(column)).column.type.form;
    }
    // typeof() and the text of a stored value, as a plain SQLite query sees them.
    QString raw(const QString &table, const QString &column, qint64 id)
    {
        const auto rows = m_engine->connection().select(
            u"SELECT typeof(\"%1\") || ':' || \"%1\" FROM \"%2\" WHERE id = ?"_s.arg(column, table),
            {id});
        return rows && !rows->isEmpty() ? rows->first().first().toString() : QString();
    }
    static QVariant ts(int y, int mo, int d, int h, int mi, int s, int us = 0)
    {
        return QVariant::fromValue(Timestamp(QDate(y, mo, d), h, mi, s, us));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Given one column's stored values, the form most of them show is found.
    void detectsTheMajorityForm_data()
    {
        QTest::addColumn<orm::ColumnType>("type");
        QTest::addColumn<QVariantList>("samples");
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("zone");
        QTest::addColumn<int>("digits");
        QTest::addColumn<bool>("whenNonZero");
        using T = orm::ColumnType;
        const QVariant one = qint64(1), zero = qint64(0);
        QTest::newRow("no samples")
            << T::Boolean << QVariantList {} << int(StoredForm::Standard) << 0 << 0 << false;
        QTest::newRow("0/1") << T::Boolean << QVariantList {one, zero, one}
                             << int(StoredForm::Standard) << 0 << 0 << false;
        QTest::newRow("t/f") << T::Boolean << QVariantList {u"t"_s, u"f"_s, u"t"_s, one}
                             << int(StoredForm::BooleanTF) << 0 << 0 << false;
        QTest::newRow("true/false") << T::Boolean << QVariantList {u"true"_s, u"false"_s}
                                    << int(StoredForm::BooleanWords) << 0 << 0 << false;
        QTest::newRow("Y/N") << T::Boolean << QVariantList {u"Y"_s, u"N"_s}
                             << int(StoredForm::BooleanYN) << 0 << 0 << false;
        QTest::newRow("tie keeps SQLAlchemy's") << T::Boolean << QVariantList {u"t"_s, one}
                                                << int(StoredForm::Standard) << 0 << 0 << false;
        QTest::newRow("epoch seconds")
            << T::DateTime << QVariantList {qint64(1714558830), qint64(1714558900)}
            << int(StoredForm::EpochSeconds) << 0 << 0 << false;
        QTest::newRow("REAL epoch seconds") // time.time(); whole ones stored as integers
            << T::DateTime << QVariantList {1700000000.5, qint64(1700000001), 1700000002.25}
            << int(StoredForm::EpochSeconds) << 0 << 6 << false;
        QTest::newRow("REAL in milliseconds' magnitude is no form")
            << T::DateTime << QVariantList {1700000000000.5} << int(StoredForm::Standard) << 0 << 0
            << false;
        QTest::newRow("julianday() is no epoch") // SQLite's own REAL date-times
            << T::DateTime << QVariantList {2460431.93, 2460432.5} << int(StoredForm::Standard) << 0
            << 0 << false;
        QTest::newRow("SQLite's datetime() text")
            << T::DateTime << QVariantList {u"2024-05-01 10:20:30"_s, u"2024-05-02 00:00:00"_s}
            << int(StoredForm::Standard) << int(StoredForm::UtcZ) << 0 << true;
        QTest::newRow("epoch milliseconds")
            << T::DateTime << QVariantList {qint64(1714558830123), qint64(1714558900000)}
            << int(StoredForm::EpochMilliseconds) << 0 << 0 << false;
        QTest::newRow("date as epoch milliseconds")
            << T::Date << QVariantList {qint64(1714521600000)} << int(StoredForm::EpochMilliseconds)
            << 0 << 0 << false;
        QTest::newRow("SQLAlchemy's text")
            << T::DateTime << QVariantList {u"2024-05-01 10:20:30.123456"_s}
            << int(StoredForm::Standard) << 0 << 0 << false;
        QTest::newRow("ISO Z, milliseconds")
            << T::DateTime
            << QVariantList {u"2024-05-01T10:20:30.123Z"_s, u"2024-05-02T00:00:00.000Z"_s}
            << int(StoredForm::IsoText) << int(StoredForm::UtcZ) << 3 << false;
        QTest::newRow("ISO Z, seconds")
            << T::DateTime << QVariantList {u"2024-05-01T10:20:30Z"_s} << int(StoredForm::IsoText)
            << int(StoredForm::UtcZ) << 0 << false;
        QTest::newRow("ISO offsets")
            << T::DateTime
            << QVariantList {u"2024-05-01T10:20:30+02:00"_s, u"2024-05-01T10:20:30-05:00"_s}
            << int(StoredForm::IsoText) << int(StoredForm::Offset) << 0 << false;
        QTest::newRow("isoformat()")
            << T::DateTime
            << QVariantList {u"2024-05-01T10:20:30.123456"_s, u"2024-05-01T10:20:31"_s,
                             u"2024-05-01T10:20:32.5"_s, u"2024-05-01T10:20:33.000001"_s}
            << int(StoredForm::IsoText) << int(StoredForm::NoZone) << 6 << true;
        QTest::newRow("text is no form of a number")
            << T::Integer << QVariantList {u"t"_s} << int(StoredForm::Standard) << 0 << 0 << false;
    }
    void detectsTheMajorityForm()
    {
        QFETCH(orm::ColumnType, type);
        QFETCH(QVariantList, samples);
        const StoredForm form = orm::storage::detectStoredForm(type, samples);
        QTEST(int(form.kind), "kind");
        QTEST(int(form.zone), "zone");
        QTEST(int(form.fractionDigits), "digits");
        QTEST(form.fractionWhenNonZero, "whenNonZero");
    }

    // Given a value of each form, it is written back byte for byte, and a program value is
    // written in the form.
    void convertsBothWays_data()
    {
        QTest::addColumn<orm::TypeSpec>("type");
        QTest::addColumn<QVariant>("stored");
        QTest::addColumn<QVariant>("program");
        const auto dt = [](StoredForm f) { return orm::DateTime.storedAs(f); };
        QTest::newRow("t") << orm::Boolean.storedAs(StoredForm::BooleanTF) << QVariant(u"t"_s)
                           << QVariant(true);
        QTest::newRow("false") << orm::Boolean.storedAs(StoredForm::BooleanWords)
                               << QVariant(u"false"_s) << QVariant(false);
        QTest::newRow("Y") << orm::Boolean.storedAs(StoredForm::BooleanYN) << QVariant(u"Y"_s)
                           << QVariant(true);
        QTest::newRow("epoch s") << dt({StoredForm::EpochSeconds}) << QVariant(qint64(1714558830))
                                 << ts(2024, 5, 1, 10, 20, 30);
        const StoredForm realSeconds {StoredForm::EpochSeconds, StoredForm::NoZone, 6};
        QTest::newRow("REAL epoch s")
            << dt(realSeconds) << QVariant(1700000000.5) << ts(2023, 11, 14, 22, 13, 20, 500000);
        QTest::newRow("REAL epoch s, microseconds")
            << dt(realSeconds) << QVariant(1714558830.000125) << ts(2024, 5, 1, 10, 20, 30, 125);
        QTest::newRow("REAL epoch s, a whole one")
            << dt(realSeconds) << QVariant(qint64(1714558830)) << ts(2024, 5, 1, 10, 20, 30);
        QTest::newRow("epoch ms") << dt({StoredForm::EpochMilliseconds})
                                  << QVariant(qint64(1714558830123))
                                  << ts(2024, 5, 1, 10, 20, 30, 123000);
        QTest::newRow("before 1970")
            << dt({StoredForm::EpochMilliseconds}) << QVariant(qint64(-1000000000001))
            << ts(1938, 4, 24, 22, 13, 19, 999000);
        QTest::newRow("date epoch s")
            << orm::Date.storedAs(StoredForm::EpochSeconds) << QVariant(qint64(1714521600))
            << QVariant(QDate(2024, 5, 1));
        QTest::newRow("ISO Z .123")
            << dt({StoredForm::IsoText, StoredForm::UtcZ, 3})
            << QVariant(u"2024-05-01T10:20:30.123Z"_s) << ts(2024, 5, 1, 10, 20, 30, 123000);
        QTest::newRow("ISO Z, a finer value") // never cut
            << dt({StoredForm::IsoText, StoredForm::UtcZ, 3})
            << QVariant(u"2024-05-01T10:20:30.123456Z"_s) << ts(2024, 5, 1, 10, 20, 30, 123456);
        QTest::newRow("ISO Z seconds")
            << dt({StoredForm::IsoText, StoredForm::UtcZ, 0}) << QVariant(u"2024-05-01T10:20:30Z"_s)
            << ts(2024, 5, 1, 10, 20, 30);
        QTest::newRow("ISO offset")
            << dt({StoredForm::IsoText, StoredForm::Offset, 0})
            << QVariant(u"2024-05-01T10:20:30+02:00"_s)
            << QVariant::fromValue(Timestamp(QDate(2024, 5, 1), 10, 20, 30).withOffset(7200));
        QTest::newRow("isoformat() whole second")
            << dt({StoredForm::IsoText, StoredForm::NoZone, 6, true})
            << QVariant(u"2024-05-01T10:20:30"_s) << ts(2024, 5, 1, 10, 20, 30);
        QTest::newRow("isoformat() microseconds")
            << dt({StoredForm::IsoText, StoredForm::NoZone, 6, true})
            << QVariant(u"2024-05-01T10:20:30.000007"_s) << ts(2024, 5, 1, 10, 20, 30, 7);
    }
    void convertsBothWays()
    {
        QFETCH(orm::TypeSpec, type);
        QFETCH(QVariant, stored);
        QFETCH(QVariant, program);
        QVERIFY(orm::storage::matchesType(stored, type));
        QCOMPARE(orm::storage::fromStorage(stored, type), program);
        bool ok = false;
        const QVariant written = orm::storage::toStorage(program, type, &ok);
        QVERIFY(ok);
        QVERIFY2(orm::storage::isSameStored(written, stored), qPrintable(written.toString()));
        QVERIFY(!orm::storage::storedFormDescription(type).isEmpty());
        // The stored value as text (a copied cell, a CSV field) converts to it again.
        if (stored.metaType().id() == QMetaType::LongLong
            || stored.metaType().id() == QMetaType::Double) {
            const QVariant fromText = orm::storage::toStorage(stored.toString(), type, &ok);
            QVERIFY(ok);
            QVERIFY2(orm::storage::isSameStored(fromText, stored), qPrintable(fromText.toString()));
        }
    }

    // Given a column of epoch integers, a date-time finer than its unit (typed, pasted or
    // imported) is refused with the reason rather than cut; REAL seconds keep a fraction.
    void refusesValuesFinerThanTheUnit()
    {
        const auto seconds = orm::DateTime.storedAs(StoredForm::EpochSeconds);
        const auto ms = orm::DateTime.storedAs(StoredForm::EpochMilliseconds);
        const auto real =
            orm::DateTime.storedAs(StoredForm {StoredForm::EpochSeconds, StoredForm::NoZone, 6});
        using orm::storage::storedFormProblem;
        const QString half = storedFormProblem(ts(2024, 5, 1, 10, 20, 30, 500000), seconds);
        QVERIFY2(half.contains(u"epoch seconds"_s) && half.contains(u"2024-05-01 10:20:30"_s),
                 qPrintable(half));
        QVERIFY(!storedFormProblem(u"2024-05-01 10:20:30.5"_s, seconds).isEmpty());
        QVERIFY(!storedFormProblem(u"2024-05-01T10:20:30.0005Z"_s, ms).isEmpty());
        QVERIFY(storedFormProblem(u"2024-05-01T10:20:30.123Z"_s, ms).isEmpty());
        QVERIFY(storedFormProblem(ts(2024, 5, 1, 10, 20, 30), seconds).isEmpty());
        QVERIFY(storedFormProblem(u"1714558830"_s, seconds).isEmpty()); // the integer itself
        QVERIFY(storedFormProblem(ts(2024, 5, 1, 10, 20, 30, 7), real).isEmpty());
        QVERIFY(storedFormProblem(ts(2024, 5, 1, 10, 20, 30, 7), orm::DateTime).isEmpty());

        create({u"CREATE TABLE log (id INTEGER PRIMARY KEY, at DATETIME NOT NULL)"_s,
                u"INSERT INTO log VALUES (1, 1714558830)"_s});
        const orm::EntityMeta &log = meta(u"log"_s);
        const int at = log.columnIndex(u"at"_s);
        // Typed in the form: the reason beside the field.
        QVERIFY(log.validateValue(at, ts(2024, 5, 1, 10, 20, 30, 500000)).contains(u"cut"_s));
        QVERIFY(log.validateValue(at, ts(2024, 5, 1, 10, 20, 31)).isEmpty());
        // Pasted or imported: refused, naming the value.
        QVariant stored;
        QString problem;
        QVERIFY(!orm::TableImporter::toStored(u"2024-05-01 10:20:30.5"_s, log.column(at).column,
                                              orm::ImportFormat::Csv, &stored, &problem));
        QVERIFY2(problem.contains(u"2024-05-01 10:20:30.5"_s) && problem.contains(u"cut"_s),
                 qPrintable(problem));
        QVERIFY(orm::TableImporter::toStored(u"2024-05-01 10:20:31"_s, log.column(at).column,
                                             orm::ImportFormat::Csv, &stored, &problem));
        QCOMPARE(stored, QVariant(qint64(1714558831)));
    }

    // Given a table of REAL epoch seconds (Python's time.time()), values read with their
    // fraction, an edit is written as REAL seconds, and the form is described so.
    void realEpochSeconds()
    {
        create({u"CREATE TABLE ping (id INTEGER PRIMARY KEY, at DATETIME, host TEXT)"_s,
                u"INSERT INTO ping VALUES (1, 1700000000.5, 'a'), (2, 1700000001, 'b'), "
                "(3, 1700000002.25, 'c'), (4, 1700000003.1234567, 'd')"_s});
        const StoredForm form = formOf(u"ping"_s, u"at"_s);
        QCOMPARE(form.kind, StoredForm::EpochSeconds);
        QCOMPARE(int(form.fractionDigits), 6);
        const orm::EntityMeta &ping = meta(u"ping"_s);
        const int at = ping.columnIndex(u"at"_s);
        QVERIFY(
            orm::storage::storedFormDescription(ping.column(at).column.type).contains(u"REAL"_s));
        orm::Session s(m_engine);
        auto first = s.get(ping, qint64(1));
        QVERIFY(first);
        QCOMPARE(first->value(at), ts(2023, 11, 14, 22, 13, 20, 500000));
        QCOMPARE(s.get(ping, qint64(2))->value(at), ts(2023, 11, 14, 22, 13, 21));
        ORM_VERIFY(s.setValue(*first, at, ts(2024, 5, 1, 10, 20, 30, 750000)), s);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(raw(u"ping"_s, u"at"_s, 1), u"real:1714558830.75"_s);
        QCOMPARE(raw(u"ping"_s, u"at"_s, 3), u"real:1700000002.25"_s);
        // Finer than a microsecond: read rounded, and never rewritten unless edited.
        auto fine = s.get(ping, qint64(4));
        QVERIFY(fine);
        QCOMPARE(fine->value(at), ts(2023, 11, 14, 22, 13, 23, 123457));
        ORM_VERIFY(s.setValue(*fine, ping.columnIndex(u"host"_s), u"e"_s), s);
        ORM_VERIFY(s.commit(), s);
        const auto same = m_engine->connection().select(
            u"SELECT at = 1700000003.1234567, host FROM ping WHERE id = 4"_s);
        QVERIFY(same && !same->isEmpty());
        QCOMPARE(same->first(), (QVariantList {qint64(1), u"e"_s}));
    }

    // Given a column of one form, values of another are not taken for it.
    void flagsOtherForms()
    {
        const auto tf = orm::Boolean.storedAs(StoredForm::BooleanTF);
        QVERIFY(!orm::storage::matchesType(qint64(1), tf));
        QVERIFY(!orm::storage::matchesType(u"maybe"_s, tf));
        const auto ms = orm::DateTime.storedAs(StoredForm::EpochMilliseconds);
        QVERIFY(!orm::storage::matchesType(qint64(1714558830), ms)); // seconds
        QVERIFY(!orm::storage::matchesType(u"2024-05-01 10:20:30.000000"_s, ms));
        QVERIFY(orm::storage::matchesType(qint64(0), ms));
        const auto s = orm::DateTime.storedAs(StoredForm::EpochSeconds);
        QVERIFY(!orm::storage::matchesType(qint64(1714558830123), s));
        QVERIFY(!orm::storage::matchesType(1714558830.5, s));
        const auto iso = orm::DateTime.storedAs({StoredForm::IsoText, StoredForm::UtcZ, 3});
        QVERIFY(!orm::storage::matchesType(u"2024-05-01 10:20:30.000000"_s, iso));
        const auto day = orm::Date.storedAs(StoredForm::EpochSeconds);
        QVERIFY(!orm::storage::matchesType(qint64(1714521601), day)); // not midnight
        // SQLAlchemy's forms stay as they were.
        QVERIFY(!orm::storage::matchesType(u"t"_s, orm::Boolean));
        QVERIFY(!orm::storage::matchesType(qint64(1714558830), orm::DateTime));
        QCOMPARE(orm::storage::toStorage(true, orm::Boolean), QVariant(qint64(1)));
        QVERIFY(orm::storage::storedFormDescription(orm::DateTime).isEmpty());
    }

    // Given a Rails database (t/f booleans, its timestamps), when it is reflected, the
    // booleans are 't' / 'f' and its timestamps SQLAlchemy's text; an edit writes 't'.
    void railsBooleans()
    {
        create({u"CREATE TABLE \"users\" (\"id\" integer PRIMARY KEY AUTOINCREMENT NOT NULL, "
                "\"name\" varchar, \"admin\" boolean DEFAULT 'f', \"created_at\" datetime(6) "
                "NOT NULL, \"updated_at\" datetime(6) NOT NULL)"_s,
                u"INSERT INTO users VALUES (1, 'ada', 't', '2024-05-01 10:20:30.123456', "
                "'2024-05-01 10:20:30.123456')"_s,
                u"INSERT INTO users VALUES (2, 'bob', 'f', '2024-05-02 08:00:00.000001', "
                "'2024-05-02 08:00:00.000001')"_s,
                u"INSERT INTO users VALUES (3, 'cy', 'f', '2024-05-03 08:00:00.5', "
                "'2024-05-03 08:00:00.5')"_s,
                u"INSERT INTO users VALUES (4, 'di', 1, '2024-05-04 08:00:00', "
                "'2024-05-04 08:00:00')"_s});
        QCOMPARE(formOf(u"users"_s, u"admin"_s).kind, StoredForm::BooleanTF);
        QCOMPARE(formOf(u"users"_s, u"created_at"_s).kind, StoredForm::Standard);

        orm::Session s(m_engine);
        const orm::EntityMeta &users = meta(u"users"_s);
        const int admin = users.columnIndex(u"admin"_s);
        auto ada = s.get(users, qint64(1));
        auto bob = s.get(users, qint64(2));
        auto di = s.get(users, qint64(4));
        QVERIFY(ada && bob && di);
        QCOMPARE(ada->value(admin), QVariant(true));
        QCOMPARE(bob->value(admin), QVariant(false));
        // The Rails 6 row (1) is not the column's form: kept as stored and flagged.
        QVERIFY(users.column(admin).access->isStoredAsIs(*di));
        QVERIFY(!users.column(admin).access->isStoredAsIs(*ada));

        // When bob is made an admin and committed, 't' is written; the other rows are unchanged.
        ORM_VERIFY(s.setValue(*bob, admin, true), s);
        ORM_VERIFY(s.setValue(*di, users.columnIndex(u"name"_s), u"dee"_s), s);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(raw(u"users"_s, u"admin"_s, 2), u"text:t"_s);
        QCOMPARE(raw(u"users"_s, u"admin"_s, 1), u"text:t"_s);
        QCOMPARE(raw(u"users"_s, u"admin"_s, 4), u"integer:1"_s);
        QCOMPARE(raw(u"users"_s, u"created_at"_s, 3), u"text:2024-05-03 08:00:00.5"_s);

        // A filter on the column binds the column's form.
        QCOMPARE(s.query(users).filterBy(u"admin"_s, true).count(), std::optional<qint64>(2));
        QCOMPARE(s.query(users).filterBy(u"admin"_s, false).count(), std::optional<qint64>(1));
    }

    // Given a Prisma-like table of epoch milliseconds and one of epoch seconds, values read as
    // exact date-times; an edit writes an integer in the same unit; filters bind integers and
    // sorting follows the instants.
    void epochColumns()
    {
        create(
            {u"CREATE TABLE \"Event\" (\"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, "
             "\"title\" TEXT NOT NULL, \"startsAt\" DATETIME NOT NULL, \"day\" DATE, "
             "\"seenAt\" DATETIME)"_s,
             u"INSERT INTO \"Event\" VALUES (1, 'a', 1714558830123, 1714521600000, 1714558830)"_s,
             u"INSERT INTO \"Event\" VALUES (2, 'b', 1704067199999, 1704067200000, 1704067199)"_s,
             u"INSERT INTO \"Event\" VALUES (3, 'c', 1704067200000, NULL, 1704067200)"_s,
             u"INSERT INTO \"Event\" VALUES (4, 'd', 1735689600000, NULL, NULL)"_s});
        QCOMPARE(formOf(u"Event"_s, u"startsAt"_s).kind, StoredForm::EpochMilliseconds);
        QCOMPARE(formOf(u"Event"_s, u"day"_s).kind, StoredForm::EpochMilliseconds);
        QCOMPARE(formOf(u"Event"_s, u"seenAt"_s).kind, StoredForm::EpochSeconds);

        orm::Session s(m_engine);
        const orm::EntityMeta &events = meta(u"Event"_s);
        const int startsAt = events.columnIndex(u"startsAt"_s);
        const int day = events.columnIndex(u"day"_s);
        const int seenAt = events.columnIndex(u"seenAt"_s);
        auto a = s.get(events, qint64(1));
        QVERIFY(a);
        QCOMPARE(a->value(startsAt), ts(2024, 5, 1, 10, 20, 30, 123000));
        QCOMPARE(a->value(day), QVariant(QDate(2024, 5, 1)));
        QCOMPARE(a->value(seenAt), ts(2024, 5, 1, 10, 20, 30));

        ORM_VERIFY(s.setValue(*a, startsAt, ts(2024, 6, 1, 12, 0, 0, 250000)), s);
        ORM_VERIFY(s.setValue(*a, day, QDate(2024, 6, 2)), s);
        ORM_VERIFY(s.setValue(*a, seenAt, ts(2024, 6, 1, 12, 0, 1)), s);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(raw(u"Event"_s, u"startsAt"_s, 1), u"integer:1717243200250"_s);
        QCOMPARE(raw(u"Event"_s, u"day"_s, 1), u"integer:1717286400000"_s);
        QCOMPARE(raw(u"Event"_s, u"seenAt"_s, 1), u"integer:1717243201"_s);

        // "After 2024-01-01": the bound value is the integer of that instant.
        QList<orm::StatementRecord> statements;
        const int listener = m_engine->connection().addListener(
            [&statements](const orm::StatementRecord &r) { statements << r; });
        const orm::Expr column =
            orm::Expr::column(u"Event"_s, u"startsAt"_s, events.column(startsAt).column.type);
        const auto after = s.query(events)
                               .filter(column >= ts(2024, 1, 1, 0, 0, 0))
                               .orderBy(orm::OrderTerm(column))
                               .allEntities();
        m_engine->connection().removeListener(listener);
        QCOMPARE(int(after.size()), 3);
        QCOMPARE(after.at(0)->value(0), QVariant(qint64(3)));
        QCOMPARE(after.at(1)->value(0), QVariant(qint64(1)));
        QCOMPARE(after.at(2)->value(0), QVariant(qint64(4)));
        QVERIFY(!statements.isEmpty());
        QVERIFY(statements.last().params.contains(QVariant(qint64(1704067200000))));
    }

    // Given ISO text with 'T' and 'Z' (and, in another column, with offsets), values read
    // exactly and are written back in the same shape and precision.
    void isoText()
    {
        create({u"CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME, local DATETIME, "
                "whole DATETIME)"_s,
                u"INSERT INTO events VALUES (1, '2024-05-01T10:20:30.123Z', "
                "'2024-05-01T10:20:30+02:00', '2024-05-01T10:20:30Z')"_s,
                u"INSERT INTO events VALUES (2, '2024-05-02T10:20:30.456789Z', "
                "'2024-05-02T10:20:30-05:00', '2024-05-02T10:20:30Z')"_s,
                u"INSERT INTO events VALUES (3, '2024-05-03T00:00:00.000Z', "
                "'2024-05-03T10:20:30+00:00', '2024-05-03 10:20:30.000000')"_s});
        const StoredForm at = formOf(u"events"_s, u"at"_s);
        QCOMPARE(at.kind, StoredForm::IsoText);
        QCOMPARE(at.zone, StoredForm::UtcZ);
        QCOMPARE(int(at.fractionDigits), 3);
        QCOMPARE(formOf(u"events"_s, u"local"_s).zone, StoredForm::Offset);
        QCOMPARE(int(formOf(u"events"_s, u"whole"_s).fractionDigits), 0);

        orm::Session s(m_engine);
        const orm::EntityMeta &events = meta(u"events"_s);
        const int atColumn = events.columnIndex(u"at"_s);
        const int local = events.columnIndex(u"local"_s);
        const int whole = events.columnIndex(u"whole"_s);
        auto one = s.get(events, qint64(1));
        auto two = s.get(events, qint64(2));
        auto three = s.get(events, qint64(3));
        QVERIFY(one && two && three);
        QCOMPARE(one->value(atColumn), ts(2024, 5, 1, 10, 20, 30, 123000));
        QCOMPARE(two->value(atColumn), ts(2024, 5, 2, 10, 20, 30, 456789)); // exact
        QCOMPARE(one->value(local).value<Timestamp>().offsetSeconds(), 7200);
        // SQLAlchemy's text in a column of ISO text: kept as stored, flagged.
        QVERIFY(events.column(whole).access->isStoredAsIs(*three));

        ORM_VERIFY(s.setValue(*one, atColumn, ts(2024, 6, 1, 12, 0, 0, 5000)), s);
        ORM_VERIFY(s.setValue(*one, local,
                              QVariant::fromValue(
                                  Timestamp(QDate(2024, 6, 1), 9, 0, 0).withOffset(-5 * 3600))),
                   s);
        ORM_VERIFY(s.setValue(*one, whole, ts(2024, 6, 1, 12, 0, 1)), s);
        ORM_VERIFY(s.setValue(*three, local, QVariant()), s);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(raw(u"events"_s, u"at"_s, 1), u"text:2024-06-01T12:00:00.005Z"_s);
        QCOMPARE(raw(u"events"_s, u"local"_s, 1), u"text:2024-06-01T09:00:00-05:00"_s);
        QCOMPARE(raw(u"events"_s, u"whole"_s, 1), u"text:2024-06-01T12:00:01Z"_s);
        // Untouched values keep their bytes, six digits among three and SQLAlchemy's text.
        QCOMPARE(raw(u"events"_s, u"at"_s, 2), u"text:2024-05-02T10:20:30.456789Z"_s);
        QCOMPARE(raw(u"events"_s, u"whole"_s, 3), u"text:2024-05-03 10:20:30.000000"_s);

        // Filters compare the ISO text the column holds.
        const orm::Expr column =
            orm::Expr::column(u"events"_s, u"at"_s, events.column(atColumn).column.type);
        QCOMPARE(s.query(events).filter(column > ts(2024, 5, 2, 10, 20, 30)).count(),
                 std::optional<qint64>(3)); // .456789Z is after .000Z
        QCOMPARE(s.query(events).filter(column == ts(2024, 5, 3, 0, 0, 0)).count(),
                 std::optional<qint64>(1));
    }

    // Given a mixed column (epoch milliseconds, some seconds and some text), the majority
    // form is written, the others read as stored and are never rewritten unless edited.
    void mixedColumn()
    {
        create({u"CREATE TABLE log (id INTEGER PRIMARY KEY, at DATETIME)"_s,
                u"INSERT INTO log VALUES (1, 1714558830123)"_s,
                u"INSERT INTO log VALUES (2, 1714558830456)"_s,
                u"INSERT INTO log VALUES (3, 1714558830)"_s,
                u"INSERT INTO log VALUES (4, '2024-05-01 10:20:30.000000')"_s});
        QCOMPARE(formOf(u"log"_s, u"at"_s).kind, StoredForm::EpochMilliseconds);
        orm::Session s(m_engine);
        const orm::EntityMeta &log = meta(u"log"_s);
        const int at = log.columnIndex(u"at"_s);
        const auto all = s.query(log)
                             .orderBy(orm::OrderTerm(orm::Expr::column(u"log"_s, u"id"_s)))
                             .allEntities();
        QCOMPARE(int(all.size()), 4);
        QVERIFY(!log.column(at).access->isStoredAsIs(*all.at(0)));
        QVERIFY(log.column(at).access->isStoredAsIs(*all.at(2)));
        QVERIFY(log.column(at).access->isStoredAsIs(*all.at(3)));
        QCOMPARE(all.at(2)->value(at), QVariant(qint64(1714558830)));
        ORM_VERIFY(s.setValue(*all.at(1), at, ts(2024, 5, 1, 0, 0, 0)), s);
        ORM_VERIFY(s.setValue(*all.at(3), at, ts(2024, 5, 1, 0, 0, 1)), s);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(raw(u"log"_s, u"at"_s, 1), u"integer:1714558830123"_s);
        QCOMPARE(raw(u"log"_s, u"at"_s, 2), u"integer:1714521600000"_s);
        QCOMPARE(raw(u"log"_s, u"at"_s, 3), u"integer:1714558830"_s);
        QCOMPARE(raw(u"log"_s, u"at"_s, 4), u"integer:1714521601000"_s);
    }

    // Given a column without values, SQLAlchemy's form is kept; so it is for a database in
    // SQLAlchemy's forms, whose values are written as before.
    void sqlalchemyFormsAreKept()
    {
        create({u"CREATE TABLE post (id INTEGER NOT NULL, title VARCHAR(80), published BOOLEAN, "
                "date_posted DATETIME, day DATE, deleted_at DATETIME, PRIMARY KEY (id))"_s,
                u"INSERT INTO post VALUES (1, 'a', 1, '2024-05-01 10:20:30.123456', "
                "'2024-05-01', NULL)"_s,
                u"INSERT INTO post VALUES (2, 'b', 0, '2024-05-02 10:20:30.000000', "
                "'2024-05-02', NULL)"_s});
        for (const QString &column : {u"published"_s, u"date_posted"_s, u"day"_s, u"deleted_at"_s})
            QCOMPARE(formOf(u"post"_s, column), StoredForm {});
        orm::Session s(m_engine);
        const orm::EntityMeta &post = meta(u"post"_s);
        auto a = s.get(post, qint64(1));
        QVERIFY(a);
        ORM_VERIFY(s.setValue(*a, post.columnIndex(u"published"_s), false), s);
        ORM_VERIFY(s.setValue(*a, post.columnIndex(u"deleted_at"_s), ts(2024, 6, 1, 0, 0, 0)), s);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(raw(u"post"_s, u"published"_s, 1), u"integer:0"_s);
        QCOMPARE(raw(u"post"_s, u"deleted_at"_s, 1), u"text:2024-06-01 00:00:00.000000"_s);
    }

    // Given Django's naive UTC date-times (str() of a datetime: no fraction when it is zero),
    // values written keep that form, and one with an offset is converted to UTC: the column's
    // text compares as the instants do. Imported rows are written the same way.
    void djangoDateTimesKeepTheirForm()
    {
        create({u"CREATE TABLE auth_user (id INTEGER PRIMARY KEY, date_joined DATETIME NOT NULL, "
                "last_login DATETIME)"_s,
                u"INSERT INTO auth_user VALUES (1, '2024-01-01 10:00:00', NULL)"_s,
                u"INSERT INTO auth_user VALUES (2, '2024-01-02 11:00:00.250000', NULL)"_s});
        const StoredForm form = formOf(u"auth_user"_s, u"date_joined"_s);
        QCOMPARE(form.kind, StoredForm::Standard);
        QVERIFY(form.fractionWhenNonZero);
        QCOMPARE(form.zone, StoredForm::UtcZ); // naive UTC
        orm::Session s(m_engine);
        const orm::EntityMeta &user = meta(u"auth_user"_s);
        const int joined = user.columnIndex(u"date_joined"_s);
        auto a = s.get(user, qint64(1));
        QVERIFY(a);
        // Read and written back unchanged, the value is not an odd one;
        QVERIFY(!user.column(joined).access->isStoredAsIs(*a));
        ORM_VERIFY(s.setValue(*a, joined, ts(2024, 3, 1, 10, 0, 0)), s);
        auto b = s.get(user, qint64(2));
        QVERIFY(b);
        ORM_VERIFY(s.setValue(*b, joined,
                              QVariant::fromValue(
                                  Timestamp(QDate(2024, 1, 1), 0, 0, 0, 500000).withOffset(7200))),
                   s);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(raw(u"auth_user"_s, u"date_joined"_s, 1), u"text:2024-03-01 10:00:00"_s);
        QCOMPARE(raw(u"auth_user"_s, u"date_joined"_s, 2), u"text:2023-12-31 22:00:00.500000"_s);
        // an import writes the file's values so, whatever their form.
        QBuffer in;
        in.setData("id,date_joined\n3,2024-01-01T03:04:05Z\n4,2024-01-01T00:00:00+02:00\n"
                   "5,2024-01-01 10:00:00.000000\n");
        in.open(QIODevice::ReadOnly);
        orm::TableImporter importer(m_engine->connection());
        ORM_VERIFY(importer.importFile(u"auth_user"_s, &in), importer);
        QCOMPARE(raw(u"auth_user"_s, u"date_joined"_s, 3), u"text:2024-01-01 03:04:05"_s);
        QCOMPARE(raw(u"auth_user"_s, u"date_joined"_s, 4), u"text:2023-12-31 22:00:00"_s);
        QCOMPARE(raw(u"auth_user"_s, u"date_joined"_s, 5), u"text:2024-01-01 10:00:00"_s);
    }

    // Given a typed model whose columns opt in to other forms, its members are written, read
    // back and compared in them; a column that does not opt in keeps SQLAlchemy's.
    void typedModelsOptIn()
    {
        m_map.reset();
        m_engine = orm::Engine::create(u"sqlite:///"_s + m_dir.filePath(u"typed.db"_s));
        QVERIFY(m_engine);
        orm::MetaData md;
        md.addTable(Reading::staticMeta().table());
        QVERIFY(md.createAll(m_engine->connection()));
        {
            orm::Session s(m_engine);
            auto r = std::make_shared<Reading>();
            r->takenAt = Timestamp(QDate(2024, 5, 1), 10, 20, 30, 123000);
            r->valid = true;
            r->day = QDate(2024, 5, 1);
            r->plain = Timestamp(QDate(2024, 5, 1), 10, 20, 30);
            s.add(r);
            ORM_VERIFY(s.commit(), s);
        }
        QCOMPARE(raw(u"readings"_s, u"taken_at"_s, 1), u"integer:1714558830123"_s);
        QCOMPARE(raw(u"readings"_s, u"valid"_s, 1), u"text:t"_s);
        QCOMPARE(raw(u"readings"_s, u"day"_s, 1), u"integer:1714521600"_s);
        QCOMPARE(raw(u"readings"_s, u"plain"_s, 1), u"text:2024-05-01 10:20:30.000000"_s);
        orm::Session s(m_engine);
        auto r = s.get<Reading>(1);
        QVERIFY(r);
        QCOMPARE(r->takenAt, Timestamp(QDate(2024, 5, 1), 10, 20, 30, 123000));
        QVERIFY(r->valid);
        QCOMPARE(r->day, std::optional<QDate>(QDate(2024, 5, 1)));
        QVERIFY(!s.isModified(*r));
        r->valid = false;
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(raw(u"readings"_s, u"valid"_s, 1), u"text:f"_s);
        QCOMPARE(raw(u"readings"_s, u"taken_at"_s, 1), u"integer:1714558830123"_s);
        const auto after =
            s.query<Reading>()
                .filter(orm::col(&Reading::takenAt) >= Timestamp(QDate(2024, 5, 1), 0, 0, 0))
                .count();
        QCOMPARE(after, std::optional<qint64>(1));
    }
};

QTEST_GUILESS_MAIN(TestStoredForms)
#include "tst_storedforms.moc"
