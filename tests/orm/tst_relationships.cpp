// SPDX-License-Identifier: MIT
#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/query/query.h"
#include "orm/relationships/relatedread.h"
#include "testengine.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace blog;

namespace {

struct Db
{
    QTemporaryDir dir;
    QString url;
    std::shared_ptr<orm::Engine> engine;

    Db()
    {
        url = testengine::fresh(u"sqlite:///"_s + dir.filePath(u"blog.db"_s));
        engine = orm::Engine::create(url);
        orm::Error e;
        if (!engine || !metadata().createAll(engine->connection(), &e))
            qFatal("cannot create the database: %s", qPrintable(e.text()));
    }
    // A second, independent connection: what another process would see.
    std::shared_ptr<orm::Engine> other() const { return orm::Engine::create(url); }
};

std::shared_ptr<User> makeUser(const QString &name)
{
    auto u = std::make_shared<User>();
    u->username = name;
    u->email = name + u"@example.com"_s;
    return u;
}

std::shared_ptr<Post> makePost(const QString &title)
{
    auto p = std::make_shared<Post>();
    p->title = title;
    p->body = u"body of "_s + title;
    return p;
}

std::shared_ptr<Tag> makeTag(const QString &name)
{
    auto t = std::make_shared<Tag>();
    t->name = name;
    return t;
}

QStringList titles(const std::vector<std::shared_ptr<Post>> &posts)
{
    QStringList out;
    for (const auto &p : posts)
        out << p->title;
    out.sort();
    return out;
}

} // namespace

// People with one passport and one driving licence: one-to-one relationships whose foreign key
// is unique on the partner's table. A passport outlives its holder (a nullable key, cleared when
// replaced); a licence does not (delete-orphan, the key is NOT NULL), nor do its endorsements.
namespace partners {

class Passport;
class Licence;
class Endorsement;

class Person : public orm::Model<Person>
{
public:
    qint64 id = 0;
    QString name;
    orm::Reference<Passport> passport {this};
    orm::Reference<Licence> licence {this};
    static void map(orm::Mapper<Person> &m);
};

class Passport : public orm::Model<Passport>
{
public:
    qint64 id = 0;
    QString number;
    std::optional<qint64> personId;
    orm::Reference<Person> person {this};
    static void map(orm::Mapper<Passport> &m);
};

class Licence : public orm::Model<Licence>
{
public:
    qint64 id = 0;
    QString number;
    qint64 holderId = 0;
    orm::Reference<Person> holder {this};
    orm::Collection<Endorsement> endorsements {this};
    static void map(orm::Mapper<Licence> &m);
};

class Endorsement : public orm::Model<Endorsement>
{
public:
    qint64 id = 0;
    qint64 licenceId = 0;
    QString note;
    orm::Reference<Licence> licence {this};
    static void map(orm::Mapper<Endorsement> &m);
};

void Person::map(orm::Mapper<Person> &m)
{
    m.table(u"persons"_s);
    m.column(&Person::id, u"id"_s).primaryKey();
    m.column(&Person::name, u"name"_s, orm::String(40)).notNull();
    m.oneToOne(&Person::passport, u"passport"_s, {u"person_id"_s},
               orm::Mapper<Person>::ForeignKeyOn::Target)
        .backref(u"person"_s);
    m.oneToOne(&Person::licence, u"licence"_s, {u"holder_id"_s},
               orm::Mapper<Person>::ForeignKeyOn::Target)
        .backref(u"holder"_s)
        .cascade(orm::Cascade::All | orm::Cascade::DeleteOrphan);
}

void Passport::map(orm::Mapper<Passport> &m)
{
    m.table(u"passports"_s);
    m.column(&Passport::id, u"id"_s).primaryKey();
    m.column(&Passport::number, u"number"_s, orm::String(20)).notNull();
    m.column(&Passport::personId, u"person_id"_s, orm::Integer)
        .unique()
        .foreignKey(u"persons.id"_s);
    m.oneToOne(&Passport::person, u"person"_s, {u"person_id"_s},
               orm::Mapper<Passport>::ForeignKeyOn::Owner)
        .backref(u"passport"_s);
}

void Licence::map(orm::Mapper<Licence> &m)
{
    m.table(u"licences"_s);
    m.column(&Licence::id, u"id"_s).primaryKey();
    m.column(&Licence::number, u"number"_s, orm::String(20)).notNull();
    m.column(&Licence::holderId, u"holder_id"_s).unique().notNull().foreignKey(u"persons.id"_s);
    m.oneToOne(&Licence::holder, u"holder"_s, {u"holder_id"_s},
               orm::Mapper<Licence>::ForeignKeyOn::Owner)
        .backref(u"licence"_s);
    m.oneToMany(&Licence::endorsements, u"endorsements"_s, {u"licence_id"_s})
        .backref(u"licence"_s)
        .cascade(orm::Cascade::All | orm::Cascade::DeleteOrphan);
}

void Endorsement::map(orm::Mapper<Endorsement> &m)
{
    m.table(u"endorsements"_s);
    m.column(&Endorsement::id, u"id"_s).primaryKey();
    m.column(&Endorsement::licenceId, u"licence_id"_s).notNull().foreignKey(u"licences.id"_s);
    m.column(&Endorsement::note, u"note"_s, orm::Text);
    m.manyToOne(&Endorsement::licence, u"licence"_s, {u"licence_id"_s}).backref(u"endorsements"_s);
}

struct PartnerDb
{
    QTemporaryDir dir;
    QString url = testengine::fresh(u"sqlite:///"_s + dir.filePath(u"partners.db"_s));
    std::shared_ptr<orm::Engine> engine = orm::Engine::create(url);

    PartnerDb()
    {
        orm::MetaData md;
        for (const orm::EntityMeta *e : {&Person::staticMeta(), &Passport::staticMeta(),
                                         &Licence::staticMeta(), &Endorsement::staticMeta()})
            md.addTable(e->table());
        orm::Error e;
        if (!engine || !md.createAll(engine->connection(), &e))
            qFatal("cannot create the database: %s", qPrintable(e.text()));
    }
    std::shared_ptr<orm::Engine> other() const { return orm::Engine::create(url); }
};

std::shared_ptr<Person> makePerson(const QString &name)
{
    auto p = std::make_shared<Person>();
    p->name = name;
    return p;
}

std::shared_ptr<Passport> makePassport(const QString &number)
{
    auto p = std::make_shared<Passport>();
    p->number = number;
    return p;
}

std::shared_ptr<Licence> makeLicence(const QString &number)
{
    auto l = std::make_shared<Licence>();
    l->number = number;
    return l;
}

} // namespace partners

// Shelves whose books and labels are dynamic collections (live queries, never loaded whole).
namespace shelves {

class Book;
class Label;

class Shelf : public orm::Model<Shelf>
{
public:
    qint64 id = 0;
    QString name;
    orm::Collection<Book> books {this};
    orm::Collection<Label> labels {this};
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

class Label : public orm::Model<Label>
{
public:
    qint64 id = 0;
    QString name;
    orm::Collection<Shelf> shelves {this};
    static void map(orm::Mapper<Label> &m);
};

void Shelf::map(orm::Mapper<Shelf> &m)
{
    m.table(u"shelves"_s);
    m.column(&Shelf::id, u"id"_s).primaryKey();
    m.column(&Shelf::name, u"name"_s, orm::String(40)).notNull();
    m.oneToMany(&Shelf::books, u"books"_s, {u"shelf_id"_s})
        .backref(u"shelf"_s)
        .lazy(orm::LoadStrategy::Dynamic);
    m.manyToMany(&Shelf::labels, u"labels"_s, u"shelf_labels"_s, {u"shelf_id"_s}, {u"label_id"_s})
        .backref(u"shelves"_s)
        .lazy(orm::LoadStrategy::Dynamic);
}

void Book::map(orm::Mapper<Book> &m)
{
    m.table(u"books"_s);
    m.column(&Book::id, u"id"_s).primaryKey();
    m.column(&Book::title, u"title"_s, orm::String(80)).notNull();
    m.column(&Book::shelfId, u"shelf_id"_s, orm::Integer).foreignKey(u"shelves.id"_s);
    m.manyToOne(&Book::shelf, u"shelf"_s, {u"shelf_id"_s}).backref(u"books"_s);
}

void Label::map(orm::Mapper<Label> &m)
{
    m.table(u"labels"_s);
    m.column(&Label::id, u"id"_s).primaryKey();
    m.column(&Label::name, u"name"_s, orm::String(40)).notNull();
    m.manyToMany(&Label::shelves, u"shelves"_s, u"shelf_labels"_s, {u"label_id"_s}, {u"shelf_id"_s})
        .backref(u"labels"_s);
}

struct ShelfDb
{
    QTemporaryDir dir;
    QString url = testengine::fresh(u"sqlite:///"_s + dir.filePath(u"shelves.db"_s));
    std::shared_ptr<orm::Engine> engine = orm::Engine::create(url);

