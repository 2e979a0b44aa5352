// SPDX-License-Identifier: MIT
#include "migrationpairs.h"
#include "migrationtestsupport.h"

#include "orm/migrations/schemacheck.h"

#include <QTemporaryDir>

using namespace Qt::StringLiterals;
using Kind = orm::MigrationOp::Kind;

// Schema comparison and its operations carried out on SQLite (orm/migrate.h).
class tst_Migrate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyOperationRunsOnSqlite_data();
    void everyOperationRunsOnSqlite();
    void downgradeOfUpgradeGivesBackSchemaAndData_data();
    void downgradeOfUpgradeGivesBackSchemaAndData();
    void rebuildKeepsDataKeysIndexesAndTriggers();
    void rebuildKeepsAutoincrementAndItsSequence();
    void rebuildKeepsExpressionAndPartialIndexes();
    void rebuildKeepsCollationGeneratedColumnsDeferralAndDefaults();
    void rebuildKeepsTableOptionsKeyOrderChecksAndNames();
    void comparisonSeesLostCollationGenerationAndDeferral();
    void aGeneratedColumnTakesNoDefault();
    void clausesAreReadFromUnusualCreateTableText();
    void anIndexThatWouldBreakIsReportedAndNothingWritten();
    void modelsLeaveTheDatabasesViewsAndExpressionIndexes();
    void destructiveChangesAreRefusedWithCounts();
    void aTriggerThatWouldBreakIsReportedAndNothingWritten();
    void danglingForeignKeysRollBack();
    void renamesComeOnlyFromHints();
    void scriptsSplitWhereSqliteDoes();

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }
    QTemporaryDir m_dir;
};

namespace {

QList<QVariantList> rows(orm::Connection &c, const QString &sql)
{
    return c.select(sql).value_or(QList<QVariantList>());
}

// Every table's rows, by table, in key order: what a round trip must keep.
QHash<QString, QList<QVariantList>> allRows(orm::Connection &c)
{
    QHash<QString, QList<QVariantList>> out;
    for (
        const QVariantList &t : rows(
            c,
            u"SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"_s)) {
        const QString name = t.value(0).toString();
        out.insert(name, rows(c, u"SELECT * FROM \"%1\" ORDER BY 1"_s.arg(name)));
    }
    return out;
}

// The schema of the column and key properties a rebuild must keep (noteType: the type of the
// column the migrations change).
QStringList propertiesSchema(const QString &noteType)
{
    return {u"CREATE TABLE parent (id INTEGER PRIMARY KEY)"_s,
            u"CREATE TABLE child (id INTEGER PRIMARY KEY, "
            "pid INTEGER REFERENCES parent (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, "
            "name TEXT COLLATE NOCASE NOT NULL UNIQUE, qty INT CHECK (qty > 0), "
            "total INT GENERATED ALWAYS AS (qty * 2) VIRTUAL, "
            "tripled INT AS (qty * 3) STORED, "
            "tag TEXT DEFAULT (lower(hex(randomblob(2)))), "
            "note %1)"_s.arg(noteType)};
}

// What the properties of propertiesSchema() do, checked by behaviour on db's rows (a parent
// 1 and a child 1 'Abc' with qty 2).
void checkPropertiesBehave(orm::Connection &db)
{
    // NOCASE: a lookup in another case finds the row, and the unique column refuses a copy
    QCOMPARE(rows(db, u"SELECT id FROM child WHERE name = 'abc'"_s), (QList<QVariantList> {{1}}));
    QVERIFY(!db.exec(u"INSERT INTO child (id, pid, name, qty) VALUES (2, 1, 'ABC', 1)"_s));
    // Generated columns follow their input
    QVERIFY(db.exec(u"UPDATE child SET qty = 10 WHERE id = 1"_s));
    QCOMPARE(rows(db, u"SELECT total, tripled FROM child WHERE id = 1"_s),
             (QList<QVariantList> {{20, 30}}));
    QVERIFY(!db.exec(u"UPDATE child SET total = 1"_s));
    // The expression default fills a new row
    QVERIFY(db.exec(u"INSERT INTO child (id, pid, name, qty) VALUES (3, 1, 'x', 1)"_s));
    QCOMPARE(rows(db, u"SELECT length(tag) FROM child WHERE id = 3"_s),
             (QList<QVariantList> {{4}}));
    // CHECK still holds
    QVERIFY(!db.exec(u"INSERT INTO child (id, pid, name, qty) VALUES (4, 1, 'y', 0)"_s));
    // The deferred foreign key: a child may come before its parent within one transaction
    QVERIFY(db.begin(orm::Connection::TransactionMode::Immediate));
    QVERIFY2(db.exec(u"INSERT INTO child (id, pid, name, qty) VALUES (5, 7, 'z', 1)"_s),
             qPrintable(db.lastError().message()));
    QVERIFY(db.exec(u"INSERT INTO parent (id) VALUES (7)"_s));
    QVERIFY2(db.commit(), qPrintable(db.lastError().message()));
    // ON DELETE CASCADE
    QVERIFY(db.exec(u"DELETE FROM parent WHERE id = 7"_s));
    QCOMPARE(rows(db, u"SELECT count(*) FROM child WHERE id = 5"_s), (QList<QVariantList> {{0}}));
}

} // namespace

