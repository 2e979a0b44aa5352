// SPDX-License-Identifier: MIT
// What was loaded (the baseline) is what the database holds, storage class and bytes, for
// typed members and records alike: detail::Snapshot::value() and bind() give it exactly (what
// conflict checks bind), a column nobody edited is never written, an edited one is written
// in its stored form.

#include "orm/drivers/sqlite/reflection.h"
#include "orm/engine/engine.h"
#include "orm/mapping/automap.h"
#include "orm/mapping/mapper.h"
#include "orm/mapping/record.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "orm/session/session_p.h"
#include "ormverify.h"

#include <QJsonValue>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

class Odd : public orm::Model<Odd>
{
public:
    qint64 id = 0;
    QString note;
    qint64 count = 0;
    QString name;
    bool flag = false;
    double ratio = 0;
    double amount = 0;
    QDateTime legacy;
    orm::Timestamp at;
    QDate day;
    QJsonValue json;
    QByteArray data;
    orm::Decimal price;

    static void map(orm::Mapper<Odd> &m)
    {
        m.table(u"odd"_s);
        m.column(&Odd::id, u"id"_s).primaryKey();
        m.column(&Odd::note, u"note"_s, orm::Text);
        m.column(&Odd::count, u"count"_s, orm::Integer);
        m.column(&Odd::name, u"name"_s, orm::String(40));
        m.column(&Odd::flag, u"flag"_s, orm::Boolean);
        m.column(&Odd::ratio, u"ratio"_s, orm::Float);
        m.column(&Odd::amount, u"amount"_s, orm::Numeric(8, 2));
        m.column(&Odd::legacy, u"legacy"_s, orm::DateTime);
        m.column(&Odd::at, u"at"_s, orm::DateTime);
        m.column(&Odd::day, u"day"_s, orm::Date);
        m.column(&Odd::json, u"json"_s, orm::Json);
        m.column(&Odd::data, u"data"_s, orm::LargeBinary);
        m.column(&Odd::price, u"price"_s, orm::Numeric(8, 2));
    }
};

// Storage class and bytes, as SQLite gives them.
struct Held
{
    QString storageClass;
    QString hex;
    bool operator==(const Held &) const = default;
};

Held held(orm::Connection &c, const QString &column)
{
    const auto rows =
        c.select(u"SELECT typeof(\"%1\"), hex(\"%1\") FROM odd WHERE id = 1"_s.arg(column));
    if (!rows || rows->isEmpty())
        return {};
    return {rows->first().at(0).toString(), rows->first().at(1).toString()};
}

// What a baseline's bind() binds, as SQLite receives it.
Held bound(orm::Connection &c, const orm::detail::Snapshot &baseline, int column)
{
    orm::Statement st = c.prepare(u"SELECT typeof(?1), hex(?1)"_s);
    baseline.bind(column, st, 0);
    if (!st.next())
        return {};
    return {st.value(0).toString(), st.value(1).toString()};
}

// What a baseline's value() gives, bound back (the storage form binds as itself).
Held given(orm::Connection &c, const orm::detail::Snapshot &baseline, int column)
{
    orm::Statement st = c.prepare(u"SELECT typeof(?1), hex(?1)"_s);
    st.bindValue(0, baseline.value(column));
    if (!st.next())
        return {};
    return {st.value(0).toString(), st.value(1).toString()};
}

// The value as Statement::value() reads it.
QVariant storedValue(orm::Connection &c, const QString &column)
{
    orm::Statement st = c.prepare(u"SELECT \"%1\" FROM odd WHERE id = 1"_s.arg(column));
    return st.next() ? st.value(0) : QVariant();
}

} // namespace

namespace QTest {
template<>
char *toString(const Held &h)
{
    return qstrdup(qPrintable(h.storageClass + u' ' + h.hex));
}
} // namespace QTest

class tst_Baseline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void baselineIsWhatIsStored_data();
    void baselineIsWhatIsStored();
    void invalidUtf8IsReadAsBytes();
    void editedColumnIsWrittenInItsStoredForm();
    void shortTextsShareTheirRowsBlock();
};

