// SPDX-License-Identifier: MIT
// What the ORM keeps in memory, and for how long: objects nobody uses leave the session,
// related objects that only refer to each other go together, and the limits of the packed
// relationship states.

#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/drivers/sqlite/reflection.h"
#include "orm/mapping/record.h"
#include "orm/query/query.h"

#include <QProcess>
#include <QTest>

#include <malloc.h>

using namespace Qt::StringLiterals;
using blog::Post;
using blog::Tag;
using blog::User;

class tst_Memory : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void unusedObjectsLeaveTheIdentityMap();
    void stagedObjectsStay();
    void relatedObjectsGoTogether();
    void linksStagedOnUnloadedCollectionsGoAtCommit();
    void theSessionReleasesAfterManyLoads();
    void rowsKeptAsStoredStaySmall();
    void transientGraphLivesWhileAnyObjectIsHeld();
    void transientGraphsGoByThemselves();
    void relationshipMemberOutOfRangeStopsTheProgram_data();
    void relationshipMemberOutOfRangeStopsTheProgram();

private:
    std::shared_ptr<orm::Engine> m_engine;
};

void tst_Memory::initTestCase()
{
    m_engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(m_engine);
    orm::Error e;
    QVERIFY(blog::metadata().createAll(m_engine->connection(), &e));
    orm::Session s(m_engine);
    // 20 users with 3 posts each, 4 tags, 2 groups.
    QVERIFY(blog::generateDemoData(s, blog::DemoOptions {20, 3, 4, 2, 1}));
}

void tst_Memory::unusedObjectsLeaveTheIdentityMap()
{
    // Given a session that read every user, and a program that keeps two of them,
    orm::Session session(m_engine);
    std::shared_ptr<User> first;
    std::shared_ptr<User> last;
    std::weak_ptr<User> second;
    {
        const auto users = session.query<User>().orderBy(&User::id).all();
        QCOMPARE(users.size(), size_t(20));
        first = users.front();
        last = users.back();
        second = users.at(1);
    }
    QCOMPARE(session.identityCount(), 20);
    // when the session lets go of what nobody uses,
    QCOMPARE(session.releaseUnusedObjects(), 18);
    // then the kept ones are still the objects of their rows, and the others are gone: their
    // rows read again are new objects;
    QCOMPARE(session.identityCount(), 2);
    QVERIFY(second.expired());
    QCOMPARE(session.get<User>(first->id), first);
    QCOMPARE(session.query<User>().filterBy(&User::id, last->id).one(), last);
    const auto again = session.get<User>(first->id + 1);
    QVERIFY(again);
    QCOMPARE(session.identityCount(), 3);
    QCOMPARE(first->objectState(), orm::ObjectState::Persistent);
    // and what the program keeps is never let go.
    QCOMPARE(session.releaseUnusedObjects(), 0);
    QCOMPARE(session.get<User>(first->id + 1), again);
}

