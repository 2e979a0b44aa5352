// SPDX-License-Identifier: MIT
// Hand-written Qt SQL: QSqlQuery with prepared statements through the QSQLITE driver (the same
// SQLite library), positional binds, forward-only result sets.

#include "bench/contender.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <cstdio>
#include <cstdlib>

namespace bench {
namespace {

const QString connectionName = QStringLiteral("rowsmith-bench");

[[noreturn]] void fail(const QSqlError &error, const char *what)
{
    std::fprintf(stderr, "qtsql: %s: %s\n", what, qPrintable(error.text()));
    std::exit(2);
}

RawUser readUser(const QSqlQuery &q)
{
    RawUser u;
    u.id = q.value(0).toLongLong();
    u.username = q.value(1).toString();
    u.email = q.value(2).toString();
    u.createdAt = parseDateTime(q.value(3).toString());
    u.isActive = q.value(4).toInt() != 0;
    return u;
}

class QtSqlContender final : public Contender
{
public:
    const char *name() const override { return "qtsql"; }

    void open(const QString &path) override
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connectionName);
        db.setDatabaseName(path);
        if (!db.open())
            fail(db.lastError(), "open");
        exec(QStringLiteral("PRAGMA foreign_keys = ON"));
    }

    void close() override
    {
        release();
        m_loaded = {};
        QSqlDatabase::database(connectionName).close();
        QSqlDatabase::removeDatabase(connectionName);
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
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        exec(QStringLiteral("BEGIN IMMEDIATE"));
        QSqlQuery q(db);
        if (!q.prepare(QStringLiteral(
                "INSERT INTO users (username, email, created_at, is_active) VALUES (?, ?, ?, ?)")))
            fail(q.lastError(), "prepare");
        quint64 sum = 0;
        for (RawUser &u : m_inserted) {
            q.bindValue(0, u.username);
            q.bindValue(1, u.email);
            q.bindValue(2, formatDateTimeString(u.createdAt));
            q.bindValue(3, u.isActive ? 1 : 0);
            if (!q.exec())
                fail(q.lastError(), "insert");
            u.id = q.lastInsertId().toLongLong();
            sum += quint64(u.id);
        }
        exec(QStringLiteral("COMMIT"));
        return sum;
    }

    quint64 loadUsers() override
    {
        QSqlQuery q(QSqlDatabase::database(connectionName, false));
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id, username, email, created_at, is_active FROM users")))
            fail(q.lastError(), "load");
        while (q.next())
            m_loaded.push_back(readUser(q));
        quint64 sum = 0;
        for (const RawUser &u : m_loaded)
            sum += userHash(u);
        return sum;
    }

    quint64 lookUp(const Inputs &in) override
    {
        QSqlQuery q(QSqlDatabase::database(connectionName, false));
        q.setForwardOnly(true);
        if (!q.prepare(QStringLiteral(
                "SELECT id, username, email, created_at, is_active FROM users WHERE username = ?")))
            fail(q.lastError(), "prepare");
        quint64 sum = 0;
        for (const QString &name : in.lookupNames) {
            q.bindValue(0, name);
            if (!q.exec())
                fail(q.lastError(), "look-up");
            if (q.next())
                sum += userHash(readUser(q));
            q.finish();
        }
        return sum;
    }

    quint64 updateEmails(const Inputs &in) override
    {
        for (RawUser &u : m_loaded)
            u.email = in.newEmails[u.id - 1];
        exec(QStringLiteral("BEGIN IMMEDIATE"));
        QSqlQuery q(QSqlDatabase::database(connectionName, false));
        if (!q.prepare(QStringLiteral("UPDATE users SET email = ? WHERE id = ?")))
            fail(q.lastError(), "prepare");
        quint64 n = 0;
        for (const RawUser &u : m_loaded) {
            q.bindValue(0, u.email);
            q.bindValue(1, u.id);
            if (!q.exec())
                fail(q.lastError(), "update");
            n += quint64(q.numRowsAffected());
        }
        exec(QStringLiteral("COMMIT"));
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
        QSqlDatabase db = QSqlDatabase::database(connectionName, false);
        exec(QStringLiteral("BEGIN IMMEDIATE"));
        {
            QSqlQuery q(db);
            if (!q.prepare(
                    QStringLiteral("INSERT INTO posts (user_id, title, body) VALUES (?, ?, ?)")))
                fail(q.lastError(), "prepare");
            for (RawPost &p : m_posts) {
                q.bindValue(0, p.userId);
                q.bindValue(1, p.title);
                q.bindValue(2, p.body);
                if (!q.exec())
                    fail(q.lastError(), "insert post");
                p.id = q.lastInsertId().toLongLong();
            }
        }
        exec(QStringLiteral("COMMIT"));

        {
            QSqlQuery users(db);
            users.setForwardOnly(true);
            users.prepare(
                QStringLiteral("SELECT id, username, email, created_at, is_active FROM users "
                               "WHERE id <= ? ORDER BY id"));
            users.bindValue(0, in.postUsers);
            if (!users.exec())
                fail(users.lastError(), "load users");
            while (users.next())
                m_withPosts.push_back({readUser(users), {}});
        }
        QSqlQuery posts(db);
        posts.setForwardOnly(true);
        posts.prepare(
            QStringLiteral("SELECT id, user_id, title, body FROM posts WHERE user_id <= ? "
                           "ORDER BY user_id, id"));
        posts.bindValue(0, in.postUsers);
        if (!posts.exec())
            fail(posts.lastError(), "load posts");
        size_t owner = 0;
        while (posts.next()) {
            RawPost p;
            p.id = posts.value(0).toLongLong();
            p.userId = posts.value(1).toLongLong();
            p.title = posts.value(2).toString();
            p.body = posts.value(3).toString();
            while (owner < m_withPosts.size() && m_withPosts[owner].user.id < p.userId)
                ++owner;
            if (owner == m_withPosts.size())
                fail(QSqlError(), "a post without its user");
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
    void exec(const QString &sql)
    {
        QSqlQuery q(QSqlDatabase::database(connectionName, false));
        if (!q.exec(sql))
            fail(q.lastError(), "exec");
    }

    std::vector<RawUser> m_inserted;
    std::vector<RawUser> m_loaded;
    std::vector<RawPost> m_posts;
    std::vector<RawUserPosts> m_withPosts;
};

} // namespace

std::unique_ptr<Contender> makeQtSqlContender()
{
    return std::make_unique<QtSqlContender>();
}

} // namespace bench
