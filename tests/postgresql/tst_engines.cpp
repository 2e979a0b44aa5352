// SPDX-License-Identifier: MIT
// The session's stories on every engine: each test runs once on an SQLite file and once on the
// test cluster's PostgreSQL server, through the same API.
#include "orm/testmodels.h"
#include "postgresql/bothengines.h"

#include "orm/engine/engine.h"
#include "orm/engine/storedrows.h"

#include <QtTest>

using namespace testmodels;

class tst_Engines : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString message;
        QVERIFY2(m_engines.prepare(&message), qPrintable(message));
    }

    void addCommitAndReadBack_data() { engines(); }
    void addCommitAndReadBack();
    void manyNewRowsGetTheirKeysInBatches_data() { engines(); }
    void manyNewRowsGetTheirKeysInBatches();
    void onlyChangedColumnsAreWritten_data() { engines(); }
    void onlyChangedColumnsAreWritten();
    void aDuplicateFailsTheCommitAndKeepsEverything_data() { engines(); }
    void aDuplicateFailsTheCommitAndKeepsEverything();
    void aBatchWithABadRowIsRetriedRowByRowAndNamesIt_data() { engines(); }
    void aBatchWithABadRowIsRetriedRowByRowAndNamesIt();
    void rollbackRestoresValues_data() { engines(); }
    void rollbackRestoresValues();
    void savepointRollbackKeepsOuterChanges_data() { engines(); }
    void savepointRollbackKeepsOuterChanges();
    void staleDataOnUpdate_data() { engines(); }
    void staleDataOnUpdate();
    void aBulkUpdateIsOneRunAndAConflictInItIsNamed_data() { engines(); }
    void aBulkUpdateIsOneRunAndAConflictInItIsNamed();
    void deleteAndQuery_data() { engines(); }
    void deleteAndQuery();
    void keysetPagesWalkEveryRowOnce_data();
    void keysetPagesWalkEveryRowOnce();
    void keysetPagingRefusesAnOrderItCannotSeek_data() { engines(); }
    void keysetPagingRefusesAnOrderItCannotSeek();
    void floatsComeBackExactly_data() { engines(); }
    void floatsComeBackExactly();
    void readModifyWriteHoldsOffOtherWriters_data() { engines(); }
    void readModifyWriteHoldsOffOtherWriters();
    void anotherConnectionsCommitChangesTheDataVersion_data() { engines(); }
    void anotherConnectionsCommitChangesTheDataVersion();
    void textIsFoundIgnoringCase_data() { engines(); }
    void textIsFoundIgnoringCase();
    void statisticsEstimateATablesRows_data() { engines(); }
    void statisticsEstimateATablesRows();
    void rowsReadOnAnotherThreadBecomeTheSessionsObjects_data() { engines(); }
    void rowsReadOnAnotherThreadBecomeTheSessionsObjects();

private:
    static void engines() { BothEngines::rows(); }
    std::shared_ptr<orm::Engine> freshEngine() { return m_engines.fresh(metadata()); }
    std::shared_ptr<orm::Engine> secondEngine() { return m_engines.second(); }

    BothEngines m_engines {u"rowsmith_engines"_s};
};

void tst_Engines::addCommitAndReadBack()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto john = User::make(u"john_doe"_s, u"john@example.com"_s);
    auto jane = User::make(u"jane"_s);
    session.addAll({john, jane});
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(john->objectState(), orm::ObjectState::Persistent);
    QVERIFY(john->id > 0);
    QVERIFY(jane->id > 0);
    QVERIFY(john->id != jane->id);
    QVERIFY(john->createdAt.isValid());

    // A post refers to its author by the key the database gave.
    auto post = std::make_shared<Post>();
    post->title = u"Hello"_s;
    post->content = u"First post"_s;
    post->userId = john->id;
    session.add(post);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QVERIFY(post->id > 0);

    orm::Session other(secondEngine());
    auto found = other.query<User>().findByUsername(u"john_doe"_s);
    QVERIFY(found);
    QCOMPARE(found->id, john->id);
    QCOMPARE(found->email, u"john@example.com"_s);
    QCOMPARE(found->createdAt, john->createdAt);
    QVERIFY(found->isActive);
    QVERIFY(!found->age.has_value());
    auto foundPost = other.get<Post>(post->id);
    QVERIFY(foundPost);
    QCOMPARE(foundPost->userId, john->id);
    QCOMPARE(foundPost->title, u"Hello"_s);
}