    ShelfDb()
    {
        orm::MetaData md;
        for (const orm::EntityMeta *e :
             {&Shelf::staticMeta(), &Book::staticMeta(), &Label::staticMeta()})
            md.addTable(e->table());
        orm::Table links(u"shelf_labels"_s);
        for (const QString &column : {u"shelf_id"_s, u"label_id"_s}) {
            orm::Column c;
            c.name = column;
            c.type = orm::Integer;
            c.primaryKey = true;
            c.nullable = false;
            links.addColumn(c);
        }
        md.addTable(links);
        orm::Error e;
        if (!engine || !md.createAll(engine->connection(), &e))
            qFatal("cannot create the database: %s", qPrintable(e.text()));
    }
    std::shared_ptr<orm::Engine> other() const { return orm::Engine::create(url); }
};

std::shared_ptr<Book> makeBook(const QString &title)
{
    auto b = std::make_shared<Book>();
    b->title = title;
    return b;
}

template<class Books>
QStringList bookTitles(const Books &books)
{
    QStringList out;
    for (const auto &b : books)
        out << b->title;
    out.sort();
    return out;
}

} // namespace shelves

// Recipes and their ingredients, a many-to-many declared on one side only: an ingredient has
// no relationship, so its row is deleted before the links are written, and the link goes
// with it (ON DELETE CASCADE).
namespace pantry {

class Ingredient;

class Recipe : public orm::Model<Recipe>
{
public:
    qint64 id = 0;
    QString name;
    orm::Collection<Ingredient> ingredients {this};
    static void map(orm::Mapper<Recipe> &m);
};

class Ingredient : public orm::Model<Ingredient>
{
public:
    qint64 id = 0;
    QString name;
    static void map(orm::Mapper<Ingredient> &m);
};

constexpr auto recipeIngredients = orm::associationTable<Recipe, Ingredient>("recipe_ingredients");

void Recipe::map(orm::Mapper<Recipe> &m)
{
    m.table(u"recipes"_s);
    m.column(&Recipe::id, u"id"_s).primaryKey();
    m.column(&Recipe::name, u"name"_s, orm::String(40)).notNull();
    m.relationship(&Recipe::ingredients, u"ingredients"_s).secondary(recipeIngredients);
}

void Ingredient::map(orm::Mapper<Ingredient> &m)
{
    m.table(u"ingredients"_s);
    m.column(&Ingredient::id, u"id"_s).primaryKey();
    m.column(&Ingredient::name, u"name"_s, orm::String(40)).notNull();
}

} // namespace pantry

class tst_Relationships : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString message;
        QVERIFY2(testengine::prepare(&message), qPrintable(message));
    }
    void manyToOneAndBackrefInMemory();
    void reassignmentMovesBetweenCollections();
    void longCollectionsKeepOrderAndMembership();
    void appendSetsForeignKeyAfterCommit();
    void aNewObjectGivenAKeyRefersToItsRow();
    void oneToOne();
    void aOneToOnePartnerGivenToAnotherLeavesItsOwner();
    void replacingAOneToOnePartner_data();
    void replacingAOneToOnePartner();
    void manyToManyFromEitherSide();
    void manyToManyRemoveAndReadBack();
    void selfReferential();
    void manyRepliesAndThePostsTheyAnswerInOneFlush();
    void newPostsReplyingToEachOther_data();
    void newPostsReplyingToEachOther();
    void saveUpdateCascade();
    void deleteCascadeAndOrphans();
    void orphanFromEitherSide_data();
    void orphanFromEitherSide();
    void orphanedOneToOneFromThePartnersSide();
    void deleteRefusedWithoutCascade();
    void objectsDeletedTogetherAreReleased();
    void deleteRemovesAssociationRows();
    void deletionPreview();
    void failedCommitKeepsRelationshipChanges();
    void rollbackExpiresRelationships();
    void stagedChangesAreStagedAgainAfterARollback();
    void anyHasContainsAndJoin();
    void selfReferentialAnyHasAndJoin();
    void dynamicQuery();
    void dynamicCollectionIsALiveQuery();
    void dynamicManyToMany();
    void readingAgainKeepsAOneToOneWhosePartnersAreStaged();
    void readingAgainKeepsARaiseRelationship();
    void anUnlinkAnotherProgramMadeFirstIsStaleData();
    void anUnlinkWithAnEndDeletedIsNoStaleData();
    void aRefusedLinkTakenBackIsReadAgain();
};

void tst_Relationships::manyToOneAndBackrefInMemory()
{
    // Given a transient user and post, when the post's author is set,
    auto u = makeUser(u"john"_s);
    auto p = makePost(u"First"_s);
    QVERIFY(p->author.set(u));
    // then the user's posts hold it, without any session.
    QCOMPARE(u->posts.size(), 1);
    QCOMPARE(u->posts.items().front().get(), p.get());
    // And appending sets the author.
    auto p2 = makePost(u"Second"_s);
    QVERIFY(u->posts.append(p2));
    QCOMPARE(p2->author.get().get(), u.get());
}

void tst_Relationships::reassignmentMovesBetweenCollections()
{
    Db db;
    orm::Session s(db.engine);
    auto a = makeUser(u"a"_s);
    auto b = makeUser(u"b"_s);
    auto p = makePost(u"moving"_s);
    QVERIFY(a->posts.append(p));
    s.add(a);
    s.add(b);
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(p->userId, a->id);

    // When the post's author changes, it leaves a's posts and joins b's.
    QCOMPARE(b->posts.size(), 0);
    QVERIFY(p->author.set(b));
    QCOMPARE(a->posts.size(), 0);
    QCOMPARE(b->posts.size(), 1);
    QCOMPARE(p->userId, b->id); // the key follows at once: the form shows it
    QVERIFY(s.commit());

    orm::Session fresh(db.other());
    auto bb = fresh.query<User>().findByUsername(u"b"_s);
    QCOMPARE(titles(bb->posts.items()), QStringList {u"moving"_s});
    QCOMPARE(fresh.query<User>().findByUsername(u"a"_s)->posts.size(), 0);
}

void tst_Relationships::longCollectionsKeepOrderAndMembership()
{
    // A collection grows past the length at which it keeps an index, shrinks below it and
    // grows again: order, membership and the other side stay right throughout.
    Db db;
    orm::Session s(db.engine);
    auto alice = makeUser(u"alice"_s);
    auto bob = makeUser(u"bob"_s);
    s.add(alice);
    s.add(bob);
    std::vector<std::shared_ptr<Post>> posts;
    for (int i = 0; i < 40; ++i) {
        posts.push_back(makePost(u"p%1"_s.arg(i, 2, 10, QChar(u'0'))));
        QVERIFY(alice->posts.append(posts.back()));
        QVERIFY(alice->posts.append(posts.back())); // already there: once
        QCOMPARE(alice->posts.size(), i + 1);
    }
    QCOMPARE(alice->posts.size(), 40);
    for (int i = 0; i < 40; i += 2)
        posts[size_t(i)]->author = bob; // moves to bob's posts
    QCOMPARE(alice->posts.size(), 20);
    QCOMPARE(bob->posts.size(), 20);
    for (int i = 0; i < 40; ++i) {
        QCOMPARE(alice->posts.contains(posts[size_t(i)]), i % 2 == 1);
        QCOMPARE(bob->posts.contains(posts[size_t(i)]), i % 2 == 0);
    }
    const auto kept = alice->posts.items();
    for (size_t i = 0; i < kept.size(); ++i)
        QCOMPARE(kept[i], posts[2 * i + 1]); // in the order they were added
    for (int i = 1; i < 40; i += 2)
        QVERIFY(alice->posts.remove(posts[size_t(i)]));
    QVERIFY(alice->posts.isEmpty());
    QVERIFY(alice->posts.append(posts[1]));
    QCOMPARE(alice->posts.size(), 1);
    for (int i = 3; i < 40; i += 2)
        QVERIFY(bob->posts.append(posts[size_t(i)])); // a post needs an author to be written
    QCOMPARE(bob->posts.size(), 39);
    QVERIFY(s.commit());

    // Read back in a new session: the database agrees.
    orm::Session t(db.engine);
    const auto bobAgain = t.query<User>().filterBy(&User::username, u"bob"_s).first();
    QVERIFY(bobAgain);
    QCOMPARE(bobAgain->posts.size(), 39);
    const auto aliceAgain = t.query<User>().filterBy(&User::username, u"alice"_s).first();
    QCOMPARE(titles(aliceAgain->posts.items()), QStringList {u"p01"_s});
}

void tst_Relationships::appendSetsForeignKeyAfterCommit()
{
    // The seeds' example: posts created with author=user, read back both ways.
    Db db;
    orm::Session s(db.engine);
    auto john = makeUser(u"john_doe"_s);
    s.add(john);
    QVERIFY(s.commit());
    auto p1 = makePost(u"My First Blog Post"_s);
    auto p2 = makePost(u"Another Post"_s);
    QVERIFY(p1->author.set(john));
    QVERIFY(p2->author.set(john));
    s.addAll({p1, p2});
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));

    orm::Session fresh(db.other());
    auto user = fresh.query<User>().findByUsername(u"john_doe"_s);
    QVERIFY(user);
    QCOMPARE(titles(user->posts.items()),
             (QStringList {u"Another Post"_s, u"My First Blog Post"_s}));
    auto post = fresh.query<Post>().filterBy(&Post::title, u"My First Blog Post"_s).first();
    QCOMPARE(post->author->username, u"john_doe"_s);
    QCOMPARE(post->author.get().get(), user.get()); // identity map: the same object
}

