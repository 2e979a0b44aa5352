// SPDX-License-Identifier: MIT
#include "domain/blog.h"
#include "domain/demodata.h"
#include "orm/query/query.h"

#include <QProcess>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace blog;

// Counts the statements a connection runs (what echo would print).
class Counter
{
public:
    explicit Counter(orm::Connection &c)
        : m_c(c)
    {
        m_id = c.addListener([this](const orm::StatementRecord &r) { m_sql << r.sql; });
    }
    ~Counter() { m_c.removeListener(m_id); }
    int count() const { return int(m_sql.size()); }
    QStringList sql() const { return m_sql; }

private:
    orm::Connection &m_c;
    int m_id = 0;
    QStringList m_sql;
};

class tst_Loading : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void statementsPerStrategy_data();
    void statementsPerStrategy();
    void manyToOneStrategies();
    void manyToManySelectIn();
    void selectInByKeyRangeOrList();
    void joinedWithLimitCountsOwners();
    void raiseFailsLoudly();
    void lazyManyToOneUsesIdentityMap();
    void raiseStagesWritesWithoutLoading();

private:
    std::shared_ptr<orm::Engine> m_engine;
};

void tst_Loading::initTestCase()
{
    m_engine = orm::Engine::create(u"sqlite://"_s);
    QVERIFY(m_engine);
    orm::Error e;
    QVERIFY(metadata().createAll(m_engine->connection(), &e));
    orm::Session s(m_engine);
    // 100 users with 3 posts each.
    QVERIFY(generateDemoData(s, DemoOptions {100, 3, 5, 2, 1}));
}

void tst_Loading::statementsPerStrategy_data()
{
    QTest::addColumn<int>("strategy");
    QTest::addColumn<int>("statements");
    QTest::newRow("lazy") << int(orm::LoadStrategy::Select) << 101;
    QTest::newRow("selectin") << int(orm::LoadStrategy::SelectIn) << 2;
    QTest::newRow("joined") << int(orm::LoadStrategy::Joined) << 1;
}

void tst_Loading::statementsPerStrategy()
{
    // Given 100 users with their posts, when every user's posts are touched,
    QFETCH(int, strategy);
    QFETCH(int, statements);
    orm::Session s(m_engine);
    Counter counter(m_engine->connection());
    auto q = s.query<User>();
    if (strategy != int(orm::LoadStrategy::Select))
        q = q.options(orm::LoadOption {u"posts"_s, orm::LoadStrategy(strategy)});
    const auto users = q.all();
    QCOMPARE(users.size(), size_t(100));
    int posts = 0;
    for (const auto &u : users)
        posts += int(u->posts.size());
    // then the number of statements is the strategy's.
    QCOMPARE(posts, 300);
    QCOMPARE(counter.count(), statements);
}

void tst_Loading::manyToOneStrategies()
{
    orm::Session s(m_engine);
    Counter counter(m_engine->connection());
    const auto posts = s.query<Post>().options(orm::selectInLoad(&Post::author)).all();
    QCOMPARE(posts.size(), size_t(300));
    QSet<QString> authors;
    for (const auto &p : posts)
        authors.insert(p->author->username);
    QCOMPARE(authors.size(), 100);
    QCOMPARE(counter.count(), 2);
    // A second query finds the authors in the identity map: no SQL for them at all.
    const auto again = s.query<Post>().options(orm::selectInLoad(&Post::author)).limit(10).all();
    QCOMPARE(counter.count(), 3);
    QVERIFY(again.front()->author);
}

void tst_Loading::manyToManySelectIn()
{
    orm::Session s(m_engine);
    Counter counter(m_engine->connection());
    const auto posts = s.query<Post>().options(orm::selectInLoad(&Post::tags)).all();
    int links = 0;
    for (const auto &p : posts)
        links += int(p->tags.size());
    QCOMPARE(counter.count(), 2);
    const int stored = s.execute(u"SELECT count(*) FROM post_tags"_s)->rows.first().first().toInt();
    QCOMPARE(links, stored);
}

