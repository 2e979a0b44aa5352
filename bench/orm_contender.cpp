// SPDX-License-Identifier: MIT
// Rowsmith's ORM, used as an application uses it: objects, a session, queries, relationships.

#include "bench/benchmodels.h"
#include "bench/contender.h"

#include "orm/engine/engine.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

#include <cstdio>
#include <cstdlib>

namespace bench {
namespace {

using models::Post;
using models::User;

[[noreturn]] void fail(const orm::Error &error, const char *what)
{
    std::fprintf(stderr, "orm: %s: %s\n", what, qPrintable(error.text()));
    std::exit(2);
}

quint64 hashOf(const User &u)
{
    return userHash(u.id, u.username, u.email, u.createdAt, u.isActive);
}

class OrmContender final : public Contender
{
public:
    const char *name() const override { return "orm"; }

    void open(const QString &path) override
    {
        orm::Error error;
        m_engine = orm::Engine::create(
            isServerUrl(path) ? path : QStringLiteral("sqlite:///") + path, &error);
        if (!m_engine)
            fail(error, "open");
    }

    void close() override
    {
        release();
        m_loaded.clear();
        m_session.reset();
        m_engine.reset();
    }

    void release() override
    {
        m_inserted.clear();
        m_withPosts.clear();
        m_scratch.reset();
    }

    quint64 insertUsers(const Inputs &in) override
    {
        m_scratch = std::make_unique<orm::Session>(m_engine);
        m_inserted.reserve(size_t(in.rows));
        for (int i = 0; i < in.rows; ++i) {
            auto u = std::make_shared<User>();
            u->username = in.usernames[i];
            u->email = in.emails[i];
            u->createdAt = in.createdAt[i];
            u->isActive = in.active[i];
            m_scratch->add(u);
            m_inserted.push_back(std::move(u));
        }
        if (!m_scratch->commit())
            fail(m_scratch->lastError(), "insert");
        quint64 sum = 0;
        for (const auto &u : m_inserted)
            sum += quint64(u->id);
        return sum;
    }

    quint64 loadUsers() override
    {
        m_session = std::make_unique<orm::Session>(m_engine);
        m_loaded = m_session->query<User>().all();
        if (m_session->lastError().isError())
            fail(m_session->lastError(), "load");
        quint64 sum = 0;
        for (const auto &u : m_loaded)
            sum += hashOf(*u);
        return sum;
    }

    quint64 lookUp(const Inputs &in) override
    {
        m_scratch = std::make_unique<orm::Session>(m_engine);
        quint64 sum = 0;
        for (const QString &name : in.lookupNames) {
            if (auto u = m_scratch->query<User>().filterBy(&User::username, name).first())
                sum += hashOf(*u);
            else if (m_scratch->lastError().isError())
                fail(m_scratch->lastError(), "look-up");
        }
        return sum;
    }

    quint64 updateEmails(const Inputs &in) override
    {
        for (const auto &u : m_loaded)
            u->email = in.newEmails[u->id - 1];
        if (!m_session->commit())
            fail(m_session->lastError(), "update");
        return quint64(m_loaded.size());
    }

    quint64 insertPostsAndLoad(const Inputs &in) override
    {
        for (const auto &u : m_loaded) {
            if (u->id > in.postUsers)
                continue;
            for (int j = 0; j < Inputs::postsPerUser; ++j) {
                auto p = std::make_shared<Post>();
                p->title = in.postTitles[(u->id - 1) * Inputs::postsPerUser + j];
                p->body = in.postBody;
                p->author = u;
                m_session->add(p);
            }
        }
        if (!m_session->commit())
            fail(m_session->lastError(), "insert posts");

        // Those users again in a new session, with their posts loaded eagerly (selectin).
        m_scratch = std::make_unique<orm::Session>(m_engine);
        m_withPosts = m_scratch->query<User>()
                          .filter(orm::col(&User::id) <= qint64(in.postUsers))
                          .orderBy(&User::id)
                          .options(orm::selectInLoad(&User::posts))
                          .all();
        if (m_scratch->lastError().isError())
            fail(m_scratch->lastError(), "eager load");
        quint64 sum = 0;
        for (const auto &u : m_withPosts) {
            sum += hashOf(*u);
            for (const auto &p : u->posts.items())
                sum += postHash(p->id, p->userId, p->title, p->body);
        }
        return sum;
    }

private:
    std::shared_ptr<orm::Engine> m_engine;
    std::unique_ptr<orm::Session> m_session; // W2's objects, changed by W4 and W5
    std::unique_ptr<orm::Session> m_scratch;
    std::vector<std::shared_ptr<User>> m_inserted;
    std::vector<std::shared_ptr<User>> m_loaded;
    std::vector<std::shared_ptr<User>> m_withPosts;
};

} // namespace

std::unique_ptr<Contender> makeOrmContender()
{
    return std::make_unique<OrmContender>();
}

} // namespace bench
