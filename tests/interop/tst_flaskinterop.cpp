// SPDX-License-Identifier: MIT
#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/drivers/sqlite/reflection.h"
#include "orm/mapping/automap.h"
#include "orm/mapping/record.h"
#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

// Runs the Flask-SQLAlchemy side; returns its JSON output (or fails the test).
static QJsonObject runFlask(const QString &command, const QString &path)
{
    QProcess p;
    p.start(QStringLiteral(SYSTEM_PYTHON), {QStringLiteral(FLASK_MODELS), command, path});
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning().noquote() << p.readAllStandardError();
        return {};
    }
    const QByteArray out = p.readAllStandardOutput();
    return QJsonDocument::fromJson(out).object();
}

static bool flaskAvailable()
{
    QProcess p;
    p.start(QStringLiteral(SYSTEM_PYTHON), {u"-c"_s, u"import flask_sqlalchemy"_s});
    return p.waitForFinished(30000) && p.exitCode() == 0;
}

class tst_FlaskInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void reflectsTheSeedSchema();
    void editsAreReadBackByFlask();
    void blogDatabaseIsReadByFlask();
    void exactValuesEditedAreReadBackByFlask();

private:
    QTemporaryDir m_dir;
};

void tst_FlaskInterop::initTestCase()
{
    if (!flaskAvailable())
        QSKIP("python3-flask-sqlalchemy is not installed (./dev test installs it)");
}

void tst_FlaskInterop::reflectsTheSeedSchema()
{
    // Given a database made by the seeds' Flask-SQLAlchemy models,
    const QString path = m_dir.filePath(u"seed.db"_s);
    QVERIFY(QProcess::execute(QStringLiteral(SYSTEM_PYTHON),
                              {QStringLiteral(FLASK_MODELS), u"create"_s, path})
            == 0);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
    QVERIFY(engine);
    // when Rowsmith reflects it,
    orm::Error error;
    const auto md = orm::reflect(engine->connection(), &error);
    QVERIFY2(md, qPrintable(error.text()));
    orm::Automap map(*md);
    // then the types, keys and relationships are those the models declared, every value in
    // SQLAlchemy's stored forms,
    for (const orm::Table &t : md->tables()) {
        for (const orm::Column &c : t.columns())
            QVERIFY2(c.type.form.isStandard(), qPrintable(t.name() + u'.' + c.name));
    }
    const orm::EntityMeta *users = map.entity(u"users"_s);
    QVERIFY(users);
    QCOMPARE(users->column(users->columnIndex(u"username"_s)).column.type, orm::String(80));
    QVERIFY(users->column(users->columnIndex(u"username"_s)).column.unique);
    QVERIFY(!users->column(users->columnIndex(u"username"_s)).column.nullable);
    QCOMPARE(users->column(users->columnIndex(u"created_at"_s)).column.type, orm::DateTime);
    QCOMPARE(users->column(users->columnIndex(u"is_active"_s)).column.type, orm::Boolean);
    QVERIFY(users->hasAutoincrementKey());
    QCOMPARE(map.entity(u"account"_s)->column(2).column.type, orm::Float);
    QCOMPARE(map.entity(u"profile"_s)->column(3).column.type, orm::Date);
    QCOMPARE(map.associationTables(), (QStringList {u"memberships"_s, u"post_tags"_s}));
    QVERIFY(!map.entity(u"post_tags"_s));

    const orm::RelationshipMeta *author = map.entity(u"posts"_s)->relationship(u"user"_s);
    QVERIFY(author);
    QCOMPARE(author->kind, orm::RelationshipKind::ManyToOne);
    QCOMPARE(author->backref, u"posts"_s);
    QCOMPARE(users->relationship(u"posts"_s)->kind, orm::RelationshipKind::OneToMany);
    QCOMPARE(users->relationship(u"profile"_s)->kind, orm::RelationshipKind::OneToOne);
    QCOMPARE(map.entity(u"profile"_s)->relationship(u"user"_s)->kind,
             orm::RelationshipKind::OneToOne);
    QCOMPARE(map.entity(u"posts"_s)->relationship(u"tags"_s)->kind,
             orm::RelationshipKind::ManyToMany);
    QCOMPARE(map.entity(u"tags"_s)->relationship(u"posts"_s)->kind,
             orm::RelationshipKind::ManyToMany);
    QCOMPARE(users->relationship(u"groups"_s)->kind, orm::RelationshipKind::ManyToMany);
    QCOMPARE(map.entity(u"team"_s)->relationship(u"players"_s)->kind,
             orm::RelationshipKind::OneToMany);
    // The label column is chosen sensibly.
    QCOMPARE(users->column(users->labelColumn()).column.name, u"username"_s);
    QCOMPARE(map.entity(u"posts"_s)->column(map.entity(u"posts"_s)->labelColumn()).column.name,
             u"title"_s);

    // Following relationships both ways, through the generic interface.
    orm::Session s(engine);
    auto john = s.query(*users).filterBy(u"username"_s, u"john_doe"_s).firstEntity();
    QVERIFY(john);
    QCOMPARE(john->value(u"created_at"_s).toDateTime(),
             QDateTime(QDate(2024, 5, 6), QTime(7, 8, 9, 123), Qt::UTC));
    QCOMPARE(john->value(u"is_active"_s), QVariant(true));
    const auto posts = s.related(*john, *users->relationship(u"posts"_s));
    QCOMPARE(posts.size(), size_t(2));
    QCOMPARE(s.relatedOne(*posts.front(), *author).get(), john.get());
}

