// SPDX-License-Identifier: MIT
// Bad input of every kind: files that are not databases, missing folders, read-only files,
// values too long, of the wrong type or NULL where required, values that look like SQL,
// identifiers that need quoting, and damaged database files. Each gives a clear structured
// error, writes nothing it should not, and never crashes.

#include "testmodels.h"

#include "orm/drivers/sqlite/reflection.h"
#include "orm/mapping/record.h"

#include <QCryptographicHash>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <unistd.h>

using namespace testmodels;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

qint64 countRows(orm::Connection &c, const QString &table)
{
    const auto rows = c.select(u"SELECT count(*) FROM \"%1\""_s.arg(table));
    return rows && !rows->isEmpty() ? rows->first().first().toLongLong() : -1;
}

int column(const QString &name)
{
    return User::staticMeta().columnIndex(name);
}

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

} // namespace

class tst_BadInput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void notADatabase_data();
    void notADatabase();
    void emptyFileIsAnEmptyDatabase();
    void missingDirectory();
    void folderInsteadOfAFile();
    void readOnlyMissingFile();
    void readOnlyDatabase_data();
    void readOnlyDatabase();
    void readOnlyFilePermissions();
    void valueTooLong_data();
    void valueTooLong();
    void valueTooLongOnUpdate();
    void wrongType_data();
    void wrongType();
    void nullIntoNotNull();
    void nullIntoNotNullWithoutValidation();
    void checkRefusalNamesItsColumns_data();
    void checkRefusalNamesItsColumns();
    void sqlLookingValues_data();
    void sqlLookingValues();
    void identifiersNeedingQuotes();
    void corruptFile_data();
    void corruptFile();
};

void tst_BadInput::notADatabase_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("readOnly");

    QByteArray random(8192, Qt::Uninitialized);
    QRandomGenerator generator(20240101); // fixed seed: deterministic
    generator.fillRange(reinterpret_cast<quint32 *>(random.data()), random.size() / 4);
    QTest::newRow("random bytes") << random << false;
    QTest::newRow("random bytes, read-only") << random << true;
    QTest::newRow("text") << QByteArray("id,name\n1,alice\n2,bob\n").repeated(200) << false;
    QTest::newRow("short text") << QByteArray("hello") << false;
    QTest::newRow("zeros") << QByteArray(4096, '\0') << false;
}

void tst_BadInput::notADatabase()
{
    // Given a file that is not an SQLite database,
    QFETCH(QByteArray, content);
    QFETCH(bool, readOnly);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"notes.db"_s);
    QVERIFY(writeFile(path, content));
    const QByteArray before = fileHash(path);

    // when opened, then there is no engine and the error says it is not a database,
    orm::Error error;
    auto engine = orm::Engine::create(
        u"sqlite:///"_s + path + (readOnly ? u"?mode=ro"_s : QString()), &error);
    QVERIFY(!engine);
    QCOMPARE(error.kind(), orm::Error::Kind::NotADatabase);
    QVERIFY2(error.message().contains(path), qPrintable(error.message()));
    QVERIFY2(error.message().contains(u"not an SQLite database"_s), qPrintable(error.message()));

    // and the file is exactly as it was (no journal either).
    QCOMPARE(fileHash(path), before);
    QCOMPARE(QFileInfo(path).size(), content.size());
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList {u"notes.db"_s});
}

void tst_BadInput::emptyFileIsAnEmptyDatabase()
{
    // Given an empty file, when opened, then SQLite treats it as a new, empty database (as
    // sqlite3 does) and opening alone does not write to it.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"empty.db"_s);
    QVERIFY(writeFile(path, QByteArray()));
    orm::Error error;
    auto engine = orm::Engine::create(u"sqlite:///"_s + path, &error);
    QVERIFY2(engine, qPrintable(error.text()));
    QCOMPARE(countRows(engine->connection(), u"sqlite_schema"_s), 0);
    QCOMPARE(QFileInfo(path).size(), 0);
}