void tst_Engines::manyNewRowsGetTheirKeysInBatches()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    // A row given its key by hand first: the database's keys go on after it.
    auto first = User::make(u"u_first"_s);
    first->id = 1000;
    session.add(first);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    QList<std::shared_ptr<User>> users;
    for (int i = 0; i < 300; ++i)
        users << User::make(u"u%1"_s.arg(i));
    for (const auto &u : users)
        session.add(u);
    StatementCounter counter(engine->connection());
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    // Fewer INSERTs than rows: multi-row statements.
    const QStringList sql = counter.sql();
    const qsizetype inserts = std::count_if(
        sql.cbegin(), sql.cend(), [](const QString &s) { return s.startsWith(u"INSERT"_s); });
    QVERIFY2(inserts < 20, qPrintable(QString::number(inserts)));

    QSet<qint64> keys;
    for (const auto &u : users) {
        QVERIFY(u->id > 0);
        keys.insert(u->id);
    }
    QCOMPARE(keys.size(), users.size());

    // Every object's key is its row's.
    orm::Session other(secondEngine());
    QCOMPARE(other.query<User>().count().value_or(-1), 301);
    for (const auto &u : {users.first(), users.at(150), users.last()}) {
        auto row = other.get<User>(u->id);
        QVERIFY(row);
        QCOMPARE(row->username, u->username);
    }
}

void tst_Engines::onlyChangedColumnsAreWritten()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto u = User::make(u"bob"_s);
    session.add(u);
    QVERIFY(session.commit());
    StatementCounter counter(engine->connection());
    u->email = u"bob@new.example.com"_s;
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    const QStringList sql = counter.sql();
    const auto update = std::find_if(sql.begin(), sql.end(),
                                     [](const QString &s) { return s.startsWith(u"UPDATE"_s); });
    QVERIFY(update != sql.end());
    QVERIFY2(update->contains(u"\"email\""_s), qPrintable(*update));
    QVERIFY2(!update->contains(u"\"username\" ="_s), qPrintable(*update));
    orm::Session other(secondEngine());
    QCOMPARE(other.get<User>(u->id)->email, u"bob@new.example.com"_s);
}

void tst_Engines::aDuplicateFailsTheCommitAndKeepsEverything()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    session.add(User::make(u"taken"_s));
    QVERIFY(session.commit());

    auto ok = User::make(u"fine"_s);
    auto dup = User::make(u"taken"_s, u"other@example.com"_s);
    session.add(ok);
    session.add(dup);
    QVERIFY(!session.commit());
    const orm::Error e = session.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(e.constraint(), orm::Error::Constraint::Unique);
    QCOMPARE(e.entity(), u"User"_s);
    QCOMPARE(e.column(), u"username"_s);
    QCOMPARE(e.object().get(), dup.get());
    QCOMPARE(ok->objectState(), orm::ObjectState::Pending);
    QCOMPARE(dup->objectState(), orm::ObjectState::Pending);
    QCOMPARE(ok->id, 0);
    QCOMPARE(session.pendingChangeCount(), 2);
    orm::Session other(secondEngine());
    QCOMPARE(other.query<User>().count().value_or(-1), 1);

    dup->username = u"unique_now"_s;
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(other.query<User>().count().value_or(-1), 3);
}