void tst_FlaskInterop::editsAreReadBackByFlask()
{
    const QString path = m_dir.filePath(u"edit.db"_s);
    QVERIFY(QProcess::execute(QStringLiteral(SYSTEM_PYTHON),
                              {QStringLiteral(FLASK_MODELS), u"create"_s, path})
            == 0);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
    const auto md = orm::reflect(engine->connection());
    QVERIFY(md);
    orm::Automap map(*md);
    const orm::EntityMeta &users = *map.entity(u"users"_s);
    const orm::EntityMeta &posts = *map.entity(u"posts"_s);
    const orm::EntityMeta &tags = *map.entity(u"tags"_s);
    const orm::EntityMeta &accounts = *map.entity(u"account"_s);
    const orm::EntityMeta &players = *map.entity(u"player"_s);
    const orm::EntityMeta &teams = *map.entity(u"team"_s);
    orm::Session s(engine);

    // Edit, add, delete, link and unlink; then commit once.
    auto john = s.query(users).filterBy(u"username"_s, u"john_doe"_s).firstEntity();
    QVERIFY(s.setValue(*john, users.columnIndex(u"email"_s), u"john@new.example.com"_s));
    auto newcomer = users.create();
    QVERIFY(newcomer->setValue(u"username"_s, u"newcomer"_s));
    QVERIFY(newcomer->setValue(u"email"_s, u"new@example.com"_s));
    QVERIFY(
        newcomer->setValue(u"created_at"_s, QDateTime(QDate(2025, 1, 2), QTime(3, 4, 5), Qt::UTC)));
    QVERIFY(newcomer->setValue(u"is_active"_s, false));
    s.add(newcomer);
    auto jane = s.query(users).filterBy(u"username"_s, u"jane"_s).firstEntity();
    s.remove(jane);
    auto post1 = s.query(posts).filterBy(u"title"_s, u"My First Blog Post"_s).firstEntity();
    auto post2 = s.query(posts).filterBy(u"title"_s, u"Another Post"_s).firstEntity();
    auto flask = s.query(tags).filterBy(u"name"_s, u"flask"_s).firstEntity();
    auto python = s.query(tags).filterBy(u"name"_s, u"python"_s).firstEntity();
    QVERIFY(s.appendRelated(*post2, *posts.relationship(u"tags"_s), flask));
    QVERIFY(s.removeRelated(*post1, *posts.relationship(u"tags"_s), python));
    auto acc = s.query(accounts).filterBy(u"account_number"_s, u"ACC1001"_s).firstEntity();
    QVERIFY(s.setValue(*acc, accounts.columnIndex(u"balance"_s), 250.25));
    auto bo = s.query(players).filterBy(u"name"_s, u"Ann"_s).firstEntity();
    QVERIFY(s.setValue(*bo, players.columnIndex(u"number"_s), QVariant()));
    auto reds = s.query(teams).firstEntity();
    auto cy = players.create();
    QVERIFY(cy->setValue(u"name"_s, u"Cy"_s));
    QVERIFY(cy->setValue(u"number"_s, 9));
    QVERIFY(s.appendRelated(*reds, *teams.relationship(u"players"_s), cy));
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));

    // Flask-SQLAlchemy reads every change back, with Python's types.
    const QJsonObject dump = runFlask(u"dump"_s, path);
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
    QCOMPARE(playerRows.at(0).toObject()[u"number"_s][u"type"_s].toString(), u"None"_s);
    QCOMPARE(playerRows.at(2).toObject()[u"name"_s][u"value"_s].toString(), u"Cy"_s);
    QCOMPARE(playerRows.at(2).toObject()[u"team_id"_s][u"value"_s].toInt(), 1);
    // post 1 lost "python" (tag 2), post 2 gained "flask" (tag 1) and kept "python".
    QCOMPARE(dump[u"post_tags"_s].toArray(),
             QJsonDocument::fromJson("[[1,1],[2,1],[2,2]]").array());
    QCOMPARE(dump[u"memberships"_s].toArray(), QJsonDocument::fromJson("[[1,1]]").array());
}

