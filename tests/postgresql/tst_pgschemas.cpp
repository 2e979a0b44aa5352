// SPDX-License-Identifier: MIT
// Tables of the same name in two schemas of one server database: reflected and automapped
// apart (the URL's search_path names the default schema), then queried, inserted, updated and
// deleted through the session and through relationships that cross schemas; names with quotes
// and mixed case in both the schema and the table.

#include "orm/engine/engine.h"
#include "orm/mapping/automap.h"
#include "orm/mapping/related.h"
#include "orm/mapping/relationship.h"
#include "orm/migrations/migrate.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "ormverify.h"
#include "testserver.h"

#include <QUrl>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {

// A column made by hand: its name and type, and whether it is the table's key (an integer
// one the database assigns).
orm::Column makeColumn(const QString &name, const orm::TypeSpec &type, bool key = false)
{
    orm::Column c;
    c.name = name;
    c.type = type;
    c.primaryKey = key;
    c.autoincrement = key;
    return c;
}

} // namespace

class TestPgSchemas : public QObject
{
    Q_OBJECT

private:
    QString m_url; // the suite's database, with search_path a
    std::shared_ptr<orm::Engine> m_engine;

    QVariant readBack(const QString &sql)
    {
        const auto rows = m_engine->connection().select(sql);
        return rows && !rows->isEmpty() ? rows->first().value(0) : QVariant();
    }

    const orm::EntityMeta &entity(const orm::Automap &map, const QString &name)
    {
        const orm::EntityMeta *meta = map.entity(name);
        if (!meta)
            qFatal("no entity %s", qPrintable(name));
        return *meta;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString serverUrl = testserver::socketUrl();
        QVERIFY2(!serverUrl.isEmpty(), "no test cluster (ROWSMITH_TEST_POSTGRESQL)");
        {
            auto admin = orm::Engine::create(serverUrl);
            QVERIFY(admin);
            ORM_VERIFY(admin->connection().exec(u"DROP DATABASE IF EXISTS rowsmith_schemas"_s),
                       admin->connection());
            ORM_VERIFY(admin->connection().exec(u"CREATE DATABASE rowsmith_schemas"_s),
                       admin->connection());
        }
        m_url = QString(serverUrl).replace(u"/rowsmith_test?"_s, u"/rowsmith_schemas?"_s)
            + u"&options="_s + QString::fromLatin1(QUrl::toPercentEncoding(u"-csearch_path=a"_s));
        orm::Error error;
        m_engine = orm::Engine::create(m_url, &error);
        QVERIFY2(m_engine, qPrintable(error.text()));
        const char *ddl[] = {
            "CREATE SCHEMA a",
            "CREATE SCHEMA b",
            "CREATE SCHEMA \"Mixed \"\"Q\"\" Schema\"",
            "CREATE TABLE a.item (id SERIAL PRIMARY KEY, name TEXT NOT NULL)",
            "CREATE TABLE b.item (id SERIAL PRIMARY KEY, label TEXT NOT NULL)",
            "CREATE TABLE b.tag (id SERIAL PRIMARY KEY, word TEXT NOT NULL)",
            "CREATE TABLE a.x (id SERIAL PRIMARY KEY, note TEXT, "
            "item_id INTEGER REFERENCES b.item (id))",
            "CREATE TABLE a.x_tag (x_id INTEGER NOT NULL REFERENCES a.x (id) ON DELETE CASCADE, "
            "tag_id INTEGER NOT NULL REFERENCES b.tag (id) ON DELETE CASCADE, "
            "PRIMARY KEY (x_id, tag_id))",
            "CREATE TABLE \"Mixed \"\"Q\"\" Schema\".\"Odd \"\"Table\"\"\" "
            "(id SERIAL PRIMARY KEY, \"Val\" TEXT)",
            "CREATE TABLE \"Mixed \"\"Q\"\" Schema\".\"Child\" (id SERIAL PRIMARY KEY, "
            "odd_id INTEGER REFERENCES \"Mixed \"\"Q\"\" Schema\".\"Odd \"\"Table\"\"\" (id))",
            "INSERT INTO a.item (name) VALUES ('a-one')",
            "INSERT INTO b.item (label) VALUES ('b-one'), ('b-two')",
            "INSERT INTO b.tag (word) VALUES ('red'), ('blue')",
            "INSERT INTO a.x (note, item_id) VALUES ('first', 2)",
            "INSERT INTO \"Mixed \"\"Q\"\" Schema\".\"Odd \"\"Table\"\"\" (\"Val\") VALUES ('v1')",
        };
        for (const char *sql : ddl)
            ORM_VERIFY(m_engine->connection().exec(QString::fromUtf8(sql)), m_engine->connection());
    }

