// SPDX-License-Identifier: MIT
// rowsmith export and rowsmith import, through the real executable (also on a server:
// tst_pgdatacommands).
#include "orm/sql/dialect.h"
#include "ormverify.h"
#include "testengine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <limits>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1; // -1: still running after the wait (killed), -2: crashed
    QByteArray out;
    QByteArray err;
};

Run runRowsmith(const QStringList &arguments, const QString &folder)
{
    QProcess p;
    p.setWorkingDirectory(folder);
    p.start(QStringLiteral(ROWSMITH_BINARY), arguments);
    p.closeWriteChannel();
    Run run;
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    } else {
        run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    }
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

} // namespace

class tst_DataCommands : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString message;
        QVERIFY2(testengine::prepare(&message), qPrintable(message));
    }
    void init();
    void cleanup() { m_connection.reset(); }
    void exportWritesCsvToStandardOutput();
    void exportWritesEachFormatToAFile();
    void exportRefusesBadArguments();
    void dumpMakesTheTableAgain();
    void importRoundTripsIntoANewTable_data();
    void importRoundTripsIntoANewTable();
    void importIsAllOrNothingAndNamesTheBadRows();
    void serverDumpMakesTheSameTable();
    void serverDumpMakesTheEnumAndDomainTypesItUses();
    void booleansAreWrittenAsTheEngineReadsThem();
    void sqliteDumpKeepsTheFilesOwnDefinition();
    void namesAreFoundWhateverTheirCase();
    void tablesOfAnotherSchemaAreNamedWithIt();

private:
    QList<QVariantList> rows(const QString &table);
    // Runs an SQL script with the engine's own shell (psql or sqlite3), stopping at an error.
    bool runScript(const QString &script, QByteArray *error);

    QTemporaryDir m_dir;
    QString m_database; // as the command line names it: a file path or a URL
    std::unique_ptr<orm::Connection> m_connection;
};

void tst_DataCommands::init()
{
    const QString file = m_dir.filePath(u"data.db"_s);
    QFile::remove(file);
    const QString url = testengine::fresh(u"sqlite:///"_s + file);
    m_database = testengine::onServer ? url : file;
    orm::Error error;
    m_connection = orm::Connection::open(orm::DatabaseUrl::parse(url), {}, &error);
    QVERIFY2(m_connection, qPrintable(error.text()));
    QVERIFY(m_connection->exec(u"CREATE TABLE items (id BIGINT PRIMARY KEY, name TEXT, "
                               "amount BIGINT, ratio DOUBLE PRECISION)"_s));
    const QList<QVariantList> values {
        {qint64(1), u"comma, \"quoted\""_s, std::numeric_limits<qint64>::max(), 0.1},
        {qint64(2), u"line\nbreak ✓ 😀"_s, std::numeric_limits<qint64>::min(), 1.0 / 3.0},
        {qint64(3), u"=1+1"_s, QVariant(), QVariant()},
        {qint64(4), u""_s, qint64(0), -1e-300},
    };
    for (const QVariantList &row : values)
        QVERIFY(m_connection->exec(u"INSERT INTO items VALUES (?, ?, ?, ?)"_s, row));
}

QList<QVariantList> tst_DataCommands::rows(const QString &table)
{
    return m_connection
        ->select(u"SELECT * FROM "_s + m_connection->dialect().quoteIdentifier(table)
                 + u" ORDER BY 1"_s)
        .value_or(QList<QVariantList>());
}

