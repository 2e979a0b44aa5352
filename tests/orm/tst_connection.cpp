// SPDX-License-Identifier: MIT
// Core connection behaviour: database URLs, read-only mode, foreign keys, the busy timeout,
// the prepared-statement cache, RAII transactions and savepoints, and error translation.

#include "testmodels.h"

#include "orm/engine/transaction.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

using namespace testmodels;

namespace {

// Restores the current directory when a test changed it (QDir::setCurrent is process-wide).
class CurrentDirGuard
{
public:
    CurrentDirGuard()
        : m_saved(QDir::currentPath())
    { }
    ~CurrentDirGuard() { QDir::setCurrent(m_saved); }

private:
    QString m_saved;
};

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// A file database with the seed tables and one user, closed again.
QString makeFileDatabase(const QTemporaryDir &dir, const QString &name = u"data.db"_s)
{
    const QString path = dir.filePath(name);
    auto engine = makeEngine(u"sqlite:///"_s + path);
    orm::Session session(engine);
    session.add(User::make(u"alice"_s));
    if (!session.commit())
        qFatal("cannot seed %s", qPrintable(path));
    return path;
}

qint64 countRows(orm::Connection &c, const QString &table)
{
    const auto rows = c.select(u"SELECT count(*) FROM \"%1\""_s.arg(table));
    return rows && !rows->isEmpty() ? rows->first().first().toLongLong() : -1;
}

} // namespace

class tst_Connection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseUrl_data();
    void parseUrl();
    void relativeUrlFollowsCurrentDirectory();
    void absoluteUrl();
    void memoryDatabasesAreSeparate();
    void readOnly_data();
    void readOnly();
    void unsupportedUrls_data();
    void unsupportedUrls();
    void foreignKeysEnforced();
    void foreignKeysCanBeTurnedOff();
    void busyTimeout();
    void busySessionKeepsStagedChanges();
    void readsCanBeProbedWithoutWaiting();
    void prepareErrorCompilesWithoutRunning();
    void readersAreNotBlockedByAWriter();
    void statementsAreCachedAndReused();
    void statementCacheEvictsBeyondItsSize();
    void sameStatementTwiceAtOnce();
    void transactionRollsBackUnlessCommitted();
    void transactionCommit();
    void savepointGuardRollsBackUnlessReleased();
    void nestedSavepointGuards();
    void sqlErrorsAreTranslated();
    void constraintErrorsNameTheColumns_data();
    void constraintErrorsNameTheColumns();
    void listenersSeeEveryStatement();
    void defensiveModeProtectsTheSchema();
    void textReadsBackExactly_data();
    void textReadsBackExactly();
};

void tst_Connection::textReadsBackExactly_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << u""_s;
    // ASCII around the widths read at once (8 and 16 bytes), then non-ASCII in each part.
    for (int n : {1, 7, 8, 9, 15, 16, 17, 23, 24, 31, 32, 33, 100}) {
        QString ascii;
        for (int i = 0; i < n; ++i)
            ascii += QChar(u'!' + (i * 7) % 94);
        QTest::addRow("ascii %d", n) << ascii;
        for (int at : {0, n / 2, n - 1}) {
            QString mixed = ascii;
            mixed[at] = at % 2 ? u'\u00e9' : u'\u4e2d';
            QTest::addRow("non-ascii at %d of %d", at, n) << mixed;
        }
    }
    QTest::newRow("astral") << u"emoji \U0001F600 here, then more ascii text"_s;
    QTest::newRow("nul inside") << QString(u"a\0b"_s);
}

void tst_Connection::textReadsBackExactly()
{
    // Given any text, when it is stored and read back through a statement, then it comes
    // back unchanged, neither null nor cut short.
    QFETCH(QString, text);
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    orm::Statement st = c.prepare(u"SELECT ?"_s);
    st.bindText(0, text);
    QVERIFY(st.next());
    const QString back = st.text(0);
    QCOMPARE(back, text);
    QCOMPARE(back.size(), text.size());
    QVERIFY(!back.isNull());
}