    void cleanupTestCase()
    {
        m_engine.reset();
        if (auto admin = orm::Engine::create(testserver::socketUrl()))
            (void)admin->connection().exec(u"DROP DATABASE IF EXISTS rowsmith_schemas"_s);
    }

    void reflectsTheUrlsSchemaAndTheTablesItRefersTo()
    {
        orm::Error error;
        const auto md = m_engine->connection().reflect(QString(), &error);
        QVERIFY2(md, qPrintable(error.text()));
        // The default schema's tables unqualified; b's, which a's foreign keys refer to, by
        // their qualified names.
        const orm::Table *own = md->table(u"item"_s);
        QVERIFY(own);
        QVERIFY(own->schema().isEmpty());
        QVERIFY(own->column(u"name"_s));
        const orm::Table *other = md->table(u"b.item"_s);
        QVERIFY(other);
        QCOMPARE(other->schema(), u"b"_s);
        QCOMPARE(other->name(), u"item"_s);
        QVERIFY(other->column(u"label"_s));
        QVERIFY(md->table(u"b.tag"_s));
        const orm::Table *x = md->table(u"x"_s);
        QVERIFY(x);
        QCOMPARE(x->foreignKeys().size(), 1);
        QCOMPARE(x->foreignKeys().first().referredTable, u"b.item"_s);
        QCOMPARE(x->foreignKeys().first().referredSchema, u"b"_s);
        QVERIFY(!md->table(u"Child"_s)); // another schema nothing here refers to

        // A schema asked for by name, other than the default: its tables are qualified.
        const auto bOnly = m_engine->connection().reflect(u"b"_s, &error);
        QVERIFY2(bOnly, qPrintable(error.text()));
        QVERIFY(bOnly->table(u"b.item"_s));
        QVERIFY(!bOnly->table(u"item"_s));
    }

    void automapKeepsThemApart()
    {
        const auto md = m_engine->connection().reflect();
        QVERIFY(md);
        const orm::Automap map(*md);
        const orm::EntityMeta &own = entity(map, u"item"_s);
        const orm::EntityMeta &other = entity(map, u"b.item"_s);
        QVERIFY(&own != &other);
        QCOMPARE(other.schema(), u"b"_s);
        QCOMPARE(other.displayName(), u"Item (b)"_s);
        const orm::RelationshipMeta *item = entity(map, u"x"_s).relationship(u"item"_s);
        QVERIFY(item);
        QCOMPARE(&item->target(), &other);
        QVERIFY(other.relationship(u"xes"_s));
        QVERIFY(!own.relationship(u"xes"_s));
        QCOMPARE(map.associationTables(), QStringList {u"x_tag"_s});
    }

    void queriesAndWritesThroughTheSession()
    {
        const auto md = m_engine->connection().reflect();
        QVERIFY(md);
        const orm::Automap map(*md);
        const orm::EntityMeta &own = entity(map, u"item"_s);
        const orm::EntityMeta &other = entity(map, u"b.item"_s);
        orm::Session s(m_engine);
        const auto ownRows = s.query(own).allEntities();
        QCOMPARE(ownRows.size(), size_t(1));
        QCOMPARE(ownRows.front()->value(u"name"_s).toString(), u"a-one"_s);
        const auto otherRows = s.query(other).filterBy(u"label"_s, u"b-two"_s).allEntities();
        QCOMPARE(otherRows.size(), size_t(1));
        QCOMPARE(s.query(other).count().value_or(-1), 2);

        // Insert (the key from b.item's sequence), update and delete in b.
        auto added = other.create();
        QVERIFY(added->setValue(u"label"_s, u"b-three"_s));
        s.add(added);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(added->value(u"id"_s).toLongLong(), 3);
        QCOMPARE(readBack(u"SELECT label FROM b.item WHERE id = 3"_s).toString(), u"b-three"_s);
        QVERIFY(s.setValue(*added, other.columnIndex(u"label"_s), u"b-3"_s));
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(readBack(u"SELECT label FROM b.item WHERE id = 3"_s).toString(), u"b-3"_s);
        s.remove(added);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(readBack(u"SELECT count(*) FROM b.item"_s).toLongLong(), 2);
        QCOMPARE(readBack(u"SELECT count(*) FROM a.item"_s).toLongLong(), 1);

        // Several rows at once take their keys from the right sequence.
        std::vector<std::shared_ptr<orm::Entity>> many;
        for (int i = 0; i < 3; ++i) {
            auto row = other.create();
            QVERIFY(row->setValue(u"label"_s, u"many %1"_s.arg(i)));
            s.add(row);
            many.push_back(row);
        }
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(readBack(u"SELECT count(*) FROM b.item WHERE label LIKE 'many%'"_s).toLongLong(),
                 3);
        for (const auto &row : many)
            s.remove(row);
        ORM_VERIFY(s.commit(), s);

        // Inside a transaction the rows read are locked by their qualified names.
        QVERIFY(s.begin());
        QCOMPARE(s.query(other).allEntities().size(), size_t(2));
        ORM_VERIFY(s.commit(), s);
    }

