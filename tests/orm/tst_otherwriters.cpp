// SPDX-License-Identifier: MIT
// Other programs write to the same file: reads are fresh, staged edits never overwrite their
// changes (conflicts), read-modify-write runs in one transaction, and a program killed in the
// middle of a transfer leaves the file whole. The other programs are rowsmith-test-writer
// processes (writerhelper.cpp) started with QProcess.

#include "ormverify.h"
#include "testmodels.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <map>

using namespace testmodels;

namespace {

// An account whose row carries a version counter (SQLAlchemy's version_id_col).
class Ledger : public orm::Model<Ledger>
{
public:
    qint64 id = 0;
    QString owner;
    double balance = 0.0;
    qint64 version = 0;

    static void map(orm::Mapper<Ledger> &m)
    {
        m.table(u"ledger"_s);
        m.column(&Ledger::id, u"id"_s).primaryKey();
        m.column(&Ledger::owner, u"owner"_s).notNull();
        m.column(&Ledger::balance, u"balance"_s).notNull();
        m.column(&Ledger::version, u"version"_s).notNull().versionColumn();
    }
};

// Runs the other program to completion; its standard output.
QByteArray runWriter(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral(WRITER_HELPER), args);
    if (!p.waitForFinished(60000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        qWarning() << "writer failed:" << args << p.readAllStandardError();
        return QByteArray("failed");
    }
    return p.readAllStandardOutput();
}

bool otherProgramRuns(const QString &file, const QStringList &statements)
{
    return runWriter(QStringList {u"sql"_s, file} + statements) != "failed";
}

double sumOfBalances(orm::Session &session)
{
    const auto rows = session.execute(u"SELECT total(balance) FROM account"_s);
    return rows ? rows->rows.value(0).value(0).toDouble() : -1;
}

} // namespace

class tst_OtherWriters : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    // Fresh reads.
    void aQueryShowsWhatAnotherProgramCommitted();
    void getReadsTheRowAgainOnceAnotherProgramWrote();
    void noRowIsReadAgainWhileNobodyElseWrites();
    void untouchedColumnsFollowAndAMovedStagedColumnIsAConflict();
    void aStagedValueEqualToTheirsIsNoConflict();
    void refreshOfARowDeletedElsewhereLetsTheObjectGo();
    void getOfARowDeletedElsewhereLetsAnUnstagedObjectGo();

    // Optimistic concurrency.
    void anUpdateChecksTheLoadedValuesOfTheColumnsItChanges();
    void keepMineRebasesTheEditOnTheirs();
    void takeTheirsAndRevertGiveTheDatabaseValue();
    void typingBackTheLoadedValueFollowsTheDatabase();
    void aReinsertedRowIsNotOverwritten();
    void aDeleteChecksEveryLoadedColumn();
    void deletedElsewhereStaysStaleData();
    void aVersionColumnIsIncrementedAndChecked();
    void theSqlShownChecksWhatItWasBasedOn();
    void valuesUnlikeTheirTypeAreCheckedAsStored();

    // Read-modify-write.
    void beginMakesTheReadsInsideItFresh();
    void transactionRunsAgainWhileTheDatabaseIsBusy();
    void transactionIsRefusedWithStagedChanges();
    void threeProgramsTransferingKeepEveryUpdate();
    void aProgramKilledMidTransferLeavesTheFileWhole();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_file;
    std::shared_ptr<orm::Engine> m_engine;
    std::unique_ptr<orm::Session> m_session;
};

