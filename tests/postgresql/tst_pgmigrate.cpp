// SPDX-License-Identifier: MIT
// Migrations on a PostgreSQL server: the comparison against a reflected server schema, every
// operation as ALTER TABLE, the way back, the counts of what would be lost, Alembic's parity,
// and the db command with postgresql:// URLs (tests/migration does the same on SQLite).
#include "migration/alembiclines.h"
#include "migration/migrationpairs.h"
#include "postgresql/testserver.h"

#include "orm/engine/connection.h"
#include "orm/migrations/migratecommand.h"
#include "orm/migrations/migratescript.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using Kind = orm::MigrationOp::Kind;

class tst_PgMigrate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void everyOperationRunsOnTheServer_data();
    void everyOperationRunsOnTheServer();
    void downgradeOfUpgradeGivesBackSchemaAndData_data();
    void downgradeOfUpgradeGivesBackSchemaAndData();
    void sameChangesAsAlembicOnTheServer_data();
    void sameChangesAsAlembicOnTheServer();
    void destructiveChangesAreRefusedWithCounts();
    void aViewOnADroppedColumnStopsTheChangeAndNothingIsWritten();
    void serialKeysAndNamedConstraintsCompareClean();
    void dbCommandUpgradesAndDowngradesAServer();
    void eachRevisionIsAtomicOnTheServer();
    void diffAndApplyBetweenServerDatabases();
    void diffBetweenServersKeepsTheServersTypes();

private:
    // The database (or the target) with the public schema made of statements.
    std::unique_ptr<orm::Connection> fresh(const QString &url, const QStringList &statements);
    orm::MetaData reflected(orm::Connection &connection, const QString &schema = QString());
    int db(const QStringList &arguments, const orm::MetaData &models, QString *out = nullptr,
           QString *err = nullptr);

    QTemporaryDir m_dir;
    QString m_dbUrl;
    QString m_targetUrl;
    QStringList m_alembic; // what Alembic finds, by pair ("== N" lines between)
    QList<QStringList> m_alembicByPair;
};

namespace {

QList<QVariantList> rows(orm::Connection &c, const QString &sql)
{
    return c.select(sql).value_or(QList<QVariantList>());
}

// Every table's rows, by table, in key order: what a round trip must keep.
QHash<QString, QList<QVariantList>> allRows(orm::Connection &c)
{
    QHash<QString, QList<QVariantList>> out;
    for (const QVariantList &t :
         rows(c,
              u"SELECT table_name FROM information_schema.tables WHERE table_schema = "
              "'public' AND table_type = 'BASE TABLE'"_s)) {
        const QString name = t.value(0).toString();
        out.insert(name, rows(c, u"SELECT * FROM \"%1\" ORDER BY 1"_s.arg(name)));
    }
    return out;
}

QList<std::pair<QString, MigrationPair>> pairsBothWays()
{
    QList<std::pair<QString, MigrationPair>> out;
    for (const MigrationPair &pair : migrationPairs()) {
        out.append({QString::fromLatin1(pair.name), pair});
        out.append({QString::fromLatin1(pair.name) + u", backwards"_s,
                    MigrationPair {pair.name, pair.after, pair.before}});
    }
    return out;
}

QString databaseUrl(const QString &name)
{
    return QString(testserver::socketUrl()).replace(u"/rowsmith_test?"_s, u"/%1?"_s.arg(name));
}

} // namespace

void tst_PgMigrate::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString serverUrl = testserver::socketUrl();
    QVERIFY2(!serverUrl.isEmpty(), "no test cluster (ROWSMITH_TEST_POSTGRESQL)");
    orm::Error error;
    auto admin = orm::Connection::open(orm::DatabaseUrl::parse(serverUrl), {}, &error);
    QVERIFY2(admin, qPrintable(error.text()));
    for (const QString &name : {u"rowsmith_migrate"_s, u"rowsmith_migrate_target"_s}) {
        QVERIFY(admin->exec(u"DROP DATABASE IF EXISTS %1"_s.arg(name)));
        QVERIFY2(admin->exec(u"CREATE DATABASE %1"_s.arg(name)),
                 qPrintable(admin->lastError().text()));
    }
    m_dbUrl = databaseUrl(u"rowsmith_migrate"_s);
    m_targetUrl = databaseUrl(u"rowsmith_migrate_target"_s);
    QVERIFY(m_dbUrl != serverUrl);
}

