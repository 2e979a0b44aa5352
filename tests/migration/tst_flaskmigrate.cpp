// SPDX-License-Identifier: MIT
#include "migrationtestsupport.h"

#include "orm/migrations/migratecommand.h"
#include "orm/migrations/migratescript.h"

#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Qt::StringLiterals;

// Rowsmith and Flask-Migrate (Debian's python3-flask-migrate) on one migrations folder, both
// ways: Rowsmith names a Flask app's revisions and writes Alembic revisions that
// "flask db upgrade" runs to the schema Rowsmith's own SQL gives, and "flask db downgrade"
// undoes; and Flask-Migrate continues a chain of revisions Rowsmith wrote.
class tst_FlaskMigrate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void alembicRevisionOnAFlaskAppMatchesRowsmithsUpgrade();
    void flaskMigrateContinuesRowsmithsChain();
    void alembicRevisionKeepsCollationGenerationAndDeferral();

private:
    struct Result
    {
        int code;
        QString out;
        QString err;
    };
    // "flask db ..." in the application's folder.
    Result flask(const QStringList &arguments, const QString &models);
    // Rowsmith's db command on models, in the application's folder.
    Result rowsmith(const orm::MetaData &models, const QStringList &arguments,
                    const QString &database = {}, const QString &directory = {});
    QString path(const QString &name) const { return m_dir->filePath(name); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

namespace {

orm::MetaData modelsOf(const QString &file, const QStringList &ddl)
{
    auto connection = makeDatabase(file, ddl);
    return connection ? reflected(*connection) : orm::MetaData();
}

// One row of one value.
QList<QVariantList> single(const QVariant &value)
{
    return {QVariantList {value}};
}

QList<QVariantList> rows(orm::Connection &connection, const QString &sql)
{
    const auto result = connection.select(sql);
    return result ? *result : single(QString(u"error: "_s + connection.lastError().message()));
}

// The differences between two databases' schemas, both ways (names aside), as text.
QStringList differences(orm::Connection &a, orm::Connection &b)
{
    QStringList out;
    const orm::MetaData sa = reflected(a), sb = reflected(b);
    for (const orm::MigrationOp &op : orm::compareSchemas(sa, sb)) {
        out << op.description();
    }
    for (const orm::MigrationOp &op : orm::compareSchemas(sb, sa)) {
        out << u"back: "_s + op.description();
    }
    for (const orm::Table &t : sa.tables()) {
        const orm::Table *o = sb.table(t.name());
        if (o && o->isSqliteAutoincrement() != t.isSqliteAutoincrement()) {
            out << u"AUTOINCREMENT differs on "_s + t.name();
        }
        if (o && o->triggers().size() != t.triggers().size()) {
            out << u"triggers differ on "_s + t.name();
        }
    }
    return out;
}

QString revisionFile(const QString &directory, const QString &suffix)
{
    QStringList files;
    for (QDirIterator it(directory, {u"*"_s + suffix}, QDir::Files); it.hasNext();) {
        files << it.next();
    }
    return files.size() == 1 ? files.first() : QString();
}

} // namespace

void tst_FlaskMigrate::initTestCase()
{
    QProcess probe;
    probe.start(QStringLiteral(SYSTEM_PYTHON), {u"-c"_s, u"import flask_migrate"_s});
    QVERIFY(probe.waitForFinished(60000));
    if (probe.exitCode() != 0) {
        QSKIP("Flask-Migrate is not installed (Debian's python3-flask-migrate, "
              "packaging/test-deps.txt)");
    }
}

void tst_FlaskMigrate::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QFile::remove(path(u"flaskapp.py"_s));
    QVERIFY(QFile::copy(QStringLiteral(FLASK_APP), path(u"flaskapp.py"_s)));
}

tst_FlaskMigrate::Result tst_FlaskMigrate::flask(const QStringList &arguments,
                                                 const QString &models)
{
    QProcess process;
    process.setWorkingDirectory(m_dir->path());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"ROWSMITH_FLASK_DATABASE"_s, path(u"app.db"_s));
    env.insert(u"ROWSMITH_FLASK_MODELS"_s, models);
    env.insert(u"PYTHONDONTWRITEBYTECODE"_s, u"1"_s);
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SYSTEM_PYTHON),
                  QStringList {u"-m"_s, u"flask"_s, u"--app"_s, u"flaskapp.py"_s, u"db"_s}
                      + arguments);
    if (!process.waitForFinished(120000)) {
        return {-1, QString(), u"flask did not finish"_s};
    }
    return {process.exitCode(), QString::fromUtf8(process.readAllStandardOutput()),
            QString::fromUtf8(process.readAllStandardError())};
}

