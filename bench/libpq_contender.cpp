// SPDX-License-Identifier: MIT
// The floor on a server: libpq's C API written by hand for these tables. Prepared statements,
// one transaction per write workload, pipeline mode for the inserts and updates (a sync every
// 256 rows), text results, no COPY. Also the server side of the benchmark's schema and
// checksum.

#include "bench/contender.h"

#include <QStringEncoder>

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace bench {
namespace {

[[noreturn]] void fail(PGconn *c, const char *what)
{
    std::fprintf(stderr, "libpq: %s: %s\n", what, c ? PQerrorMessage(c) : "out of memory");
    std::exit(2);
}

PGconn *connect(const QString &url)
{
    PGconn *c = PQconnectdb(url.toUtf8().constData());
    if (!c || PQstatus(c) != CONNECTION_OK)
        fail(c, "connect");
    return c;
}

void exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    const ExecStatusType status = PQresultStatus(r);
    PQclear(r);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK)
        fail(c, sql);
}

void prepare(PGconn *c, const char *name, const char *sql)
{
    PGresult *r = PQprepare(c, name, sql, 0, nullptr);
    const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
    PQclear(r);
    if (!ok)
        fail(c, sql);
}

// Text parameters are NUL-terminated for libpq: one reusable buffer per parameter.
class Text
{
public:
    const char *operator()(QStringView s)
    {
        const size_t need = size_t(s.size()) * 3 + 1;
        if (m_buffer.size() < need)
            m_buffer.resize(need);
        QStringEncoder encoder(QStringEncoder::Utf8);
        char *end = encoder.appendToBuffer(m_buffer.data(), s);
        *end = '\0';
        return m_buffer.data();
    }
    const char *number(qint64 v)
    {
        if (m_buffer.size() < 24)
            m_buffer.resize(24);
        std::snprintf(m_buffer.data(), 24, "%lld", static_cast<long long>(v));
        return m_buffer.data();
    }
    const char *dateTime(const QDateTime &dt)
    {
        if (m_buffer.size() < 27)
            m_buffer.resize(27);
        m_buffer[size_t(formatDateTime(dt, m_buffer.data()))] = '\0';
        return m_buffer.data();
    }

private:
    std::vector<char> m_buffer = std::vector<char>(256);
};

// Runs the prepared statement `name` once per row in pipeline mode. bind(i, values) fills the
// parameters of row i; onResult(i, result) sees its result. A sync every 256 rows keeps what
// each side has not read yet within the socket's buffers.
template<class Bind, class OnResult>
void pipelined(PGconn *c, const char *name, int parameters, size_t rows, Bind bind,
               OnResult onResult)
{
    constexpr size_t rowsPerSync = 256;
    std::vector<const char *> values(static_cast<size_t>(parameters));
    for (size_t first = 0; first < rows; first += rowsPerSync) {
        const size_t last = std::min(rows, first + rowsPerSync);
        if (!PQenterPipelineMode(c))
            fail(c, "pipeline");
        for (size_t i = first; i < last; ++i) {
            bind(i, values.data());
            if (!PQsendQueryPrepared(c, name, parameters, values.data(), nullptr, nullptr, 0))
                fail(c, name);
        }
        if (!PQpipelineSync(c))
            fail(c, "sync");
        size_t i = first;
        for (;;) {
            PGresult *r = PQgetResult(c);
            if (!r) {
                if (PQstatus(c) != CONNECTION_OK)
                    fail(c, name);
                continue; // the end of one query's results
            }
            const ExecStatusType status = PQresultStatus(r);
            if (status == PGRES_PIPELINE_SYNC) {
                PQclear(r);
                break;
            }
            if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
                fail(c, name);
            onResult(i++, r);
            PQclear(r);
        }
        PQexitPipelineMode(c);
    }
}