    void relationshipsCrossSchemas()
    {
        const auto md = m_engine->connection().reflect();
        QVERIFY(md);
        const orm::Automap map(*md);
        const orm::EntityMeta &xMeta = entity(map, u"x"_s);
        const orm::EntityMeta &other = entity(map, u"b.item"_s);
        const orm::EntityMeta &tagMeta = entity(map, u"b.tag"_s);
        orm::Session s(m_engine);
        auto x = s.get(xMeta, qint64(1));
        QVERIFY(x);
        // Many-to-one into b, lazily and joined.
        auto item = s.relatedOne(*x, *xMeta.relationship(u"item"_s));
        QVERIFY(item);
        QCOMPARE(&item->entityMeta(), &other);
        QCOMPARE(item->value(u"label"_s).toString(), u"b-two"_s);
        const auto joined =
            s.query(xMeta)
                .join(*xMeta.relationship(u"item"_s))
                .filter(other.column(other.columnIndex(u"label"_s)).expr == QVariant(u"b-two"_s))
                .allEntities();
        QCOMPARE(joined.size(), size_t(1));
        // One-to-many back from b, and selectin loading of it.
        QCOMPARE(s.related(*item, *other.relationship(u"xes"_s)).size(), size_t(1));
        const auto eager = s.query(other)
                               .options(orm::LoadOption {u"xes"_s, orm::LoadStrategy::SelectIn})
                               .allEntities();
        QCOMPARE(eager.size(), size_t(2));

        // Setting it to the other b.item, and a many-to-many link through a's association
        // table to b.tag.
        auto first = s.get(other, qint64(1));
        QVERIFY(first);
        QVERIFY(s.setRelated(*x, *xMeta.relationship(u"item"_s), first));
        auto red = s.query(tagMeta).filterBy(u"word"_s, u"red"_s).firstEntity();
        QVERIFY(red);
        QVERIFY(s.appendRelated(*x, *xMeta.relationship(u"tags"_s), red));
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(readBack(u"SELECT item_id FROM a.x WHERE id = 1"_s).toLongLong(), 1);
        QCOMPARE(readBack(u"SELECT count(*) FROM a.x_tag"_s).toLongLong(), 1);

        orm::Session again(m_engine);
        auto xAgain = again.get(xMeta, qint64(1));
        const auto tags = again.related(*xAgain, *xMeta.relationship(u"tags"_s));
        QCOMPARE(tags.size(), size_t(1));
        const auto tagsEager =
            again.query(xMeta)
                .options(orm::LoadOption {u"tags"_s, orm::LoadStrategy::SelectIn})
                .allEntities();
        QCOMPARE(tagsEager.size(), size_t(1));
        QVERIFY(again.removeRelated(*xAgain, *xMeta.relationship(u"tags"_s), tags.front()));
        ORM_VERIFY(again.commit(), again);
        QCOMPARE(readBack(u"SELECT count(*) FROM a.x_tag"_s).toLongLong(), 0);
    }

    void quotesAndMixedCaseInSchemaAndTable()
    {
        const QString schema = u"Mixed \"Q\" Schema"_s;
        orm::Error error;
        const auto md = m_engine->connection().reflect(schema, &error);
        QVERIFY2(md, qPrintable(error.text()));
        const QString oddName = schema + u".Odd \"Table\""_s;
        const orm::Table *odd = md->table(oddName);
        QVERIFY(odd);
        QCOMPARE(odd->schema(), schema);
        QCOMPARE(odd->name(), u"Odd \"Table\""_s);
        const orm::Automap map(*md);
        const orm::EntityMeta &meta = entity(map, oddName);
        const orm::EntityMeta &child = entity(map, schema + u".Child"_s);
        orm::Session s(m_engine);
        auto row = s.get(meta, qint64(1));
        QVERIFY(row);
        QCOMPARE(row->value(u"Val"_s).toString(), u"v1"_s);
        QVERIFY(s.setValue(*row, meta.columnIndex(u"Val"_s), u"v one"_s));
        auto added = meta.create();
        QVERIFY(added->setValue(u"Val"_s, u"v2"_s));
        s.add(added);
        auto kid = child.create();
        s.add(kid);
        QVERIFY(s.setRelated(*kid, *child.relationship(u"odd"_s), added));
        ORM_VERIFY(s.commit(), s);
        const QString table = u"\"Mixed \"\"Q\"\" Schema\".\"Odd \"\"Table\"\"\""_s;
        QCOMPARE(readBack(u"SELECT \"Val\" FROM %1 WHERE id = 1"_s.arg(table)).toString(),
                 u"v one"_s);
        QCOMPARE(readBack(u"SELECT \"Val\" FROM %1 WHERE id = 2"_s.arg(table)).toString(), u"v2"_s);
        QCOMPARE(s.query(meta).count().value_or(-1), 2);
        QCOMPARE(s.related(*added, *meta.relationship(u"Childs"_s)).size(), size_t(1));
        s.remove(kid);
        s.remove(added);
        ORM_VERIFY(s.commit(), s);
        QCOMPARE(readBack(u"SELECT count(*) FROM %1"_s.arg(table)).toLongLong(), 1);
    }