void tst_OtherWriters::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_file = m_dir->filePath(u"shared.db"_s);
    m_engine = makeEngine(u"sqlite:///"_s + m_file);
    orm::MetaData md;
    md.addTable(Ledger::staticMeta().table());
    orm::Error error;
    QVERIFY2(md.createAll(m_engine->connection(), &error), qPrintable(error.text()));
    m_session = std::make_unique<orm::Session>(m_engine);
    auto a = std::make_shared<Account>();
    a->accountNumber = u"ACC1001"_s;
    a->balance = 100.0;
    auto b = std::make_shared<Account>();
    b->accountNumber = u"ACC1002"_s;
    b->balance = 500.0;
    m_session->addAll({a, b, User::make(u"alice"_s), User::make(u"bob"_s)});
    auto l = std::make_shared<Ledger>();
    l->owner = u"carol"_s;
    l->balance = 10.0;
    m_session->add(l);
    ORM_VERIFY(m_session->commit(), *m_session);
    // A session of its own that has loaded what it shows, as a running program has.
    m_session = std::make_unique<orm::Session>(m_engine);
}

void tst_OtherWriters::cleanup()
{
    m_session.reset();
    m_engine.reset();
    m_dir.reset();
}

void tst_OtherWriters::aQueryShowsWhatAnotherProgramCommitted()
{
    // Given account 1 loaded with a balance of 100,
    auto account = m_session->get<Account>(1);
    QCOMPARE(account->balance, 100.0);
    // when another program sets it to 555,
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 555 WHERE id = 1"_s}));
    // then a query that reads the row shows 555, in the same object,
    auto q = m_session->query<Account>().filter(orm::col(&Account::balance) == 555.0);
    QCOMPARE(q.count().value_or(-1), 1);
    auto first = q.first();
    QVERIFY(first);
    QCOMPARE(first.get(), account.get());
    QCOMPARE(account->balance, 555.0);
    QVERIFY(!m_session->isModified(*account));
    // and adding 100 writes 655.
    account->balance += 100;
    ORM_VERIFY(m_session->commit(), *m_session);
    orm::Session other(orm::Engine::create(u"sqlite:///"_s + m_file));
    QCOMPARE(other.get<Account>(1)->balance, 655.0);
}

void tst_OtherWriters::getReadsTheRowAgainOnceAnotherProgramWrote()
{
    auto account = m_session->get<Account>(2);
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 42 WHERE id = 2"_s}));
    QSignalSpy external(m_session.get(), &orm::Session::externalChangesSeen);
    QSignalSpy changed(m_session.get(), &orm::Session::objectChanged);
    QCOMPARE(m_session->get<Account>(2).get(), account.get());
    QCOMPARE(account->balance, 42.0);
    QCOMPARE(external.count(), 1);
    QVERIFY(!changed.isEmpty());
    QCOMPARE(changed.last().at(0).value<orm::Entity *>(), account.get());
}

void tst_OtherWriters::noRowIsReadAgainWhileNobodyElseWrites()
{
    // Given an object loaded and nobody else writing, when it is asked for by key, then it
    // comes from memory (no statement), and rows read again are not compared.
    auto account = m_session->get<Account>(1);
    int statements = 0;
    const int id =
        m_engine->connection().addListener([&](const orm::StatementRecord &) { ++statements; });
    QCOMPARE(m_session->get<Account>(1).get(), account.get());
    QCOMPARE(statements, 0);
    QVERIFY(!m_session->refreshesRows());
    // This session's own commits are not someone else's: neither to the rows read next
    // (asked inside the read's transaction) nor to the pragma on a timer.
    account->balance = 7;
    ORM_VERIFY(m_session->commit(), *m_session);
    QCOMPARE(m_session->query<Account>().all().size(), 2);
    QVERIFY(!m_session->refreshesRows());
    QCOMPARE(m_session->query<Account>()
                 .filter(orm::col(&Account::id) == 2)
                 .update({orm::set(&Account::balance, 9.0)})
                 .value_or(-1),
             1);
    QVERIFY(m_session->begin());
    account->balance = 8;
    ORM_VERIFY(m_session->commit(), *m_session);
    QCOMPARE(m_session->query<Account>().all().size(), 2);
    QVERIFY(!m_session->refreshesRows());
    QVERIFY(!m_session->checkForExternalChanges());
    QVERIFY(!m_session->refreshesRows());
    // Another program's commit is seen by the next read that meets a row.
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 1 WHERE id = 2"_s}));
    QCOMPARE(m_session->query<Account>().filter(orm::col(&Account::id) == 1).all().size(), 1);
    QVERIFY(m_session->refreshesRows());
    m_engine->connection().removeListener(id);
}

