// SPDX-License-Identifier: MIT
#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/query.h"

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

private:
    static std::shared_ptr<orm::Engine> generated(const DemoOptions &options);
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

QTEST_GUILESS_MAIN(tst_DemoData)
#include "tst_demodata.moc"
