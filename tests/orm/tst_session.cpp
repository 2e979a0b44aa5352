// SPDX-License-Identifier: MIT
#include "testmodels.h"

#include "orm/mapping/automap.h"
#include "orm/session/session_p.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace testmodels;

class tst_Session : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addCommitAndReadBack();
    void newRowsLeaveGeneratedColumnsToTheDatabase();
    void identityMap();
    void onlyChangedColumnsAreWritten();
    void failedCommitKeepsEverything();
    void updatesThatHandOnUniqueValuesCommitInAnyOrder_data();
    void updatesThatHandOnUniqueValuesCommitInAnyOrder();
    void rollbackRestoresValues();
    void changesInPlaceToLoadedTextAreSeenAndRolledBack();
    void savepointRollbackKeepsOuterChanges();

    void objectStates();
    void queriesKeepStagedEdits();
    void stagingDoesNotLockTheFile();
    void failedCommitKeepsEveryStagedChange_data();
    void failedCommitKeepsEveryStagedChange();
    void failureAtCommitTimeKeepsEveryStagedChange();
    void rollbackDropsPendingAndCancelsDeletions();
    void flushThenRollback();
    void flushThenCommit();
    void refreshReloadsFromTheDatabase();
    void refreshOfADeletedRowIsStale();
    void expungeDetaches();
    void closeDetachesEverything();
    void savepointCommitKeepsItsChanges();
    void savepointRollsBackWhenDestroyed();
    void nestedSavepoints();
    void outerSavepointRollbackUndoesCommittedInner();
    void revert();
    void setValueEmitsSignals();
    void setValueRefusesWrongType();
    void pendingChanges();
    void stagedChangesCarryOverToAnotherSession();
    void changingAValueBackIsNoChange();
    void committedAndRolledBackSignals();
    void staleDataOnUpdate();
    void staleDataOnDelete();
    void manyNewRowsGoOutInMultiRowInserts();
    void batchedKeysNeverReuseAutoincrementKeys();
    void aRefusedRowInABatchIsNamedAndNothingIsWritten();
    void aLoadedRowsBaselineSharesItsObjectsAllocation();
};

namespace {

// A database file in a temporary folder, so that a second Engine (another connection, as
// another process would have) can look at what was really committed.
struct FileDatabase
{
    QTemporaryDir dir;
    QString url = u"sqlite:///"_s + dir.filePath(u"session.db"_s);
    std::shared_ptr<orm::Engine> engine = makeEngine(url);

    std::shared_ptr<orm::Engine> secondEngine() const
    {
        auto e = orm::Engine::create(url);
        if (!e)
            qFatal("cannot open a second connection");
        return e;
    }
};

int column(const QString &name)
{
    return User::staticMeta().columnIndex(name);
}

qint64 userCount(orm::Session &s)
{
    return s.query<User>().count().value_or(-1);
}

} // namespace

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

