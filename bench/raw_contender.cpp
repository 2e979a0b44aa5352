// SPDX-License-Identifier: MIT
// The floor: the sqlite3 C API with prepared statements, written by hand for these tables.
// Rows live in std::vectors of structs with QString / QDateTime fields (what a Qt program
// holds); text is encoded into reusable buffers (no allocation per bound value).

#include "bench/contender.h"

#include <QFile>
#include <QStringEncoder>

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

namespace bench {
namespace {

[[noreturn]] void fail(sqlite3 *db, const char *what)
{
    std::fprintf(stderr, "raw: %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(2);
}

// UTF-8 of a QString in a buffer that is reused from row to row.
class Utf8
{
public:
    const char *encode(QStringView s, int *length)
    {
        const qsizetype need = s.size() * 3;
        if (qsizetype(m_buffer.size()) < need)
            m_buffer.resize(size_t(need));
        QStringEncoder encoder(QStringEncoder::Utf8);
        char *end = encoder.appendToBuffer(m_buffer.data(), s);
        *length = int(end - m_buffer.data());
        return m_buffer.data();
    }

private:
    std::vector<char> m_buffer = std::vector<char>(256);
};

class Stmt
{
public:
    Stmt(sqlite3 *db, const char *sql)
        : m_db(db)
    {
        if (sqlite3_prepare_v2(db, sql, -1, &m_st, nullptr) != SQLITE_OK)
            fail(db, sql);
    }
    ~Stmt() { sqlite3_finalize(m_st); }
    Stmt(const Stmt &) = delete;
    Stmt &operator=(const Stmt &) = delete;
    operator sqlite3_stmt *() const { return m_st; }
    void text(int i, Utf8 &buffer, QStringView s)
    {
        int n = 0;
        const char *p = buffer.encode(s, &n);
        sqlite3_bind_text(m_st, i, p, n, SQLITE_STATIC);
    }
    void done()
    {
        if (sqlite3_step(m_st) != SQLITE_DONE)
            fail(m_db, "step");
        sqlite3_reset(m_st);
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_st = nullptr;
};

inline QString columnText(sqlite3_stmt *st, int c)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, c)),
                             sqlite3_column_bytes(st, c));
}

inline RawUser readUser(sqlite3_stmt *st)
{
    RawUser u;
    u.id = sqlite3_column_int64(st, 0);
    u.username = columnText(st, 1);
    u.email = columnText(st, 2);
    u.createdAt = parseDateTime(reinterpret_cast<const char *>(sqlite3_column_text(st, 3)),
                                sqlite3_column_bytes(st, 3));
    u.isActive = sqlite3_column_int(st, 4) != 0;
    return u;
}

class RawContender final : public Contender
{
public:
    const char *name() const override { return "raw"; }

    void open(const QString &path) override
    {
        if (sqlite3_open_v2(QFile::encodeName(path).constData(), &m_db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr)
            != SQLITE_OK)
            fail(m_db, "open");
        exec("PRAGMA foreign_keys = ON");
    }

    void close() override
    {
        release();
        m_loaded.clear();
        m_loaded.shrink_to_fit();
        sqlite3_close(m_db);
        m_db = nullptr;
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
        exec("BEGIN IMMEDIATE");
        Stmt st(m_db,
                "INSERT INTO users (username, email, created_at, is_active) VALUES (?, ?, ?, ?)");
        quint64 sum = 0;
        for (RawUser &u : m_inserted) {
            char date[26];
            st.text(1, m_a, u.username);
            st.text(2, m_b, u.email);
            sqlite3_bind_text(st, 3, date, formatDateTime(u.createdAt, date), SQLITE_STATIC);
            sqlite3_bind_int(st, 4, u.isActive ? 1 : 0);
            st.done();
            u.id = sqlite3_last_insert_rowid(m_db);
            sum += quint64(u.id);
        }
        exec("COMMIT");
        return sum;
    }