void tst_Memory::stagedObjectsStay()
{
    // Given objects with staged changes that the program no longer refers to: one edited,
    // one marked for deletion, a new one, and a post moved to another author (the authors'
    // posts not loaded),
    orm::Session session(m_engine);
    std::weak_ptr<User> edited;
    std::weak_ptr<Post> deleted;
    std::weak_ptr<Post> added;
    std::weak_ptr<Post> moved;
    std::weak_ptr<User> newAuthor;
    {
        auto user = session.get<User>(1);
        user->email = u"edited@example.com"_s;
        edited = user;
        auto post = session.get<Post>(1);
        session.remove(post);
        deleted = post;
        auto fresh = std::make_shared<Post>();
        fresh->title = u"Fresh"_s;
        fresh->body = u"A new post"_s;
        fresh->author = user;
        session.add(fresh);
        added = fresh;
        auto other = session.get<Post>(4);
        auto author = session.get<User>(3);
        other->author = author;
        moved = other;
        newAuthor = author;
        auto unused = session.get<User>(5);
        QVERIFY(unused);
    }
    const int staged = session.pendingChangeCount();
    // when the session lets go of what nobody uses,
    session.releaseUnusedObjects();
    // then only what is unchanged goes (the user 5): nothing staged is lost,
    QVERIFY(!edited.expired());
    QVERIFY(!deleted.expired());
    QVERIFY(!added.expired());
    QVERIFY(!moved.expired());
    QVERIFY(!newAuthor.expired());
    QVERIFY(!session.identityLookup(User::staticMeta(), 5));
    QCOMPARE(session.pendingChangeCount(), staged);
    QVERIFY(session.commit());
    orm::Session check(m_engine);
    QCOMPARE(check.get<User>(1)->email, u"edited@example.com"_s);
    QVERIFY(!check.get<Post>(1));
    QCOMPARE(check.get<Post>(4)->userId, 3);
    QVERIFY(check.query<Post>().filterBy(&Post::title, u"Fresh"_s).first());
    // and once written, they are unused like the others.
    session.releaseUnusedObjects();
    QVERIFY(edited.expired());
    QVERIFY(added.expired());
    QVERIFY(moved.expired());
    QVERIFY(newAuthor.expired());
    QCOMPARE(session.identityCount(), 0);
}

void tst_Memory::relatedObjectsGoTogether()
{
    // Given a user whose posts are loaded, each post's author loaded too (both sides refer to
    // each other), and a program that keeps one of the posts,
    orm::Session session(m_engine);
    std::weak_ptr<User> user;
    std::vector<std::weak_ptr<Post>> posts;
    std::shared_ptr<Post> kept;
    {
        auto u = session.get<User>(10);
        const auto items = u->posts.items();
        QVERIFY(items.size() >= 2);
        for (const auto &p : items) {
            QCOMPARE(p->author.get(), u);
            posts.push_back(p);
        }
        user = u;
        kept = items[items.size() - 1];
    }
    // when the session lets go of what nobody uses, then the whole graph stays (the post
    // refers to its author, who refers to every post),
    QCOMPARE(session.releaseUnusedObjects(), 0);
    QVERIFY(!user.expired());
    for (const auto &p : posts)
        QVERIFY(!p.expired());
    QCOMPARE(kept->author->posts.size(), qsizetype(posts.size()));
    // and once the program lets go of that post too, the objects that only refer to each
    // other go together.
    kept.reset();
    QCOMPARE(session.releaseUnusedObjects(), qsizetype(posts.size()) + 1);
    QVERIFY(user.expired());
    for (const auto &p : posts)
        QVERIFY(p.expired());
    QCOMPARE(session.identityCount(), 0);
}

void tst_Memory::linksStagedOnUnloadedCollectionsGoAtCommit()
{
    // Given a new post given an author whose posts are not loaded (the author's collection
    // stages the link until it loads), and a program that keeps the author,
    orm::Session session(m_engine);
    const auto author = session.get<User>(6);
    std::weak_ptr<Post> post;
    {
        auto p = std::make_shared<Post>();
        p->title = u"Linked"_s;
        p->body = u"Written to an author whose posts are not loaded"_s;
        p->author = author;
        session.add(p);
        post = p;
    }
    // when it is committed, then the link is in the database, not held in memory: the post
    // goes once nobody uses it, though its author stays,
    QVERIFY(session.commit());
    QCOMPARE(session.releaseUnusedObjects(), 1);
    QVERIFY(post.expired());
    QVERIFY(!author->posts.isLoaded());
    // and the author's posts, when they load, have it.
    const auto items = author->posts.items();
    QVERIFY(std::any_of(items.begin(), items.end(),
                        [](const auto &p) { return p->title == u"Linked"_s; }));
}