void tst_Migrate::everyOperationRunsOnSqlite_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    for (const MigrationPair &pair : migrationPairs()) {
        QTest::newRow(pair.name) << pair.before << pair.after;
        QTest::addRow("%s, backwards", pair.name) << pair.after << pair.before;
    }
}

void tst_Migrate::everyOperationRunsOnSqlite()
{
    // Given a database and a target schema that differ by one kind of change
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    auto db = makeDatabase(path(u"db.sqlite"_s), before);
    auto target = makeDatabase(path(u"target.sqlite"_s), after);
    QVERIFY(db && target);
    const QList<orm::MigrationOp> ops = orm::compareSchemas(reflected(*db), reflected(*target));
    QVERIFY(!ops.isEmpty());
    const auto usersBefore = rows(*db, u"SELECT id FROM users ORDER BY id"_s);

    // When the operations run (losses confirmed)
    orm::Migration migration(*db);
    QVERIFY2(migration.run(ops, orm::Migration::Destructive::Allow),
             qPrintable(migration.lastError().message() + u"\n"_s + migration.lastError().sql()));

    // Then the database has the target's schema, keeps its rows, and is consistent
    QCOMPARE(orm::compareSchemas(reflected(*db), reflected(*target)).size(), 0);
    QCOMPARE(rows(*db, u"SELECT id FROM users ORDER BY id"_s), usersBefore);
    QCOMPARE(rows(*db, u"PRAGMA foreign_key_check"_s).size(), 0);
    QCOMPARE(rows(*db, u"PRAGMA integrity_check"_s).value(0).value(0).toString(), u"ok"_s);
    QCOMPARE(rows(*db, u"PRAGMA foreign_keys"_s).value(0).value(0).toInt(), 1);
}

void tst_Migrate::downgradeOfUpgradeGivesBackSchemaAndData_data()
{
    QTest::addColumn<QStringList>("before");
    QTest::addColumn<QStringList>("after");
    for (const MigrationPair &pair : migrationPairs()) {
        QTest::newRow(pair.name) << pair.before << pair.after;
    }
}

void tst_Migrate::downgradeOfUpgradeGivesBackSchemaAndData()
{
    // Given a database with rows, and the upgrade / downgrade between its schema and another
    QFETCH(QStringList, before);
    QFETCH(QStringList, after);
    auto db = makeDatabase(path(u"db.sqlite"_s), before);
    auto target = makeDatabase(path(u"target.sqlite"_s), after);
    QVERIFY(db && target);
    const orm::MetaData original = reflected(*db);
    const auto upgrade = orm::compareSchemas(original, reflected(*target));
    const auto downgrade = orm::compareSchemas(reflected(*target), original);
    const auto data = allRows(*db);
    const bool losesData =
        std::any_of(upgrade.cbegin(), upgrade.cend(),
                    [](const orm::MigrationOp &op) { return op.isDestructive(); });

    // When it is upgraded, then downgraded
    orm::Migration migration(*db);
    QVERIFY2(migration.run(upgrade, orm::Migration::Destructive::Allow),
             qPrintable(migration.lastError().message()));
    QVERIFY2(migration.run(downgrade, orm::Migration::Destructive::Allow),
             qPrintable(migration.lastError().message()));

    // Then the schema is the one it had, and so are the rows unless the upgrade dropped some
    QCOMPARE(orm::compareSchemas(reflected(*db), original).size(), 0);
    if (!losesData) {
        QCOMPARE(allRows(*db), data);
    }
}

