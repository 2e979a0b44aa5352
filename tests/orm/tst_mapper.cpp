// SPDX-License-Identifier: MIT
// The declarations of a typed model (orm::Mapper and orm::Model): what each one maps.

#include "orm/mapping/mapper.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "ormverify.h"

#include <QProcess>
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

// Authors, their articles, badges, keywords and whom they follow: every relationship declared
// once, on one side, with the other side's member named as its backref; tables named after
// the classes; association tables in one line.
namespace forum {

class Article;
class Badge;
class Keyword;

class Author : public orm::Model<Author>
{
public:
    qint64 id = 0;
    QString name;
    orm::Collection<Article> articles {this};
    orm::Reference<Badge> badge {this};
    orm::Collection<Author> following {this};
    orm::Collection<Author> followers {this};
    static void map(orm::Mapper<Author> &m);
};

class Article : public orm::Model<Article>
{
public:
    qint64 id = 0;
    QString title;
    qint64 authorId = 0;
    orm::Reference<Author> author {this}; // declared by Author::articles
    orm::Collection<Keyword> keywords {this};
    static void map(orm::Mapper<Article> &m);
};

class Badge : public orm::Model<Badge>
{
public:
    qint64 id = 0;
    std::optional<qint64> authorId;
    orm::Reference<Author> holder {this}; // declared by Author::badge
    static void map(orm::Mapper<Badge> &m);
};

class Keyword : public orm::Model<Keyword>
{
public:
    qint64 id = 0;
    QString word;
    orm::Collection<Article> articles {this}; // declared by Article::keywords
    static void map(orm::Mapper<Keyword> &m);
};

constexpr auto articleKeywords = orm::associationTable<Article, Keyword>("article_keywords");
constexpr auto follows =
    orm::associationTable<Author, Author>("follows", "follower_id", "followed_id");

void Author::map(orm::Mapper<Author> &m)
{
    m.column(&Author::id, u"id"_s, orm::primaryKey);
    m.column(&Author::name, u"name"_s, orm::String(40), orm::unique, orm::notNull);
    m.relationship(&Author::articles, u"articles"_s, orm::orderBy(orm::col(&Article::title)))
        .backref(&Article::author, u"author"_s);
    m.relationship(&Author::badge, u"badge"_s).backref(&Badge::holder, u"holder"_s);
    m.relationship(&Author::following, u"following"_s)
        .secondary(follows)
        .backref(&Author::followers, u"followers"_s);
}

void Article::map(orm::Mapper<Article> &m)
{
    m.column(&Article::id, u"id"_s, orm::primaryKey);
    m.column(&Article::title, u"title"_s, orm::String(100), orm::notNull);
    m.column(&Article::authorId, u"author_id"_s, orm::foreignKey(u"author.id"_s), orm::notNull);
    m.relationship(&Article::keywords, u"keywords"_s, orm::secondary(articleKeywords),
                   orm::backref(&Keyword::articles, u"articles"_s));
}

void Badge::map(orm::Mapper<Badge> &m)
{
    m.column(&Badge::id, u"id"_s, orm::primaryKey);
    m.column(&Badge::authorId, u"author_id"_s, orm::Integer, orm::foreignKey(u"author.id"_s),
             orm::unique);
}

void Keyword::map(orm::Mapper<Keyword> &m)
{
    m.column(&Keyword::id, u"id"_s, orm::primaryKey);
    m.column(&Keyword::word, u"word"_s, orm::String(20), orm::unique);
}

} // namespace forum