void tst_Session::newRowsLeaveGeneratedColumnsToTheDatabase()
{
    // Given a reflected table with generated columns (virtual, stored, and NOT NULL)
    auto engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(engine);
    QVERIFY(engine->connection().exec(
        u"CREATE TABLE item (id INTEGER PRIMARY KEY, qty INT, total INT AS (qty * 2), "
        "tripled INT AS (qty * 3) STORED, next INT NOT NULL AS (qty + 1))"_s));
    const auto md = engine->connection().reflect();
    QVERIFY(md);
    orm::Automap map(*md);
    const orm::EntityMeta *meta = map.entity(u"item"_s);
    QVERIFY(meta);

    // When rows are added, alone and in a batch, and one is changed
    orm::Session session(engine);
    for (int qty : {5, 6, 7}) {
        auto row = meta->create();
        QVERIFY(session.setValue(*row, meta->columnIndex(u"qty"_s), qty));
        session.add(row);
    }
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    auto first = session.get(*meta, qint64(1));
    QVERIFY(first);
    QVERIFY(session.setValue(*first, meta->columnIndex(u"qty"_s), 10));
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    // Then the database computed the generated values
    QCOMPARE(
        *engine->connection().select(u"SELECT qty, total, tripled, next FROM item ORDER BY id"_s),
        (QList<QVariantList> {{10, 20, 30, 11}, {6, 12, 18, 7}, {7, 14, 21, 8}}));
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

void tst_Session::updatesThatHandOnUniqueValuesCommitInAnyOrder_data()
{
    // The new usernames of users a, b and c (in key order): a chain each way, so that one of
    // them runs against the order in which the session happens to find the rows.
    QTest::addColumn<QStringList>("renamed");
    QTest::newRow("a takes b's, b takes c's") << QStringList({u"b"_s, u"c"_s, u"d"_s});
    QTest::newRow("c takes b's, b takes a's") << QStringList({u"z"_s, u"a"_s, u"b"_s});
}

void tst_Session::updatesThatHandOnUniqueValuesCommitInAnyOrder()
{
    // Given users a, b, c, each taking another's username in one commit,
    QFETCH(QStringList, renamed);
    QTemporaryDir dir;
    auto engine = makeEngine(u"sqlite:///"_s + dir.filePath(u"t.db"_s));
    {
        orm::Session writer(engine);
        writer.addAll({User::make(u"a"_s), User::make(u"b"_s), User::make(u"c"_s)});
        QVERIFY(writer.commit());
    }
    orm::Session session(engine);
    const auto users = session.query<User>().orderBy(orm::col(&User::id).asc()).all();
    QCOMPARE(users.size(), 3);
    for (int i = 0; i < 3; ++i)
        users[i]->username = renamed.at(i);
    // then the commit writes them, each after the row that gives its value up,
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    orm::Session other(engine);
    QStringList names;
    for (const auto &u : other.query<User>().orderBy(orm::col(&User::id).asc()).all())
        names << u->username;
    QCOMPARE(names, renamed);
    // and a value that no row gives up is still refused, naming the row that takes it.
    users[0]->username = renamed.at(1);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().constraint(), orm::Error::Constraint::Unique);
    QCOMPARE(session.lastError().object().get(), users[0].get());
    QVERIFY(session.isModified(*users[0]));
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

void tst_Session::changesInPlaceToLoadedTextAreSeenAndRolledBack()
{
    // Given users read from the database (their baselines share the strings' characters),
    auto engine = makeEngine();
    {
        orm::Session writer(engine);
        writer.addAll({User::make(u"carol"_s), User::make(u"dave"_s), User::make(u"erin"_s)});
        QVERIFY(writer.commit());
    }
    orm::Session session(engine);
    const auto users = session.query<User>().orderBy(orm::col(&User::username)).all();
    QCOMPARE(users.size(), size_t(3));
    QVERIFY(!session.hasPendingChanges());
    // when their text is changed in place (a character, the front cut off, appended to),
    users[0]->email[0] = u'C';
    users[1]->email.remove(0, 2);
    users[2]->email.append(u".uk"_s);
    // then each change is seen against the value read,
    for (const auto &u : users)
        QVERIFY2(session.isModified(*u), qPrintable(u->username));
    QCOMPARE(session.committedValue(*users[1], users[1]->entityMeta().columnIndex(u"email"_s)),
             QVariant(u"dave@example.com"_s));
    // and a rollback restores every value as it was read.
    session.rollback();
    QCOMPARE(users[0]->email, u"carol@example.com"_s);
    QCOMPARE(users[1]->email, u"dave@example.com"_s);
    QCOMPARE(users[2]->email, u"erin@example.com"_s);
    QVERIFY(!session.hasPendingChanges());
    // A change written and committed becomes the new baseline.
    users[1]->email.remove(0, 2);
    QVERIFY(session.commit());
    QVERIFY(!session.isModified(*users[1]));
    QCOMPARE(orm::Session(engine).query<User>().filterBy(&User::username, u"dave"_s).one()->email,
             u"ve@example.com"_s);
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

void tst_Session::objectStates()
{
    // Given a new object, it is transient: no session.
    auto engine = makeEngine();
    orm::Session session(engine);
    auto ann = User::make(u"ann"_s);
    QCOMPARE(ann->objectState(), orm::ObjectState::Transient);
    QVERIFY(!ann->session());

    // When added it is pending, when committed persistent (in the identity map),
    session.add(ann);
    QCOMPARE(ann->objectState(), orm::ObjectState::Pending);
    QCOMPARE(ann->session(), &session);
    QVERIFY(session.contains(*ann));
    QVERIFY(session.commit());
    QCOMPARE(ann->objectState(), orm::ObjectState::Persistent);
    QCOMPARE(session.identityLookup(User::staticMeta(), ann->id).get(), ann.get());

    // when removed it stays persistent but marked (get() no longer returns it),
    session.remove(ann);
    QCOMPARE(ann->objectState(), orm::ObjectState::Persistent);
    QVERIFY(session.isMarkedForDeletion(*ann));
    QVERIFY(!session.get<User>(ann->id));

    // after a flush it is deleted (the row is gone in our transaction),
    QVERIFY(session.flush());
    QCOMPARE(ann->objectState(), orm::ObjectState::Deleted);
    QVERIFY(!session.isMarkedForDeletion(*ann));
    QVERIFY(!session.identityLookup(User::staticMeta(), ann->id));
    QCOMPARE(userCount(session), 0);

    // and after the commit detached.
    QVERIFY(session.commit());
    QCOMPARE(ann->objectState(), orm::ObjectState::Detached);
    QVERIFY(!ann->session());
    QVERIFY(!session.contains(*ann));

    // A persistent object expunged is detached; a pending one removed is transient again.
    auto bob = User::make(u"bob"_s);
    session.add(bob);
    QVERIFY(session.commit());
    session.expunge(*bob);
    QCOMPARE(bob->objectState(), orm::ObjectState::Detached);
    auto cid = User::make(u"cid"_s);
    session.add(cid);
    session.remove(cid);
    QCOMPARE(cid->objectState(), orm::ObjectState::Transient);
    QVERIFY(!cid->session());
    QCOMPARE(session.pendingChangeCount(), 0);
}

void tst_Session::queriesKeepStagedEdits()
{
    // Given a loaded object with an edit not yet committed, when a query returns its row
    // again, then it is the same object and the edit is not overwritten by the database value.
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(User::make(u"alice"_s));
    QVERIFY(session.commit());
    auto alice = session.query<User>().findByUsername(u"alice"_s);
    alice->email = u"edited@example.com"_s;
    const auto all = session.query<User>().all();
    QCOMPARE(all.size(), size_t(1));
    QCOMPARE(all.front().get(), alice.get());
    QCOMPARE(alice->email, u"edited@example.com"_s);
    QVERIFY(session.isModified(*alice));
}

void tst_Session::stagingDoesNotLockTheFile()
{
    // Given new, modified and deleted objects staged in a session,
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    auto bob = User::make(u"bob"_s);
    session.addAll({alice, bob});
    QVERIFY(session.commit());
    alice->age = 30;
    session.remove(bob);
    session.add(User::make(u"carol"_s));
    QCOMPARE(session.pendingChangeCount(), 3);

    // then no transaction is open, and another connection can write (no lock is held);
    QVERIFY(!db.engine->connection().inTransaction());
    auto other = db.secondEngine();
    QVERIFY2(other->connection().begin(), qPrintable(other->connection().lastError().text()));
    QVERIFY(other->connection().exec(
        u"INSERT INTO users (username, email) VALUES ('dave', 'dave@example.com')"_s));
    QVERIFY(other->connection().commit());

    // and our commit still succeeds afterwards.
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(userCount(session), 3);
}

enum class FailingStage { Insert, Update, Delete };

void tst_Session::failedCommitKeepsEveryStagedChange_data()
{
    QTest::addColumn<FailingStage>("stage");
    QTest::newRow("an INSERT fails (duplicate username)") << FailingStage::Insert;
    QTest::newRow("an UPDATE fails (duplicate username)") << FailingStage::Update;
    QTest::newRow("a DELETE fails (foreign key)") << FailingStage::Delete;
}

void tst_Session::failedCommitKeepsEveryStagedChange()
{
    QFETCH(FailingStage, stage);
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    auto bob = User::make(u"bob"_s);
    auto carol = User::make(u"carol"_s);
    auto dave = User::make(u"dave"_s);
    session.addAll({alice, bob, carol, dave});
    QVERIFY(session.commit());
    auto post = std::make_shared<Post>();
    post->title = u"Carol's post"_s;
    post->content = u"keeps carol referenced"_s;
    post->userId = carol->id;
    session.add(post);
    QVERIFY(session.commit());
    const QDateTime aliceUpdatedAt = alice->updatedAt;

    // Given a new object, a modified one and a deleted one staged, plus one change the
    // database refuses (at the INSERT, UPDATE or DELETE stage of the flush),
    auto newbie = User::make(u"newbie"_s);
    session.add(newbie);
    alice->email = u"alice@new.example.com"_s;
    session.remove(bob);
    std::shared_ptr<User> culprit;
    switch (stage) {
    case FailingStage::Insert:
        culprit = User::make(u"dave"_s, u"dave2@example.com"_s);
        session.add(culprit);
        break;
    case FailingStage::Update:
        culprit = carol;
        carol->username = u"dave"_s;
        break;
    case FailingStage::Delete:
        culprit = carol;
        session.remove(carol);
        break;
    }
    QCOMPARE(session.pendingChangeCount(), 4);

    // when committing, it fails with an error naming the object and the constraint,
    QVERIFY(!session.commit());
    const orm::Error e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(e.entity(), u"User"_s);
    QCOMPARE(e.object().get(), culprit.get());
    if (stage == FailingStage::Delete) {
        QCOMPARE(e.constraint(), orm::Error::Constraint::ForeignKey);
        QCOMPARE(e.key(), QVariant(carol->id));
    } else {
        QCOMPARE(e.constraint(), orm::Error::Constraint::Unique);
        QCOMPARE(e.column(), u"username"_s);
    }

    // every staged change is kept exactly as it was (what the flush assigned is undone),
    QVERIFY(!db.engine->connection().inTransaction());
    QCOMPARE(session.pendingChangeCount(), 4);
    QCOMPARE(newbie->objectState(), orm::ObjectState::Pending);
    QCOMPARE(newbie->id, 0);
    QVERIFY(!newbie->createdAt.isValid());
    QCOMPARE(alice->email, u"alice@new.example.com"_s);
    QVERIFY(session.isModified(*alice));
    QCOMPARE(session.committedValue(*alice, column(u"email"_s)), QVariant(u"alice@example.com"_s));
    QCOMPARE(alice->updatedAt, aliceUpdatedAt);
    QCOMPARE(bob->objectState(), orm::ObjectState::Persistent);
    QVERIFY(session.isMarkedForDeletion(*bob));
    QCOMPARE(session.identityLookup(User::staticMeta(), bob->id).get(), bob.get());
    switch (stage) {
    case FailingStage::Insert:
        QCOMPARE(culprit->objectState(), orm::ObjectState::Pending);
        break;
    case FailingStage::Update:
        QCOMPARE(carol->username, u"dave"_s);
        QCOMPARE(session.modifiedColumns(*carol), QList<int> {column(u"username"_s)});
        break;
    case FailingStage::Delete:
        QVERIFY(session.isMarkedForDeletion(*carol));
        break;
    }

    // and another connection sees nothing of the attempt.
    auto second = db.secondEngine();
    {
        orm::Session other(second);
        QCOMPARE(userCount(other), 4);
        QCOMPARE(other.query<User>().findByUsername(u"alice"_s)->email, u"alice@example.com"_s);
        QVERIFY(other.query<User>().findByUsername(u"bob"_s));
        QVERIFY(!other.query<User>().findByUsername(u"newbie"_s));
    }

    // Fixing the one problem and committing again writes everything.
    switch (stage) {
    case FailingStage::Insert:
        culprit->username = u"dave2"_s;
        break;
    case FailingStage::Update:
        carol->username = u"carol2"_s;
        break;
    case FailingStage::Delete:
        session.remove(post);
        break;
    }
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QVERIFY(newbie->id > 0);
    QCOMPARE(newbie->objectState(), orm::ObjectState::Persistent);
    QCOMPARE(bob->objectState(), orm::ObjectState::Detached);
    orm::Session other(second);
    QVERIFY(other.query<User>().findByUsername(u"newbie"_s));
    QCOMPARE(other.query<User>().findByUsername(u"alice"_s)->email, u"alice@new.example.com"_s);
    QVERIFY(!other.query<User>().findByUsername(u"bob"_s));
    switch (stage) {
    case FailingStage::Insert:
        QVERIFY(other.query<User>().findByUsername(u"dave2"_s));
        QCOMPARE(userCount(other), 5);
        break;
    case FailingStage::Update:
        QVERIFY(other.query<User>().findByUsername(u"carol2"_s));
        QCOMPARE(userCount(other), 4);
        break;
    case FailingStage::Delete:
        QVERIFY(!other.query<User>().findByUsername(u"carol"_s));
        QCOMPARE(other.query<Post>().count(), std::optional<qint64>(0));
        QCOMPARE(userCount(other), 3);
        break;
    }
}

void tst_Session::failureAtCommitTimeKeepsEveryStagedChange()
{
    // Given staged new, modified and deleted objects, and another connection in the middle of
    // a read (it holds a shared lock, so our COMMIT cannot get the exclusive lock it needs),
    FileDatabase db;
    orm::ConnectionOptions options;
    options.busyTimeoutMs = 50;
    auto ours = orm::Engine::create(db.url, options);
    orm::Session session(ours);
    auto alice = User::make(u"alice"_s);
    auto bob = User::make(u"bob"_s);
    session.addAll({alice, bob});
    QVERIFY(session.commit());
    auto newbie = User::make(u"newbie"_s);
    session.add(newbie);
    alice->age = 30;
    session.remove(bob);
    auto reader = db.secondEngine();
    QVERIFY(reader->connection().begin(orm::Connection::TransactionMode::Deferred));
    QCOMPARE(reader->connection().select(u"SELECT count(*) FROM users"_s)->first().first(),
             QVariant(qint64(2)));

    // when committing, the flush succeeds but COMMIT fails (Busy), and every staged change is
    // back exactly as staged: the flush's keys, defaults and states are undone;
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Busy);
    QVERIFY(!ours->connection().inTransaction());
    QCOMPARE(session.pendingChangeCount(), 3);
    QCOMPARE(newbie->objectState(), orm::ObjectState::Pending);
    QCOMPARE(newbie->id, 0);
    QCOMPARE(session.newObjects().size(), size_t(1));
    QCOMPARE(alice->age, std::optional<qint64>(30));
    QVERIFY(session.isModified(*alice));
    QVERIFY(session.isMarkedForDeletion(*bob));
    QCOMPARE(bob->objectState(), orm::ObjectState::Persistent);

    // once the reader is done, committing again writes everything.
    reader->connection().rollback();
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(reader->connection()
                 .select(u"SELECT group_concat(username || ':' || "
                         "coalesce(age, '-'), ',') FROM users"_s)
                 ->first()
                 .first()
                 .toString(),
             u"alice:30,newbie:-"_s);
}

void tst_Session::rollbackDropsPendingAndCancelsDeletions()
{
    // Given a modified object, a pending one and one marked for deletion,
    auto engine = makeEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    auto bob = User::make(u"bob"_s);
    session.addAll({alice, bob});
    QVERIFY(session.commit());
    alice->age = 41;
    alice->isActive = false;
    session.remove(bob);
    auto carol = User::make(u"carol"_s);
    session.add(carol);

    // when rolled back ("Discard"), then values are restored, the pending object is dropped
    // and the deletion cancelled; committing afterwards writes nothing.
    session.rollback();
    QVERIFY(!alice->age.has_value());
    QVERIFY(alice->isActive);
    QVERIFY(!session.isMarkedForDeletion(*bob));
    QCOMPARE(bob->objectState(), orm::ObjectState::Persistent);
    QCOMPARE(session.get<User>(bob->id).get(), bob.get());
    QCOMPARE(carol->objectState(), orm::ObjectState::Transient);
    QVERIFY(!carol->session());
    QVERIFY(!session.hasPendingChanges());
    StatementCounter counter(engine->connection());
    QVERIFY(session.commit());
    QCOMPARE(counter.count(), 0);
    QCOMPARE(userCount(session), 2);
}

void tst_Session::flushThenRollback()
{
    // Given a modification and a new object flushed (written, transaction still open),
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    alice->email = u"flushed@example.com"_s;
    auto newbie = User::make(u"newbie"_s);
    session.add(newbie);
    QVERIFY(session.flush());
    QCOMPARE(newbie->objectState(), orm::ObjectState::Persistent);
    QVERIFY(newbie->id > 0);
    QVERIFY(!session.hasPendingChanges());
    QVERIFY(db.engine->connection().inTransaction());
    // our connection sees the flushed rows, another one does not,
    QCOMPARE(userCount(session), 2);
    auto second = db.secondEngine();
    orm::Session other(second);
    QCOMPARE(userCount(other), 1);

    // when rolled back, then the database and the objects are as before the flush.
    session.rollback();
    QVERIFY(!db.engine->connection().inTransaction());
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QCOMPARE(newbie->objectState(), orm::ObjectState::Transient);
    QCOMPARE(newbie->id, 0);
    QCOMPARE(userCount(session), 1);
    QVERIFY(!session.query<User>().findByUsername(u"newbie"_s));
    QVERIFY(!session.hasPendingChanges());
    QCOMPARE(other.query<User>().findByUsername(u"alice"_s)->email, u"alice@example.com"_s);
}

void tst_Session::flushThenCommit()
{
    // Given flushed changes, when committed, then another connection sees them.
    FileDatabase db;
    orm::Session session(db.engine);
    session.add(User::make(u"alice"_s));
    QVERIFY(session.flush());
    QVERIFY(session.commit());
    QVERIFY(!db.engine->connection().inTransaction());
    orm::Session other(db.secondEngine());
    QCOMPARE(userCount(other), 1);
}

void tst_Session::refreshReloadsFromTheDatabase()
{
    // Given a loaded object with a local edit, and another connection that changed the row,
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    alice->username = u"local edit"_s;
    auto other = db.secondEngine();
    QVERIFY(other->connection().exec(u"UPDATE users SET email = 'new@example.com', age = 50"_s));

    // when refreshed, then it holds the database's values, the local edit is dropped and
    // listeners are told.
    QSignalSpy changed(&session, &orm::Session::objectChanged);
    QVERIFY(session.refresh(*alice));
    QCOMPARE(alice->email, u"new@example.com"_s);
    QCOMPARE(alice->age, std::optional<qint64>(50));
    QCOMPARE(alice->username, u"alice"_s);
    QVERIFY(!session.isModified(*alice));
    QCOMPARE(session.committedValue(*alice, column(u"age"_s)), QVariant(qint64(50)));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<orm::Entity *>(), alice.get());

    // A transient object cannot be refreshed.
    auto loose = User::make(u"loose"_s);
    QVERIFY(!session.refresh(*loose));
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Usage);
}

