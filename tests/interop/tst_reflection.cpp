// SPDX-License-Identifier: MIT
#include "orm/drivers/sqlite/integrity.h"
#include "orm/drivers/sqlite/reflection.h"
#include "orm/drivers/sqlite/sqliteconnection.h"
#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/mapping/automap.h"
#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace Qt::StringLiterals;

// Reflection of unusual and hostile files (issue: open any SQLite database).
class tst_Reflection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oddIdentifiers();
    void keysAndConstraints();
    void tableWithoutKeyIsReadOnly();
    void viewsAreReadOnly();
    void mismatchedStorageClass();
    void largeBlob();
    void hundredsOfTables();
    void checkConstraintFailureNamesTheConstraint();
    void untrustedFileRunsNothing();
    void lockedFileGivesBusy();
    void aViewThatCannotBePreparedDoesNotStopTheRest();
    void triggersAreListedAndOnesThatCannotRunSayWhy();
    void integrityCheckFindsDamageAndDanglingKeys();

private:
    std::shared_ptr<orm::Engine> makeDb(const QStringList &ddl,
                                        const QString &name = u"db.sqlite"_s)
    {
        const QString path = m_dir.filePath(name);
        QFile::remove(path);
        auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
        for (const QString &s : ddl) {
            if (!engine->connection().exec(s))
                qFatal("%s: %s", qPrintable(s),
                       qPrintable(engine->connection().lastError().text()));
        }
        return engine;
    }
    QTemporaryDir m_dir;
};

void tst_Reflection::oddIdentifiers()
{
    // Given tables and columns named with spaces, quotes, unicode and SQL keywords,
    auto engine = makeDb(
        {u"CREATE TABLE \"order\" (\"select\" INTEGER PRIMARY KEY, \"my \"\"quoted\"\" col\" TEXT, \"größe\" REAL)"_s,
         u"CREATE TABLE \"line items\" (id INTEGER PRIMARY KEY, \"order id\" INTEGER REFERENCES \"order\"(\"select\"), qty INTEGER)"_s,
         u"INSERT INTO \"order\" VALUES (1, 'a''b', 1.5)"_s,
         u"INSERT INTO \"line items\" VALUES (10, 1, 3)"_s});
    const auto md = orm::reflect(engine->connection());
    QVERIFY(md);
    orm::Automap map(*md);
    const orm::EntityMeta *order = map.entity(u"order"_s);
    QVERIFY(order);
    QCOMPARE(order->column(1).column.name, u"my \"quoted\" col"_s);
    QCOMPARE(order->column(2).column.name, u"größe"_s);
    // then rows can be read, edited and followed through the relationships.
    orm::Session s(engine);
    auto row = s.query(*order).firstEntity();
    QVERIFY(row);
    QCOMPARE(row->value(1).toString(), u"a'b"_s);
    QVERIFY(s.setValue(*row, 1, u"x\"; DROP TABLE \"order\"; --"_s));
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session s2(engine);
    QCOMPARE(s2.query(*order)
                 .filterBy(u"my \"quoted\" col"_s, u"x\"; DROP TABLE \"order\"; --"_s)
                 .count()
                 .value(),
             1);
    const orm::EntityMeta *items = map.entity(u"line items"_s);
    const orm::RelationshipMeta *rel =
        items->relationship(u"order id"_s.chopped(3).isEmpty() ? u"order"_s : u"order"_s);
    QVERIFY(rel || items->relationships().size() == 1);
    const orm::RelationshipMeta &toOrder = rel ? *rel : *items->relationships().front();
    auto item = s2.query(*items).firstEntity();
    QCOMPARE(s2.relatedOne(*item, toOrder)->value(0).toLongLong(), 1);
    const auto back = s2.related(*s2.relatedOne(*item, toOrder), *toOrder.backrefMeta());
    QCOMPARE(back.size(), size_t(1));
}

