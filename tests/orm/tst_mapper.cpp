// SPDX-License-Identifier: MIT
// The declarations of a typed model (orm::Mapper and orm::Model): what each one maps.

#include "orm/mapper.h"
#include "orm/query.h"
#include "orm/session.h"

#include <QtTest>

using namespace Qt::StringLiterals;

namespace mapped {

// No table named: derived from the class name, as Flask-SQLAlchemy derives it.
class PostTag : public orm::Model<PostTag>
{
public:
    qint64 id = 0;
    static void map(orm::Mapper<PostTag> &m) { m.column(&PostTag::id, u"id"_s).primaryKey(); }
};

class HTTPRequest : public orm::Model<HTTPRequest>
{
public:
    qint64 id = 0;
    static void map(orm::Mapper<HTTPRequest> &m)
    {
        m.column(&HTTPRequest::id, u"id"_s).primaryKey();
    }
};

// Named once at the model (__tablename__ = 'people').
class Person : public orm::Model<Person>
{
public:
    static constexpr auto tableName = "people";
    qint64 id = 0;
    static void map(orm::Mapper<Person> &m) { m.column(&Person::id, u"id"_s).primaryKey(); }
};

// Named at the model and in map(): map() wins.
class Visitor : public orm::Model<Visitor>
{
public:
    static constexpr auto tableName = u"guests";
    qint64 id = 0;
    static void map(orm::Mapper<Visitor> &m)
    {
        m.table(u"visitors"_s);
        m.column(&Visitor::id, u"id"_s).primaryKey();
    }
};

} // namespace mapped

class tst_Mapper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void snakeCaseAsFlaskSqlalchemy_data();
    void snakeCaseAsFlaskSqlalchemy();
    void tableNamesDerivedFromTheClass();
};

void tst_Mapper::snakeCaseAsFlaskSqlalchemy_data()
{
    // Flask-SQLAlchemy's camel_to_snake_case() gives these.
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one word") << u"User"_s << u"user"_s;
    QTest::newRow("two words") << u"PostTag"_s << u"post_tag"_s;
    QTest::newRow("acronym first") << u"HTTPRequest"_s << u"http_request"_s;
    QTest::newRow("acronym last") << u"RequestHTTP"_s << u"request_http"_s;
    QTest::newRow("all capitals") << u"ABC"_s << u"abc"_s;
    QTest::newRow("digit before a capital") << u"OAuth2Token"_s << u"o_auth2_token"_s;
    QTest::newRow("member name") << u"datePosted"_s << u"date_posted"_s;
    QTest::newRow("already snake case") << u"user_id"_s << u"user_id"_s;
    QTest::newRow("leading underscore") << u"_Private"_s << u"private"_s;
}

void tst_Mapper::snakeCaseAsFlaskSqlalchemy()
{
    QFETCH(QString, name);
    QFETCH(QString, expected);
    QCOMPARE(orm::detail::snakeCase(name), expected);
}

void tst_Mapper::tableNamesDerivedFromTheClass()
{
    // Given models that name no table, then the table is the class name in snake case (the
    // namespace left out);
    QCOMPARE(mapped::PostTag::staticMeta().tableName(), u"post_tag"_s);
    QCOMPARE(mapped::PostTag::staticMeta().name(), u"PostTag"_s);
    QCOMPARE(mapped::HTTPRequest::staticMeta().tableName(), u"http_request"_s);
    // a name given once at the model is taken as it is, and Mapper::table() still wins.
    QCOMPARE(mapped::Person::staticMeta().tableName(), u"people"_s);
    QCOMPARE(mapped::Visitor::staticMeta().tableName(), u"visitors"_s);
    // The columns' expressions name that table.
    QCOMPARE(orm::col(&mapped::PostTag::id).expr().table(), u"post_tag"_s);
}

QTEST_GUILESS_MAIN(tst_Mapper)
#include "tst_mapper.moc"