void tst_OtherWriters::untouchedColumnsFollowAndAMovedStagedColumnIsAConflict()
{
    // Given alice loaded and her e-mail staged,
    auto alice = m_session->query<User>().findByUsername(u"alice"_s);
    QVERIFY(m_session->setValue(*alice, 2, u"mine@example.com"_s));
    // when another program changes her e-mail and username,
    QVERIFY(otherProgramRuns(m_file,
                             {u"UPDATE users SET email = 'theirs@example.com', "
                              "username = 'alicia' WHERE id = 1"_s}));
    QSignalSpy conflicts(m_session.get(), &orm::Session::conflictsChanged);
    // then reading the row again: the username follows, the e-mail stays staged, in conflict;
    QVERIFY(m_session->query<User>().all().size() == 2);
    QCOMPARE(alice->username, u"alicia"_s);
    QCOMPARE(alice->email, u"mine@example.com"_s);
    QCOMPARE(conflicts.count(), 1);
    QVERIFY(m_session->hasConflict(*alice, 2));
    QVERIFY(!m_session->hasConflict(*alice, 1));
    const QList<orm::Conflict> found = m_session->conflicts();
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().column, 2);
    QCOMPARE(found.first().loaded.toString(), u"alice@example.com"_s);
    QCOMPARE(found.first().theirs.toString(), u"theirs@example.com"_s);
    QCOMPARE(found.first().mine.toString(), u"mine@example.com"_s);
    // and a commit fails with a Conflict naming the three values, writing nothing.
    QVERIFY(!m_session->commit());
    const orm::Error e = m_session->lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Conflict);
    QCOMPARE(e.entity(), u"User"_s);
    QCOMPARE(e.key().toLongLong(), qint64(1));
    QCOMPARE(e.columns(), QStringList {u"email"_s});
    QCOMPARE(e.conflictValues().size(), 1);
    QCOMPARE(e.conflictValues().first().loaded.toString(), u"alice@example.com"_s);
    QCOMPARE(e.conflictValues().first().current.toString(), u"theirs@example.com"_s);
    QCOMPARE(e.conflictValues().first().staged.toString(), u"mine@example.com"_s);
    QCOMPARE(alice->email, u"mine@example.com"_s);
    QVERIFY(m_session->isModified(*alice));
    orm::Session other(orm::Engine::create(u"sqlite:///"_s + m_file));
    QCOMPARE(other.get<User>(1)->email, u"theirs@example.com"_s);
}

void tst_OtherWriters::aStagedValueEqualToTheirsIsNoConflict()
{
    auto account = m_session->get<Account>(1);
    account->balance = 300;
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 300 WHERE id = 1"_s}));
    (void)m_session->get<Account>(1);
    QVERIFY(!m_session->hasConflicts());
    QVERIFY(!m_session->isModified(*account));
}

void tst_OtherWriters::refreshOfARowDeletedElsewhereLetsTheObjectGo()
{
    auto bob = m_session->get<User>(2);
    QVERIFY(otherProgramRuns(m_file, {u"DELETE FROM users WHERE id = 2"_s}));
    QVERIFY(!m_session->refresh(*bob));
    QCOMPARE(m_session->lastError().kind(), orm::Error::Kind::StaleData);
    QVERIFY(!m_session->contains(*bob));
    QCOMPARE(bob->objectState(), orm::ObjectState::Detached);
    QVERIFY(!m_session->identityLookup(User::staticMeta(), 2));
}

void tst_OtherWriters::getOfARowDeletedElsewhereLetsAnUnstagedObjectGo()
{
    auto bob = m_session->get<User>(2);
    auto alice = m_session->get<User>(1);
    alice->email = u"staged@example.com"_s;
    QVERIFY(otherProgramRuns(m_file, {u"DELETE FROM users"_s}));
    QVERIFY(!m_session->get<User>(2));
    QVERIFY(!m_session->contains(*bob));
    // A staged edit is never dropped by a read: the commit says what happened.
    QVERIFY(!m_session->get<User>(1));
    QVERIFY(m_session->contains(*alice));
    QVERIFY(!m_session->commit());
    QCOMPARE(m_session->lastError().kind(), orm::Error::Kind::StaleData);
    QCOMPARE(alice->email, u"staged@example.com"_s);
}