void tst_Memory::theSessionReleasesAfterManyLoads()
{
    // Given more tags than the session loads before it lets go by itself,
    auto engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(engine);
    orm::Error e;
    QVERIFY(blog::metadata().createAll(engine->connection(), &e));
    const qsizetype rows = orm::Session::kReleaseAfterLoads + 2000;
    orm::Session session(engine);
    QVERIFY(session.execute(u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                            "WHERE i < ?) INSERT INTO tags (name) SELECT 'tag' || i FROM n"_s,
                            {rows}));
    // when a program reads them page by page and keeps only the page it shows (as a table
    // does),
    std::vector<std::shared_ptr<Tag>> shown;
    for (qsizetype at = 0; at < rows; at += 500)
        shown = session.query<Tag>().orderBy(&Tag::id).limit(500).offset(at).all();
    QCOMPARE(session.identityCount(), rows);
    // then the session lets go of the pages it no longer shows, from the event loop,
    QTRY_VERIFY(session.identityCount() < 2 * 500);
    QVERIFY(session.identityCount() >= qsizetype(shown.size()));
    for (const auto &tag : shown)
        QCOMPARE(session.identityLookup(Tag::staticMeta(), tag->id), tag);
    // and before a flush when it is due.
    for (qsizetype at = 0; at < rows; at += 500)
        shown = session.query<Tag>().orderBy(&Tag::id).limit(500).offset(at).all();
    shown.front()->name = u"renamed"_s;
    QVERIFY(session.commit());
    QVERIFY(session.identityCount() < 2 * 500);
}

// Bytes the allocator hands out now, in every arena (a sanitizer's allocator is not seen).
static size_t allocatedBytes()
{
    const struct mallinfo2 info = mallinfo2();
    return info.uordblks + info.hblkhd;
}

void tst_Memory::rowsKeptAsStoredStaySmall()
{
    // Given a table written by another program, whose date-times are in SQLite's own form (no
    // fraction: read as a date-time, each one is kept as stored, to be written back as it was),
    {
        static void *volatile probe = nullptr; // (volatile: the pair is not optimized away)
        probe = std::malloc(1 << 20);
        const size_t seen = allocatedBytes();
        std::free(probe);
        if (seen - allocatedBytes() < (1 << 20))
            QSKIP("the allocator does not say how much it has handed out");
    }
    auto engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(engine);
    QVERIFY(engine->connection().exec(
        u"CREATE TABLE events (id INTEGER PRIMARY KEY, at DATETIME NOT NULL, note TEXT)"_s));
    constexpr int rows = 2000;
    QVERIFY(engine->connection().exec(
        u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
        "INSERT INTO events (at, note) SELECT datetime(1700000000 + i * 37, 'unixepoch'), "
        "'note ' || i FROM n"_s.arg(rows)));
    const auto md = orm::reflect(engine->connection());
    QVERIFY(md);
    const auto meta = orm::makeRecordMeta(u"Event"_s, *md->table(u"events"_s));
    const int at = meta->columnIndex(u"at"_s);
    orm::Session session(engine);
    // when every row is read and held, with its baseline,
    const size_t before = allocatedBytes();
    const auto events = session.query(*meta).allEntities();
    const size_t perRow = (allocatedBytes() - before) / rows;
    QCOMPARE(events.size(), size_t(rows));
    // then each row keeps its date-time as stored
    const auto &first = static_cast<const orm::Record &>(*events.front());
    QCOMPARE(first.storedValue(at, meta->column(at).column.type),
             QVariant(u"2023-11-14 22:13:57"_s));
    // and costs what its values do, not a hash table's first block (3.7 KB, twice: the row and
    // its baseline).
    QVERIFY2(perRow < 1500, qPrintable(u"%1 bytes a row"_s.arg(perRow)));
}

