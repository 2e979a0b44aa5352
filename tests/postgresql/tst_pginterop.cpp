// SPDX-License-Identifier: MIT
// Flask-SQLAlchemy (psycopg2) and Rowsmith share one PostgreSQL database, both ways.
#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/engine/engine.h"
#include "orm/mapping/automap.h"
#include "orm/mapping/record.h"
#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "postgresql/testserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

using namespace Qt::StringLiterals;

class tst_PgInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanup();
    void editsAreReadBackByFlask();
    void blogDatabaseIsReadByFlask();

private:
    // A new, empty database on the test cluster; its URL.
    QString freshDatabase(const QString &name);
    QJsonObject runFlask(const QString &command, const QString &url);

    QStringList m_databases;
};

void tst_PgInterop::initTestCase()
{
    QVERIFY2(!testserver::socketUrl().isEmpty(), "no test cluster (ROWSMITH_TEST_POSTGRESQL)");
    QProcess p;
    p.start(QStringLiteral(SYSTEM_PYTHON), {u"-c"_s, u"import flask_sqlalchemy, psycopg2"_s});
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        QSKIP("python3-flask-sqlalchemy or python3-psycopg2 is missing (./dev test installs them)");
}

void tst_PgInterop::cleanup()
{
    auto admin = orm::Engine::create(testserver::socketUrl());
    for (const QString &name : std::as_const(m_databases)) {
        if (admin)
            (void)admin->connection().exec(u"DROP DATABASE IF EXISTS \"%1\""_s.arg(name));
    }
    m_databases.clear();
}

QString tst_PgInterop::freshDatabase(const QString &name)
{
    const QString server = testserver::socketUrl();
    auto admin = orm::Engine::create(server);
    if (!admin || !admin->connection().exec(u"DROP DATABASE IF EXISTS \"%1\""_s.arg(name))
        || !admin->connection().exec(u"CREATE DATABASE \"%1\""_s.arg(name))) {
        return QString();
    }
    m_databases << name;
    return QString(server).replace(u"/rowsmith_test?"_s, u"/%1?"_s.arg(name));
}

QJsonObject tst_PgInterop::runFlask(const QString &command, const QString &url)
{
    QProcess p;
    p.start(QStringLiteral(SYSTEM_PYTHON), {QStringLiteral(FLASK_MODELS), command, url});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning().noquote() << p.readAllStandardError();
        return {};
    }
    return QJsonDocument::fromJson(p.readAllStandardOutput()).object();
}