void tst_Connection::parseUrl_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<bool>("memory");
    QTest::addColumn<bool>("readOnly");
    QTest::addColumn<QString>("path"); // relative paths are resolved against the current dir

    QTest::newRow("relative") << u"sqlite:///site.db"_s << true << false << false << u"site.db"_s;
    QTest::newRow("relative in a folder")
        << u"sqlite:///instance/site.db"_s << true << false << false << u"instance/site.db"_s;
    QTest::newRow("absolute") << u"sqlite:////var/lib/app/site.db"_s << true << false << false
                              << u"/var/lib/app/site.db"_s;
    QTest::newRow("memory") << u"sqlite://"_s << true << true << false << QString();
    QTest::newRow("memory spelled out")
        << u"sqlite:///:memory:"_s << true << true << false << QString();
    QTest::newRow("read-only") << u"sqlite:///site.db?mode=ro"_s << true << false << true
                               << u"site.db"_s;
    QTest::newRow("read-only absolute")
        << u"sqlite:////tmp/x.db?mode=ro"_s << true << false << true << u"/tmp/x.db"_s;
    QTest::newRow("upper-case scheme")
        << u"SQLITE:///site.db"_s << true << false << false << u"site.db"_s;
    QTest::newRow("host is not allowed")
        << u"sqlite://host/site.db"_s << false << false << false << QString();
    QTest::newRow("no scheme") << u"site.db"_s << false << false << false << QString();
    QTest::newRow("unknown database")
        << u"oracle://scott@db/orcl"_s << false << false << false << QString();
}

void tst_Connection::parseUrl()
{
    // Given a URL as SQLAlchemy writes it, when parsed, then the file, memory and read-only
    // flags are as SQLAlchemy reads them; malformed URLs are refused with a message.
    QFETCH(QString, url);
    QFETCH(bool, valid);
    QFETCH(bool, memory);
    QFETCH(bool, readOnly);
    QFETCH(QString, path);
    QString message;
    const orm::DatabaseUrl parsed = orm::DatabaseUrl::parse(url, &message);
    QCOMPARE(parsed.isValid(), valid);
    if (!valid) {
        QVERIFY(!message.isEmpty());
        return;
    }
    QCOMPARE(parsed.backend(), u"sqlite"_s);
    QCOMPARE(parsed.isMemory(), memory);
    QCOMPARE(parsed.isReadOnly(), readOnly);
    if (!memory)
        QCOMPARE(parsed.path(), QDir::cleanPath(QDir::current().absoluteFilePath(path)));
}

void tst_Connection::relativeUrlFollowsCurrentDirectory()
{
    // Given a current directory, when opening sqlite:///relative.db (as Flask apps do),
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    CurrentDirGuard guard;
    QVERIFY(QDir::setCurrent(dir.path()));
    QVERIFY(QDir(dir.path()).mkdir(u"instance"_s));
    {
        auto engine = makeEngine(u"sqlite:///relative.db"_s);
        auto nested = makeEngine(u"sqlite:///instance/site.db"_s);
        // then the files are created in that directory, and the engine knows their full path.
        QCOMPARE(QFileInfo(engine->url().path()).canonicalFilePath(),
                 QFileInfo(dir.filePath(u"relative.db"_s)).canonicalFilePath());
        QCOMPARE(QFileInfo(nested->url().path()).canonicalFilePath(),
                 QFileInfo(dir.filePath(u"instance/site.db"_s)).canonicalFilePath());
    }
    QVERIFY(QFileInfo(dir.filePath(u"relative.db"_s)).size() > 0);
    QVERIFY(QFileInfo(dir.filePath(u"instance/site.db"_s)).size() > 0);
}

void tst_Connection::absoluteUrl()
{
    // Given an absolute path, when opened as sqlite:////abs/path.db from another directory,
    // then that exact file is the database, whatever the current directory is.
    QTemporaryDir dir;
    QTemporaryDir elsewhere;
    CurrentDirGuard guard;
    QVERIFY(QDir::setCurrent(elsewhere.path()));
    const QString path = dir.filePath(u"abs.db"_s);
    QVERIFY(path.startsWith(u'/'));
    {
        auto engine = makeEngine(u"sqlite:///"_s + path); // "sqlite:////tmp/…/abs.db"
        QCOMPARE(engine->url().path(), path);
        orm::Session session(engine);
        session.add(User::make(u"abs"_s));
        QVERIFY(session.commit());
    }
    QVERIFY(QFileInfo::exists(path));
    QVERIFY(QDir(elsewhere.path()).isEmpty());
    auto again = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
    QVERIFY(again);
    QCOMPARE(countRows(again->connection(), u"users"_s), 1);
}