void tst_Relationships::aNewObjectGivenAKeyRefersToItsRow()
{
    // Given a new post given its author's key, not the author (as an import or a paste does),
    Db db;
    orm::Session s(db.engine);
    auto john = makeUser(u"john_doe"_s);
    s.add(john);
    QVERIFY(s.commit());
    auto post = makePost(u"By key"_s);
    post->userId = john->id;
    s.add(post);
    // reading its author finds the author by the key,
    QCOMPARE(post->author.get().get(), john.get());
    // and the key is written as given.
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(db.other());
    const auto read = fresh.query<Post>().filterBy(&Post::title, u"By key"_s).first();
    QVERIFY(read);
    QCOMPARE(read->userId, john->id);
}

void tst_Relationships::oneToOne()
{
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"solo"_s);
    auto p1 = std::make_shared<Profile>();
    p1->displayName = u"First"_s;
    QVERIFY(u->profile.set(p1));
    QCOMPARE(p1->user.get().get(), u.get());
    s.add(u); // save-update cascade adds the profile
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(p1->userId, u->id);

    // Replacing the profile orphans the old one, which delete-orphan removes.
    auto p2 = std::make_shared<Profile>();
    p2->displayName = u"Second"_s;
    QVERIFY(u->profile.set(p2));
    QVERIFY(!p1->user.get());
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));

    orm::Session fresh(db.other());
    QCOMPARE(fresh.query<Profile>().count().value(), 1);
    auto back = fresh.query<User>().findByUsername(u"solo"_s);
    QCOMPARE(back->profile->displayName, u"Second"_s);
    QCOMPARE(back->profile->user.get().get(), back.get());
}

void tst_Relationships::aOneToOnePartnerGivenToAnotherLeavesItsOwner()
{
    // Given alice with her profile and carol without one, read by another session,
    Db db;
    {
        orm::Session w(db.engine);
        auto a = makeUser(u"alice"_s);
        auto p = std::make_shared<Profile>();
        p->displayName = u"Moving"_s;
        QVERIFY(a->profile.set(p));
        w.addAll({a, makeUser(u"carol"_s)});
        QVERIFY2(w.commit(), qPrintable(w.lastError().text()));
    }
    orm::Session s(db.engine);
    auto alice = s.query<User>().findByUsername(u"alice"_s);
    auto carol = s.query<User>().findByUsername(u"carol"_s);
    const auto profile = s.query<Profile>().first();
    QVERIFY(alice && carol && profile);
    QCOMPARE(alice->profile.get(), profile);
    // the profile's side not loaded (it names alice by its key only),
    QVERIFY(!s.isRelationLoaded(*profile, orm::relationshipOf<Profile>(&Profile::user)));
    // when the profile is given to carol,
    QVERIFY(carol->profile.set(profile));
    // it has one owner: alice's side lets it go, in memory at once;
    QCOMPARE(carol->profile.get(), profile);
    QCOMPARE(profile->user.get(), carol);
    QVERIFY(!alice->profile.get());
    QCOMPARE(profile->userId, carol->id);
    // and the commit stores that.
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(db.other());
    QVERIFY(!fresh.query<User>().findByUsername(u"alice"_s)->profile.get());
    QCOMPARE(fresh.query<User>().findByUsername(u"carol"_s)->profile->displayName, u"Moving"_s);
}

void tst_Relationships::replacingAOneToOnePartner_data()
{
    QTest::addColumn<bool>("passport"); // replaced: the old one's key is cleared
    QTest::addColumn<bool>("licence"); // replaced: the old one is deleted (delete-orphan)
    QTest::addColumn<bool>("fromPartner"); // set through the new partner's side
    QTest::addColumn<bool>("crowded"); // other new rows of the same tables in the flush
    QTest::newRow("passport") << true << false << false << false;
    QTest::newRow("passport, from the partner") << true << false << true << false;
    QTest::newRow("licence") << false << true << false << false;
    QTest::newRow("licence, from the partner") << false << true << true << false;
    QTest::newRow("both, with other rows") << true << true << false << true;
    QTest::newRow("both, from the partners, with other rows") << true << true << true << true;
}

void tst_Relationships::replacingAOneToOnePartner()
{
    using namespace partners;
    QFETCH(bool, passport);
    QFETCH(bool, licence);
    QFETCH(bool, fromPartner);
    QFETCH(bool, crowded);
    // Given Ann with passport P1 and licence L1 (which has an endorsement), read again in a new
    // session where her partners are not loaded,
    PartnerDb db;
    {
        orm::Session s(db.engine);
        auto ann = makePerson(u"ann"_s);
        ann->passport = makePassport(u"P1"_s);
        auto l1 = makeLicence(u"L1"_s);
        auto endorsement = std::make_shared<Endorsement>();
        endorsement->note = u"clean"_s;
        QVERIFY(l1->endorsements.append(endorsement));
        ann->licence = l1;
        s.add(ann);
        QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    }
    orm::Session s(db.engine);
    auto ann = s.query<Person>().first();
    QVERIFY(ann);
    // when a new partner takes the old one's place (through either side),
    auto p2 = makePassport(u"P2"_s);
    auto l2 = makeLicence(u"L2"_s);
    if (passport) {
        if (fromPartner) {
            QVERIFY(p2->person.set(ann));
            s.add(p2);
        } else {
            QVERIFY(ann->passport.set(p2));
        }
    }
    if (licence) {
        if (fromPartner) {
            QVERIFY(l2->holder.set(ann));
            s.add(l2);
        } else {
            QVERIFY(ann->licence.set(l2));
        }
    }
    if (crowded) {
        for (int i = 0; i < 3; ++i) {
            auto other = makePerson(u"other %1"_s.arg(i));
            other->passport = makePassport(u"OP%1"_s.arg(i));
            other->licence = makeLicence(u"OL%1"_s.arg(i));
            s.add(other);
        }
    }
    // then the commit succeeds: the old passport's key is cleared, or the old licence deleted
    // with its endorsement, before the new row that takes the unique key is inserted.
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(s.pendingChangeCount(), 0);
    orm::Session fresh(db.other());
    auto back = fresh.get<Person>(ann->id);
    QVERIFY(back);
    QCOMPARE(back->passport->number, passport ? u"P2"_s : u"P1"_s);
    QCOMPARE(back->licence->number, licence ? u"L2"_s : u"L1"_s);
    auto p1 = fresh.query<Passport>().filterBy(&Passport::number, u"P1"_s).first();
    QVERIFY(p1); // a passport outlives its holder
    QCOMPARE(p1->personId.has_value(), !passport);
    QCOMPARE(fresh.query<Licence>().filterBy(&Licence::number, u"L1"_s).count().value(),
             licence ? 0 : 1);
    QCOMPARE(fresh.query<Endorsement>().count().value(), licence ? 0 : 1);
    const int others = crowded ? 3 : 0;
    QCOMPARE(fresh.query<Person>().count().value(), 1 + others);
    QCOMPARE(fresh.query<Passport>().count().value(), 1 + int(passport) + others);
    QCOMPARE(fresh.query<Licence>().count().value(), 1 + others);
}

void tst_Relationships::manyToManyFromEitherSide()
{
    Db db;
    orm::Session s(db.engine);
    auto post = makePost(u"Flask Tutorial"_s);
    auto python = makeTag(u"python"_s);
    auto flask = makeTag(u"flask"_s);
    auto author = makeUser(u"writer"_s);
    QVERIFY(author->posts.append(post));
    QVERIFY(post->tags.append(python)); // from the post's side
    QVERIFY(flask->posts.append(post)); // from the tag's side
    QCOMPARE(post->tags.size(), 2);
    QCOMPARE(python->posts.size(), 1);
    s.add(author);
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));

    orm::Session fresh(db.other());
    QCOMPARE(fresh.execute(u"SELECT count(*) FROM post_tags"_s)->rows.first().first().toInt(), 2);
    auto p = fresh.query<Post>().first();
    QStringList names;
    for (const auto &t : p->tags.items())
        names << t->name;
    names.sort();
    QCOMPARE(names, (QStringList {u"flask"_s, u"python"_s}));
    // The seeds' Post.query.filter(Post.tags.any(name='flask'))
    auto flaskPosts =
        fresh.query<Post>().filter(orm::any(&Post::tags, orm::col(&Tag::name) == u"flask"_s)).all();
    QCOMPARE(flaskPosts.size(), size_t(1));
}

void tst_Relationships::manyToManyRemoveAndReadBack()
{
    Db db;
    {
        orm::Session s(db.engine);
        auto u = makeUser(u"member"_s);
        auto g1 = std::make_shared<Group>();
        g1->name = u"one"_s;
        auto g2 = std::make_shared<Group>();
        g2->name = u"two"_s;
        QVERIFY(u->groups.append(g1));
        QVERIFY(u->groups.append(g2));
        s.add(u);
        QVERIFY(s.commit());
    }
    orm::Session s(db.engine);
    auto u = s.query<User>().findByUsername(u"member"_s);
    auto g1 = s.query<Group>().filterBy(&Group::name, u"one"_s).first();
    QCOMPARE(u->groups.size(), 2);
    // Removing through the group's side updates the user's loaded collection too.
    QVERIFY(g1->users.remove(u));
    QCOMPARE(u->groups.size(), 1);
    // Adding and removing the same link again cancels out.
    QVERIFY(u->groups.append(g1));
    QVERIFY(u->groups.remove(g1));
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(db.other());
    auto again = fresh.query<User>().findByUsername(u"member"_s);
    QCOMPARE(again->groups.size(), 1);
    QCOMPARE(again->groups.items().front()->name, u"two"_s);
}

