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

// Shelves of books, books in genres: collections loaded in a declared order, and view-only
// relationships beside the ones that write.
namespace library {

class Book;
class Genre;

class Shelf : public orm::Model<Shelf>
{
public:
    qint64 id = 0;
    QString name;
    orm::Collection<Book> books {this}; // by title
    orm::Collection<Book> newestFirst {this}; // view-only, by id descending
    static void map(orm::Mapper<Shelf> &m);
};

class Book : public orm::Model<Book>
{
public:
    qint64 id = 0;
    QString title;
    qint64 shelfId = 0;
    orm::Reference<Shelf> shelf {this};
    orm::Collection<Genre> genres {this}; // by name
    orm::Collection<Genre> genresSeen {this}; // view-only, the same association rows
    static void map(orm::Mapper<Book> &m);
};

class Genre : public orm::Model<Genre>
{
public:
    qint64 id = 0;
    QString name;
    orm::Collection<Book> books {this};
    static void map(orm::Mapper<Genre> &m);
};

void Shelf::map(orm::Mapper<Shelf> &m)
{
    m.table(u"shelves"_s);
    m.column(&Shelf::id, u"id"_s).primaryKey();
    m.column(&Shelf::name, u"name"_s);
    m.oneToMany(&Shelf::books, u"books"_s, {u"shelf_id"_s})
        .backref(u"shelf"_s)
        .cascade(orm::Cascade::All)
        .orderBy(orm::col(&Book::title));
    m.oneToMany(&Shelf::newestFirst, u"newestFirst"_s, {u"shelf_id"_s})
        .viewOnly()
        .orderBy(orm::col(&Book::id).desc());
}

void Book::map(orm::Mapper<Book> &m)
{
    m.table(u"books"_s);
    m.column(&Book::id, u"id"_s).primaryKey();
    m.column(&Book::title, u"title"_s);
    m.column(&Book::shelfId, u"shelf_id"_s).notNull().foreignKey(u"shelves.id"_s);
    m.manyToOne(&Book::shelf, u"shelf"_s, {u"shelf_id"_s}).backref(u"books"_s);
    m.manyToMany(&Book::genres, u"genres"_s, u"book_genres"_s, {u"book_id"_s}, {u"genre_id"_s})
        .backref(u"books"_s)
        .orderBy(orm::col(&Genre::name));
    m.manyToMany(&Book::genresSeen, u"genresSeen"_s, u"book_genres"_s, {u"book_id"_s},
                 {u"genre_id"_s})
        .viewOnly()
        .orderBy(orm::col(&Genre::name).desc());
}

void Genre::map(orm::Mapper<Genre> &m)
{
    m.table(u"genres"_s);
    m.column(&Genre::id, u"id"_s).primaryKey();
    m.column(&Genre::name, u"name"_s);
    m.manyToMany(&Genre::books, u"books"_s, u"book_genres"_s, {u"genre_id"_s}, {u"book_id"_s})
        .backref(u"genres"_s);
}

orm::MetaData metadata()
{
    orm::MetaData md;
    md.addTable(Shelf::staticMeta().table());
    md.addTable(Book::staticMeta().table());
    md.addTable(Genre::staticMeta().table());
    orm::Table links(u"book_genres"_s);
    for (const QString &c : {u"book_id"_s, u"genre_id"_s}) {
        orm::Column column;
        column.name = c;
        column.type = orm::Integer;
        column.primaryKey = true;
        links.addColumn(column);
    }
    links.addForeignKey({{}, {u"book_id"_s}, u"books"_s, {u"id"_s}});
    links.addForeignKey({{}, {u"genre_id"_s}, u"genres"_s, {u"id"_s}});
    md.addTable(links);
    return md;
}

// Shelf "fiction" holding "c", "a", "b" (added in that order, ids 1, 2, 3), the first in the
// genres "poetry", "drama", "epic".
std::shared_ptr<orm::Engine> fiction()
{
    auto engine = orm::Engine::create(u"sqlite://"_s);
    if (!engine || !metadata().createAll(engine->connection()))
        qFatal("cannot create the library");
    orm::Session session(engine);
    auto shelf = std::make_shared<Shelf>();
    shelf->name = u"fiction"_s;
    for (const QString &title : {u"c"_s, u"a"_s, u"b"_s}) {
        auto book = std::make_shared<Book>();
        book->title = title;
        shelf->books.append(book);
    }
    session.add(shelf);
    if (!session.commit())
        qFatal("%s", qPrintable(session.lastError().text()));
    for (const QString &name : {u"poetry"_s, u"drama"_s, u"epic"_s}) {
        auto genre = std::make_shared<Genre>();
        genre->name = name;
        session.get<Book>(1)->genres.append(genre);
    }
    if (!session.commit())
        qFatal("%s", qPrintable(session.lastError().text()));
    return engine;
}

template<class Range>
QStringList titles(const Range &books)
{
    QStringList out;
    for (const auto &b : books)
        out << b->title;
    return out;
}

template<class Range>
QStringList names(const Range &genres)
{
    QStringList out;
    for (const auto &g : genres)
        out << g->name;
    return out;
}

} // namespace library