void tst_Connection::memoryDatabasesAreSeparate()
{
    // Given two in-memory engines, when one creates tables and rows, then the other sees
    // nothing and no file is written.
    QTemporaryDir dir;
    CurrentDirGuard guard;
    QVERIFY(QDir::setCurrent(dir.path()));
    auto first = makeEngine(u"sqlite://"_s);
    orm::Error error;
    auto second = orm::Engine::create(u"sqlite://"_s, &error);
    QVERIFY(second);
    QVERIFY(first->url().isMemory());
    QCOMPARE(countRows(first->connection(), u"users"_s), 0);
    QVERIFY(!second->connection().select(u"SELECT count(*) FROM users"_s));
    QVERIFY(second->connection().lastError().message().contains(u"no such table"_s));
    QVERIFY(QDir(dir.path()).isEmpty());
}

void tst_Connection::readOnly_data()
{
    QTest::addColumn<bool>("byUrl"); // ?mode=ro, or ConnectionOptions::readOnly
    QTest::newRow("?mode=ro") << true;
    QTest::newRow("ConnectionOptions::readOnly") << false;
}

void tst_Connection::readOnly()
{
    QFETCH(bool, byUrl);
    // Given an existing database opened read-only,
    QTemporaryDir dir;
    const QString path = makeFileDatabase(dir);
    const QByteArray before = fileHash(path);
    orm::ConnectionOptions options;
    options.readOnly = !byUrl;
    orm::Error error;
    auto engine = orm::Engine::create(u"sqlite:///"_s + path + (byUrl ? u"?mode=ro"_s : QString()),
                                      options, &error);
    QVERIFY2(engine, qPrintable(error.text()));
    QVERIFY(engine->connection().isReadOnly());

    // when reading, it works; when writing, it fails with Kind::ReadOnly,
    QCOMPARE(countRows(engine->connection(), u"users"_s), 1);
    QVERIFY(!engine->connection().exec(u"DELETE FROM users"_s));
    QCOMPARE(engine->connection().lastError().kind(), orm::Error::Kind::ReadOnly);

    // a session commit fails the same way and keeps the staged object,
    {
        orm::Session session(engine);
        auto bob = User::make(u"bob"_s);
        session.add(bob);
        QVERIFY(!session.commit());
        QCOMPARE(session.lastError().kind(), orm::Error::Kind::ReadOnly);
        QCOMPARE(bob->objectState(), orm::ObjectState::Pending);
        QCOMPARE(session.pendingChangeCount(), 1);
    }

    // and the file is untouched.
    engine.reset();
    QCOMPARE(fileHash(path), before);
}

void tst_Connection::unsupportedUrls_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("mentioned"); // the message names what is wrong
    QTest::newRow("postgresql not yet")
        << u"postgresql://scott:tiger@localhost/mydb"_s << u"postgresql"_s;
    QTest::newRow("mysql") << u"mysql://user:password@localhost/mydb"_s << u"mysql"_s;
    QTest::newRow("host in sqlite url") << u"sqlite://localhost/site.db"_s << u"sqlite:///"_s;
    QTest::newRow("bare path") << u"site.db"_s << u"site.db"_s;
}

void tst_Connection::unsupportedUrls()
{
    // Given a URL the engine cannot serve, when creating an engine, then there is none and a
    // Connection error says why.
    QFETCH(QString, url);
    QFETCH(QString, mentioned);
    orm::Error error;
    auto engine = orm::Engine::create(url, &error);
    QVERIFY(!engine);
    QCOMPARE(error.kind(), orm::Error::Kind::Connection);
    QVERIFY2(error.message().contains(mentioned), qPrintable(error.message()));
}

