// SPDX-License-Identifier: MIT
#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/query/query.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using namespace blog;

// The demo database the application opens: the same rows for the same options, and dates a
// person can believe, however many rows are asked for.
class tst_DemoData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void datesAreInThePast_data();
    void datesAreInThePast();
    void theSameOptionsGiveTheSameRows();
    void batchesGiveTheRowsOfOneCommit();
    void writtenBatchesAreLetGo();

private:
    static std::shared_ptr<orm::Engine> generated(const DemoOptions &options);
    static QString everyRow(const std::shared_ptr<orm::Engine> &engine);
};

std::shared_ptr<orm::Engine> tst_DemoData::generated(const DemoOptions &options)
{
    auto engine = orm::Engine::create(u"sqlite://"_s);
    if (!engine)
        return nullptr;
    orm::Error e;
    if (!metadata().createAll(engine->connection(), &e))
        return nullptr;
    orm::Session s(engine);
    if (!generateDemoData(s, options))
        return nullptr;
    return engine;
}

void tst_DemoData::datesAreInThePast_data()
{
    QTest::addColumn<int>("users");
    QTest::addColumn<int>("postsPerUser");
    QTest::newRow("the default 50") << 50 << 10;
    QTest::newRow("15,000 users") << 15000 << 1;
    QTest::newRow("3,000 users, 30 posts each") << 3000 << 30;
}

void tst_DemoData::datesAreInThePast()
{
    QFETCH(int, users);
    QFETCH(int, postsPerUser);
    const auto engine = generated(DemoOptions {users, postsPerUser, 5, 2, 7});
    QVERIFY(engine);
    orm::Session s(engine);
    const auto span = s.execute(u"SELECT min(created_at), max(created_at) FROM users"_s);
    QVERIFY(span);
    const auto posted = s.execute(u"SELECT max(date_posted) FROM posts"_s);
    QVERIFY(posted);
    const orm::Timestamp first = orm::Timestamp::parse(span->rows.value(0).value(0).toString());
    const orm::Timestamp last = orm::Timestamp::parse(span->rows.value(0).value(1).toString());
    const orm::Timestamp lastPost =
        orm::Timestamp::parse(posted->rows.value(0).value(0).toString());
    QVERIFY(first.isValid() && last.isValid() && lastPost.isValid());
    QCOMPARE(first, orm::Timestamp(QDate(2024, 1, 1), 9, 0, 0));
    QVERIFY2(last > first, "every user joined at a time of their own");
    QVERIFY2(lastPost <= orm::Timestamp(QDate(2025, 12, 2), 0, 0, 0),
             qPrintable(lastPost.toString()));
    // No post before its author joined.
    const auto early = s.execute(u"SELECT count(*) FROM posts JOIN users ON users.id = "
                                 u"posts.user_id WHERE posts.date_posted < users.created_at"_s);
    QVERIFY(early);
    QCOMPARE(early->rows.value(0).value(0).toInt(), 0);
}

void tst_DemoData::theSameOptionsGiveTheSameRows()
{
    const DemoOptions options {200, 3, 10, 4, 42};
    const auto a = generated(options);
    const auto b = generated(options);
    QVERIFY(a && b);
    const QString dump = u"SELECT group_concat(username || created_at || email, ';') FROM users"_s;
    orm::Session sa(a);
    orm::Session sb(b);
    const auto ra = sa.execute(dump);
    const auto rb = sb.execute(dump);
    QVERIFY(ra && rb);
    QVERIFY(!ra->rows.value(0).value(0).toString().isEmpty());
    QCOMPARE(ra->rows.value(0).value(0).toString(), rb->rows.value(0).value(0).toString());
}

// Every row of every table, in one text (rows in key order, association rows sorted).
QString tst_DemoData::everyRow(const std::shared_ptr<orm::Engine> &engine)
{
    orm::Session s(engine);
    const auto tables =
        s.execute(u"SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"_s);
    if (!tables)
        return {};
    QString out;
    for (const auto &row : tables->rows) {
        const QString name = row.value(0).toString();
        // (Identifiers from the schema itself, quoted.)
        const auto rows = s.execute(u"SELECT * FROM \"%1\" ORDER BY 1, 2"_s.arg(name));
        if (!rows)
            return {};
        out += name + u'\n';
        for (const auto &r : rows->rows) {
            for (const QVariant &v : r)
                out += v.toString() + u'|';
            out += u'\n';
        }
    }
    return out;
}

void tst_DemoData::batchesGiveTheRowsOfOneCommit()
{
    // Given the same options written in one commit, and in batches of 1 and of 7 users (the
    // last one shorter; replies to posts of earlier batches; users following users of later
    // ones),
    DemoOptions options {60, 4, 6, 3, 11};
    options.usersPerCommit = 60;
    const QString whole = everyRow(generated(options));
    QVERIFY(whole.count(u'\n') > 60 * 4);
    for (int batch : {1, 7}) {
        options.usersPerCommit = batch;
        // then the rows are the same, table by table.
        QCOMPARE(everyRow(generated(options)), whole);
    }
}

void tst_DemoData::writtenBatchesAreLetGo()
{
    // Given a demo database of 20,000 objects written 100 users at a time,
    auto engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(engine);
    orm::Error e;
    QVERIFY(metadata().createAll(engine->connection(), &e));
    orm::Session s(engine);
    DemoOptions options {3000, 5, 10, 4, 3};
    options.usersPerCommit = 100;
    QVERIFY(generateDemoData(s, options));
    // when it is written, then the session holds at most what it loaded since it last let
    // go (about as many as kReleaseAfterLoads), not every object it wrote.
    QCOMPARE(*s.query<Post>().count(), 15000);
    QVERIFY2(s.identityCount() < orm::Session::kReleaseAfterLoads + 2000,
             qPrintable(QString::number(s.identityCount())));
}

QTEST_GUILESS_MAIN(tst_DemoData)
#include "tst_demodata.moc"