void tst_Session::refreshOfADeletedRowIsStale()
{
    // Given a loaded object whose row another connection deleted, when refreshed, then it
    // fails with StaleData naming the object, and the session lets the object go (its values
    // as they were).
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    QVERIFY(db.secondEngine()->connection().exec(u"DELETE FROM users"_s));
    QVERIFY(!session.refresh(*alice));
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::StaleData);
    QCOMPARE(session.lastError().entity(), u"User"_s);
    QCOMPARE(alice->username, u"alice"_s);
    QVERIFY(!session.contains(*alice));
    QCOMPARE(alice->objectState(), orm::ObjectState::Detached);
}

void tst_Session::expungeDetaches()
{
    // Given a loaded object,
    auto engine = makeEngine();
    {
        orm::Session setup(engine);
        setup.add(User::make(u"alice"_s));
        QVERIFY(setup.commit());
    }
    orm::Session session(engine);
    auto alice = session.get<User>(1);
    QVERIFY(alice);

    // when expunged, then the session forgets it: edits are not written, get() loads a new
    // object,
    session.expunge(*alice);
    QCOMPARE(alice->objectState(), orm::ObjectState::Detached);
    QVERIFY(!session.contains(*alice));
    QVERIFY(!session.identityLookup(User::staticMeta(), 1));
    alice->email = u"detached@example.com"_s;
    QVERIFY(!session.hasPendingChanges());
    StatementCounter counter(engine->connection());
    QVERIFY(session.commit());
    QCOMPARE(counter.count(), 0);
    auto reloaded = session.get<User>(1);
    QVERIFY(reloaded);
    QVERIFY(reloaded.get() != alice.get());
    QCOMPARE(reloaded->email, u"alice@example.com"_s);

    // and added to another session it is persistent again, its edit detected and written.
    orm::Session another(engine);
    another.add(alice);
    QCOMPARE(alice->objectState(), orm::ObjectState::Persistent);
    QVERIFY(another.isModified(*alice));
    QVERIFY(another.commit());
    orm::Session check(engine);
    QCOMPARE(check.get<User>(1)->email, u"detached@example.com"_s);
}