void tst_Connection::foreignKeysEnforced()
{
    // Given a fresh connection, then PRAGMA foreign_keys is on, and a post pointing at a
    // missing user is refused with a ForeignKey constraint error.
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    QCOMPARE(c.select(u"PRAGMA foreign_keys"_s)->first().first().toLongLong(), 1);
    QVERIFY(
        !c.exec(u"INSERT INTO posts (title, content, date_posted, user_id) VALUES (?, ?, ?, ?)"_s,
                {u"t"_s, u"c"_s, u"2024-01-01 00:00:00.000000"_s, 999}));
    QCOMPARE(c.lastError().kind(), orm::Error::Kind::Constraint);
    QCOMPARE(c.lastError().constraint(), orm::Error::Constraint::ForeignKey);
    QCOMPARE(countRows(c, u"posts"_s), 0);

    // Through a session the error names the object.
    orm::Session session(engine);
    auto post = std::make_shared<Post>();
    post->title = u"orphan"_s;
    post->content = u"no author"_s;
    post->userId = 999;
    session.add(post);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().constraint(), orm::Error::Constraint::ForeignKey);
    QCOMPARE(session.lastError().entity(), u"Post"_s);
    QCOMPARE(session.lastError().object().get(), post.get());
}

void tst_Connection::foreignKeysCanBeTurnedOff()
{
    // Given ConnectionOptions::foreignKeys = false, then SQLite's default applies (off).
    orm::ConnectionOptions options;
    options.foreignKeys = false;
    auto engine = orm::Engine::create(u"sqlite://"_s, options);
    QVERIFY(engine);
    QVERIFY(metadata().createAll(engine->connection()));
    QCOMPARE(engine->connection().select(u"PRAGMA foreign_keys"_s)->first().first().toLongLong(),
             0);
    QVERIFY(engine->connection().exec(
        u"INSERT INTO posts (title, content, date_posted, user_id) VALUES ('t', 'c', '', 999)"_s));
}

void tst_Connection::busyTimeout()
{
    // Given a second connection holding the write lock (BEGIN IMMEDIATE),
    QTemporaryDir dir;
    const QString path = makeFileDatabase(dir);
    orm::ConnectionOptions options;
    options.busyTimeoutMs = 100;
    auto ours = orm::Engine::create(u"sqlite:///"_s + path, options);
    auto theirs = orm::Engine::create(u"sqlite:///"_s + path);
    QVERIFY(ours && theirs);
    QVERIFY(theirs->connection().begin(orm::Connection::TransactionMode::Immediate));

    // when we write, we wait for the busy timeout, then fail with Kind::Busy;
    QElapsedTimer timer;
    timer.start();
    QVERIFY(!ours->connection().exec(u"UPDATE users SET age = 1"_s));
    const qint64 waited = timer.elapsed();
    QCOMPARE(ours->connection().lastError().kind(), orm::Error::Kind::Busy);
    QVERIFY(ours->connection().lastError().message().contains(u"locked"_s));
    // A lower bound only (it cannot flake under load): the timeout was applied, not zero.
    QVERIFY2(waited >= 80, qPrintable(QString::number(waited)));

    // once they commit, the same write succeeds.
    QVERIFY(theirs->connection().commit());
    QVERIFY2(ours->connection().exec(u"UPDATE users SET age = 1"_s),
             qPrintable(ours->connection().lastError().text()));
}

void tst_Connection::busySessionKeepsStagedChanges()
{
    // Given staged changes and another process holding the write lock,
    QTemporaryDir dir;
    const QString path = makeFileDatabase(dir);
    orm::ConnectionOptions options;
    options.busyTimeoutMs = 50;
    auto ours = orm::Engine::create(u"sqlite:///"_s + path, options);
    auto theirs = orm::Engine::create(u"sqlite:///"_s + path);
    orm::Session session(ours);
    auto alice = session.query<User>().findByUsername(u"alice"_s);
    QVERIFY(alice);
    alice->age = 33;
    session.add(User::make(u"bob"_s));
    QVERIFY(theirs->connection().begin());

    // when committing, it fails with Busy and keeps every staged change,
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Busy);
    QCOMPARE(session.pendingChangeCount(), 2);
    QCOMPARE(alice->age, std::optional<qint64>(33));

    // and commits once the lock is released.
    theirs->connection().rollback();
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(countRows(theirs->connection(), u"users"_s), 2);
}