void tst_Reflection::keysAndConstraints()
{
    auto engine = makeDb(
        {u"CREATE TABLE a (x INTEGER, y TEXT, label TEXT UNIQUE, PRIMARY KEY (x, y)) WITHOUT ROWID"_s,
         u"CREATE TABLE b (id INTEGER PRIMARY KEY, ax INTEGER NOT NULL, ay TEXT NOT NULL, "
         "n INTEGER DEFAULT 7, CONSTRAINT positive CHECK (n > 0), "
         "FOREIGN KEY (ax, ay) REFERENCES a (x, y) ON DELETE CASCADE)"_s,
         u"CREATE UNIQUE INDEX b_n ON b (n)"_s, u"INSERT INTO a VALUES (1, 'one', 'first')"_s,
         u"INSERT INTO b (ax, ay) VALUES (1, 'one')"_s});
    const auto md = orm::reflect(engine->connection());
    QVERIFY(md);
    const orm::Table *a = md->table(u"a"_s);
    QCOMPARE(a->primaryKey(), (QStringList {u"x"_s, u"y"_s}));
    QVERIFY(a->isWithoutRowid());
    QVERIFY(a->column(u"label"_s)->unique);
    const orm::Table *b = md->table(u"b"_s);
    QCOMPARE(b->foreignKeys().size(), 1);
    QCOMPARE(b->foreignKeys().first().columns, (QStringList {u"ax"_s, u"ay"_s}));
    QCOMPARE(b->foreignKeys().first().onDelete, orm::ReferentialAction::Cascade);
    QCOMPARE(b->column(u"n"_s)->serverDefault, u"7"_s);
    QVERIFY(b->column(u"n"_s)->unique); // through the unique index
    QCOMPARE(b->checks().size(), 1);
    QCOMPARE(b->checks().first().name, u"positive"_s);
    QCOMPARE(b->checks().first().sqlText, u"n > 0"_s);
    orm::Automap map(*md);
    // A composite key: get() with a list, and the composite foreign key is a relationship.
    orm::Session s(engine);
    auto row = s.get(*map.entity(u"a"_s), QVariantList {1, u"one"_s});
    QVERIFY(row);
    const orm::RelationshipMeta *bs = map.entity(u"a"_s)->relationship(u"bs"_s);
    QVERIFY(bs);
    QCOMPARE(s.related(*row, *bs).size(), size_t(1));
    // A server default fills the column when the program leaves it empty.
    auto fresh = map.entity(u"b"_s)->create();
    QVERIFY(fresh->setValue(u"ax"_s, 1));
    QVERIFY(fresh->setValue(u"ay"_s, u"one"_s));
    s.add(fresh);
    QVERIFY(!s.commit()); // n defaults to 7, which the unique index already holds
    QCOMPARE(s.lastError().constraint(), orm::Error::Constraint::Unique);
    QVERIFY(fresh->setValue(u"n"_s, 8));
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
}

void tst_Reflection::tableWithoutKeyIsReadOnly()
{
    auto engine = makeDb({u"CREATE TABLE log (at TEXT, message TEXT)"_s,
                          u"INSERT INTO log VALUES ('now', 'hello')"_s});
    const auto md = orm::reflect(engine->connection());
    orm::Automap map(*md);
    const orm::EntityMeta *log = map.entity(u"log"_s);
    QVERIFY(log->isReadOnly());
    QVERIFY(log->readOnlyReason().contains(u"primary key"_s));
    orm::Session s(engine);
    const auto rows = s.query(*log).allEntities();
    QCOMPARE(rows.size(), size_t(1)); // browsable
    QVERIFY(!s.setValue(*rows.front(), 1, u"changed"_s));
    QVERIFY(s.lastError().message().contains(u"read-only"_s));
}

void tst_Reflection::viewsAreReadOnly()
{
    auto engine = makeDb({u"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"_s,
                          u"CREATE VIEW big AS SELECT id, v FROM t WHERE id > 1"_s,
                          u"INSERT INTO t VALUES (1, 'a'), (2, 'b')"_s});
    const auto md = orm::reflect(engine->connection());
    orm::Automap map(*md);
    QVERIFY(map.entity(u"big"_s)->isReadOnly());
    orm::Session s(engine);
    QCOMPARE(s.query(*map.entity(u"big"_s)).count().value(), 1);
}