void tst_Session::closeDetachesEverything()
{
    // Given loaded, flushed, modified and pending objects,
    FileDatabase db;
    orm::Session session(db.engine);
    session.addAll({User::make(u"alice"_s), User::make(u"bob"_s)});
    QVERIFY(session.commit());
    session.expungeAll();
    auto alice = session.query<User>().findByUsername(u"alice"_s);
    auto bob = session.query<User>().findByUsername(u"bob"_s);
    alice->age = 1;
    QVERIFY(session.flush());
    bob->age = 2;
    auto pending = User::make(u"pending"_s);
    session.add(pending);
    QCOMPARE(session.identityCount(), 2);

    // when the session is closed, then every object is detached (pending ones transient),
    // the flushed transaction is rolled back, and the session can be used again.
    session.close();
    QCOMPARE(session.identityCount(), 0);
    QCOMPARE(alice->objectState(), orm::ObjectState::Detached);
    QCOMPARE(bob->objectState(), orm::ObjectState::Detached);
    QCOMPARE(pending->objectState(), orm::ObjectState::Transient);
    QVERIFY(!session.hasPendingChanges());
    QVERIFY(!db.engine->connection().inTransaction());
    auto fresh = session.query<User>().findByUsername(u"alice"_s);
    QVERIFY(fresh && fresh.get() != alice.get());
    QVERIFY(!fresh->age.has_value());
    QCOMPARE(userCount(session), 2);
}

