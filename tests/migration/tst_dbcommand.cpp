// SPDX-License-Identifier: MIT
#include "migrationtestsupport.h"

#include "orm/migrations/migratecommand.h"
#include "orm/migrations/migratescript.h"

#include <QDir>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

using namespace Qt::StringLiterals;

// The "db" command (orm/migratecommand.h) on a program's models, and rowsmith's own.
class tst_DbCommand : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void revisionsUpgradeAndDowngradeWithAlembicVersion();
    void unknownRevisionIsRefused();
    void stepsPastTheEndOfTheLineSayWhy();
    void alembicRevisionsJoinTheHistoryButAreNotRun();
    void branchesUpgradeToHeadsAndMerge();
    void branchLabelsAndDependsOnAreRead();
    void destructiveRevisionNeedsYes();
    void usageErrorsExitWithTwo();
    void diffPrintsAScriptThatApplyRuns();
    void rowsmithDbNeverOpensTheWindow();

private:
    struct Result
    {
        int code;
        QString out;
        QString err;
    };
    Result db(const QStringList &arguments)
    {
        QString out, err;
        QTextStream o(&out), e(&err);
        orm::DbCommand command(m_models);
        command.setDatabase(m_dir->filePath(u"app.db"_s));
        const int code = command.run(
            QStringList {u"--directory"_s, m_dir->filePath(u"migrations"_s)} + arguments, o, e);
        o.flush();
        e.flush();
        return {code, out, err};
    }
    void setModels(const QStringList &ddl)
    {
        auto models = makeDatabase(m_dir->filePath(u"models.db"_s), ddl);
        QVERIFY(models);
        m_models = reflected(*models);
    }
    std::unique_ptr<QTemporaryDir> m_dir;
    orm::MetaData m_models;
};

void tst_DbCommand::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(makeDatabase(m_dir->filePath(u"app.db"_s), {}));
}