void tst_Migrate::rebuildKeepsDataKeysIndexesAndTriggers()
{
    // Given a parent and a child table with an index, a trigger, a view and rows
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, name VARCHAR(80), PRIMARY KEY (id))"_s,
         u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER, title VARCHAR(80), "
         "PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE)"_s,
         u"CREATE INDEX ix_posts_title ON posts (title)"_s, u"CREATE TABLE log (what TEXT)"_s,
         u"CREATE TRIGGER posts_log AFTER INSERT ON posts BEGIN "
         "INSERT INTO log (what) VALUES (new.title); END"_s,
         u"CREATE VIEW titles AS SELECT title FROM posts"_s,
         u"INSERT INTO users VALUES (1, 'ann'), (2, 'bob')"_s,
         u"INSERT INTO posts VALUES (1, 1, 'a'), (2, 2, 'b')"_s});
    QVERIFY(db);
    // When the parent's column type changes and the child gets a NOT NULL (two rebuilds)
    orm::MetaData target = reflected(*db);
    orm::MigrationOp widen;
    widen.kind = Kind::AlterColumn;
    widen.table = u"users"_s;
    widen.oldColumn = *target.table(u"users"_s)->column(u"name"_s);
    widen.column = widen.oldColumn;
    widen.column.type = orm::String(200);
    widen.changes = orm::MigrationOp::TypeChanged;
    orm::MigrationOp notNull;
    notNull.kind = Kind::AlterColumn;
    notNull.table = u"posts"_s;
    notNull.oldColumn = *target.table(u"posts"_s)->column(u"title"_s);
    notNull.column = notNull.oldColumn;
    notNull.column.nullable = false;
    notNull.changes = orm::MigrationOp::NullabilityChanged;
    orm::Migration migration(*db);
    QVERIFY2(migration.run({widen, notNull}, orm::Migration::Destructive::Refuse),
             qPrintable(migration.lastError().message()));

    // Then rows, the foreign key (with its action), the index, the trigger and the view remain
    const orm::MetaData now = reflected(*db);
    QCOMPARE(now.table(u"users"_s)->column(u"name"_s)->type, orm::String(200));
    QVERIFY(!now.table(u"posts"_s)->column(u"title"_s)->nullable);
    QCOMPARE(rows(*db, u"SELECT id, user_id, title FROM posts ORDER BY id"_s),
             (QList<QVariantList> {{1, 1, u"a"_s}, {2, 2, u"b"_s}}));
    QCOMPARE(now.table(u"posts"_s)->foreignKeys().size(), 1);
    QCOMPARE(now.table(u"posts"_s)->foreignKeys().first().onDelete,
             orm::ReferentialAction::Cascade);
    QCOMPARE(now.table(u"posts"_s)->indexes().size(), 1);
    QCOMPARE(now.table(u"posts"_s)->triggers().size(), 1);
    QVERIFY(db->exec(u"INSERT INTO posts VALUES (3, 1, 'c')"_s));
    QCOMPARE(rows(*db, u"SELECT what FROM log"_s),
             (QList<QVariantList> {{u"a"_s}, {u"b"_s}, {u"c"_s}}));
    QCOMPARE(rows(*db, u"SELECT count(*) FROM titles"_s).value(0).value(0).toInt(), 3);
    QVERIFY(db->exec(u"DELETE FROM users WHERE id = 1"_s)); // the cascade still runs
    QCOMPARE(rows(*db, u"SELECT count(*) FROM posts"_s).value(0).value(0).toInt(), 1);
    QVERIFY(!db->exec(u"INSERT INTO posts VALUES (9, 99, 'x')"_s)); // and is still enforced
}

void tst_Migrate::rebuildKeepsExpressionAndPartialIndexes()
{
    // Given a table with an index over an expression, a partial unique index and a view
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(80), active BOOLEAN, "
         "PRIMARY KEY (id))"_s,
         u"CREATE INDEX ix_users_lower_email ON users (lower(email))"_s,
         u"CREATE UNIQUE INDEX ix_users_active_email ON users (email) WHERE active"_s,
         u"CREATE VIEW actives AS SELECT email FROM users WHERE active"_s,
         u"INSERT INTO users VALUES (1, 'Ann@example.com', 1), (2, 'ann@example.com', 0)"_s});
    QVERIFY(db);
    const auto indexes = [&] {
        return rows(*db,
                    u"SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
                    "AND sql IS NOT NULL ORDER BY name"_s);
    };
    const auto before = indexes();
    QCOMPARE(before.size(), 2);

    // When a change of a column's type rebuilds the table
    orm::MigrationOp widen;
    widen.kind = Kind::AlterColumn;
    widen.table = u"users"_s;
    widen.oldColumn = *reflected(*db).table(u"users"_s)->column(u"email"_s);
    widen.column = widen.oldColumn;
    widen.column.type = orm::String(200);
    widen.changes = orm::MigrationOp::TypeChanged;
    orm::Migration migration(*db);
    QVERIFY2(migration.run({widen}, orm::Migration::Destructive::Refuse),
             qPrintable(migration.lastError().message()));

    // Then both indexes are there as they were written, the partial one still holds only where
    // its condition does, and the view reads the rows
    QCOMPARE(reflected(*db).table(u"users"_s)->column(u"email"_s)->type, orm::String(200));
    QCOMPARE(indexes(), before);
    QVERIFY(!db->exec(u"INSERT INTO users VALUES (3, 'Ann@example.com', 1)"_s));
    QVERIFY(db->exec(u"INSERT INTO users VALUES (3, 'Ann@example.com', 0)"_s));
    QCOMPARE(rows(*db, u"SELECT email FROM actives"_s),
             (QList<QVariantList> {{u"Ann@example.com"_s}}));
    QCOMPARE(orm::compareSchemas(reflected(*db), reflected(*db)).size(), 0);
}