void tst_Relationships::selfReferential()
{
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"poster"_s);
    auto root = makePost(u"root"_s);
    auto reply = makePost(u"reply"_s);
    QVERIFY(u->posts.append(root));
    QVERIFY(u->posts.append(reply));
    // The reply is added first; the flush still inserts the post it answers first.
    QVERIFY(reply->parent.set(root));
    s.add(reply);
    s.add(u);
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(reply->parentId.value(), root->id);
    QCOMPARE(root->replies.size(), 1);

    // Users following users, through one association table, both directions.
    auto a = makeUser(u"fa"_s);
    auto b = makeUser(u"fb"_s);
    s.addAll({a, b});
    QVERIFY(a->following.append(b));
    QCOMPARE(b->followers.size(), 1);
    QVERIFY(s.commit());
    orm::Session fresh(db.other());
    auto bb = fresh.query<User>().findByUsername(u"fb"_s);
    QCOMPARE(bb->followers.size(), 1);
    QCOMPARE(bb->followers.items().front()->username, u"fa"_s);
    QCOMPARE(bb->following.size(), 0);
}

void tst_Relationships::manyRepliesAndThePostsTheyAnswerInOneFlush()
{
    // Given 100 new posts, each followed by a new reply to it (rows of one table go out many at
    // a time, and each reply refers to a post that would still be waiting in the batch),
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"talker"_s);
    s.add(u);
    std::vector<std::shared_ptr<Post>> posts, replies;
    for (int i = 0; i < 100; ++i) {
        posts.push_back(makePost(u"post %1"_s.arg(i)));
        replies.push_back(makePost(u"reply %1"_s.arg(i)));
        QVERIFY(u->posts.append(posts.back()));
        QVERIFY(u->posts.append(replies.back()));
        QVERIFY(replies.back()->parent.set(posts.back()));
    }
    // when they are committed, every reply refers to the post it answers, written with it:
    // the batch goes first, so no reply is inserted without its post's key and patched later.
    int updates = 0;
    const int listener = db.engine->connection().addListener(
        [&updates](const orm::StatementRecord &r) { updates += r.sql.startsWith(u"UPDATE"_s); });
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    db.engine->connection().removeListener(listener);
    QCOMPARE(updates, 0);
    orm::Session fresh(db.other());
    for (int i = 0; i < 100; ++i) {
        QVERIFY(posts[size_t(i)]->id > 0);
        QCOMPARE(replies[size_t(i)]->parentId.value(), posts[size_t(i)]->id);
        auto reply = fresh.get<Post>(replies[size_t(i)]->id);
        QVERIFY(reply);
        QCOMPARE(reply->title, u"reply %1"_s.arg(i));
        QVERIFY(reply->parent.get());
        QCOMPARE(reply->parent.get()->title, u"post %1"_s.arg(i));
    }
}

void tst_Relationships::newPostsReplyingToEachOther_data()
{
    QTest::addColumn<bool>("linkedBeforeAdding");
    QTest::addColumn<bool>("alone"); // no other new row of the table in the flush
    QTest::newRow("linked while staged") << false << false;
    QTest::newRow("linked before staging") << true << false;
    QTest::newRow("linked while staged, alone") << false << true;
    QTest::newRow("linked before staging, alone") << true << true;
}

void tst_Relationships::newPostsReplyingToEachOther()
{
    // Given two new posts that answer each other (a cycle: neither can be written with the
    // other's key, which the database has not assigned yet),
    QFETCH(bool, linkedBeforeAdding);
    QFETCH(bool, alone);
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"arguer"_s);
    s.add(u);
    if (!alone) {
        for (int i = 0; i < 5; ++i)
            QVERIFY(u->posts.append(makePost(u"other %1"_s.arg(i))));
    }
    auto a = makePost(u"a"_s);
    auto b = makePost(u"b"_s);
    auto link = [&] {
        QVERIFY(a->parent.set(b));
        QVERIFY(b->parent.set(a));
    };
    if (linkedBeforeAdding)
        link();
    QVERIFY(u->posts.append(a));
    QVERIFY(u->posts.append(b));
    if (!linkedBeforeAdding)
        link();
    // when they are committed, both rows refer to each other in the database.
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QVERIFY(a->id > 0 && b->id > 0);
    QCOMPARE(a->parentId.value_or(-1), b->id);
    QCOMPARE(b->parentId.value_or(-1), a->id);
    orm::Session fresh(db.other());
    auto fa = fresh.get<Post>(a->id);
    auto fb = fresh.get<Post>(b->id);
    QVERIFY(fa && fb);
    QCOMPARE(fa->parentId.value_or(-1), b->id);
    QCOMPARE(fb->parentId.value_or(-1), a->id);
    QCOMPARE(s.pendingChangeCount(), 0);
}

void tst_Relationships::saveUpdateCascade()
{
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"cascader"_s);
    QVERIFY(u->posts.append(makePost(u"one"_s)));
    QVERIFY(u->posts.append(makePost(u"two"_s)));
    s.add(u);
    QCOMPARE(s.pendingChangeCount(), 3);
    QVERIFY(s.commit());
    // Appending to a persistent user's collection adds the new post too.
    QVERIFY(u->posts.append(makePost(u"three"_s)));
    QCOMPARE(s.pendingChangeCount(), 1);
    QVERIFY(s.commit());
    orm::Session fresh(db.other());
    QCOMPARE(fresh.query<Post>().count().value(), 3);
}

void tst_Relationships::deleteCascadeAndOrphans()
{
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"parent"_s);
    auto root = makePost(u"root"_s);
    auto r1 = makePost(u"r1"_s);
    auto r2 = makePost(u"r2"_s);
    for (const auto &p : {root, r1, r2})
        QVERIFY(u->posts.append(p));
    QVERIFY(root->replies.append(r1));
    QVERIFY(root->replies.append(r2));
    s.add(u);
    QVERIFY(s.commit());
    // Deleting a post deletes its replies (cascade delete).
    s.remove(root);
    QVERIFY(s.isMarkedForDeletion(*r1));
    QVERIFY(s.isMarkedForDeletion(*r2));
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(db.other());
    QCOMPARE(fresh.query<Post>().count().value(), 0);
    QCOMPARE(r1->objectState(), orm::ObjectState::Detached);
    QCOMPARE(u->posts.size(), 0);
}

void tst_Relationships::orphanFromEitherSide_data()
{
    // Steps on one endorsement: "none" / "L2" set its licence; "-L1" / "+L2" remove it from a
    // licence's endorsements or append it there. Licence.endorsements deletes orphans.
    QTest::addColumn<bool>("isNew"); // a new endorsement, appended to L1 in this session
    QTest::addColumn<bool>("licencesLoaded"); // L1 and L2 in the session (else only the key)
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QString>("expected"); // the licence it ends with, or "deleted"
    auto row = [](const char *name, bool isNew, bool loaded, const QStringList &steps,
                  const QString &expected) {
        QTest::newRow(name) << isNew << loaded << steps << expected;
    };
    row("licence cleared", false, true, {u"none"_s}, u"deleted"_s);
    row("licence cleared, licence not loaded", false, false, {u"none"_s}, u"deleted"_s);
    row("removed from the collection", false, true, {u"-L1"_s}, u"deleted"_s);
    row("moved to another licence", false, true, {u"L2"_s}, u"L2"_s);
    row("moved, licence not loaded", false, false, {u"L2"_s}, u"L2"_s);
    row("cleared, then given another", false, true, {u"none"_s, u"L2"_s}, u"L2"_s);
    row("cleared, then given its own again", false, true, {u"none"_s, u"L1"_s}, u"L1"_s);
    row("removed, then appended to another", false, true, {u"-L1"_s, u"+L2"_s}, u"L2"_s);
    row("moved, then removed from the new one", false, true, {u"L2"_s, u"-L2"_s}, u"deleted"_s);
    row("moved, then cleared", false, true, {u"L2"_s, u"none"_s}, u"deleted"_s);
    row("new, cleared", true, true, {u"none"_s}, u"deleted"_s);
    row("new, cleared, then given another", true, true, {u"none"_s, u"L2"_s}, u"L2"_s);
}