void tst_Session::savepointCommitKeepsItsChanges()
{
    // Given a committed row, when a savepoint changes it, adds a row and is committed,
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    {
        orm::Savepoint sp = session.beginNested();
        QVERIFY(sp.isActive());
        alice->age = 7;
        session.add(User::make(u"inner"_s));
        QVERIFY(sp.commit());
        QVERIFY(!sp.isActive());
    }
    // then its changes are kept in memory, written in the still open transaction,
    QCOMPARE(alice->age, std::optional<qint64>(7));
    QCOMPARE(userCount(session), 2);
    auto second = db.secondEngine();
    orm::Session other(second);
    QCOMPARE(userCount(other), 1);
    // and made durable by the outer commit.
    QVERIFY(session.commit());
    QCOMPARE(userCount(other), 2);
    QCOMPARE(other.query<User>().findByUsername(u"alice"_s)->age, std::optional<qint64>(7));
}

void tst_Session::savepointRollsBackWhenDestroyed()
{
    // Given a savepoint with changes, when it goes out of scope without commit(), then it
    // rolls back (RAII) in the database and in memory.
    auto engine = makeEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    auto inner = User::make(u"inner"_s);
    {
        orm::Savepoint sp = session.beginNested();
        alice->age = 3;
        session.add(inner);
        QVERIFY(session.flush());
        QCOMPARE(userCount(session), 2);
    }
    QVERIFY(!alice->age.has_value());
    QCOMPARE(inner->objectState(), orm::ObjectState::Transient);
    QCOMPARE(userCount(session), 1);
    QVERIFY(session.commit());
    QCOMPARE(userCount(session), 1);
}

void tst_Session::nestedSavepoints()
{
    // Given an outer savepoint with a change,
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    orm::Savepoint outer = session.beginNested();
    alice->age = 1;
    auto discarded = User::make(u"discarded"_s);
    auto kept = User::make(u"kept"_s);
    {
        // when an inner savepoint is rolled back, then only its changes are undone;
        orm::Savepoint inner = session.beginNested();
        alice->email = u"inner@example.com"_s;
        session.add(discarded);
        QVERIFY(session.flush());
        inner.rollback();
    }
    QCOMPARE(alice->age, std::optional<qint64>(1));
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QCOMPARE(discarded->objectState(), orm::ObjectState::Transient);
    {
        // when another inner savepoint is committed, its changes join the outer one;
        orm::Savepoint inner = session.beginNested();
        session.add(kept);
        QVERIFY(inner.commit());
    }
    QCOMPARE(kept->objectState(), orm::ObjectState::Persistent);
    QVERIFY(outer.commit());
    QVERIFY(session.commit());

    // and the outer commit makes the surviving changes durable.
    orm::Session other(db.secondEngine());
    QCOMPARE(userCount(other), 2);
    QCOMPARE(other.query<User>().findByUsername(u"alice"_s)->age, std::optional<qint64>(1));
    QCOMPARE(other.query<User>().findByUsername(u"alice"_s)->email, u"alice@example.com"_s);
    QVERIFY(other.query<User>().findByUsername(u"kept"_s));
    QVERIFY(!other.query<User>().findByUsername(u"discarded"_s));
}

void tst_Session::outerSavepointRollbackUndoesCommittedInner()
{
    // Given an inner savepoint committed into an outer one, when the outer one rolls back,
    // then the inner changes are undone too.
    auto engine = makeEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    auto inner = User::make(u"inner"_s);
    {
        orm::Savepoint outer = session.beginNested();
        {
            orm::Savepoint sp = session.beginNested();
            alice->age = 9;
            session.add(inner);
            QVERIFY(sp.commit());
        }
        QCOMPARE(userCount(session), 2);
        outer.rollback();
    }
    QVERIFY(!alice->age.has_value());
    QCOMPARE(inner->objectState(), orm::ObjectState::Transient);
    QCOMPARE(inner->id, 0);
    QVERIFY(session.commit());
    QCOMPARE(userCount(session), 1);
}