void tst_OtherWriters::anUpdateChecksTheLoadedValuesOfTheColumnsItChanges()
{
    // Given account 1 loaded (100) and changed to 200 without reading it again,
    auto account = m_session->get<Account>(1);
    account->balance = 200;
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 555 WHERE id = 1"_s}));
    // when committing, then the UPDATE finds the row moved: Conflict, nothing written, the
    // edit kept, the conflict known.
    QVERIFY(!m_session->commit());
    const orm::Error e = m_session->lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Conflict);
    QCOMPARE(e.entity(), u"Account"_s);
    QCOMPARE(e.key().toLongLong(), qint64(1));
    QCOMPARE(e.conflictValues().size(), 1);
    QCOMPARE(e.conflictValues().first().column, u"balance"_s);
    QCOMPARE(e.conflictValues().first().loaded.toDouble(), 100.0);
    QCOMPARE(e.conflictValues().first().current.toDouble(), 555.0);
    QCOMPARE(e.conflictValues().first().staged.toDouble(), 200.0);
    QCOMPARE(e.object().get(), account.get());
    QCOMPARE(account->balance, 200.0);
    QVERIFY(m_session->hasConflict(*account, 2));
    // A change of another column of the same row is no conflict for an edit of this one.
    auto other = m_session->get<Account>(2);
    other->balance = 1;
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET account_number = 'X' WHERE id = 2"_s}));
    m_session->revert(*account);
    ORM_VERIFY(m_session->commit(), *m_session);
    const auto rows =
        m_session->execute(u"SELECT account_number, balance FROM account ORDER BY id"_s);
    QCOMPARE(rows->rows.at(0).at(1).toDouble(), 555.0);
    QCOMPARE(rows->rows.at(1).at(0).toString(), u"X"_s);
    QCOMPARE(rows->rows.at(1).at(1).toDouble(), 1.0);
}

void tst_OtherWriters::keepMineRebasesTheEditOnTheirs()
{
    auto account = m_session->get<Account>(1);
    account->balance = 200;
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 555 WHERE id = 1"_s}));
    QVERIFY(!m_session->commit());
    QVERIFY(m_session->resolveConflict(*account, 2, orm::Session::Resolution::KeepMine));
    QVERIFY(!m_session->hasConflicts());
    QCOMPARE(m_session->committedValue(*account, 2).toDouble(), 555.0);
    // Undone, the edit is based on the loaded value again: the commit is refused again.
    m_session->reopenConflict(*account, 2);
    QVERIFY(m_session->hasConflict(*account, 2));
    QVERIFY(!m_session->commit());
    QVERIFY(m_session->resolveConflict(*account, -1, orm::Session::Resolution::KeepMine));
    ORM_VERIFY(m_session->commit(), *m_session);
    QCOMPARE(sumOfBalances(*m_session), 700.0);
}

void tst_OtherWriters::takeTheirsAndRevertGiveTheDatabaseValue()
{
    auto a = m_session->get<Account>(1);
    auto b = m_session->get<Account>(2);
    a->balance = 1;
    b->balance = 2;
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = balance + 1000"_s}));
    (void)m_session->query<Account>().all();
    QCOMPARE(m_session->conflicts().size(), 2);
    QVERIFY(m_session->resolveConflict(*a, 2, orm::Session::Resolution::TakeTheirs));
    QCOMPARE(a->balance, 1100.0);
    QVERIFY(!m_session->isModified(*a));
    m_session->revert(*b, 2);
    QCOMPARE(b->balance, 1500.0);
    QVERIFY(!m_session->hasConflicts());
    QVERIFY(!m_session->hasPendingChanges());
    // Discarding everything gives the database's values too.
    a->balance = 5;
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 9 WHERE id = 1"_s}));
    (void)m_session->get<Account>(1);
    QVERIFY(m_session->hasConflict(*a));
    m_session->rollback();
    QCOMPARE(a->balance, 9.0);
    QVERIFY(!m_session->hasConflicts());
}