// A shop declared member by member (ORM_COLUMN / ORM_RELATIONSHIP), with a mixin.
namespace shop {

struct Stamped
{
    ORM_COLUMN(QDateTime, createdAt, orm::defaultNow);
    ORM_COLUMN(std::optional<qint64>, revision, orm::defaultValue(1));
};

struct Customer;

struct Order : orm::Model<Order, Stamped>
{
    ORM_COLUMN(qint64, id, orm::primaryKey);
    ORM_COLUMN(qint64, customerId, orm::foreignKey(u"customer.id"_s), orm::notNull);
    ORM_COLUMN(QString, shippingNote, orm::Text);
    ORM_RELATIONSHIP(orm::Reference<Customer>, customer);
};

struct Customer : orm::Model<Customer>
{
    ORM_COLUMN(qint64, id, orm::primaryKey);
    ORM_COLUMN(QString, emailAddress, orm::String(120), orm::unique, orm::notNull);
    ORM_COLUMN(std::optional<bool>, isActive, orm::defaultValue(true));
    ORM_RELATIONSHIP(orm::Collection<Order>, orders, orm::backref(&Order::customer),
                     orm::orderBy(orm::col(&Order::id).desc()));

    // map() still adds what has no one-line form.
    static void map(orm::Mapper<Customer> &m)
    {
        m.index(u"ix_customer_active"_s, {u"is_active"_s});
    }
};

} // namespace shop

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
    void backrefWhicheverSideIsUsedFirst();
    void relationshipsDeclaredOnce_data();
    void relationshipsDeclaredOnce();
    void bothSidesFollowEachOther();
    void associationTableInOneLine();
    void createAndDropAListOfModels();
    void mappingErrorsStopTheProgram_data();
    void mappingErrorsStopTheProgram();
    void membersDeclaredWithTheirMapping();
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

void tst_Mapper::backrefWhicheverSideIsUsedFirst()
{
    // Given Article, whose author relationship Author declares (with Article::author as its
    // backref), used before Author,
    using namespace forum;
    const orm::EntityMeta &articles = Article::staticMeta();
    QCOMPARE(articles.tableName(), u"article"_s);
    // when its member is used, then the relationship is there: Author is configured first.
    const orm::RelationshipMeta &author = orm::relationshipOf<Article>(&Article::author);
    QCOMPARE(author.name, u"author"_s);
    QCOMPARE(articles.relationship(u"author"_s), &author);
    QCOMPARE(&author.target(), &Author::staticMeta());
    QCOMPARE(author.backrefMeta(), Author::staticMeta().relationship(u"articles"_s));
}

void tst_Mapper::relationshipsDeclaredOnce_data()
{
    QTest::addColumn<QString>("relationship"); // Model.name
    QTest::addColumn<orm::RelationshipKind>("kind");
    QTest::addColumn<bool>("foreignKeyOnOwner");
    QTest::addColumn<QStringList>("columns"); // the foreign key, or the association's local/remote
    QTest::addColumn<QString>("backref");
    using K = orm::RelationshipKind;
    QTest::newRow("one-to-many") << u"Author.articles"_s << K::OneToMany << false
                                 << QStringList {u"author_id"_s} << u"author"_s;
    QTest::newRow("its backref, many-to-one") << u"Article.author"_s << K::ManyToOne << true
                                              << QStringList {u"author_id"_s} << u"articles"_s;
    QTest::newRow("one-to-one, key on the target")
        << u"Author.badge"_s << K::OneToOne << false << QStringList {u"author_id"_s} << u"holder"_s;
    QTest::newRow("its backref, one-to-one with the key")
        << u"Badge.holder"_s << K::OneToOne << true << QStringList {u"author_id"_s} << u"badge"_s;
    QTest::newRow("many-to-many") << u"Article.keywords"_s << K::ManyToMany << false
                                  << QStringList {u"article_id"_s, u"keyword_id"_s}
                                  << u"articles"_s;
    QTest::newRow("its backref, many-to-many")
        << u"Keyword.articles"_s << K::ManyToMany << false
        << QStringList {u"keyword_id"_s, u"article_id"_s} << u"keywords"_s;
    QTest::newRow("self-referential many-to-many")
        << u"Author.following"_s << K::ManyToMany << false
        << QStringList {u"follower_id"_s, u"followed_id"_s} << u"followers"_s;
    QTest::newRow("its backref, the columns swapped")
        << u"Author.followers"_s << K::ManyToMany << false
        << QStringList {u"followed_id"_s, u"follower_id"_s} << u"following"_s;
}