void tst_Connection::readersAreNotBlockedByAWriter()
{
    // Given another connection in a write transaction with uncommitted changes,
    QTemporaryDir dir;
    const QString path = makeFileDatabase(dir);
    auto ours = orm::Engine::create(u"sqlite:///"_s + path);
    auto theirs = orm::Engine::create(u"sqlite:///"_s + path);
    QVERIFY(theirs->connection().begin());
    QVERIFY(theirs->connection().exec(u"DELETE FROM users"_s));
    // when we read, then we see the committed data, without waiting.
    orm::Session session(ours);
    QCOMPARE(session.query<User>().count(), std::optional<qint64>(1));
    theirs->connection().rollback();
}

void tst_Connection::statementsAreCachedAndReused()
{
    // Given a connection, when the same statement text runs several times,
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    const QString sql = u"SELECT count(*) FROM users WHERE username = ?"_s;
    const int before = c.cachedStatementCount();
    const orm::detail::StatementBackend *handle = nullptr;
    {
        orm::Statement st = c.prepare(sql);
        QVERIFY(st.isValid());
        handle = st.backend();
    }
    QCOMPARE(c.cachedStatementCount(), before + 1);
    for (int i = 0; i < 3; ++i) {
        orm::Statement st = c.prepare(sql);
        // then the one prepared statement is reused (reset, bindings cleared),
        QCOMPARE(st.backend(), handle);
        st.bindText(0, u"nobody"_s);
        QVERIFY(st.next());
        QCOMPARE(st.int64(0), 0);
    }
    QVERIFY(c.select(sql, {u"x"_s}));
    QCOMPARE(c.cachedStatementCount(), before + 1);
    // and a different text is another cache entry.
    QVERIFY(c.select(u"SELECT count(*) FROM posts"_s));
    QCOMPARE(c.cachedStatementCount(), before + 2);

    // Queries through a session reuse their statements too.
    orm::Session session(engine);
    session.add(User::make(u"alice"_s));
    QVERIFY(session.commit());
    (void)session.query<User>().findByUsername(u"alice"_s);
    const int afterFirst = c.cachedStatementCount();
    for (const QString &name : {u"bob"_s, u"carol"_s, u"alice"_s})
        (void)session.query<User>().findByUsername(name);
    QCOMPARE(c.cachedStatementCount(), afterFirst);
}

void tst_Connection::statementCacheEvictsBeyondItsSize()
{
    // Given a cache of two statements, when five different statements run, then the cache
    // holds at most two and an evicted statement is simply prepared again.
    orm::ConnectionOptions options;
    options.statementCacheSize = 2;
    auto engine = orm::Engine::create(u"sqlite://"_s, options);
    QVERIFY(engine);
    orm::Connection &c = engine->connection();
    for (int i = 1; i <= 5; ++i) {
        const auto rows = c.select(u"SELECT %1"_s.arg(i));
        QVERIFY(rows);
        QCOMPARE(rows->first().first().toLongLong(), i);
        QVERIFY(c.cachedStatementCount() <= 2);
    }
    QCOMPARE(c.select(u"SELECT 1"_s)->first().first().toLongLong(), 1);
    QCOMPARE(c.cachedStatementCount(), 2);
}

void tst_Connection::sameStatementTwiceAtOnce()
{
    // Given a statement being stepped, when the same text is prepared again before it is done
    // (a nested loop), then the second one is a separate statement and both give their rows.
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    for (int i = 1; i <= 3; ++i)
        QVERIFY(c.exec(u"INSERT INTO users (username, email) VALUES (?, ?)"_s,
                       {u"u%1"_s.arg(i), u"u%1@example.com"_s.arg(i)}));
    const QString sql = u"SELECT id FROM users WHERE id >= ? ORDER BY id"_s;
    const int before = c.cachedStatementCount();
    orm::Statement outer = c.prepare(sql);
    outer.bindInt64(0, 1);
    QStringList pairs;
    while (outer.next()) {
        orm::Statement inner = c.prepare(sql);
        QVERIFY(inner.backend() != outer.backend());
        inner.bindInt64(0, outer.int64(0));
        while (inner.next())
            pairs << u"%1-%2"_s.arg(outer.int64(0)).arg(inner.int64(0));
    }
    QVERIFY(!outer.hasError());
    QCOMPARE(pairs, (QStringList {u"1-1"_s, u"1-2"_s, u"1-3"_s, u"2-2"_s, u"2-3"_s, u"3-3"_s}));
    QVERIFY(c.cachedStatementCount() <= before + 1);
}