class tst_Mapper : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void snakeCaseAsFlaskSqlalchemy_data();
    void snakeCaseAsFlaskSqlalchemy();
    void tableNamesDerivedFromTheClass();
    void collectionsLoadInTheirOrder_data();
    void collectionsLoadInTheirOrder();
    void viewOnlyIsNeverWritten();
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

void tst_Mapper::collectionsLoadInTheirOrder_data()
{
    QTest::addColumn<orm::LoadStrategy>("strategy");
    QTest::addColumn<qint64>("limit"); // 0: none (a joined load with LIMIT reads a subquery)
    QTest::newRow("lazy") << orm::LoadStrategy::Select << qint64(0);
    QTest::newRow("joined") << orm::LoadStrategy::Joined << qint64(0);
    QTest::newRow("joined, limited") << orm::LoadStrategy::Joined << qint64(1);
    QTest::newRow("selectin") << orm::LoadStrategy::SelectIn << qint64(0);
}

void tst_Mapper::collectionsLoadInTheirOrder()
{
    // Given books added as c, a, b and genres as poetry, drama, epic,
    using namespace library;
    QFETCH(orm::LoadStrategy, strategy);
    QFETCH(qint64, limit);
    auto engine = fiction();
    orm::Session session(engine);
    const QList<orm::LoadOption> options {{u"books"_s, strategy}, {u"newestFirst"_s, strategy}};
    auto shelves = session.query<Shelf>().options(options);
    if (limit)
        shelves = shelves.limit(limit);

    // when a shelf and its books are read with each loading strategy,
    const auto shelf = shelves.first();
    QVERIFY(shelf);
    const bool eager = strategy != orm::LoadStrategy::Select;
    QCOMPARE(session.isRelationLoaded(*shelf, orm::relationshipOf<Shelf>(&Shelf::books)), eager);
    // then each collection is in its declared order, whatever loaded it;
    QCOMPARE(titles(shelf->books.items()), (QStringList {u"a"_s, u"b"_s, u"c"_s}));
    QCOMPARE(titles(shelf->newestFirst.items()), (QStringList {u"b"_s, u"a"_s, u"c"_s}));
    QCOMPARE(titles(shelf->books.query().all()), (QStringList {u"a"_s, u"b"_s, u"c"_s}));

    // and so are many-to-many ones.
    const auto book = session.query<Book>()
                          .options({{u"genres"_s, strategy}, {u"genresSeen"_s, strategy}})
                          .filterBy(&Book::title, u"c"_s)
                          .first();
    QVERIFY(book);
    QCOMPARE(session.isRelationLoaded(*book, orm::relationshipOf<Book>(&Book::genres)), eager);
    QCOMPARE(names(book->genres.items()), (QStringList {u"drama"_s, u"epic"_s, u"poetry"_s}));
    QCOMPARE(names(book->genresSeen.items()), (QStringList {u"poetry"_s, u"epic"_s, u"drama"_s}));
}

void tst_Mapper::viewOnlyIsNeverWritten()
{
    using namespace library;
    auto engine = fiction();
    orm::Session session(engine);
    auto shelf = session.query<Shelf>().first();
    auto book = session.get<Book>(1);
    QVERIFY(shelf && book);
    QCOMPARE(shelf->newestFirst.size(), 3);
    QCOMPARE(book->genresSeen.size(), 3);

    // Given view-only relationships beside the ones that write, a change through one is
    // refused, with nothing staged;
    auto other = std::make_shared<Book>();
    other->title = u"d"_s;
    QVERIFY(!shelf->newestFirst.append(other));
    QCOMPARE(session.lastError().kind(), orm::Error::Kind::Usage);
    QCOMPARE(session.lastError().column(), u"newestFirst"_s);
    QVERIFY(!book->genresSeen.remove(book->genresSeen.items().front()));
    QVERIFY(!session.hasPendingChanges());
    QCOMPARE(shelf->newestFirst.size(), 3);

    // a change through the writing side does not reach it in memory (it is read again);
    auto genre = std::make_shared<Genre>();
    genre->name = u"satire"_s;
    QVERIFY(book->genres.append(genre));
    QCOMPARE(book->genresSeen.size(), 3);
    QVERIFY(session.commit());

    // and deleting a shelf deletes its books through the relationship that cascades, while the
    // view-only one neither refuses the deletion (its rows still refer to the shelf) nor
    // writes: the association rows of the deleted books are deleted once.
    QStringList statements;
    const int listener = engine->connection().addListener(
        [&statements](const orm::StatementRecord &r) { statements << r.sql; });
    (void)shelf->books.items();
    session.remove(shelf);
    const bool committed = session.commit();
    engine->connection().removeListener(listener);
    QVERIFY2(committed, qPrintable(session.lastError().text()));
    QCOMPARE(statements.filter(u"DELETE FROM \"book_genres\""_s).size(), 3); // once per book
    orm::Session check(engine);
    QCOMPARE(check.query<Book>().count(), std::optional<qint64>(0));
}

QTEST_GUILESS_MAIN(tst_Mapper)
#include "tst_mapper.moc"
