#include "testmodels.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace testmodels;

class tst_Session : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addCommitAndReadBack();
    void identityMap();
    void onlyChangedColumnsAreWritten();
    void failedCommitKeepsEverything();
    void rollbackRestoresValues();
    void savepointRollbackKeepsOuterChanges();
};

void tst_Session::addCommitAndReadBack()
{
    // Given an empty database, when a user is added and committed,
    auto engine = makeEngine();
    orm::Session session(engine);
    auto john = User::make(u"john_doe"_s, u"john@example.com"_s);
    session.add(john);
    QCOMPARE(john->objectState(), orm::ObjectState::Pending);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    // then it is persistent, has a key and defaults were applied.
    QCOMPARE(john->objectState(), orm::ObjectState::Persistent);
    QVERIFY(john->id > 0);
    QVERIFY(john->createdAt.isValid());

    orm::Session other(engine);
    auto found = other.query<User>().findByUsername(u"john_doe"_s);
    QVERIFY(found);
    QCOMPARE(found->email, u"john@example.com"_s);
    QCOMPARE(found->createdAt, john->createdAt);
    QVERIFY(found->isActive);
    QVERIFY(!found->age.has_value());
}

void tst_Session::identityMap()
{
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(User::make(u"alice"_s));
    QVERIFY(session.commit());
    orm::Session s2(engine);
    auto a = s2.get<User>(1);
    auto b = s2.query<User>().filterBy(&User::username, u"alice"_s).first();
    QVERIFY(a);
    QCOMPARE(a.get(), b.get());
}

void tst_Session::onlyChangedColumnsAreWritten()
{
    auto engine = makeEngine();
    orm::Session session(engine);
    auto u = User::make(u"bob"_s);
    session.add(u);
    QVERIFY(session.commit());
    StatementCounter counter(engine->connection());
    u->email = u"bob@new.example.com"_s;
    QVERIFY(session.commit());
    const QStringList sql = counter.sql();
    const auto update = std::find_if(sql.begin(), sql.end(),
                                     [](const QString &s) { return s.startsWith(u"UPDATE"_s); });
    QVERIFY(update != sql.end());
    // email, plus updated_at (onupdate); never username.
    QVERIFY2(update->contains(u"\"email\""_s), qPrintable(*update));
    QVERIFY2(update->contains(u"\"updated_at\""_s), qPrintable(*update));
    QVERIFY2(!update->contains(u"\"username\""_s), qPrintable(*update));
}

void tst_Session::failedCommitKeepsEverything()
{
    QTemporaryDir dir;
    const QString url = u"sqlite:///"_s + dir.filePath(u"t.db"_s);
    auto engine = makeEngine(url);
    orm::Session session(engine);
    session.add(User::make(u"taken"_s));
    QVERIFY(session.commit());

    // Given staged changes where one new user duplicates a username,
    auto ok = User::make(u"fine"_s);
    auto dup = User::make(u"taken"_s, u"other@example.com"_s);
    session.add(ok);
    session.add(dup);
    // when committing, it fails naming the entity, column and constraint,
    QVERIFY(!session.commit());
    const orm::Error e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(e.constraint(), orm::Error::Constraint::Unique);
    QCOMPARE(e.entity(), u"User"_s);
    QCOMPARE(e.column(), u"username"_s);
    QCOMPARE(e.object().get(), dup.get());
    // every staged change is kept, no key was left assigned,
    QCOMPARE(ok->objectState(), orm::ObjectState::Pending);
    QCOMPARE(dup->objectState(), orm::ObjectState::Pending);
    QCOMPARE(ok->id, 0);
    QCOMPARE(session.pendingChangeCount(), 2);
    // and another connection sees nothing of the attempt.
    auto second = orm::Engine::create(url);
    QVERIFY(second);
    orm::Session other(second);
    QCOMPARE(other.query<User>().count().value(), 1);

    // Fixing the one field and committing again succeeds.
    dup->username = u"unique_now"_s;
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(other.query<User>().count().value(), 3);
}

void tst_Session::rollbackRestoresValues()
{
    auto engine = makeEngine();
    orm::Session session(engine);
    auto u = User::make(u"carol"_s);
    session.add(u);
    QVERIFY(session.commit());
    u->email = u"changed@example.com"_s;
    auto pending = User::make(u"dave"_s);
    session.add(pending);
    session.rollback();
    QCOMPARE(u->email, u"carol@example.com"_s);
    QCOMPARE(pending->objectState(), orm::ObjectState::Transient);
    QVERIFY(!session.hasPendingChanges());
}

void tst_Session::savepointRollbackKeepsOuterChanges()
{
    auto engine = makeEngine();
    orm::Session session(engine);
    auto a = User::make(u"outer"_s);
    session.add(a);
    QVERIFY(session.commit());
    a->email = u"outer2@example.com"_s;
    {
        orm::Savepoint sp = session.beginNested();
        QVERIFY(sp.isActive());
        a->age = 5;
        session.add(User::make(u"inner"_s));
        QVERIFY(session.flush());
        sp.rollback();
    }
    QCOMPARE(a->email, u"outer2@example.com"_s);
    QVERIFY(!a->age.has_value());
    QVERIFY(session.commit());
    orm::Session other(engine);
    QCOMPARE(other.query<User>().count().value(), 1);
    QCOMPARE(other.get<User>(a->id)->email, u"outer2@example.com"_s);
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