void tst_PgInterop::editsAreReadBackByFlask()
{
    // Flask-SQLAlchemy makes the seeds' schema and rows on the server;
    const QString url = freshDatabase(u"rowsmith_flask_seed"_s);
    QVERIFY(!url.isEmpty());
    QProcess create;
    create.start(QStringLiteral(SYSTEM_PYTHON), {QStringLiteral(FLASK_MODELS), u"create"_s, url});
    QVERIFY(create.waitForFinished(60000));
    QVERIFY2(create.exitCode() == 0, create.readAllStandardError().constData());

    // Rowsmith reflects it, automaps it, and edits, adds, deletes, links and unlinks in one
    // commit.
    auto engine = orm::Engine::create(url);
    QVERIFY(engine);
    orm::Error error;
    const auto md = engine->connection().reflect(QString(), &error);
    QVERIFY2(md, qPrintable(error.text()));
    orm::Automap map(*md);
    QVERIFY(map.entity(u"users"_s) && map.entity(u"posts"_s) && map.entity(u"tags"_s));
    const orm::EntityMeta &users = *map.entity(u"users"_s);
    const orm::EntityMeta &posts = *map.entity(u"posts"_s);
    const orm::EntityMeta &tags = *map.entity(u"tags"_s);
    const orm::EntityMeta &accounts = *map.entity(u"account"_s);
    const orm::EntityMeta &teams = *map.entity(u"team"_s);
    const orm::EntityMeta &players = *map.entity(u"player"_s);
    QVERIFY(posts.relationship(u"tags"_s));
    orm::Session s(engine);

    auto john = s.query(users).filterBy(u"username"_s, u"john_doe"_s).firstEntity();
    QVERIFY(john);
    QVERIFY(s.setValue(*john, users.columnIndex(u"email"_s), u"john@new.example.com"_s));
    auto newcomer = users.create();
    QVERIFY(newcomer->setValue(u"username"_s, u"newcomer"_s));
    QVERIFY(newcomer->setValue(u"email"_s, u"new@example.com"_s));
    QVERIFY(
        newcomer->setValue(u"created_at"_s, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC)));
    QVERIFY(newcomer->setValue(u"is_active"_s, false));
    s.add(newcomer);
    s.remove(s.query(users).filterBy(u"username"_s, u"jane"_s).firstEntity());
    auto post1 = s.query(posts).filterBy(u"title"_s, u"My First Blog Post"_s).firstEntity();
    auto post2 = s.query(posts).filterBy(u"title"_s, u"Another Post"_s).firstEntity();
    auto flask = s.query(tags).filterBy(u"name"_s, u"flask"_s).firstEntity();
    auto python = s.query(tags).filterBy(u"name"_s, u"python"_s).firstEntity();
    QVERIFY(s.appendRelated(*post2, *posts.relationship(u"tags"_s), flask));
    QVERIFY(s.removeRelated(*post1, *posts.relationship(u"tags"_s), python));
    auto acc = s.query(accounts).filterBy(u"account_number"_s, u"ACC1001"_s).firstEntity();
    QVERIFY(s.setValue(*acc, accounts.columnIndex(u"balance"_s), 250.25));
    auto reds = s.query(teams).firstEntity();
    auto cy = players.create();
    QVERIFY(cy->setValue(u"name"_s, u"Cy"_s));
    QVERIFY(cy->setValue(u"number"_s, 9));
    QVERIFY(s.appendRelated(*reds, *teams.relationship(u"players"_s), cy));
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    // The server's sequences gave the new rows keys after Flask's.
    QVERIFY(newcomer->value(u"id"_s).toLongLong() > 2);

    // Flask-SQLAlchemy reads every change back, with Python's types.
    const QJsonObject dump = runFlask(u"dump"_s, url);
    QVERIFY(!dump.isEmpty());
    const QJsonArray userRows = dump[u"users"_s].toArray();
    QCOMPARE(userRows.size(), 2); // jane deleted, newcomer added
    const QJsonObject johnRow = userRows.at(0).toObject();
    QCOMPARE(johnRow[u"email"_s][u"value"_s].toString(), u"john@new.example.com"_s);
    QCOMPARE(johnRow[u"created_at"_s][u"value"_s].toString(), u"2024-05-06 07:08:09.123456"_s);
    const QJsonObject newRow = userRows.at(1).toObject();
    QCOMPARE(newRow[u"created_at"_s][u"type"_s].toString(), u"datetime"_s);
    QCOMPARE(newRow[u"created_at"_s][u"value"_s].toString(), u"2025-01-02 03:04:05"_s);
    QCOMPARE(newRow[u"is_active"_s][u"type"_s].toString(), u"bool"_s);
    QCOMPARE(newRow[u"is_active"_s][u"value"_s].toBool(), false);
    const QJsonObject accRow = dump[u"account"_s].toArray().at(0).toObject();
    QCOMPARE(accRow[u"balance"_s][u"type"_s].toString(), u"float"_s);
    QCOMPARE(accRow[u"balance"_s][u"value"_s].toDouble(), 250.25);
    const QJsonArray playerRows = dump[u"player"_s].toArray();
    QCOMPARE(playerRows.size(), 3);
    QCOMPARE(playerRows.at(2).toObject()[u"name"_s][u"value"_s].toString(), u"Cy"_s);
    QCOMPARE(dump[u"post_tags"_s].toArray(),
             QJsonDocument::fromJson("[[1,1],[2,1],[2,2]]").array());
}

void tst_PgInterop::blogDatabaseIsReadByFlask()
{
    // Rowsmith's C++ blog models make their schema and rows on the server;
    const QString url = freshDatabase(u"rowsmith_blog"_s);
    QVERIFY(!url.isEmpty());
    {
        auto engine = orm::Engine::create(url);
        QVERIFY(engine);
        orm::Session s(engine);
        QVERIFY2(blog::ensureDemoDatabase(s), qPrintable(s.lastError().text()));
    }
    // Flask-SQLAlchemy reads them with its own models, and writes;
    const QJsonObject out = runFlask(u"blog"_s, url);
    QVERIFY(!out.isEmpty());
    QCOMPARE(out[u"users"_s].toInt(), 50);
    QCOMPARE(out[u"posts"_s].toInt(), 500);
    QCOMPARE(out[u"tags"_s].toInt(), 30);
    QCOMPARE(out[u"alice_posts"_s].toInt(), 10);
    QCOMPARE(out[u"first_post_author"_s].toString(), u"alice"_s);
    QCOMPARE(out[u"alice"_s][u"created_at"_s][u"type"_s].toString(), u"datetime"_s);
    QCOMPARE(out[u"alice"_s][u"created_at"_s][u"value"_s].toString(), u"2024-01-01 09:00:00"_s);
    QCOMPARE(out[u"alice"_s][u"is_active"_s][u"type"_s].toString(), u"bool"_s);
    QVERIFY(out[u"flask_tagged"_s].toInt() > 0);

    // and what Flask wrote, Rowsmith reads.
    auto engine = orm::Engine::create(url);
    QVERIFY(engine);
    orm::Session s(engine);
    auto alice = s.query<blog::User>().findByUsername(u"alice"_s);
    QVERIFY(alice);
    QVERIFY(!alice->isActive);
    QVERIFY(s.query<blog::Tag>().filterBy(&blog::Tag::name, u"written-by-flask"_s).first());
    const qint64 flaskTagged =
        s.query<blog::Post>()
            .filter(orm::any(&blog::Post::tags, orm::col(&blog::Tag::name) == u"flask"_s))
            .count()
            .value_or(-1);
    QCOMPARE(flaskTagged, qint64(out[u"flask_tagged"_s].toInt()));
}

QTEST_GUILESS_MAIN(tst_PgInterop)
#include "tst_pginterop.moc"