void tst_Connection::transactionRollsBackUnlessCommitted()
{
    // Given a Transaction, when it goes out of scope without commit(), then its writes are gone.
    QTemporaryDir dir;
    const QString path = makeFileDatabase(dir);
    auto engine = orm::Engine::create(u"sqlite:///"_s + path);
    orm::Connection &c = engine->connection();
    {
        orm::Transaction tx(c);
        QVERIFY(tx.isActive());
        QVERIFY(c.inTransaction());
        QVERIFY(c.exec(u"DELETE FROM users"_s));
        QCOMPARE(countRows(c, u"users"_s), 0);
    }
    QVERIFY(!c.inTransaction());
    QCOMPARE(countRows(c, u"users"_s), 1);

    // An explicit rollback() does the same, and the transaction is then inactive.
    orm::Transaction tx(c);
    QVERIFY(c.exec(u"DELETE FROM users"_s));
    tx.rollback();
    QVERIFY(!tx.isActive());
    QVERIFY(!tx.commit());
    QCOMPARE(countRows(c, u"users"_s), 1);
}

void tst_Connection::transactionCommit()
{
    // Given a Transaction, when committed, then another connection sees its writes, and the
    // destructor does not undo them.
    QTemporaryDir dir;
    const QString path = makeFileDatabase(dir);
    auto engine = orm::Engine::create(u"sqlite:///"_s + path);
    auto other = orm::Engine::create(u"sqlite:///"_s + path);
    {
        orm::Transaction tx(engine->connection());
        QVERIFY(engine->connection().exec(u"UPDATE users SET age = 40"_s));
        QCOMPARE(other->connection().select(u"SELECT age FROM users"_s)->first().first(),
                 QVariant());
        QVERIFY(tx.commit());
        QVERIFY(!tx.isActive());
    }
    QCOMPARE(other->connection().select(u"SELECT age FROM users"_s)->first().first(),
             QVariant(qint64(40)));
}

void tst_Connection::savepointGuardRollsBackUnlessReleased()
{
    // Given a transaction with one write, when a SavepointGuard is left without release(),
    // then only the writes made inside it are undone; a released one keeps its writes.
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    orm::Transaction tx(c);
    QVERIFY(c.exec(u"INSERT INTO users (username, email) VALUES ('outer', 'o@example.com')"_s));
    {
        orm::SavepointGuard sp(c);
        QVERIFY(sp.isActive());
        QVERIFY(!sp.name().isEmpty());
        QVERIFY(c.exec(u"INSERT INTO users (username, email) VALUES ('inner', 'i@example.com')"_s));
        QCOMPARE(countRows(c, u"users"_s), 2);
    }
    QCOMPARE(countRows(c, u"users"_s), 1);
    QVERIFY(c.inTransaction());
    {
        orm::SavepointGuard sp(c);
        QVERIFY(c.exec(u"INSERT INTO users (username, email) VALUES ('kept', 'k@example.com')"_s));
        QVERIFY(sp.release());
        QVERIFY(!sp.isActive());
    }
    QVERIFY(tx.commit());
    const auto names = c.select(u"SELECT username FROM users ORDER BY id"_s);
    QCOMPARE(names->size(), 2);
    QCOMPARE(names->at(0).first().toString(), u"outer"_s);
    QCOMPARE(names->at(1).first().toString(), u"kept"_s);
}