void tst_Memory::transientGraphLivesWhileAnyObjectIsHeld()
{
    // Given a graph of objects that never joined a session: a user with two posts (each post
    // refers to its author, who refers to both), the posts tagged (tags and posts refer to each
    // other), a reply to the first post, and a program that keeps only the tag,
    (void)orm::releaseUnusedTransientObjects();
    std::vector<std::weak_ptr<orm::Entity>> graph;
    std::shared_ptr<Tag> kept;
    {
        auto user = std::make_shared<User>();
        auto first = std::make_shared<Post>();
        auto second = std::make_shared<Post>();
        auto reply = std::make_shared<Post>();
        auto tag = std::make_shared<Tag>();
        first->author = user;
        user->posts.append(second);
        QVERIFY(first->tags.append(tag));
        QVERIFY(tag->posts.append(second));
        reply->parent = first;
        graph = {user, first, second, reply, tag};
        kept = tag;
        QCOMPARE(second->author.get(), user);
        QCOMPARE(first->replies.size(), qsizetype(1));
    }
    // when transient objects nobody uses are let go, then the whole graph stays, reached
    // through the tag's posts,
    QCOMPARE(orm::releaseUnusedTransientObjects(), 0);
    for (const auto &w : graph)
        QVERIFY(!w.expired());
    {
        const auto posts = kept->posts.items();
        QCOMPARE(posts.size(), size_t(2));
        QCOMPARE(posts[0]->author->posts.size(), qsizetype(2));
        QCOMPARE(posts[0]->replies.items()[0]->parent.get(), posts[0]);
    }
    // and once the program lets go of the tag too, every object of the graph goes.
    kept.reset();
    QCOMPARE(orm::releaseUnusedTransientObjects(), qsizetype(graph.size()));
    for (const auto &w : graph)
        QVERIFY(w.expired());
}

void tst_Memory::transientGraphsGoByThemselves()
{
    // Given a program that builds more small graphs of transient objects (a user and a post
    // that refer to each other) than are tracked before a collection runs by itself, and
    // keeps only the last one,
    (void)orm::releaseUnusedTransientObjects();
    std::weak_ptr<User> firstUser;
    std::weak_ptr<Post> firstPost;
    std::shared_ptr<Post> last;
    for (qsizetype i = 0; i < orm::kReleaseTransientAfter; ++i) {
        auto user = std::make_shared<User>();
        auto post = std::make_shared<Post>();
        post->author = user;
        if (i == 0) {
            firstUser = user;
            firstPost = post;
        }
        last = post;
    }
    // when it goes on linking objects, then the graphs it no longer holds have gone without
    // being asked for, and the one it holds stays.
    QVERIFY(firstUser.expired());
    QVERIFY(firstPost.expired());
    QVERIFY(last->author);
    QCOMPARE(last->author->posts.items()[0], last);
}

void tst_Memory::relationshipMemberOutOfRangeStopsTheProgram_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("message");
    QTest::newRow("mapped") << u"map"_s << u"Node.parent lies 70"_s;
    // Using a member maps its model (and the models it reaches) first: the same check stops
    // the program.
    QTest::newRow("used without mapping") << u"use"_s << u"Node.parent lies 70"_s;
}

void tst_Memory::relationshipMemberOutOfRangeStopsTheProgram()
{
    // Given a model whose relationship member lies 70,000 bytes into its object (beyond the
    // 16 bits a relationship state keeps its owner's distance in),
    QFETCH(QString, mode);
    QFETCH(QString, message);
    QProcess helper;
    helper.start(QStringLiteral(FAR_MEMBER_HELPER), {mode});
    QVERIFY(helper.waitForFinished());
    const QString out =
        QString::fromLocal8Bit(helper.readAllStandardOutput() + helper.readAllStandardError());
    // when it is mapped, or used before it is, then the program stops with the reason, in
    // every build (this one included), and never goes on with a wrong owner.
    QCOMPARE(helper.exitStatus(), QProcess::CrashExit);
    QVERIFY2(out.contains(message), qPrintable(out));
    QVERIFY2(out.contains(u"declare it before the model's large members"_s), qPrintable(out));
    QVERIFY2(!out.contains(u"mapped"_s) && !out.contains(u"linked"_s), qPrintable(out));
}

QTEST_GUILESS_MAIN(tst_Memory)
#include "tst_memory.moc"