void tst_OtherWriters::typingBackTheLoadedValueFollowsTheDatabase()
{
    // Undo of an edit sets the value it had: when that is the loaded one and the database
    // moved meanwhile, the field takes the database's value (never the stale one).
    auto a = m_session->get<Account>(1);
    QVERIFY(m_session->setValue(*a, 2, 250.0));
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 555 WHERE id = 1"_s}));
    (void)m_session->get<Account>(1);
    QVERIFY(m_session->hasConflict(*a, 2));
    QVERIFY(m_session->setValue(*a, 2, 100.0));
    QCOMPARE(a->balance, 555.0);
    QVERIFY(!m_session->hasConflicts());
    QVERIFY(!m_session->isModified(*a));
}

void tst_OtherWriters::aReinsertedRowIsNotOverwritten()
{
    auto alice = m_session->get<User>(1);
    alice->age = 30;
    QVERIFY(otherProgramRuns(
        m_file,
        {u"DELETE FROM users WHERE id = 1"_s,
         u"INSERT INTO users (id, username, email, is_active, age, created_at, updated_at) "
         "VALUES (1, 'zed', 'zed@example.com', 1, 99, '2024-01-01 00:00:00.000000', "
         "'2024-01-01 00:00:00.000000')"_s}));
    QVERIFY(!m_session->commit());
    QCOMPARE(m_session->lastError().kind(), orm::Error::Kind::Conflict);
    const auto rows = m_session->execute(u"SELECT username, age FROM users WHERE id = 1"_s);
    QCOMPARE(rows->rows.at(0).at(0).toString(), u"zed"_s);
    QCOMPARE(rows->rows.at(0).at(1).toLongLong(), qint64(99));
}

void tst_OtherWriters::aDeleteChecksEveryLoadedColumn()
{
    auto bob = m_session->get<User>(2);
    m_session->remove(bob);
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE users SET age = 41 WHERE id = 2"_s}));
    QVERIFY(!m_session->commit());
    const orm::Error e = m_session->lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Conflict);
    QCOMPARE(e.columns(), QStringList {u"age"_s});
    QVERIFY(m_session->isMarkedForDeletion(*bob));
    QVERIFY(m_session->hasConflict(*bob, 4));
    QCOMPARE(m_session->execute(u"SELECT count(*) FROM users"_s)->rows.at(0).at(0).toInt(), 2);
    // Deleting the row as it is now is a choice the person makes.
    QVERIFY(m_session->resolveConflict(*bob, -1, orm::Session::Resolution::KeepMine));
    ORM_VERIFY(m_session->commit(), *m_session);
    QCOMPARE(m_session->execute(u"SELECT count(*) FROM users"_s)->rows.at(0).at(0).toInt(), 1);
}

void tst_OtherWriters::deletedElsewhereStaysStaleData()
{
    auto bob = m_session->get<User>(2);
    bob->age = 5;
    QVERIFY(otherProgramRuns(m_file, {u"DELETE FROM users WHERE id = 2"_s}));
    QVERIFY(!m_session->commit());
    QCOMPARE(m_session->lastError().kind(), orm::Error::Kind::StaleData);
    QVERIFY(m_session->isModified(*bob));
}