PGresult *query(PGconn *c, const char *name, int parameters, const char *const *values)
{
    PGresult *r = PQexecPrepared(c, name, parameters, values, nullptr, nullptr, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail(c, name);
    return r;
}

inline QString text(const PGresult *r, int row, int column)
{
    return QString::fromUtf8(PQgetvalue(r, row, column), PQgetlength(r, row, column));
}

inline qint64 integer(const PGresult *r, int row, int column)
{
    return std::strtoll(PQgetvalue(r, row, column), nullptr, 10);
}

RawUser readUser(const PGresult *r, int row)
{
    RawUser u;
    u.id = integer(r, row, 0);
    u.username = text(r, row, 1);
    u.email = text(r, row, 2);
    u.createdAt = parseDateTime(PQgetvalue(r, row, 3), PQgetlength(r, row, 3));
    u.isActive = PQgetvalue(r, row, 4)[0] == 't';
    return u;
}

class LibpqContender final : public Contender
{
public:
    const char *name() const override { return "raw"; }

    void open(const QString &url) override
    {
        m_conn = connect(url);
        exec(m_conn, "SET client_min_messages = warning");
        prepare(m_conn, "insert_user",
                "INSERT INTO users (username, email, created_at, is_active) "
                "VALUES ($1, $2, $3, $4) RETURNING id");
        prepare(m_conn, "load_users",
                "SELECT id, username, email, created_at, is_active FROM users");
        prepare(m_conn, "look_up",
                "SELECT id, username, email, created_at, is_active FROM users WHERE username = $1");
        prepare(m_conn, "update_email", "UPDATE users SET email = $1 WHERE id = $2");
        prepare(m_conn, "insert_post",
                "INSERT INTO posts (user_id, title, body) VALUES ($1, $2, $3) RETURNING id");
        prepare(m_conn, "users_upto",
                "SELECT id, username, email, created_at, is_active FROM users WHERE id <= $1 "
                "ORDER BY id");
        prepare(m_conn, "posts_upto",
                "SELECT id, user_id, title, body FROM posts WHERE user_id <= $1 "
                "ORDER BY user_id, id");
    }

    void close() override
    {
        release();
        m_loaded.clear();
        m_loaded.shrink_to_fit();
        PQfinish(m_conn);
        m_conn = nullptr;
    }

    void release() override
    {
        m_inserted = {};
        m_posts = {};
        m_withPosts = {};
    }

    quint64 insertUsers(const Inputs &in) override
    {
        m_inserted.reserve(size_t(in.rows));
        for (int i = 0; i < in.rows; ++i)
            m_inserted.push_back({0, in.usernames[i], in.emails[i], in.createdAt[i], in.active[i]});
        exec(m_conn, "BEGIN");
        quint64 sum = 0;
        pipelined(
            m_conn, "insert_user", 4, m_inserted.size(),
            [this](size_t i, const char **values) {
                const RawUser &u = m_inserted[i];
                values[0] = m_a(u.username);
                values[1] = m_b(u.email);
                values[2] = m_c.dateTime(u.createdAt);
                values[3] = u.isActive ? "t" : "f";
            },
            [this, &sum](size_t i, PGresult *r) {
                m_inserted[i].id = integer(r, 0, 0);
                sum += quint64(m_inserted[i].id);
            });
        exec(m_conn, "COMMIT");
        return sum;
    }

    quint64 loadUsers() override
    {
        PGresult *r = query(m_conn, "load_users", 0, nullptr);
        const int rows = PQntuples(r);
        m_loaded.reserve(size_t(rows));
        for (int i = 0; i < rows; ++i)
            m_loaded.push_back(readUser(r, i));
        PQclear(r);
        quint64 sum = 0;
        for (const RawUser &u : m_loaded)
            sum += userHash(u);
        return sum;
    }

    quint64 lookUp(const Inputs &in) override
    {
        quint64 sum = 0;
        for (const QString &name : in.lookupNames) {
            const char *values[] = {m_a(name)};
            PGresult *r = query(m_conn, "look_up", 1, values);
            if (PQntuples(r) > 0)
                sum += userHash(readUser(r, 0));
            PQclear(r);
        }
        return sum;
    }

    quint64 updateEmails(const Inputs &in) override
    {
        for (RawUser &u : m_loaded)
            u.email = in.newEmails[u.id - 1];
        exec(m_conn, "BEGIN");
        quint64 n = 0;
        pipelined(
            m_conn, "update_email", 2, m_loaded.size(),
            [this](size_t i, const char **values) {
                values[0] = m_a(m_loaded[i].email);
                values[1] = m_b.number(m_loaded[i].id);
            },
            [&n](size_t, PGresult *r) { n += quint64(std::atoll(PQcmdTuples(r))); });
        exec(m_conn, "COMMIT");
        return n;
    }

    quint64 insertPostsAndLoad(const Inputs &in) override
    {
        m_posts.reserve(size_t(in.postUsers) * Inputs::postsPerUser);
        for (const RawUser &u : m_loaded) {
            if (u.id > in.postUsers)
                continue;
            for (int j = 0; j < Inputs::postsPerUser; ++j)
                m_posts.push_back(
                    {0, u.id, in.postTitles[(u.id - 1) * Inputs::postsPerUser + j], in.postBody});
        }
        exec(m_conn, "BEGIN");
        pipelined(
            m_conn, "insert_post", 3, m_posts.size(),
            [this](size_t i, const char **values) {
                const RawPost &p = m_posts[i];
                values[0] = m_a.number(p.userId);
                values[1] = m_b(p.title);
                values[2] = m_c(p.body);
            },
            [this](size_t i, PGresult *r) { m_posts[i].id = integer(r, 0, 0); });
        exec(m_conn, "COMMIT");

        // Those users again, with their posts: two range queries, merged by key.
        const char *bound[] = {m_a.number(in.postUsers)};
        PGresult *users = query(m_conn, "users_upto", 1, bound);
        for (int i = 0; i < PQntuples(users); ++i)
            m_withPosts.push_back({readUser(users, i), {}});
        PQclear(users);
        PGresult *posts = query(m_conn, "posts_upto", 1, bound);
        size_t owner = 0;
        for (int i = 0; i < PQntuples(posts); ++i) {
            RawPost p;
            p.id = integer(posts, i, 0);
            p.userId = integer(posts, i, 1);
            p.title = text(posts, i, 2);
            p.body = text(posts, i, 3);
            while (owner < m_withPosts.size() && m_withPosts[owner].user.id < p.userId)
                ++owner;
            if (owner == m_withPosts.size())
                fail(m_conn, "a post without its user");
            m_withPosts[owner].posts.push_back(std::move(p));
        }
        PQclear(posts);
        quint64 sum = 0;
        for (const RawUserPosts &up : m_withPosts) {
            sum += userHash(up.user);
            for (const RawPost &p : up.posts)
                sum += postHash(p);
        }
        return sum;
    }

private:
    PGconn *m_conn = nullptr;
    Text m_a, m_b, m_c;
    std::vector<RawUser> m_inserted;
    std::vector<RawUser> m_loaded;
    std::vector<RawPost> m_posts;
    std::vector<RawUserPosts> m_withPosts;
};

} // namespace

