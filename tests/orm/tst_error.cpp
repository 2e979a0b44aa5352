// SPDX-License-Identifier: MIT
// orm::Error's DB-API classification: the exception classes code ported from Flask-SQLAlchemy
// catches (IntegrityError, OperationalError, DataError, StaleDataError).

#include "testmodels.h"

#include <QMetaEnum>
#include <QTemporaryDir>
#include <QtTest>

using namespace testmodels;

namespace {
enum Class : int {
    None = 0,
    Integrity = 1,
    Operational = 2,
    Data = 4,
    Stale = 8,
};

int classOf(const orm::Error &e)
{
    return (e.isIntegrityError() ? Integrity : 0) | (e.isOperationalError() ? Operational : 0)
        | (e.isDataError() ? Data : 0) | (e.isStaleDataError() ? Stale : 0);
}

// A database file in a temporary folder with the test models' tables.
struct FileDatabase
{
    QTemporaryDir dir;
    QString url = u"sqlite:///"_s + dir.filePath(u"app.db"_s);
    std::shared_ptr<orm::Engine> engine = makeEngine(url);
};
} // namespace

class tst_Error : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyKindIsClassified_data();
    void everyKindIsClassified();
    void aDuplicateIsAnIntegrityError();
    void aLockedDatabaseIsAnOperationalError();
    void aFileThatIsNotADatabaseIsAnOperationalError();
    void aRefusedValueIsADataError();
    void aRowDeletedElsewhereIsAStaleDataError();
};

void tst_Error::everyKindIsClassified_data()
{
    QTest::addColumn<orm::Error::Kind>("kind");
    QTest::addColumn<int>("expected");
    using K = orm::Error::Kind;
    const QList<std::pair<K, int>> rows {
        {K::None, None},
        {K::Connection, Operational},
        {K::NotADatabase, Operational},
        {K::Corrupt, Operational},
        {K::ReadOnly, Operational},
        {K::Busy, Operational},
        {K::Constraint, Integrity},
        {K::Validation, Data},
        {K::NotFound, None},
        {K::MultipleResults, None},
        {K::StaleData, Stale},
        {K::Conflict, Stale},
        {K::Type, Data},
        {K::Sql, None},
        {K::Usage, None},
        {K::Serialization, Operational},
        {K::Cancelled, Operational},
    };
    // Every kind has its row: a new kind must be given its DB-API class here.
    const QMetaEnum kinds = QMetaEnum::fromType<orm::Error::Kind>();
    QCOMPARE(rows.size(), kinds.keyCount());
    for (const auto &[kind, expected] : rows)
        QTest::newRow(kinds.valueToKey(int(kind))) << kind << expected;
}

void tst_Error::everyKindIsClassified()
{
    // Given an error of each kind, then it is in exactly the DB-API class SQLAlchemy would
    // raise (or in none).
    QFETCH(orm::Error::Kind, kind);
    QFETCH(int, expected);
    const orm::Error e(kind, u"message"_s);
    QCOMPARE(classOf(e), expected);
}

void tst_Error::aDuplicateIsAnIntegrityError()
{
    // The seeds' create_user(): `except IntegrityError: db.session.rollback(); return None`.
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(User::make(u"alice"_s));
    QVERIFY(session.commit());
    session.add(User::make(u"alice"_s, u"other@example.com"_s));
    QVERIFY(!session.commit());
    QVERIFY(session.lastError().isIntegrityError());
    QCOMPARE(classOf(session.lastError()), int(Integrity));
}

void tst_Error::aLockedDatabaseIsAnOperationalError()
{
    // Given another connection writing, when ours (no busy timeout) commits, then the
    // "database is locked" error is an OperationalError, as sqlite3 raises it.
    FileDatabase db;
    auto theirs = orm::Engine::create(db.url);
    QVERIFY(theirs->connection().exec(u"BEGIN IMMEDIATE"_s));
    db.engine->connection().setBusyTimeout(0);
    orm::Session session(db.engine);
    session.add(User::make(u"alice"_s));
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Busy);
    QCOMPARE(classOf(session.lastError()), int(Operational));
    QVERIFY(theirs->connection().rollback());
}

void tst_Error::aFileThatIsNotADatabaseIsAnOperationalError()
{
    QTemporaryDir dir;
    QFile notes(dir.filePath(u"notes.db"_s));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write(QByteArray(4096, 'x'));
    notes.close();
    orm::Error error;
    QVERIFY(!orm::Engine::create(u"sqlite:///"_s + notes.fileName(), &error));
    QCOMPARE(error.kind(), orm::Error::Kind::NotADatabase);
    QCOMPARE(classOf(error), int(Operational));
}

void tst_Error::aRefusedValueIsADataError()
{
    // A value the model refuses before anything is written (SQLAlchemy's DataError is the
    // database's; a validator's refusal is the same kind of mistake).
    auto engine = makeEngine();
    orm::Session session(engine);
    session.add(User::make(u"alice"_s, u"not an e-mail"_s));
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Validation);
    QCOMPARE(classOf(session.lastError()), int(Data));
}

void tst_Error::aRowDeletedElsewhereIsAStaleDataError()
{
    // Given a loaded user whose row another program deleted, when our edit is committed, then
    // the error is SQLAlchemy's StaleDataError ("UPDATE statement expected to update 1 row").
    FileDatabase db;
    orm::Session session(db.engine);
    auto alice = User::make(u"alice"_s);
    session.add(alice);
    QVERIFY(session.commit());
    QVERIFY(orm::Engine::create(db.url)->connection().exec(u"DELETE FROM users"_s));
    alice->age = 30;
    QVERIFY(!session.commit());
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::StaleData);
    QCOMPARE(classOf(session.lastError()), int(Stale));
}

QTEST_GUILESS_MAIN(tst_Error)
#include "tst_error.moc"