void tst_BadInput::missingDirectory()
{
    // Given a path in a folder that does not exist, when opened, then the Connection error
    // names the folder, and nothing is created.
    QTemporaryDir dir;
    const QString folder = dir.filePath(u"no/such/folder"_s);
    orm::Error error;
    auto engine = orm::Engine::create(u"sqlite:///"_s + folder + u"/site.db"_s, &error);
    QVERIFY(!engine);
    QCOMPARE(error.kind(), orm::Error::Kind::Connection);
    QVERIFY2(error.message().contains(folder), qPrintable(error.message()));
    QVERIFY2(error.message().contains(u"does not exist"_s), qPrintable(error.message()));
    QVERIFY(!QFileInfo::exists(dir.filePath(u"no"_s)));
}

void tst_BadInput::folderInsteadOfAFile()
{
    // Given a folder where the database file should be, when opened, then it is refused.
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkdir(u"data.db"_s));
    orm::Error error;
    QVERIFY(!orm::Engine::create(u"sqlite:///"_s + dir.filePath(u"data.db"_s), &error));
    QCOMPARE(error.kind(), orm::Error::Kind::Connection);
    QVERIFY2(error.message().contains(u"folder"_s), qPrintable(error.message()));
}

void tst_BadInput::readOnlyMissingFile()
{
    // Given a file that does not exist, when opened read-only, then it is not created.
    QTemporaryDir dir;
    const QString path = dir.filePath(u"absent.db"_s);
    orm::Error error;
    QVERIFY(!orm::Engine::create(u"sqlite:///"_s + path + u"?mode=ro"_s, &error));
    QCOMPARE(error.kind(), orm::Error::Kind::Connection);
    QVERIFY(error.message().contains(path));
    QVERIFY(!QFileInfo::exists(path));
}

void tst_BadInput::readOnlyDatabase_data()
{
    QTest::addColumn<bool>("byUrl");
    QTest::newRow("?mode=ro") << true;
    QTest::newRow("ConnectionOptions::readOnly") << false;
}

void tst_BadInput::readOnlyDatabase()
{
    // Given a database opened read-only,
    QFETCH(bool, byUrl);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"ro.db"_s);
    {
        auto engine = makeEngine(u"sqlite:///"_s + path);
        orm::Session session(engine);
        session.add(User::make(u"alice"_s));
        QVERIFY(session.commit());
    }
    const QByteArray before = fileHash(path);
    orm::ConnectionOptions options;
    options.readOnly = !byUrl;
    auto engine =
        orm::Engine::create(u"sqlite:///"_s + path + (byUrl ? u"?mode=ro"_s : QString()), options);
    QVERIFY(engine);
    {
        // when an edit is committed, then it fails with ReadOnly naming the object, the edit
        // stays staged, and reading still works;
        orm::Session session(engine);
        auto alice = session.query<User>().findByUsername(u"alice"_s);
        QVERIFY(alice);
        alice->age = 3;
        QVERIFY(!session.commit());
        QCOMPARE(session.lastError().kind(), orm::Error::Kind::ReadOnly);
        QCOMPARE(session.lastError().object().get(), alice.get());
        QVERIFY(session.isModified(*alice));
        QVERIFY(!session.execute(u"DROP TABLE users"_s));
        QCOMPARE(session.lastError().kind(), orm::Error::Kind::ReadOnly);
        QCOMPARE(session.query<User>().count(), std::optional<qint64>(1));
    }
    // and the file is untouched.
    engine.reset();
    QCOMPARE(fileHash(path), before);
}

void tst_BadInput::readOnlyFilePermissions()
{
    // Given a database file made read-only with chmod 0444,
    QTemporaryDir dir;
    const QString path = dir.filePath(u"locked.db"_s);
    {
        auto engine = makeEngine(u"sqlite:///"_s + path);
        orm::Session session(engine);
        session.add(User::make(u"alice"_s));
        QVERIFY(session.commit());
    }
    QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));
    auto engine = orm::Engine::create(u"sqlite:///"_s + path);
    QVERIFY(engine);
    if (runningAsRoot()) {
        // Root ignores file permissions: the write goes through, so the check below cannot
        // be made here (use ?mode=ro to protect a file whatever the user).
        QVERIFY(!engine->connection().isReadOnly());
        QVERIFY(engine->connection().exec(u"UPDATE users SET age = 1"_s));
        QSKIP("running as root: chmod 0444 does not stop writes");
    }
    // when opened normally, then SQLite falls back to read-only and a write fails with
    // ReadOnly; the file is untouched.
    const QByteArray before = fileHash(path);
    QVERIFY(engine->connection().isReadOnly());
    QVERIFY(!engine->connection().exec(u"UPDATE users SET age = 1"_s));
    QCOMPARE(engine->connection().lastError().kind(), orm::Error::Kind::ReadOnly);
    engine.reset();
    QCOMPARE(fileHash(path), before);
}

