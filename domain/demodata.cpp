// SPDX-License-Identifier: MIT
#include "domain/demodata.h"

#include "domain/blog.h"

#include <QRandomGenerator>

using namespace Qt::StringLiterals;

namespace blog {

namespace {

const char *const kFirstNames[] = {
    "alice",   "bob",  "carol",  "dave",  "erin",   "frank", "grace", "heidi",  "ivan",   "judy",
    "mallory", "niaj", "olivia", "peggy", "rupert", "sybil", "trent", "victor", "walter", "yvonne"};
const char *const kTopics[] = {"python",     "flask",       "sqlalchemy", "qt",        "cpp",
                               "sqlite",     "linux",       "debian",     "databases", "orm",
                               "testing",    "performance", "design",     "ui",        "widgets",
                               "migrations", "security",    "json",       "http",      "rest",
                               "async",      "cmake",       "git",        "packaging", "docs",
                               "tutorial",   "news",        "release",    "howto",     "review"};
const char *const kWords[] = {"fast", "simple", "robust",   "modern", "practical",
                              "deep", "gentle", "complete", "quick",  "careful"};
const char *const kNouns[] = {"guide",   "notes",    "tips",     "introduction", "walkthrough",
                              "lessons", "patterns", "pitfalls", "questions",    "ideas"};

template<size_t N>
QString pick(QRandomGenerator &rng, const char *const (&list)[N])
{
    return QString::fromLatin1(list[rng.bounded(int(N))]);
}

} // namespace

bool generateDemoData(orm::Session &session, const DemoOptions &options)
{
    QRandomGenerator rng(options.seed);
    // Every date falls between these two, however many users: one every seven hours while
    // they fit, closer together beyond that.
    const orm::Timestamp start(QDate(2024, 1, 1), 9, 0, 0);
    const orm::Timestamp end(QDate(2025, 12, 1), 9, 0, 0);
    const qint64 postSpan = qint64(options.postsPerUser + 1) * 86400;
    const qint64 userSpan =
        qMax<qint64>(0, (end.toMicroseconds() - start.toMicroseconds()) / 1000000 - postSpan);
    const qint64 userStep =
        qMin<qint64>(3600 * 7, options.users > 0 ? userSpan / options.users : 0);

    std::vector<std::shared_ptr<Tag>> tags;
    for (int i = 0; i < options.tags; ++i) {
        auto tag = std::make_shared<Tag>();
        const int n = int(std::size(kTopics));
        tag->name = i < n ? QString::fromLatin1(kTopics[i]) : u"topic%1"_s.arg(i + 1);
        session.add(tag);
        tags.push_back(tag);
    }
    std::vector<std::shared_ptr<Group>> groups;
    for (int i = 0; i < options.groups; ++i) {
        auto g = std::make_shared<Group>();
        g->name = u"%1 team"_s.arg(pick(rng, kTopics));
        g->name = u"Group %1: %2"_s.arg(i + 1).arg(g->name);
        g->description = u"People who care about %1."_s.arg(pick(rng, kTopics));
        session.add(g);
        groups.push_back(g);
    }
    // Written before anything links to them: their collections stay unloaded, so the links
    // made later are written at each commit and not kept in memory.
    if (!session.commit())
        return false;

    // The rows are written usersPerCommit users at a time, with their profiles, posts and
    // links, and let go once written: memory stays that of one batch at any size. The random
    // numbers are drawn in the same order as when everything was one commit (every user's
    // flag first, then each user's posts, then who follows whom), so the rows are the same.
    const int userCount = qMax(0, options.users);
    std::vector<bool> active(static_cast<size_t>(userCount));
    for (int i = 0; i < userCount; ++i)
        active[size_t(i)] = rng.bounded(10) != 0;
    std::vector<qint64> userIds;
    std::vector<qint64> postIds; // of the posts written, for replies to them
    userIds.reserve(size_t(userCount));
    postIds.reserve(size_t(userCount) * size_t(qMax(0, options.postsPerUser)));
    const int batch = qMax(1, options.usersPerCommit);
    const int names = int(std::size(kFirstNames));
    for (int from = 0; from < userCount; from += batch) {
        const int to = qMin(userCount, from + batch);
        std::vector<std::shared_ptr<User>> users;
        std::vector<std::shared_ptr<Post>> posts;
        for (int i = from; i < to; ++i) {
            auto u = std::make_shared<User>();
            const QString first = QString::fromLatin1(kFirstNames[i % names]);
            u->username = i < names ? first : u"%1%2"_s.arg(first).arg(i / names + 1);
            u->email = u->username + u"@example.com"_s;
            u->createdAt = start.addSecs(qint64(i) * userStep);
            u->isActive = active[size_t(i)];
            session.add(u);
            users.push_back(u);
        }
        for (int i = from; i < to; ++i) {
            const auto &u = users[size_t(i - from)];
            if (i % 3 != 2) {
                auto p = std::make_shared<Profile>();
                QString display = u->username;
                display[0] = display[0].toUpper();
                p->displayName = display;
                p->bio = u"Writes about %1 and %2."_s.arg(pick(rng, kTopics), pick(rng, kTopics));
                p->website = u"https://%1.example.org"_s.arg(u->username);
                (void)u->profile.set(p);
            }
            for (int k = 0; k < options.postsPerUser; ++k) {
                auto p = std::make_shared<Post>();
                p->title =
                    u"%1 %2 on %3"_s.arg(pick(rng, kWords), pick(rng, kNouns), pick(rng, kTopics));
                p->title[0] = p->title[0].toUpper();
                p->body = u"Some thoughts about %1, written by %2. Part %3."_s
                              .arg(pick(rng, kTopics), u->username)
                              .arg(k + 1);
                p->datePosted = u->createdAt.addSecs(qint64(k + 1) * 86400 + rng.bounded(3600));
                (void)u->posts.append(p);
                const int n = 1 + int(rng.bounded(3));
                for (int t = 0; t < n && !tags.empty(); ++t)
                    (void)p->tags.append(tags[rng.bounded(int(tags.size()))]);
                // Now and then, a reply to an earlier post (written already, or of this batch).
                const size_t earlier = postIds.size() + posts.size();
                if (earlier > 0 && rng.bounded(8) == 0) {
                    const size_t parent = size_t(rng.bounded(int(earlier)));
                    if (parent < postIds.size())
                        p->parentId = postIds[parent];
                    else
                        (void)p->parent.set(posts[parent - postIds.size()]);
                }
                posts.push_back(p);
            }
            for (int k = 0; k < 2 && !groups.empty(); ++k)
                (void)u->groups.append(groups[rng.bounded(int(groups.size()))]);
        }
        if (!session.commit())
            return false;
        for (const auto &u : users)
            userIds.push_back(u->id);
        for (const auto &p : posts)
            postIds.push_back(p->id);
    }

    // Who follows whom, among every user: read back a batch at a time.
    for (int from = 0; from < userCount; from += batch) {
        const int to = qMin(userCount, from + batch);
        for (int i = from; i < to; ++i) {
            const auto u = session.get<User>(userIds[size_t(i)]);
            if (!u)
                return false;
            for (int k = 0; k < 3; ++k) {
                const int other = int(rng.bounded(userCount));
                if (other == i)
                    continue;
                const auto followed = session.get<User>(userIds[size_t(other)]);
                if (!followed)
                    return false;
                (void)u->following.append(followed);
            }
        }
        if (!session.commit())
            return false;
    }
    return true;
}

bool ensureDemoDatabase(orm::Session &session, const DemoOptions &options)
{
    orm::Error error;
    const std::optional<orm::MetaData> existing = session.connection().reflect(QString(), &error);
    if (!existing) {
        session.setError(error);
        return false;
    }
    if (existing->table(u"users"_s))
        return true;
    if (!metadata().createAll(session.connection(), &error)) {
        session.setError(error);
        return false;
    }
    return generateDemoData(session, options);
}

} // namespace blog