void tst_OtherWriters::aVersionColumnIsIncrementedAndChecked()
{
    auto ledger = m_session->get<Ledger>(1);
    QCOMPARE(ledger->version, qint64(1));
    ledger->balance = 11;
    ORM_VERIFY(m_session->commit(), *m_session);
    QCOMPARE(ledger->version, qint64(2));
    // Another program changes a column this session does not change, and bumps the version:
    // with a version column, that is a conflict too.
    ledger->balance = 12;
    QVERIFY(otherProgramRuns(
        m_file, {u"UPDATE ledger SET owner = 'dave', version = version + 1 WHERE id = 1"_s}));
    QVERIFY(!m_session->commit());
    QCOMPARE(m_session->lastError().kind(), orm::Error::Kind::Conflict);
    QCOMPARE(m_session->lastError().columns(), QStringList {u"version"_s});
    // Known now: the untouched owner follows, and so does the version (nothing staged moved).
    QCOMPARE(ledger->owner, u"dave"_s);
    QCOMPARE(ledger->version, qint64(3));
    ORM_VERIFY(m_session->commit(), *m_session);
    QCOMPARE(ledger->version, qint64(4));
    const auto rows = m_session->execute(u"SELECT owner, balance, version FROM ledger"_s);
    QCOMPARE(rows->rows.at(0), (QVariantList {u"dave"_s, 12.0, 4}));
}

void tst_OtherWriters::theSqlShownChecksWhatItWasBasedOn()
{
    auto a = m_session->get<Account>(1);
    a->balance = 3;
    auto bob = m_session->get<User>(2);
    m_session->remove(bob);
    auto ledger = m_session->get<Ledger>(1);
    ledger->owner = u"x"_s;
    const QStringList sql = m_session->pendingSql();
    QVERIFY2(sql.contains(
                 u"UPDATE \"account\" SET \"balance\" = ? WHERE \"id\" = ? AND \"balance\" IS ?"_s),
             qPrintable(sql.join(u'\n')));
    QVERIFY2(sql.contains(u"UPDATE \"ledger\" SET \"owner\" = ?, \"version\" = ? WHERE \"id\" = ? "
                          "AND \"version\" IS ?"_s),
             qPrintable(sql.join(u'\n')));
    QVERIFY2(sql.contains(u"DELETE FROM \"users\" WHERE \"id\" = ? AND \"username\" IS ? AND "
                          "\"email\" IS ? AND \"is_active\" IS ? AND \"age\" IS ? AND "
                          "\"created_at\" IS ? AND \"updated_at\" IS ?"_s),
             qPrintable(sql.join(u'\n')));
}

void tst_OtherWriters::valuesUnlikeTheirTypeAreCheckedAsStored()
{
    // Given bob's age stored as text and his e-mail as bytes that are not UTF-8 (as another
    // program may store them: both read into the members converted),
    QVERIFY(otherProgramRuns(m_file,
                             {u"UPDATE users SET age = 'forty', email = "
                              "CAST(X'626F62FF406578616D706C652E636F6D' AS TEXT) "
                              "WHERE id = 2"_s}));
    auto bob = m_session->get<User>(2);
    QVERIFY(bob);
    auto held = [this](const QString &column) {
        const auto rows = m_session->execute(
            u"SELECT typeof(%1) || ' ' || hex(%1) FROM users WHERE id = 2"_s.arg(column));
        return rows && !rows->rows.isEmpty() ? rows->rows.at(0).at(0).toString() : QString();
    };
    const QString age = held(u"age"_s);
    const QString email = held(u"email"_s);
    // when another column is edited, then the commit is no conflict and leaves them as stored;
    bob->username = u"robert"_s;
    ORM_VERIFY(m_session->commit(), *m_session);
    QVERIFY(!m_session->hasConflicts());
    QCOMPARE(held(u"age"_s), age);
    QCOMPARE(held(u"email"_s), email);
    // when another program changes both to values that read the same as before (0, and the
    // same replacement character),
    QVERIFY(otherProgramRuns(m_file,
                             {u"UPDATE users SET age = 'fifty', email = "
                              "CAST(X'626F62FE406578616D706C652E636F6D' AS TEXT) "
                              "WHERE id = 2"_s}));
    const QString theirEmail = held(u"email"_s);
    // then deleting bob is a conflict naming both, and the row stays;
    m_session->remove(bob);
    QVERIFY(!m_session->commit());
    QCOMPARE(m_session->lastError().kind(), orm::Error::Kind::Conflict);
    QCOMPARE(m_session->lastError().columns(), (QStringList {u"email"_s, u"age"_s}));
    QCOMPARE(held(u"age"_s), u"text 6669667479"_s);
    // once the row is read again, the baseline is theirs: no conflict, and the delete, kept,
    // checks what is stored now.
    QVERIFY(m_session->resolveConflict(*bob, -1, orm::Session::Resolution::KeepMine));
    QVERIFY(!m_session->hasConflicts());
    QCOMPARE(held(u"email"_s), theirEmail);
    ORM_VERIFY(m_session->commit(), *m_session);
    QCOMPARE(m_session->execute(u"SELECT count(*) FROM users"_s)->rows.at(0).at(0).toInt(), 1);
}

