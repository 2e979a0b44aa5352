// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/query/query.h"
#include "ui/backgroundreader.h"

using namespace uitest;

class tst_BackgroundReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsInAWorkerThread();
    void holdsNoLockAfterCounting();
    void countsAnInMemoryDatabaseAsynchronouslyToo();
    void readsAQuerysRowsInTheWorkerThread();
    void readsAnInMemoryDatabasesRowsAsynchronously();
};

void tst_BackgroundReader::countsInAWorkerThread()
{
    QTemporaryDir dir;
    const QString path = demoDatabase(dir);
    ui::BackgroundReader reader(orm::DatabaseUrl::forFile(path), nullptr);
    QSignalSpy ready(&reader, &ui::BackgroundReader::countReady);
    const quint64 all = reader.requestCount(blog::Post::staticMeta());
    const orm::Expr where = orm::Expr::column(u"posts"_s, u"user_id"_s) == QVariant(qint64(1));
    const quint64 alices = reader.requestCount(blog::Post::staticMeta(), where);
    // The call returns at once; the results arrive as signals.
    QTRY_COMPARE(ready.count(), 2);
    QHash<quint64, qint64> counts;
    for (const auto &args : ready)
        counts.insert(args.at(0).toULongLong(), args.at(1).toLongLong());
    QCOMPARE(counts.value(all), qint64(500));
    QCOMPARE(counts.value(alices), qint64(10));
}

void tst_BackgroundReader::holdsNoLockAfterCounting()
{
    QTemporaryDir dir;
    const QString path = demoDatabase(dir);
    ui::BackgroundReader reader(orm::DatabaseUrl::forFile(path), nullptr);
    QSignalSpy ready(&reader, &ui::BackgroundReader::countReady);
    reader.requestCount(blog::User::staticMeta());
    QTRY_COMPARE(ready.count(), 1);
    // Another program can write at once (no busy wait): no read transaction is left open.
    const QString refused =
        writeFromAnotherProgram(path, u"UPDATE users SET email = 'x@y.org' WHERE id = 1"_s);
    QVERIFY2(refused.isEmpty(), qPrintable(refused));
}

void tst_BackgroundReader::countsAnInMemoryDatabaseAsynchronouslyToo()
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::memory(), orm::ConnectionOptions());
    orm::Session session(engine);
    QVERIFY(blog::ensureDemoDatabase(session));
    ui::BackgroundReader reader(engine->url(),
                                [&session](const orm::EntityMeta &meta, const orm::Expr &) {
                                    return session.query(meta).count();
                                });
    QSignalSpy ready(&reader, &ui::BackgroundReader::countReady);
    reader.requestCount(blog::Tag::staticMeta());
    QCOMPARE(ready.count(), 0);
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(ready.first().at(1).toLongLong(), qint64(30));
}

void tst_BackgroundReader::readsAQuerysRowsInTheWorkerThread()
{
    // Given a query of the window's session (posts of user 1, newest first, the second three),
    QTemporaryDir dir;
    const QString path = demoDatabase(dir);
    auto doc = openDocument(path);
    const orm::QueryBase query =
        doc->session()
            .query(blog::Post::staticMeta())
            .filter(orm::Expr::column(u"posts"_s, u"user_id"_s) == QVariant(qint64(1)))
            .orderBy(orm::OrderTerm(orm::Expr::column(u"posts"_s, u"id"_s), true))
            .limit(3)
            .offset(3);
    const auto direct = query.rows({orm::Expr::column(u"posts"_s, u"id"_s)});
    QVERIFY(direct);
    QList<qint64> expected;
    for (const QVariantList &r : *direct)
        expected << r.value(0).toLongLong();
    QCOMPARE(expected.size(), 3);
    ui::BackgroundReader reader(orm::DatabaseUrl::forFile(path), nullptr);
    QSignalSpy ready(&reader, &ui::BackgroundReader::rowsReady);
    StatementLog log(doc->engine().connection());
    // when its keys are asked for, they arrive later, read on the worker's own connection;
    const quint64 id = reader.requestRows(query, {orm::Expr::column(u"posts"_s, u"id"_s)});
    QCOMPARE(ready.count(), 0);
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(ready.first().at(0).toULongLong(), id);
    QList<qint64> ids;
    const QList<QVariantList> read = ready.first().at(1).value<QList<QVariantList>>();
    for (const QVariantList &r : read)
        ids << r.value(0).toLongLong();
    QCOMPARE(ids, expected);
    QVERIFY(ready.first().at(2).toString().isEmpty());
    QVERIFY(log.sql().isEmpty());
    // a query the database refuses says why,
    const orm::QueryBase broken = doc->session().query(blog::Post::staticMeta());
    reader.requestRows(broken, {orm::Expr::column(u"posts"_s, u"no_such_column"_s)});
    QTRY_COMPARE(ready.count(), 2);
    QVERIFY(ready.last().at(1).value<QList<QVariantList>>().isEmpty());
    QVERIFY(ready.last().at(2).toString().contains(u"no_such_column"_s));
    // and no lock is left behind.
    const QString refused =
        writeFromAnotherProgram(path, u"UPDATE posts SET title = 'x' WHERE id = 1"_s);
    QVERIFY2(refused.isEmpty(), qPrintable(refused));
}

void tst_BackgroundReader::readsAnInMemoryDatabasesRowsAsynchronously()
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::memory(), orm::ConnectionOptions());
    orm::Session session(engine);
    QVERIFY(blog::ensureDemoDatabase(session));
    ui::BackgroundReader reader(engine->url(), nullptr);
    QSignalSpy ready(&reader, &ui::BackgroundReader::rowsReady);
    reader.requestRows(session.query(blog::Tag::staticMeta()).limit(4),
                       {orm::Expr::column(u"tags"_s, u"id"_s)});
    QCOMPARE(ready.count(), 0);
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(ready.first().at(1).value<QList<QVariantList>>().size(), 4);
}

QTEST_MAIN(tst_BackgroundReader)
#include "tst_backgroundreader.moc"