void tst_Relationships::orphanFromEitherSide()
{
    using namespace partners;
    QFETCH(bool, isNew);
    QFETCH(bool, licencesLoaded);
    QFETCH(QStringList, steps);
    QFETCH(QString, expected);
    // Given licences L1 (with endorsements "first" and "second") and L2,
    PartnerDb db;
    {
        orm::Session s(db.engine);
        for (const QString &name : {u"ann"_s, u"bob"_s}) {
            auto p = makePerson(name);
            p->licence = makeLicence(name == u"ann"_s ? u"L1"_s : u"L2"_s);
            s.add(p);
        }
        QVERIFY(s.commit());
        auto l1 = s.query<Licence>().filterBy(&Licence::number, u"L1"_s).first();
        for (const QString &note : {u"first"_s, u"second"_s}) {
            auto e = std::make_shared<Endorsement>();
            e->note = note;
            QVERIFY(l1->endorsements.append(e));
        }
        QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    }
    orm::Session s(db.engine);
    std::shared_ptr<Licence> l1, l2;
    auto licence = [&](const QString &number) {
        return s.query<Licence>().filterBy(&Licence::number, number).first();
    };
    if (licencesLoaded) {
        l1 = licence(u"L1"_s);
        l2 = licence(u"L2"_s);
    }
    std::shared_ptr<Endorsement> e;
    if (isNew) {
        e = std::make_shared<Endorsement>();
        e->note = u"new"_s;
        QVERIFY(l1->endorsements.append(e));
    } else {
        e = s.query<Endorsement>().filterBy(&Endorsement::note, u"first"_s).first();
    }
    // when its licence changes through the endorsement's side or the licences' collections,
    for (const QString &step : steps) {
        if (step == u"none"_s) {
            QVERIFY(e->licence.set(nullptr));
        } else if (step.startsWith(u'-') || step.startsWith(u'+')) {
            auto target = licence(step.mid(1));
            QVERIFY(step.startsWith(u'-') ? target->endorsements.remove(e)
                                          : target->endorsements.append(e));
        } else {
            QVERIFY(e->licence.set(licence(step)));
        }
    }
    // then an endorsement left without a licence is deleted at commit, as SQLAlchemy's
    // delete-orphan does, and one that has a licence again is kept.
    QCOMPARE(s.isMarkedForDeletion(*e) || (isNew && !s.contains(*e)), expected == u"deleted"_s);
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(db.other());
    const auto notes = fresh.query<Endorsement>().orderBy(&Endorsement::note).all();
    QStringList found;
    for (const auto &n : notes)
        found << n->note + u'@' + n->licence->number;
    QStringList want {u"second@L1"_s};
    if (isNew)
        want << u"first@L1"_s;
    if (expected != u"deleted"_s)
        want << e->note + u'@' + expected;
    want.sort();
    found.sort();
    QCOMPARE(found, want);
    QCOMPARE(fresh.query<Licence>().count().value(), 2); // the licences stay
}

void tst_Relationships::orphanedOneToOneFromThePartnersSide()
{
    using namespace partners;
    // Given Ann's licence L1 with an endorsement, and Bob without a licence,
    PartnerDb db;
    {
        orm::Session s(db.engine);
        auto ann = makePerson(u"ann"_s);
        auto l1 = makeLicence(u"L1"_s);
        QVERIFY(l1->endorsements.append(std::make_shared<Endorsement>()));
        ann->licence = l1;
        s.addAll({ann, makePerson(u"bob"_s)});
        QVERIFY(s.commit());
    }
    for (bool givenToBob : {false, true}) {
        orm::Session s(db.engine);
        auto l1 = s.query<Licence>().first();
        // when the licence's holder is cleared (Person.licence deletes orphans),
        QVERIFY(l1->holder.set(nullptr));
        QVERIFY(s.isMarkedForDeletion(*l1));
        if (givenToBob) {
            // (and, the second time, given to Bob before the commit)
            QVERIFY(l1->holder.set(s.query<Person>().filterBy(&Person::name, u"bob"_s).first()));
            QVERIFY(!s.isMarkedForDeletion(*l1));
            QVERIFY(!s.isMarkedForDeletion(*l1->endorsements.items().front()));
            QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
            orm::Session fresh(db.other());
            QCOMPARE(fresh.query<Licence>().first()->holder->name, u"bob"_s);
            QCOMPARE(fresh.query<Endorsement>().count().value(), 1);
        } else {
            // then it is deleted with its endorsement; rolled back, it is kept.
            QVERIFY(s.isMarkedForDeletion(*l1->endorsements.items().front()));
            s.rollback();
            QVERIFY(!s.isMarkedForDeletion(*l1));
            QCOMPARE(l1->holder->name, u"ann"_s);
        }
    }
    orm::Session s(db.engine);
    auto l1 = s.query<Licence>().first();
    QVERIFY(l1->holder.set(nullptr));
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(db.other());
    QCOMPARE(fresh.query<Licence>().count().value(), 0);
    QCOMPARE(fresh.query<Endorsement>().count().value(), 0);
    QCOMPARE(fresh.query<Person>().count().value(), 2);
}

void tst_Relationships::deleteRefusedWithoutCascade()
{
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"keeper"_s);
    QVERIFY(u->posts.append(makePost(u"p"_s)));
    s.add(u);
    QVERIFY(s.commit());
    // User.posts has no delete cascade and posts.user_id is NOT NULL: refused, nothing written.
    s.remove(u);
    QVERIFY(!s.commit());
    const orm::Error e = s.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::Constraint);
    QCOMPARE(e.constraint(), orm::Error::Constraint::Relationship);
    QVERIFY2(e.message().contains(u"User.posts"_s), qPrintable(e.message()));
    QCOMPARE(e.entity(), u"User"_s);
    QVERIFY(s.isMarkedForDeletion(*u)); // the staged deletion is kept
    orm::Session fresh(db.other());
    QCOMPARE(fresh.query<User>().count().value(), 1);
    QCOMPARE(fresh.query<Post>().count().value(), 1);
    // Deleting the post first makes it possible.
    s.remove(u->posts.items().front());
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(fresh.query<User>().count().value(), 0);
}

void tst_Relationships::objectsDeletedTogetherAreReleased()
{
    // Given a user and her post, deleted together and committed,
    Db db;
    orm::Session s(db.engine);
    std::weak_ptr<User> user;
    std::weak_ptr<Post> post;
    auto keeper = makeUser(u"keeper"_s);
    auto kept = makePost(u"kept"_s);
    {
        auto u = makeUser(u"leaver"_s);
        auto p = makePost(u"left"_s);
        QVERIFY(u->posts.append(p));
        QVERIFY(keeper->posts.append(kept));
        s.addAll({u, keeper});
        QVERIFY(s.commit());
        s.remove(p);
        s.remove(u);
        s.remove(kept);
        QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
        QCOMPARE(u->objectState(), orm::ObjectState::Detached);
        QCOMPARE(p->objectState(), orm::ObjectState::Detached);
        // (each side forgets the other: both are gone)
        QCOMPARE(u->posts.size(), 0);
        QVERIFY(!p->author.get());
        user = u;
        post = p;
    }
    // then nothing keeps them alive once the program lets go of them,
    QVERIFY(user.expired());
    QVERIFY(post.expired());
    // and a deleted post whose author stays still names her.
    QCOMPARE(kept->objectState(), orm::ObjectState::Detached);
    QCOMPARE(kept->author.get(), keeper);
    QCOMPARE(keeper->posts.size(), 0);
}

void tst_Relationships::deleteRemovesAssociationRows()
{
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"tagger"_s);
    auto p = makePost(u"tagged"_s);
    auto t = makeTag(u"x"_s);
    QVERIFY(u->posts.append(p));
    QVERIFY(p->tags.append(t));
    s.add(u);
    QVERIFY(s.commit());
    s.remove(t);
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(db.other());
    QCOMPARE(fresh.execute(u"SELECT count(*) FROM post_tags"_s)->rows.first().first().toInt(), 0);
    QCOMPARE(fresh.query<Post>().count().value(), 1);
    QCOMPARE(p->tags.size(), 0); // the deleted tag left the loaded collection
}

void tst_Relationships::deletionPreview()
{
    Db db;
    orm::Session s(db.engine);
    auto u = makeUser(u"previewed"_s);
    auto root = makePost(u"root"_s);
    QVERIFY(u->posts.append(root));
    for (int i = 0; i < 3; ++i) {
        auto r = makePost(u"reply %1"_s.arg(i));
        QVERIFY(u->posts.append(r));
        QVERIFY(root->replies.append(r));
    }
    auto profile = std::make_shared<Profile>();
    QVERIFY(u->profile.set(profile));
    s.add(u);
    QVERIFY(s.commit());
    const auto postPreview = s.deletionPreview(*root);
    QVERIFY(!postPreview.error.isError());
    QCOMPARE(postPreview.alsoDeleted.size(), size_t(3));
    const auto userPreview = s.deletionPreview(*u);
    QVERIFY(userPreview.error.isError());
    QVERIFY2(userPreview.error.message().contains(u"4 posts"_s),
             qPrintable(userPreview.error.message()));
    QVERIFY(!s.hasPendingChanges()); // a preview stages nothing
}

void tst_Relationships::failedCommitKeepsRelationshipChanges()
{
    Db db;
    orm::Session s(db.engine);
    auto taken = makeUser(u"taken"_s);
    s.add(taken);
    QVERIFY(s.commit());
    // A new user with a post and a tag, but a duplicate username.
    auto dup = makeUser(u"taken"_s);
    dup->email = u"dup@example.com"_s;
    auto post = makePost(u"kept"_s);
    auto tag = makeTag(u"kept-tag"_s);
    QVERIFY(dup->posts.append(post));
    QVERIFY(post->tags.append(tag));
    s.add(dup);
    QVERIFY(!s.commit());
    QCOMPARE(s.lastError().column(), u"username"_s);
    QCOMPARE(post->objectState(), orm::ObjectState::Pending);
    QCOMPARE(post->userId, 0);
    QCOMPARE(post->author.get().get(), dup.get());
    QCOMPARE(post->tags.size(), 1);
    // Fix the one field, commit again: everything lands, links included.
    dup->username = u"fresh"_s;
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(db.other());
    auto back = fresh.query<User>().findByUsername(u"fresh"_s);
    QCOMPARE(back->posts.size(), 1);
    QCOMPARE(back->posts.items().front()->tags.size(), 1);
}