void tst_BadInput::valueTooLong_data()
{
    QTest::addColumn<QString>("username"); // String(80)
    QTest::addColumn<bool>("accepted");
    QTest::addColumn<int>("length"); // as reported

    QTest::newRow("80 ASCII characters") << QString(80, u'a') << true << 80;
    QTest::newRow("81 ASCII characters") << QString(81, u'a') << false << 81;
    QTest::newRow("80 accented characters") << QString(80, u'é') << true << 80;
    QTest::newRow("81 accented characters") << QString(81, u'é') << false << 81;
    // Characters are counted as people (and Python's len()) count them, not UTF-16 units.
    QTest::newRow("80 emoji") << u"😀"_s.repeated(80) << true << 80;
    QTest::newRow("81 emoji") << u"😀"_s.repeated(81) << false << 81;
}

void tst_BadInput::valueTooLong()
{
    // Given a new user whose username is longer than String(80) allows,
    QFETCH(QString, username);
    QFETCH(bool, accepted);
    QFETCH(int, length);
    auto engine = makeEngine();
    orm::Session session(engine);
    auto user = User::make(username, u"long@example.com"_s);
    session.add(user);
    StatementCounter counter(engine->connection());

    // when committed, then it is refused before anything is written, with a Validation error
    // naming the column; the object stays staged with its value.
    const bool committed = session.commit();
    QCOMPARE(committed, accepted);
    if (accepted) {
        QCOMPARE(engine->connection().select(u"SELECT username FROM users"_s)->first().first(),
                 QVariant(username));
        return;
    }
    const orm::Error e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Validation);
    QCOMPARE(e.entity(), u"User"_s);
    QCOMPARE(e.column(), u"username"_s);
    QCOMPARE(e.fieldErrors().size(), 1);
    QCOMPARE(e.fieldErrors().first().column, u"username"_s);
    QCOMPARE(e.fieldErrors().first().message, u"at most 80 characters (this is %1)"_s.arg(length));
    QCOMPARE(e.object().get(), user.get());
    QVERIFY(counter.sql().filter(u"INSERT"_s).isEmpty());
    QCOMPARE(countRows(engine->connection(), u"users"_s), 0);
    QCOMPARE(user->objectState(), orm::ObjectState::Pending);
    QCOMPARE(user->username, username);
    QCOMPARE(session.pendingChangeCount(), 1);

    // Shortened, it commits.
    user->username.truncate(40);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
}

void tst_BadInput::valueTooLongOnUpdate()
{
    // Given a persistent user, when the e-mail is edited beyond String(120), then the commit
    // is refused without an UPDATE and the edit stays staged.
    auto engine = makeEngine();
    orm::Session session(engine);
    auto user = User::make(u"alice"_s);
    session.add(user);
    QVERIFY(session.commit());
    user->email = QString(121 - 12, u'a') + u"@example.com"_s;
    StatementCounter counter(engine->connection());
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Validation);
    QCOMPARE(session.lastError().column(), u"email"_s);
    QVERIFY(counter.sql().filter(u"UPDATE"_s).isEmpty());
    QCOMPARE(user->email.size(), 121);
    QVERIFY(session.isModified(*user));
}

void tst_BadInput::wrongType_data()
{
    QTest::addColumn<QString>("columnName");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<bool>("accepted");

    QTest::newRow("integer from words") << u"age"_s << QVariant(u"forty"_s) << false;
    QTest::newRow("integer from digits") << u"age"_s << QVariant(u"42"_s) << true;
    QTest::newRow("integer from a fraction") << u"age"_s << QVariant(2.5) << false;
    QTest::newRow("integer from a whole double") << u"age"_s << QVariant(3.0) << true;
    QTest::newRow("integer from a date") << u"age"_s << QVariant(QDate(2024, 1, 1)) << false;
    QTest::newRow("boolean from maybe") << u"is_active"_s << QVariant(u"maybe"_s) << false;
    QTest::newRow("boolean from no") << u"is_active"_s << QVariant(u"no"_s) << true;
    QTest::newRow("boolean from 2") << u"is_active"_s << QVariant(2) << false;
    QTest::newRow("datetime from words") << u"created_at"_s << QVariant(u"next week"_s) << false;
    QTest::newRow("datetime from text")
        << u"created_at"_s << QVariant(u"2024-01-02 03:04:05"_s) << true;
    QTest::newRow("text from a map")
        << u"username"_s << QVariant(QVariantMap {{u"a"_s, 1}}) << false;
}