void tst_Engines::aBatchWithABadRowIsRetriedRowByRowAndNamesIt()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    session.add(User::make(u"taken"_s));
    QVERIFY(session.commit());
    QList<std::shared_ptr<User>> users;
    for (int i = 0; i < 50; ++i)
        users << User::make(i == 37 ? u"taken"_s : u"n%1"_s.arg(i),
                            i == 37 ? u"x@example.com"_s : QString());
    for (const auto &u : users)
        session.add(u);
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Constraint);
    QCOMPARE(session.lastError().object().get(), users.at(37).get());
    QCOMPARE(session.pendingChangeCount(), 50);
    for (const auto &u : users)
        QCOMPARE(u->id, 0);
    users.at(37)->username = u"n37"_s;
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    orm::Session other(secondEngine());
    QCOMPARE(other.query<User>().count().value_or(-1), 51);
}

void tst_Engines::rollbackRestoresValues()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto u = User::make(u"carol"_s);
    session.add(u);
    QVERIFY(session.commit());
    u->email = u"changed@example.com"_s;
    u->age = 41;
    QVERIFY(session.flush());
    session.rollback();
    QCOMPARE(u->email, u"carol@example.com"_s);
    QVERIFY(!u->age.has_value());
    orm::Session other(secondEngine());
    QCOMPARE(other.get<User>(u->id)->email, u"carol@example.com"_s);
}

void tst_Engines::savepointRollbackKeepsOuterChanges()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto outer = User::make(u"outer"_s);
    session.add(outer);
    {
        orm::Savepoint sp = session.beginNested();
        QVERIFY2(sp.isActive(), qPrintable(session.lastError().text()));
        session.add(User::make(u"inner"_s));
        QVERIFY2(session.flush(), qPrintable(session.lastError().text()));
        sp.rollback();
    }
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    orm::Session other(secondEngine());
    QCOMPARE(other.query<User>().count().value_or(-1), 1);
    QVERIFY(other.query<User>().findByUsername(u"outer"_s));
}

void tst_Engines::staleDataOnUpdate()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    QVERIFY(secondEngine()->connection().exec(u"DELETE FROM users WHERE username = 'alice'"_s));
    alice->age = 3;
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::StaleData);
    QCOMPARE(session.lastError().object().get(), alice.get());
    QCOMPARE(session.pendingChangeCount(), 1);
}

void tst_Engines::aBulkUpdateIsOneRunAndAConflictInItIsNamed()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    std::vector<std::shared_ptr<User>> users;
    for (int i = 0; i < 600; ++i) {
        users.push_back(User::make(u"bulk%1"_s.arg(i, 3, 10, QChar(u'0'))));
        session.add(users.back());
    }
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    // One UPDATE text for every row: a server receives them as one set, over arrays.
    for (int i = 0; i < 600; ++i)
        users[size_t(i)]->age = i;
    QStringList updates;
    const int listener = engine->connection().addListener([&updates](const auto &record) {
        if (record.sql.startsWith(u"UPDATE"))
            updates << record.sql;
    });
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    engine->connection().removeListener(listener);
    if (qstrcmp(QTest::currentDataTag(), "postgresql") == 0) {
        QCOMPARE(updates.size(), 1);
        QVERIFY2(updates[0].contains(u" FROM unnest("_s), qPrintable(updates[0]));
    } else {
        QCOMPARE(updates.size(), 600);
    }
    {
        orm::Session other(secondEngine());
        const auto all = other.query<User>().orderBy(&User::username).all();
        QCOMPARE(all.size(), size_t(600));
        for (int i = 0; i < 600; ++i)
            QCOMPARE(all[size_t(i)]->age, std::optional<qint64>(i));
    }

    // Another program deletes a row in the middle: the next bulk change fails on it, names
    // that object, writes nothing, and keeps every staged value.
    QVERIFY(secondEngine()->connection().exec(u"DELETE FROM users WHERE username = 'bulk300'"_s));
    for (int i = 0; i < 600; ++i)
        users[size_t(i)]->age = 1000 + i;
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::StaleData);
    QCOMPARE(session.lastError().object().get(), users[300].get());
    QCOMPARE(session.pendingChangeCount(), 600);
    QCOMPARE(users[0]->age, std::optional<qint64>(1000));
    QCOMPARE(users[599]->age, std::optional<qint64>(1599));
    orm::Session other(secondEngine());
    const auto all = other.query<User>().orderBy(&User::username).all();
    QCOMPARE(all.size(), size_t(599));
    QCOMPARE(all.front()->age, std::optional<qint64>(0));
    QCOMPARE(all.back()->age, std::optional<qint64>(599));
}

