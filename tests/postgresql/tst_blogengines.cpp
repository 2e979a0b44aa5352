// SPDX-License-Identifier: MIT
// The seeds' relationship stories on every engine, with the blog's models: one-to-many both
// ways, eager loading, many-to-many links, a one-to-one whose replaced partner is deleted,
// self-referential follows, and a delete that cascades. Each test runs once on an SQLite file
// and once on the test cluster's PostgreSQL server, through the same API.
#include "domain/blog.h"
#include "postgresql/bothengines.h"

#include "orm/engine/engine.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

#include <QtTest>

using namespace blog;
using namespace Qt::StringLiterals;

class tst_BlogEngines : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QString message;
        QVERIFY2(m_engines.prepare(&message), qPrintable(message));
    }

    void oneToManyBothWays_data() { engines(); }
    void oneToManyBothWays();
    void eagerLoadsReadEachCollectionInOneStatement_data() { engines(); }
    void eagerLoadsReadEachCollectionInOneStatement();
    void manyToManyLinksAndUnlinks_data() { engines(); }
    void manyToManyLinksAndUnlinks();
    void aReplacedOneToOnePartnerIsDeleted_data() { engines(); }
    void aReplacedOneToOnePartnerIsDeleted();
    void followersAreTheOtherSideOfFollowing_data() { engines(); }
    void followersAreTheOtherSideOfFollowing();
    void deletingAPostDeletesItsReplies_data() { engines(); }
    void deletingAPostDeletesItsReplies();

private:
    static void engines() { BothEngines::rows(); }
    std::shared_ptr<orm::Engine> freshEngine() { return m_engines.fresh(blog::metadata()); }
    std::shared_ptr<orm::Engine> secondEngine() { return m_engines.second(); }
    static std::shared_ptr<User> user(const QString &name);
    static std::shared_ptr<Post> post(const QString &title);
    static qint64 count(orm::Engine &engine, const QString &table);

    BothEngines m_engines {u"rowsmith_blogengines"_s};
};

std::shared_ptr<User> tst_BlogEngines::user(const QString &name)
{
    auto u = std::make_shared<User>();
    u->username = name;
    u->email = name + u"@example.com"_s;
    return u;
}

std::shared_ptr<Post> tst_BlogEngines::post(const QString &title)
{
    auto p = std::make_shared<Post>();
    p->title = title;
    p->body = u"About "_s + title;
    return p;
}

qint64 tst_BlogEngines::count(orm::Engine &engine, const QString &table)
{
    const auto rows = engine.connection().select(u"SELECT count(*) FROM "_s + table);
    return rows ? rows->first().first().toLongLong() : -1;
}

void tst_BlogEngines::oneToManyBothWays()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto alice = user(u"alice"_s);
    auto first = post(u"First"_s);
    first->author = alice; // the backref puts it in alice's posts
    QVERIFY(alice->posts.contains(first));
    auto second = post(u"Second"_s);
    QVERIFY(alice->posts.append(second)); // and the other way
    QCOMPARE(second->author.get(), alice);
    session.add(alice); // the posts come along (save-update cascade)
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(first->userId, alice->id);
    QCOMPARE(second->userId, alice->id);

    orm::Session other(secondEngine());
    const auto found = other.query<User>().findByUsername(u"alice"_s);
    QVERIFY(found);
    const auto posts = found->posts.items(); // loaded lazily, on first use
    QVERIFY(posts);
    QStringList titles;
    for (const auto &p : posts) {
        titles << p->title;
        QCOMPARE(p->author.get(), found); // the same object: the identity map
    }
    titles.sort();
    QCOMPARE(titles, QStringList({u"First"_s, u"Second"_s}));

    // Moving a post to another author moves it between the collections, and on commit.
    auto bob = user(u"bob"_s);
    other.add(bob);
    const auto moved = other.query<Post>().filterBy(&Post::title, u"Second"_s).first();
    QVERIFY(moved);
    moved->author = bob;
    QVERIFY(!found->posts.contains(moved));
    QVERIFY(bob->posts.contains(moved));
    QVERIFY2(other.commit(), qPrintable(other.lastError().text()));
    orm::Session third(secondEngine());
    QCOMPARE(third.query<Post>().filterBy(&Post::userId, bob->id).count().value_or(-1), 1);
}