void tst_Session::revert()
{
    // Given a modified object, a pending one and a deletion,
    auto engine = makeEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    auto bob = User::make(u"bob"_s);
    session.addAll({alice, bob});
    QVERIFY(session.commit());
    alice->email = u"changed@example.com"_s;
    alice->age = 5;
    auto pending = User::make(u"pending"_s);
    session.add(pending);
    session.remove(bob);
    QSignalSpy changed(&session, &orm::Session::objectChanged);

    // when one column is reverted, then only that column goes back (listeners are told);
    session.revert(*alice, column(u"email"_s));
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QCOMPARE(alice->age, std::optional<qint64>(5));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(1).toInt(), column(u"email"_s));
    QCOMPARE(session.modifiedColumns(*alice), QList<int> {column(u"age"_s)});

    // reverting whole objects drops the pending one and cancels the deletion.
    session.revert(*alice);
    QVERIFY(!alice->age.has_value());
    QVERIFY(!session.isModified(*alice));
    session.revert(*pending);
    QCOMPARE(pending->objectState(), orm::ObjectState::Transient);
    session.revert(*bob);
    QVERIFY(!session.isMarkedForDeletion(*bob));
    QVERIFY(!session.hasPendingChanges());
    StatementCounter counter(engine->connection());
    QVERIFY(session.commit());
    QCOMPARE(counter.count(), 0);
}

void tst_Session::setValueEmitsSignals()
{
    // Given a persistent object and spies on the session's signals,
    auto engine = makeEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    QSignalSpy changed(&session, &orm::Session::objectChanged);
    QSignalSpy pending(&session, &orm::Session::pendingChangesChanged);
    QVERIFY(changed.isValid() && pending.isValid());

    // when a value is set through the session, then the member changes, objectChanged names
    // the object and column, and pendingChangesChanged fires.
    QVERIFY(session.setValue(*alice, column(u"email"_s), u"set@example.com"_s));
    QCOMPARE(alice->email, u"set@example.com"_s);
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.first().at(0).value<orm::Entity *>(), alice.get());
    QCOMPARE(changed.first().at(1).toInt(), column(u"email"_s));
    QCOMPARE(pending.size(), 1);
    QCOMPARE(session.modifiedColumns(*alice), QList<int> {column(u"email"_s)});
    // Converted values are accepted ("42" for an integer column).
    QVERIFY(session.setValue(*alice, column(u"age"_s), u"42"_s));
    QCOMPARE(alice->age, std::optional<qint64>(42));
    QCOMPARE(changed.size(), 2);

    // Committing and rolling back tell listeners too.
    pending.clear();
    QVERIFY(session.commit());
    QVERIFY(pending.size() >= 1);
}

void tst_Session::setValueRefusesWrongType()
{
    // Given a persistent object, when a value of the wrong type is set, then setValue()
    // returns false with a Type error naming the column, nothing changes, and nobody is told.
    auto engine = makeEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    QSignalSpy changed(&session, &orm::Session::objectChanged);
    QVERIFY(!session.setValue(*alice, column(u"age"_s), u"forty"_s));
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Type);
    QCOMPARE(session.lastError().column(), u"age"_s);
    QCOMPARE(session.lastError().entity(), u"User"_s);
    QVERIFY(!alice->age.has_value());
    QCOMPARE(changed.size(), 0);
    QVERIFY(!session.hasPendingChanges());
    QVERIFY(!session.setValue(*alice, 999, 1));
}

void tst_Session::pendingChanges()
{
    // Given one new, one modified (two columns) and one deleted object,
    auto engine = makeEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    auto bob = User::make(u"bob"_s);
    session.addAll({alice, bob});
    QVERIFY(session.commit());
    QCOMPARE(session.pendingChangeCount(), 0);
    QVERIFY(!session.hasPendingChanges());
    auto carol = User::make(u"carol"_s);
    session.add(carol);
    alice->age = 20;
    alice->email = u"a2@example.com"_s;
    session.remove(bob);

    // then the session lists exactly these changes, with the modified columns,
    QVERIFY(session.hasPendingChanges());
    QCOMPARE(session.pendingChangeCount(), 3);
    const QList<orm::PendingChange> changes = session.pendingChanges();
    QCOMPARE(changes.size(), 3);
    QCOMPARE(changes.at(0).kind, orm::PendingChange::Kind::New);
    QCOMPARE(changes.at(0).object.get(), carol.get());
    QCOMPARE(changes.at(1).kind, orm::PendingChange::Kind::Modified);
    QCOMPARE(changes.at(1).object.get(), alice.get());
    QCOMPARE(changes.at(1).columns, (QList<int> {column(u"email"_s), column(u"age"_s)}));
    QCOMPARE(changes.at(2).kind, orm::PendingChange::Kind::Deleted);
    QCOMPARE(changes.at(2).object.get(), bob.get());
    QVERIFY(session.isModified(*carol) && session.isModified(*alice) && session.isModified(*bob));
    QCOMPARE(session.newObjects().size(), size_t(1));

    // the SQL a commit would run is shown with placeholders only,
    const QStringList sql = session.pendingSql();
    QCOMPARE(sql.size(), 3);
    QVERIFY2(sql.at(0).startsWith(u"INSERT INTO \"users\""_s), qPrintable(sql.at(0)));
    // (each UPDATE and DELETE checks what it was based on: the changed columns' loaded values,
    // every loaded column of a deleted row; the ORM sets updated_at itself)
    QCOMPARE(sql.at(1),
             u"UPDATE \"users\" SET \"email\" = ?, \"age\" = ?, \"updated_at\" = ? WHERE "
             "\"id\" = ? AND \"email\" IS ? AND \"age\" IS ?"_s);
    QCOMPARE(sql.at(2),
             u"DELETE FROM \"users\" WHERE \"id\" = ? AND \"username\" IS ? AND \"email\" IS ? "
             "AND \"is_active\" IS ? AND \"age\" IS ? AND \"created_at\" IS ? AND "
             "\"updated_at\" IS ?"_s);
    QVERIFY(!sql.join(u' ').contains(u"carol"_s));

    // and, for display, with the values it would bind, one per placeholder: staged values,
    // the loaded values the checks compare with, and what the ORM sets itself marked so;
    const auto statements = session.pendingStatements();
    QCOMPARE(statements.size(), size_t(3));
    for (size_t i = 0; i < statements.size(); ++i) {
        QCOMPARE(statements[i].sql, sql.at(qsizetype(i)));
        QCOMPARE(qsizetype(statements[i].values.size()), statements[i].sql.count(u'?'));
    }
    QCOMPARE(statements[0].values.at(0).value.toString(), u"carol"_s);
    const auto &update = statements[1].values;
    QCOMPARE(update.at(0).value.toString(), u"a2@example.com"_s);
    QCOMPARE(update.at(1).value.toInt(), 20);
    QVERIFY(!update.at(1).setAtCommit && update.at(2).setAtCommit);
    QCOMPARE(update.at(3).value.toLongLong(), alice->id);
    QCOMPARE(update.at(4).value.toString(), u"alice@example.com"_s);
    QVERIFY(update.at(5).value.isNull());
    QCOMPARE(statements[2].values.at(1).value.toString(), u"bob"_s);

    // and after the commit nothing is pending.
    QVERIFY(session.commit());
    QCOMPARE(session.pendingChangeCount(), 0);
    QVERIFY(session.pendingChanges().isEmpty());
}