void tst_Migrate::rebuildKeepsCollationGeneratedColumnsDeferralAndDefaults()
{
    // Given a table with a NOCASE unique column, generated columns (virtual and stored), a
    // deferred foreign key with an action, a CHECK and an expression default, with a row
    auto db = makeDatabase(path(u"db.sqlite"_s),
                           propertiesSchema(u"VARCHAR(10)"_s)
                               + QStringList {u"INSERT INTO parent VALUES (1)"_s,
                                              u"INSERT INTO child (id, pid, name, qty) "
                                              "VALUES (1, 1, 'Abc', 2)"_s});
    auto target = makeDatabase(path(u"target.sqlite"_s), propertiesSchema(u"VARCHAR(20)"_s));
    QVERIFY(db && target);
    const QStringList columnsBefore = [&] {
        QStringList names;
        for (const QVariantList &r : rows(*db, u"SELECT name FROM pragma_table_xinfo('child')"_s))
            names << r.value(0).toString();
        return names;
    }();

    // When the comparison with a schema that differs by one column's type runs (a rebuild)
    const auto ops = orm::compareSchemas(reflected(*db), reflected(*target));
    QCOMPARE(ops.size(), 1);
    QCOMPARE(ops.first().changes, int(orm::MigrationOp::TypeChanged));
    orm::Migration migration(*db);
    QVERIFY2(migration.run(ops, orm::Migration::Destructive::Refuse),
             qPrintable(migration.lastError().message() + u"\n"_s + migration.lastError().sql()));

    // Then the table is the target's, its columns in their order, its generated values
    // computed, and every property behaves as before
    QCOMPARE(orm::compareSchemas(reflected(*db), reflected(*target)).size(), 0);
    QStringList columnsAfter;
    for (const QVariantList &r : rows(*db, u"SELECT name FROM pragma_table_xinfo('child')"_s))
        columnsAfter << r.value(0).toString();
    QCOMPARE(columnsAfter, columnsBefore);
    QCOMPARE(rows(*db, u"SELECT total, tripled FROM child"_s), (QList<QVariantList> {{4, 6}}));
    checkPropertiesBehave(*db);
}

void tst_Migrate::rebuildKeepsTableOptionsKeyOrderChecksAndNames()
{
    // Given a STRICT WITHOUT ROWID table with a composite key declared in another order than
    // its columns, checks on a column and on the table, a REAL and an ANY column, names in
    // mixed case, and a child whose foreign key names no columns (the parent's key)
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE \"Stock Item\" (\"Shelf\" TEXT NOT NULL, \"binNo\" INTEGER NOT NULL, "
         "\"Label\" TEXT CHECK (\"Label\" <> 'bad'), weight REAL, extra ANY, "
         "CHECK (length(\"Shelf\") > 0), PRIMARY KEY (\"binNo\", \"Shelf\")) "
         "WITHOUT ROWID, STRICT"_s,
         u"CREATE TABLE pick (id INTEGER PRIMARY KEY, b INTEGER, s TEXT, "
         "FOREIGN KEY (b, s) REFERENCES \"Stock Item\" ON UPDATE CASCADE)"_s,
         u"INSERT INTO \"Stock Item\" VALUES ('A', 1, 'x', 1.5, 'any'), ('B', 2, 'y', 2.5, 3)"_s,
         u"INSERT INTO pick VALUES (1, 2, 'B')"_s});
    QVERIFY(db);
    const auto keyIndex = [&] {
        return rows(*db,
                    u"SELECT name FROM pragma_index_info("
                    "(SELECT name FROM pragma_index_list('Stock Item') WHERE origin = 'pk'))"_s);
    };
    QCOMPARE(keyIndex(), (QList<QVariantList> {{u"binNo"_s}, {u"Shelf"_s}}));
    const orm::MetaData before = reflected(*db);
    QVERIFY(before.table(u"Stock Item"_s)->isStrict());

    // When a change of one column rebuilds each table (as the schema editor stages it)
    orm::MigrationOp notNull;
    notNull.kind = Kind::AlterColumn;
    notNull.table = u"Stock Item"_s;
    notNull.oldColumn = *before.table(u"Stock Item"_s)->column(u"Label"_s);
    notNull.column = notNull.oldColumn;
    notNull.column.nullable = false;
    notNull.column.serverDefault = u"'none'"_s;
    notNull.changes = orm::MigrationOp::NullabilityChanged | orm::MigrationOp::DefaultChanged;
    orm::MigrationOp widen;
    widen.kind = Kind::AlterColumn;
    widen.table = u"pick"_s;
    widen.oldColumn = *before.table(u"pick"_s)->column(u"s"_s);
    widen.column = widen.oldColumn;
    widen.column.type = orm::String(40);
    widen.changes = orm::MigrationOp::TypeChanged;
    orm::Migration migration(*db);
    QVERIFY2(migration.run({notNull, widen}, orm::Migration::Destructive::Refuse),
             qPrintable(migration.lastError().message() + u"\n"_s + migration.lastError().sql()));

    // Then the table is still STRICT and WITHOUT ROWID, its key in its order, its checks and
    // names as they were, and the child's foreign key still goes to the same columns
    const QString sql = rows(*db, u"SELECT sql FROM sqlite_schema WHERE name = 'Stock Item'"_s)
                            .value(0)
                            .value(0)
                            .toString();
    QVERIFY2(sql.contains(u"WITHOUT ROWID, STRICT"_s), qPrintable(sql));
    QCOMPARE(keyIndex(), (QList<QVariantList> {{u"binNo"_s}, {u"Shelf"_s}}));
    QVERIFY(!db->exec(u"INSERT INTO \"Stock Item\" VALUES ('C', 3, 'x', 'heavy', NULL)"_s));
    QVERIFY(!db->exec(u"INSERT INTO \"Stock Item\" VALUES ('C', 3, 'bad', 1, NULL)"_s));
    QVERIFY(!db->exec(u"INSERT INTO \"Stock Item\" VALUES ('', 3, 'x', 1, NULL)"_s));
    QVERIFY(db->exec(u"INSERT INTO \"Stock Item\" (\"Shelf\", \"binNo\") VALUES ('C', 3)"_s));
    QCOMPARE(rows(*db, u"SELECT \"Label\", typeof(extra) FROM \"Stock Item\" ORDER BY 1"_s),
             (QList<QVariantList> {
                 {u"none"_s, u"null"_s}, {u"x"_s, u"text"_s}, {u"y"_s, u"integer"_s}}));
    QVERIFY(db->exec(u"UPDATE \"Stock Item\" SET \"Shelf\" = 'Z' WHERE \"binNo\" = 2"_s));
    QCOMPARE(rows(*db, u"SELECT b, s FROM pick"_s), (QList<QVariantList> {{2, u"Z"_s}}));
    QVERIFY(!db->exec(u"INSERT INTO pick VALUES (2, 1, 'B')"_s));
    QVERIFY(db->exec(u"INSERT INTO pick VALUES (2, 1, 'A')"_s));
    const orm::MetaData after = reflected(*db);
    QCOMPARE(after.table(u"pick"_s)->foreignKeys().value(0).referredColumns,
             (QStringList {u"binNo"_s, u"Shelf"_s}));
    QCOMPARE(after.table(u"Stock Item"_s)->checks().size(), 2);
    QCOMPARE(orm::compareSchemas(after, before).size(), 2); // the two changes made, back
}