void tst_Relationships::rollbackExpiresRelationships()
{
    Db db;
    orm::Session s(db.engine);
    auto a = makeUser(u"ra"_s);
    auto b = makeUser(u"rb"_s);
    auto p = makePost(u"p"_s);
    QVERIFY(a->posts.append(p));
    s.addAll({a, b});
    QVERIFY(s.commit());
    QVERIFY(p->author.set(b));
    QVERIFY(p->tags.append(makeTag(u"temp"_s)));
    s.rollback();
    QCOMPARE(p->userId, a->id);
    QCOMPARE(p->author.get().get(), a.get());
    QCOMPARE(a->posts.size(), 1);
    QCOMPARE(b->posts.size(), 0);
    QCOMPARE(p->tags.size(), 0);
    QVERIFY(!s.hasPendingChanges());
}

void tst_Relationships::stagedChangesAreStagedAgainAfterARollback()
{
    // Given values, new objects linked to each other, links and a deletion, all staged,
    Db db;
    orm::Session s(db.engine);
    auto alice = makeUser(u"alice"_s);
    auto p1 = makePost(u"p1"_s);
    auto t1 = makeTag(u"t1"_s);
    auto t2 = makeTag(u"t2"_s);
    auto t3 = makeTag(u"t3"_s);
    QVERIFY(alice->posts.append(p1));
    QVERIFY(p1->tags.append(t1));
    s.addAll({alice, t2, t3});
    QVERIFY(s.commit());
    alice->email = u"alice@rowsmith.org"_s;
    auto newbie = makeUser(u"newbie"_s);
    auto np = makePost(u"np"_s);
    s.add(newbie);
    s.add(np);
    QVERIFY(np->author.set(newbie)); // a parent without a key yet
    QVERIFY(p1->tags.append(t2));
    QVERIFY(p1->tags.remove(t1));
    s.remove(t3);
    const int count = s.pendingChangeCount();
    QVERIFY(count >= 6);
    // when they are captured, dropped and staged again,
    const orm::StagedChanges staged = s.stagedChanges();
    s.rollback();
    QVERIFY(!s.hasPendingChanges());
    QCOMPARE(alice->email, u"alice@example.com"_s);
    s.restage(staged);
    // then every change is staged as before, and a commit writes them all.
    QCOMPARE(s.pendingChangeCount(), count);
    QCOMPARE(alice->email, u"alice@rowsmith.org"_s);
    QCOMPARE(np->author.get(), newbie);
    QVERIFY(s.isMarkedForDeletion(*t3));
    QVERIFY(s.commit());
    orm::Session other(db.other());
    QCOMPARE(other.query<User>().findByUsername(u"alice"_s)->email, u"alice@rowsmith.org"_s);
    const auto readNp = other.query<Post>().filterBy(&Post::title, u"np"_s).first();
    QVERIFY(readNp);
    QCOMPARE(readNp->userId, newbie->id);
    QStringList tags;
    for (const auto &t : other.get<Post>(p1->id)->tags.items())
        tags << t->name;
    QCOMPARE(tags, QStringList {u"t2"_s});
    QVERIFY(!other.query<Tag>().filterBy(&Tag::name, u"t3"_s).first());
}

void tst_Relationships::anyHasContainsAndJoin()
{
    Db db;
    orm::Session s(db.engine);
    QVERIFY(blog::generateDemoData(s, blog::DemoOptions {10, 5, 6, 2, 7}));
    orm::Session q(db.engine);
    // has(): posts whose author is alice
    const auto byAlice =
        q.query<Post>()
            .filter(orm::has(&Post::author, orm::col(&User::username) == u"alice"_s))
            .all();
    QCOMPARE(byAlice.size(), size_t(5));
    // join along a relationship, filter and order on the joined table's column
    const auto joined = q.query<Post>()
                            .join(&Post::author)
                            .filter(orm::col(&User::username) == u"alice"_s)
                            .orderBy(orm::col(&Post::title).asc())
                            .all();
    QCOMPARE(joined.size(), size_t(5));
    // any() on a one-to-many: users with at least one post titled like '%on python%'
    const auto writers =
        q.query<User>()
            .filter(orm::any(&User::posts, orm::col(&Post::title).contains(u"python"_s)))
            .all();
    for (const auto &w : writers) {
        bool found = false;
        for (const auto &p : w->posts.items())
            found = found || p->title.contains(u"python"_s);
        QVERIFY(found);
    }
    // contains(): posts tagged with a given tag object
    auto tag = q.query<Tag>().first();
    const auto tagged = q.query<Post>().filter(orm::contains(&Post::tags, *tag)).all();
    QCOMPARE(qint64(tagged.size()), tag->posts.size());
    // an outer join keeps users without posts, each once
    const auto all = q.query<User>().outerJoin(&User::posts).all();
    QCOMPARE(all.size(), size_t(10));
}

void tst_Relationships::selfReferentialAnyHasAndJoin()
{
    // Given posts root <- a <- b (each a reply to the one before) and a lonely one, and users
    // of whom fa follows fb,
    Db db;
    {
        orm::Session s(db.engine);
        auto u = makeUser(u"writer"_s);
        std::vector<std::shared_ptr<Post>> posts;
        for (const QString &title : {u"root"_s, u"a"_s, u"b"_s, u"lonely"_s}) {
            posts.push_back(makePost(title));
            QVERIFY(u->posts.append(posts.back()));
        }
        QVERIFY(posts[1]->parent.set(posts[0]));
        QVERIFY(posts[2]->parent.set(posts[1]));
        auto fa = makeUser(u"fa"_s);
        auto fb = makeUser(u"fb"_s);
        QVERIFY(fa->following.append(fb));
        s.addAll({u, fa, fb});
        QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    }
    orm::Session q(db.engine);
    auto titlesOf = [&q](const orm::Expr &condition) {
        return titles(q.query<Post>().filter(condition).all());
    };
    const auto title = orm::col(&Post::title);
    // then any() and has() name the related rows by an implicit alias, as SQLAlchemy does,
    QCOMPARE(titlesOf(orm::any(&Post::replies)), (QStringList {u"a"_s, u"root"_s}));
    QCOMPARE(titlesOf(orm::has(&Post::parent)), (QStringList {u"a"_s, u"b"_s}));
    QVERIFY(!q.lastError().isError());
    // a condition on the table is about the related row (SQLAlchemy adapts it the same way),
    QCOMPARE(titlesOf(orm::any(&Post::replies, title == u"b"_s)), QStringList {u"a"_s});
    QCOMPARE(titlesOf(orm::has(&Post::parent, title == u"root"_s)), QStringList {u"a"_s});
    QCOMPARE(titlesOf(!orm::has(&Post::parent) && !orm::any(&Post::replies)),
             QStringList {u"lonely"_s});
    // nested, each level has its own,
    QCOMPARE(titlesOf(orm::any(&Post::replies, orm::any(&Post::replies, title == u"b"_s))),
             QStringList {u"root"_s});
    QCOMPARE(titlesOf(orm::has(&Post::parent, orm::has(&Post::parent))), QStringList {u"b"_s});
    // an explicit alias names the related row, and the table the query's own,
    const auto reply = orm::aliased<Post>();
    QCOMPARE(titlesOf(orm::any(&Post::replies, reply,
                               reply.col(&Post::title) == u"b"_s && title == u"a"_s)),
             QStringList {u"a"_s});
    QCOMPARE(titlesOf(orm::any(&Post::replies, reply,
                               reply.col(&Post::title) == u"b"_s && title == u"root"_s)),
             QStringList());
    const auto parent = orm::aliased<Post>(u"parent_post"_s);
    QCOMPARE(titlesOf(orm::has(&Post::parent, parent, parent.col(&Post::title).startsWith(u"r"_s))),
             QStringList {u"a"_s});
    // contains() too,
    auto a = q.query<Post>().filterBy(&Post::title, u"a"_s).first();
    QCOMPARE(titlesOf(orm::contains(&Post::replies, *a)), QStringList {u"root"_s});
    // and so do joins.
    const auto joined = q.query<Post>()
                            .join(&Post::parent, parent)
                            .filter(parent.col(&Post::title) == u"root"_s)
                            .all();
    QCOMPARE(titles(joined), QStringList {u"a"_s});
    // A self-referential many-to-many (users following users) alike.
    auto usernames = [&q](const orm::Expr &condition) {
        QStringList out;
        for (const auto &u : q.query<User>().filter(condition).all())
            out << u->username;
        out.sort();
        return out;
    };
    QCOMPARE(usernames(orm::any(&User::following)), QStringList {u"fa"_s});
    QCOMPARE(usernames(orm::any(&User::followers)), QStringList {u"fb"_s});
    QCOMPARE(usernames(orm::any(&User::following, orm::col(&User::username) == u"fb"_s)),
             QStringList {u"fa"_s});
    const auto followed = orm::aliased<User>();
    QCOMPARE(
        usernames(orm::any(&User::following, followed, followed.col(&User::username) == u"fa"_s)),
        QStringList());
}