void tst_Connection::nestedSavepointGuards()
{
    // Given nested savepoints, when the inner one is released and the outer one rolled back,
    // then both writes are gone; each guard has its own name.
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    orm::Transaction tx(c);
    {
        orm::SavepointGuard outer(c);
        QVERIFY(c.exec(u"INSERT INTO users (username, email) VALUES ('a', 'a@example.com')"_s));
        {
            orm::SavepointGuard inner(c);
            QVERIFY(inner.name() != outer.name());
            QVERIFY(c.exec(u"INSERT INTO users (username, email) VALUES ('b', 'b@example.com')"_s));
            QVERIFY(inner.release());
        }
        QCOMPARE(countRows(c, u"users"_s), 2);
        outer.rollback();
        QCOMPARE(countRows(c, u"users"_s), 0);
    }
    QVERIFY(tx.commit());
    QCOMPARE(countRows(c, u"users"_s), 0);
}

void tst_Connection::sqlErrorsAreTranslated()
{
    // Given a statement that does not compile, when prepared, then the statement is invalid and
    // the error is Kind::Sql with SQLite's message and the SQL text.
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    orm::Statement st = c.prepare(u"SELEC * FROM users"_s);
    QVERIFY(!st.isValid());
    QCOMPARE(c.lastError().kind(), orm::Error::Kind::Sql);
    QVERIFY(c.lastError().message().contains(u"syntax error"_s));
    QCOMPARE(c.lastError().sql(), u"SELEC * FROM users"_s);
    QVERIFY(!c.exec(u"SELECT * FROM no_such_table"_s));
    QVERIFY(c.lastError().message().contains(u"no_such_table"_s));
    QVERIFY(!c.exec(QString()));
    QVERIFY(c.lastError().isError());
}

void tst_Connection::constraintErrorsNameTheColumns_data()
{
    QTest::addColumn<QString>("sql");
    QTest::addColumn<orm::Error::Constraint>("constraint");
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QString>("constraintName");

    QTest::newRow("unique") << u"INSERT INTO t (a, b, c) VALUES (1, 1, 5)"_s
                            << orm::Error::Constraint::Unique << QStringList {u"a"_s} << QString();
    QTest::newRow("composite unique")
        << u"INSERT INTO t (a, b, c) VALUES (2, 9, 5)"_s << orm::Error::Constraint::Unique
        << QStringList {u"b"_s, u"c"_s} << QString();
    QTest::newRow("not null") << u"INSERT INTO t (a, b, c) VALUES (3, NULL, 1)"_s
                              << orm::Error::Constraint::NotNull << QStringList {u"b"_s}
                              << QString();
    QTest::newRow("check") << u"INSERT INTO t (a, b, c) VALUES (4, 1, -1)"_s
                           << orm::Error::Constraint::Check << QStringList() << u"c_positive"_s;
    QTest::newRow("primary key") << u"INSERT INTO t (id, a, b, c) VALUES (1, 5, 5, 5)"_s
                                 << orm::Error::Constraint::PrimaryKey << QStringList {u"id"_s}
                                 << QString();
}

void tst_Connection::constraintErrorsNameTheColumns()
{
    // Given a table with constraints and a row, when a statement violates one, then the error
    // is Kind::Constraint with the constraint, table and columns (or the CHECK's name).
    QFETCH(QString, sql);
    QFETCH(orm::Error::Constraint, constraint);
    QFETCH(QStringList, columns);
    QFETCH(QString, constraintName);
    auto engine = orm::Engine::create(u"sqlite://"_s);
    orm::Connection &c = engine->connection();
    QVERIFY(c.exec(u"CREATE TABLE t (id TEXT PRIMARY KEY DEFAULT (hex(randomblob(4))), "
                   "a INTEGER UNIQUE, b INTEGER NOT NULL, c INTEGER, UNIQUE (b, c), "
                   "CONSTRAINT c_positive CHECK (c >= 0))"_s));
    QVERIFY(c.exec(u"INSERT INTO t (id, a, b, c) VALUES (1, 1, 9, 5)"_s));
    QVERIFY(!c.exec(sql));
    const orm::Error e = c.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(e.constraint(), constraint);
    QCOMPARE(e.columns(), columns);
    QCOMPARE(e.constraintName(), constraintName);
    if (!columns.isEmpty())
        QCOMPARE(e.table(), u"t"_s);
    QCOMPARE(e.sql(), sql);
}