void tst_Migrate::comparisonSeesLostCollationGenerationAndDeferral()
{
    // Given a table that lost its properties (NOCASE, generated columns, a deferred foreign
    // key), and the schema it should have
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE parent (id INTEGER PRIMARY KEY)"_s,
         u"CREATE TABLE child (id INTEGER PRIMARY KEY, "
         "pid INTEGER REFERENCES parent (id) ON DELETE CASCADE, "
         "name TEXT NOT NULL UNIQUE, qty INT CHECK (qty > 0), total INT, tripled INT, "
         "tag TEXT DEFAULT (lower(hex(randomblob(2)))), note VARCHAR(20))"_s,
         u"INSERT INTO parent VALUES (1)"_s,
         u"INSERT INTO child (id, pid, name, qty, total, tripled) VALUES (1, 1, 'Abc', 2, 4, 6)"_s});
    auto target = makeDatabase(path(u"target.sqlite"_s), propertiesSchema(u"VARCHAR(20)"_s));
    QVERIFY(db && target);

    // When they are compared
    const auto ops = orm::compareSchemas(reflected(*db), reflected(*target));

    // Then each lost property is a change, and models (which declare none of them) see none
    QStringList found;
    for (const orm::MigrationOp &op : ops)
        found << op.description();
    found.sort();
    QCOMPARE(found,
             (QStringList {
                 u"add foreign key child (pid) -> parent (id)"_s,
                 u"alter column child.name: collation none -> NOCASE"_s,
                 u"alter column child.total: not generated -> generated as (qty * 2) virtual"_s,
                 u"alter column child.tripled: not generated -> generated as (qty * 3) stored"_s,
                 u"drop foreign key child (pid) -> parent (id)"_s}));
    orm::CompareOptions asModels;
    asModels.target = orm::CompareOptions::Target::Models;
    QCOMPARE(orm::compareSchemas(reflected(*db), reflected(*target), asModels).size(), 0);

    // And making a column generated is refused without confirmation, with what it replaces
    orm::Migration migration(*db);
    QVERIFY(!migration.run(ops, orm::Migration::Destructive::Refuse));
    QVERIFY2(migration.lastError().message().contains(u"1 value(s) replaced by the generated"_s),
             qPrintable(migration.lastError().message()));

    // And once confirmed, the table has them all again, and they behave
    QVERIFY2(migration.run(ops, orm::Migration::Destructive::Allow),
             qPrintable(migration.lastError().message() + u"\n"_s + migration.lastError().sql()));
    QCOMPARE(orm::compareSchemas(reflected(*db), reflected(*target)).size(), 0);
    checkPropertiesBehave(*db);
}

void tst_Migrate::aGeneratedColumnTakesNoDefault()
{
    // Given a table with a generated column
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE t (id INTEGER PRIMARY KEY, qty INT, total INT AS (qty * 2))"_s});
    QVERIFY(db);
    const orm::MetaData current = orm::normalizedSchema(reflected(*db));
    QVERIFY(current.table(u"t"_s)->column(u"total"_s)->isGenerated());

    // When a default is given to it (as the schema editor stages a change)
    orm::MigrationOp op;
    op.kind = Kind::AlterColumn;
    op.table = u"t"_s;
    op.oldColumn = *current.table(u"t"_s)->column(u"total"_s);
    op.column = op.oldColumn;
    op.column.serverDefault = u"0"_s;
    op.changes = orm::MigrationOp::DefaultChanged;
    const auto problems = orm::checkOperations(*db, current, {op});

    // Then it is a problem on that column, found before anything runs
    QVERIFY(problems);
    QCOMPARE(problems->size(), 1);
    QCOMPARE(problems->first().column, u"total"_s);
    QVERIFY2(problems->first().message.contains(u"generated"_s),
             qPrintable(problems->first().message));
}