void tst_BadInput::wrongType()
{
    // Given a persistent user, when a value of the wrong type is set generically (the UI's
    // path), then Entity::setValue and Session::setValue return false, Session says Type with
    // the column, and the member keeps its value; convertible values are accepted.
    QFETCH(QString, columnName);
    QFETCH(QVariant, value);
    QFETCH(bool, accepted);
    auto engine = makeEngine();
    orm::Session session(engine);
    auto user = User::make(u"alice"_s);
    session.add(user);
    QVERIFY(session.commit());
    const int c = column(columnName);
    QVERIFY(c >= 0);
    const QVariant before = user->value(c);

    QCOMPARE(user->setValue(c, value), accepted);
    if (!accepted)
        QCOMPARE(user->value(c), before);
    session.revert(*user);
    QCOMPARE(session.setValue(*user, c, value), accepted);
    if (accepted) {
        QVERIFY(session.isModified(*user));
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
        return;
    }
    QCOMPARE(user->value(c), before);
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Type);
    QCOMPARE(session.lastError().column(), columnName);
    QCOMPARE(session.lastError().entity(), u"User"_s);
    QVERIFY(session.lastError().message().contains(u"not a valid"_s));
    QVERIFY(!session.hasPendingChanges());
}

void tst_BadInput::nullIntoNotNull()
{
    // Given NOT NULL columns left NULL (a new post without title and content, a user whose
    // username is cleared through setValue),
    auto engine = makeEngine();
    orm::Session session(engine);
    auto user = User::make(u"alice"_s);
    session.add(user);
    QVERIFY(session.commit());
    auto post = std::make_shared<Post>();
    post->userId = user->id;
    session.add(post);
    StatementCounter counter(engine->connection());

    // when committed, then a Validation error lists every missing field before any write;
    QVERIFY(!session.commit());
    orm::Error e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Validation);
    QCOMPARE(e.entity(), u"Post"_s);
    QCOMPARE(e.columns(), (QStringList {u"title"_s, u"content"_s}));
    QCOMPARE(e.fieldErrors().first().message, u"required"_s);
    QVERIFY(counter.sql().filter(u"INSERT"_s).isEmpty());
    session.revert(*post);

    QVERIFY(session.setValue(*user, column(u"username"_s), QVariant()));
    QVERIFY(user->username.isNull());
    QVERIFY(!session.commit());
    e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Validation);
    QCOMPARE(e.column(), u"username"_s);
    QCOMPARE(e.key(), QVariant(user->id));
    QVERIFY(counter.sql().filter(u"UPDATE"_s).isEmpty());
    QCOMPARE(engine->connection().select(u"SELECT username FROM users"_s)->first().first(),
             QVariant(u"alice"_s));
    // An empty string is a value, not NULL (as in SQLAlchemy).
    user->username = u""_s;
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
}