void tst_Connection::listenersSeeEveryStatement()
{
    // Given a listener, when statements run, then it receives each one with its bound values,
    // a duration, and the failure of a failing one; removed, it hears nothing more.
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    QList<orm::StatementRecord> seen;
    const int id = c.addListener([&seen](const orm::StatementRecord &r) { seen.append(r); });
    QVERIFY(c.isTracing());
    QVERIFY(c.exec(u"INSERT INTO users (username, email) VALUES (?, ?)"_s,
                   {u"al"_s, u"al@example.com"_s}));
    QVERIFY(!c.exec(u"INSERT INTO users (username, email) VALUES (?, ?)"_s,
                    {u"al"_s, u"other@example.com"_s}));
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen.at(0).sql, u"INSERT INTO users (username, email) VALUES (?, ?)"_s);
    QCOMPARE(seen.at(0).params, (QVariantList {u"al"_s, u"al@example.com"_s}));
    QVERIFY(seen.at(0).ok);
    QVERIFY(seen.at(0).durationNs > 0);
    QVERIFY(!seen.at(1).ok);
    QVERIFY2(seen.at(1).error.contains(u"UNIQUE"_s), qPrintable(seen.at(1).error));
    c.removeListener(id);
    QVERIFY(!c.isTracing());
    QVERIFY(c.select(u"SELECT 1"_s));
    QCOMPARE(seen.size(), 2);
}

void tst_Connection::defensiveModeProtectsTheSchema()
{
    // Given a connection in defensive mode (the default, for files from anywhere), when SQL
    // tries to rewrite the schema table directly, then it is refused.
    auto engine = makeEngine();
    orm::Connection &c = engine->connection();
    (void)c.exec(u"PRAGMA writable_schema = ON"_s);
    QVERIFY(
        !c.exec(u"UPDATE sqlite_schema SET sql = 'CREATE TABLE users (x)' WHERE name = 'users'"_s));
    QVERIFY(c.lastError().isError());
    QCOMPARE(countRows(c, u"users"_s), 0); // the users table is intact
}

void tst_Connection::readsCanBeProbedWithoutWaiting()
{
    // Given a connection with no busy timeout, and another that takes the file exclusively,
    QTemporaryDir dir;
    const QString path = makeFileDatabase(dir);
    auto ours = orm::Engine::create(u"sqlite:///"_s + path);
    auto theirs = orm::Engine::create(u"sqlite:///"_s + path);
    QVERIFY(ours && theirs);
    ours->connection().setBusyTimeout(0);
    QCOMPARE(ours->connection().busyTimeout(), 0);
    QVERIFY(ours->connection().canReadNow());
    QVERIFY(theirs->connection().exec(u"BEGIN EXCLUSIVE"_s));
    // a read fails at once with Busy, and the probe says so without running a statement it
    // would report;
    int reported = 0;
    ours->connection().addListener([&reported](const orm::StatementRecord &) { ++reported; });
    QVERIFY(!ours->connection().canReadNow());
    QCOMPARE(reported, 0);
    QVERIFY(!ours->connection().select(u"SELECT count(*) FROM users"_s));
    QCOMPARE(ours->connection().lastError().kind(), orm::Error::Kind::Busy);
    // once they are done, both read again.
    QVERIFY(theirs->connection().commit());
    QVERIFY(ours->connection().canReadNow());
    QVERIFY(ours->connection().select(u"SELECT count(*) FROM users"_s));
}

void tst_Connection::prepareErrorCompilesWithoutRunning()
{
    QTemporaryDir dir;
    auto engine = orm::Engine::create(u"sqlite:///"_s + makeFileDatabase(dir));
    orm::Connection &c = engine->connection();
    const int cached = c.cachedStatementCount();
    QVERIFY(c.prepareError(u"DELETE FROM users"_s).isEmpty());
    QCOMPARE(c.prepareError(u"SELECT no_such_fn(1)"_s), u"no such function: no_such_fn"_s);
    QCOMPARE(c.cachedStatementCount(), cached); // nothing kept
    QCOMPARE(countRows(c, u"users"_s), 1); // compiled, not run
    QCOMPARE(c.likePatternLimit(), 50000);
}

QTEST_GUILESS_MAIN(tst_Connection)
#include "tst_connection.moc"