void tst_Mapper::relationshipsDeclaredOnce()
{
    // Given relationships declared on one side only, with the other side's member as the
    // backref, then both sides are mapped, their kinds and columns taken from the foreign keys
    // or the association table.
    using namespace forum;
    QFETCH(QString, relationship);
    QFETCH(orm::RelationshipKind, kind);
    QFETCH(bool, foreignKeyOnOwner);
    QFETCH(QStringList, columns);
    QFETCH(QString, backref);
    const QList<const orm::EntityMeta *> models {&Author::staticMeta(), &Article::staticMeta(),
                                                 &Badge::staticMeta(), &Keyword::staticMeta()};
    const QString model = relationship.section(u'.', 0, 0);
    const auto meta = std::find_if(models.begin(), models.end(),
                                   [&model](const auto *m) { return m->name() == model; });
    QVERIFY(meta != models.end());
    const orm::RelationshipMeta *rel = (*meta)->relationship(relationship.section(u'.', 1));
    QVERIFY(rel);
    QCOMPARE(rel->kind, kind);
    QCOMPARE(rel->foreignKeyOnOwner, foreignKeyOnOwner);
    if (kind == orm::RelationshipKind::ManyToMany) {
        QCOMPARE(rel->secondaryLocal + rel->secondaryRemote, columns);
    } else {
        const QList<int> &keys =
            rel->foreignKeyOnOwner ? rel->localColumns() : rel->remoteColumns();
        const orm::EntityMeta &keyed = rel->foreignKeyOnOwner ? *rel->owner : rel->target();
        QCOMPARE(keys.size(), 1);
        QCOMPARE(keyed.column(keys.first()).column.name, columns.first());
    }
    QCOMPARE(rel->backref, backref);
    QVERIFY(rel->backrefMeta());
    QCOMPARE(rel->backrefMeta()->backrefMeta(), rel);
}

void tst_Mapper::bothSidesFollowEachOther()
{
    // Given relationships declared once, when objects are linked through either side, then
    // the other follows, in memory and in the database.
    using namespace forum;
    auto engine = orm::Engine::create(u"sqlite://"_s);
    const auto forumTables = orm::MetaData::of<Author, Article, Badge, Keyword>();
    QVERIFY(forumTables.createAll(engine->connection()));
    {
        orm::Session session(engine);
        auto ann = std::make_shared<Author>();
        ann->name = u"ann"_s;
        auto bob = std::make_shared<Author>();
        bob->name = u"bob"_s;
        auto second = std::make_shared<Article>();
        second->title = u"second"_s;
        second->author = ann; // many-to-one: the collection follows
        QVERIFY(ann->articles.contains(second));
        auto first = std::make_shared<Article>();
        first->title = u"first"_s;
        ann->articles.append(first); // one-to-many: the reference follows
        QCOMPARE(first->author.get(), ann);
        auto badge = std::make_shared<Badge>();
        ann->badge = badge;
        QCOMPARE(badge->holder.get(), ann);
        auto cpp = std::make_shared<Keyword>();
        cpp->word = u"c++"_s;
        first->keywords.append(cpp);
        QVERIFY(cpp->articles.contains(first));
        bob->following.append(ann);
        QVERIFY(ann->followers.contains(bob));
        session.addAll({ann, bob});
        ORM_VERIFY(session.commit(), session);
    }
    orm::Session session(engine);
    auto ann = session.query<Author>().filterBy(&Author::name, u"ann"_s).first();
    QVERIFY(ann);
    QStringList titles;
    for (const auto &a : ann->articles.items())
        titles << a->title;
    QCOMPARE(titles, (QStringList {u"first"_s, u"second"_s}));
    QCOMPARE(ann->badge->holder.get(), ann);
    QCOMPARE(ann->followers.size(), 1);
    QCOMPARE(ann->followers.items().front()->name, u"bob"_s);
    auto cpp = session.query<Keyword>().first();
    QCOMPARE(cpp->articles.items().front()->author.get(), ann);
}

