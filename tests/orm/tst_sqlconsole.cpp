// SPDX-License-Identifier: MIT
// The SQL console's runner: splitting typed text, rows read in pages from a statement left
// open, interrupt from another thread, its own transaction, error positions, the schema-change
// flag, refusals of defensive mode and the query plan.
#include "orm/console/sqlconsole.h"

#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

using namespace Qt::StringLiterals;

namespace {

QStringList statements(const QString &text, const orm::SqlSyntax &syntax)
{
    QStringList out;
    for (const auto &span : orm::SqlConsole::split(text, syntax))
        out.append(text.mid(span.offset, span.length));
    return out;
}

orm::SqlSyntax sqliteSyntax()
{
    orm::SqlSyntax s;
    s.bracketIdentifiers = true;
    s.backtickIdentifiers = true;
    s.triggerBodies = true;
    return s;
}

orm::SqlSyntax serverSyntax()
{
    orm::SqlSyntax s;
    s.dollarQuotes = true;
    s.escapeStrings = true;
    s.nestedComments = true;
    return s;
}

} // namespace

class TestSqlConsole : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_path;
    orm::DatabaseUrl url() const { return orm::DatabaseUrl::forFile(m_path); }

    // Another program's view of the file.
    qint64 countOther(const QString &table)
    {
        orm::Error error;
        auto other = orm::Connection::open(url(), {}, &error);
        const auto rows = other->select(u"SELECT count(*) FROM "_s + table);
        return rows ? rows->at(0).at(0).toLongLong() : -1;
    }

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_path = m_dir.filePath(u"console%1.db"_s.arg(QRandomGenerator::global()->generate()));
        orm::Error error;
        auto c = orm::Connection::open(url(), {}, &error);
        QVERIFY(c);
        QVERIFY(c->exec(u"CREATE TABLE item (id INTEGER PRIMARY KEY, name TEXT)"_s));
        QVERIFY(c->exec(u"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                        "WHERE x < 10000) INSERT INTO item SELECT x, 'item ' || x FROM n"_s));
    }

    // Given typed text, when it is split, then each statement ends at its own `;`.
    void split_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("server");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("two") << u"SELECT 1; SELECT 2;"_s << false
                             << QStringList {u"SELECT 1"_s, u"SELECT 2"_s};
        QTest::newRow("no final semicolon") << u"  SELECT 1;\n\nSELECT 2  "_s << false
                                            << QStringList {u"SELECT 1"_s, u"SELECT 2"_s};
        QTest::newRow("quotes") << u"SELECT 'a;b', \"c;d\", [e;f], `g;h`; SELECT 'it''s;'"_s
                                << false
                                << QStringList {u"SELECT 'a;b', \"c;d\", [e;f], `g;h`"_s,
                                                u"SELECT 'it''s;'"_s};
        QTest::newRow("comments") << u"-- one; two\nSELECT 1 /* ; */; /* only a comment; */"_s
                                  << false << QStringList {u"SELECT 1"_s};
        QTest::newRow("empty") << u" ;; -- nothing\n"_s << false << QStringList();
        QTest::newRow("trigger")
            << u"CREATE TRIGGER t AFTER INSERT ON item BEGIN UPDATE item SET name = CASE WHEN "
               "new.id > 0 THEN 'x' ELSE 'y' END; DELETE FROM item WHERE 0; END; SELECT 1"_s
            << false
            << QStringList {u"CREATE TRIGGER t AFTER INSERT ON item BEGIN UPDATE item SET name = "
                            "CASE WHEN new.id > 0 THEN 'x' ELSE 'y' END; DELETE FROM item WHERE "
                            "0; END"_s,
                            u"SELECT 1"_s};
        QTest::newRow("transaction words")
            << u"BEGIN; UPDATE item SET name = 'x'; END;"_s << false
            << QStringList {u"BEGIN"_s, u"UPDATE item SET name = 'x'"_s, u"END"_s};
        QTest::newRow("dollar quotes")
            << u"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql; "
               "SELECT $$a;b$$, E'c\\';d', $1"_s
            << true
            << QStringList {u"CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ "
                            "LANGUAGE sql"_s,
                            u"SELECT $$a;b$$, E'c\\';d', $1"_s};
        QTest::newRow("nested comment")
            << u"SELECT /* a /* b; */ c; */ 1; SELECT 2"_s << true
            << QStringList {u"SELECT /* a /* b; */ c; */ 1"_s, u"SELECT 2"_s};
    }
    void split()
    {
        QFETCH(QString, text);
        QFETCH(bool, server);
        QFETCH(QStringList, expected);
        QCOMPARE(statements(text, server ? serverSyntax() : sqliteSyntax()), expected);
    }

    // Given 10,000 rows, when a SELECT runs, then rows come a page at a time from the open
    // statement, and all of them by the end.
    void pagedRows()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        const auto result = console.run(u"SELECT id, name FROM item ORDER BY id"_s);
        QVERIFY2(result.ok, qPrintable(result.error.message()));
        QVERIFY(result.hasColumns);
        QCOMPARE(result.columns, (QStringList {u"id"_s, u"name"_s}));
        QVERIFY(!result.beganTransaction);
        QVERIFY(!console.inTransaction());
        QVERIFY(console.hasMoreRows());
        auto page = console.fetch(100);
        QVERIFY(page);
        QCOMPARE(page->size(), 100);
        QCOMPARE(page->at(0), (QVariantList {qint64(1), u"item 1"_s}));
        QCOMPARE(page->at(99).at(0), QVariant(qint64(100)));
        QVERIFY(console.hasMoreRows());
        qint64 total = page->size();
        while (console.hasMoreRows()) {
            page = console.fetch(1000);
            QVERIFY(page);
            total += page->size();
        }
        QCOMPARE(total, 10000);
        QVERIFY(!console.hasMoreRows());
    }

    // Given a query with no end running on one thread, when another interrupts it, then it
    // fails as interrupted and the console runs the next statement.
    void interruptFromAnotherThread()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        std::atomic<bool> done = false;
        orm::SqlConsole::Result result;
        std::thread runner([&] {
            result = console.run(u"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                 "FROM n) SELECT count(*) FROM n"_s);
            done = true;
        });
        while (!done) {
            console.interrupt();
            std::this_thread::yield();
        }
        runner.join();
        QVERIFY(!result.ok);
        QCOMPARE(result.error.kind(), orm::Error::Kind::Cancelled);
        const auto next = console.run(u"SELECT count(*) FROM item"_s);
        QVERIFY2(next.ok, qPrintable(next.error.message()));
        QCOMPARE(console.fetch(10)->at(0).at(0), QVariant(qint64(10000)));
    }

    // Given the console's open transaction, when a statement in it fails in a way that ends
    // the whole transaction (a trigger's RAISE(ROLLBACK)), then the result says so, and Commit
    // refuses rather than report a commit of what is gone.
    void aFailureThatEndsTheTransactionIsTold()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        QVERIFY(console
                    .run(u"CREATE TRIGGER item_stop BEFORE INSERT ON item WHEN "
                         "new.name = 'stop' BEGIN SELECT RAISE(ROLLBACK, 'stopped'); END"_s)
                    .ok);
        QVERIFY(console.commit());
        const auto first = console.run(u"DELETE FROM item WHERE id <= 10"_s);
        QVERIFY(first.ok && first.beganTransaction && console.inTransaction());
        const auto stopped = console.run(u"INSERT INTO item (name) VALUES ('stop')"_s);
        QVERIFY(!stopped.ok);
        QVERIFY(stopped.endedTransaction);
        QVERIFY(!console.inTransaction());
        QVERIFY(!console.commit());
        QVERIFY2(console.lastError().message().contains(u"already been rolled back"_s),
                 qPrintable(console.lastError().message()));
        // The DELETE was undone with it; the next write opens a transaction of its own.
        QVERIFY(console.run(u"SELECT count(*) FROM item"_s).ok);
        QCOMPARE(console.fetch(1)->at(0).at(0), QVariant(qint64(10000)));
        const auto again = console.run(u"DELETE FROM item WHERE id = 1"_s);
        QVERIFY(again.ok && again.beganTransaction && !again.endedTransaction);
        QVERIFY(console.commit());
        // A failure that leaves the transaction open is not taken for one that ended it.
        QVERIFY(console.run(u"DELETE FROM item WHERE id = 2"_s).ok);
        const auto typo = console.run(u"SELEC 1"_s);
        QVERIFY(!typo.ok && !typo.endedTransaction && console.inTransaction());
        QVERIFY(console.rollback());
    }

    // Given a write, then it opens the console's transaction, which nobody else sees until
    // commit; a rollback leaves nothing.
    void transactions()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        auto result = console.run(u"DELETE FROM item WHERE id <= 10"_s);
        QVERIFY2(result.ok, qPrintable(result.error.message()));
        QVERIFY(result.beganTransaction);
        QCOMPARE(result.changes, 10);
        QVERIFY(console.inTransaction());
        QCOMPARE(countOther(u"item"_s), 10000);
        result = console.run(u"DELETE FROM item WHERE id <= 20"_s);
        QVERIFY(result.ok);
        QVERIFY(!result.beganTransaction); // the same transaction
        QVERIFY(console.rollback());
        QVERIFY(!console.inTransaction());
        QCOMPARE(countOther(u"item"_s), 10000);

        QVERIFY(console.run(u"INSERT INTO item (name) VALUES ('new')"_s).ok);
        QVERIFY(console.commit());
        QVERIFY(!console.inTransaction());
        QCOMPARE(countOther(u"item"_s), 10001);

        // A write that fails leaves no transaction it opened for itself.
        result = console.run(u"INSERT INTO item (id, name) VALUES (1, 'again')"_s);
        QVERIFY(!result.ok);
        QCOMPARE(result.error.kind(), orm::Error::Kind::Constraint);
        QVERIFY(!console.inTransaction());
    }

    // Given a statement with an error, then the error says where in the statement it is.
    void errorPosition_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::addColumn<int>("position");
        QTest::newRow("missing table") << u"SELECT * FROM nosuch"_s << 14;
        QTest::newRow("missing column") << u"SELECT nope FROM item"_s << 7;
        QTest::newRow("syntax") << u"SELECT 1 FROM item WHERE WHERE"_s << 25;
        QTest::newRow("ends too soon") << u"SELECT 1 FROM item WHERE"_s << 24;
        QTest::newRow("missing function") << u"SELECT nofunc(1) FROM item"_s << 7;
        QTest::newRow("after non-ASCII") << u"SELECT 'é' , nope FROM item"_s << 13;
    }
    void errorPosition()
    {
        QFETCH(QString, statement);
        QFETCH(int, position);
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        const auto result = console.run(statement);
        QVERIFY(!result.ok);
        QVERIFY(!result.error.message().isEmpty());
        QCOMPARE(result.errorPosition, position);
    }

    // Given DDL, then the result says the schema changed; a query does not.
    void schemaChange()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        auto result = console.run(u"CREATE TABLE other (id INTEGER PRIMARY KEY)"_s);
        QVERIFY2(result.ok, qPrintable(result.error.message()));
        QVERIFY(result.schemaChanged);
        QVERIFY(result.beganTransaction);
        result = console.run(u"  ALTER TABLE other ADD COLUMN x TEXT"_s);
        QVERIFY(result.schemaChanged);
        QVERIFY(console.commit());
        result = console.run(u"SELECT * FROM other"_s);
        QVERIFY(result.ok);
        QVERIFY(!result.schemaChanged);
        QCOMPARE(result.columns, (QStringList {u"id"_s, u"x"_s}));
        QVERIFY(!console.hasMoreRows());
    }

    // Given the connection's defensive settings, then what they refuse or ignore says why.
    void defensiveRefusal_data()
    {
        QTest::addColumn<QString>("statement");
        QTest::addColumn<bool>("fails");
        QTest::addColumn<QString>("reason");
        QTest::newRow("extension")
            << u"SELECT load_extension('/tmp/x')"_s << true << u"extensions"_s;
        QTest::newRow("schema table") << u"UPDATE sqlite_master SET sql = 'x' WHERE name = 'item'"_s
                                      << true << u"schema table"_s;
        QTest::newRow("writable_schema")
            << u"PRAGMA writable_schema = ON"_s << false << u"writable_schema"_s;
    }
    void defensiveRefusal()
    {
        QFETCH(QString, statement);
        QFETCH(bool, fails);
        QFETCH(QString, reason);
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        const auto result = console.run(statement);
        QCOMPARE(!result.ok, fails);
        QVERIFY2(result.refusal.contains(reason), qPrintable(result.refusal));
        QVERIFY(!console.inTransaction());
        QVERIFY(console.run(u"SELECT 1"_s).refusal.isEmpty());
    }

    // Given a query, then its plan names how the table is read.
    void plan()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        const auto plan = console.plan(u"SELECT * FROM item WHERE id = 3"_s);
        QVERIFY(plan);
        QVERIFY2(plan->join(u'\n').contains(u"SEARCH item"), qPrintable(plan->join(u'\n')));
        QVERIFY(!console.plan(u"SELECT * FROM nosuch"_s));
        QVERIFY(console.lastError().message().contains(u"nosuch"));
    }

    // Given an open transaction, when the console closes, then it is rolled back.
    void closeRollsBack()
    {
        orm::SqlConsole console;
        QVERIFY(console.open(url()));
        QVERIFY(console.run(u"DELETE FROM item"_s).ok);
        console.close();
        QCOMPARE(countOther(u"item"_s), 10000);
    }
};

QTEST_GUILESS_MAIN(TestSqlConsole)
#include "tst_sqlconsole.moc"