void tst_Migrate::clausesAreReadFromUnusualCreateTableText()
{
    // Given a CREATE TABLE with comments, every kind of quoting, commas and keywords inside
    // names, literals and parentheses, and named, composite and NOT DEFERRABLE foreign keys
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE parent2 (x INT, y INT, UNIQUE (x, y), UNIQUE (y))"_s,
         u"CREATE TABLE [odd table] (\n"
         "  -- a comment, with a comma and COLLATE NOCASE\n"
         "  `a``b` TEXT COLLATE RTRIM /* COLLATE NOCASE, */,\n"
         "  \"c,d\" INT GENERATED ALWAYS AS (length(\"a`b\") + 1) STORED,\n"
         "  e TEXT CHECK (e COLLATE NOCASE <> 'x') DEFAULT 'it''s, (odd) AS (1)',\n"
         "  f INT, g INT,\n"
         "  CONSTRAINT \"fk one\" FOREIGN KEY (f, g) REFERENCES parent2 (x, y) "
         "DEFERRABLE INITIALLY DEFERRED,\n"
         "  FOREIGN KEY (g) REFERENCES \"parent2\" (y) NOT DEFERRABLE INITIALLY DEFERRED\n"
         ")"_s,
         u"INSERT INTO [odd table] (`a``b`, e) VALUES ('q  ', 'ok')"_s});
    QVERIFY(db);

    // When it is reflected, then rebuilt by a change of another column
    const auto check = [&](const orm::MetaData &md) {
        const orm::Table *t = md.table(u"odd table"_s);
        QVERIFY(t);
        QCOMPARE(t->column(u"a`b"_s)->collation, u"RTRIM"_s);
        QCOMPARE(t->column(u"c,d"_s)->generated, orm::Column::Generated::Stored);
        QCOMPARE(t->column(u"c,d"_s)->generatedExpression, u"length(\"a`b\") + 1"_s);
        QCOMPARE(t->column(u"e"_s)->collation, QString());
        QCOMPARE(t->column(u"e"_s)->serverDefault, u"'it''s, (odd) AS (1)'"_s);
        QCOMPARE(t->foreignKeys().size(), 2);
        for (const orm::ForeignKey &fk : t->foreignKeys()) {
            QCOMPARE(fk.deferrable,
                     fk.columns.size() == 2 ? orm::ForeignKey::Deferrable::InitiallyDeferred
                                            : orm::ForeignKey::Deferrable::No);
        }
    };
    const orm::MetaData before = reflected(*db);
    check(before);
    orm::MigrationOp widen;
    widen.kind = Kind::AlterColumn;
    widen.table = u"odd table"_s;
    widen.oldColumn = *before.table(u"odd table"_s)->column(u"f"_s);
    widen.column = widen.oldColumn;
    widen.column.type = orm::BigInteger;
    widen.changes = orm::MigrationOp::TypeChanged;
    orm::Migration migration(*db);
    QVERIFY2(migration.run({widen}, orm::Migration::Destructive::Refuse),
             qPrintable(migration.lastError().message() + u"\n"_s + migration.lastError().sql()));

    // Then each clause is read as written, and the rebuilt table has them all
    const orm::MetaData after = reflected(*db);
    check(after);
    QCOMPARE(orm::compareSchemas(after, before).size(), 1);
    QCOMPARE(rows(*db, u"SELECT \"c,d\" FROM [odd table] WHERE `a``b` = 'q'"_s),
             (QList<QVariantList> {{4}}));
}

void tst_Migrate::anIndexThatWouldBreakIsReportedAndNothingWritten()
{
    // Given an index over an expression on a column
    auto db =
        makeDatabase(path(u"db.sqlite"_s),
                     {u"CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(80), nick TEXT, "
                      "PRIMARY KEY (id))"_s,
                      u"CREATE INDEX ix_users_lower_email ON users (lower(email))"_s,
                      u"INSERT INTO users VALUES (1, 'ann@example.com', 'a')"_s});
    QVERIFY(db);

    // When the column is dropped
    orm::MigrationOp drop;
    drop.kind = Kind::DropColumn;
    drop.table = u"users"_s;
    drop.column = *reflected(*db).table(u"users"_s)->column(u"email"_s);
    orm::Migration migration(*db);
    QVERIFY(!migration.run({drop}, orm::Migration::Destructive::Allow));

    // Then the index is named, and the column and the index are still there
    const QString message = migration.lastError().message();
    QVERIFY2(message.contains(u"break index ix_users_lower_email"_s), qPrintable(message));
    QCOMPARE(rows(*db, u"SELECT email FROM users"_s),
             (QList<QVariantList> {{u"ann@example.com"_s}}));
    QCOMPARE(reflected(*db).table(u"users"_s)->expressionIndexes().size(), 1);
}