void tst_Mapper::associationTableInOneLine()
{
    // db.Table('article_keywords', db.Column('article_id', db.Integer,
    // db.ForeignKey('article.id'), primary_key=True), db.Column('keyword_id', …)) in one line:
    using namespace forum;
    const orm::Table t = articleKeywords.table();
    QCOMPARE(t.name(), u"article_keywords"_s);
    QCOMPARE(t.columns().size(), 2);
    QCOMPARE(t.primaryKey(), (QStringList {u"article_id"_s, u"keyword_id"_s}));
    for (const orm::Column &c : t.columns())
        QCOMPARE(c.type, orm::Integer);
    QCOMPARE(t.foreignKeys().size(), 2);
    QCOMPARE(t.foreignKeys().at(0).referredTable, u"article"_s);
    QCOMPARE(t.foreignKeys().at(0).referredColumns, QStringList {u"id"_s});
    QCOMPARE(t.foreignKeys().at(0).onDelete, orm::ReferentialAction::Cascade);
    QCOMPARE(t.foreignKeys().at(1).columns, QStringList {u"keyword_id"_s});
    QCOMPARE(t.foreignKeys().at(1).referredTable, u"keyword"_s);
    // A table of one model with itself names its columns.
    QCOMPARE(follows.table().primaryKey(), (QStringList {u"follower_id"_s, u"followed_id"_s}));
}

void tst_Mapper::createAndDropAListOfModels()
{
    // db.create_all() / db.drop_all() for a list of models: their tables and the association
    // tables between them, parents first.
    using namespace forum;
    const orm::MetaData md = orm::MetaData::of<Keyword, Badge, Article, Author>();
    QStringList names;
    for (const orm::Table *t : md.sortedTables())
        names << t->name();
    QCOMPARE(names.size(), 6);
    QVERIFY(names.indexOf(u"author"_s) < names.indexOf(u"article"_s));
    QVERIFY(names.indexOf(u"author"_s) < names.indexOf(u"badge"_s));
    QVERIFY(names.indexOf(u"article"_s) < names.indexOf(u"article_keywords"_s));
    QVERIFY(names.indexOf(u"keyword"_s) < names.indexOf(u"article_keywords"_s));
    QVERIFY(names.contains(u"follows"_s));
    auto engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(md.createAll(engine->connection()));
    const QString tables = u"SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_schema "
                           "WHERE type = 'table' ORDER BY name)"_s;
    QCOMPARE(engine->connection().select(tables)->first().first().toString(),
             u"article,article_keywords,author,badge,follows,keyword"_s);
    QVERIFY(md.dropAll(engine->connection()));
    QVERIFY(engine->connection().select(tables)->first().first().isNull());
    // An association table comes with its two models only.
    const auto two = orm::MetaData::of<Article, Author>();
    QCOMPARE(two.tables().size(), 3); // and follows
}

void tst_Mapper::mappingErrorsStopTheProgram_data()
{
    QTest::addColumn<QString>("models");
    QTest::addColumn<QString>("message");
    QTest::newRow("no foreign key")
        << u"no foreign key"_s << u"Mapping Owner.items: no foreign key of item refers to owner"_s;
    QTest::newRow("several foreign keys")
        << u"several foreign keys"_s
        << u"Mapping Owner.items: several foreign keys of item refer to owner: pick one with "
           "foreignKeys()"_s;
    QTest::newRow("unnamed backref")
        << u"unnamed backref"_s
        << u"Mapping Owner.items: names a member of Item as its backref that Item does not "
           "declare"_s;
    QTest::newRow("view-only backref")
        << u"view-only backref"_s
        << u"Mapping Owner.items: a view-only relationship has no backref"_s;
    QTest::newRow("collection both ways")
        << u"collection both ways"_s
        << u"Mapping Item.owners: mirrors Owner.items, whose key is on this side"_s;
}