    void createsAndDropsTablesInASchema()
    {
        orm::Table parent(u"parent"_s);
        parent.setSchema(u"b"_s);
        parent.addColumn(makeColumn(u"id"_s, orm::Integer, true));
        orm::Table kid(u"kid"_s);
        kid.addColumn(makeColumn(u"id"_s, orm::Integer, true));
        kid.addColumn(makeColumn(u"parent_id"_s, orm::Integer));
        orm::Column word = makeColumn(u"word"_s, orm::Text);
        word.index = true;
        kid.addColumn(word);
        orm::ForeignKey fk;
        fk.columns = {u"parent_id"_s};
        fk.referredTable = u"b.parent"_s;
        fk.referredSchema = u"b"_s;
        fk.referredColumns = {u"id"_s};
        kid.addForeignKey(fk);
        orm::MetaData md;
        md.addTable(kid);
        md.addTable(parent);
        orm::Error error;
        QVERIFY2(md.createAll(m_engine->connection(), &error), qPrintable(error.text()));
        QCOMPARE(readBack(u"SELECT to_regclass('b.parent') IS NOT NULL"_s).toBool(), true);
        QCOMPARE(readBack(u"SELECT to_regclass('a.kid') IS NOT NULL"_s).toBool(), true);
        // The index is the table's, in its schema.
        QCOMPARE(readBack(u"SELECT count(*) FROM pg_indexes WHERE schemaname = 'a' "
                          "AND tablename = 'kid' AND indexname = 'ix_kid_word'"_s)
                     .toLongLong(),
                 1);
        const auto reflected = m_engine->connection().reflect();
        QVERIFY(reflected);
        QCOMPARE(reflected->table(u"kid"_s)->foreignKeys().first().referredTable, u"b.parent"_s);
        QVERIFY2(md.dropAll(m_engine->connection(), &error), qPrintable(error.text()));
        QVERIFY(readBack(u"SELECT to_regclass('b.parent')"_s).isNull());
    }

    void migratesTheUrlsSchema()
    {
        // The models: a.x with one more column, and a new table; nothing of b's.
        auto current = m_engine->connection().reflect();
        QVERIFY(current);
        orm::MetaData target;
        for (const orm::Table &t : current->tables()) {
            if (!t.schema().isEmpty())
                continue;
            orm::Table copy = t;
            if (t.name() == u"x")
                copy.addColumn(makeColumn(u"rank"_s, orm::Integer));
            target.addTable(copy);
        }
        orm::Table fresh(u"fresh"_s);
        fresh.addColumn(makeColumn(u"id"_s, orm::Integer, true));
        target.addTable(fresh);
        const QList<orm::MigrationOp> ops = orm::compareSchemas(*current, target);
        // The referred tables of b are not dropped: only what the models change in a.
        QStringList described;
        for (const orm::MigrationOp &op : ops)
            described << op.description();
        QVERIFY2(described.size() == 2, qPrintable(described.join(u"; "_s)));
        orm::Migration migration(m_engine->connection());
        ORM_VERIFY(migration.run(ops, orm::Migration::Destructive::Refuse), migration);
        QCOMPARE(readBack(u"SELECT to_regclass('a.fresh') IS NOT NULL"_s).toBool(), true);
        QCOMPARE(readBack(u"SELECT count(*) FROM information_schema.columns WHERE "
                          "table_schema = 'a' AND table_name = 'x' AND column_name = 'rank'"_s)
                     .toLongLong(),
                 1);
        QCOMPARE(readBack(u"SELECT to_regclass('b.item') IS NOT NULL"_s).toBool(), true);
        const auto after = m_engine->connection().reflect();
        QVERIFY(after);
        QVERIFY(orm::compareSchemas(*after, target).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPgSchemas)
#include "tst_pgschemas.moc"