void tst_Reflection::mismatchedStorageClass()
{
    // SQLite stores what it is given: text in an INTEGER column, a number in a DATETIME one.
    auto engine =
        makeDb({u"CREATE TABLE m (id INTEGER PRIMARY KEY, n INTEGER, d DATETIME, b BOOLEAN)"_s,
                u"INSERT INTO m VALUES (1, 'not a number', 12345, 'maybe')"_s});
    const auto md = orm::reflect(engine->connection());
    orm::Automap map(*md);
    const orm::EntityMeta &m = *map.entity(u"m"_s);
    orm::Session s(engine);
    auto row = s.query(m).firstEntity();
    QVERIFY(row);
    QCOMPARE(row->value(1).toString(), u"not a number"_s); // shown as stored
    QVERIFY(!orm::storage::matchesType(orm::storage::toStorage(row->value(1), orm::Text),
                                       m.column(1).column.type));
    QVERIFY(!orm::storage::matchesType(row->value(2), m.column(2).column.type));
    // Editing another column writes only that one: the odd values are kept as they are.
    QVERIFY(s.setValue(*row, 1, 5));
    QVERIFY(s.commit());
    const auto raw = s.execute(u"SELECT n, d, b FROM m"_s);
    QCOMPARE(raw->rows.first().at(0).toLongLong(), 5);
    QCOMPARE(raw->rows.first().at(1).toLongLong(), 12345);
    QCOMPARE(raw->rows.first().at(2).toString(), u"maybe"_s);
}

void tst_Reflection::largeBlob()
{
    auto engine = makeDb({u"CREATE TABLE files (id INTEGER PRIMARY KEY, name TEXT, data BLOB)"_s});
    QByteArray big(8 * 1024 * 1024, 'x');
    big[0] = '\0';
    QVERIFY(engine->connection().exec(u"INSERT INTO files (name, data) VALUES (?, ?)"_s,
                                      {u"big.bin"_s, big}));
    const auto md = orm::reflect(engine->connection());
    orm::Automap map(*md);
    orm::Session s(engine);
    auto row = s.query(*map.entity(u"files"_s)).firstEntity();
    QCOMPARE(row->value(2).toByteArray().size(), big.size());
    QCOMPARE(row->value(2).toByteArray(), big);
}

void tst_Reflection::hundredsOfTables()
{
    QStringList ddl;
    for (int i = 0; i < 300; ++i)
        ddl << u"CREATE TABLE t%1 (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES t%2(id), name TEXT)"_s
                   .arg(i)
                   .arg(qMax(0, i - 1));
    auto engine = makeDb(ddl, u"many.sqlite"_s);
    const auto md = orm::reflect(engine->connection());
    QVERIFY(md);
    QCOMPARE(md->tables().size(), 300);
    orm::Automap map(*md);
    QCOMPARE(map.entities().size(), 300);
}

void tst_Reflection::checkConstraintFailureNamesTheConstraint()
{
    auto engine = makeDb(
        {u"CREATE TABLE p (id INTEGER PRIMARY KEY, price REAL CONSTRAINT price_positive CHECK (price > 0))"_s});
    const auto md = orm::reflect(engine->connection());
    orm::Automap map(*md);
    orm::Session s(engine);
    auto row = map.entity(u"p"_s)->create();
    QVERIFY(row->setValue(u"price"_s, -3));
    s.add(row);
    QVERIFY(!s.commit());
    QCOMPARE(s.lastError().constraint(), orm::Error::Constraint::Check);
    QCOMPARE(s.lastError().constraintName(), u"price_positive"_s);
    // The reflected constraint tells which column it is about.
    QCOMPARE(md->table(u"p"_s)->checks().first().name, u"price_positive"_s);
    QVERIFY(s.hasPendingChanges()); // nothing lost
}

void tst_Reflection::untrustedFileRunsNothing()
{
    auto engine = makeDb({u"CREATE TABLE t (id INTEGER PRIMARY KEY)"_s});
    sqlite3 *db = static_cast<orm::sqlite::Connection &>(engine->connection()).handle();
    int defensive = -1, trusted = -1, extensions = -1;
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, -1, &defensive);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, -1, &trusted);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, -1, &extensions);
    QCOMPARE(defensive, 1);
    QCOMPARE(trusted, 0);
    QCOMPARE(extensions, 0);
    // Defensive mode refuses writes to the schema table.
    QVERIFY(!engine->connection().exec(u"PRAGMA writable_schema = ON"_s)
            || !engine->connection().exec(u"UPDATE sqlite_schema SET sql = 'x'"_s));
}