void tst_OtherWriters::beginMakesTheReadsInsideItFresh()
{
    auto account = m_session->get<Account>(1);
    QVERIFY(otherProgramRuns(m_file, {u"UPDATE account SET balance = 555 WHERE id = 1"_s}));
    QVERIFY(m_session->begin());
    QVERIFY(m_engine->connection().inTransaction());
    QCOMPARE(m_session->get<Account>(1)->balance, 555.0);
    account->balance += 100;
    ORM_VERIFY(m_session->commit(), *m_session);
    QVERIFY(!m_engine->connection().inTransaction());
    QCOMPARE(sumOfBalances(*m_session), 1155.0);
}

void tst_OtherWriters::transactionRunsAgainWhileTheDatabaseIsBusy()
{
    // Given a connection that gives up on a lock at once and may try again for a while,
    orm::ConnectionOptions options;
    options.busyTimeoutMs = 0;
    options.busyRetries = 12;
    options.busyBackoffMs = 5;
    auto engine = orm::Engine::create(u"sqlite:///"_s + m_file, options);
    orm::Session session(engine);
    // when another program holds the write lock for 300 ms,
    QProcess holder;
    holder.start(QStringLiteral(WRITER_HELPER), {u"hold"_s, m_file, u"300"_s});
    QVERIFY(holder.waitForReadyRead(20000));
    QCOMPARE(holder.readLine().trimmed(), QByteArray("locked"));
    // then the transfer runs once the lock is free, the attempts made meanwhile undone.
    int runs = 0;
    const bool ok = session.transaction([&runs](orm::Session &s) {
        ++runs;
        auto a = s.get<Account>(1);
        a->balance -= 10;
        return true;
    });
    ORM_VERIFY(ok, session);
    QCOMPARE(runs, 1); // BEGIN IMMEDIATE is what met the lock: the work ran once it was free
    QVERIFY(holder.waitForFinished(20000));
    QCOMPARE(sumOfBalances(session), 590.0);

    // Without retries, the busy database is an error that says so, and nothing is staged.
    options.busyRetries = 0;
    orm::Session impatient(orm::Engine::create(u"sqlite:///"_s + m_file, options));
    holder.start(QStringLiteral(WRITER_HELPER), {u"hold"_s, m_file, u"300"_s});
    QVERIFY(holder.waitForReadyRead(20000));
    QVERIFY(!impatient.transaction([](orm::Session &s) {
        s.get<Account>(1)->balance = 0;
        return true;
    }));
    QCOMPARE(impatient.lastError().kind(), orm::Error::Kind::Busy);
    QVERIFY(!impatient.hasPendingChanges());
    QVERIFY(holder.waitForFinished(20000));
}

void tst_OtherWriters::transactionIsRefusedWithStagedChanges()
{
    m_session->get<Account>(1)->balance = 1;
    QVERIFY(!m_session->transaction([](orm::Session &) { return true; }));
    QCOMPARE(m_session->lastError().kind(), orm::Error::Kind::Usage);
    QVERIFY(m_session->hasPendingChanges());
}

