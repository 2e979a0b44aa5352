#include "uitestsupport.h"

#include "orm/query.h"
#include "ui/rowcounter.h"

using namespace uitest;

class tst_RowCounter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void countsInAWorkerThread();
    void holdsNoLockAfterCounting();
    void countsAnInMemoryDatabaseAsynchronouslyToo();
};

void tst_RowCounter::countsInAWorkerThread()
{
    QTemporaryDir dir;
    const QString path = demoDatabase(dir);
    ui::RowCounter counter(orm::DatabaseUrl::forFile(path), nullptr);
    QSignalSpy ready(&counter, &ui::RowCounter::countReady);
    const quint64 all = counter.requestCount(blog::Post::staticMeta());
    const orm::Expr where = orm::Expr::column(u"posts"_s, u"user_id"_s) == QVariant(qint64(1));
    const quint64 alices = counter.requestCount(blog::Post::staticMeta(), where);
    // The call returns at once; the results arrive as signals.
    QTRY_COMPARE(ready.count(), 2);
    QHash<quint64, qint64> counts;
    for (const auto &args : ready)
        counts.insert(args.at(0).toULongLong(), args.at(1).toLongLong());
    QCOMPARE(counts.value(all), qint64(500));
    QCOMPARE(counts.value(alices), qint64(10));
}

void tst_RowCounter::holdsNoLockAfterCounting()
{
    QTemporaryDir dir;
    const QString path = demoDatabase(dir);
    ui::RowCounter counter(orm::DatabaseUrl::forFile(path), nullptr);
    QSignalSpy ready(&counter, &ui::RowCounter::countReady);
    counter.requestCount(blog::User::staticMeta());
    QTRY_COMPARE(ready.count(), 1);
    // Another program can write at once (no busy wait): no read transaction is left open.
    orm::ConnectionOptions options;
    options.busyTimeoutMs = 0;
    auto writer = orm::Engine::create(orm::DatabaseUrl::forFile(path), options);
    QVERIFY(writer->connection().begin(orm::Connection::TransactionMode::Immediate));
    QVERIFY(writer->connection().exec(u"UPDATE users SET email = 'x@y.org' WHERE id = 1"_s));
    QVERIFY2(writer->connection().commit(), qPrintable(writer->connection().lastError().text()));
}

void tst_RowCounter::countsAnInMemoryDatabaseAsynchronouslyToo()
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::memory(), orm::ConnectionOptions());
    orm::Session session(engine);
    QVERIFY(blog::ensureDemoDatabase(session));
    ui::RowCounter counter(engine->url(),
                           [&session](const orm::EntityMeta &meta, const orm::Expr &) {
                               return session.query(meta).count();
                           });
    QSignalSpy ready(&counter, &ui::RowCounter::countReady);
    counter.requestCount(blog::Tag::staticMeta());
    QCOMPARE(ready.count(), 0);
    QTRY_COMPARE(ready.count(), 1);
    QCOMPARE(ready.first().at(1).toLongLong(), qint64(30));
}

QTEST_MAIN(tst_RowCounter)
#include "tst_rowcounter.moc"