void tst_Engines::keysetPagesWalkEveryRowOnce_data()
{
    QTest::addColumn<QString>("engine");
    QTest::addColumn<bool>("descending");
    for (const QString &engine : {u"sqlite"_s, u"postgresql"_s}) {
        QTest::addRow("%s, ascending", qPrintable(engine)) << engine << false;
        QTest::addRow("%s, descending", qPrintable(engine)) << engine << true;
    }
}

void tst_Engines::keysetPagesWalkEveryRowOnce()
{
    QFETCH(bool, descending);
    auto engine = freshEngine();
    orm::Session session(engine);
    // Ages with ties and NULLs, in no order: the key breaks the ties.
    for (int i = 0; i < 57; ++i) {
        auto u = User::make(u"u%1"_s.arg(i, 2, 10, QChar(u'0')));
        if (i % 5 != 0)
            u->age = (i * 37) % 11;
        session.add(u);
    }
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    const orm::OrderTerm byAge =
        descending ? orm::col(&User::age).desc() : orm::col(&User::age).asc();
    const orm::OrderTerm byId = descending ? orm::col(&User::id).desc() : orm::col(&User::id).asc();

    orm::Session reader(secondEngine());
    QStringList expected;
    for (const auto &u : reader.query<User>().orderBy(QList<orm::OrderTerm> {byAge, byId}).all())
        expected << u->username;
    QCOMPARE(expected.size(), 57);

    QStringList walked;
    QVariantList after;
    int pages = 0;
    do {
        const auto page =
            reader.query<User>().orderBy(QList<orm::OrderTerm> {byAge, byId}).pageAfter(after, 10);
        QVERIFY2(!reader.lastError().isError(), qPrintable(reader.lastError().text()));
        for (const auto &u : page.items)
            walked << u->username;
        QCOMPARE(page.hasNext(), walked.size() < 57);
        after = page.next;
        QVERIFY(++pages <= 6);
        if (pages == 2) {
            // Another program adds a row that sorts before this page: the next page neither
            // repeats a row nor skips one.
            orm::Session writer(secondEngine());
            auto early = User::make(u"early"_s);
            early->age = descending ? 100 : -100;
            writer.add(early);
            QVERIFY2(writer.commit(), qPrintable(writer.lastError().text()));
        }
    } while (!after.isEmpty());
    QCOMPARE(pages, 6);
    QCOMPARE(walked, expected);
}

void tst_Engines::keysetPagingRefusesAnOrderItCannotSeek()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    session.add(User::make(u"only"_s));
    QVERIFY(session.commit());
    const auto page = session.query<User>()
                          .orderBy(orm::OrderTerm(
                              orm::Expr::function(u"lower"_s, {orm::col(&User::username).expr()})))
                          .pageAfter({}, 10);
    QVERIFY(page.items.empty());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Usage);
    // A position that does not fit the order is refused too.
    const auto wrong = session.query<User>().orderBy(&User::username).pageAfter({u"a"_s}, 10);
    QVERIFY(wrong.items.empty());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Usage);
}

void tst_Engines::deleteAndQuery()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    for (int i = 0; i < 30; ++i) {
        auto u = User::make(u"user%1"_s.arg(i, 2, 10, QChar(u'0')));
        u->age = i;
        session.add(u);
    }
    QVERIFY(session.commit());
    auto victim = session.query<User>().findByUsername(u"user05"_s);
    QVERIFY(victim);
    session.remove(victim);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    orm::Session other(secondEngine());
    QCOMPARE(other.query<User>().count().value_or(-1), 29);
    const auto page = other.query<User>()
                          .filter(orm::col(&User::age) >= 10)
                          .orderBy(orm::col(&User::username).desc())
                          .limit(5)
                          .offset(5)
                          .all();
    QCOMPARE(page.size(), size_t(5));
    QCOMPARE(page.front()->username, u"user24"_s);
    QCOMPARE(page.back()->username, u"user20"_s);
}