tst_FlaskMigrate::Result tst_FlaskMigrate::rowsmith(const orm::MetaData &models,
                                                    const QStringList &arguments,
                                                    const QString &database,
                                                    const QString &directory)
{
    QString out, err;
    QTextStream o(&out), e(&err);
    orm::DbCommand command(models);
    command.setDatabase(database.isEmpty() ? path(u"app.db"_s) : database);
    const int code = command.run(
        QStringList {u"--directory"_s, directory.isEmpty() ? path(u"migrations"_s) : directory}
            + arguments,
        o, e);
    o.flush();
    e.flush();
    return {code, out, err};
}

void tst_FlaskMigrate::alembicRevisionOnAFlaskAppMatchesRowsmithsUpgrade()
{
    // Given a Flask app whose database Flask-Migrate made, with rows (the highest user deleted),
    // a trigger, an index over an expression, a partial index and a view
    Result r = flask({u"init"_s}, u"blog"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = flask({u"migrate"_s, u"-m"_s, u"blog"_s}, u"blog"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = flask({u"upgrade"_s}, u"blog"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString flaskRevision = QFileInfo(revisionFile(path(u"migrations/versions"_s), u".py"_s))
                                      .baseName()
                                      .section(u'_', 0, 0);
    QVERIFY(!flaskRevision.isEmpty());
    {
        auto db = openDatabase(path(u"app.db"_s));
        QVERIFY(db);
        for (
            const QString &sql :
            {u"INSERT INTO teams (id, name, code) VALUES (1, 'red', 'R'), (2, 'blue', 'B')"_s,
             u"INSERT INTO users (nick, name, team_id) VALUES ('ann', 'Ann', 1), ('bob', 'Bob', 2), ('cy', 'Cy', NULL)"_s,
             u"DELETE FROM users WHERE id = 3"_s, u"INSERT INTO tags (label) VALUES ('x')"_s,
             u"CREATE TRIGGER users_touch AFTER UPDATE ON users BEGIN UPDATE teams SET name = name WHERE id = NEW.team_id; END"_s,
             u"CREATE INDEX ix_users_lower_name ON users (lower(name))"_s,
             u"CREATE UNIQUE INDEX ix_teams_code_set ON teams (code) WHERE code IS NOT NULL"_s,
             u"CREATE VIEW team_names AS SELECT name FROM teams"_s}) {
            QVERIFY2(db->exec(sql), qPrintable(db->lastError().message()));
        }
    }
    QVERIFY(QFile::copy(path(u"app.db"_s), path(u"before.db"_s)));

    // Rowsmith names its revision
    const orm::MetaData blog = reflected(*openDatabase(path(u"before.db"_s)));
    r = rowsmith(blog, {u"current"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out, flaskRevision + u" (head)\n"_s);
    r = rowsmith(blog, {u"history"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out, u"<base> -> %1 (head), blog\n"_s.arg(flaskRevision));

    // When Rowsmith writes an Alembic revision for changed models (every kind of change), and
    // the same change as its own SQL revision into a copy of the folder
    const orm::MetaData target = modelsOf(
        path(u"models.db"_s),
        {u"CREATE TABLE teams (id INTEGER NOT NULL, name VARCHAR(40) NOT NULL, code VARCHAR(10), PRIMARY KEY (id), CHECK (length(name) > 0))"_s,
         u"CREATE TABLE users (id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, nickname VARCHAR(30), name VARCHAR(120), team_id INTEGER, email VARCHAR(120) NOT NULL DEFAULT '', FOREIGN KEY(team_id) REFERENCES teams (id))"_s,
         u"CREATE INDEX ix_users_name ON users (name)"_s,
         u"CREATE TABLE labels (id INTEGER NOT NULL, label VARCHAR(20), PRIMARY KEY (id))"_s,
         u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER NOT NULL, title VARCHAR(100) NOT NULL, body TEXT, PRIMARY KEY (id), UNIQUE (user_id, title), CONSTRAINT ck_title CHECK (length(title) > 0), FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE)"_s,
         u"CREATE INDEX ix_posts_user_id ON posts (user_id)"_s});
    const QStringList renames {u"--rename"_s, u"users.nick:nickname"_s, u"--rename"_s,
                               u"tags:labels"_s};
    QVERIFY(QDir().mkpath(path(u"sql/versions"_s)));
    QVERIFY(QFile::copy(revisionFile(path(u"migrations/versions"_s), u".py"_s),
                        path(u"sql/versions/"_s) + flaskRevision + u"_blog.py"_s));
    r = rowsmith(target,
                 QStringList {u"revision"_s, u"--autogenerate"_s, u"--format"_s, u"alembic"_s,
                              u"-m"_s, u"reshape"_s}
                     + renames);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = rowsmith(target,
                 QStringList {u"revision"_s, u"--autogenerate"_s, u"-m"_s, u"reshape"_s} + renames,
                 {}, path(u"sql"_s));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QString alembicFile = revisionFile(path(u"migrations/versions"_s), u"_reshape.py"_s);
    QVERIFY(!alembicFile.isEmpty());

    // Then Rowsmith does not run the Alembic revision itself, and says who does
    r = rowsmith(target, {u"upgrade"_s, u"--yes"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"flask db upgrade"_s), qPrintable(r.err));
    QVERIFY(differences(*openDatabase(path(u"app.db"_s)), *openDatabase(path(u"before.db"_s)))
                .isEmpty());

    // Then "flask db upgrade" runs it, and Rowsmith's SQL upgrade of a copy gives the same
    // schema, rows and sequence
    r = flask({u"upgrade"_s}, u"blog"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err + u"\n"_s + alembicFile));
    QVERIFY(QFile::copy(path(u"before.db"_s), path(u"rowsmith.db"_s)));
    r = rowsmith(target, {u"upgrade"_s, u"--yes"_s}, path(u"rowsmith.db"_s), path(u"sql"_s));
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto flaskDb = openDatabase(path(u"app.db"_s));
    auto rowsmithDb = openDatabase(path(u"rowsmith.db"_s));
    QVERIFY(flaskDb && rowsmithDb);
    QCOMPARE(differences(*flaskDb, *rowsmithDb).join(u"; "_s), QString());
    orm::CompareOptions asModels; // the database's views and expression indexes are its own
    asModels.target = orm::CompareOptions::Target::Models;
    QVERIFY(orm::compareSchemas(reflected(*flaskDb), target, asModels).isEmpty());
    QCOMPARE(reflected(*flaskDb).table(u"users"_s)->expressionIndexes().size(), 1);
    QCOMPARE(reflected(*flaskDb).table(u"teams"_s)->expressionIndexes().size(), 1);
    const QString usersSql = u"SELECT id, nickname, name, team_id, email FROM users ORDER BY id"_s;
    QCOMPARE(rows(*flaskDb, usersSql), rows(*rowsmithDb, usersSql));
    QCOMPARE(rows(*flaskDb, usersSql).size(), 2);
    QCOMPARE(rows(*flaskDb, u"SELECT label FROM labels"_s), single(u"x"_s));
    for (orm::Connection *db : {flaskDb.get(), rowsmithDb.get()}) {
        QVERIFY(db->exec(u"INSERT INTO users (name, email) VALUES ('Dee', 'd@x')"_s));
        QCOMPARE(rows(*db, u"SELECT max(id) FROM users"_s), single(4));
        QVERIFY(db->exec(u"DELETE FROM users WHERE id = 4"_s));
    }
    flaskDb.reset();
    rowsmithDb.reset();

    // Then "flask db downgrade" gives back the schema and the rows before
    r = flask({u"downgrade"_s}, u"blog"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto downgraded = openDatabase(path(u"app.db"_s));
    auto before = openDatabase(path(u"before.db"_s));
    QCOMPARE(differences(*downgraded, *before).join(u"; "_s), QString());
    for (const QString &sql :
         {u"SELECT * FROM teams ORDER BY id"_s, u"SELECT * FROM users ORDER BY id"_s,
          u"SELECT * FROM tags ORDER BY id"_s}) {
        QCOMPARE(rows(*downgraded, sql), rows(*before, sql));
    }
    r = rowsmith(blog, {u"current"_s});
    QCOMPARE(r.out, flaskRevision + u"\n"_s);
}

void tst_FlaskMigrate::flaskMigrateContinuesRowsmithsChain()
{
    // Given a Flask-Migrate folder in which Rowsmith writes two Alembic revisions from its
    // models, which "flask db upgrade" runs
    Result r = flask({u"init"_s}, u"forum"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(makeDatabase(path(u"app.db"_s), {}));
    const QStringList users {u"id INTEGER NOT NULL"_s, u"name VARCHAR(80) NOT NULL"_s,
                             u"email VARCHAR(120)"_s};
    const orm::MetaData first = modelsOf(
        path(u"models1.db"_s),
        {u"CREATE TABLE users (%1, PRIMARY KEY (id), UNIQUE (email))"_s.arg(users.join(u", "_s)),
         u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER NOT NULL, body TEXT, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id))"_s,
         u"CREATE INDEX ix_posts_user_id ON posts (user_id)"_s});
    r = rowsmith(
        first,
        {u"revision"_s, u"--autogenerate"_s, u"--format"_s, u"alembic"_s, u"-m"_s, u"forum"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = flask({u"upgrade"_s}, u"forum"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const QStringList secondDdl {
        u"CREATE TABLE users (%1, age INTEGER, PRIMARY KEY (id), UNIQUE (email))"_s.arg(
            users.join(u", "_s)),
        u"CREATE INDEX ix_users_age ON users (age)"_s,
        u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER NOT NULL, title VARCHAR(100) NOT NULL DEFAULT '', PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id))"_s,
        u"CREATE INDEX ix_posts_user_id ON posts (user_id)"_s};
    const orm::MetaData second = modelsOf(path(u"models2.db"_s), secondDdl);
    r = rowsmith(second,
                 {u"revision"_s, u"--autogenerate"_s, u"--format"_s, u"alembic"_s, u"-m"_s,
                  u"ages and titles"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = flask({u"upgrade"_s}, u"forum"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    r = rowsmith(second, {u"history"_s});
    const QStringList ours = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(ours.size(), 2);

    // When the Flask app's models (Rowsmith's plus a column) are compared by Flask-Migrate
    r = flask({u"migrate"_s, u"-m"_s, u"karma"_s}, u"forum"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));

    // Then it finds only that column: Rowsmith's revisions made the schema its models describe,
    // and the new revision follows Rowsmith's head
    const QRegularExpression detected(u"Detected [^\n]*"_s);
    QStringList found;
    for (auto it = detected.globalMatch(r.out + r.err); it.hasNext();) {
        found << it.next().captured(0);
    }
    QCOMPARE(found, QStringList {u"Detected added column 'users.karma'"_s});
    r = flask({u"upgrade"_s}, u"forum"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    const orm::MetaData third = modelsOf(
        path(u"models3.db"_s),
        QStringList {
            u"CREATE TABLE users (%1, age INTEGER, karma INTEGER, PRIMARY KEY (id), UNIQUE (email))"_s
                .arg(users.join(u", "_s))}
            + secondDdl.mid(1));
    r = rowsmith(third, {u"history"_s});
    const QStringList all = r.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(all.size(), 3);
    QVERIFY2(all.first().endsWith(u"(head), karma"_s), qPrintable(all.first()));
    QVERIFY2(all.at(1).startsWith(ours.at(0).section(u' ', 0, 2) + u", "_s), qPrintable(all.at(1)));
    QCOMPARE(all.at(2), ours.at(1));
    r = rowsmith(third, {u"check"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));

    // And Flask-Migrate runs Rowsmith's downgrades down to the empty database
    r = flask({u"downgrade"_s, u"base"_s}, u"forum"_s);
    QVERIFY2(r.code == 0, qPrintable(r.err));
    auto db = openDatabase(path(u"app.db"_s));
    QCOMPARE(rows(*db, u"SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name"_s),
             single(u"alembic_version"_s));
}

void tst_FlaskMigrate::alembicRevisionKeepsCollationGenerationAndDeferral()
{
    // Given a database, and another with a new table whose columns have a collation, generated
    // values and a deferred foreign key, a column given a collation, and a table with a collation
    // whose change copies it
    const QString from = path(u"from.db"_s), to = path(u"to.db"_s);
    const QString parent = u"CREATE TABLE parent (id INTEGER NOT NULL, PRIMARY KEY (id))"_s;
    const QString gadget = u"CREATE TABLE gadget (id INTEGER NOT NULL, name TEXT COLLATE NOCASE, "
                           "qty INTEGER, "
                           "note VARCHAR(%1), PRIMARY KEY (id))"_s;
    QVERIFY(makeDatabase(from,
                         {parent, gadget.arg(10),
                          u"CREATE TABLE tag (id INTEGER NOT NULL, label TEXT, "
                          "PRIMARY KEY (id))"_s,
                          u"INSERT INTO tag VALUES (1, 'Red')"_s,
                          u"INSERT INTO gadget (id, name, qty) VALUES (1, 'Box', 2)"_s}));
    QVERIFY(makeDatabase(
        to,
        {parent, gadget.arg(20),
         u"CREATE TABLE tag (id INTEGER NOT NULL, label TEXT COLLATE NOCASE, "
         "PRIMARY KEY (id))"_s,
         u"CREATE TABLE child (id INTEGER NOT NULL, pid INTEGER, "
         "name VARCHAR(20) COLLATE NOCASE NOT NULL, qty INTEGER, "
         "total INTEGER GENERATED ALWAYS AS (qty * 2) STORED, PRIMARY KEY (id), UNIQUE (name), "
         "FOREIGN KEY(pid) REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)"_s}));

    // When Rowsmith writes the change as an Alembic revision, and Alembic runs it on the first
    const Result diff =
        rowsmith(orm::MetaData(), {u"diff"_s, from, to, u"--format"_s, u"alembic"_s});
    QVERIFY2(diff.code == 0, qPrintable(diff.err));
    QFile revision(path(u"change.py"_s));
    QVERIFY(revision.open(QIODevice::WriteOnly));
    revision.write(diff.out.toUtf8());
    revision.close();
    QProcess python;
    python.start(QStringLiteral(SYSTEM_PYTHON),
                 {u"-c"_s,
                  u"import importlib.util, sys, sqlalchemy as sa\n"
                  "from alembic.runtime.migration import MigrationContext\n"
                  "from alembic.operations import Operations\n"
                  "spec = importlib.util.spec_from_file_location('change', sys.argv[1])\n"
                  "change = importlib.util.module_from_spec(spec)\n"
                  "spec.loader.exec_module(change)\n"
                  "with sa.create_engine('sqlite:///' + sys.argv[2]).begin() as connection:\n"
                  "    with Operations.context(MigrationContext.configure(connection)):\n"
                  "        change.upgrade()\n"_s,
                  revision.fileName(), from});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0,
             qPrintable(QString::fromUtf8(python.readAllStandardError()) + diff.out));

    // Then the new table, the changed column and the table copied behave as the target's
    auto db = openDatabase(from);
    QVERIFY(db);
    QCOMPARE(rows(*db, u"SELECT qty FROM gadget WHERE name = 'box'"_s), single(2));
    QCOMPARE(rows(*db, u"SELECT id FROM tag WHERE label = 'red'"_s), single(1));
    QVERIFY(db->exec(u"INSERT INTO parent VALUES (1)"_s));
    QVERIFY(db->exec(u"INSERT INTO child (id, pid, name, qty) VALUES (1, 1, 'Abc', 2)"_s));
    QVERIFY(!db->exec(u"INSERT INTO child (id, pid, name, qty) VALUES (2, 1, 'ABC', 2)"_s));
    QVERIFY(db->exec(u"UPDATE child SET qty = 5"_s));
    QCOMPARE(rows(*db, u"SELECT total FROM child WHERE name = 'abc'"_s), single(10));
    QVERIFY(db->begin(orm::Connection::TransactionMode::Immediate));
    QVERIFY2(db->exec(u"INSERT INTO child (id, pid, name, qty) VALUES (3, 7, 'z', 1)"_s),
             qPrintable(db->lastError().message()));
    QVERIFY(db->exec(u"INSERT INTO parent VALUES (7)"_s));
    QVERIFY2(db->commit(), qPrintable(db->lastError().message()));
}

QTEST_GUILESS_MAIN(tst_FlaskMigrate)
#include "tst_flaskmigrate.moc"