void tst_PgMigrate::cleanupTestCase()
{
    orm::Error error;
    if (auto admin =
            orm::Connection::open(orm::DatabaseUrl::parse(testserver::socketUrl()), {}, &error)) {
        (void)admin->exec(u"DROP DATABASE IF EXISTS rowsmith_migrate"_s);
        (void)admin->exec(u"DROP DATABASE IF EXISTS rowsmith_migrate_target"_s);
    }
}

std::unique_ptr<orm::Connection> tst_PgMigrate::fresh(const QString &url,
                                                      const QStringList &statements)
{
    orm::Error error;
    auto c = orm::Connection::open(orm::DatabaseUrl::parse(url), {}, &error);
    if (!c) {
        qWarning() << error.text();
        return nullptr;
    }
    for (const QString &sql :
         QStringList {u"DROP SCHEMA public CASCADE"_s, u"CREATE SCHEMA public"_s} + statements) {
        if (!c->exec(sql)) {
            qWarning() << sql << c->lastError().text();
            return nullptr;
        }
    }
    return c;
}

orm::MetaData tst_PgMigrate::reflected(orm::Connection &connection, const QString &schema)
{
    orm::Error error;
    const auto md = connection.reflect(schema, &error);
    if (!md) {
        qWarning() << error.text();
        return {};
    }
    return *md;
}

int tst_PgMigrate::db(const QStringList &arguments, const orm::MetaData &models, QString *out,
                      QString *err)
{
    QString o, e;
    QTextStream os(&o), es(&e);
    orm::DbCommand command(models);
    command.setDatabase(m_dbUrl);
    const int code = command.run(
        QStringList {u"--directory"_s, m_dir.filePath(u"migrations"_s)} + arguments, os, es);
    os.flush();
    es.flush();
    if (out) {
        *out = o;
    }
    if (err) {
        *err = e;
    }
    return code;
}

void tst_PgMigrate::everyOperationRunsOnTheServer_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    for (const auto &[name, pair] : pairsBothWays()) {
        QTest::newRow(qPrintable(name)) << pair.before << pair.after;
    }
}

void tst_PgMigrate::everyOperationRunsOnTheServer()
{
    // Given a server database and a target schema that differ by one kind of change
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    auto database = fresh(m_dbUrl, before);
    auto target = fresh(m_targetUrl, after);
    QVERIFY(database && target);
    const auto ops = orm::compareSchemas(reflected(*database), reflected(*target));
    QVERIFY(!ops.isEmpty());
    const auto usersBefore = rows(*database, u"SELECT id FROM users ORDER BY id"_s);

    // When the operations run (losses confirmed)
    orm::Migration migration(*database);
    QVERIFY2(migration.run(ops, orm::Migration::Destructive::Allow),
             qPrintable(migration.lastError().message() + u"\n"_s + migration.lastError().sql()));

    // Then the database has the target's schema and keeps its rows
    const auto left = orm::compareSchemas(reflected(*database), reflected(*target));
    QVERIFY2(left.isEmpty(), qPrintable(left.value(0).description()));
    QCOMPARE(rows(*database, u"SELECT id FROM users ORDER BY id"_s), usersBefore);
}

void tst_PgMigrate::downgradeOfUpgradeGivesBackSchemaAndData_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    for (const MigrationPair &pair : migrationPairs()) {
        QTest::newRow(pair.name) << pair.before << pair.after;
    }
}