void tst_Engines::floatsComeBackExactly()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    const QList<double> values {0.1 + 0.2, 1.0 / 3.0, 1e-300, 123456789.123456789, -2.5};
    QList<std::shared_ptr<Account>> accounts;
    for (int i = 0; i < values.size(); ++i) {
        auto a = std::make_shared<Account>();
        a->accountNumber = u"A%1"_s.arg(i);
        a->balance = values.at(i);
        accounts << a;
        session.add(a);
    }
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    orm::Session other(secondEngine());
    for (int i = 0; i < values.size(); ++i) {
        auto a = other.get<Account>(accounts.at(i)->id);
        QVERIFY(a);
        QCOMPARE(a->balance, values.at(i));
    }
}

void tst_Engines::rowsReadOnAnotherThreadBecomeTheSessionsObjects()
{
    // Given rows of every kind of value, one of them already loaded in the session,
    auto engine = freshEngine();
    orm::Session session(engine);
    auto john = User::make(u"john"_s);
    john->age = 41;
    auto jane = User::make(u"jané ✓"_s, u"jane@example.com"_s);
    jane->isActive = false;
    auto account = std::make_shared<Account>();
    account->accountNumber = u"A1"_s;
    account->balance = 0.1 + 0.2;
    session.addAll({john, jane, account});
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    const qint64 johnId = john->id;
    const qint64 janeId = jane->id;
    jane.reset();
    QVERIFY(session.releaseUnusedObjects() > 0);
    // when a worker thread's session reads them as plain values,
    orm::StoredRows users;
    orm::StoredRows accounts;
    QThread *worker = QThread::create([&] {
        orm::Session there(secondEngine());
        users = there.query<User>()
                    .orderBy(orm::OrderTerm(orm::Expr::column(u"users"_s, u"id"_s)))
                    .storedRows()
                    .value_or(orm::StoredRows());
        accounts = there.query<Account>().storedRows().value_or(orm::StoredRows());
    });
    worker->start();
    QVERIFY(worker->wait(30000));
    delete worker;
    QCOMPARE(users.size(), 2);
    // then the session makes them its objects without a query: the loaded one is the same
    // object, the other one new, with every value as a query reads it.
    const auto objects = session.loadStoredRows(User::staticMeta(), users);
    QVERIFY2(!session.lastError().isError(), qPrintable(session.lastError().text()));
    QCOMPARE(objects.size(), size_t(2));
    QCOMPARE(objects.at(0).get(), john.get());
    const auto loaded = std::static_pointer_cast<User>(objects.at(1));
    QCOMPARE(loaded->id, janeId);
    QCOMPARE(loaded->username, u"jané ✓"_s);
    QCOMPARE(loaded->isActive, false);
    QVERIFY(!loaded->age.has_value());
    QVERIFY(loaded->createdAt.isValid());
    QCOMPARE(loaded->createdAt, session.query<User>().get(janeId)->createdAt);
    QCOMPARE(loaded->objectState(), orm::ObjectState::Persistent);
    QVERIFY(!session.isModified(*loaded));
    QCOMPARE(session.get<User>(janeId).get(), loaded.get()); // in the identity map
    QCOMPARE(john->age, std::optional<qint64>(41));
    const auto money = session.loadStoredRows(Account::staticMeta(), accounts);
    QCOMPARE(money.size(), size_t(1));
    QCOMPARE(std::static_pointer_cast<Account>(money.front())->balance, 0.1 + 0.2);
    // An edit of a stored object is written as any other.
    QVERIFY(session.setValue(*loaded, User::staticMeta().columnIndex(u"age"_s), 30));
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    orm::Session other(secondEngine());
    QCOMPARE(other.get<User>(janeId)->age, std::optional<qint64>(30));
    QVERIFY(johnId > 0);
    // Rows of another entity's columns are refused.
    QVERIFY(session.loadStoredRows(Account::staticMeta(), users).empty());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Usage);
}