void tst_Session::changingAValueBackIsNoChange()
{
    // Given a value edited and then set back to what the database holds, then the object is
    // not modified and a commit writes nothing (change detection compares with the baseline).
    auto engine = makeEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    alice->email = u"temporary@example.com"_s;
    QVERIFY(session.isModified(*alice));
    alice->email = u"alice@example.com"_s;
    QVERIFY(!session.isModified(*alice));
    QCOMPARE(session.pendingChangeCount(), 0);
    StatementCounter counter(engine->connection());
    QVERIFY(session.commit());
    QCOMPARE(counter.count(), 0);
}

void tst_Session::committedAndRolledBackSignals()
{
    // Given spies, when committing and rolling back, then committed() and rolledBack() fire
    // once each; a failed commit does not emit committed().
    auto engine = makeEngine();
    orm::Session session(engine);
    QSignalSpy committed(&session, &orm::Session::committed);
    QSignalSpy rolledBack(&session, &orm::Session::rolledBack);
    session.add(User::make(u"alice"_s));
    QVERIFY(session.commit());
    QCOMPARE(committed.size(), 1);
    session.add(User::make(u"alice"_s, u"dup@example.com"_s));
    QVERIFY(!session.commit());
    QCOMPARE(committed.size(), 1);
    session.rollback();
    QCOMPARE(rolledBack.size(), 1);
}

void tst_Session::staleDataOnUpdate()
{
    // Given a loaded object whose row another connection deleted,
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    QVERIFY(db.secondEngine()->connection().exec(u"DELETE FROM users WHERE username = 'alice'"_s));

    // when our UPDATE matches no row, then the commit fails with StaleData naming the object,
    // and the edit stays staged.
    alice->age = 3;
    QVERIFY(!session.commit());
    const orm::Error e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::StaleData);
    QCOMPARE(e.entity(), u"User"_s);
    QCOMPARE(e.key(), QVariant(alice->id));
    QCOMPARE(e.object().get(), alice.get());
    QCOMPARE(alice->age, std::optional<qint64>(3));
    QVERIFY(session.isModified(*alice));
    QCOMPARE(session.pendingChangeCount(), 1);
}

void tst_Session::staleDataOnDelete()
{
    // Given a loaded object whose row another connection deleted, when we delete it too,
    // then the commit fails with StaleData and the deletion stays staged.
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    QVERIFY(db.secondEngine()->connection().exec(u"DELETE FROM users"_s));
    session.remove(alice);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::StaleData);
    QCOMPARE(session.lastError().object().get(), alice.get());
    QVERIFY(session.isMarkedForDeletion(*alice));
}

void tst_Session::manyNewRowsGoOutInMultiRowInserts()
{
    FileDatabase db;
    orm::Session session(db.engine);
    // Given 150 new users,
    std::vector<std::shared_ptr<User>> users;
    for (int i = 0; i < 150; ++i) {
        users.push_back(User::make(u"user%1"_s.arg(i)));
        session.add(users.back());
    }
    StatementCounter counter(db.engine->connection());
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    // when they are committed, they go out in three INSERTs (64 rows each at most),
    int inserts = 0;
    for (const QString &sql : counter.sql()) {
        if (sql.startsWith(u"INSERT"_s)) {
            ++inserts;
            QVERIFY2(sql.count(u"(?, ?, ?, ?, ?, ?, ?)"_s) > 1, qPrintable(sql));
        }
    }
    QCOMPARE(inserts, 3);
    // each with the key SQLite gives a row added alone, in the order they were added.
    for (int i = 0; i < 150; ++i) {
        QCOMPARE(users[size_t(i)]->id, qint64(i + 1));
        QCOMPARE(users[size_t(i)]->objectState(), orm::ObjectState::Persistent);
        QVERIFY(!session.isModified(*users[size_t(i)]));
        QVERIFY(users[size_t(i)]->createdAt.isValid());
    }
    QCOMPARE(session.get<User>(qint64(70)).get(), users[69].get());
    orm::Session other(db.secondEngine());
    const auto read = other.query<User>().orderBy(&User::id).all();
    QCOMPARE(read.size(), size_t(150));
    for (int i = 0; i < 150; ++i) {
        QCOMPARE(read[size_t(i)]->id, qint64(i + 1));
        QCOMPARE(read[size_t(i)]->username, users[size_t(i)]->username);
        QCOMPARE(read[size_t(i)]->createdAt, users[size_t(i)]->createdAt);
    }

    // A table without AUTOINCREMENT gives the largest key again once its row is gone, as
    // SQLite does.
    session.remove(users.back());
    QVERIFY(session.commit());
    auto a = User::make(u"after1"_s);
    auto b = User::make(u"after2"_s);
    session.addAll({a, b});
    QVERIFY(session.commit());
    QCOMPARE(a->id, qint64(150));
    QCOMPARE(b->id, qint64(151));
}