void tst_Relationships::dynamicQuery()
{
    Db db;
    orm::Session s(db.engine);
    QVERIFY(blog::generateDemoData(s, blog::DemoOptions {3, 25, 4, 1, 9}));
    orm::Session q(db.engine);
    orm::StatementRecord last;
    auto u = q.query<User>().first();
    int statements = 0;
    const int id = q.connection().addListener([&](const orm::StatementRecord &r) {
        ++statements;
        last = r;
    });
    auto posts = u->posts.query();
    QCOMPARE(posts.count().value(), 25);
    QVERIFY2(last.sql.contains(u"count(*)"_s), qPrintable(last.sql));
    const auto page = posts.orderBy(orm::col(&Post::id).asc()).paginate(2, 10);
    QCOMPARE(page.items.size(), size_t(10));
    QCOMPARE(page.total, 25);
    QCOMPARE(page.pages(), 3);
    QVERIFY(last.sql.contains(u"LIMIT"_s));
    const auto filtered = posts.filter(orm::col(&Post::title).like(u"%o%"_s)).count().value();
    QVERIFY(filtered > 0 && filtered <= 25);
    QVERIFY(!u->posts.isLoaded()); // counted and paged in SQL, never loaded whole
    q.connection().removeListener(id);
    QCOMPARE(statements, 4);
}

void tst_Relationships::dynamicCollectionIsALiveQuery()
{
    using namespace shelves;
    // Given shelf "s" with three books and an empty shelf "t",
    ShelfDb db;
    {
        orm::Session w(db.engine);
        auto shelf = std::make_shared<Shelf>();
        shelf->name = u"s"_s;
        for (const QString &title : {u"b1"_s, u"b2"_s, u"b3"_s})
            QVERIFY(shelf->books.append(makeBook(title)));
        auto t = std::make_shared<Shelf>();
        t->name = u"t"_s;
        w.addAll({shelf, t});
        QVERIFY2(w.commit(), qPrintable(w.lastError().text()));
        // (a new shelf's collection is in memory: its rows are not written yet)
        QCOMPARE(shelf->books.size(), 3);
    }
    orm::Session s(db.engine);
    const orm::RelationshipMeta &books = orm::relationshipOf<Shelf>(&Shelf::books);
    auto shelf = s.query<Shelf>().filterBy(&Shelf::name, u"s"_s).first();
    auto t = s.query<Shelf>().filterBy(&Shelf::name, u"t"_s).first();
    QStringList sql;
    const int listener = db.engine->connection().addListener(
        [&sql](const orm::StatementRecord &r) { sql << r.sql; });
    // when it is iterated and counted, each runs SQL, and nothing is kept;
    QCOMPARE(bookTitles(shelf->books.items()), (QStringList {u"b1"_s, u"b2"_s, u"b3"_s}));
    QCOMPARE(shelf->books.size(), 3);
    QCOMPARE(bookTitles(shelf->books.items()), (QStringList {u"b1"_s, u"b2"_s, u"b3"_s}));
    QCOMPARE(sql.size(), 3);
    QVERIFY2(sql.at(1).contains(u"count(*)"_s), qPrintable(sql.at(1)));
    QVERIFY(!s.isRelationLoaded(*shelf, books));
    // a row another program adds is seen at the next read,
    {
        orm::Session other(db.other());
        auto theirs = makeBook(u"theirs"_s);
        theirs->shelfId = shelf->id;
        other.add(theirs);
        QVERIFY(other.commit());
    }
    QCOMPARE(shelf->books.size(), 4);
    auto b1 = s.query<Book>().filterBy(&Book::title, u"b1"_s).first();
    auto b2 = s.query<Book>().filterBy(&Book::title, u"b2"_s).first();
    // appends and removals are staged (no SQL writes), and the next reads show them,
    sql.clear();
    auto fresh = makeBook(u"fresh"_s);
    QVERIFY(shelf->books.append(fresh));
    QVERIFY(shelf->books.remove(b1));
    QVERIFY(b2->shelf.set(t)); // moved, from the book's side
    for (const QString &statement : std::as_const(sql))
        QVERIFY2(statement.startsWith(u"SELECT"_s), qPrintable(statement));
    QCOMPARE(bookTitles(shelf->books.items()), (QStringList {u"b3"_s, u"fresh"_s, u"theirs"_s}));
    QCOMPARE(shelf->books.size(), 3);
    QVERIFY(shelf->books.contains(fresh));
    QVERIFY(!shelf->books.contains(b1));
    QVERIFY(!shelf->books.contains(b2));
    QVERIFY(t->books.contains(b2));
    QCOMPARE(bookTitles(t->books.items()), QStringList {u"b2"_s});
    QCOMPARE(t->books.size(), 1);
    QCOMPARE(s.relatedCount(*shelf, books).value_or(-1), 3);
    const auto firstTwo = s.related(*shelf, books, 2);
    QCOMPARE(firstTwo.size(), size_t(2));
    // while a query of it shows the database (no autoflush), until the changes are flushed;
    const auto titled = shelf->books.query().filter(orm::col(&Book::title).startsWith(u"b"_s));
    QCOMPARE(titled.count().value(), 3);
    QVERIFY(s.flush());
    QCOMPARE(titled.count().value(), 1);
    QCOMPARE(bookTitles(shelf->books.items()), (QStringList {u"b3"_s, u"fresh"_s, u"theirs"_s}));
    QCOMPARE(shelf->books.size(), 3);
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    db.engine->connection().removeListener(listener);
    // and the commit writes them: after it, the collections hold nothing in memory.
    QVERIFY(!s.isRelationLoaded(*shelf, books));
    QCOMPARE(shelf->books.size(), 3);
    QCOMPARE(t->books.size(), 1);
    orm::Session other(db.other());
    auto again = other.query<Shelf>().filterBy(&Shelf::name, u"s"_s).first();
    QCOMPARE(bookTitles(again->books.items()), (QStringList {u"b3"_s, u"fresh"_s, u"theirs"_s}));
    QVERIFY(!other.get<Book>(b1->id)->shelfId.has_value());
    // Rolled back, staged changes are gone from the reads too.
    QVERIFY(shelf->books.append(makeBook(u"dropped"_s)));
    QCOMPARE(shelf->books.size(), 4);
    s.rollback();
    QCOMPARE(shelf->books.size(), 3);
}

void tst_Relationships::dynamicManyToMany()
{
    using namespace shelves;
    // Given a shelf with one label and another label,
    ShelfDb db;
    {
        orm::Session w(db.engine);
        auto shelf = std::make_shared<Shelf>();
        shelf->name = u"s"_s;
        auto red = std::make_shared<Label>();
        red->name = u"red"_s;
        auto blue = std::make_shared<Label>();
        blue->name = u"blue"_s;
        QVERIFY(shelf->labels.append(red));
        w.addAll({shelf, blue});
        QVERIFY2(w.commit(), qPrintable(w.lastError().text()));
    }
    orm::Session s(db.engine);
    auto shelf = s.query<Shelf>().first();
    auto red = s.query<Label>().filterBy(&Label::name, u"red"_s).first();
    auto blue = s.query<Label>().filterBy(&Label::name, u"blue"_s).first();
    auto names = [&shelf] {
        QStringList out;
        for (const auto &l : shelf->labels.items())
            out << l->name;
        out.sort();
        return out;
    };
    QCOMPARE(names(), QStringList {u"red"_s});
    // when a label is linked again (already linked), another linked, one unlinked,
    QVERIFY(shelf->labels.append(red));
    QVERIFY(shelf->labels.append(blue));
    QCOMPARE(names(), (QStringList {u"blue"_s, u"red"_s}));
    QCOMPARE(shelf->labels.size(), 2);
    QVERIFY(shelf->labels.remove(red));
    QCOMPARE(names(), QStringList {u"blue"_s});
    QCOMPARE(shelf->labels.size(), 1);
    QVERIFY(!shelf->labels.contains(red));
    const orm::RelationshipMeta &labels = orm::relationshipOf<Shelf>(&Shelf::labels);
    QVERIFY(!s.isRelationLoaded(*shelf, labels)); // (read each time, never kept)
    // then the commit writes one link and removes one.
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(names(), QStringList {u"blue"_s});
    QVERIFY(!s.isRelationLoaded(*shelf, labels));
    orm::Session other(db.other());
    QCOMPARE(other.execute(u"SELECT count(*) FROM shelf_labels"_s)->rows.first().first().toInt(),
             1);
}