void tst_Loading::selectInByKeyRangeOrList()
{
    // Given the posts of each user as lazy loading finds them,
    QMap<qint64, QList<qint64>> expected;
    {
        orm::Session lazy(m_engine);
        for (const auto &u : lazy.query<User>().all()) {
            for (const auto &p : u->posts.items())
                expected[u->id] << p->id;
        }
    }
    auto check = [&](const std::vector<std::shared_ptr<User>> &users) {
        for (const auto &u : users) {
            QList<qint64> ids;
            for (const auto &p : u->posts.items())
                ids << p->id;
            std::sort(ids.begin(), ids.end());
            QList<qint64> want = expected.value(u->id);
            std::sort(want.begin(), want.end());
            QCOMPARE(ids, want);
        }
    };
    // when the owners' keys form one run, their posts come from one range condition,
    {
        orm::Session s(m_engine);
        Counter counter(m_engine->connection());
        const auto users =
            s.query<User>()
                .filter(orm::col(&User::id) >= qint64(11) && orm::col(&User::id) <= qint64(40))
                .options(orm::selectInLoad(&User::posts))
                .all();
        QCOMPARE(users.size(), size_t(30));
        QCOMPARE(counter.count(), 2);
        QVERIFY2(counter.sql().last().contains(u"BETWEEN"_s), qPrintable(counter.sql().last()));
        check(users);
        // and no post of a user outside the run was loaded.
        for (const auto &p : s.identityObjects(Post::staticMeta())) {
            const qint64 owner = std::static_pointer_cast<Post>(p)->userId;
            QVERIFY2(owner >= 11 && owner <= 40, qPrintable(QString::number(owner)));
        }
    }
    // With a gap (every other user), the keys are listed.
    {
        orm::Session s(m_engine);
        Counter counter(m_engine->connection());
        const auto users = s.query<User>()
                               .filter(orm::col(&User::id) <= qint64(40))
                               .options(orm::selectInLoad(&User::posts))
                               .all();
        std::vector<std::shared_ptr<User>> odd;
        for (const auto &u : users) {
            if (u->id % 2)
                odd.push_back(u);
        }
        orm::Session t(m_engine);
        Counter second(m_engine->connection());
        QList<qint64> ids;
        for (const auto &u : odd)
            ids << u->id;
        const auto oddUsers = t.query<User>()
                                  .filter(orm::col(&User::id).in(ids))
                                  .options(orm::selectInLoad(&User::posts))
                                  .all();
        QCOMPARE(oddUsers.size(), size_t(20));
        QVERIFY2(second.sql().last().contains(u" IN ("_s), qPrintable(second.sql().last()));
        check(oddUsers);
        check(users);
    }
}

void tst_Loading::joinedWithLimitCountsOwners()
{
    // LIMIT applies to users, not to the joined rows.
    orm::Session s(m_engine);
    Counter counter(m_engine->connection());
    const auto users = s.query<User>()
                           .options(orm::joinedLoad(&User::posts))
                           .orderBy(orm::col(&User::id).asc())
                           .limit(7)
                           .all();
    QCOMPARE(users.size(), size_t(7));
    for (const auto &u : users)
        QCOMPARE(u->posts.size(), 3);
    QCOMPARE(counter.count(), 1);
}