void tst_Session::batchedKeysNeverReuseAutoincrementKeys()
{
    // Given a table declared AUTOINCREMENT whose last row is gone,
    QTemporaryDir dir;
    auto engine = orm::Engine::create(u"sqlite:///"_s + dir.filePath(u"auto.db"_s));
    QVERIFY(engine);
    QVERIFY(engine->connection().exec(
        u"CREATE TABLE account (id INTEGER PRIMARY KEY AUTOINCREMENT, "
        "account_number VARCHAR(20) NOT NULL UNIQUE, balance FLOAT NOT NULL DEFAULT 0)"_s));
    auto account = [](const QString &number) {
        auto a = std::make_shared<Account>();
        a->accountNumber = number;
        return a;
    };
    orm::Session session(engine);
    std::vector<std::shared_ptr<Account>> first;
    for (int i = 0; i < 5; ++i) {
        first.push_back(account(u"A%1"_s.arg(i)));
        session.add(first.back());
    }
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(first.back()->id, qint64(5));
    session.remove(first.back());
    QVERIFY(session.commit());
    // when more are added together, their keys come after every key the table ever gave.
    auto x = account(u"X"_s);
    auto y = account(u"Y"_s);
    session.addAll({x, y});
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(x->id, qint64(6));
    QCOMPARE(y->id, qint64(7));
    orm::Session other(engine);
    QVERIFY(!other.get<Account>(qint64(5)));
    QCOMPARE(other.get<Account>(qint64(7))->accountNumber, u"Y"_s);
}

void tst_Session::aRefusedRowInABatchIsNamedAndNothingIsWritten()
{
    FileDatabase db;
    orm::Session session(db.engine);
    session.add(User::make(u"taken"_s, u"first@example.com"_s));
    QVERIFY(session.commit());
    // Given a hundred new users, the seventieth with a name already taken,
    std::vector<std::shared_ptr<User>> users;
    for (int i = 0; i < 100; ++i) {
        users.push_back(User::make(i == 69 ? u"taken"_s : u"new%1"_s.arg(i)));
        session.add(users.back());
    }
    // when they are committed, the commit is refused and the error is about that user,
    QVERIFY(!session.commit());
    const orm::Error error = session.lastError();
    QCOMPARE(error.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(error.constraint(), orm::Error::Constraint::Unique);
    QCOMPARE(error.columns(), QStringList {u"username"_s});
    QCOMPARE(error.object().get(), users[69].get());
    // nothing was written and every user is still staged, without a key.
    orm::Session other(db.secondEngine());
    QCOMPARE(userCount(other), qint64(1));
    for (const auto &u : users) {
        QCOMPARE(u->objectState(), orm::ObjectState::Pending);
        QCOMPARE(u->id, qint64(0));
    }
    QCOMPARE(session.pendingChangeCount(), 100);
    // Once the name is changed, everything is written.
    users[69]->username = u"renamed"_s;
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(userCount(other), qint64(101));
    QCOMPARE(users.front()->id, qint64(2));
    QCOMPARE(users.back()->id, qint64(101));
}

void tst_Session::aLoadedRowsBaselineSharesItsObjectsAllocation()
{
    FileDatabase db;
    {
        orm::Session writer(db.engine);
        writer.add(User::make(u"ann"_s));
        writer.add(User::make(u"bob"_s));
        QVERIFY(writer.commit());
    }
    // Given users loaded from the database,
    orm::Session session(db.engine);
    const auto users = session.query<User>().orderBy(&User::id).all();
    QCOMPARE(users.size(), size_t(2));
    // each one's baseline lies in the same allocation, just past the object,
    for (const auto &u : users) {
        const auto *object = reinterpret_cast<const char *>(u.get());
        const auto *baseline = reinterpret_cast<const char *>(orm::st(*u).baseline());
        QVERIFY(baseline >= object + sizeof(User));
        QVERIFY(baseline < object + sizeof(User) + 64);
    }
    // and behaves as any other: changes are seen, rolled back, committed, and the baseline
    // that replaces it lives on its own.
    User &ann = *users.front();
    ann.email = u"ann@new.example.com"_s;
    QVERIFY(session.isModified(ann));
    session.rollback();
    QCOMPARE(ann.email, u"ann@example.com"_s);
    QVERIFY(!session.isModified(ann));
    ann.email = u"ann@new.example.com"_s;
    QVERIFY(session.commit());
    QVERIFY(!session.isModified(ann));
    QCOMPARE(session.committedValue(ann, column(u"email"_s)).toString(), u"ann@new.example.com"_s);
    orm::Session other(db.secondEngine());
    QCOMPARE(other.query<User>().findByUsername(u"ann"_s)->email, u"ann@new.example.com"_s);
}

void tst_Session::stagedChangesCarryOverToAnotherSession()
{
    // Given a session with a new, a modified and a deleted user staged,
    auto engine = makeEngine();
    {
        orm::Session seed(engine);
        seed.addAll({User::make(u"alice"_s), User::make(u"bob"_s)});
        QVERIFY(seed.commit());
    }
    orm::Session before(engine);
    auto alice = before.query<User>().filterBy(&User::username, u"alice"_s).first();
    auto bob = before.query<User>().filterBy(&User::username, u"bob"_s).first();
    QVERIFY(alice && bob);
    alice->email = u"alice@carried.example"_s;
    before.add(User::make(u"carol"_s));
    before.remove(bob);
    QCOMPARE(before.pendingChangeCount(), 3);

    // when another session (the schema described again) takes them over by table name,
    orm::Session after(engine);
    QStringList notCarried;
    after.carryOver(
        before.stagedChanges(),
        [](const QString &table) { return table == u"users"_s ? &User::staticMeta() : nullptr; },
        &notCarried);

    // it stages the same changes, on its own objects, and commits them;
    QVERIFY2(notCarried.isEmpty(), qPrintable(notCarried.join(u"; "_s)));
    QCOMPARE(after.pendingChangeCount(), 3);
    QVERIFY(after.commit());
    orm::Session check(engine);
    QCOMPARE(check.query<User>().filterBy(&User::username, u"alice"_s).first()->email,
             u"alice@carried.example"_s);
    QVERIFY(!check.query<User>().filterBy(&User::username, u"bob"_s).first());
    QVERIFY(check.query<User>().filterBy(&User::username, u"carol"_s).first());

    // and what no longer has a table is named, not staged.
    orm::Session gone(engine);
    auto again = gone.query<User>().filterBy(&User::username, u"alice"_s).first();
    again->email = u"alice@lost.example"_s;
    orm::Session other(engine);
    other.carryOver(
        gone.stagedChanges(), [](const QString &) { return nullptr; }, &notCarried);
    QCOMPARE(notCarried.size(), 1);
    QVERIFY2(notCarried.first().contains(u"User"_s), qPrintable(notCarried.first()));
    QVERIFY(!other.hasPendingChanges());
}

QTEST_GUILESS_MAIN(tst_Session)
#include "tst_session.moc"