void tst_Relationships::readingAgainKeepsAOneToOneWhosePartnersAreStaged()
{
    // Given alice with her profile and carol without one, both loaded,
    Db db;
    {
        orm::Session w(db.engine);
        auto a = makeUser(u"alice"_s);
        auto p = std::make_shared<Profile>();
        p->displayName = u"Alice"_s;
        QVERIFY(a->profile.set(p));
        QVERIFY(a->posts.append(makePost(u"hers"_s)));
        w.addAll({a, makeUser(u"carol"_s)});
        QVERIFY2(w.commit(), qPrintable(w.lastError().text()));
    }
    orm::Session s(db.engine);
    auto alice = s.query<User>().findByUsername(u"alice"_s);
    auto carol = s.query<User>().findByUsername(u"carol"_s);
    const auto profile = alice->profile.get();
    QVERIFY(profile);
    QVERIFY(!carol->profile.get());
    QCOMPARE(alice->posts.size(), 1);
    const orm::RelationshipMeta &rel = orm::relationshipOf<User>(&User::profile);
    const orm::RelationshipMeta &posts = orm::relationshipOf<User>(&User::posts);
    const int userColumn = Profile::staticMeta().columnIndex(u"user_id"_s);
    // when the profile's key is staged to carol (her relationships untouched, as a program
    // that writes the key does), and another program commits something,
    QVERIFY(s.setValue(*profile, userColumn, carol->id));
    QVERIFY(s.isModified(*profile));
    {
        orm::Session other(db.other());
        auto c = other.query<User>().findByUsername(u"carol"_s);
        c->email = u"carol@elsewhere.example"_s;
        QVERIFY(other.commit());
    }
    orm::expireUnstagedRelations(s);
    // then the one-to-ones over the profiles are kept as the session holds them while a
    // profile row is staged, as a collection over staged rows is (a staged key may move a row
    // from one owner to another), while what no staged row rests on is let go.
    QVERIFY(s.isRelationLoaded(*alice, rel));
    QVERIFY(s.isRelationLoaded(*carol, rel));
    QVERIFY(!s.isRelationLoaded(*alice, posts));
    // Once nothing of the profiles is staged, they are let go as well, and read again.
    s.revert(*profile);
    QVERIFY(!s.hasPendingChanges());
    orm::expireUnstagedRelations(s);
    QVERIFY(!s.isRelationLoaded(*alice, rel));
    QVERIFY(!s.isRelationLoaded(*carol, rel));
    QCOMPARE(alice->profile.get(), profile);
    QVERIFY(!carol->profile.get());
}

void tst_Relationships::readingAgainKeepsARaiseRelationship()
{
    // Given a post whose tags refuse to load (raiseload), read with a query instead and taken
    // as what the relationship holds (as a view reads them elsewhere),
    Db db;
    {
        orm::Session w(db.engine);
        auto u = makeUser(u"alice"_s);
        auto p = makePost(u"tagged"_s);
        QVERIFY(u->posts.append(p));
        QVERIFY(p->tags.append(makeTag(u"one"_s)));
        QVERIFY(p->tags.append(makeTag(u"two"_s)));
        w.add(u);
        QVERIFY2(w.commit(), qPrintable(w.lastError().text()));
    }
    orm::Session s(db.engine);
    const auto post = s.query<Post>().options(orm::raiseLoad(&Post::tags)).first();
    QVERIFY(post);
    const orm::RelationshipMeta &rel = orm::relationshipOf<Post>(&Post::tags);
    QVERIFY(s.refusesLoading(*post, rel));
    QVERIFY(orm::acceptRelatedRead(s, *post, rel, s.relatedQuery(*post, rel).allEntities()));
    QCOMPARE(post->tags.size(), 2);
    // when another program commits and the relationships are read again,
    {
        orm::Session other(db.other());
        auto u = other.query<User>().findByUsername(u"alice"_s);
        u->email = u"alice@elsewhere.example"_s;
        QVERIFY(other.commit());
    }
    orm::expireUnstagedRelations(s);
    // then its tags are kept: let go, nothing would read them again (a read is refused).
    const auto tags = post->tags.items();
    QVERIFY2(!tags.isError(), qPrintable(tags.error().text()));
    QCOMPARE(tags.size(), 2);
    QVERIFY(s.isRelationLoaded(*post, rel));
}

void tst_Relationships::anUnlinkAnotherProgramMadeFirstIsStaleData()
{
    // Given alice in two groups, one link removed and her e-mail edited (both staged),
    Db db;
    {
        orm::Session w(db.engine);
        auto a = makeUser(u"alice"_s);
        for (const QString &name : {u"chess"_s, u"choir"_s}) {
            auto g = std::make_shared<Group>();
            g->name = name;
            QVERIFY(a->groups.append(g));
        }
        w.add(a);
        QVERIFY2(w.commit(), qPrintable(w.lastError().text()));
    }
    orm::Session s(db.engine);
    auto alice = s.query<User>().findByUsername(u"alice"_s);
    QVERIFY(alice);
    std::shared_ptr<Group> chess;
    for (const auto &g : alice->groups.items()) {
        if (g->name == u"chess"_s)
            chess = g;
    }
    QVERIFY(chess);
    QVERIFY(alice->groups.remove(chess));
    alice->email = u"alice@new.example"_s;
    QCOMPARE(s.pendingChangeCount(), 2);
    // when another program removes the same link first,
    auto other = db.other();
    QVERIFY(other->connection().exec(
        u"DELETE FROM memberships WHERE user_id = ? AND group_id = ?"_s, {alice->id, chess->id}));
    const auto count = [&other](const QString &sql) {
        const auto rows = other->connection().select(sql);
        return rows && !rows->isEmpty() ? rows->first().value(0) : QVariant();
    };
    // then the commit fails as one meeting a row deleted elsewhere does: stale data, naming
    // the link, nothing written and every change kept, not a change counted that wrote
    // nothing;
    QVERIFY(!s.commit());
    const orm::Error e = s.lastError();
    QCOMPARE(e.kind(), orm::Error::Kind::StaleData);
    QVERIFY(e.isStaleDataError());
    QVERIFY2(e.text().contains(u"User.groups"_s) && e.text().contains(chess->describe())
                 && e.text().contains(u"another program"_s),
             qPrintable(e.text()));
    QCOMPARE(e.object().get(), alice.get());
    QCOMPARE(s.pendingChangeCount(), 2);
    QCOMPARE(count(u"SELECT email FROM users WHERE username = 'alice'"_s).toString(),
             u"alice@example.com"_s);
    // once the unlink is taken back, the rest is written.
    QVERIFY(alice->groups.append(chess));
    QCOMPARE(s.pendingChangeCount(), 1);
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(count(u"SELECT email FROM users WHERE username = 'alice'"_s).toString(),
             u"alice@new.example"_s);
    QCOMPARE(count(u"SELECT count(*) FROM memberships"_s).toInt(), 1);
}

void tst_Relationships::aRefusedLinkTakenBackIsReadAgain()
{
    // Given alice in chess, and choir linked to her (staged) while another program links them
    // first, so that the commit is refused,
    Db db;
    {
        orm::Session w(db.engine);
        auto a = makeUser(u"alice"_s);
        for (const QString &name : {u"chess"_s, u"choir"_s}) {
            auto g = std::make_shared<Group>();
            g->name = name;
            w.add(g);
            if (name == u"chess"_s)
                QVERIFY(a->groups.append(g));
        }
        w.add(a);
        QVERIFY2(w.commit(), qPrintable(w.lastError().text()));
    }
    orm::Session s(db.engine);
    auto alice = s.query<User>().findByUsername(u"alice"_s);
    auto choir = s.query<Group>().filter(orm::col(&Group::name) == u"choir"_s).first();
    QVERIFY(alice && choir);
    QCOMPARE(alice->groups.size(), 1);
    QVERIFY(alice->groups.append(choir));
    auto other = db.other();
    QVERIFY(other->connection().exec(u"INSERT INTO memberships (user_id, group_id) VALUES (?, ?)"_s,
                                     {alice->id, choir->id}));
    QVERIFY(!s.commit());
    // when the link is taken back, and the other program removes chess,
    QVERIFY(alice->groups.remove(choir));
    QCOMPARE(s.pendingChangeCount(), 0);
    QVERIFY(other->connection().exec(
        u"DELETE FROM memberships WHERE group_id = (SELECT id FROM groups WHERE name = 'chess')"_s));
    // then reading again after that program's commit shows the links as they are.
    orm::expireUnstagedRelations(s);
    QStringList names;
    for (const auto &g : alice->groups.items())
        names << g->name;
    QCOMPARE(names, QStringList {u"choir"_s});
}

void tst_Relationships::anUnlinkWithAnEndDeletedIsNoStaleData()
{
    // Given a recipe with one ingredient, unlinked and deleted (staged), where the
    // ingredient's row goes first and takes the link with it (ON DELETE CASCADE),
    using namespace pantry;
    QTemporaryDir dir;
    const QString url = testengine::fresh(u"sqlite:///"_s + dir.filePath(u"pantry.db"_s));
    auto engine = orm::Engine::create(url);
    orm::Error error;
    const orm::MetaData metadata = orm::MetaData::of<Recipe, Ingredient>();
    QVERIFY(engine);
    QVERIFY2(metadata.createAll(engine->connection(), &error), qPrintable(error.text()));
    {
        orm::Session w(engine);
        auto r = std::make_shared<Recipe>();
        r->name = u"bread"_s;
        auto i = std::make_shared<Ingredient>();
        i->name = u"flour"_s;
        QVERIFY(r->ingredients.append(i));
        w.add(r);
        QVERIFY2(w.commit(), qPrintable(w.lastError().text()));
    }
    orm::Session s(engine);
    const auto bread = s.query<Recipe>().first();
    QVERIFY(bread);
    const auto items = bread->ingredients.items();
    QCOMPARE(items.size(), 1);
    const auto flour = items.front();
    QVERIFY(bread->ingredients.remove(flour));
    s.remove(flour);
    // then the unlink that matched no row is no news of another program: the commit goes.
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    orm::Session fresh(orm::Engine::create(url));
    QCOMPARE(fresh.query<Recipe>().first()->ingredients.size(), 0);
    QCOMPARE(fresh.query<Ingredient>().count().value_or(-1), 0);
}

QTEST_GUILESS_MAIN(tst_Relationships)
#include "tst_relationships.moc"