void tst_Engines::readModifyWriteHoldsOffOtherWriters()
{
    // Given a row read inside begin() (SQLite: the write lock; PostgreSQL: FOR UPDATE),
    auto engine = freshEngine();
    {
        orm::Session setup(engine);
        setup.add(User::make(u"counter"_s));
        QVERIFY(setup.commit());
    }
    orm::Session session(engine);
    QVERIFY2(session.begin(), qPrintable(session.lastError().text()));
    auto row = session.query<User>().findByUsername(u"counter"_s);
    QVERIFY(row);

    // another connection's write of it waits, and gives up after its busy timeout,
    auto other = secondEngine();
    other->connection().setBusyTimeout(100);
    QVERIFY(!other->connection().exec(u"UPDATE users SET age = 1 WHERE username = 'counter'"_s));
    QCOMPARE(other->connection().lastError().kind(), orm::Error::Kind::Busy);
    (void)other->connection().rollback();

    // while this one's read-modify-write commits; then the other's goes through.
    row->age = row->age.value_or(0) + 10;
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QVERIFY2(
        other->connection().exec(u"UPDATE users SET age = age + 1 WHERE username = 'counter'"_s),
        qPrintable(other->connection().lastError().text()));
    orm::Session check(secondEngine());
    QCOMPARE(check.query<User>().findByUsername(u"counter"_s)->age, std::optional<qint64>(11));
}

void tst_Engines::anotherConnectionsCommitChangesTheDataVersion()
{
    auto engine = freshEngine();
    orm::Connection &c = engine->connection();
    const std::optional<qint64> before = c.dataVersion();
    QVERIFY(before);
    QCOMPARE(c.dataVersion(), before); // nothing happened meanwhile
    QVERIFY(secondEngine()->connection().exec(
        u"INSERT INTO users (username, email, is_active) VALUES ('w', 'w@example.com', ?)"_s,
        {true}));
    const std::optional<qint64> after = c.dataVersion();
    QVERIFY(after);
    QVERIFY(*after != *before);
}

void tst_Engines::textIsFoundIgnoringCase()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    session.addAll({User::make(u"John_Doe"_s), User::make(u"jane"_s), User::make(u"50%_off"_s)});
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    const orm::Expr username = orm::Expr::column(u"users"_s, u"username"_s);
    const auto matching = [&session](const orm::Expr &condition) {
        return session.query<User>().filter(condition).count().value_or(-1);
    };
    QCOMPARE(matching(username.icontains(u"JOHN"_s)), 1);
    QCOMPARE(matching(username.icontains(u"n_d"_s)), 1);
    QCOMPARE(matching(username.istartsWith(u"J"_s)), 2);
    // The pattern's own characters are text, never wildcards.
    QCOMPARE(matching(username.icontains(u"%_"_s)), 1);
    QCOMPARE(matching(username.icontains(u"_"_s)), 2);
}

void tst_Engines::statisticsEstimateATablesRows()
{
    QFETCH(QString, engine);
    auto e = freshEngine();
    orm::Session session(e);
    for (int i = 0; i < 30; ++i)
        session.add(User::make(u"user%1"_s.arg(i)));
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    if (engine == u"sqlite"_s) {
        // SQLite keeps no such statistics: there is no estimate, only the count.
        QCOMPARE(session.query<User>().estimatedCount(), std::nullopt);
        return;
    }
    // Statistics never gathered: no estimate rather than a wrong one.
    QCOMPARE(session.query<User>().estimatedCount(), std::nullopt);
    QVERIFY(e->connection().exec(u"ANALYZE users"_s));
    QCOMPARE(session.query<User>().estimatedCount(), 30);
    // Only a whole table is estimated.
    const orm::Expr username = orm::Expr::column(u"users"_s, u"username"_s);
    QCOMPARE(session.query<User>().filter(username == u"user1"_s).estimatedCount(), std::nullopt);
}

QTEST_GUILESS_MAIN(tst_Engines)
#include "tst_engines.moc"