std::unique_ptr<Contender> makeLibpqContender()
{
    return std::make_unique<LibpqContender>();
}

// The tables dropped and made again, so that every contender's keys start at 1. The types are
// those SQLAlchemy's PostgreSQL dialect writes for the models.
void createServerSchema(const QString &url)
{
    PGconn *c = connect(url);
    exec(c, "SET client_min_messages = warning");
    exec(c, "DROP TABLE IF EXISTS posts");
    exec(c, "DROP TABLE IF EXISTS users");
    exec(c, R"(CREATE TABLE users (
    id SERIAL NOT NULL PRIMARY KEY,
    username VARCHAR(80) NOT NULL UNIQUE,
    email VARCHAR(120) NOT NULL UNIQUE,
    created_at TIMESTAMP WITHOUT TIME ZONE NOT NULL,
    is_active BOOLEAN NOT NULL
))");
    exec(c, R"(CREATE TABLE posts (
    id SERIAL NOT NULL PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    title VARCHAR(200) NOT NULL,
    body TEXT NOT NULL
))");
    exec(c, "CREATE INDEX ix_posts_user_id ON posts (user_id)");
    // Fresh statistics, as a long-running server keeps them: every contender's plans alike.
    exec(c, "ANALYZE users, posts");
    PQfinish(c);
}

QString serverDescription(const QString &url)
{
    PGconn *c = connect(url);
    const int v = PQserverVersion(c);
    PQfinish(c);
    return QStringLiteral("PostgreSQL %1.%2 (libpq %3)")
        .arg(v / 10000)
        .arg(v % 10000)
        .arg(PQlibVersion() / 10000);
}

quint64 serverDatabaseChecksum(const QString &url, qint64 *users, qint64 *posts)
{
    PGconn *c = connect(url);
    quint64 sum = 0;
    auto scan = [&](const char *sql, qint64 *count) {
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) != PGRES_TUPLES_OK)
            fail(c, sql);
        for (int i = 0; i < PQntuples(r); ++i) {
            quint64 h = 0x1234;
            for (int col = 0; col < PQnfields(r); ++col) {
                const auto *p = reinterpret_cast<const unsigned char *>(PQgetvalue(r, i, col));
                quint64 ch = 0xcbf29ce484222325ull ^ quint64(PQgetisnull(r, i, col));
                for (int k = 0; k < PQgetlength(r, i, col); ++k)
                    ch = (ch ^ p[k]) * 0x100000001b3ull;
                h = mix(h ^ ch);
            }
            sum += h;
        }
        if (count)
            *count = PQntuples(r);
        PQclear(r);
    };
    scan("SELECT id, username, email, created_at, is_active FROM users", users);
    scan("SELECT id, user_id, title, body FROM posts", posts);
    PQfinish(c);
    return sum;
}

} // namespace bench
