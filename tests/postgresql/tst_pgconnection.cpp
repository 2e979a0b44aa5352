// SPDX-License-Identifier: MIT
// The PostgreSQL driver against a real server (the test cluster): URLs, types, prepared
// statements, errors by SQLSTATE, interleaved statements, pipelines, cancel and reconnect.

#include "orm/drivers/postgresql/pgconnection.h"
#include "orm/engine/commitlog.h"
#include "ormverify.h"
#include "testserver.h"

#include <QFileInfo>
#include <QUrl>
#include <QtTest>

#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;
using orm::DatabaseUrl;
using orm::Error;
using PgConnection = orm::postgresql::Connection;

class TestPgConnection : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PgConnection> connect(const QString &url = testserver::socketUrl(),
                                          orm::ConnectionOptions options = {})
    {
        Error error;
        auto c = PgConnection::open(DatabaseUrl::parse(url), options, &error);
        if (!c)
            qWarning() << error.text();
        return c;
    }
    // The server process of a connection, for pg_stat_activity and pg_terminate_backend.
    static qint64 backendPid(PgConnection &c)
    {
        const auto rows = c.select(u"SELECT pg_backend_pid()"_s);
        return rows && !rows->isEmpty() ? rows->first().first().toLongLong() : -1;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(!testserver::socketUrl().isEmpty(),
                 "the test cluster is not running (ROWSMITH_TEST_POSTGRESQL)");
    }

    void init()
    {
        auto c = connect();
        QVERIFY(c);
        ORM_VERIFY(c->exec(u"DROP SCHEMA IF EXISTS t CASCADE"_s), *c);
        ORM_VERIFY(c->exec(u"CREATE SCHEMA t"_s), *c);
    }

    void urls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<QString>("port");
        QTest::addColumn<QString>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::addColumn<QString>("shown");
        QTest::newRow("tcp") << u"postgresql://ann:s3cret@db.example.com:6432/shop"_s
                             << u"db.example.com"_s << u"6432"_s << u"shop"_s << u"ann"_s
                             << u"s3cret"_s << u"postgresql://ann@db.example.com:6432/shop"_s;
        QTest::newRow("socket") << u"postgresql:///shop?host=/run/postgresql"_s
                                << u"/run/postgresql"_s << QString() << u"shop"_s << QString()
                                << QString() << u"postgresql:///shop?host=/run/postgresql"_s;
        QTest::newRow("encoded password")
            << u"postgresql+psycopg2://ann:p%40ss%2Fw%3Ard@localhost/shop?sslmode=verify-full&sslrootcert=/etc/ca.pem"_s
            << u"localhost"_s << QString() << u"shop"_s << u"ann"_s << u"p@ss/w:rd"_s
            << u"postgresql+psycopg2://ann@localhost/shop?sslmode=verify-full&sslrootcert=/etc/ca.pem"_s;
        QTest::newRow("ipv6") << u"postgresql://[::1]:5433/db"_s << u"::1"_s << u"5433"_s << u"db"_s
                              << QString() << QString() << u"postgresql://[::1]:5433/db"_s;
    }

    void urls()
    {
        QFETCH(QString, url);
        QString message;
        const DatabaseUrl u = DatabaseUrl::parse(url, &message);
        QVERIFY2(u.isValid(), qPrintable(message));
        QCOMPARE(u.backend(), u"postgresql"_s);
        QFETCH(QString, host);
        QFETCH(QString, port);
        QFETCH(QString, database);
        QFETCH(QString, user);
        QFETCH(QString, password);
        QFETCH(QString, shown);
        QCOMPARE(u.host(), host);
        QCOMPARE(u.port(), port);
        QCOMPARE(u.database(), database);
        QCOMPARE(u.userName(), user);
        QCOMPARE(u.password(), password);
        // Never the password where a person or a settings file sees the URL.
        QCOMPARE(u.toString(), shown);
        if (!password.isEmpty())
            QVERIFY(!u.toString().contains(password));
        const auto params = u.connectionParameters();
        QCOMPARE(params.contains({u"password"_s, password}), !password.isEmpty());
    }

    void urlsThatMakeNoSense_data()
    {
        QTest::addColumn<QString>("url");
        QTest::newRow("unknown parameter") << u"postgresql://h/db?sslmod=require"_s;
        QTest::newRow("bad sslmode") << u"postgresql://h/db?sslmode=sometimes"_s;
        QTest::newRow("bad port") << u"postgresql://h:99999/db"_s;
    }

    void urlsThatMakeNoSense()
    {
        QFETCH(QString, url);
        QString message;
        QVERIFY(!DatabaseUrl::parse(url, &message).isValid());
        QVERIFY(!message.isEmpty());
    }

    void connectsBySocketAndWithAPassword()
    {
        auto bySocket = connect();
        QVERIFY(bySocket);
        QVERIFY(bySocket->serverVersion() >= 150000);
        auto byPassword = connect(testserver::passwordUrl());
        QVERIFY(byPassword);
        const auto rows = byPassword->select(u"SELECT current_user, current_database()"_s);
        ORM_VERIFY(rows, *byPassword);
        QCOMPARE(rows->first().first().toString(), u"rowsmith"_s);
        QCOMPARE(rows->first().last().toString(), u"rowsmith_test"_s);
    }

    void tlsWithTheServerVerified()
    {
        // sslmode=verify-full with the authority that signed the server's certificate: the
        // connection is encrypted and the server is the one named.
        const QString ca = testserver::caFile();
        QVERIFY2(QFileInfo::exists(ca), qPrintable(ca));
        const QString verified = testserver::passwordUrl() + u"?sslmode=verify-full&sslrootcert="_s
            + QString::fromUtf8(QUrl::toPercentEncoding(ca));
        auto c = connect(verified);
        QVERIFY(c);
        const auto rows = c->select(u"SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()"_s);
        ORM_VERIFY(rows, *c);
        QCOMPARE(rows->first().first(), QVariant(qint64(1)));

        // A trust anchor that did not sign it: refused, with the reason, before any password.
        const QString untrusted = testserver::passwordUrl() + u"?sslmode=verify-full&sslrootcert="_s
            + QString::fromUtf8(QUrl::toPercentEncoding(testserver::serverCertificateFile()));
        Error error;
        QVERIFY(!PgConnection::open(DatabaseUrl::parse(untrusted), {}, &error));
        QCOMPARE(error.kind(), Error::Kind::Connection);
        QVERIFY2(error.message().contains(u"certificate"_s), qPrintable(error.message()));
        QVERIFY(
            !error.message().contains(DatabaseUrl::parse(testserver::passwordUrl()).password()));

        // Without a check, the connection still encrypts when the server offers it.
        auto plain = connect(testserver::passwordUrl() + u"?sslmode=require"_s);
        QVERIFY(plain);
    }

    void aWrongPasswordOrDatabaseIsAConnectionError()
    {
        DatabaseUrl good = DatabaseUrl::parse(testserver::passwordUrl());
        QString wrong = testserver::passwordUrl().replace(good.password(), u"nope"_s);
        Error error;
        QVERIFY(!PgConnection::open(DatabaseUrl::parse(wrong), {}, &error));
        QCOMPARE(error.kind(), Error::Kind::Connection);
        QVERIFY2(error.message().contains(u"password authentication failed"_s),
                 qPrintable(error.message()));
        QVERIFY(!error.message().contains(u"nope"_s));

        QString missing = testserver::socketUrl().replace(u"/rowsmith_test"_s, u"/nosuchdb"_s);
        QVERIFY(!PgConnection::open(DatabaseUrl::parse(missing), {}, &error));
        QCOMPARE(error.kind(), Error::Kind::Connection);
        QVERIFY2(error.message().contains(u"nosuchdb"_s), qPrintable(error.message()));
    }

    void aServerThatNeverAnswersTimesOut()
    {
        // A port that accepts connections (the kernel's backlog) and never answers.
        const int silent = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(silent >= 0);
        const auto closeSilent = qScopeGuard([silent] { ::close(silent); });
        sockaddr_in address {};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        QVERIFY(::bind(silent, reinterpret_cast<sockaddr *>(&address), length) == 0);
        QVERIFY(::listen(silent, 4) == 0);
        QVERIFY(::getsockname(silent, reinterpret_cast<sockaddr *>(&address), &length) == 0);
        const QString url = u"postgresql://nobody@127.0.0.1:%1/db"_s.arg(ntohs(address.sin_port));
        qunsetenv("PGCONNECT_TIMEOUT");
        Error error;
        QVERIFY(!PgConnection::open(DatabaseUrl::parse(url), {}, &error));
        QCOMPARE(error.kind(), Error::Kind::Connection);
        QVERIFY2(error.message().contains(u"timeout"_s), qPrintable(error.message()));
    }

    void valuesComeBackExactly()
    {
        auto c = connect();
        QVERIFY(c);
        ORM_VERIFY(c->exec(u"CREATE TABLE t.v (id SERIAL PRIMARY KEY, i INTEGER, b BIGINT, "
                           "f BOOLEAN, s VARCHAR(20), n NUMERIC(20, 6), d DOUBLE PRECISION, "
                           "ts TIMESTAMP, tz TIMESTAMP WITH TIME ZONE, day DATE, raw BYTEA, "
                           "u UUID, j JSONB)"_s),
                   *c);
        QByteArray everyByte;
        for (int i = 0; i < 256; ++i)
            everyByte.append(char(i));
        const QVariantList values {
            qint64(-2147483647),
            qint64(9007199254740993), // not exact as a double
            true,
            u"naïve ✓ 'quoted' ?"_s,
            u"12345678901234.123456"_s,
            0.1 + 0.2,
            u"2026-12-07 10:11:12.123456"_s,
            u"2026-12-07 10:11:12.654321+02"_s,
            u"1999-12-31"_s,
            everyByte,
            u"123e4567-e89b-12d3-a456-426614174000"_s,
            uR"({"a": [1, 2.5, null]})"_s,
        };
        const auto ids = c->select(u"INSERT INTO t.v (i, b, f, s, n, d, ts, tz, day, raw, u, j) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"_s,
                                   values);
        ORM_VERIFY(ids, *c);
        QCOMPARE(ids->first().first(), QVariant(qint64(1)));
        ORM_VERIFY(c->exec(u"INSERT INTO t.v (i) VALUES (NULL)"_s), *c);

        const auto rows = c->select(u"SELECT i, b, f, s, n, d, ts, tz, day, raw, u, j FROM t.v "
                                    "ORDER BY id"_s);
        ORM_VERIFY(rows, *c);
        QCOMPARE(rows->size(), 2);
        const QVariantList &r = rows->first();
        QCOMPARE(r[0], QVariant(qint64(-2147483647)));
        QCOMPARE(r[1], QVariant(qint64(9007199254740993)));
        QCOMPARE(r[2], QVariant(true));
        QCOMPARE(r[3], QVariant(u"naïve ✓ 'quoted' ?"_s));
        QCOMPARE(r[4], QVariant(u"12345678901234.123456"_s)); // NUMERIC as exact text
        QCOMPARE(r[5].toDouble(), 0.1 + 0.2); // every digit of a double
        QCOMPARE(r[6], QVariant(u"2026-12-07 10:11:12.123456"_s));
        QCOMPARE(r[7], QVariant(u"2026-12-07 08:11:12.654321+00"_s)); // read in UTC
        QCOMPARE(r[8], QVariant(u"1999-12-31"_s));
        QCOMPARE(r[9].metaType().id(), QMetaType::QByteArray);
        QCOMPARE(r[9].toByteArray(), everyByte);
        QCOMPARE(r[10], QVariant(u"123e4567-e89b-12d3-a456-426614174000"_s));
        QCOMPARE(r[11], QVariant(uR"({"a": [1, 2.5, null]})"_s));
        for (const QVariant &v : rows->last())
            QVERIFY(v.isNull());

        const auto special =
            c->select(u"SELECT ?::float8, ?::float8, ?::float8"_s, {qInf(), -qInf(), qQNaN()});
        ORM_VERIFY(special, *c);
        QCOMPARE(special->first()[0].toDouble(), qInf());
        QCOMPARE(special->first()[1].toDouble(), -qInf());
        QVERIFY(qIsNaN(special->first()[2].toDouble()));
    }

    // The server writes a TIMESTAMP's fraction without its trailing zeros; loading (column())
    // takes it in the stored form, six digits, which the ORM reads fast and writes back the
    // same; forms it cannot pad stay as they are, and value() stays the server's text.
    void timestampsLoadInTheStoredForm()
    {
        auto c = connect();
        QVERIFY(c);
        orm::Statement st =
            c->prepare(u"SELECT ts FROM (VALUES (TIMESTAMP '2026-12-07 10:11:12'), "
                       "('2026-12-07 10:11:12.5'), ('2026-12-07 10:11:12.12345'), "
                       "('2026-12-07 10:11:12.123456'), ('infinity'), ('10000-01-01 00:00:00.25'), "
                       "('0044-03-15 12:00:00 BC'), (NULL)) AS v (ts)"_s);
        QVERIFY(st.isValid());
        QStringList loaded, values;
        while (st.next()) {
            qsizetype n = 0;
            const char *p = st.column(0).utf8(&n);
            loaded << (p ? QString::fromUtf8(p, n) : u"NULL"_s);
            values << st.value(0).toString();
        }
        ORM_VERIFY(!st.hasError(), *c);
        QCOMPARE(loaded,
                 QStringList({u"2026-12-07 10:11:12.000000"_s, u"2026-12-07 10:11:12.500000"_s,
                              u"2026-12-07 10:11:12.123450"_s, u"2026-12-07 10:11:12.123456"_s,
                              u"infinity"_s, u"10000-01-01 00:00:00.25"_s,
                              u"0044-03-15 12:00:00 BC"_s, u"NULL"_s}));
        QCOMPARE(values.first(), u"2026-12-07 10:11:12"_s);
        QCOMPARE(values.at(1), u"2026-12-07 10:11:12.5"_s);
    }

    void placeholders_data()
    {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<int>("count");
        QTest::newRow("plain") << u"SELECT ? + ?"_s << u"SELECT $1 + $2"_s << 2;
        QTest::newRow("literal") << u"SELECT '?''?', ?"_s << u"SELECT '?''?', $1"_s << 1;
        QTest::newRow("quoted name")
            << u"SELECT \"a?\" FROM t WHERE x = ?"_s << u"SELECT \"a?\" FROM t WHERE x = $1"_s << 1;
        QTest::newRow("comments") << u"SELECT ? -- why?\n/* or? */ + ?"_s
                                  << u"SELECT $1 -- why?\n/* or? */ + $2"_s << 2;
        QTest::newRow("dollar quoted")
            << u"SELECT $$a?$$, $tag$b?$tag$, ?"_s << u"SELECT $$a?$$, $tag$b?$tag$, $1"_s << 1;
        QTest::newRow("numbered") << u"SELECT $2, $1"_s << u"SELECT $2, $1"_s << 2;
        QTest::newRow("named") << u"SELECT :a, @b, :a, ?, x::int, arr[lo:hi], ':c', f(:_d)"_s
                               << u"SELECT $1, $2, $1, $3, x::int, arr[lo:hi], ':c', f($4)"_s << 4;
    }

    void placeholders()
    {
        QFETCH(QString, sql);
        QFETCH(QString, expected);
        QFETCH(int, count);
        int n = -1;
        QCOMPARE(QString::fromUtf8(PgConnection::numberPlaceholders(sql, &n)), expected);
        QCOMPARE(n, count);
    }

    void statementsArePreparedOnce()
    {
        orm::ConnectionOptions options;
        options.statementCacheSize = 3;
        auto c = connect(testserver::socketUrl(), options);
        QVERIFY(c);
        for (int i = 0; i < 5; ++i) {
            const auto rows = c->select(u"SELECT ? * 2"_s, {i});
            ORM_VERIFY(rows, *c);
            QCOMPARE(rows->first().first().toLongLong(), i * 2);
        }
        const auto prepared = [&c] {
            const auto rows = c->select(u"SELECT count(*) FROM pg_prepared_statements"_s);
            return rows ? rows->first().first().toInt() : -1;
        };
        // The query above and the count itself.
        QCOMPARE(prepared(), 2);
        // More texts than the cache holds: the least recently used leave it, and the server.
        for (int i = 0; i < 6; ++i)
            ORM_VERIFY(c->select(u"SELECT %1"_s.arg(i)), *c);
        QCOMPARE(c->cachedStatementCount(), 3);
        QCOMPARE(prepared(), 3);
    }

    void errorsByKind()
    {
        auto c = connect();
        QVERIFY(c);
        ORM_VERIFY(c->exec(u"CREATE TABLE t.users (id SERIAL PRIMARY KEY, "
                           "name VARCHAR(8) NOT NULL UNIQUE, age INTEGER CHECK (age >= 0))"_s),
                   *c);
        ORM_VERIFY(c->exec(u"CREATE TABLE t.posts (id INTEGER PRIMARY KEY, "
                           "user_id INTEGER NOT NULL REFERENCES t.users (id))"_s),
                   *c);
        ORM_VERIFY(c->exec(u"INSERT INTO t.users (id, name) VALUES (100, 'ann')"_s), *c);

        QVERIFY(!c->exec(u"INSERT INTO t.users (name) VALUES (?)"_s, {u"ann"_s}));
        Error e = c->lastError();
        QCOMPARE(e.kind(), Error::Kind::Constraint);
        QCOMPARE(e.constraint(), Error::Constraint::Unique);
        QCOMPARE(e.table(), u"users"_s);
        QCOMPARE(e.columns(), QStringList {u"name"_s});
        QCOMPARE(e.constraintName(), u"users_name_key"_s);
        QCOMPARE(e.sqlState(), u"23505"_s);
        QVERIFY(e.isIntegrityError());

        QVERIFY(!c->exec(u"INSERT INTO t.users (id, name) VALUES (100, 'bob')"_s));
        QCOMPARE(c->lastError().constraint(), Error::Constraint::PrimaryKey);
        QCOMPARE(c->lastError().columns(), QStringList {u"id"_s});

        QVERIFY(!c->exec(u"INSERT INTO t.posts VALUES (1, 42)"_s));
        QCOMPARE(c->lastError().constraint(), Error::Constraint::ForeignKey);
        QCOMPARE(c->lastError().columns(), QStringList {u"user_id"_s});
        QCOMPARE(c->lastError().table(), u"posts"_s);

        QVERIFY(!c->exec(u"INSERT INTO t.users (name, age) VALUES ('cy', -1)"_s));
        QCOMPARE(c->lastError().constraint(), Error::Constraint::Check);
        QCOMPARE(c->lastError().constraintName(), u"users_age_check"_s);

        QVERIFY(!c->exec(u"INSERT INTO t.users (name) VALUES (NULL)"_s));
        QCOMPARE(c->lastError().constraint(), Error::Constraint::NotNull);
        QCOMPARE(c->lastError().column(), u"name"_s);

        QVERIFY(!c->exec(u"INSERT INTO t.users (name) VALUES ('much too long')"_s));
        QCOMPARE(c->lastError().kind(), Error::Kind::Type);
        QVERIFY(c->lastError().isDataError());

        QVERIFY(!c->exec(u"SELEKT 1"_s));
        QCOMPARE(c->lastError().kind(), Error::Kind::Sql);
        QVERIFY(c->lastError().message().contains(u"SELEKT"_s));

        // The connection is fine after every one of them.
        ORM_VERIFY(c->select(u"SELECT 1"_s), *c);
    }

    void concurrentTransactionsFailAsSuch()
    {
        auto a = connect();
        auto b = connect();
        QVERIFY(a && b);
        ORM_VERIFY(a->exec(u"CREATE TABLE t.acct (id INTEGER PRIMARY KEY, n INTEGER)"_s), *a);
        ORM_VERIFY(a->exec(u"INSERT INTO t.acct VALUES (1, 0), (2, 0)"_s), *a);

        // A row the other transaction holds: NOWAIT refuses at once, as Busy.
        ORM_VERIFY(a->begin(), *a);
        ORM_VERIFY(a->exec(u"UPDATE t.acct SET n = 1 WHERE id = 1"_s), *a);
        QVERIFY(!b->select(u"SELECT * FROM t.acct WHERE id = 1 FOR UPDATE NOWAIT"_s));
        QCOMPARE(b->lastError().kind(), Error::Kind::Busy);
        QVERIFY(b->lastError().isOperationalError());
        ORM_VERIFY(a->commit(), *a);

        // A serialization failure, to be run again.
        ORM_VERIFY(a->exec(u"BEGIN ISOLATION LEVEL REPEATABLE READ"_s), *a);
        ORM_VERIFY(a->select(u"SELECT n FROM t.acct WHERE id = 1"_s), *a);
        ORM_VERIFY(b->exec(u"UPDATE t.acct SET n = 5 WHERE id = 1"_s), *b);
        QVERIFY(!a->exec(u"UPDATE t.acct SET n = 2 WHERE id = 1"_s));
        QCOMPARE(a->lastError().kind(), Error::Kind::Serialization);
        QCOMPARE(a->lastError().sqlState(), u"40001"_s);
        QVERIFY(a->rollback());

        // A deadlock: the server picks one transaction, which fails the same way.
        ORM_VERIFY(a->begin(), *a);
        ORM_VERIFY(b->begin(), *b);
        ORM_VERIFY(a->exec(u"UPDATE t.acct SET n = 1 WHERE id = 1"_s), *a);
        ORM_VERIFY(b->exec(u"UPDATE t.acct SET n = 1 WHERE id = 2"_s), *b);
        bool bOk = true;
        Error bError;
        std::thread other([&] {
            bOk = b->exec(u"UPDATE t.acct SET n = 2 WHERE id = 1"_s);
            bError = b->lastError();
        });
        const bool aOk = a->exec(u"UPDATE t.acct SET n = 2 WHERE id = 2"_s);
        const Error aError = a->lastError();
        other.join();
        QVERIFY(aOk != bOk);
        const Error &loser = aOk ? bError : aError;
        QCOMPARE(loser.kind(), Error::Kind::Serialization);
        QCOMPARE(loser.sqlState(), u"40P01"_s);
        QVERIFY(a->rollback());
        QVERIFY(b->rollback());
    }

    void statementsInterleave_data()
    {
        QTest::addColumn<orm::Fetch>("fetch");
        QTest::newRow("whole result") << orm::Fetch::WholeResult;
        QTest::newRow("row by row") << orm::Fetch::RowByRow;
    }

    void statementsInterleave()
    {
        QFETCH(orm::Fetch, fetch);
        auto c = connect();
        QVERIFY(c);
        orm::Statement outer = c->prepare(u"SELECT g FROM generate_series(1, 1000) g"_s);
        ORM_VERIFY(outer.isValid(), *c);
        outer.setFetch(fetch);
        qint64 sum = 0;
        int rows = 0;
        while (outer.next()) {
            sum += outer.int64(0);
            if (++rows % 100 == 0) {
                // Another statement while the first still reads: both go on.
                const auto inner = c->select(u"SELECT ?::int * 10"_s, {rows});
                ORM_VERIFY(inner, *c);
                QCOMPARE(inner->first().first().toLongLong(), rows * 10);
            }
        }
        QVERIFY(!outer.hasError());
        QCOMPARE(rows, 1000);
        QCOMPARE(sum, 500500);
        // A whole result is read at the first row: the connection has no statement running.
        QCOMPARE(c->hasActiveStatement(), false);
        // Run again, the statement reads its rows again.
        outer.reset();
        QVERIFY(outer.next());
        QCOMPARE(outer.int64(0), 1);
        QCOMPARE(c->hasActiveStatement(), fetch == orm::Fetch::RowByRow);
    }

    void aStatementLeftEarlyLeavesTheTransactionUsable()
    {
        auto c = connect();
        QVERIFY(c);
        ORM_VERIFY(c->begin(), *c);
        {
            orm::Statement st = c->prepare(u"SELECT g FROM generate_series(1, 100000) g"_s);
            st.setFetch(orm::Fetch::RowByRow);
            QVERIFY(st.next());
            QCOMPARE(st.int64(0), 1);
        }
        ORM_VERIFY(c->select(u"SELECT 1"_s), *c);
        ORM_VERIFY(c->commit(), *c);
        // Outside a transaction it is cancelled; the connection goes on all the same.
        {
            orm::Statement st = c->prepare(u"SELECT g FROM generate_series(1, 10000000) g"_s);
            st.setFetch(orm::Fetch::RowByRow);
            QVERIFY(st.next());
        }
        const auto rows = c->select(u"SELECT 2"_s);
        ORM_VERIFY(rows, *c);
        QCOMPARE(rows->first().first().toInt(), 2);
    }

    void transactionsAndSavepoints()
    {
        auto c = connect();
        QVERIFY(c);
        ORM_VERIFY(c->exec(u"CREATE TABLE t.s (id INTEGER PRIMARY KEY)"_s), *c);
        QVERIFY(!c->inTransaction());
        ORM_VERIFY(c->begin(), *c);
        QVERIFY(c->inTransaction());
        ORM_VERIFY(c->exec(u"INSERT INTO t.s VALUES (1)"_s), *c);
        ORM_VERIFY(c->savepoint(u"sp 1"_s), *c);
        ORM_VERIFY(c->exec(u"INSERT INTO t.s VALUES (2)"_s), *c);
        QVERIFY(!c->exec(u"INSERT INTO t.s VALUES (2)"_s));
        // Rolled back to, the savepoint is let go too, as on SQLite.
        QVERIFY(c->rollbackToSavepoint(u"sp 1"_s));
        QVERIFY(!c->releaseSavepoint(u"sp 1"_s));
        QCOMPARE(c->lastError().sqlState(), u"3B001"_s);
        ORM_VERIFY(c->rollback(), *c);
        ORM_VERIFY(c->begin(), *c);
        ORM_VERIFY(c->exec(u"INSERT INTO t.s VALUES (1)"_s), *c);
        ORM_VERIFY(c->commit(), *c);
        QVERIFY(!c->inTransaction());
        const auto rows = c->select(u"SELECT id FROM t.s"_s);
        ORM_VERIFY(rows, *c);
        QCOMPARE(*rows, (QList<QVariantList> {{qint64(1)}}));
    }

    void ownCommitsArePassedOver()
    {
        auto writer = connect();
        auto watcher = connect();
        auto other = connect();
        auto unaware = connect();
        QVERIFY(writer && watcher && other && unaware);
        ORM_VERIFY(other->exec(u"CREATE TABLE t.w (id SERIAL PRIMARY KEY, v TEXT)"_s), *other);
        const auto log = orm::recordCommits(*writer);
        QVERIFY(log);
        orm::passOverCommits(*watcher, log);
        const auto version = [](PgConnection &c) { return c.dataVersion().value_or(-1); };
        const qint64 watched = version(*watcher);
        const qint64 own = version(*writer);
        const qint64 unawareSeen = version(*unaware);
        QVERIFY(watched >= 0 && own >= 0 && unawareSeen >= 0);
        // Given the writer's commit, a rollback, key reservations and a read-only transaction,
        ORM_VERIFY(writer->begin(), *writer);
        ORM_VERIFY(writer->exec(u"INSERT INTO t.w (v) VALUES ('a'), ('b')"_s), *writer);
        ORM_VERIFY(writer->savepoint(u"s"_s), *writer);
        ORM_VERIFY(writer->releaseSavepoint(u"s"_s), *writer);
        ORM_VERIFY(writer->commit(), *writer);
        ORM_VERIFY(writer->begin(), *writer);
        ORM_VERIFY(writer->select(u"SELECT count(*) FROM t.w"_s), *writer);
        ORM_VERIFY(writer->commit(), *writer);
        ORM_VERIFY(writer->begin(), *writer);
        std::vector<qint64> keys;
        ORM_VERIFY(writer->reserveKeys(u"t"_s, u"w"_s, u"id"_s, 3, &keys), *writer);
        ORM_VERIFY(writer->exec(u"UPDATE t.w SET v = 'c'"_s), *writer);
        QVERIFY(writer->rollback());
        // then neither the watcher nor the writer itself takes them for another program's,
        QCOMPARE(version(*watcher), watched);
        QCOMPARE(version(*writer), own);
        // while a connection that passes over nothing sees them.
        QVERIFY(version(*unaware) != unawareSeen);
        // Given another connection's commit, then both see it.
        ORM_VERIFY(other->exec(u"INSERT INTO t.w (v) VALUES ('d')"_s), *other);
        QVERIFY(version(*watcher) != watched);
        QVERIFY(version(*writer) != own);
        // and a transaction still running moves nothing until it ends.
        const qint64 before = version(*watcher);
        ORM_VERIFY(other->begin(), *other);
        ORM_VERIFY(other->exec(u"INSERT INTO t.w (v) VALUES ('e')"_s), *other);
        QCOMPARE(version(*watcher), before);
        ORM_VERIFY(other->commit(), *other);
        QVERIFY(version(*watcher) != before);
    }

    void batchesArePipelined()
    {
        auto c = connect();
        QVERIFY(c);
        ORM_VERIFY(c->exec(u"CREATE TABLE t.b (id SERIAL PRIMARY KEY, name TEXT UNIQUE)"_s), *c);
        QList<QVariantList> rows;
        for (int i = 0; i < 1000; ++i)
            rows << QVariantList {u"n%1"_s.arg(i)};
        int statements = 0;
        c->addListener([&statements](const orm::StatementRecord &) { ++statements; });
        ORM_VERIFY(c->begin(), *c);
        const auto ids = c->execBatch(u"INSERT INTO t.b (name) VALUES (?) RETURNING id"_s, rows);
        ORM_VERIFY(ids, *c);
        ORM_VERIFY(c->commit(), *c);
        QCOMPARE(ids->size(), 1000);
        QCOMPARE(ids->first().first().toLongLong(), 1);
        QCOMPARE(ids->last().first().toLongLong(), 1000);
        QCOMPARE(statements, 3); // BEGIN, the batch, COMMIT

        // A failure in the middle fails the batch; the transaction then rolls back whole.
        rows.clear();
        for (int i = 0; i < 600; ++i)
            rows << QVariantList {u"m%1"_s.arg(i == 400 ? 5 : i)};
        rows[500] = QVariantList {u"n7"_s};
        ORM_VERIFY(c->begin(), *c);
        QVERIFY(!c->execBatch(u"INSERT INTO t.b (name) VALUES (?)"_s, rows));
        QCOMPARE(c->lastError().constraint(), Error::Constraint::Unique);
        QVERIFY(c->rollback());
        const auto count = c->select(u"SELECT count(*) FROM t.b"_s);
        ORM_VERIFY(count, *c);
        QCOMPARE(count->first().first().toLongLong(), 1000);
    }

    void execEachPipelinesAndCountsEachRun()
    {
        auto c = connect();
        QVERIFY(c);
        ORM_VERIFY(c->exec(u"CREATE TABLE t.e (id INT PRIMARY KEY, n INT UNIQUE)"_s), *c);
        ORM_VERIFY(c->exec(u"INSERT INTO t.e SELECT g, g FROM generate_series(1, 700) g"_s), *c);
        int records = 0;
        c->addListener([&records](const orm::StatementRecord &) { ++records; });
        ORM_VERIFY(c->begin(), *c);
        orm::Statement st = c->prepare(u"UPDATE t.e SET n = ? WHERE id = ?"_s);
        ORM_VERIFY(st.isValid(), *c);
        // Every other run names a row that is not there: it changes nothing.
        std::vector<qint64> changes;
        const auto bind = [&st](qsizetype i) {
            st.bindInt64(0, -i);
            st.bindInt64(1, i % 2 ? i : i + 100000);
        };
        ORM_VERIFY(c->execEach(st, 700, bind, &changes), *c);
        ORM_VERIFY(c->commit(), *c);
        QCOMPARE(changes.size(), size_t(700));
        for (size_t i = 0; i < changes.size(); ++i)
            QCOMPARE(changes[i], qint64(i % 2));
        QCOMPARE(records, 3); // BEGIN, the runs, COMMIT
        auto sum = c->select(u"SELECT sum(n) FROM t.e WHERE n < 0"_s);
        ORM_VERIFY(sum, *c);
        QCOMPARE(sum->first().first().toLongLong(), -122500); // -(1 + 3 + … + 699)

        // A run that fails is named; what follows it is not run.
        ORM_VERIFY(c->begin(), *c);
        qsizetype failed = -1;
        const auto clash = [&st](qsizetype i) {
            st.bindInt64(0, i == 450 ? -1 : 5000 + i); // n = -1 is taken by row 1
            st.bindInt64(1, i + 2);
        };
        QVERIFY(!c->execEach(st, 600, clash, &changes, &failed));
        QCOMPARE(failed, qsizetype(450));
        QCOMPARE(c->lastError().constraint(), Error::Constraint::Unique);
        QVERIFY(c->rollback());
    }

    void aRunningStatementCanBeCancelled()
    {
        auto c = connect();
        auto watcher = connect();
        QVERIFY(c && watcher);
        const qint64 pid = backendPid(*c);
        bool ok = true;
        Error error;
        std::thread runner([&] {
            ok = c->exec(u"SELECT pg_sleep(60)"_s);
            error = c->lastError();
        });
        // Once the server runs it, another thread cancels it.
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                const auto rows = watcher->select(
                    u"SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active'"_s,
                    {pid});
                return rows && rows->first().first().toInt() == 1;
            }(),
            20000);
        c->cancel();
        runner.join();
        QVERIFY(!ok);
        QCOMPARE(error.kind(), Error::Kind::Cancelled);
        ORM_VERIFY(c->select(u"SELECT 1"_s), *c);
    }

    void rowsWithoutAnOrderComeInTheSameOrder()
    {
        // Pages of a view or of a table without a key (LIMIT / OFFSET, no ORDER BY) must not
        // start wherever another scan of the table has reached.
        auto c = connect();
        QVERIFY(c);
        const auto rows = c->select(u"SHOW synchronize_seqscans"_s);
        ORM_VERIFY(rows, *c);
        QCOMPARE(rows->first().first().toString(), u"off"_s);
    }

    void aWaitHookWaitsForTheAnswers()
    {
        auto c = connect();
        QVERIFY(c);
        // Given a hook that sees every wait, and tries the connection from inside it,
        int waits = 0;
        bool refused = false;
        c->setWaitHook([&](qintptr socket) {
            ++waits;
            if (!c->select(u"SELECT 1"_s))
                refused = c->lastError().kind() == Error::Kind::Busy;
            pollfd fd {int(socket), POLLIN, 0};
            return ::poll(&fd, 1, -1) > 0;
        });
        // when statements run, prepared, pipelined and in a transaction,
        QVERIFY(c->begin());
        ORM_VERIFY(c->exec(u"CREATE TABLE t.waited (id INTEGER PRIMARY KEY, name TEXT)"_s), *c);
        const auto batch = c->execBatch(u"INSERT INTO t.waited VALUES (?, ?) RETURNING id"_s,
                                        {{1, u"one"_s}, {2, u"two"_s}, {3, u"three"_s}});
        ORM_VERIFY(batch, *c);
        QCOMPARE(batch->size(), 3);
        const auto slow = c->select(u"SELECT pg_sleep(0.2), count(*) FROM t.waited"_s);
        ORM_VERIFY(slow, *c);
        QCOMPARE(slow->first().value(1).toInt(), 3);
        QVERIFY(c->commit());
        // then the hook waited for their answers, and the connection refused another statement
        // meanwhile, with nothing mixed up.
        QVERIFY(waits > 0);
        QVERIFY(refused);
        c->setWaitHook(nullptr);
        const auto rows = c->select(u"SELECT name FROM t.waited ORDER BY id"_s);
        ORM_VERIFY(rows, *c);
        QCOMPARE(rows->size(), 3);
        QCOMPARE(rows->last().first().toString(), u"three"_s);
    }

    void aWaitHookGivesUp()
    {
        auto c = connect();
        auto watcher = connect();
        QVERIFY(c && watcher);
        ORM_VERIFY(c->exec(u"CREATE TABLE t.kept (id INTEGER PRIMARY KEY)"_s), *c);
        const qint64 pid = backendPid(*c);
        // Given a transaction under way, and a hook that gives up once the server runs the
        // next statement,
        QVERIFY(c->begin());
        ORM_VERIFY(c->exec(u"INSERT INTO t.kept VALUES (1)"_s), *c);
        c->setWaitHook([&](qintptr) {
            const auto rows = watcher->select(
                u"SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND state = 'active'"_s,
                {pid});
            return !(rows && rows->first().first().toInt() == 1);
        });
        // when that statement waits,
        QVERIFY(!c->exec(u"SELECT pg_sleep(60)"_s));
        // then it fails, saying so, with the transaction gone with the connection,
        QCOMPARE(c->lastError().kind(), Error::Kind::Connection);
        QVERIFY2(c->lastError().text().contains(u"Gave up waiting for the server"_s),
                 qPrintable(c->lastError().text()));
        QVERIFY(!c->inTransaction());
        QVERIFY(c->rollback());
        // (The server notices only when the statement ends: the process is ended now.)
        ORM_VERIFY(watcher->select(u"SELECT pg_terminate_backend(?)"_s, {pid}), *watcher);
        // and the next statement connects again.
        c->setWaitHook(nullptr);
        ORM_VERIFY(c->select(u"SELECT 1"_s), *c);
        QVERIFY(backendPid(*c) != pid);
        const auto rows = watcher->select(u"SELECT count(*) FROM t.kept"_s);
        ORM_VERIFY(rows, *watcher);
        QCOMPARE(rows->first().first().toInt(), 0);
    }

    void aDroppedConnectionIsMadeAgain()
    {
        auto c = connect();
        auto admin = connect();
        QVERIFY(c && admin);
        ORM_VERIFY(c->select(u"SELECT ?::int + 1"_s, {1}), *c);
        const qint64 pid = backendPid(*c);
        const auto gone = [&](qint64 backend) {
            const auto rows =
                admin->select(u"SELECT count(*) FROM pg_stat_activity WHERE pid = ?"_s, {backend});
            return rows && rows->first().first().toInt() == 0;
        };
        // Ended while idle (an administrator, idle_session_timeout): the next statement finds
        // out before it is sent, connects again, and prepares its statements again.
        ORM_VERIFY(admin->select(u"SELECT pg_terminate_backend(?)"_s, {pid}), *admin);
        QTRY_VERIFY(gone(pid));
        const auto rows = c->select(u"SELECT ?::int + 1"_s, {41});
        ORM_VERIFY(rows, *c);
        QCOMPARE(rows->first().first().toInt(), 42);
        const qint64 again = backendPid(*c);
        QVERIFY(again != pid);
        // Ended inside a transaction: the statement that meets it says so (the transaction
        // went with it), and the one after connects again.
        QVERIFY(c->begin());
        ORM_VERIFY(admin->select(u"SELECT pg_terminate_backend(?)"_s, {again}), *admin);
        QTRY_VERIFY(gone(again));
        QVERIFY(!c->select(u"SELECT ?::int + 1"_s, {1}));
        QCOMPARE(c->lastError().kind(), Error::Kind::Connection);
        QVERIFY(c->lastError().isOperationalError());
        QVERIFY(c->rollback());
        ORM_VERIFY(c->select(u"SELECT ?::int + 1"_s, {1}), *c);
    }

    void readOnlyConnectionsRefuseWrites()
    {
        orm::ConnectionOptions options;
        options.readOnly = true;
        auto c = connect(testserver::socketUrl(), options);
        QVERIFY(c);
        ORM_VERIFY(c->select(u"SELECT 1"_s), *c);
        QVERIFY(!c->exec(u"CREATE TABLE t.nope (id INTEGER)"_s));
        QCOMPARE(c->lastError().kind(), Error::Kind::ReadOnly);
    }

    void echoAndListeners()
    {
        auto c = connect();
        QVERIFY(c);
        QList<orm::StatementRecord> seen;
        const int id = c->addListener([&seen](const orm::StatementRecord &r) { seen << r; });
        ORM_VERIFY(c->select(u"SELECT ?::text"_s, {u"x"_s}), *c);
        QVERIFY(!c->exec(u"SELECT nope"_s));
        c->removeListener(id);
        ORM_VERIFY(c->select(u"SELECT 1"_s), *c);
        QCOMPARE(seen.size(), 2);
        QCOMPARE(seen[0].sql, u"SELECT ?::text"_s);
        QCOMPARE(seen[0].params, QVariantList {u"x"_s});
        QVERIFY(seen[0].ok);
        QVERIFY(!seen[1].ok);
        QVERIFY(seen[1].error.contains(u"nope"_s));
    }
};

QTEST_GUILESS_MAIN(TestPgConnection)
#include "tst_pgconnection.moc"