void tst_FlaskInterop::blogDatabaseIsReadByFlask()
{
    // A database made by Rowsmith's C++ blog models is used by Flask-SQLAlchemy unchanged.
    const QString path = m_dir.filePath(u"blog.db"_s);
    {
        auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
        orm::Session s(engine);
        QVERIFY2(blog::ensureDemoDatabase(s), qPrintable(s.lastError().text()));
    }
    const QJsonObject out = runFlask(u"blog"_s, path);
    QVERIFY(!out.isEmpty());
    QCOMPARE(out[u"users"_s].toInt(), 50);
    QCOMPARE(out[u"posts"_s].toInt(), 500);
    QCOMPARE(out[u"tags"_s].toInt(), 30);
    QCOMPARE(out[u"alice_posts"_s].toInt(), 10);
    QCOMPARE(out[u"first_post_author"_s].toString(), u"alice"_s);
    QCOMPARE(out[u"alice"_s][u"created_at"_s][u"type"_s].toString(), u"datetime"_s);
    QCOMPARE(out[u"alice"_s][u"created_at"_s][u"value"_s].toString(), u"2024-01-01 09:00:00"_s);
    QCOMPARE(out[u"alice"_s][u"is_active"_s][u"type"_s].toString(), u"bool"_s);
    QCOMPARE(out[u"first_post_date"_s][u"type"_s].toString(), u"datetime"_s);
    QVERIFY(!out[u"first_post_tags"_s].toArray().isEmpty());
    QVERIFY(out[u"flask_tagged"_s].toInt() > 0);

    // What Flask wrote, Rowsmith reads.
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
    orm::Session s(engine);
    QVERIFY(!s.query<blog::User>().findByUsername(u"alice"_s)->isActive);
    QVERIFY(s.query<blog::Tag>().filterBy(&blog::Tag::name, u"written-by-flask"_s).first());
    orm::Session check(engine);
    const qint64 flaskTagged =
        check.query<blog::Post>()
            .filter(orm::any(&blog::Post::tags, orm::col(&blog::Tag::name) == u"flask"_s))
            .count()
            .value();
    QCOMPARE(flaskTagged, qint64(out[u"flask_tagged"_s].toInt()));
}