void tst_Migrate::modelsLeaveTheDatabasesViewsAndExpressionIndexes()
{
    // Given a database with a view and an index over an expression, and models of its tables
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(80), PRIMARY KEY (id))"_s,
         u"CREATE INDEX ix_users_lower_email ON users (lower(email))"_s,
         u"CREATE VIEW emails AS SELECT email FROM users"_s});
    auto models = makeDatabase(
        path(u"models.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, email VARCHAR(80), PRIMARY KEY (id))"_s});
    QVERIFY(db && models);

    // When they are compared as models, then nothing differs; as another database, both go
    orm::CompareOptions asModels;
    asModels.target = orm::CompareOptions::Target::Models;
    QCOMPARE(orm::compareSchemas(reflected(*db), reflected(*models), asModels).size(), 0);
    QStringList found;
    for (const orm::MigrationOp &op : orm::compareSchemas(reflected(*db), reflected(*models))) {
        found << op.description();
    }
    QCOMPARE(found,
             (QStringList {u"drop view emails"_s, u"drop index ix_users_lower_email on users"_s}));
}

void tst_Migrate::rebuildKeepsAutoincrementAndItsSequence()
{
    // Given an AUTOINCREMENT table whose highest rows were deleted, and a plain table
    auto db = makeDatabase(
        path(u"autoincrement.sqlite"_s),
        {u"CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR(20))"_s,
         u"CREATE TABLE \"autoincrement\" (id INTEGER PRIMARY KEY, note TEXT DEFAULT 'AUTOINCREMENT')"_s,
         u"INSERT INTO items (name) VALUES ('a'), ('b'), ('c'), ('d')"_s,
         u"DELETE FROM items WHERE id > 2"_s});
    QVERIFY(db);
    const orm::MetaData before = reflected(*db);
    QVERIFY(before.table(u"items"_s)->isSqliteAutoincrement());
    QVERIFY(!before.table(u"autoincrement"_s)->isSqliteAutoincrement());

    // When a column change rebuilds it
    orm::MigrationOp widen;
    widen.kind = Kind::AlterColumn;
    widen.table = u"items"_s;
    widen.oldColumn = *before.table(u"items"_s)->column(u"name"_s);
    widen.column = widen.oldColumn;
    widen.column.type = orm::String(80);
    widen.changes = orm::MigrationOp::TypeChanged;
    orm::Migration migration(*db);
    QVERIFY2(migration.run({widen}, orm::Migration::Destructive::Refuse),
             qPrintable(migration.lastError().message()));

    // Then it is still AUTOINCREMENT, a new row does not take a deleted row's key, and the
    // comparison with the table before sees only the type
    const orm::MetaData after = reflected(*db);
    QCOMPARE(after.table(u"items"_s)->column(u"name"_s)->type, orm::String(80));
    QVERIFY(after.table(u"items"_s)->isSqliteAutoincrement());
    QVERIFY(db->exec(u"INSERT INTO items (name) VALUES ('e')"_s));
    QCOMPARE(rows(*db, u"SELECT id, name FROM items ORDER BY id"_s),
             (QList<QVariantList> {{1, u"a"_s}, {2, u"b"_s}, {5, u"e"_s}}));
    const auto ops = orm::compareSchemas(after, before);
    QCOMPARE(ops.size(), 1);
    QCOMPARE(ops.first().changes, int(orm::MigrationOp::TypeChanged));
}

void tst_Migrate::destructiveChangesAreRefusedWithCounts()
{
    // Given a database with rows
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(80), email VARCHAR(120), PRIMARY KEY (id))"_s,
         u"CREATE TABLE notes (id INTEGER NOT NULL, body TEXT, PRIMARY KEY (id))"_s,
         u"INSERT INTO users VALUES (1, 'ann', 'ann@example.com'), (2, 'bob', NULL), (3, NULL, 'a-very-long-address@example.com')"_s,
         u"INSERT INTO notes VALUES (1, 'x'), (2, 'y')"_s});
    auto target = makeDatabase(
        path(u"target.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(80) NOT NULL, email VARCHAR(20), PRIMARY KEY (id))"_s});
    QVERIFY(db && target);
    const auto ops = orm::compareSchemas(reflected(*db), reflected(*target));

    // When the change runs without confirmation
    orm::Migration migration(*db);
    QVERIFY(!migration.run(ops, orm::Migration::Destructive::Refuse));

    // Then it is refused, with what would be lost, and nothing is written
    const QString message = migration.lastError().message();
    QVERIFY2(message.contains(u"drop table notes: 2 row(s) deleted"_s), qPrintable(message));
    QVERIFY2(
        message.contains(
            u"alter column users.email: type VARCHAR(120) -> VARCHAR(20): 1 value(s) do not fit"_s),
        qPrintable(message));
    QVERIFY2(message.contains(
                 u"alter column users.username: NOT NULL: 1 NULL value(s) under NOT NULL"_s),
             qPrintable(message));
    QCOMPARE(rows(*db, u"SELECT count(*) FROM notes"_s).value(0).value(0).toInt(), 2);
    QCOMPARE(
        orm::compareSchemas(reflected(*db), reflected(*makeDatabase(path(u"copy.sqlite"_s), {})))
            .size(),
        2);
}

