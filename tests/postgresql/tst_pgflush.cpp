// SPDX-License-Identifier: MIT
// The forms a flush takes on a server: rows changed alike written by UPDATE ... FROM unnest()
// of arrays in sets, with every column type the server has and NULLs both ways, conflicts and
// refused rows in the middle of a set named; new rows in INSERTs of many rows.

#include "orm/engine/engine.h"
#include "orm/mapping/automap.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "ormverify.h"
#include "testserver.h"

#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

// 250 rows of every kind of column; n is the row's number. A few rows hold NULL in note and
// doc, never where the test writes NULL (n a multiple of 3): every row changes every column.
const QString createItems = uR"(
CREATE TABLE item (
    id SERIAL PRIMARY KEY,
    n INTEGER NOT NULL UNIQUE,
    code VARCHAR(12) UNIQUE,
    note TEXT,
    flag BOOLEAN,
    amount NUMERIC(12, 2),
    ratio DOUBLE PRECISION,
    stamp TIMESTAMP WITHOUT TIME ZONE,
    zoned TIMESTAMP WITH TIME ZONE,
    day DATE,
    token UUID,
    doc JSONB,
    bytes BYTEA
);
INSERT INTO item (n, code, note, flag, amount, ratio, stamp, zoned, day, token, doc, bytes)
SELECT g, 'c' || g, CASE WHEN g % 3 = 1 AND g % 7 = 1 THEN NULL ELSE 'note ' || g END, g % 2 = 0,
       g * 1.25, g / 8.0, TIMESTAMP '2024-01-01 00:00:00.000001' + g * INTERVAL '1 second',
       TIMESTAMPTZ '2024-01-01 00:00:00+00' + g * INTERVAL '1 minute',
       DATE '2024-01-01' + g, md5(g::text)::uuid,
       CASE WHEN g % 3 = 1 AND g % 5 = 1 THEN NULL ELSE jsonb_build_object('n', g) END,
       decode(lpad(to_hex(g), 4, '0'), 'hex')
FROM generate_series(1, 250) AS g;
)"_s;

} // namespace