void tst_DataCommands::exportWritesCsvToStandardOutput()
{
    // Given a table, when it is exported without -o, the CSV goes to standard output.
    const Run r = runRowsmith({u"export"_s, m_database, u"items"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.err.isEmpty(), r.err.constData());
    QVERIFY2(r.out.startsWith("id,name,amount,ratio\r\n1,\"comma, \"\"quoted\"\"\","
                              "9223372036854775807,0.1\r\n"),
             r.out.constData());
    QVERIFY(r.out.contains("\r\n3,=1+1,,\r\n"));
    QVERIFY(r.out.contains("\r\n4,\"\",0,-1e-300\r\n"));
}

void tst_DataCommands::exportWritesEachFormatToAFile()
{
    // JSON by its option,
    const QString json = m_dir.filePath(u"items.out"_s);
    Run r =
        runRowsmith({u"export"_s, m_database, u"items"_s, u"--format"_s, u"json"_s, u"-o"_s, json},
                    m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.isEmpty());
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(array.size(), 4);
    QCOMPARE(array.at(1).toObject().value(u"name"_s).toString(), u"line\nbreak ✓ 😀"_s);
    // SQL by the file's extension.
    const QString sql = m_dir.filePath(u"items.sql"_s);
    r = runRowsmith({u"export"_s, m_database, u"items"_s, u"-o"_s, sql}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QFile sqlFile(sql);
    QVERIFY(sqlFile.open(QIODevice::ReadOnly));
    QVERIFY(sqlFile.readAll().startsWith("INSERT INTO \"items\" (\"id\", \"name\", \"amount\", "
                                         "\"ratio\") VALUES (1, 'comma, \"quoted\"', "));
}

void tst_DataCommands::exportRefusesBadArguments()
{
    // Bad arguments: exit code 2 and the usage.
    Run r = runRowsmith({u"export"_s, m_database}, m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("Usage: rowsmith export"), r.err.constData());
    r = runRowsmith({u"export"_s, m_database, u"items"_s, u"--format"_s, u"xml"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("Unknown format xml"), r.err.constData());
    r = runRowsmith({u"import"_s, m_database, u"items"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("Usage: rowsmith import"), r.err.constData());
    // A table or a file that is not there: exit code 1, with why, and no file written.
    const QString out = m_dir.filePath(u"none.csv"_s);
    r = runRowsmith({u"export"_s, m_database, u"nothing"_s, u"-o"_s, out}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("has no table nothing"), r.err.constData());
    QVERIFY(!QFile::exists(out));
    r = runRowsmith({u"export"_s, m_dir.filePath(u"missing.db"_s), u"items"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("no such database file"), r.err.constData());
    QVERIFY(!QFile::exists(m_dir.filePath(u"missing.db"_s)));
}

void tst_DataCommands::dumpMakesTheTableAgain()
{
    // Given the table with an index (and on SQLite a trigger, which the server writes in its
    // own language), and text with carriage returns (which the sqlite3 shell reads away),
    QVERIFY(m_connection->exec(u"CREATE INDEX ix_items_name ON items (name)"_s));
    QVERIFY(
        m_connection->exec(u"INSERT INTO items (id, name) VALUES (6, ?)"_s, {u"\r'a'\r\nc\r\r"_s}));
    if (!testengine::onServer) {
        QVERIFY(m_connection->exec(u"CREATE TRIGGER items_zero AFTER INSERT ON items "
                                   "WHEN new.amount = 0 BEGIN UPDATE items SET ratio = 0; END"_s));
    }
    const QList<QVariantList> before = rows(u"items"_s);
    // when it is dumped,
    const QString script = m_dir.filePath(u"items-dump.sql"_s);
    Run r = runRowsmith({u"export"_s, m_database, u"items"_s, u"--dump"_s, u"-o"_s, script},
                        m_dir.path());
    QCOMPARE(r.exitCode, 0);
    QFile file(script);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.startsWith(testengine::onServer ? "BEGIN TRANSACTION;\nCREATE TABLE \"items\""
                                                  : "BEGIN TRANSACTION;\nCREATE TABLE items"),
             text.constData());
    QVERIFY2(text.endsWith("COMMIT;\n"), text.constData());
    // the script, run by the engine's own shell on the table dropped, makes it again: its
    // rows, its index and its trigger.
    QVERIFY(m_connection->exec(u"DROP TABLE items"_s));
    m_connection.reset();
    QProcess shell;
    if (testengine::onServer)
        shell.start(u"psql"_s,
                    {u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-q"_s, u"-f"_s, script, m_database});
    else
        shell.start(u"sqlite3"_s, {u"-bail"_s, m_database, u".read "_s + script});
    QVERIFY(shell.waitForFinished(60000));
    QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
    orm::Error error;
    m_connection = orm::Connection::open(
        orm::DatabaseUrl::parse(testengine::onServer ? m_database : u"sqlite:///"_s + m_database),
        {}, &error);
    QVERIFY2(m_connection, qPrintable(error.text()));
    QCOMPARE(rows(u"items"_s), before);
    const auto meta = m_connection->reflect();
    QVERIFY(meta && meta->table(u"items"_s));
    const orm::Table &items = *meta->table(u"items"_s);
    QCOMPARE(items.primaryKey(), QStringList {u"id"_s});
    QCOMPARE(items.indexes().size(), 1);
    QCOMPARE(items.indexes().first().columns, QStringList {u"name"_s});
    if (!testengine::onServer) {
        QCOMPARE(items.triggers().size(), 1);
        QVERIFY(m_connection->exec(u"INSERT INTO items (id, amount) VALUES (5, 0)"_s));
        QCOMPARE(m_connection->select(u"SELECT count(*) FROM items WHERE ratio = 0"_s)
                     ->first()
                     .first()
                     .toInt(),
                 6);
    }
    // --dump is SQL.
    r = runRowsmith({u"export"_s, m_database, u"items"_s, u"--dump"_s, u"--format"_s, u"csv"_s},
                    m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains("--dump writes SQL"), r.err.constData());
}

void tst_DataCommands::importRoundTripsIntoANewTable_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("csv") << u"csv"_s;
    QTest::newRow("json") << u"json"_s;
}

void tst_DataCommands::importRoundTripsIntoANewTable()
{
    QFETCH(QString, format);
    // Given a table exported to a file,
    const QString file = m_dir.filePath(u"items."_s + format);
    Run r = runRowsmith({u"export"_s, m_database, u"items"_s, u"-o"_s, file}, m_dir.path());
    QCOMPARE(r.exitCode, 0);
    // when the file is imported under a new name, the table is created,
    r = runRowsmith({u"import"_s, m_database, u"copy"_s, file}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, "Created copy and imported 4 rows.\n");
    // and holds the same values: text, NULL, 64-bit integers and reals exactly.
    const QList<QVariantList> copied = rows(u"copy"_s);
    const QList<QVariantList> original = rows(u"items"_s);
    QCOMPARE(copied.size(), original.size());
    for (qsizetype i = 0; i < original.size(); ++i)
        QCOMPARE(copied.at(i), original.at(i));
    // Imported again into the existing table with new keys, the rows are added.
    QVERIFY(m_connection->exec(u"UPDATE copy SET id = id + 10"_s));
    r = runRowsmith({u"import"_s, m_database, u"copy"_s, file}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, "Imported 4 rows into copy.\n");
    QCOMPARE(rows(u"copy"_s).size(), 8);
}

void tst_DataCommands::importIsAllOrNothingAndNamesTheBadRows()
{
    // Given a file with good rows and two that do not fit the table,
    const QString file = m_dir.filePath(u"bad.csv"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("id,name,amount,ratio\n10,ok,1,1.5\n11,bad,twelve,1.5\n12,ok,3,3\n"
            "13,bad,4,not a number\n");
    f.close();
    // when it is imported, nothing is written, the bad rows are named on stderr by row and
    // column, and the exit code is 1.
    const Run r = runRowsmith({u"import"_s, m_database, u"items"_s, file}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains("row 2 (line 3), column amount: \"twelve\" is not a valid"),
             r.err.constData());
    QVERIFY2(r.err.contains("row 4 (line 5), column ratio: \"not a number\""), r.err.constData());
    QVERIFY2(r.err.contains("Nothing was imported"), r.err.constData());
    QCOMPARE(rows(u"items"_s).size(), 4);
}

bool tst_DataCommands::runScript(const QString &script, QByteArray *error)
{
    QProcess shell;
    if (testengine::onServer)
        shell.start(u"psql"_s,
                    {u"-v"_s, u"ON_ERROR_STOP=1"_s, u"-q"_s, u"-f"_s, script, m_database});
    else
        shell.start(u"sqlite3"_s, {u"-bail"_s, m_database, u".read "_s + script});
    if (!shell.waitForFinished(60000))
        return false;
    *error = shell.readAllStandardError();
    return shell.exitStatus() == QProcess::NormalExit && shell.exitCode() == 0;
}

void tst_DataCommands::serverDumpMakesTheSameTable()
{
    if (!testengine::onServer)
        QSKIP("the types, sequences and operator classes of a server's table");
    // Given a table of the server's own types, a serial key, a unique column with an index of
    // another operator class, a computed column, and a table with an identity key referring to
    // itself,
    QVERIFY(m_connection->exec(
        u"CREATE TABLE people (id serial PRIMARY KEY, username varchar(150) NOT NULL UNIQUE, "
        "staff boolean NOT NULL DEFAULT false, joined timestamptz NOT NULL, r real, t time, "
        "iv interval, arr int[], j jsonb, u uuid, c char(3), n numeric(10,2), "
        "twice int GENERATED ALWAYS AS (id * 2) STORED)"_s));
    QVERIFY(m_connection->exec(
        u"CREATE INDEX people_username_like ON people (username varchar_pattern_ops)"_s));
    QVERIFY(m_connection->exec(
        u"INSERT INTO people (username, staff, joined, r, t, iv, arr, j, u, c, n) VALUES "
        "('ann', true, '2024-01-01 10:00:00.5+02', 0.1, '10:00', '1 day 02:00', '{1,2}', "
        "'{\"a\": [1, 2.50]}', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', 'ab', 10.50), "
        "('bob', false, 'infinity', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"_s));
    QVERIFY(m_connection->exec(u"CREATE TABLE tree (id int GENERATED ALWAYS AS IDENTITY "
                               "PRIMARY KEY, parent int REFERENCES tree (id) DEFERRABLE, "
                               "CHECK (parent <> 0))"_s));
    QVERIFY(m_connection->exec(u"INSERT INTO tree (parent) VALUES (NULL), (1), (2)"_s));
    const auto describe = [this](const QString &table) {
        const QString oid = u"'\"%1\"'::regclass"_s.arg(table);
        QStringList parts;
        for (const char *query :
             {"SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' ' || "
              "attnotnull || ' ' || attidentity || attgenerated || ' ' || coalesce("
              "pg_get_expr(adbin, adrelid), ''), ', ' ORDER BY attnum) FROM pg_attribute "
              "LEFT JOIN pg_attrdef ON adrelid = attrelid AND adnum = attnum "
              "WHERE attrelid = %1 AND attnum > 0",
              "SELECT string_agg(pg_get_constraintdef(oid), ', ' ORDER BY conname) "
              "FROM pg_constraint WHERE conrelid = %1",
              "SELECT string_agg(indexdef, ', ' ORDER BY indexname) FROM pg_indexes "
              "WHERE indexname NOT LIKE '%%pkey' AND tablename = '%2'",
              "SELECT string_agg(t::text, ', ' ORDER BY id) FROM \"%2\" t"}) {
            const auto rows = m_connection->select(QString::fromLatin1(query).arg(oid, table));
            parts << (rows ? rows->value(0).value(0).toString() : u"error"_s);
        }
        return parts;
    };
    const QStringList people = describe(u"people"_s);
    const QStringList tree = describe(u"tree"_s);
    // when both are dumped, dropped, and their scripts run by psql,
    const QString peopleScript = m_dir.filePath(u"people.sql"_s);
    const QString treeScript = m_dir.filePath(u"tree.sql"_s);
    Run r = runRowsmith({u"export"_s, m_database, u"people"_s, u"--dump"_s, u"-o"_s, peopleScript},
                        m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runRowsmith({u"export"_s, m_database, u"tree"_s, u"--dump"_s, u"-o"_s, treeScript},
                    m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(m_connection->exec(u"DROP TABLE people, tree"_s));
    QByteArray error;
    QVERIFY2(runScript(peopleScript, &error), error.constData());
    QVERIFY2(runScript(treeScript, &error), error.constData());
    // the tables are the same: types, defaults, constraints, indexes and rows,
    QCOMPARE(describe(u"people"_s), people);
    QCOMPARE(describe(u"tree"_s), tree);
    // and their sequences go on where they were.
    QCOMPARE(m_connection
                 ->select(u"INSERT INTO people (username, joined) VALUES ('cy', now()) "
                          "RETURNING id"_s)
                 ->value(0)
                 .value(0),
             QVariant(qint64(3)));
    QCOMPARE(m_connection->select(u"INSERT INTO tree (parent) VALUES (3) RETURNING id"_s)
                 ->value(0)
                 .value(0),
             QVariant(qint64(4)));
}

void tst_DataCommands::serverDumpMakesTheEnumAndDomainTypesItUses()
{
    if (!testengine::onServer)
        QSKIP("a server's own types");
    // Given two tables using an enum (its labels out of alphabetical order, an array of it
    // too), a domain with a check, and a domain over the enum,
    for (const QString &sql :
         {u"CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy', 'it''s')"_s,
          u"CREATE DOMAIN positive AS numeric(8, 2) DEFAULT 1 NOT NULL "
          "CONSTRAINT positive_check CHECK (VALUE > 0)"_s,
          u"CREATE DOMAIN cheerful AS mood CHECK (VALUE <> 'sad')"_s,
          u"CREATE TABLE odd (id serial PRIMARY KEY, m mood NOT NULL DEFAULT 'ok', moods mood[], "
          "p positive, c cheerful)"_s,
          u"INSERT INTO odd (m, moods, p, c) VALUES ('happy', '{sad,it''s}', 2.5, 'ok'), "
          "('it''s', NULL, 1, NULL)"_s,
          u"CREATE TABLE even (id serial PRIMARY KEY, m mood)"_s,
          u"INSERT INTO even (m) VALUES ('sad')"_s})
        QVERIFY2(m_connection->exec(sql), qPrintable(m_connection->lastError().text()));
    const auto describe = [this] {
        QStringList parts;
        for (const char *query :
             {"SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod) || ' ' || "
              "attnotnull || ' ' || coalesce(pg_get_expr(adbin, adrelid), ''), ', ' ORDER BY "
              "attnum) FROM pg_attribute LEFT JOIN pg_attrdef ON adrelid = attrelid AND "
              "adnum = attnum WHERE attrelid = 'odd'::regclass AND attnum > 0",
              "SELECT string_agg(enumlabel, ', ' ORDER BY enumsortorder) FROM pg_enum "
              "WHERE enumtypid = (SELECT oid FROM pg_type WHERE typname = 'mood')",
              "SELECT string_agg(typname || ' ' || format_type(typbasetype, typtypmod) || ' ' || "
              "typnotnull || ' ' || coalesce(typdefault, '') || ' ' || coalesce((SELECT "
              "string_agg(pg_get_constraintdef(c.oid), ', ') FROM pg_constraint c "
              "WHERE c.contypid = t.oid), ''), '; ' ORDER BY typname) FROM pg_type t "
              "WHERE typtype = 'd' AND typname IN ('positive', 'cheerful')",
              "SELECT string_agg(t::text, ', ' ORDER BY id) FROM odd t",
              "SELECT string_agg(t::text, ', ' ORDER BY id) FROM even t"}) {
            const auto rows = m_connection->select(QString::fromLatin1(query));
            parts << (rows ? rows->value(0).value(0).toString() : u"error"_s);
        }
        return parts;
    };
    const QStringList before = describe();
    // when both are dumped, dropped with their types, and their scripts run by psql one
    // after the other into the same database,
    const QString oddScript = m_dir.filePath(u"odd.sql"_s);
    const QString evenScript = m_dir.filePath(u"even.sql"_s);
    Run r = runRowsmith({u"export"_s, m_database, u"odd"_s, u"--dump"_s, u"-o"_s, oddScript},
                        m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    r = runRowsmith({u"export"_s, m_database, u"even"_s, u"--dump"_s, u"-o"_s, evenScript},
                    m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(m_connection->exec(u"DROP TABLE odd, even"_s));
    QVERIFY(m_connection->exec(u"DROP DOMAIN positive, cheerful"_s));
    QVERIFY(m_connection->exec(u"DROP TYPE mood"_s));
    QByteArray error;
    QVERIFY2(runScript(oddScript, &error), error.constData());
    QVERIFY2(runScript(evenScript, &error), error.constData());
    // the types are made again as they were, and the tables with them.
    QCOMPARE(describe(), before);
    QVERIFY(m_connection->exec(u"DROP TABLE odd, even"_s));
    QVERIFY(m_connection->exec(u"DROP DOMAIN positive, cheerful"_s));
    QVERIFY(m_connection->exec(u"DROP TYPE mood"_s));
}

void tst_DataCommands::booleansAreWrittenAsTheEngineReadsThem()
{
    // Given a table with a boolean column,
    QVERIFY(m_connection->exec(u"CREATE TABLE flags (id INTEGER PRIMARY KEY, "
                               "flag BOOLEAN NOT NULL, maybe BOOLEAN)"_s));
    QVERIFY(m_connection->exec(u"INSERT INTO flags VALUES (1, TRUE, NULL), (2, FALSE, TRUE)"_s));
    const QList<QVariantList> before = rows(u"flags"_s);
    // its INSERTs are read back by the engine's shell,
    const QString script = m_dir.filePath(u"flags.sql"_s);
    Run r = runRowsmith({u"export"_s, m_database, u"flags"_s, u"-o"_s, script}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(m_connection->exec(u"DELETE FROM flags"_s));
    QByteArray error;
    QVERIFY2(runScript(script, &error), error.constData());
    QCOMPARE(rows(u"flags"_s), before);
    // its JSON has JSON's booleans,
    const QString json = m_dir.filePath(u"flags.json"_s);
    r = runRowsmith({u"export"_s, m_database, u"flags"_s, u"-o"_s, json}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QFile file(json);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(array.at(0).toObject().value(u"flag"_s), QJsonValue(true));
    QCOMPARE(array.at(1).toObject().value(u"flag"_s), QJsonValue(false));
    QCOMPARE(array.at(1).toObject().value(u"maybe"_s), QJsonValue(true));
    // and an import reads them back.
    QVERIFY(m_connection->exec(u"DELETE FROM flags"_s));
    r = runRowsmith({u"import"_s, m_database, u"flags"_s, json}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(rows(u"flags"_s), before);
}

void tst_DataCommands::sqliteDumpKeepsTheFilesOwnDefinition()
{
    if (testengine::onServer)
        QSKIP("sqlite_master and AUTOINCREMENT's counter");
    // Given Django's tables: AUTOINCREMENT keys, a UNIQUE column, a DEFERRABLE foreign key
    // and an index, with a counter past the last row's key,
    for (const QString &sql :
         {u"CREATE TABLE \"auth_group\" (\"id\" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "
          "\"name\" varchar(150) NOT NULL UNIQUE)"_s,
          u"CREATE TABLE \"auth_user_groups\" (\"id\" integer NOT NULL PRIMARY KEY "
          "AUTOINCREMENT, \"name\" varchar(150) NOT NULL UNIQUE, \"group_id\" integer NOT NULL "
          "REFERENCES \"auth_group\" (\"id\") DEFERRABLE INITIALLY DEFERRED)"_s,
          u"CREATE INDEX \"auth_user_groups_group_id_97559544\" ON \"auth_user_groups\" "
          "(\"group_id\")"_s,
          u"INSERT INTO auth_group (name) VALUES ('staff')"_s,
          u"INSERT INTO auth_user_groups (name, group_id) VALUES ('a', 1), ('b', 1), ('c', 1)"_s,
          u"DELETE FROM auth_user_groups WHERE id = 3"_s})
        QVERIFY2(m_connection->exec(sql), qPrintable(m_connection->lastError().text()));
    const QString definition = u"SELECT group_concat(sql, ';') FROM sqlite_master "
                               "WHERE tbl_name = 'auth_user_groups'"_s;
    const QString counter = u"SELECT seq FROM sqlite_sequence WHERE name = 'auth_user_groups'"_s;
    const QVariant before = m_connection->select(definition)->value(0).value(0);
    const QList<QVariantList> rowsBefore = rows(u"auth_user_groups"_s);
    // when the table is dumped, dropped and made again by the sqlite3 shell,
    const QString script = m_dir.filePath(u"groups.sql"_s);
    Run r =
        runRowsmith({u"export"_s, m_database, u"auth_user_groups"_s, u"--dump"_s, u"-o"_s, script},
                    m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QVERIFY(m_connection->exec(u"DROP TABLE auth_user_groups"_s));
    QByteArray error;
    QVERIFY2(runScript(script, &error), error.constData());
    // its statements are the file's own (one UNIQUE, DEFERRABLE kept), and its rows and its
    // counter are as they were.
    QCOMPARE(m_connection->select(definition)->value(0).value(0), before);
    QCOMPARE(rows(u"auth_user_groups"_s), rowsBefore);
    QCOMPARE(m_connection->select(counter)->value(0).value(0), QVariant(qint64(3)));
}

void tst_DataCommands::namesAreFoundWhateverTheirCase()
{
    // Given a table named in capitals,
    QVERIFY(m_connection->exec(u"CREATE TABLE \"UPPER\" (\"ID\" INTEGER PRIMARY KEY, "
                               "\"Name\" TEXT)"_s));
    QVERIFY(m_connection->exec(u"INSERT INTO \"UPPER\" VALUES (1, 'one')"_s));
    // it is exported when named in small letters,
    Run r = runRowsmith({u"export"_s, m_database, u"upper"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, "ID,Name\r\n1,one\r\n");
    // and a file's header names its columns in any case.
    const QString file = m_dir.filePath(u"upper.csv"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("id,NAME\n2,two\n");
    f.close();
    r = runRowsmith({u"import"_s, m_database, u"Upper"_s, file}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(rows(u"UPPER"_s),
             (QList<QVariantList> {{qint64(1), u"one"_s}, {qint64(2), u"two"_s}}));
}

void tst_DataCommands::tablesOfAnotherSchemaAreNamedWithIt()
{
    if (!testengine::onServer)
        QSKIP("a server's schemas");
    // Given a server database with orders in its default schema and in a schema "sales", and
    // invoices in "sales" only,
    for (const QString &sql : {
             u"DROP SCHEMA IF EXISTS sales CASCADE"_s,
             u"CREATE SCHEMA sales"_s,
             u"CREATE TABLE orders (id INTEGER PRIMARY KEY, total NUMERIC(8, 2))"_s,
             u"INSERT INTO orders VALUES (7, 1.00)"_s,
             u"CREATE TABLE sales.orders (id BIGINT GENERATED BY DEFAULT AS IDENTITY "
             "PRIMARY KEY, total NUMERIC(8, 2))"_s,
             u"INSERT INTO sales.orders (total) VALUES (9.50)"_s,
             u"CREATE TABLE sales.invoices (id SERIAL PRIMARY KEY)"_s,
         })
        QVERIFY2(m_connection->exec(sql), qPrintable(m_connection->lastError().text()));
    // "sales.orders" exports the orders of sales,
    Run r = runRowsmith({u"export"_s, m_database, u"sales.orders"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(r.out, "id,total\r\n1,9.50\r\n");
    // imports into them,
    const QString file = m_dir.filePath(u"orders.csv"_s);
    QFile f(file);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("total\n4.25\n");
    f.close();
    r = runRowsmith({u"import"_s, m_database, u"sales.orders"_s, file}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const auto salesOrders = u"SELECT id, total::text FROM sales.orders ORDER BY id"_s;
    QCOMPARE(m_connection->select(salesOrders).value_or(QList<QVariantList>()),
             (QList<QVariantList> {{qint64(1), u"9.50"_s}, {qint64(2), u"4.25"_s}}));
    QCOMPARE(rows(u"orders"_s).size(), 1);
    // and a new table named so is made in that schema.
    r = runRowsmith({u"import"_s, m_database, u"sales.returns"_s, file}, m_dir.path());
    QVERIFY2(r.exitCode == 0, r.err.constData());
    QCOMPARE(m_connection
                 ->select(u"SELECT to_regclass('sales.returns') IS NOT NULL, "
                          "to_regclass('public.\"sales.returns\"') IS NULL"_s)
                 ->value(0),
             (QVariantList {true, true}));

    // A schema the server does not have is said, with those it has;
    r = runRowsmith({u"export"_s, m_database, u"sale.orders"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("has no schema sale (its schemas: public, sales)"), r.err.constData());
    r = runRowsmith({u"import"_s, m_database, u"sale.orders"_s, file}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("has no schema sale"), r.err.constData());
    // and a table that is in another schema only, with the schema looked in.
    r = runRowsmith({u"export"_s, m_database, u"invoices"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains("has no table invoices in the schema public; a table of another "
                            "schema is named schema.table (its schemas: public, sales)"),
             r.err.constData());
}

QTEST_GUILESS_MAIN(tst_DataCommands)
#include "tst_datacommands.moc"