void tst_Mapper::mappingErrorsStopTheProgram()
{
    // Given models whose declarations make no sense, when they are configured, then the
    // program stops with a message naming the relationship and saying why.
    QFETCH(QString, models);
    QFETCH(QString, message);
    QProcess p;
    p.start(QStringLiteral(MAPPING_ERRORS), {models});
    QVERIFY(p.waitForFinished());
    const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);
    QVERIFY2(out.contains(message), qPrintable(out));
    QVERIFY2(!out.contains(u"mapped"_s), qPrintable(out));
}

void tst_Mapper::membersDeclaredWithTheirMapping()
{
    // Given models whose members are declared with their mapping, one line each (the mixin's
    // and the relationship's other side too), with Order, the backref side, used first,
    using namespace shop;
    const orm::EntityMeta &orders = Order::staticMeta();
    // then the columns are named after the members in snake case, in the order written, the
    // mixin's after the model's own, with their types and options;
    QStringList columns;
    for (const orm::ColumnMeta &c : orders.columns())
        columns << c.column.name;
    QCOMPARE(columns,
             (QStringList {u"id"_s, u"customer_id"_s, u"shipping_note"_s, u"created_at"_s,
                           u"revision"_s}));
    QCOMPARE(orders.tableName(), u"order"_s);
    QCOMPARE(orders.primaryKeyColumns(), QList<int> {0});
    QCOMPARE(orders.column(1).column.nullable, false);
    QCOMPARE(orders.table().foreignKeys().first().referredTable, u"customer"_s);
    QCOMPARE(orders.column(2).column.type, orm::Text);
    QVERIFY(orders.column(3).column.defaultFunction);
    QCOMPARE(orders.column(4).column.defaultValue, QVariant(1));
    const orm::EntityMeta &customers = Customer::staticMeta();
    QCOMPARE(customers.column(1).column.type, orm::String(120));
    QVERIFY(customers.column(1).column.unique);
    QCOMPARE(customers.table().indexes().size(), 1);
    // the relationships are both there, as soon as either model is (the member declared on
    // Order with no options is Customer.orders' backref).
    const orm::RelationshipMeta *customer = orders.relationship(u"customer"_s);
    QVERIFY(customer);
    QCOMPARE(customer->kind, orm::RelationshipKind::ManyToOne);
    QCOMPARE(customer->backref, u"orders"_s);
    QCOMPARE(customers.relationship(u"orders"_s)->kind, orm::RelationshipKind::OneToMany);

    // Objects read and written through them behave as any model's.
    auto engine = orm::Engine::create(u"sqlite://"_s);
    const auto shopTables = orm::MetaData::of<Customer, Order>();
    QVERIFY(shopTables.createAll(engine->connection()));
    {
        orm::Session session(engine);
        auto ann = std::make_shared<Customer>();
        ann->emailAddress = u"ann@example.com"_s;
        for (int i = 0; i < 2; ++i)
            ann->orders.append(std::make_shared<Order>());
        session.add(ann);
        ORM_VERIFY(session.commit(), session);
        QCOMPARE(ann->isActive, std::optional<bool>(true));
    }
    orm::Session session(engine);
    const auto order = session.query<Order>().filterBy(&Order::id, 1).one();
    QVERIFY(order);
    QCOMPARE(order->customer->emailAddress, u"ann@example.com"_s);
    QCOMPARE(order->revision, std::optional<qint64>(1));
    QCOMPARE(order->customer->orders.items().front()->id, 2); // newest first
}

QTEST_GUILESS_MAIN(tst_Mapper)
#include "tst_mapper.moc"