void tst_BadInput::nullIntoNotNullWithoutValidation()
{
    // Given a generic record whose description says a column is nullable while the database
    // says NOT NULL (a schema that changed under the program), when a NULL is committed, then
    // the database refuses it with a NotNull constraint error naming the column and record.
    auto engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(engine->connection().exec(
        u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)"_s));
    orm::Table table(u"notes"_s);
    orm::Column id;
    id.name = u"id"_s;
    id.type = orm::Integer;
    id.primaryKey = true;
    table.addColumn(id);
    orm::Column body;
    body.name = u"body"_s;
    body.type = orm::Text;
    table.addColumn(body);
    const auto meta = orm::makeRecordMeta(u"Note"_s, table);
    orm::Session session(engine);
    auto note = meta->create();
    session.add(note);
    QVERIFY(!session.commit());
    const orm::Error e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(e.constraint(), orm::Error::Constraint::NotNull);
    QCOMPARE(e.column(), u"body"_s);
    QCOMPARE(e.table(), u"notes"_s);
    QCOMPARE(e.entity(), u"Note"_s);
    QCOMPARE(e.object().get(), note.get());
    QCOMPARE(note->objectState(), orm::ObjectState::Pending);
    QVERIFY(note->setValue(u"body"_s, u"now filled"_s));
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(countRows(engine->connection(), u"notes"_s), 1);
}

void tst_BadInput::checkRefusalNamesItsColumns_data()
{
    QTest::addColumn<QString>("priceClause");
    QTest::addColumn<QString>("tableClause");
    QTest::addColumn<bool>("declared");
    QTest::addColumn<bool>("onUpdate");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QVariant>("bad");
    QTest::addColumn<QStringList>("expected");

    const QString positive = u"CONSTRAINT price_positive CHECK (price > 0)"_s;
    QTest::newRow("named, on its column") << positive << QString() << true << false << u"price"_s
                                          << QVariant(-1.5) << QStringList {u"price"_s};
    QTest::newRow("named, refused by an update")
        << positive << QString() << true << true << u"price"_s << QVariant(-1.5)
        << QStringList {u"price"_s};
    QTest::newRow("unnamed, quoted, in another case")
        << QString() << u", CHECK ([low] <= \"HIGH\")"_s << true << false << u"Low"_s
        << QVariant(5.0) << QStringList {u"Low"_s, u"High"_s};
    QTest::newRow("literals and function names are not columns")
        << QString()
        << u", CONSTRAINT status_known CHECK (status IN ('price', 'qty') "
           "AND length(code) = 3)"_s
        << true << false << u"status"_s << QVariant(u"other"_s)
        << QStringList {u"status"_s, u"code"_s};
    QTest::newRow("unnamed, unknown to the program")
        << QString() << u", CHECK (qty < 100)"_s << false << false << u"qty"_s << QVariant(500)
        << QStringList {u"qty"_s};
}

void tst_BadInput::checkRefusalNamesItsColumns()
{
    QFETCH(QString, priceClause);
    QFETCH(QString, tableClause);
    QFETCH(bool, declared);
    QFETCH(bool, onUpdate);
    QFETCH(QString, column);
    QFETCH(QVariant, bad);
    QFETCH(QStringList, expected);

    // Given a table with a CHECK constraint, described by reflection (or, when the program does
    // not declare the check, by a description without it),
    auto engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(engine->connection().exec(
        u"CREATE TABLE items (id INTEGER PRIMARY KEY, price REAL %1, qty INTEGER, \"Low\" REAL, "
        "\"High\" REAL, status TEXT, code TEXT, length INTEGER%2)"_s.arg(priceClause,
                                                                         tableClause)));
    const auto md = orm::reflect(engine->connection());
    QVERIFY(md);
    orm::Table table = *md->table(u"items"_s);
    if (!declared) {
        orm::Table bare(table.name());
        for (const orm::Column &c : table.columns())
            bare.addColumn(c);
        table = bare;
    }
    const auto meta = orm::makeRecordMeta(u"Item"_s, table);
    const QVariantMap valid {
        {u"price"_s, 1.0},         {u"qty"_s, 1},         {u"Low"_s, 0.0}, {u"High"_s, 1.0},
        {u"status"_s, u"price"_s}, {u"code"_s, u"abc"_s}, {u"length"_s, 0}};
    orm::Session session(engine);
    auto item = meta->create();
    for (auto it = valid.cbegin(); it != valid.cend(); ++it)
        QVERIFY(item->setValue(it.key(), it.value()));
    session.add(item);
    if (onUpdate)
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    // when a value the check refuses is committed,
    QVERIFY(session.setValue(*item, meta->columnIndex(column), bad));
    QVERIFY(!session.commit());

    // then the error names the check's columns, in the table's order, and the object,
    const orm::Error e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(e.constraint(), orm::Error::Constraint::Check);
    QCOMPARE(e.columns(), expected);
    QCOMPARE(e.table(), u"items"_s);
    QCOMPARE(e.object().get(), item.get());
    // and the edit is kept: fixing the field lets the commit through.
    QCOMPARE(item->value(column), bad);
    QVERIFY(session.setValue(*item, meta->columnIndex(column), valid.value(column)));
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(countRows(engine->connection(), u"items"_s), 1);
}

void tst_BadInput::sqlLookingValues_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("drop table") << u"Robert'); DROP TABLE users;--"_s;
    QTest::newRow("or 1=1") << u"' OR 1=1 --"_s;
    QTest::newRow("or '1'='1'") << u"x' OR '1'='1"_s;
    QTest::newRow("double quote") << u"say \"hi\""_s;
    QTest::newRow("semicolon") << u"a;b"_s;
    QTest::newRow("comment") << u"--"_s;
    QTest::newRow("block comment") << u"/* nothing */"_s;
    QTest::newRow("backslash") << u"C:\\temp\\"_s;
    QTest::newRow("like wildcards") << u"50%_off"_s;
    QTest::newRow("NUL inside") << QString(u"nul\0inside"_s);
}

