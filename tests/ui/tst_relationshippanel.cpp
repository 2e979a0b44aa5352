// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/mapping/mapper.h"
#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "ui/relatedlistmodel.h"
#include "ui/relationshippanel.h"

#include <QPushButton>

using namespace uitest;

// Shelves whose books are a dynamic collection; a book's shelf refuses to load (raise).
namespace shelves {

class Book;

class Shelf : public orm::Model<Shelf>
{
public:
    qint64 id = 0;
    QString name;
    orm::Collection<Book> books {this};
    static void map(orm::Mapper<Shelf> &m);
};

class Book : public orm::Model<Book>
{
public:
    qint64 id = 0;
    QString title;
    std::optional<qint64> shelfId;
    orm::Reference<Shelf> shelf {this};
    static void map(orm::Mapper<Book> &m);
};

void Shelf::map(orm::Mapper<Shelf> &m)
{
    m.table(u"shelves"_s);
    m.column(&Shelf::id, u"id"_s).primaryKey();
    m.column(&Shelf::name, u"name"_s, orm::String(40)).notNull().isLabel();
    m.oneToMany(&Shelf::books, u"books"_s, {u"shelf_id"_s})
        .backref(u"shelf"_s)
        .lazy(orm::LoadStrategy::Dynamic);
}

void Book::map(orm::Mapper<Book> &m)
{
    m.table(u"books"_s);
    m.column(&Book::id, u"id"_s).primaryKey();
    m.column(&Book::title, u"title"_s, orm::String(80)).notNull().isLabel();
    m.column(&Book::shelfId, u"shelf_id"_s, orm::Integer).foreignKey(u"shelves.id"_s);
    m.manyToOne(&Book::shelf, u"shelf"_s, {u"shelf_id"_s})
        .backref(u"books"_s)
        .lazy(orm::LoadStrategy::Raise);
}

} // namespace shelves

class tst_RelationshipPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void countsALargeCollectionOnlyWhenItChanges();
    void showsDynamicAndRaiseRelationships();

private:
    QTemporaryDir m_dir;
    QString m_path;
};

void tst_RelationshipPanel::initTestCase()
{
    // Two users with 600 posts each: more than the panel lists.
    blog::DemoOptions options;
    options.users = 2;
    options.postsPerUser = 600;
    m_path = demoDatabase(m_dir, u"prolific.db"_s, options);
    QVERIFY(!m_path.isEmpty());
}

// The statements that count posts.
static int postCounts(const StatementLog &log)
{
    int n = 0;
    for (const QString &sql : log.sql())
        n += sql.contains(u"count("_s) && sql.contains(u"\"posts\""_s) ? 1 : 0;
    return n;
}

void tst_RelationshipPanel::countsALargeCollectionOnlyWhenItChanges()
{
    // Given the panel on alice, whose 600 posts are counted and shown from a query,
    auto doc = openDocument(m_path);
    QVERIFY(doc);
    const orm::EntityMeta &users = blog::User::staticMeta();
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    const auto alice = doc->session().get<blog::User>(1);
    const auto bob = doc->session().get<blog::User>(2);
    QVERIFY(alice && bob);
    ui::RelationshipPanel panel;
    panel.setDocument(doc.get());
    StatementLog log(doc->engine().connection());
    panel.setObject(alice);
    QCOMPARE(postCounts(log), 1);
    QCOMPARE(panel.listModel(u"posts"_s)->rowCount(), ui::RelationshipPanel::displayLimit);
    log.clear();

    // When her username is edited keystroke by keystroke (each staged, each refreshing),
    const int username = users.columnIndex(u"username"_s);
    for (const QString &text : {u"a"_s, u"al"_s, u"ali"_s})
        QVERIFY(doc->stageValue(alice, username, text, 42));
    QCOMPARE(alice->username, u"ali"_s);
    // then the posts are neither counted nor queried again, and are still listed;
    QCOMPARE(postCounts(log), 0);
    QCOMPARE(log.countContaining(u"FROM \"posts\""_s), 0);
    QCOMPARE(panel.listModel(u"posts"_s)->rowCount(), ui::RelationshipPanel::displayLimit);

    // when one of bob's posts is given to her, that relationship changed: counted again;
    const auto post =
        doc->session().query<blog::Post>().filterBy(&blog::Post::userId, qint64(2)).first();
    QVERIFY(post);
    QVERIFY(doc->stageValue(post, posts.columnIndex(u"user_id"_s), qint64(1)));
    QCOMPARE(postCounts(log), 1);
    // and after the commit, once more (the database changed), once.
    log.clear();
    QVERIFY2(doc->commit(), qPrintable(doc->lastError().text()));
    QCOMPARE(postCounts(log), 1);
    QCOMPARE(panel.listModel(u"posts"_s)->rowCount(), ui::RelationshipPanel::displayLimit);
}

void tst_RelationshipPanel::showsDynamicAndRaiseRelationships()
{
    using namespace shelves;
    // Given a shelf with two books, where Shelf.books is dynamic and Book.shelf 'raise',
    ui::StaticSchemaProvider schema({&Shelf::staticMeta(), &Book::staticMeta()},
                                    [](orm::Session &s, orm::Error *e) {
                                        orm::MetaData md;
                                        md.addTable(Shelf::staticMeta().table());
                                        md.addTable(Book::staticMeta().table());
                                        return md.createAll(s.connection(), e);
                                    });
    orm::Error error;
    auto doc = ui::Document::open(m_dir.filePath(u"shelves.db"_s), schema,
                                  ui::Document::OpenMode::CreateNew, &error);
    QVERIFY2(doc, qPrintable(error.text()));
    orm::Session &session = doc->session();
    {
        auto shelf = std::make_shared<Shelf>();
        shelf->name = u"top"_s;
        for (const QString &title : {u"first"_s, u"second"_s}) {
            auto b = std::make_shared<Book>();
            b->title = title;
            QVERIFY(shelf->books.append(b));
        }
        session.add(shelf);
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
        session.expungeAll();
    }
    const auto shelf = session.query<Shelf>().first();
    const auto book = session.query<Book>().first();
    QVERIFY(shelf && book);
    ui::RelationshipPanel panel;
    panel.setDocument(doc.get());
    // when the panel shows the shelf and a new book is staged on it,
    panel.setObject(shelf);
    {
        QAbstractItemModelTester tester(panel.listModel(u"books"_s));
        QCOMPARE(panel.listModel(u"books"_s)->rowCount(), 2);
        auto third = std::make_shared<Book>();
        third->title = u"third"_s;
        QVERIFY(doc->link(shelf, orm::relationshipOf<Shelf>(&Shelf::books), third));
        // then the dynamic collection lists it with the stored ones (its reads show staged
        // changes), without being loaded,
        QCOMPARE(panel.listModel(u"books"_s)->rowCount(), 3);
        QVERIFY(!session.isRelationLoaded(*shelf, orm::relationshipOf<Shelf>(&Shelf::books)));
    }
    // and a book's shelf, which refuses to load, is shown all the same (read by a query).
    panel.setObject(book);
    QCOMPARE(panel.linkButton(u"shelf"_s)->text(), u"top"_s);
    QVERIFY(!session.isRelationLoaded(*book, orm::relationshipOf<Book>(&Book::shelf)));
}

QTEST_MAIN(tst_RelationshipPanel)
#include "tst_relationshippanel.moc"