class TestPgFlush : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<orm::Engine> m_engine;
    std::optional<orm::Automap> m_map;

    const orm::EntityMeta &items() const { return *m_map->entity(u"item"_s); }
    // The rows by n, as another connection reads them: every column as text.
    static QMap<int, QStringList> serverRows()
    {
        auto other = orm::Engine::create(testserver::socketUrl());
        QMap<int, QStringList> rows;
        const auto all = other->connection().select(
            u"SELECT n, code, note, flag::text, amount::text, ratio::text, stamp::text, "
            "zoned::text, day::text, token::text, doc::text, encode(bytes, 'hex') "
            "FROM item ORDER BY n"_s);
        if (!all)
            return rows;
        for (const QVariantList &row : *all) {
            QStringList values;
            for (const QVariant &v : row)
                values << (v.isNull() ? u"NULL"_s : v.toString());
            rows.insert(row.first().toInt(), values);
        }
        return rows;
    }
    // Every UPDATE the engine sends while `run` runs.
    QStringList updatesDuring(const std::function<void()> &run)
    {
        QStringList updates;
        const int listener = m_engine->connection().addListener([&updates](const auto &record) {
            if (record.sql.startsWith(u"UPDATE"))
                updates << record.sql;
        });
        run();
        m_engine->connection().removeListener(listener);
        return updates;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!testserver::socketUrl().isEmpty(),
                 "the test cluster is not running (ROWSMITH_TEST_POSTGRESQL)");
    }

    void init()
    {
        orm::Error error;
        m_engine = orm::Engine::create(testserver::socketUrl(), &error);
        QVERIFY2(m_engine, qPrintable(error.text()));
        orm::Connection &c = m_engine->connection();
        ORM_VERIFY(c.exec(u"DROP TABLE IF EXISTS item"_s), c);
        for (const QString &statement : createItems.split(u';', Qt::SkipEmptyParts)) {
            if (!statement.trimmed().isEmpty())
                ORM_VERIFY(c.exec(statement), c);
        }
        const auto md = c.reflect(QString(), &error);
        QVERIFY2(md, qPrintable(error.text()));
        m_map.emplace(*md);
        QVERIFY(m_map->entity(u"item"_s));
    }

    void cleanup()
    {
        m_map.reset();
        m_engine.reset();
    }

    // Every column of 250 rows changed alike: one statement over arrays, values written
    // exactly (quotes, backslashes, braces and commas in texts), NULLs written and replaced.
    void rowsChangedAlikeAreWrittenInSetsOfEveryType()
    {
        orm::Session s(m_engine);
        const auto all =
            s.query(items()).orderBy(orm::asc(orm::Expr::column(u"item"_s, u"n"_s))).allEntities();
        QCOMPARE(all.size(), size_t(250));
        const orm::EntityMeta &m = items();
        QMap<int, QStringList> expected;
        for (const auto &row : all) {
            const int n = row->value(u"n"_s).toInt();
            const bool null = n % 3 == 0;
            const auto set = [&](const QString &column, const QVariant &value) {
                QVERIFY2(s.setValue(*row, m.columnIndex(column), null ? QVariant() : value),
                         qPrintable(column));
            };
            set(u"code"_s, u"d%1"_s.arg(n));
            set(u"note"_s, u"it's \"%1\"\n\ttabbed, ünïcode {a,b} NULL \\ end"_s.arg(n));
            set(u"flag"_s, n % 2 != 0);
            set(u"amount"_s, u"%1.05"_s.arg(n * 1000));
            set(u"ratio"_s, n / 3.0);
            set(u"stamp"_s, QDateTime(QDate(2030, 2, 3), QTime(4, 5, 6, 789)).addSecs(n));
            set(u"zoned"_s, QDateTime(QDate(2030, 2, 3), QTime(4, 5, 6), Qt::UTC).addSecs(n));
            set(u"day"_s, QDate(2030, 1, 1).addDays(n));
            set(u"token"_s, u"00000000-0000-0000-0000-%1"_s.arg(n, 12, 10, QChar(u'0')));
            set(u"doc"_s, u"{\"m\": %1}"_s.arg(n));
            set(u"bytes"_s, QByteArray::fromHex(QByteArray::number(n + 0xab00, 16)));
            if (null) {
                expected.insert(n, QStringList(12, u"NULL"_s));
                expected[n][0] = QString::number(n);
                continue;
            }
            expected.insert(n,
                            {QString::number(n), u"d%1"_s.arg(n),
                             u"it's \"%1\"\n\ttabbed, ünïcode {a,b} NULL \\ end"_s.arg(n),
                             n % 2 != 0 ? u"true"_s : u"false"_s, u"%1.05"_s.arg(n * 1000),
                             QString::number(n / 3.0, 'g', 17),
                             QDateTime(QDate(2030, 2, 3), QTime(4, 5, 6, 789))
                                 .addSecs(n)
                                 .toString(u"yyyy-MM-dd HH:mm:ss.zzz"_s),
                             QDateTime(QDate(2030, 2, 3), QTime(4, 5, 6), Qt::UTC)
                                     .addSecs(n)
                                     .toString(u"yyyy-MM-dd HH:mm:ss"_s)
                                 + u"+00"_s,
                             QDate(2030, 1, 1).addDays(n).toString(Qt::ISODate),
                             u"00000000-0000-0000-0000-%1"_s.arg(n, 12, 10, QChar(u'0')),
                             u"{\"m\": %1}"_s.arg(n), QString::number(n + 0xab00, 16)});
        }
        // Every row changes the same columns: one set of 250 rows.
        const QStringList updates =
            updatesDuring([&] { QVERIFY2(s.commit(), qPrintable(s.lastError().text())); });
        QCOMPARE(updates.size(), 1);
        QVERIFY2(updates[0].contains(u" FROM unnest(?, "_s), qPrintable(updates[0]));
        QVERIFY2(updates[0].endsWith(u" -- 250 rows"_s), qPrintable(updates[0]));

        const QMap<int, QStringList> rows = serverRows();
        QCOMPARE(rows.size(), 250);
        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            QStringList got = rows.value(it.key());
            QVERIFY(!got.isEmpty());
            if (got[5] != u"NULL"_s) // the server's shortest form of the same double
                got[5] = QString::number(got[5].toDouble(), 'g', 17);
            if (got[6].size() > 23) // microseconds: the value had milliseconds
                got[6].chop(3);
            QCOMPARE(got, it.value());
        }
    }

    // 10,050 rows with one column changed alike go as two statements, of 10,000 and 50 rows.
    void aLongRunOfLikeChangesIsSplitIntoSets()
    {
        ORM_VERIFY(m_engine->connection().exec(u"INSERT INTO item (n, code) SELECT g, 'c' || g "
                                               "FROM generate_series(251, 10050) AS g"_s),
                   m_engine->connection());
        orm::Session s(m_engine);
        const auto all =
            s.query(items()).orderBy(orm::asc(orm::Expr::column(u"item"_s, u"n"_s))).allEntities();
        const int note = items().columnIndex(u"note"_s);
        for (const auto &row : all)
            QVERIFY(s.setValue(*row, note, u"new %1"_s.arg(row->value(u"n"_s).toInt())));
        const QStringList updates =
            updatesDuring([&] { QVERIFY2(s.commit(), qPrintable(s.lastError().text())); });
        QCOMPARE(updates.size(), 2);
        QVERIFY2(updates[0].endsWith(u"unnest(?, ?, ?) AS v (c0, k, c2) WHERE t.\"id\" = v.k AND "
                                     "t.\"note\" IS NOT DISTINCT FROM v.c2 RETURNING t.\"id\" "
                                     "-- 10000 rows"_s),
                 qPrintable(updates[0]));
        QVERIFY2(updates[1].endsWith(u" -- 50 rows"_s), qPrintable(updates[1]));
        const QMap<int, QStringList> rows = serverRows();
        QCOMPARE(rows.size(), 10050);
        for (int n = 1; n <= 10050; ++n)
            QCOMPARE(rows.value(n).value(2), u"new %1"_s.arg(n));
    }

    // Another program changed one row of the set meanwhile: the commit names that object,
    // writes nothing and keeps every staged value; the other rows' changes are not lost.
    void aRowChangedMeanwhileInASetIsAConflict()
    {
        orm::Session s(m_engine);
        const auto all =
            s.query(items()).orderBy(orm::asc(orm::Expr::column(u"item"_s, u"n"_s))).allEntities();
        const int note = items().columnIndex(u"note"_s);
        for (const auto &row : all)
            QVERIFY(s.setValue(*row, note, u"mine %1"_s.arg(row->value(u"n"_s).toInt())));
        auto other = orm::Engine::create(testserver::socketUrl());
        ORM_VERIFY(other->connection().exec(u"UPDATE item SET note = 'theirs' WHERE n = 142"_s),
                   other->connection());

        QVERIFY(!s.commit());
        QCOMPARE(s.lastError().kind(), orm::Error::Kind::Conflict);
        QCOMPARE(s.lastError().object().get(), all[141].get());
        QCOMPARE(s.pendingChangeCount(), 250);
        QCOMPARE(all[0]->value(u"note"_s).toString(), u"mine 1"_s);
        const QMap<int, QStringList> rows = serverRows();
        QCOMPARE(rows.value(142).value(2), u"theirs"_s);
        QCOMPARE(rows.value(2).value(2), u"note 2"_s);
        QCOMPARE(rows.value(250).value(2), u"note 250"_s);
    }

    // A row of a set that the database refuses (a duplicate): the flush runs again a row at a
    // time and names that object; nothing is written.
    void aRefusedRowInASetIsNamed()
    {
        orm::Session s(m_engine);
        const auto all =
            s.query(items()).orderBy(orm::asc(orm::Expr::column(u"item"_s, u"n"_s))).allEntities();
        const int code = items().columnIndex(u"code"_s);
        for (const auto &row : all) {
            const int n = row->value(u"n"_s).toInt();
            // Row 180 takes the code row 20 keeps: row 20 is not in the change.
            if (n != 20)
                QVERIFY(s.setValue(*row, code, n == 180 ? u"c20"_s : u"e%1"_s.arg(n)));
        }
        QVERIFY(!s.commit());
        QCOMPARE(s.lastError().kind(), orm::Error::Kind::Constraint);
        QCOMPARE(s.lastError().constraint(), orm::Error::Constraint::Unique);
        QCOMPARE(s.lastError().object().get(), all[179].get());
        QCOMPARE(s.pendingChangeCount(), 249);
        QCOMPARE(serverRows().value(1).value(1), u"c1"_s);
        QVERIFY(s.setValue(*all[179], code, u"e180"_s));
        QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
        QCOMPARE(serverRows().value(180).value(1), u"e180"_s);
        QCOMPARE(serverRows().value(250).value(1), u"e250"_s);
    }

    // 2,500 new rows go as COPYs of as many rows as an INSERT would carry (538 rows of 13
    // columns: 7,000 parameters), keys taken from the sequence; awkward text, NULLs, bytes and
    // every type arrive exactly.
    void manyNewRowsAreCopied()
    {
        orm::Session s(m_engine);
        std::vector<std::shared_ptr<orm::Entity>> added;
        const QString awkward = u"tab\t, newline\n, cr\r, backslash \\ \\N \\x00, \"quoted\", "
                                u"ünïcode 🦆, 'single'"_s;
        for (int n = 1001; n <= 3500; ++n) {
            auto row = items().create();
            const bool null = n % 4 == 0;
            QVERIFY(row->setValue(u"n"_s, n));
            QVERIFY(row->setValue(u"code"_s, u"new%1"_s.arg(n)));
            QVERIFY(row->setValue(u"note"_s,
                                  null ? QVariant() : QVariant(awkward + QString::number(n))));
            QVERIFY(row->setValue(u"flag"_s, null ? QVariant() : QVariant(n % 3 == 0)));
            QVERIFY(row->setValue(u"amount"_s, null ? QVariant() : QVariant(u"-%1.99"_s.arg(n))));
            QVERIFY(row->setValue(
                u"stamp"_s,
                null ? QVariant()
                     : QVariant(QDateTime(QDate(1999, 12, 31), QTime(23, 59, 59, 999)))));
            QVERIFY(row->setValue(
                u"token"_s,
                null ? QVariant()
                     : QVariant(u"10000000-0000-0000-0000-%1"_s.arg(n, 12, 10, QChar(u'0')))));
            QVERIFY(row->setValue(u"doc"_s, null ? QVariant() : QVariant(u"{\"s\": \"a\\tb\"}"_s)));
            QVERIFY(row->setValue(u"bytes"_s,
                                  null ? QVariant() : QVariant(QByteArray("\x00\\\t\n\xff", 5))));
            s.add(row);
            added.push_back(row);
        }
        QStringList writes;
        const int listener = m_engine->connection().addListener([&writes](const auto &record) {
            if (record.sql.startsWith(u"INSERT") || record.sql.startsWith(u"COPY"))
                writes << record.sql;
        });
        QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
        m_engine->connection().removeListener(listener);
        QCOMPARE(writes.size(), 5);
        QVERIFY2(writes[0].startsWith(u"COPY \"item\" (\"id\", \"n\", "_s), qPrintable(writes[0]));
        QVERIFY2(writes[0].endsWith(u"FROM STDIN -- 538 rows"_s), qPrintable(writes[0]));
        QVERIFY2(writes[4].endsWith(u"FROM STDIN -- %1 rows"_s.arg(2500 - 4 * 538)),
                 qPrintable(writes[4]));

        const QMap<int, QStringList> rows = serverRows();
        QCOMPARE(rows.size(), 2750);
        for (const auto &row : added) {
            const int n = row->value(u"n"_s).toInt();
            QVERIFY(row->value(u"id"_s).toLongLong() > 250);
            const QStringList got = rows.value(n);
            QCOMPARE(got.value(1), u"new%1"_s.arg(n));
            if (n % 4 == 0) {
                for (int c = 2; c < 12; ++c)
                    QCOMPARE(got.value(c), u"NULL"_s);
                continue;
            }
            QCOMPARE(got.value(2), awkward + QString::number(n));
            QCOMPARE(got.value(3), n % 3 == 0 ? u"true"_s : u"false"_s);
            QCOMPARE(got.value(4), u"-%1.99"_s.arg(n));
            QCOMPARE(got.value(6), u"1999-12-31 23:59:59.999"_s);
            QCOMPARE(got.value(9), u"10000000-0000-0000-0000-%1"_s.arg(n, 12, 10, QChar(u'0')));
            QCOMPARE(got.value(10), u"{\"s\": \"a\\tb\"}"_s);
            QCOMPARE(got.value(11), u"005c090aff"_s);
        }
        // What the session holds reads back the same from a new session.
        orm::Session again(m_engine);
        const auto copied = again.query(items()).filterBy(u"n"_s, 1001).firstEntity();
        QVERIFY(copied);
        QCOMPARE(copied->value(u"note"_s).toString(), awkward + u"1001"_s);
        QCOMPARE(copied->value(u"bytes"_s).toByteArray(), QByteArray("\x00\\\t\n\xff", 5));
    }

    // A row of a COPY that the database refuses: the flush runs again a row at a time and
    // names that object; nothing is written, and the keys are not lost.
    void aRefusedRowInACopyIsNamed()
    {
        orm::Session s(m_engine);
        std::vector<std::shared_ptr<orm::Entity>> added;
        for (int n = 1001; n <= 1300; ++n) {
            auto row = items().create();
            QVERIFY(row->setValue(u"n"_s, n == 1200 ? 7 : n)); // 7 is taken
            s.add(row);
            added.push_back(row);
        }
        QVERIFY(!s.commit());
        QCOMPARE(s.lastError().kind(), orm::Error::Kind::Constraint);
        QCOMPARE(s.lastError().constraint(), orm::Error::Constraint::Unique);
        QCOMPARE(s.lastError().object().get(), added[199].get());
        QCOMPARE(s.pendingChangeCount(), 300);
        QCOMPARE(serverRows().size(), 250);
        QVERIFY(added[199]->setValue(u"n"_s, 1200));
        QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
        QCOMPARE(serverRows().size(), 550);
    }

    // Keys the server assigns from an identity column (BY DEFAULT, as SQLAlchemy's Identity()
    // and Django's AutoField make it; ALWAYS, which refuses a key given) or a BIGSERIAL:
    // new rows leave the key out, take the server's with RETURNING, and the sequence moves
    // on, so another program's next row does not collide.
    void newRowsTakeTheKeysOfIdentityAndBigSerialColumns_data()
    {
        QTest::addColumn<QString>("key");
        QTest::newRow("identity by default") << u"BIGINT GENERATED BY DEFAULT AS IDENTITY"_s;
        QTest::newRow("identity always") << u"BIGINT GENERATED ALWAYS AS IDENTITY"_s;
        QTest::newRow("integer identity") << u"INTEGER GENERATED BY DEFAULT AS IDENTITY"_s;
        QTest::newRow("bigserial") << u"BIGSERIAL"_s;
    }
    void newRowsTakeTheKeysOfIdentityAndBigSerialColumns()
    {
        QFETCH(QString, key);
        orm::Connection &c = m_engine->connection();
        ORM_VERIFY(c.exec(u"DROP TABLE IF EXISTS thing"_s), c);
        ORM_VERIFY(c.exec(u"CREATE TABLE thing (id %1 PRIMARY KEY, name TEXT NOT NULL)"_s.arg(key)),
                   c);
        ORM_VERIFY(c.exec(u"INSERT INTO thing (name) VALUES ('first')"_s), c);
        orm::Error error;
        const auto md = c.reflect(QString(), &error);
        QVERIFY2(md, qPrintable(error.text()));
        orm::Automap map(*md);
        const orm::EntityMeta &things = *map.entity(u"thing"_s);
        QCOMPARE(things.autoincrementColumn(), things.columnIndex(u"id"_s));

        orm::Session s(m_engine);
        std::vector<std::shared_ptr<orm::Entity>> added;
        for (int n = 0; n < 3; ++n) {
            auto row = things.create();
            QVERIFY(things.isKeyUnset(*row));
            QVERIFY(row->setValue(u"name"_s, u"new %1"_s.arg(n)));
            s.add(row);
            added.push_back(row);
        }
        QStringList inserts;
        const int listener = c.addListener([&inserts](const auto &record) {
            if (record.sql.startsWith(u"INSERT") || record.sql.startsWith(u"COPY"))
                inserts << record.sql;
        });
        QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
        c.removeListener(listener);
        // One COPY of the three rows with keys taken from the sequence up front (which even an
        // identity GENERATED ALWAYS takes from a COPY).
        QCOMPARE(inserts.size(), 1);
        QVERIFY2(inserts.first().startsWith(u"COPY \"thing\" (\"id\", \"name\")"_s),
                 qPrintable(inserts.first()));
        for (int n = 0; n < 3; ++n)
            QCOMPARE(added[size_t(n)]->value(u"id"_s).toLongLong(), qint64(n + 2));

        auto other = orm::Engine::create(testserver::socketUrl());
        ORM_VERIFY(other->connection().exec(u"INSERT INTO thing (name) VALUES ('later')"_s),
                   other->connection());
        const auto rows = other->connection().select(u"SELECT id, name FROM thing ORDER BY id"_s);
        QVERIFY(rows);
        QCOMPARE(rows->size(), 5);
        QCOMPARE(rows->at(1).value(1).toString(), u"new 0"_s);
        QCOMPARE(rows->at(4).value(0).toLongLong(), qint64(5));
        QCOMPARE(rows->at(4).value(1).toString(), u"later"_s);
        ORM_VERIFY(c.exec(u"DROP TABLE thing"_s), c);
    }
};

QTEST_GUILESS_MAIN(TestPgFlush)
#include "tst_pgflush.moc"