void tst_Reflection::lockedFileGivesBusy()
{
    auto engine =
        makeDb({u"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"_s}, u"locked.sqlite"_s);
    orm::ConnectionOptions quick;
    quick.busyTimeoutMs = 50;
    auto other = orm::Engine::create(engine->url(), quick);
    QVERIFY(engine->connection().begin());
    QVERIFY(engine->connection().exec(u"INSERT INTO t (v) VALUES ('held')"_s));
    const auto md = orm::reflect(other->connection());
    QVERIFY(md); // reading still works while another process writes
    orm::Automap map(*md);
    orm::Session s(other);
    auto row = map.entity(u"t"_s)->create();
    QVERIFY(row->setValue(u"v"_s, u"mine"_s));
    s.add(row);
    QVERIFY(!s.commit());
    QCOMPARE(s.lastError().kind(), orm::Error::Kind::Busy);
    QVERIFY(s.hasPendingChanges()); // the staged row waits for a retry
    QVERIFY(engine->connection().commit());
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
}

void tst_Reflection::aViewThatCannotBePreparedDoesNotStopTheRest()
{
    // A view calling a function SQLite does not know: SQLite stores it, and fails to prepare it.
    auto engine = makeDb({u"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)"_s,
                          u"CREATE VIEW shout AS SELECT no_such_fn(v) AS loud FROM t"_s,
                          u"CREATE VIEW plain AS SELECT v FROM t"_s},
                         u"brokenview.sqlite"_s);
    orm::Error error;
    const auto md = orm::reflect(engine->connection(), &error);
    QVERIFY2(md, qPrintable(error.text()));
    const orm::Table *shout = md->table(u"shout"_s);
    QVERIFY(shout);
    QCOMPARE(shout->error(), u"no such function: no_such_fn"_s);
    QVERIFY(shout->columns().isEmpty());
    QVERIFY(md->table(u"plain"_s)->error().isEmpty());
    QCOMPARE(md->table(u"plain"_s)->columns().size(), 1);
    orm::Automap map(*md);
    QVERIFY(map.entity(u"shout"_s)->isReadOnly());
    QVERIFY(map.entity(u"shout"_s)->readOnlyReason().contains(u"no such function"_s));
    QVERIFY(map.entity(u"t"_s) && !map.entity(u"t"_s)->isReadOnly());
}

void tst_Reflection::triggersAreListedAndOnesThatCannotRunSayWhy()
{
    auto engine = makeDb({u"CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w TEXT)"_s,
                          u"CREATE TABLE log (id INTEGER PRIMARY KEY, note TEXT)"_s,
                          u"CREATE TABLE u (id INTEGER PRIMARY KEY, v TEXT)"_s,
                          u"CREATE TRIGGER \"insert log\" AFTER INSERT ON t BEGIN "
                          "INSERT INTO log (note) VALUES ('delete ' || new.v); END"_s,
                          u"CREATE TRIGGER w_changed AFTER UPDATE OF w ON t BEGIN "
                          "SELECT no_such_fn(new.w); END"_s,
                          u"CREATE TRIGGER u_gone BEFORE DELETE ON u BEGIN SELECT 1; END"_s},
                         u"triggers.sqlite"_s);
    const auto triggers = orm::reflectTriggers(engine->connection());
    QVERIFY(triggers);
    QCOMPARE(triggers->size(), 3);
    // In table order, then by name: an INSERT trigger whose name and body say "delete",
    const orm::Trigger &logged = triggers->at(0);
    QCOMPARE(logged.name, u"insert log"_s);
    QCOMPARE(logged.table, u"t"_s);
    QCOMPARE(logged.event, u"INSERT"_s);
    QVERIFY(logged.sql.startsWith(u"CREATE TRIGGER \"insert log\""_s));
    QVERIFY(logged.error.isEmpty());
    // an UPDATE OF trigger that calls an unknown function (writes of t would fail),
    const orm::Trigger &broken = triggers->at(1);
    QCOMPARE(broken.event, u"UPDATE"_s);
    QCOMPARE(broken.error, u"no such function: no_such_fn"_s);
    QCOMPARE(triggers->at(2).event, u"DELETE"_s);
    QVERIFY(triggers->at(2).error.isEmpty());
    // and reflection puts them on their tables: t is read-only, u is not.
    const auto md = orm::reflect(engine->connection());
    QCOMPARE(md->table(u"t"_s)->triggers().size(), 2);
    QCOMPARE(md->table(u"u"_s)->triggers().size(), 1);
    orm::Automap map(*md);
    QVERIFY(map.entity(u"t"_s)->isReadOnly());
    QVERIFY2(map.entity(u"t"_s)->readOnlyReason().contains(u"w_changed: no such function"_s),
             qPrintable(map.entity(u"t"_s)->readOnlyReason()));
    QVERIFY(!map.entity(u"u"_s)->isReadOnly());
    // Nothing was written while checking: compiled, never run.
    QCOMPARE(engine->connection().select(u"SELECT count(*) FROM log"_s)->first().first(), 0);
}