void tst_Migrate::aTriggerThatWouldBreakIsReportedAndNothingWritten()
{
    // Given a trigger that uses a column
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, name TEXT, nick TEXT, PRIMARY KEY (id))"_s,
         u"CREATE TABLE log (what TEXT)"_s,
         u"CREATE TRIGGER users_log AFTER UPDATE ON users BEGIN "
         "INSERT INTO log (what) VALUES (new.nick); END"_s,
         u"CREATE VIEW nicks AS SELECT nick FROM users"_s,
         u"INSERT INTO users VALUES (1, 'ann', 'a')"_s});
    QVERIFY(db);
    // When the column is dropped
    orm::MigrationOp drop;
    drop.kind = Kind::DropColumn;
    drop.table = u"users"_s;
    drop.column = *reflected(*db).table(u"users"_s)->column(u"nick"_s);
    orm::Migration migration(*db);
    QVERIFY(!migration.run({drop}, orm::Migration::Destructive::Allow));

    // Then the trigger and the view are named, and the column is still there
    const QString message = migration.lastError().message();
    QVERIFY2(message.contains(u"trigger users_log"_s) && message.contains(u"view nicks"_s),
             qPrintable(message));
    QCOMPARE(rows(*db, u"SELECT nick FROM users"_s), (QList<QVariantList> {{u"a"_s}}));
    QCOMPARE(rows(*db, u"PRAGMA foreign_keys"_s).value(0).value(0).toInt(), 1);
}

void tst_Migrate::danglingForeignKeysRollBack()
{
    // Given child rows that refer to no parent, in a file written without foreign keys
    auto db = makeDatabase(
        path(u"db.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))"_s,
         u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER, PRIMARY KEY (id))"_s,
         u"INSERT INTO posts VALUES (1, 42)"_s});
    auto target = makeDatabase(
        path(u"target.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, PRIMARY KEY (id))"_s,
         u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id))"_s});
    QVERIFY(db && target);
    // When the foreign key is added
    orm::Migration migration(*db);
    QVERIFY(!migration.run(orm::compareSchemas(reflected(*db), reflected(*target)),
                           orm::Migration::Destructive::Refuse));
    // Then the check refuses it and nothing changed
    QCOMPARE(migration.lastError().constraint(), orm::Error::Constraint::ForeignKey);
    QCOMPARE(reflected(*db).table(u"posts"_s)->foreignKeys().size(), 0);
}

void tst_Migrate::renamesComeOnlyFromHints()
{
    // Given a column and a table that another schema names differently
    auto db =
        makeDatabase(path(u"db.sqlite"_s),
                     {u"CREATE TABLE people (id INTEGER NOT NULL, nick TEXT, PRIMARY KEY (id))"_s,
                      u"INSERT INTO people VALUES (1, 'ann')"_s});
    auto target = makeDatabase(
        path(u"target.sqlite"_s),
        {u"CREATE TABLE users (id INTEGER NOT NULL, username TEXT, PRIMARY KEY (id))"_s});
    QVERIFY(db && target);

    // Then without hints it is a drop and an add, which loses data
    const auto guessed = orm::compareSchemas(reflected(*db), reflected(*target));
    QCOMPARE(guessed.size(), 2);
    QVERIFY(guessed.at(1).isDestructive());

    // And with hints, renames that keep the rows
    orm::CompareOptions options;
    options.renames = {*orm::RenameHint::parse(u"people:users"_s),
                       *orm::RenameHint::parse(u"users.nick:username"_s)};
    const auto hinted = orm::compareSchemas(reflected(*db), reflected(*target), options);
    QCOMPARE(hinted.size(), 2);
    QCOMPARE(hinted.at(0).kind, Kind::RenameTable);
    QCOMPARE(hinted.at(1).kind, Kind::RenameColumn);
    orm::Migration migration(*db);
    QVERIFY2(migration.run(hinted, orm::Migration::Destructive::Refuse),
             qPrintable(migration.lastError().message()));
    QCOMPARE(rows(*db, u"SELECT username FROM users"_s), (QList<QVariantList> {{u"ann"_s}}));
}

void tst_Migrate::scriptsSplitWhereSqliteDoes()
{
    const QStringList statements = orm::splitSqlStatements(
        u"-- a comment\nCREATE TABLE a (x TEXT DEFAULT ';');\n"
        "CREATE TRIGGER t AFTER INSERT ON a BEGIN\n  INSERT INTO a VALUES ('y');\nEND;\n"
        "DROP TABLE b;"_s);
    QCOMPARE(statements.size(), 3);
    QVERIFY(statements.at(1).endsWith(u"END"_s));
}

QTEST_GUILESS_MAIN(tst_Migrate)
#include "tst_migrate.moc"