void tst_PgMigrate::downgradeOfUpgradeGivesBackSchemaAndData()
{
    // Given a server database with rows, and the revision between its schema and another
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    auto database = fresh(m_dbUrl, before);
    auto target = fresh(m_targetUrl, after);
    QVERIFY(database && target);
    const orm::MetaData original = reflected(*database);
    const auto ops = orm::compareSchemas(original, reflected(*target));
    const orm::MigrationScript script = orm::MigrationScript::fromOperations(
        u"a1"_s, QString(), u"change"_s, original, ops, orm::PostgresMigrationDialect());
    const auto data = allRows(*database);
    const bool losesData = std::any_of(
        ops.cbegin(), ops.cend(), [](const orm::MigrationOp &op) { return op.isDestructive(); });

    // When its upgrade runs, then its downgrade
    orm::Migration migration(*database);
    QVERIFY2(migration.runStatements(script.upgrade),
             qPrintable(migration.lastError().message() + u"\n"_s + migration.lastError().sql()));
    QVERIFY(orm::compareSchemas(reflected(*database), reflected(*target)).isEmpty());
    QVERIFY2(migration.runStatements(script.downgrade),
             qPrintable(migration.lastError().message() + u"\n"_s + migration.lastError().sql()));

    // Then the schema is the one it had, and so are the rows unless the upgrade dropped some
    const auto left = orm::compareSchemas(reflected(*database), original);
    QVERIFY2(left.isEmpty(), qPrintable(left.value(0).description()));
    if (!losesData) {
        QCOMPARE(allRows(*database), data);
    }
}