void tst_Loading::raiseFailsLoudly()
{
    // Given a post read with raiseload(tags), whose tags are then read:
    // a program that ignores the refusal does not go on with an empty collection: it stops,
    // naming the relationship (a debug build at the read, a release build where the result
    // is used without a look at its error),
    auto run = [](const QString &mode, QProcess::ExitStatus *status, int *code) -> QByteArray {
        QProcess reader;
        reader.start(QStringLiteral(RAISE_READER), {mode});
        if (!reader.waitForFinished())
            return "did not finish";
        *status = reader.exitStatus();
        *code = reader.exitCode();
        return reader.readAllStandardOutput() + reader.readAllStandardError();
    };
    QProcess::ExitStatus status = QProcess::NormalExit;
    int code = -1;
    QByteArray out;
    for (const QString &mode : {u"ignore"_s, u"count"_s}) {
        out = run(mode, &status, &code);
        QCOMPARE(status, QProcess::CrashExit);
        QVERIFY2(out.contains("Post.tags is not loaded and its loading strategy is 'raise'"), out);
        QVERIFY2(!out.contains("went on"), out);
    }
    // and one that looks at the result learns the error (a debug build stops at the read).
    out = run(u"check"_s, &status, &code);
    QVERIFY2(out.contains("Post.tags is not loaded"), out);
    QVERIFY2(!out.contains("went on"), out);
#ifdef NDEBUG
    QCOMPARE(status, QProcess::NormalExit);
    QCOMPARE(code, 3);

    // In this process: the result bears the error, lastError() tells it, no SQL ran.
    orm::Session s(m_engine);
    const auto posts = s.query<Post>().options(orm::raiseLoad(&Post::tags)).limit(1).all();
    QCOMPARE(posts.size(), size_t(1));
    Counter counter(m_engine->connection());
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Post.tags is not loaded"_s));
    const auto tags = posts.front()->tags.items();
    QVERIFY(tags.isError());
    QCOMPARE(tags.error().kind(), orm::Error::Kind::Usage);
    QVERIFY2(tags.error().message().contains(u"Post.tags"_s), qPrintable(tags.error().message()));
    QCOMPARE(s.lastError().kind(), orm::Error::Kind::Usage);
    QVERIFY(tags.isEmpty()); // (looked at first: no stop)
    QCOMPARE(counter.count(), 0);
    // A view that must show it anyway asks first, and reads it with a query.
    const orm::RelationshipMeta &rel = orm::relationshipOf<Post>(&Post::tags);
    QVERIFY(s.refusesLoading(*posts.front(), rel));
    QVERIFY(s.relatedQuery(*posts.front(), rel).count().has_value());
#else
    QCOMPARE(status, QProcess::CrashExit);
#endif
}

void tst_Loading::lazyManyToOneUsesIdentityMap()
{
    orm::Session s(m_engine);
    auto alice = s.query<User>().findByUsername(u"alice"_s);
    const auto posts = s.query<Post>().filter(orm::col(&Post::userId) == alice->id).all();
    Counter counter(m_engine->connection());
    for (const auto &p : posts)
        QCOMPARE(p->author.get().get(), alice.get());
    QCOMPARE(counter.count(), 0);
}

void tst_Loading::raiseStagesWritesWithoutLoading()
{
    // Given a post whose tags refuse to load (raiseload) and a new tag,
    orm::Session s(m_engine);
    const auto post = s.query<Post>().options(orm::raiseLoad(&Post::tags)).first();
    QVERIFY(post);
    const orm::RelationshipMeta &rel = orm::relationshipOf<Post>(&Post::tags);
    auto tag = std::make_shared<Tag>();
    tag->name = u"staged-under-raise"_s;
    const auto linked = [&] {
        return s.relatedQuery(*post, rel).filter(orm::col(&Tag::name) == tag->name).count();
    };
    // when the tag is appended (twice), the append is staged: it is a write, not a read,
    Counter counter(m_engine->connection());
    QVERIFY(post->tags.append(tag));
    QVERIFY(post->tags.append(tag));
    QCOMPARE(counter.count(), 0);
    QVERIFY(s.refusesLoading(*post, rel));
    // and the commit writes one link; a removal is staged and written as well.
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(linked().value_or(-1), 1);
    QVERIFY(post->tags.remove(tag));
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
    QCOMPARE(linked().value_or(-1), 0);
    s.remove(*tag);
    QVERIFY2(s.commit(), qPrintable(s.lastError().text()));
}

QTEST_GUILESS_MAIN(tst_Loading)
#include "tst_loading.moc"