void tst_BlogEngines::eagerLoadsReadEachCollectionInOneStatement()
{
    auto engine = freshEngine();
    {
        orm::Session session(engine);
        for (int u = 0; u < 3; ++u) {
            auto author = user(u"author%1"_s.arg(u));
            for (int p = 0; p < 4; ++p)
                author->posts.append(post(u"Post %1.%2"_s.arg(u).arg(p)));
            session.add(author);
        }
        QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    }
    for (const QString &strategy : {u"selectin"_s, u"joined"_s}) {
        auto reader = secondEngine();
        orm::Session session(reader);
        int statements = 0;
        reader->connection().addListener([&statements](const auto &) { ++statements; });
        const orm::LoadOption option =
            strategy == u"selectin"_s ? orm::selectInLoad(u"posts"_s) : orm::joinedLoad(u"posts"_s);
        const auto users = session.query<User>().orderBy(&User::username).options(option).all();
        QCOMPARE(users.size(), size_t(3));
        const int afterQuery = statements;
        QCOMPARE(afterQuery, strategy == u"selectin"_s ? 2 : 1);
        int posts = 0;
        for (const auto &u : users) {
            for (const auto &p : u->posts.items()) {
                QVERIFY(p->title.startsWith(u"Post "_s));
                ++posts;
            }
        }
        QCOMPARE(posts, 12);
        QCOMPARE(statements, afterQuery); // no statement per collection
    }
}

void tst_BlogEngines::manyToManyLinksAndUnlinks()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto alice = user(u"alice"_s);
    auto p = post(u"Tagged"_s);
    p->author = alice;
    auto qt = std::make_shared<Tag>();
    qt->name = u"qt"_s;
    auto sql = std::make_shared<Tag>();
    sql->name = u"sql"_s;
    QVERIFY(p->tags.append(qt));
    QVERIFY(p->tags.append(sql));
    QVERIFY(qt->posts.contains(p)); // the backref
    session.add(alice);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(count(*engine, u"post_tags"_s), 2);

    orm::Session other(secondEngine());
    const auto tag = other.query<Tag>().filterBy(&Tag::name, u"qt"_s).first();
    QVERIFY(tag);
    const auto tagged = tag->posts.items();
    QCOMPARE(tagged.size(), size_t(1));
    QCOMPARE(tagged.front()->title, u"Tagged"_s);
    // Unlinking removes the association row only: both rows stay.
    QVERIFY(tagged.front()->tags.remove(tag));
    QVERIFY(!tag->posts.contains(tagged.front()));
    QVERIFY2(other.commit(), qPrintable(other.lastError().text()));
    QCOMPARE(count(*engine, u"post_tags"_s), 1);
    QCOMPARE(count(*engine, u"tags"_s), 2);
    QCOMPARE(count(*engine, u"posts"_s), 1);
}

void tst_BlogEngines::aReplacedOneToOnePartnerIsDeleted()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto alice = user(u"alice"_s);
    auto first = std::make_shared<Profile>();
    first->displayName = u"Alice"_s;
    alice->profile = first;
    QCOMPARE(first->user.get(), alice);
    session.add(alice);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(count(*engine, u"profiles"_s), 1);

    auto second = std::make_shared<Profile>();
    second->displayName = u"Alice L."_s;
    alice->profile = second; // delete-orphan: the first one goes
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    const auto rows = engine->connection().select(u"SELECT display_name FROM profiles"_s);
    QVERIFY(rows);
    QCOMPARE(*rows, (QList<QVariantList> {{u"Alice L."_s}}));
}

void tst_BlogEngines::followersAreTheOtherSideOfFollowing()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto alice = user(u"alice"_s);
    auto bob = user(u"bob"_s);
    auto carol = user(u"carol"_s);
    QVERIFY(alice->following.append(bob));
    QVERIFY(carol->following.append(bob));
    QVERIFY(bob->followers.contains(alice));
    session.addAll({alice, bob, carol});
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));

    orm::Session other(secondEngine());
    const auto found = other.query<User>().findByUsername(u"bob"_s);
    QVERIFY(found);
    QStringList followers;
    for (const auto &u : found->followers.items())
        followers << u->username;
    followers.sort();
    QCOMPARE(followers, QStringList({u"alice"_s, u"carol"_s}));
    QVERIFY(found->following.items().empty());
}

void tst_BlogEngines::deletingAPostDeletesItsReplies()
{
    auto engine = freshEngine();
    orm::Session session(engine);
    auto alice = user(u"alice"_s);
    auto root = post(u"Question"_s);
    root->author = alice;
    for (int i = 0; i < 2; ++i) {
        auto reply = post(u"Answer %1"_s.arg(i));
        reply->author = alice;
        reply->parent = root;
    }
    QCOMPARE(root->replies.size(), 2);
    session.add(alice);
    QVERIFY2(session.commit(), qPrintable(session.lastError().text()));
    QCOMPARE(count(*engine, u"posts"_s), 3);

    orm::Session other(secondEngine());
    const auto question = other.query<Post>().filterBy(&Post::title, u"Question"_s).first();
    QVERIFY(question);
    other.remove(question);
    QVERIFY2(other.commit(), qPrintable(other.lastError().text()));
    QCOMPARE(count(*engine, u"posts"_s), 0);
    QCOMPARE(count(*engine, u"users"_s), 1);
}

QTEST_GUILESS_MAIN(tst_BlogEngines)
#include "tst_blogengines.moc"
