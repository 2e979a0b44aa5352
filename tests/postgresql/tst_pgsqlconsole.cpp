// SPDX-License-Identifier: MIT
// The SQL console's runner on a server: rows in single-row mode, cancel through PQcancel, its
// own transaction, error positions from the server, the schema-change flag and EXPLAIN.
#include "orm/console/sqlconsole.h"
#include "testserver.h"

#include <QtTest>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;

class TestPgSqlConsole : public QObject
{
    Q_OBJECT

private:
    orm::DatabaseUrl url() const { return orm::DatabaseUrl::parse(testserver::socketUrl()); }

    qint64 countOther()
    {
        orm::Error error;
        auto other = orm::Connection::open(url(), {}, &error);
        const auto rows = other->select(u"SELECT count(*) FROM console_item"_s);
        return rows ? rows->at(0).at(0).toLongLong() : -1;
    }

private Q_SLOTS:
    void init()
    {
        if (testserver::socketUrl().isEmpty())
            QSKIP("no test cluster");
        orm::Error error;
        auto c = orm::Connection::open(url(), {}, &error);
        QVERIFY2(c, qPrintable(error.message()));
        QVERIFY(c->exec(u"DROP TABLE IF EXISTS console_item, console_other"_s));
        QVERIFY(c->exec(u"CREATE TABLE console_item (id INTEGER PRIMARY KEY, name TEXT)"_s));
        QVERIFY(c->exec(u"INSERT INTO console_item SELECT x, 'item ' || x "
                        "FROM generate_series(1, 1000) AS x"_s));
    }

    // Given a million rows, when the query runs, then a page comes without the rest.
    void pagedRows()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        const auto result = console.run(u"SELECT x, 'row ' || x AS label "
                                        "FROM generate_series(1, 1000000) AS x"_s);
        QVERIFY2(result.ok, qPrintable(result.error.message()));
        QCOMPARE(result.columns, (QStringList {u"x"_s, u"label"_s}));
        QVERIFY(!console.inTransaction());
        const auto page = console.fetch(100);
        QVERIFY(page);
        QCOMPARE(page->size(), 100);
        QCOMPARE(page->at(99), (QVariantList {qint64(100), u"row 100"_s}));
        QVERIFY(console.hasMoreRows());
        // Another statement closes the result and runs.
        const auto next = console.run(u"SELECT count(*) FROM console_item"_s);
        QVERIFY2(next.ok, qPrintable(next.error.message()));
        QCOMPARE(console.fetch(10)->at(0).at(0), QVariant(qint64(1000)));
    }

    // Given a long query, when another thread cancels it, then it fails as cancelled.
    void cancel()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        std::atomic<bool> done = false;
        orm::SqlConsole::Result result;
        std::thread runner([&] {
            result = console.run(u"SELECT pg_sleep(600)"_s);
            done = true;
        });
        while (!done) {
            console.interrupt();
            std::this_thread::yield();
        }
        runner.join();
        QVERIFY(!result.ok);
        QCOMPARE(result.error.kind(), orm::Error::Kind::Cancelled);
        QVERIFY(console.run(u"SELECT 1"_s).ok);
    }

    // Given a write, then it runs in the console's transaction until commit or rollback.
    void transactions()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        auto result = console.run(u"DELETE FROM console_item WHERE id <= 10"_s);
        QVERIFY2(result.ok, qPrintable(result.error.message()));
        QVERIFY(result.beganTransaction);
        QCOMPARE(result.changes, 10);
        QVERIFY(console.inTransaction());
        QCOMPARE(countOther(), 1000);
        QVERIFY(console.rollback());
        QCOMPARE(countOther(), 1000);
        QVERIFY(console.run(u"INSERT INTO console_item VALUES (5000, 'new')"_s).ok);
        QVERIFY(console.commit());
        QCOMPARE(countOther(), 1001);
        QVERIFY(!console.run(u"SELECT count(*) FROM console_item"_s).beganTransaction);
    }

    // Given a write in the console's transaction and then a statement that fails (the server
    // then aborts the transaction), when the person commits, then nothing is written and the
    // commit says so rather than succeed.
    void commitAfterAFailedStatementIsRefused()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        QVERIFY(console.run(u"DELETE FROM console_item WHERE id <= 10"_s).ok);
        QVERIFY(!console.run(u"SELEC 1"_s).ok);
        QVERIFY(console.inTransaction());
        QVERIFY(!console.commit());
        QVERIFY2(console.lastError().message().contains(u"nothing was committed"_s),
                 qPrintable(console.lastError().message()));
        QVERIFY(!console.inTransaction());
        QCOMPARE(countOther(), 1000);
    }

    // Given EXPLAIN ANALYZE of a write (which runs it), then it runs in the console's
    // transaction, to be committed or rolled back like the write itself.
    void explainAnalyzeOfAWriteIsAWrite()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        const auto result = console.run(u"EXPLAIN (ANALYZE, COSTS OFF) DELETE FROM console_item"_s);
        QVERIFY2(result.ok, qPrintable(result.error.message()));
        QVERIFY(result.beganTransaction);
        QVERIFY(console.rollback());
        QCOMPARE(countOther(), 1000);
        QVERIFY(!console.run(u"EXPLAIN SELECT * FROM console_item"_s).beganTransaction);
    }

    // Given errors, then the server's position in the statement comes with them.
    void errorPosition()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        auto result = console.run(u"SELECT * FROM nosuch"_s);
        QVERIFY(!result.ok);
        QCOMPARE(result.errorPosition, 14);
        result = console.run(u"SELECT 'é', nope FROM console_item"_s);
        QVERIFY(!result.ok);
        QCOMPARE(result.errorPosition, 12);
    }

    // Given DDL in a dollar-quoted function body, then it splits as one statement and the
    // schema change is told.
    void schemaChange()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        const QString text = u"CREATE TABLE console_other (id int); "
                             "CREATE FUNCTION console_f() RETURNS int AS $$ SELECT 1; $$ "
                             "LANGUAGE sql; DROP FUNCTION console_f()"_s;
        const auto spans = console.split(text);
        QCOMPARE(spans.size(), size_t(3));
        for (const auto &span : spans) {
            const auto result = console.run(text.mid(span.offset, span.length));
            QVERIFY2(result.ok, qPrintable(result.error.message()));
            QVERIFY(result.schemaChanged);
        }
        QVERIFY(console.commit());
    }

    void plan()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        const auto plan = console.plan(u"SELECT * FROM console_item WHERE name = 'x'"_s);
        QVERIFY2(plan, qPrintable(console.lastError().message()));
        QVERIFY2(plan->join(u'\n').contains(u"Scan"), qPrintable(plan->join(u'\n')));
    }
};

QTEST_GUILESS_MAIN(TestPgSqlConsole)
#include "tst_pgsqlconsole.moc"