void tst_DbCommand::revisionsUpgradeAndDowngradeWithAlembicVersion()
{
    // Given models with one table, and an initialised folder
    setModels({u"CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(80), PRIMARY KEY (id))"_s});
    QCOMPARE(db({u"init"_s}).code, 0);
    QCOMPARE(db({u"init"_s}).code, 1); // not twice

    // When a revision is generated and run, then the models grow a column
    Result r = db({u"revision"_s, u"--autogenerate"_s, u"-m"_s, u"create users"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(db({u"check"_s}).code, 1);
    r = db({u"upgrade"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(db({u"check"_s}).code, 0);
    setModels(
        {u"CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(80), age INTEGER, PRIMARY KEY (id))"_s});
    QCOMPARE(db({u"migrate"_s, u"-m"_s, u"add age"_s}).code, 0);
    r = db({u"upgrade"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));

    // Then alembic_version follows each revision, and history lists both
    orm::MigrationHistory history;
    QVERIFY(history.load(m_dir->filePath(u"migrations"_s)));
    QCOMPARE(history.scripts().size(), 2);
    auto app = openDatabase(m_dir->filePath(u"app.db"_s));
    QVERIFY(app && app->exec(u"INSERT INTO users (name, age) VALUES ('ann', 3)"_s));
    QCOMPARE(*orm::currentRevision(*app), history.head());
    QCOMPARE(db({u"current"_s}).out.trimmed(), history.head() + u" (head)"_s);
    QCOMPARE(db({u"history"_s}).out.count(u'\n'), 2);

    // And a downgrade takes the column away again (confirmed: it holds a value)
    QCOMPARE(db({u"downgrade"_s}).code, 1);
    r = db({u"downgrade"_s, u"--yes"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(*orm::currentRevision(*app), history.scripts().first().revision);
    QVERIFY(!reflected(*app).table(u"users"_s)->column(u"age"_s));
    QCOMPARE(app->select(u"SELECT name FROM users"_s)->value(0).value(0).toString(), u"ann"_s);
    QCOMPARE(db({u"stamp"_s, u"head"_s}).code, 0);
    QCOMPARE(*orm::currentRevision(*app), history.head());
    QCOMPARE(db({u"downgrade"_s, u"base"_s, u"--yes"_s}).code, 0);
    QCOMPARE(*orm::currentRevision(*app), QString());
    QVERIFY(!reflected(*app).table(u"users"_s));
}

void tst_DbCommand::stepsPastTheEndOfTheLineSayWhy()
{
    // Given a folder without revisions
    setModels({u"CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))"_s});
    QCOMPARE(db({u"init"_s}).code, 0);

    // When a downgrade (one step down) runs, then it says there are none
    Result r = db({u"downgrade"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"there are no revisions in"_s), qPrintable(r.err));
    QVERIFY2(!r.err.contains(u"more than one line"_s), qPrintable(r.err));

    // And with one revision, steps past the base or the head say how far the end is
    QCOMPARE(db({u"migrate"_s, u"-m"_s, u"first"_s}).code, 0);
    r = db({u"downgrade"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"from <base>: nothing to downgrade"_s), qPrintable(r.err));
    r = db({u"upgrade"_s, u"+2"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"the head is 1 step(s) away"_s), qPrintable(r.err));
    QCOMPARE(db({u"upgrade"_s, u"+1"_s}).code, 0);
    r = db({u"downgrade"_s, u"-2"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"the base is 1 step(s) away"_s), qPrintable(r.err));
}

void tst_DbCommand::unknownRevisionIsRefused()
{
    // Given a database at a revision the folder does not have
    setModels({u"CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))"_s});
    QCOMPARE(db({u"init"_s}).code, 0);
    QCOMPARE(db({u"migrate"_s, u"-m"_s, u"first"_s}).code, 0);
    auto app = openDatabase(m_dir->filePath(u"app.db"_s));
    QVERIFY(orm::setCurrentRevision(*app, u"0123abcd4567"_s));
    // When it is upgraded, then it is refused with the reason
    const Result r = db({u"upgrade"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"0123abcd4567"_s), qPrintable(r.err));
    QVERIFY(!reflected(*app).table(u"users"_s));
}

void tst_DbCommand::alembicRevisionsJoinTheHistoryButAreNotRun()
{
    // Given a folder with Flask-Migrate's layout: an SQL revision that ran, then an Alembic
    // revision written in the typed form newer Alembic templates use
    setModels({u"CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))"_s});
    const QString versions = m_dir->filePath(u"migrations/versions"_s);
    QVERIFY(QDir().mkpath(versions));
    QCOMPARE(db({u"migrate"_s, u"-m"_s, u"users"_s}).code, 0);
    QCOMPARE(db({u"upgrade"_s}).code, 0);
    auto app = openDatabase(m_dir->filePath(u"app.db"_s));
    const QString first = *orm::currentRevision(*app);
    QFile flask(versions + u"/1f2e3d4c5b6a_add_age.py"_s);
    QVERIFY(flask.open(QIODevice::WriteOnly));
    flask.write(u"\"\"\"add age\n\nRevision ID: 1f2e3d4c5b6a\n\"\"\"\nfrom alembic import op\n"
                "import sqlalchemy as sa\n\nrevision: str = '1f2e3d4c5b6a'\n"
                "down_revision: Union[str, None] = '%1'\n\n\ndef upgrade():\n"
                "    op.add_column('users', sa.Column('age', sa.Integer()))\n"_s.arg(first)
                    .toUtf8());
    flask.close();

    // When Rowsmith writes an Alembic revision after it, then it goes to versions/ and follows
    // the Alembic one
    setModels({u"CREATE TABLE users (id INTEGER NOT NULL, age INTEGER, PRIMARY KEY (id))"_s,
               u"CREATE TABLE tags (id INTEGER NOT NULL, PRIMARY KEY (id))"_s});
    QVERIFY(orm::setCurrentRevision(*app, u"1f2e3d4c5b6a"_s));
    QVERIFY(app->exec(u"ALTER TABLE users ADD COLUMN age INTEGER"_s));
    Result r =
        db({u"revision"_s, u"--autogenerate"_s, u"--format"_s, u"alembic"_s, u"-m"_s, u"tags"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    orm::MigrationHistory history;
    QVERIFY2(history.load(m_dir->filePath(u"migrations"_s)),
             qPrintable(history.lastError().message()));
    QCOMPARE(history.scripts().size(), 3);
    QCOMPARE(history.scripts().at(1).message, u"add age"_s);
    QCOMPARE(history.scripts().at(2).downRevision, u"1f2e3d4c5b6a"_s);
    QCOMPARE(history.scripts().at(2).format, orm::MigrationScript::Format::Alembic);
    QVERIFY(history.scripts().at(2).path.startsWith(versions));
    QFile written(history.scripts().at(2).path);
    QVERIFY(written.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(written.readAll());
    QVERIFY2(text.contains(u"op.create_table('tags',"_s)
                 && text.contains(u"op.drop_table('tags')"_s),
             qPrintable(text));
    QCOMPARE(db({u"history"_s}).out.count(u'\n'), 3);

    // Then upgrade and downgrade through an Alembic revision are refused, naming the command
    // that runs it, and nothing runs; stamp and current name it
    r = db({u"upgrade"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"flask db upgrade"_s), qPrintable(r.err));
    QVERIFY(!reflected(*app).table(u"tags"_s));
    r = db({u"downgrade"_s, u"base"_s, u"--yes"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"flask db downgrade"_s), qPrintable(r.err));
    QCOMPARE(*orm::currentRevision(*app), u"1f2e3d4c5b6a"_s);
    QCOMPARE(db({u"stamp"_s, u"head"_s}).code, 0);
    QCOMPARE(db({u"current"_s}).out, history.head() + u" (head)\n"_s);
}

void tst_DbCommand::branchesUpgradeToHeadsAndMerge()
{
    // Given a first revision that ran, and two revisions that both follow it
    setModels({u"CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))"_s});
    QCOMPARE(db({u"init"_s}).code, 0);
    QCOMPARE(db({u"migrate"_s, u"-m"_s, u"users"_s}).code, 0);
    QCOMPARE(db({u"upgrade"_s}).code, 0);
    auto app = openDatabase(m_dir->filePath(u"app.db"_s));
    const QString first = *orm::currentRevision(*app);
    for (const QString &name : {u"aaaaaaaaaaaa"_s, u"bbbbbbbbbbbb"_s}) {
        QFile f(m_dir->filePath(u"migrations/%1_branch.sql"_s.arg(name)));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(u"-- revision: %1\n-- down_revision: %2\n-- message: branch %1\n-- upgrade\n"
                "CREATE TABLE t%1 (id INTEGER);\n-- downgrade\nDROP TABLE t%1;\n"_s.arg(name, first)
                    .toUtf8());
    }
    auto tables = [&] {
        QStringList names;
        const orm::MetaData schema = reflected(*app);
        for (const orm::Table &t : schema.tables()) {
            names << t.name();
        }
        names.sort();
        return names;
    };

    // Then both are heads, the first is a branch point, and "head" is ambiguous
    QCOMPARE(db({u"heads"_s}).out, u"aaaaaaaaaaaa (head)\nbbbbbbbbbbbb (head)\n"_s);
    QCOMPARE(db({u"branches"_s}).out,
             u"%1 (branchpoint)\n    -> aaaaaaaaaaaa (head), branch aaaaaaaaaaaa\n"
             "    -> bbbbbbbbbbbb (head), branch bbbbbbbbbbbb\n"_s.arg(first));
    Result r = db({u"upgrade"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"Multiple head revisions"_s), qPrintable(r.err));
    QCOMPARE(db({u"revision"_s, u"-m"_s, u"more"_s}).code, 1);

    // When upgraded to heads, then both run and alembic_version holds both
    r = db({u"upgrade"_s, u"heads"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(*orm::currentRevisions(*app), (QStringList {u"aaaaaaaaaaaa"_s, u"bbbbbbbbbbbb"_s}));
    QCOMPARE(
        tables(),
        (QStringList {u"alembic_version"_s, u"taaaaaaaaaaaa"_s, u"tbbbbbbbbbbbb"_s, u"users"_s}));

    // When they are merged (an Alembic merge names both as a tuple), then the merge is the
    // head, and an upgrade moves the database to it alone
    r = db({u"merge"_s, u"--format"_s, u"alembic"_s, u"-m"_s, u"join"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    orm::MigrationHistory history;
    QVERIFY(history.load(m_dir->filePath(u"migrations"_s)));
    QCOMPARE(history.heads().size(), 1);
    const orm::MigrationScript alembicMerge = history.scripts().last();
    QCOMPARE(alembicMerge.parents(), (QStringList {u"aaaaaaaaaaaa"_s, u"bbbbbbbbbbbb"_s}));
    QVERIFY(QFile::remove(alembicMerge.path));
    r = db({u"merge"_s, u"-m"_s, u"join"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(history.load(m_dir->filePath(u"migrations"_s)));
    const QString merge = history.head();
    QVERIFY(!merge.isEmpty());
    QCOMPARE(db({u"history"_s}).out.section(u'\n', 0, 0),
             u"aaaaaaaaaaaa, bbbbbbbbbbbb -> %1 (head) (mergepoint), join"_s.arg(merge));
    QCOMPARE(db({u"upgrade"_s}).code, 0);
    QCOMPARE(*orm::currentRevisions(*app), QStringList {merge});

    // And downgrades go back through the merge to both heads, then one branch, then the base
    QCOMPARE(db({u"downgrade"_s}).code, 0);
    QCOMPARE(*orm::currentRevisions(*app), (QStringList {u"aaaaaaaaaaaa"_s, u"bbbbbbbbbbbb"_s}));
    QCOMPARE(db({u"downgrade"_s, u"aaaa"_s, u"--yes"_s}).code, 0);
    QCOMPARE(*orm::currentRevisions(*app), QStringList {u"aaaaaaaaaaaa"_s});
    QCOMPARE(tables(), (QStringList {u"alembic_version"_s, u"taaaaaaaaaaaa"_s, u"users"_s}));
    QCOMPARE(db({u"downgrade"_s, u"base"_s, u"--yes"_s}).code, 0);
    QCOMPARE(*orm::currentRevisions(*app), QStringList());
    QCOMPARE(tables(), QStringList {u"alembic_version"_s});
}

void tst_DbCommand::branchLabelsAndDependsOnAreRead()
{
    // Given two lines of revisions: "core" makes users, and "audit" starts a line of its own
    // that depends on core's revision (a reference to users)
    const QString folder = m_dir->filePath(u"migrations"_s);
    QVERIFY(QDir().mkpath(folder));
    auto write = [&](const QString &name, const QByteArray &text) {
        QFile f(folder + u'/' + name);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write(u"a1_core.sql"_s,
          "-- revision: a1\n-- down_revision: None\n-- message: core\n"
          "-- branch_labels: core\n-- upgrade\nCREATE TABLE users (id INTEGER "
          "PRIMARY KEY);\n-- downgrade\nDROP TABLE users;\n");
    write(u"b1_audit.sql"_s,
          "-- revision: b1\n-- down_revision: None\n-- message: audit\n"
          "-- branch_labels: audit\n-- depends_on: core\n-- upgrade\nCREATE TABLE audit (id "
          "INTEGER PRIMARY KEY, user_id INTEGER REFERENCES users (id));\n-- downgrade\n"
          "DROP TABLE audit;\n");
    auto app = openDatabase(m_dir->filePath(u"app.db"_s));

    // Then the labels and the dependency are read: both are heads, history names them
    orm::MigrationHistory history;
    QVERIFY2(history.load(folder), qPrintable(history.lastError().message()));
    QCOMPARE(history.heads(), (QStringList {u"a1"_s, u"b1"_s}));
    QCOMPARE(history.script(u"b1"_s)->dependsOn, QStringList {u"a1"_s});
    QCOMPARE(history.labelledRevision(u"audit"_s), u"b1"_s);
    QCOMPARE(db({u"history"_s}).out,
             u"<base> (a1) -> b1 (audit) (head), audit\n<base> -> a1 (core) (head), core\n"_s);

    // When the audit line is upgraded to its head, then core's revision runs first
    Result r = db({u"upgrade"_s, u"audit@head"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QCOMPARE(r.out.count(u"Running upgrade"_s), 2);
    QVERIFY(r.out.indexOf(u"-> a1"_s) < r.out.indexOf(u"-> b1"_s));
    QCOMPARE(*orm::currentRevisions(*app), (QStringList {u"a1"_s, u"b1"_s}));
    QVERIFY(reflected(*app).table(u"audit"_s));

    // And downgrading core takes what depends on it first; a label names its revision
    r = db({u"downgrade"_s, u"base"_s, u"--yes"_s});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY(r.out.indexOf(u"b1 -> "_s) < r.out.indexOf(u"a1 -> "_s));
    QCOMPARE(*orm::currentRevisions(*app), QStringList());
    QCOMPARE(db({u"upgrade"_s, u"core"_s}).code, 0);
    QCOMPARE(*orm::currentRevisions(*app), QStringList {u"a1"_s});

    // An Alembic revision's branch_labels and depends_on are read the same way
    const auto alembic = orm::MigrationScript::parseAlembic(
        u"\"\"\"audit\"\"\"\nrevision = 'c1'\ndown_revision = None\n"
        "branch_labels = ('reports', 'audit2')\ndepends_on = 'a1'\n"_s);
    QVERIFY(alembic);
    QCOMPARE(alembic->branchLabels, (QStringList {u"reports"_s, u"audit2"_s}));
    QCOMPARE(alembic->dependsOn, QStringList {u"a1"_s});

    // A label twice, or a dependency the folder does not hold, is refused
    write(u"b2_again.sql"_s,
          "-- revision: b2\n-- down_revision: b1\n-- branch_labels: core\n"
          "-- upgrade\n-- downgrade\n");
    QVERIFY(!history.load(folder));
    QVERIFY2(history.lastError().message().contains(u"Branch label core"_s),
             qPrintable(history.lastError().message()));
    write(u"b2_again.sql"_s,
          "-- revision: b2\n-- down_revision: b1\n-- depends_on: zz\n"
          "-- upgrade\n-- downgrade\n");
    QVERIFY(!history.load(folder));
    QVERIFY2(history.lastError().message().contains(u"depends on zz"_s),
             qPrintable(history.lastError().message()));
}

void tst_DbCommand::destructiveRevisionNeedsYes()
{
    // Given a table with rows that the models no longer have
    auto app = makeDatabase(m_dir->filePath(u"app.db"_s),
                            {u"CREATE TABLE notes (id INTEGER NOT NULL, PRIMARY KEY (id))"_s,
                             u"INSERT INTO notes VALUES (1), (2), (3)"_s});
    setModels({u"CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))"_s});
    QCOMPARE(db({u"init"_s}).code, 0);
    QCOMPARE(db({u"migrate"_s, u"-m"_s, u"users only"_s}).code, 0);
    // When upgraded without --yes, then refused with the count
    Result r = db({u"upgrade"_s});
    QCOMPARE(r.code, 1);
    QVERIFY2(r.err.contains(u"drop table notes: 3 row(s) deleted"_s), qPrintable(r.err));
    QVERIFY(reflected(*app).table(u"notes"_s));
    QCOMPARE(*orm::currentRevision(*app), QString());
    // And with --yes it runs
    QCOMPARE(db({u"upgrade"_s, u"--yes"_s}).code, 0);
    QVERIFY(!reflected(*app).table(u"notes"_s));
}

void tst_DbCommand::usageErrorsExitWithTwo()
{
    QCOMPARE(db({u"frobnicate"_s}).code, 2);
    QCOMPARE(db({u"upgrade"_s, u"--bogus"_s}).code, 2);
    QCOMPARE(db({u"diff"_s, u"one.db"_s}).code, 2);
    QCOMPARE(db({u"diff"_s, u"a.db"_s, u"b.db"_s, u"--rename"_s, u"nocolon"_s}).code, 2);
    QVERIFY(db({}).err.contains(u"Usage:"_s));
}

void tst_DbCommand::diffPrintsAScriptThatApplyRuns()
{
    // Given two databases
    const QString from = m_dir->filePath(u"from.db"_s), to = m_dir->filePath(u"to.db"_s);
    QVERIFY(
        makeDatabase(from,
                     {u"CREATE TABLE users (id INTEGER NOT NULL, nick TEXT, PRIMARY KEY (id))"_s,
                      u"INSERT INTO users VALUES (1, 'ann')"_s}));
    QVERIFY(makeDatabase(
        to,
        {u"CREATE TABLE users (id INTEGER NOT NULL, name TEXT NOT NULL DEFAULT '', PRIMARY KEY (id))"_s}));
    // When diff prints the script (with a rename hint) and apply runs it
    const Result diff = db({u"diff"_s, from, to, u"--rename"_s, u"users.nick:name"_s});
    QVERIFY2(diff.code == 0, qPrintable(diff.err));
    QVERIFY(diff.out.contains(u"-- upgrade"_s) && diff.out.contains(u"-- downgrade"_s));
    QFile script(m_dir->filePath(u"change.sql"_s));
    QVERIFY(script.open(QIODevice::WriteOnly));
    script.write(diff.out.toUtf8());
    script.close();
    const Result apply = db({u"apply"_s, script.fileName(), from});
    QVERIFY2(apply.code == 0, qPrintable(apply.err));
    // Then FROM has TO's schema, and the renamed column kept its value
    auto a = openDatabase(from);
    auto b = openDatabase(to);
    QCOMPARE(orm::compareSchemas(reflected(*a), reflected(*b)).size(), 0);
    QCOMPARE(a->select(u"SELECT name FROM users"_s)->value(0).value(0).toString(), u"ann"_s);
}

void tst_DbCommand::rowsmithDbNeverOpensTheWindow()
{
    // Given two databases and rowsmith without any display
    const QString from = m_dir->filePath(u"from.db"_s), to = m_dir->filePath(u"to.db"_s);
    QVERIFY(makeDatabase(from, {u"CREATE TABLE a (id INTEGER NOT NULL, PRIMARY KEY (id))"_s}));
    QVERIFY(makeDatabase(to, {u"CREATE TABLE b (id INTEGER NOT NULL, PRIMARY KEY (id))"_s}));
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(u"QT_QPA_PLATFORM"_s);
    env.remove(u"DISPLAY"_s);
    env.remove(u"WAYLAND_DISPLAY"_s);
    auto rowsmith = [&](const QStringList &args) {
        QProcess p;
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(ROWSMITH_BINARY), args);
        const bool finished = p.waitForFinished(30000);
        return std::tuple {finished ? p.exitCode() : -1,
                           QString::fromUtf8(p.readAllStandardOutput()),
                           QString::fromUtf8(p.readAllStandardError())};
    };
    // When diff runs, then it prints the script and exits with 0
    auto [code, out, err] = rowsmith({u"db"_s, u"diff"_s, from, to});
    QVERIFY2(code == 0, qPrintable(err));
    QVERIFY(out.contains(u"CREATE TABLE \"b\""_s) && out.contains(u"DROP TABLE \"a\""_s));
    // And unknown arguments get the usage and 2
    QCOMPARE(std::get<0>(rowsmith({u"db"_s, u"diff"_s, u"--what"_s})), 2);
    QCOMPARE(std::get<0>(rowsmith({u"--no-such-option"_s})), 2);
}

QTEST_GUILESS_MAIN(tst_DbCommand)
#include "tst_dbcommand.moc"