void tst_FlaskInterop::exactValuesEditedAreReadBackByFlask()
{
    // Given a table written by Flask-SQLAlchemy: a microsecond datetime, NUMERIC(8, 2), JSON
    // written with spaces and a nullable Boolean,
    const QString path = m_dir.filePath(u"exact.db"_s);
    QCOMPARE(QProcess::execute(QStringLiteral(SYSTEM_PYTHON),
                               {QStringLiteral(FLASK_MODELS), u"exact-create"_s, path}),
             0);
    const QJsonObject before = runFlask(u"exact-dump"_s, path);
    QCOMPARE(before[u"rows"_s].toArray().size(), 2);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
    QVERIFY(engine);
    const auto reflected = orm::reflect(engine->connection());
    QVERIFY(reflected);
    orm::Automap map(*reflected);
    const orm::EntityMeta &meta = *map.entity(u"exact"_s);
    orm::Session session(engine);

    // when Rowsmith reads it, then each value is the one Flask reads,
    auto first = session.get(meta, qint64(1));
    auto second = session.get(meta, qint64(2));
    QVERIFY(first && second);
    auto flask = [](const QJsonObject &dump, int row, const QString &column) {
        return dump[u"rows"_s].toArray().at(row).toObject()[column].toObject();
    };
    const QJsonArray rows = before[u"rows"_s].toArray();
    for (int row = 0; row < 2; ++row) {
        const orm::Entity &e = *(row == 0 ? first : second);
        QCOMPARE(e.value(u"at"_s).value<orm::Timestamp>().toString(),
                 flask(before, row, u"at"_s)[u"value"_s].toString());
        QCOMPARE(e.value(u"price"_s).metaType(), QMetaType::fromType<orm::Decimal>());
        QCOMPARE(e.value(u"price"_s).value<orm::Decimal>().toString(),
                 flask(before, row, u"price"_s)[u"value"_s].toString());
    }
    QCOMPARE(first->value(u"data"_s), QVariant(u"{\"a\": 1, \"b\": [1, 2]}"_s));
    QVERIFY(first->value(u"flag"_s).isNull());
    QCOMPARE(second->value(u"flag"_s), QVariant(true));

    // when each type is edited in the first row (JSON as a person enters it) and committed,
    const QString json = u"{\"a\": 2,  \"b\": []}"_s;
    QVERIFY(
        session.setValue(*first, meta.columnIndex(u"at"_s),
                         QVariant::fromValue(orm::Timestamp(QDate(2024, 5, 6), 7, 8, 9, 251238))));
    QVERIFY(session.setValue(*first, meta.columnIndex(u"price"_s),
                             QVariant::fromValue(orm::Decimal::fromString(u"13.1"))));
    QVERIFY(session.setValue(*first, meta.columnIndex(u"data"_s), json));
    QVERIFY(session.setValue(*first, meta.columnIndex(u"flag"_s), true));
    QCOMPARE(session.modifiedColumns(*first).size(), 4);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    // then Flask-SQLAlchemy reads the edited values with their Python types,
    const QJsonObject after = runFlask(u"exact-dump"_s, path);
    QCOMPARE(flask(after, 0, u"at"_s)[u"type"_s].toString(), u"datetime"_s);
    QCOMPARE(flask(after, 0, u"at"_s)[u"value"_s].toString(), u"2024-05-06 07:08:09.251238"_s);
    QCOMPARE(flask(after, 0, u"price"_s)[u"type"_s].toString(), u"Decimal"_s);
    QCOMPARE(flask(after, 0, u"price"_s)[u"value"_s].toString(), u"13.10"_s);
    QCOMPARE(flask(after, 0, u"data"_s)[u"type"_s].toString(), u"dict"_s);
    QCOMPARE(flask(after, 0, u"data"_s)[u"value"_s].toString(), u"{\"a\": 2, \"b\": []}"_s);
    QCOMPARE(flask(after, 0, u"flag"_s)[u"type"_s].toString(), u"bool"_s);
    QCOMPARE(flask(after, 0, u"flag"_s)[u"value"_s].toBool(), true);
    // the JSON as entered,
    QCOMPARE(after[u"held"_s].toArray().at(0).toObject()[u"data"_s].toString(),
             u"text "_s + QString::fromLatin1(json.toUtf8().toHex().toUpper()));
    // and nothing else differs: the other row and column, as Flask reads them and as stored.
    const QStringList edited {u"at"_s, u"price"_s, u"data"_s, u"flag"_s};
    for (int row = 0; row < 2; ++row) {
        const QJsonObject was = before[u"rows"_s].toArray().at(row).toObject();
        const QJsonObject is = after[u"rows"_s].toArray().at(row).toObject();
        const QJsonObject heldWas = before[u"held"_s].toArray().at(row).toObject();
        const QJsonObject heldIs = after[u"held"_s].toArray().at(row).toObject();
        for (const QString &column : was.keys()) {
            if (row == 0 && edited.contains(column))
                continue;
            QCOMPARE(is[column], was[column]);
            QCOMPARE(heldIs[column], heldWas[column]);
        }
    }
}

QTEST_GUILESS_MAIN(tst_FlaskInterop)
#include "tst_flaskinterop.moc"
