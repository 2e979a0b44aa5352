// SPDX-License-Identifier: MIT
// Reading a server's schemas from pg_catalog (the test cluster): types, keys, identity and
// serial columns, constraints, indexes, views, triggers, and two schemas with the same names.

#include "orm/drivers/postgresql/pgconnection.h"
#include "orm/drivers/postgresql/pgreflection.h"
#include "ormverify.h"
#include "testserver.h"

#include <QtTest>

using namespace Qt::StringLiterals;
using orm::ColumnType;
using orm::Error;
using PgConnection = orm::postgresql::Connection;

class TestPgReflection : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<PgConnection> m_c;

    const orm::Column &column(const orm::Table &t, const QString &name)
    {
        const orm::Column *c = t.column(name);
        if (!c)
            qFatal("no column %s in %s", qPrintable(name), qPrintable(t.name()));
        return *c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        Error error;
        m_c = PgConnection::open(orm::DatabaseUrl::parse(testserver::socketUrl()), {}, &error);
        QVERIFY2(m_c, qPrintable(error.text()));
        const char *ddl[] = {
            "DROP SCHEMA IF EXISTS shop CASCADE",
            "DROP SCHEMA IF EXISTS \"Other Shop\" CASCADE",
            "CREATE SCHEMA shop",
            "CREATE SCHEMA \"Other Shop\"",
            "CREATE TABLE shop.users (id SERIAL PRIMARY KEY, "
            "username VARCHAR(80) NOT NULL UNIQUE, email CHARACTER VARYING(120), "
            "bio TEXT, active BOOLEAN NOT NULL DEFAULT true, "
            "balance NUMERIC(12, 2) DEFAULT 0, score DOUBLE PRECISION, "
            "created TIMESTAMP(6) WITHOUT TIME ZONE DEFAULT now(), "
            "seen TIMESTAMP WITH TIME ZONE, born DATE, photo BYTEA, prefs JSONB, "
            "token UUID, span INTERVAL, tags TEXT[], age SMALLINT CHECK (age >= 0), "
            "CONSTRAINT users_email_bio UNIQUE (email, bio))",
            "CREATE TABLE shop.posts (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "
            "user_id INTEGER NOT NULL REFERENCES shop.users (id) ON DELETE CASCADE, "
            "title VARCHAR(200) NOT NULL, "
            "title_lower TEXT GENERATED ALWAYS AS (lower(title)) STORED)",
            "CREATE INDEX posts_user ON shop.posts (user_id, title)",
            "CREATE UNIQUE INDEX posts_title_per_user ON shop.posts (user_id, title_lower)",
            "CREATE INDEX posts_lower ON shop.posts (lower(title))",
            "CREATE TABLE shop.post_tags (post_id BIGINT REFERENCES shop.posts, "
            "tag TEXT, PRIMARY KEY (post_id, tag))",
            "CREATE TABLE \"Other Shop\".users (id INTEGER PRIMARY KEY, nick TEXT)",
            "CREATE TABLE \"Other Shop\".orders (id INTEGER PRIMARY KEY, "
            "buyer INTEGER REFERENCES shop.users (id) ON UPDATE SET NULL, "
            "seller INTEGER REFERENCES \"Other Shop\".users (id))",
            "CREATE VIEW shop.active_users AS SELECT id, username FROM shop.users WHERE active",
            "CREATE FUNCTION shop.touch() RETURNS trigger LANGUAGE plpgsql AS "
            "$$BEGIN NEW.title := trim(NEW.title); RETURN NEW; END$$",
            "CREATE TRIGGER posts_touch BEFORE INSERT ON shop.posts FOR EACH ROW "
            "EXECUTE FUNCTION shop.touch()",
        };
        for (const char *sql : ddl)
            ORM_VERIFY(m_c->exec(QString::fromUtf8(sql)), *m_c);
    }

    void aTableAnotherProgramLocksIsStillDescribed()
    {
        // Given another program that holds a table in ACCESS EXCLUSIVE (a long ALTER TABLE),
        Error error;
        auto holder =
            PgConnection::open(orm::DatabaseUrl::parse(testserver::socketUrl()), {}, &error);
        QVERIFY2(holder, qPrintable(error.text()));
        QVERIFY(holder->begin());
        ORM_VERIFY(holder->exec(u"LOCK TABLE shop.posts IN ACCESS EXCLUSIVE MODE"_s), *holder);
        // when the schema is described, waiting for no lock,
        m_c->setBusyTimeout(0);
        const auto md = orm::postgresql::reflect(*m_c, u"shop"_s, &error);
        m_c->setBusyTimeout(orm::ConnectionOptions().busyTimeoutMs);
        QVERIFY(holder->rollback());
        // then every table is there, the locked one's defaults unknown, the others' read.
        QVERIFY2(md, qPrintable(error.text()));
        const orm::Table *posts = md->table(u"shop.posts"_s);
        QVERIFY(posts);
        QVERIFY(posts->column(u"title"_s));
        const orm::Table *users = md->table(u"shop.users"_s);
        QVERIFY(users);
        QVERIFY(!column(*users, u"active"_s).serverDefault.isEmpty());
    }

    void schemasAreListed()
    {
        const auto list = orm::postgresql::schemas(*m_c);
        ORM_VERIFY(list, *m_c);
        QVERIFY(list->contains(u"shop"_s));
        QVERIFY(list->contains(u"Other Shop"_s));
        QVERIFY(list->contains(u"public"_s));
        QVERIFY(!list->contains(u"pg_catalog"_s));
        QVERIFY(!list->contains(u"information_schema"_s));
    }

    void typesAndDefaults()
    {
        Error error;
        const auto md = orm::postgresql::reflect(*m_c, u"shop"_s, &error);
        QVERIFY2(md, qPrintable(error.text()));
        const orm::Table *users = md->table(u"shop.users"_s);
        QVERIFY(users);
        QCOMPARE(column(*users, u"id"_s).type, orm::Integer);
        QVERIFY(column(*users, u"id"_s).primaryKey);
        QVERIFY(column(*users, u"id"_s).autoincrement); // SERIAL
        QCOMPARE(column(*users, u"username"_s).type, orm::String(80));
        QVERIFY(!column(*users, u"username"_s).nullable);
        QVERIFY(column(*users, u"username"_s).unique);
        QCOMPARE(column(*users, u"email"_s).type, orm::String(120));
        QCOMPARE(column(*users, u"bio"_s).type, orm::Text);
        QCOMPARE(column(*users, u"active"_s).type, orm::Boolean);
        QCOMPARE(column(*users, u"active"_s).serverDefault, u"true"_s);
        QCOMPARE(column(*users, u"balance"_s).type,
                 orm::Numeric(12, 2).storedAs(orm::StoredForm::DecimalText));
        QCOMPARE(column(*users, u"score"_s).type, orm::Float);
        QCOMPARE(column(*users, u"created"_s).type, orm::DateTime);
        QCOMPARE(column(*users, u"created"_s).serverDefault, u"now()"_s);
        QCOMPARE(column(*users, u"seen"_s).type, orm::DateTime);
        QCOMPARE(column(*users, u"born"_s).type, orm::Date);
        QCOMPARE(column(*users, u"photo"_s).type, orm::LargeBinary);
        QCOMPARE(column(*users, u"prefs"_s).type, orm::Json);
        QCOMPARE(column(*users, u"token"_s).type, orm::String(36));
        QCOMPARE(column(*users, u"span"_s).type.type, ColumnType::Null);
        QCOMPARE(column(*users, u"tags"_s).type.type, ColumnType::Null);
        QCOMPARE(column(*users, u"age"_s).type, orm::Integer);
        QVERIFY(!column(*users, u"balance"_s).autoincrement);

        QCOMPARE(users->checks().size(), 1);
        QCOMPARE(users->checks().first().sqlText, u"age >= 0"_s);
        QCOMPARE(users->uniqueConstraints().size(), 2);
        QVERIFY(users->isUnique({u"email"_s, u"bio"_s}));

        const orm::Table *posts = md->table(u"shop.posts"_s);
        QVERIFY(posts);
        QCOMPARE(column(*posts, u"id"_s).type, orm::BigInteger);
        QVERIFY(column(*posts, u"id"_s).autoincrement); // IDENTITY
        QCOMPARE(column(*posts, u"id"_s).identity, orm::Column::Identity::Always);
        QCOMPARE(column(*users, u"id"_s).identity, orm::Column::Identity::No);
        // The server's own type names stay with the columns (what the column type loses).
        QCOMPARE(column(*users, u"seen"_s).ownServerType(), u"timestamp with time zone"_s);
        QCOMPARE(column(*users, u"created"_s).ownServerType(), u"timestamp(6) without time zone"_s);
        QCOMPARE(column(*users, u"prefs"_s).ownServerType(), u"jsonb"_s);
        QCOMPARE(column(*users, u"token"_s).ownServerType(), u"uuid"_s);
        QCOMPARE(column(*users, u"tags"_s).ownServerType(), u"text[]"_s);
        orm::Column retyped = column(*users, u"token"_s);
        retyped.type = orm::Text;
        QVERIFY(retyped.ownServerType().isEmpty()); // stale once the type is changed
        QVERIFY(column(*posts, u"title_lower"_s).serverDefault.isEmpty()); // generated
        QCOMPARE(column(*posts, u"title_lower"_s).generated, orm::Column::Generated::Stored);
        QCOMPARE(column(*posts, u"title_lower"_s).generatedExpression, u"lower((title)::text)"_s);
        QVERIFY(!column(*posts, u"user_id"_s).autoincrement);
    }

    void keysIndexesViewsAndTriggers()
    {
        const auto md = orm::postgresql::reflect(*m_c, u"shop"_s);
        ORM_VERIFY(md, *m_c);
        const orm::Table *posts = md->table(u"shop.posts"_s);
        QVERIFY(posts);
        QCOMPARE(posts->foreignKeys().size(), 1);
        const orm::ForeignKey fk = posts->foreignKeys().first();
        QCOMPARE(fk.columns, QStringList {u"user_id"_s});
        QCOMPARE(fk.referredTable, u"shop.users"_s);
        QCOMPARE(fk.referredSchema, u"shop"_s);
        QCOMPARE(fk.referredColumns, QStringList {u"id"_s});
        QCOMPARE(fk.onDelete, orm::ReferentialAction::Cascade);
        QCOMPARE(fk.onUpdate, orm::ReferentialAction::NoAction);

        // Indexes over columns, unique or not; the one over an expression is left out.
        QCOMPARE(posts->indexes().size(), 2);
        QCOMPARE(posts->indexes()[0].name, u"posts_title_per_user"_s);
        QVERIFY(posts->indexes()[0].unique);
        QCOMPARE(posts->indexes()[0].columns, (QStringList {u"user_id"_s, u"title_lower"_s}));
        QCOMPARE(posts->indexes()[1].name, u"posts_user"_s);
        QVERIFY(!posts->indexes()[1].unique);

        QCOMPARE(posts->triggers().size(), 1);
        QCOMPARE(posts->triggers().first().name, u"posts_touch"_s);
        QCOMPARE(posts->triggers().first().event, u"INSERT"_s);

        // A composite key is the program's to give.
        const orm::Table *postTags = md->table(u"shop.post_tags"_s);
        QVERIFY(postTags);
        QCOMPARE(postTags->primaryKey(), (QStringList {u"post_id"_s, u"tag"_s}));
        QVERIFY(!column(*postTags, u"post_id"_s).autoincrement);
        QCOMPARE(postTags->foreignKeys().first().referredColumns, QStringList {u"id"_s});

        const orm::Table *view = md->table(u"shop.active_users"_s);
        QVERIFY(view);
        QVERIFY(view->isView());
        QCOMPARE(view->columns().size(), 2);
        QVERIFY(!md->table(u"shop.users"_s)->isView());
    }

    void tablesOfTheSameNameInTwoSchemasStayApart()
    {
        // Neither schema is the connection's default (public): their tables are known by their
        // qualified names, and a foreign key's referred table of another schema comes along.
        const auto other = orm::postgresql::reflect(*m_c, u"Other Shop"_s);
        ORM_VERIFY(other, *m_c);
        QCOMPARE(other->tables().size(), 3);
        const orm::Table *users = other->table(u"Other Shop.users"_s);
        QVERIFY(users);
        QCOMPARE(users->schema(), u"Other Shop"_s);
        QCOMPARE(users->name(), u"users"_s);
        QCOMPARE(users->columns().size(), 2);
        QVERIFY(users->column(u"nick"_s));
        const orm::Table *orders = other->table(u"Other Shop.orders"_s);
        QVERIFY(orders);
        QCOMPARE(orders->foreignKeys().size(), 2);
        for (const orm::ForeignKey &fk : orders->foreignKeys()) {
            if (fk.columns.first() == u"buyer") {
                QCOMPARE(fk.referredTable, u"shop.users"_s);
                QCOMPARE(fk.referredSchema, u"shop"_s);
                QCOMPARE(fk.onUpdate, orm::ReferentialAction::SetNull);
            } else {
                QCOMPARE(fk.referredTable, u"Other Shop.users"_s);
                QCOMPARE(fk.referredSchema, u"Other Shop"_s);
            }
        }
        const orm::Table *referred = other->table(u"shop.users"_s);
        QVERIFY(referred);
        QVERIFY(referred->column(u"username"_s));
        QVERIFY(!referred->column(u"nick"_s));
        const auto shop = orm::postgresql::reflect(*m_c, u"shop"_s);
        ORM_VERIFY(shop, *m_c);
        QVERIFY(shop->table(u"shop.users"_s)->column(u"username"_s));
        QVERIFY(!shop->table(u"shop.users"_s)->column(u"nick"_s));
        QVERIFY(!shop->table(u"Other Shop.users"_s));
    }

    void anEmptyOrMissingSchemaHasNoTables()
    {
        const auto none = orm::postgresql::reflect(*m_c, u"no such schema"_s);
        ORM_VERIFY(none, *m_c);
        QVERIFY(none->tables().isEmpty());
    }

    void serverTypeNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("length");
        QTest::newRow("varchar") << u"character varying(80)"_s << int(ColumnType::String) << 80;
        QTest::newRow("char") << u"character(3)"_s << int(ColumnType::String) << 3;
        QTest::newRow("numeric") << u"numeric(10,2)"_s << int(ColumnType::Numeric) << 0;
        QTest::newRow("timestamptz(3)")
            << u"timestamp(3) with time zone"_s << int(ColumnType::DateTime) << 0;
        QTest::newRow("array") << u"integer[]"_s << int(ColumnType::Null) << 0;
        QTest::newRow("user type") << u"\"Mood\""_s << int(ColumnType::Null) << 0;
    }

    void serverTypeNames()
    {
        QFETCH(QString, name);
        QFETCH(int, type);
        QFETCH(int, length);
        const orm::TypeSpec spec = orm::postgresql::typeFromServerName(name);
        QCOMPARE(int(spec.type), type);
        QCOMPARE(spec.length, length);
    }
};

QTEST_GUILESS_MAIN(TestPgReflection)
#include "tst_pgreflection.moc"