void tst_Baseline::baselineIsWhatIsStored_data()
{
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("literal"); // SQL

    QTest::newRow("text in INTEGER") << u"count"_s << u"'abc'"_s;
    QTest::newRow("real in INTEGER") << u"count"_s << u"1.5"_s;
    QTest::newRow("integer") << u"count"_s << u"7"_s;
    QTest::newRow("invalid UTF-8 in TEXT") << u"name"_s << u"CAST(X'41C328FF42' AS TEXT)"_s;
    QTest::newRow("U+FFFD itself") << u"name"_s << u"'a\uFFFDb'"_s;
    QTest::newRow("blob in TEXT") << u"name"_s << u"X'00FF'"_s;
    QTest::newRow("2 in BOOLEAN") << u"flag"_s << u"2"_s;
    QTest::newRow("text in BOOLEAN") << u"flag"_s << u"'maybe'"_s;
    QTest::newRow("text in FLOAT") << u"ratio"_s << u"'high'"_s;
    QTest::newRow("whole number in NUMERIC") << u"amount"_s << u"12.0"_s;
    QTest::newRow("fraction in NUMERIC") << u"amount"_s << u"12.5"_s;
    QTest::newRow("text in NUMERIC") << u"amount"_s << u"'lots'"_s;
    QTest::newRow("microseconds for a QDateTime")
        << u"legacy"_s << u"'2024-05-06 07:08:09.251237'"_s;
    QTest::newRow("'T' in a date-time") << u"at"_s << u"'2024-05-06T07:08:09'"_s;
    QTest::newRow("date-time with an offset") << u"at"_s << u"'2024-05-06 07:08:09.251237+02:00'"_s;
    QTest::newRow("date-time as a number") << u"at"_s << u"20240506"_s;
    QTest::newRow("date with a time") << u"day"_s << u"'2024-05-06 00:00:00'"_s;
    QTest::newRow("JSON with spaces") << u"json"_s << u"'{\"a\": 1}'"_s;
    QTest::newRow("JSON number") << u"json"_s << u"'1'"_s;
    QTest::newRow("text in BLOB") << u"data"_s << u"'abc'"_s;
    QTest::newRow("Decimal 12.50") << u"price"_s << u"12.5"_s;
    QTest::newRow("Decimal 12.00") << u"price"_s << u"12"_s;
    QTest::newRow("Decimal past its scale") << u"price"_s << u"12.345"_s;
    QTest::newRow("Decimal as text") << u"price"_s << u"'12.50'"_s;
}

void tst_Baseline::baselineIsWhatIsStored()
{
    QFETCH(QString, column);
    QFETCH(QString, literal);
    // Given a row holding a value as another program stored it,
    QTemporaryDir dir;
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(dir.filePath(u"odd.db"_s)), {});
    QVERIFY(engine);
    orm::Connection &c = engine->connection();
    orm::MetaData md;
    md.addTable(Odd::staticMeta().table());
    QVERIFY(md.createAll(c));
    QVERIFY(c.exec(u"INSERT INTO odd (id, note) VALUES (1, 'first')"_s));
    QVERIFY(c.exec(u"UPDATE odd SET \"%1\" = %2 WHERE id = 1"_s.arg(column, literal)));
    const Held original = held(c, column);
    const QVariant originalValue = storedValue(c, column);

    // when it is loaded by a typed model and through reflection (orm::Record),
    const auto reflected = orm::reflect(c);
    QVERIFY(reflected);
    orm::Automap map(*reflected);
    const orm::EntityMeta *metas[] = {&Odd::staticMeta(), map.entity(u"odd"_s)};
    for (const orm::EntityMeta *meta : metas) {
        const QString kind = meta == metas[0] ? u"typed"_s : u"record"_s;
        orm::Session s(engine);
        auto obj = s.get(*meta, qint64(1));
        QVERIFY(obj);
        const int index = meta->columnIndex(column);
        auto baseline = [&obj]() -> const orm::detail::Snapshot & {
            return *orm::st(*obj).baseline();
        };
        // then its baseline gives and binds exactly what is stored,
        QVERIFY2(orm::storage::isSameStored(baseline().value(index), originalValue),
                 qPrintable(kind));
        QCOMPARE(bound(c, baseline(), index), original);
        QCOMPARE(given(c, baseline(), index), original);
        // and nothing is staged by reading it.
        QVERIFY2(!s.isModified(*obj), qPrintable(kind));

        // When another column is edited and committed,
        QStringList sql;
        const int listener = c.addListener([&sql](const orm::StatementRecord &r) { sql << r.sql; });
        QVERIFY(s.setValue(*obj, meta->columnIndex(u"note"_s), QString(u"edited by "_s + kind)));
        ORM_VERIFY(s.commit(), s);
        c.removeListener(listener);
        // then the column is not written, the stored value is as it was,
        const QStringList updates = sql.filter(u"UPDATE"_s);
        QCOMPARE(updates.size(), 1);
        QVERIFY2(!updates.first().contains(u'"' + column + u'"'), qPrintable(updates.first()));
        QCOMPARE(held(c, column), original);
        // and the new baseline still binds it exactly;
        QCOMPARE(bound(c, baseline(), index), original);
        // so does the baseline of the row read again.
        QVERIFY(s.refresh(*obj));
        QCOMPARE(bound(c, baseline(), index), original);
        QVERIFY(orm::storage::isSameStored(baseline().value(index), originalValue));
    }
}