    quint64 loadUsers() override
    {
        Stmt st(m_db, "SELECT id, username, email, created_at, is_active FROM users");
        int rc;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
            m_loaded.push_back(readUser(st));
        if (rc != SQLITE_DONE)
            fail(m_db, "load");
        quint64 sum = 0;
        for (const RawUser &u : m_loaded)
            sum += userHash(u);
        return sum;
    }

    quint64 lookUp(const Inputs &in) override
    {
        Stmt st(m_db,
                "SELECT id, username, email, created_at, is_active FROM users WHERE username = ?");
        quint64 sum = 0;
        for (const QString &name : in.lookupNames) {
            st.text(1, m_a, name);
            if (sqlite3_step(st) == SQLITE_ROW) {
                const RawUser u = readUser(st);
                sum += userHash(u);
            }
            sqlite3_reset(st);
        }
        return sum;
    }

    quint64 updateEmails(const Inputs &in) override
    {
        for (RawUser &u : m_loaded)
            u.email = in.newEmails[u.id - 1];
        exec("BEGIN IMMEDIATE");
        Stmt st(m_db, "UPDATE users SET email = ? WHERE id = ?");
        quint64 n = 0;
        for (const RawUser &u : m_loaded) {
            st.text(1, m_a, u.email);
            sqlite3_bind_int64(st, 2, u.id);
            st.done();
            n += quint64(sqlite3_changes(m_db));
        }
        exec("COMMIT");
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
        exec("BEGIN IMMEDIATE");
        {
            Stmt st(m_db, "INSERT INTO posts (user_id, title, body) VALUES (?, ?, ?)");
            for (RawPost &p : m_posts) {
                sqlite3_bind_int64(st, 1, p.userId);
                st.text(2, m_a, p.title);
                st.text(3, m_b, p.body);
                st.done();
                p.id = sqlite3_last_insert_rowid(m_db);
            }
        }
        exec("COMMIT");

        // Those users again, with their posts: two range queries, merged by key.
        {
            Stmt users(m_db,
                       "SELECT id, username, email, created_at, is_active FROM users "
                       "WHERE id <= ? ORDER BY id");
            sqlite3_bind_int64(users, 1, in.postUsers);
            while (sqlite3_step(users) == SQLITE_ROW)
                m_withPosts.push_back({readUser(users), {}});
        }
        Stmt posts(m_db,
                   "SELECT id, user_id, title, body FROM posts WHERE user_id <= ? "
                   "ORDER BY user_id, id");
        sqlite3_bind_int64(posts, 1, in.postUsers);
        size_t owner = 0;
        while (sqlite3_step(posts) == SQLITE_ROW) {
            RawPost p;
            p.id = sqlite3_column_int64(posts, 0);
            p.userId = sqlite3_column_int64(posts, 1);
            p.title = columnText(posts, 2);
            p.body = columnText(posts, 3);
            while (owner < m_withPosts.size() && m_withPosts[owner].user.id < p.userId)
                ++owner;
            if (owner == m_withPosts.size())
                fail(m_db, "a post without its user");
            m_withPosts[owner].posts.push_back(std::move(p));
        }
        quint64 sum = 0;
        for (const RawUserPosts &up : m_withPosts) {
            sum += userHash(up.user);
            for (const RawPost &p : up.posts)
                sum += postHash(p);
        }
        return sum;
    }

private:
    void exec(const char *sql)
    {
        if (sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) != SQLITE_OK)
            fail(m_db, sql);
    }

    sqlite3 *m_db = nullptr;
    Utf8 m_a, m_b;
    std::vector<RawUser> m_inserted;
    std::vector<RawUser> m_loaded;
    std::vector<RawPost> m_posts;
    std::vector<RawUserPosts> m_withPosts;
};

} // namespace

std::unique_ptr<Contender> makeRawContender()
{
    return std::make_unique<RawContender>();
}

} // namespace bench