void tst_OtherWriters::threeProgramsTransferingKeepEveryUpdate()
{
    // Given four accounts,
    for (int i = 3; i <= 4; ++i) {
        auto a = std::make_shared<Account>();
        a->accountNumber = u"ACC100%1"_s.arg(i);
        a->balance = 1000.0;
        m_session->add(a);
    }
    ORM_VERIFY(m_session->commit(), *m_session);
    const auto before = m_session->execute(u"SELECT id, balance FROM account ORDER BY id"_s);
    // when three programs, each with one session that loaded the accounts before the run,
    // make transfers at the same time,
    std::vector<std::unique_ptr<QProcess>> programs;
    for (int i = 0; i < 3; ++i) {
        programs.push_back(std::make_unique<QProcess>());
        programs.back()->start(QStringLiteral(WRITER_HELPER),
                               {u"transfer"_s, m_file, u"150"_s, QString::number(7 + i)});
    }
    // (each has opened the file and loaded its accounts before any of them starts)
    for (auto &p : programs) {
        QVERIFY(p->waitForReadyRead(20000));
        QCOMPARE(p->readLine().trimmed(), QByteArray("ready"));
    }
    for (auto &p : programs)
        p->write("go\n");
    std::map<qint64, double> net;
    for (auto &p : programs) {
        QVERIFY(p->waitForFinished(120000));
        QCOMPARE(p->exitCode(), 0);
        const QList<QByteArray> lines = p->readAllStandardOutput().split('\n');
        bool finished = false;
        for (const QByteArray &line : lines) {
            const QList<QByteArray> words = line.split(' ');
            if (words.value(0) == "net")
                net[words.value(1).toLongLong()] += words.value(2).toDouble();
            if (words.value(0) == "done") {
                finished = true;
                // Every transfer read fresh balances under the write lock: none was refused.
                QVERIFY2(words.value(1).toInt() > 100 && words.value(3) == "0", line.constData());
            }
        }
        QVERIFY2(finished, p->readAllStandardError().constData());
    }
    // then every account holds what it had plus exactly what the transfers moved: no update
    // was lost, and the sum is what it was.
    const auto after = m_session->execute(u"SELECT id, balance FROM account ORDER BY id"_s);
    QCOMPARE(after->rows.size(), before->rows.size());
    double sumBefore = 0, sumAfter = 0;
    for (int i = 0; i < after->rows.size(); ++i) {
        const qint64 id = after->rows.at(i).at(0).toLongLong();
        sumBefore += before->rows.at(i).at(1).toDouble();
        sumAfter += after->rows.at(i).at(1).toDouble();
        QCOMPARE(after->rows.at(i).at(1).toDouble(), before->rows.at(i).at(1).toDouble() + net[id]);
    }
    QCOMPARE(sumAfter, sumBefore);
}

void tst_OtherWriters::aProgramKilledMidTransferLeavesTheFileWhole()
{
    const double sum = sumOfBalances(*m_session);
    m_session.reset();
    QRandomGenerator random(20261206);
    for (int kill = 0; kill < 50; ++kill) {
        // Given a program transferring through one long-lived session,
        QProcess program;
        program.start(QStringLiteral(WRITER_HELPER),
                      {u"crash"_s, m_file, QString::number(random.generate())});
        QVERIFY(program.waitForReadyRead(20000));
        // when it is killed at a random moment of its transfers,
        QSignalSpy finished(&program, &QProcess::finished);
        QTimer::singleShot(int(random.bounded(12)), &program, &QProcess::kill);
        QVERIFY(finished.wait(20000));
        QCOMPARE(program.exitStatus(), QProcess::CrashExit);
        // then the file is whole and the money is all there.
        auto engine = orm::Engine::create(u"sqlite:///"_s + m_file);
        QVERIFY(engine);
        orm::Session check(engine);
        const auto integrity = check.execute(u"PRAGMA integrity_check"_s);
        QVERIFY(integrity);
        QCOMPARE(integrity->rows.value(0).value(0).toString(), u"ok"_s);
        QCOMPARE(sumOfBalances(check), sum);
    }
}

QTEST_GUILESS_MAIN(tst_OtherWriters)
#include "tst_otherwriters.moc"