void tst_Reflection::integrityCheckFindsDamageAndDanglingKeys()
{
    const QString path = m_dir.filePath(u"integrity.sqlite"_s);
    {
        auto engine =
            makeDb({u"CREATE TABLE parent (id INTEGER PRIMARY KEY, name TEXT)"_s,
                    u"CREATE TABLE child (code TEXT PRIMARY KEY, "
                    "parent_id INTEGER REFERENCES parent (id)) WITHOUT ROWID"_s,
                    u"CREATE TABLE item (id INTEGER PRIMARY KEY, "
                    "parent_id INTEGER REFERENCES parent (id), v TEXT UNIQUE)"_s,
                    u"INSERT INTO parent VALUES (1, 'one')"_s, u"PRAGMA foreign_keys = OFF"_s,
                    u"INSERT INTO item VALUES (1, 1, 'a'), (2, 7, 'b'), (3, 1, 'c')"_s},
                   u"integrity.sqlite"_s);
    }
    // A sound file: no findings, and one step per table and check, then the file's pages.
    {
        auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
        orm::IntegrityCheck check(engine->connection());
        QVERIFY(check.prepare());
        QCOMPARE(check.steps().size(), 3 * 2 + 1);
        QList<orm::IntegrityFinding> all;
        for (int i = 0; i < check.steps().size(); ++i) {
            const auto found = check.runStep(i);
            QVERIFY2(found, qPrintable(check.lastError().text()));
            all += *found;
        }
        // but for item 2, whose parent 7 does not exist.
        QCOMPARE(all.size(), 1);
        QCOMPARE(all.first().kind, orm::IntegrityFinding::Kind::ForeignKey);
        QCOMPARE(all.first().table, u"item"_s);
        QCOMPARE(all.first().rowid, 2);
        QCOMPARE(all.first().key, QVariant(qint64(2)));
        QCOMPARE(all.first().parent, u"parent"_s);
        QCOMPARE(all.first().columns, QStringList {u"parent_id"_s});
    }
    // Damage the unique index of item.v: the table's check says so.
    const auto index = orm::Engine::create(orm::DatabaseUrl::forFile(path), {})
                           ->connection()
                           .select(u"SELECT rootpage FROM sqlite_schema WHERE type = 'index' "
                                   "AND tbl_name = 'item'"_s);
    QVERIFY(index && !index->isEmpty());
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek((index->first().first().toLongLong() - 1) * 4096 + 8));
        QVERIFY(f.write(QByteArray(64, '\0')) == 64);
    }
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
    orm::IntegrityCheck check(engine->connection());
    QVERIFY(check.prepare());
    QList<orm::IntegrityFinding> damage;
    for (int i = 0; i < check.steps().size(); ++i) {
        const auto found = check.runStep(i);
        QVERIFY2(found, qPrintable(check.lastError().text()));
        for (const orm::IntegrityFinding &f : *found) {
            if (f.kind == orm::IntegrityFinding::Kind::Damage)
                damage << f;
        }
    }
    QVERIFY(!damage.isEmpty());
    QVERIFY(std::any_of(damage.begin(), damage.end(),
                        [](const orm::IntegrityFinding &f) { return f.table == u"item"; }));
}

QTEST_GUILESS_MAIN(tst_Reflection)
#include "tst_reflection.moc"