void tst_Baseline::invalidUtf8IsReadAsBytes()
{
    // Given text that is not valid UTF-8,
    auto engine = orm::Engine::create(u"sqlite://"_s);
    orm::Connection &c = engine->connection();
    QVERIFY(c.exec(u"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)"_s));
    QVERIFY(c.exec(u"INSERT INTO t VALUES (1, CAST(X'41C328FF42' AS TEXT)), (2, 'a\uFFFDb')"_s));
    // when read as a value, then it is its bytes, not text with replacement characters;
    const auto rows = c.select(u"SELECT name FROM t ORDER BY id"_s);
    QVERIFY(rows);
    const QVariant bytes = rows->at(0).at(0);
    QCOMPARE(bytes.metaType(), QMetaType::fromType<orm::TextBytes>());
    QCOMPARE(bytes.value<orm::TextBytes>().bytes(), QByteArray("\x41\xc3\x28\xff\x42"));
    // a stored replacement character is text,
    QCOMPARE(rows->at(1).at(0), QVariant(u"a\uFFFDb"_s));
    // and the bytes bind as the same text.
    QVERIFY(c.exec(u"INSERT INTO t VALUES (3, ?)"_s, {bytes}));
    const auto same = c.select(u"SELECT typeof(name), hex(name) FROM t WHERE id = 3"_s);
    QCOMPARE(same->first().at(0), QVariant(u"text"_s));
    QCOMPARE(same->first().at(1), QVariant(u"41C328FF42"_s));
    // As a QString, for display, it is decoded.
    QCOMPARE(bytes.toString(), u"A\uFFFD(\uFFFDB"_s);
}

void tst_Baseline::editedColumnIsWrittenInItsStoredForm()
{
    // Given a row whose date-time and count were stored by another program,
    QTemporaryDir dir;
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(dir.filePath(u"odd.db"_s)), {});
    orm::Connection &c = engine->connection();
    orm::MetaData md;
    md.addTable(Odd::staticMeta().table());
    QVERIFY(md.createAll(c));
    QVERIFY(c.exec(u"INSERT INTO odd (id, note, count, at) VALUES (1, 'first', 'abc', "
                   "'2024-05-06 07:08:09')"_s));
    const auto reflected = orm::reflect(c);
    orm::Automap map(*reflected);
    const orm::EntityMeta &meta = *map.entity(u"odd"_s);
    orm::Session s(engine);
    auto row = s.get(meta, qint64(1));
    const int at = meta.columnIndex(u"at"_s);
    const int count = meta.columnIndex(u"count"_s);
    // when the same date-time is given again, then nothing changes;
    QVERIFY(s.setValue(*row, at, QVariant::fromValue(orm::Timestamp(QDate(2024, 5, 6), 7, 8, 9))));
    QVERIFY(!s.isModified(*row));
    // when the person sets the count to 0 (what the text would read as a number) and moves
    // the date-time by a microsecond,
    QVERIFY(s.setValue(*row, count, 0));
    QVERIFY(
        s.setValue(*row, at, QVariant::fromValue(orm::Timestamp(QDate(2024, 5, 6), 7, 8, 9, 1))));
    // then both are changes, written in their stored forms,
    QCOMPARE(s.modifiedColumns(*row), (QList<int> {count, at}));
    ORM_VERIFY(s.commit(), s);
    QCOMPARE(held(c, u"count"_s), (Held {u"integer"_s, u"30"_s}));
    QCOMPARE(storedValue(c, u"at"_s), QVariant(u"2024-05-06 07:08:09.000001"_s));
    // and the baseline binds them as they now are.
    const orm::detail::Snapshot &baseline = *orm::st(*row).baseline();
    QCOMPARE(bound(c, baseline, count), (Held {u"integer"_s, u"30"_s}));
    QCOMPARE(baseline.value(at), QVariant(u"2024-05-06 07:08:09.000001"_s));
}

void tst_Baseline::shortTextsShareTheirRowsBlock()
{
    // Given a row with two short texts,
    QTemporaryDir dir;
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(dir.filePath(u"odd.db"_s)), {});
    orm::Connection &c = engine->connection();
    orm::MetaData md;
    md.addTable(Odd::staticMeta().table());
    QVERIFY(md.createAll(c));
    QVERIFY(c.exec(u"INSERT INTO odd (id, note, name) VALUES (1, 'a note', 'a name')"_s));
    const int name = Odd::staticMeta().columnIndex(u"name"_s);
    QString kept;
    {
        orm::Session s(engine);
        auto row = s.get<Odd>(qint64(1));
        QVERIFY(row);
        // when it is loaded, then both are read into one block,
        QCOMPARE(row->note, u"a note"_s);
        QCOMPARE(row->name, u"a name"_s);
        QVERIFY(row->note.data_ptr().d_ptr());
        QCOMPARE(row->name.data_ptr().d_ptr(), row->note.data_ptr().d_ptr());
        // a change to one leaves the other as it was, and only its column is written,
        row->name.append(u" changed"_s);
        QCOMPARE(row->note, u"a note"_s);
        QCOMPARE(s.modifiedColumns(*row), QList<int> {name});
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(storedValue(c, u"name"_s), QVariant(u"a name changed"_s));
        QCOMPARE(storedValue(c, u"note"_s), QVariant(u"a note"_s));
        // a change rolled back gives the text read back,
        row->note[0] = u'A';
        QVERIFY(s.isModified(*row));
        s.rollback();
        QCOMPARE(row->note, u"a note"_s);
        QVERIFY(!s.isModified(*row));
        kept = row->note;
    }
    // and a text kept when its object is gone is whole.
    QCOMPARE(kept, u"a note"_s);
    kept.append(u", kept"_s);
    QCOMPARE(kept, u"a note, kept"_s);
}

QTEST_GUILESS_MAIN(tst_Baseline)
#include "tst_baseline.moc"