void tst_PgMigrate::sameChangesAsAlembicOnTheServer_data()
{
    // Every pair in schemas of its own (p<N>_from, p<N>_to) of one database, and Alembic's
    // comparison of them all in one Python run, each through a URL whose search_path names
    // the schema.
    auto database = fresh(m_targetUrl, {});
    QVERIFY(database);
    QStringList arguments {QStringLiteral(ALEMBIC_COMPARE)};
    const QString sqlalchemyUrl = m_targetUrl + u"&options=-csearch_path%3D"_s;
    QTest::addColumn<int>("index");
    int n = 0;
    for (const auto &[name, pair] : pairsBothWays()) {
        for (const QString &side : {u"from"_s, u"to"_s}) {
            const QString schema = u"p%1_%2"_s.arg(n).arg(side);
            QVERIFY(database->exec(u"CREATE SCHEMA %1"_s.arg(schema)));
            QVERIFY(database->exec(u"SET search_path TO %1"_s.arg(schema)));
            for (const QString &sql : side == u"from"_s ? pair.before : pair.after) {
                QVERIFY2(database->exec(sql), qPrintable(database->lastError().text()));
            }
            arguments << sqlalchemyUrl + schema;
        }
        QTest::newRow(qPrintable(name)) << n++;
    }
    QProcess python;
    python.start(QStringLiteral(SYSTEM_PYTHON), arguments);
    QVERIFY(python.waitForFinished(120000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    m_alembicByPair.clear();
    for (const QString &line :
         QString::fromUtf8(python.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts)) {
        if (line.startsWith(u"== "_s)) {
            m_alembicByPair.append(QStringList());
        } else if (!m_alembicByPair.isEmpty()) {
            m_alembicByPair.last() << line;
        }
    }
    QCOMPARE(m_alembicByPair.size(), n);
}

void tst_PgMigrate::sameChangesAsAlembicOnTheServer()
{
    // Given two schemas on the server, each the default one of its connection (as the URL's
    // search_path makes it, for Alembic too)
    QFETCH(int, index);
    orm::Error error;
    auto from = orm::Connection::open(
        orm::DatabaseUrl::parse(m_targetUrl + u"&options=-csearch_path%3Dp%1_from"_s.arg(index)),
        {}, &error);
    QVERIFY2(from, qPrintable(error.text()));
    auto to = orm::Connection::open(
        orm::DatabaseUrl::parse(m_targetUrl + u"&options=-csearch_path%3Dp%1_to"_s.arg(index)), {},
        &error);
    QVERIFY2(to, qPrintable(error.text()));

    // When Rowsmith and Alembic compare them
    const QStringList ours =
        asAlembicLines(orm::compareSchemas(reflected(*from, QString()), reflected(*to, QString())),
                       AlembicEngine::Postgresql);
    QStringList theirs = m_alembicByPair.value(index);
    theirs.sort();

    // Then they find the same changes
    QCOMPARE(ours, theirs);
    const QString tag = QString::fromLatin1(QTest::currentDataTag());
    QVERIFY(!ours.isEmpty() || tag.contains(u"check"_s) || tag.contains(u"view"_s)
            || tag.contains(u"expression"_s) || tag.contains(u"partial"_s));
}

void tst_PgMigrate::destructiveChangesAreRefusedWithCounts()
{
    // Given a server database with rows
    auto database = fresh(
        m_dbUrl,
        {u"CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(80), email VARCHAR(120), "
         "score TEXT, PRIMARY KEY (id))"_s,
         u"CREATE TABLE notes (id INTEGER NOT NULL, body TEXT, PRIMARY KEY (id))"_s,
         u"INSERT INTO users VALUES (1, 'ann', 'ann@example.com', '12'), (2, 'bob', NULL, 'x'), "
         "(3, NULL, 'a-very-long-address@example.com', NULL)"_s,
         u"INSERT INTO notes VALUES (1, 'x'), (2, 'y')"_s});
    auto target = fresh(m_targetUrl,
                        {u"CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(80) NOT NULL, "
                         "email VARCHAR(20), score INTEGER, PRIMARY KEY (id))"_s});
    QVERIFY(database && target);
    const auto ops = orm::compareSchemas(reflected(*database), reflected(*target));

    // When the change runs without confirmation
    orm::Migration migration(*database);
    QVERIFY(!migration.run(ops, orm::Migration::Destructive::Refuse));

    // Then it is refused, with what would be lost, and nothing is written
    const QString message = migration.lastError().message();
    QVERIFY2(message.contains(u"drop table notes: 2 row(s) deleted"_s), qPrintable(message));
    QVERIFY2(
        message.contains(
            u"alter column users.email: type VARCHAR(120) -> VARCHAR(20): 1 value(s) do not fit"_s),
        qPrintable(message));
    QVERIFY2(message.contains(u"alter column users.score: type TEXT -> INTEGER: 1 value(s) do "
                              "not fit"_s),
             qPrintable(message));
    QVERIFY2(message.contains(
                 u"alter column users.username: NOT NULL: 1 NULL value(s) under NOT NULL"_s),
             qPrintable(message));
    QCOMPARE(rows(*database, u"SELECT count(*) FROM notes"_s).value(0).value(0).toInt(), 2);
    QCOMPARE(orm::compareSchemas(reflected(*database), reflected(*target)).size(), ops.size());
}

void tst_PgMigrate::aViewOnADroppedColumnStopsTheChangeAndNothingIsWritten()
{
    // Given a view over a column, and a change that drops that column and adds another
    auto database = fresh(m_dbUrl,
                          {u"CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(120), "
                           "PRIMARY KEY (id))"_s,
                           u"CREATE VIEW emails AS SELECT email FROM users"_s,
                           u"INSERT INTO users VALUES (1, 'ann@example.com')"_s});
    auto target = fresh(
        m_targetUrl, {u"CREATE TABLE users (id INTEGER NOT NULL, name TEXT, PRIMARY KEY (id))"_s});
    QVERIFY(database && target);
    // (compared as models: the database's views are its own)
    orm::CompareOptions options;
    options.target = orm::CompareOptions::Target::Models;
    const auto ops = orm::compareSchemas(reflected(*database), reflected(*target), options);
    QCOMPARE(ops.size(), 2);

    // When it runs
    orm::Migration migration(*database);
    QVERIFY(!migration.run(ops, orm::Migration::Destructive::Allow));

    // Then the server's refusal names the view, and the column added first is gone with the rest
    QVERIFY2(migration.lastError().message().contains(u"emails"_s),
             qPrintable(migration.lastError().message()));
    const orm::MetaData now = reflected(*database);
    QVERIFY(now.table(u"users"_s)->column(u"email"_s));
    QVERIFY(!now.table(u"users"_s)->column(u"name"_s));
    QCOMPARE(rows(*database, u"SELECT email FROM emails"_s),
             (QList<QVariantList> {{u"ann@example.com"_s}}));
}

void tst_PgMigrate::serialKeysAndNamedConstraintsCompareClean()
{
    // Given a server table with a SERIAL key, a named unique constraint, a check the server
    // rewrote, and a default it gave a cast
    auto database = fresh(m_dbUrl,
                          {u"CREATE TABLE users (id SERIAL PRIMARY KEY, username VARCHAR(80) NOT "
                           "NULL DEFAULT 'anon', CONSTRAINT users_username_key UNIQUE (username), "
                           "CHECK (length(username) > 0))"_s});
    QVERIFY(database);
    orm::Table users(u"users"_s);
    orm::Column id;
    id.name = u"id"_s;
    id.type = orm::Integer;
    id.primaryKey = true;
    id.autoincrement = true;
    orm::Column username;
    username.name = u"username"_s;
    username.type = orm::String(80);
    username.nullable = false;
    username.unique = true;
    username.serverDefault = u"'anon'"_s;
    users.addColumn(id);
    users.addColumn(username);
    users.addCheck(orm::CheckConstraint {QString(), u"length(username) > 0"_s});
    orm::MetaData models;
    models.addTable(users);

    // When it is compared with models that declare the same
    const auto ops = orm::compareSchemas(reflected(*database), models);

    // Then nothing differs
    QVERIFY2(ops.isEmpty(), qPrintable(ops.value(0).description()));
}

void tst_PgMigrate::dbCommandUpgradesAndDowngradesAServer()
{
    // Given an empty server database and models with two tables
    auto target = fresh(
        m_targetUrl,
        {u"CREATE TABLE users (id SERIAL PRIMARY KEY, username VARCHAR(80) NOT NULL UNIQUE)"_s,
         u"CREATE TABLE posts (id SERIAL PRIMARY KEY, user_id INTEGER REFERENCES users (id), "
         "title VARCHAR(80))"_s,
         u"CREATE INDEX ix_posts_title ON posts (title)"_s});
    auto database = fresh(m_dbUrl, {});
    QVERIFY(database && target);
    const orm::MetaData models = reflected(*target);
    QDir(m_dir.filePath(u"migrations"_s)).removeRecursively();
    QString out, err;

    // When a revision is written from the models and the database is upgraded
    QCOMPARE(db({u"init"_s}, models), 0);
    QCOMPARE(db({u"revision"_s, u"--autogenerate"_s, u"-m"_s, u"blog"_s}, models, &out, &err), 0);
    QVERIFY2(out.contains(u"Detected create table users"_s), qPrintable(out + err));
    QCOMPARE(db({u"upgrade"_s}, models, &out, &err), 0);

    // Then the server has the models' schema and the revision, and check finds nothing to do
    QVERIFY(orm::compareSchemas(reflected(*database), models).isEmpty());
    const QString head = orm::currentRevision(*database).value_or(QString());
    QVERIFY(!head.isEmpty());
    QCOMPARE(db({u"current"_s}, models, &out, &err), 0);
    QCOMPARE(out.trimmed(), head + u" (head)"_s);
    QCOMPARE(db({u"check"_s}, models, &out, &err), 0);
    QCOMPARE(db({u"history"_s}, models, &out, &err), 0);
    QVERIFY2(out.contains(u"<base> -> %1 (head), blog"_s.arg(head)), qPrintable(out));
    QVERIFY(database->exec(u"INSERT INTO users (username) VALUES ('ann')"_s));

    // When the models add a column and a revision for it runs
    QVERIFY(target->exec(u"ALTER TABLE users ADD COLUMN age INTEGER NOT NULL DEFAULT 0"_s));
    const orm::MetaData newer = reflected(*target);
    QCOMPARE(db({u"check"_s}, newer, &out, &err), 1);
    QCOMPARE(db({u"migrate"_s, u"-m"_s, u"age"_s}, newer, &out, &err), 0);
    QCOMPARE(db({u"upgrade"_s}, newer, &out, &err), 0);
    QCOMPARE(rows(*database, u"SELECT username, age FROM users"_s),
             (QList<QVariantList> {{u"ann"_s, 0}}));

    // Then a downgrade drops only with --yes, keeping the row without the column
    QCOMPARE(db({u"downgrade"_s}, newer, &out, &err), 1);
    QVERIFY2(err.contains(u"drop column users.age: 1 value(s) deleted"_s), qPrintable(err));
    QCOMPARE(db({u"downgrade"_s, u"--yes"_s}, newer, &out, &err), 0);
    QCOMPARE(orm::currentRevision(*database).value_or(QString()), head);
    QCOMPARE(rows(*database, u"SELECT username FROM users"_s), (QList<QVariantList> {{u"ann"_s}}));

    // And stamp and a downgrade to base leave an empty schema with no revision
    QCOMPARE(db({u"downgrade"_s, u"base"_s, u"--yes"_s}, models, &out, &err), 0);
    QVERIFY(reflected(*database).table(u"alembic_version"_s));
    QCOMPARE(orm::currentRevisions(*database).value_or(QStringList {u"?"_s}), QStringList());
    QVERIFY(!reflected(*database).table(u"users"_s));
    QCOMPARE(db({u"stamp"_s, head}, models, &out, &err), 0);
    QCOMPARE(orm::currentRevision(*database).value_or(QString()), head);
}

void tst_PgMigrate::eachRevisionIsAtomicOnTheServer()
{
    // Given a revision whose second statement fails after its first created a table
    auto database = fresh(m_dbUrl, {});
    QVERIFY(database);
    const QString folder = m_dir.filePath(u"migrations"_s);
    QDir(folder).removeRecursively();
    QVERIFY(QDir().mkpath(folder));
    QFile script(QDir(folder).filePath(u"b1_broken.sql"_s));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write("-- revision: b1\n-- down_revision: None\n-- message: broken\n-- upgrade\n"
                 "CREATE TABLE made (id INTEGER PRIMARY KEY);\n"
                 "ALTER TABLE missing ADD COLUMN x INTEGER;\n"
                 "-- downgrade\nDROP TABLE made;\n");
    script.close();

    // When the database is upgraded
    QString out, err;
    QCOMPARE(db({u"upgrade"_s}, {}, &out, &err), 1);

    // Then the server reports the statement, and neither the table nor a revision was written
    QVERIFY2(err.contains(u"missing"_s), qPrintable(err));
    QVERIFY(!reflected(*database).table(u"made"_s));
    QCOMPARE(orm::currentRevisions(*database).value_or(QStringList {u"?"_s}), QStringList());
}

void tst_PgMigrate::diffAndApplyBetweenServerDatabases()
{
    // Given two server databases that differ
    auto database = fresh(m_dbUrl, migrationPairs().value(0).before);
    auto target = fresh(m_targetUrl, migrationPairs().value(0).after);
    QVERIFY(database && target);

    // When db diff writes the script between them and db apply runs it
    QString out, err;
    QCOMPARE(db({u"diff"_s, m_dbUrl, m_targetUrl}, {}, &out, &err), 0);
    QVERIFY2(out.contains(u"CREATE TABLE \"posts\""_s), qPrintable(out));
    QVERIFY2(out.contains(u"rowsmith_migrate to rowsmith_migrate_target"_s), qPrintable(out));
    const QString path = m_dir.filePath(u"diff.sql"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(out.toUtf8());
    file.close();
    QCOMPARE(db({u"apply"_s, path, m_dbUrl}, {}, &out, &err), 0);

    // Then the first has the second's schema
    QVERIFY(orm::compareSchemas(reflected(*database), reflected(*target)).isEmpty());
}

namespace {

// Every column of the public schema as the server names its type: "table.column type
// [identity]", in order.
QStringList serverColumns(orm::Connection &c)
{
    QStringList out;
    for (const QVariantList &row :
         rows(c,
              u"SELECT c.relname || '.' || a.attname || ' ' || "
              "pg_catalog.format_type(a.atttypid, a.atttypmod) || ' ' || a.attidentity "
              "|| CASE WHEN a.attnotnull THEN ' not null' ELSE '' END "
              "FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid "
              "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace "
              "WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 "
              "AND NOT a.attisdropped ORDER BY c.relname, a.attnum"_s)) {
        out << row.value(0).toString();
    }
    return out;
}

} // namespace

void tst_PgMigrate::diffBetweenServersKeepsTheServersTypes()
{
    // Given an empty database and one whose tables use the server's own types: time zones,
    // JSONB, UUID, arrays, identity keys of both kinds
    auto database = fresh(m_dbUrl, {});
    auto target =
        fresh(m_targetUrl,
              {u"CREATE TABLE users (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, "
               "created TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), seen TIMESTAMP, "
               "prefs JSONB, doc JSON, token UUID, code VARCHAR(36), nicknames TEXT[], "
               "scores INTEGER[], balance NUMERIC(12, 4), ip INET, wait INTERVAL)"_s,
               u"CREATE TABLE event (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
               "at TIMESTAMP(3) WITH TIME ZONE, user_id BIGINT REFERENCES users (id))"_s});
    QVERIFY(database && target);

    // When db diff writes the script between them and db apply runs it
    QString out, err;
    QCOMPARE(db({u"diff"_s, m_dbUrl, m_targetUrl}, {}, &out, &err), 0);
    for (const QString &expected :
         {u"\"created\" timestamp with time zone NOT NULL"_s,
          u"\"seen\" timestamp without time zone"_s, u"\"prefs\" jsonb"_s, u"\"doc\" json"_s,
          u"\"token\" uuid"_s, u"\"nicknames\" text[]"_s, u"\"scores\" integer[]"_s,
          u"\"id\" bigint GENERATED BY DEFAULT AS IDENTITY"_s,
          u"\"id\" integer GENERATED ALWAYS AS IDENTITY"_s,
          u"\"at\" timestamp(3) with time zone"_s}) {
        QVERIFY2(out.contains(expected), qPrintable(expected + u"\n"_s + out));
    }
    QVERIFY2(!out.contains(u"SERIAL"_s), qPrintable(out));
    const QString path = m_dir.filePath(u"types.sql"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(out.toUtf8());
    file.close();
    QCOMPARE(db({u"apply"_s, u"--yes"_s, path, m_dbUrl}, {}, &out, &err), 0);

    // Then every column has the same type as the server gives it, and a second diff finds
    // nothing
    QCOMPARE(serverColumns(*database), serverColumns(*target));
    auto ops = orm::compareSchemas(reflected(*database), reflected(*target));
    QVERIFY2(ops.isEmpty(), qPrintable(ops.value(0).description()));

    // And when the types differ by what the column type alone does not tell apart
    QVERIFY(database->exec(u"ALTER TABLE users ALTER COLUMN created TYPE TIMESTAMP WITHOUT "
                           "TIME ZONE, ALTER COLUMN prefs TYPE JSON, ALTER COLUMN token TYPE "
                           "VARCHAR(36), ALTER COLUMN nicknames TYPE TEXT"_s));
    ops = orm::compareSchemas(reflected(*database), reflected(*target));
    QStringList changes;
    for (const orm::MigrationOp &op : std::as_const(ops))
        changes << op.description();
    // Then each is a difference, and the script makes them the server's types again
    QCOMPARE(ops.size(), 4);
    QVERIFY2(changes.join(u'\n').contains(
                 u"type timestamp without time zone -> timestamp with time zone"_s),
             qPrintable(changes.join(u'\n')));
    QCOMPARE(db({u"diff"_s, m_dbUrl, m_targetUrl}, {}, &out, &err), 0);
    QVERIFY2(out.contains(u"ALTER COLUMN \"prefs\" TYPE jsonb"_s), qPrintable(out));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(out.toUtf8());
    file.close();
    QCOMPARE(db({u"apply"_s, u"--yes"_s, path, m_dbUrl}, {}, &out, &err), 0);
    QCOMPARE(serverColumns(*database), serverColumns(*target));
    ops = orm::compareSchemas(reflected(*database), reflected(*target));
    QVERIFY2(ops.isEmpty(), qPrintable(ops.value(0).description()));
}

QTEST_GUILESS_MAIN(tst_PgMigrate)
#include "tst_pgmigrate.moc"