void tst_BadInput::sqlLookingValues()
{
    // Given a value that looks like SQL stored as a username next to a decoy,
    QFETCH(QString, value);
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(User::make(u"decoy"_s));
    auto user = User::make(value, u"sqlish@example.com"_s);
    session.add(user);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    // when read back and matched, then it is stored and compared literally: filterBy, like
    // with the value as its own pattern, contains, raw SQL with a bound parameter;
    orm::Session reader(engine);
    const auto byFilter = reader.query<User>().filterBy(&User::username, value).all();
    QCOMPARE(byFilter.size(), size_t(1));
    QCOMPARE(byFilter.front()->username, value);
    QCOMPARE(reader.query<User>().filter(orm::col(&User::username).like(value)).count(),
             std::optional<qint64>(1));
    QCOMPARE(reader.query<User>().filter(orm::col(&User::username).contains(value)).count(),
             std::optional<qint64>(1));
    // (bytes, not length(): SQLite's length() of text stops at a NUL)
    const auto raw = reader.execute(
        u"SELECT length(CAST(username AS BLOB)) FROM users WHERE username = ?"_s, {value});
    QCOMPARE(raw->rows.first().first().toLongLong(), value.toUtf8().size());
    // and nothing else happened: both users are there, the table intact.
    QCOMPARE(reader.query<User>().count(), std::optional<qint64>(2));
    QCOMPARE(countRows(engine->connection(), u"users"_s), 2);
}

void tst_BadInput::identifiersNeedingQuotes()
{
    // Given a table and columns whose names contain spaces, quotes, a keyword and ';',
    orm::Table table(u"my \"odd\" table"_s);
    const QStringList names {u"id"_s, u"the \"name\""_s, u"select"_s, u"semi;colon -- x"_s};
    for (const QString &name : names) {
        orm::Column c;
        c.name = name;
        c.type = name == u"id" ? orm::Integer : orm::Text;
        c.primaryKey = name == u"id";
        table.addColumn(c);
    }
    const QString ddl = orm::SqliteDialect().createTable(table).first();
    QVERIFY2(ddl.startsWith(u"CREATE TABLE \"my \"\"odd\"\" table\" ("_s), qPrintable(ddl));
    QVERIFY2(ddl.contains(u"\"the \"\"name\"\"\" TEXT"_s), qPrintable(ddl));
    QVERIFY2(ddl.contains(u"\"select\" TEXT"_s), qPrintable(ddl));
    orm::MetaData md;
    md.addTable(table);
    auto engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY2(md.createAll(engine->connection()),
             qPrintable(engine->connection().lastError().text()));

    // when records are inserted, queried, ordered, updated and deleted through the ORM,
    // then every statement works (identifiers are always quoted).
    const auto meta = orm::makeRecordMeta(u"Odd"_s, table);
    orm::Session session(engine);
    for (const QString &v : {u"b"_s, u"a"_s}) {
        auto r = meta->create();
        QVERIFY(r->setValue(u"the \"name\""_s, v));
        QVERIFY(r->setValue(u"select"_s, QString(v + u"!"_s)));
        QVERIFY(r->setValue(u"semi;colon -- x"_s, QString(v + u";"_s)));
        session.add(r);
    }
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    orm::Session reader(engine);
    const orm::Expr nameColumn = orm::Expr::column(table.name(), u"the \"name\""_s, orm::Text);
    const auto found = reader.query(*meta).filterBy(u"select"_s, u"a!"_s).allEntities();
    QCOMPARE(found.size(), size_t(1));
    QCOMPARE(found.front()->value(u"semi;colon -- x"_s), QVariant(u"a;"_s));
    const auto ordered = reader.query(*meta).orderBy(orm::asc(nameColumn)).allEntities();
    QCOMPARE(ordered.size(), size_t(2));
    QCOMPARE(ordered.front()->value(u"the \"name\""_s), QVariant(u"a"_s));
    QVERIFY(reader.setValue(*ordered.front(), meta->columnIndex(u"select"_s), u"changed"_s));
    reader.remove(ordered.back());
    QVERIFY2(reader.commit(), qPrintable(reader.lastError().text()));
    const auto rows =
        engine->connection().select(u"SELECT \"select\" FROM \"my \"\"odd\"\" table\""_s);
    QCOMPARE(*rows, (QList<QVariantList> {{u"changed"_s}}));
    QCOMPARE(reader.query(*meta).count(), std::optional<qint64>(1));
    auto byKey = reader.get(*meta, ordered.front()->primaryKey());
    QCOMPARE(byKey.get(), ordered.front().get());
}

void tst_BadInput::corruptFile_data()
{
    QTest::addColumn<QString>("damage");
    QTest::addColumn<bool>("opens"); // false: the error comes when opening
    QTest::addColumn<orm::Error::Kind>("kind");
    QTest::newRow("pages in the middle") << u"middle"_s << true << orm::Error::Kind::Corrupt;
    QTest::newRow("schema on the first page") << u"schema"_s << false << orm::Error::Kind::Corrupt;
    QTest::newRow("file header") << u"header"_s << false << orm::Error::Kind::NotADatabase;
}

void tst_BadInput::corruptFile()
{
    QFETCH(QString, damage);
    QFETCH(bool, opens);
    QFETCH(orm::Error::Kind, kind);
    // Given a valid database of many pages, damaged by overwriting bytes,
    QTemporaryDir dir;
    const QString path = dir.filePath(u"damaged.db"_s);
    {
        auto engine = makeEngine(u"sqlite:///"_s + path);
        orm::Session session(engine);
        for (int i = 0; i < 400; ++i)
            session.add(
                User::make(u"user%1"_s.arg(i), QString(100, u'x') + u"%1@example.com"_s.arg(i)));
        QVERIFY(session.commit());
    }
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    const qint64 pageSize = 4096;
    const qint64 pages = file.size() / pageSize;
    QVERIFY(pages > 10);
    if (damage == u"middle") {
        // The first bytes of every page of the middle third (b-tree page headers).
        for (qint64 page = pages / 3; page < 2 * pages / 3; ++page) {
            QVERIFY(file.seek(page * pageSize));
            file.write(QByteArray(64, '\xab'));
        }
    } else if (damage == u"schema") {
        QVERIFY(file.seek(100));
        file.write(QByteArray(400, '\xab'));
    } else {
        QVERIFY(file.seek(0));
        file.write(QByteArray(16, '\xab'));
    }
    file.close();

    // when opened and queried, then a clear error (kind and message) results, never a crash.
    orm::Error error;
    auto engine = orm::Engine::create(u"sqlite:///"_s + path, &error);
    QCOMPARE(bool(engine), opens);
    if (!opens) {
        QCOMPARE(error.kind(), kind);
        QVERIFY2(error.message().contains(path), qPrintable(error.message()));
        return;
    }
    orm::Session session(engine);
    const auto all = session.query<User>().all();
    QVERIFY(all.empty());
    QCOMPARE(session.lastError().kind(), kind);
    QVERIFY2(session.lastError().message().contains(u"malformed"_s),
             qPrintable(session.lastError().message()));
    // (a full scan: a lookup through an index may well reach only undamaged pages)
    QVERIFY(!session.query<User>().filter(orm::col(&User::age).isNull()).count());
    QCOMPARE(session.lastError().kind(), kind);
    // A bulk update must read the damaged pages too: it fails the same way, and the session
    // stays usable.
    QVERIFY(!session.query<User>()
                 .filter(orm::col(&User::age).isNull())
                 .update({orm::set(&User::age, 1)}));
    QCOMPARE(session.lastError().kind(), kind);
    session.rollback();
    QVERIFY(!engine->connection().inTransaction());
    QCOMPARE(session.execute(u"SELECT 1"_s)->rows.first().first().toLongLong(), 1);
}

QTEST_GUILESS_MAIN(tst_BadInput)
#include "tst_badinput.moc"
