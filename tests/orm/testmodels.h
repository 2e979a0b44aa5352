// SPDX-License-Identifier: MIT
#pragma once

// The seeds' models, re-expressed with the ORM (users / posts / accounts).

#include "orm/mapping/mapper.h"
#include "orm/query/query.h"
#include "orm/session/session.h"
#include "testengine.h"

#include <QDateTime>

using namespace Qt::StringLiterals;

namespace testmodels {

// The seeds' TimestampMixin: created_at / updated_at maintained by the session.
struct TimestampMixin
{
    QDateTime createdAt;
    QDateTime updatedAt;

    template<class T>
    static void mapTimestamps(orm::Mapper<T> &m)
    {
        m.column(&T::createdAt, u"created_at"_s, orm::DateTime).defaultNow();
        m.column(&T::updatedAt, u"updated_at"_s, orm::DateTime).defaultNow().onUpdateNow();
    }
};

class User;

// The seeds' UserQuery.find_by_username.
class UserQuery : public orm::Query<User>
{
public:
    using Query::Query;
    std::shared_ptr<User> findByUsername(const QString &username) const;
};

class User : public orm::Model<User>, public TimestampMixin
{
public:
    using QueryClass = UserQuery;

    qint64 id = 0;
    QString username;
    QString email;
    bool isActive = true;
    std::optional<qint64> age;

    static void map(orm::Mapper<User> &m)
    {
        m.table(u"users"_s);
        m.column(&User::id, u"id"_s).primaryKey();
        m.column(&User::username, u"username"_s, orm::String(80)).unique().notNull();
        m.column(&User::email, u"email"_s, orm::String(120))
            .unique()
            .notNull()
            .validate(orm::validators::email());
        m.column(&User::isActive, u"is_active"_s).defaultValue(true);
        m.column(&User::age, u"age"_s, orm::Integer);
        mapTimestamps(m);
    }

    static std::shared_ptr<User> make(const QString &username, const QString &email = QString())
    {
        auto u = std::make_shared<User>();
        u->username = username;
        u->email = email.isEmpty() ? username + u"@example.com"_s : email;
        return u;
    }
};

inline std::shared_ptr<User> UserQuery::findByUsername(const QString &username) const
{
    return filterBy(&User::username, username).first();
}

class Post : public orm::Model<Post>
{
public:
    qint64 id = 0;
    QString title;
    QString content;
    QDateTime datePosted;
    qint64 userId = 0;

    static void map(orm::Mapper<Post> &m)
    {
        m.table(u"posts"_s);
        m.column(&Post::id, u"id"_s).primaryKey();
        m.column(&Post::title, u"title"_s, orm::String(100)).notNull();
        m.column(&Post::content, u"content"_s, orm::Text).notNull();
        m.column(&Post::datePosted, u"date_posted"_s).notNull().defaultNow();
        m.column(&Post::userId, u"user_id"_s).notNull().foreignKey(u"users.id"_s);
    }
};

class Account : public orm::Model<Account>
{
public:
    qint64 id = 0;
    QString accountNumber;
    double balance = 0.0;

    static void map(orm::Mapper<Account> &m)
    {
        m.table(u"account"_s);
        m.column(&Account::id, u"id"_s).primaryKey();
        m.column(&Account::accountNumber, u"account_number"_s, orm::String(20)).unique().notNull();
        m.column(&Account::balance, u"balance"_s).notNull().defaultValue(0.0);
    }
};

inline orm::MetaData metadata()
{
    orm::MetaData md;
    md.addTable(User::staticMeta().table());
    md.addTable(Post::staticMeta().table());
    md.addTable(Account::staticMeta().table());
    return md;
}

// A fresh database (memory or file; on a server run, the suite's database emptied) with the
// tables created.
inline std::shared_ptr<orm::Engine> makeEngine(const QString &sqliteUrl = u"sqlite://"_s)
{
    const QString url = testengine::fresh(sqliteUrl);
    orm::Error error;
    auto engine = orm::Engine::create(url, &error);
    if (!engine)
        qFatal("cannot open %s: %s", qPrintable(url), qPrintable(error.text()));
    if (!metadata().createAll(engine->connection(), &error))
        qFatal("createAll failed: %s", qPrintable(error.text()));
    return engine;
}

// Counts statements through the engine's listener (what echo prints).
class StatementCounter
{
public:
    explicit StatementCounter(orm::Connection &c)
        : m_connection(c)
    {
        m_id = c.addListener([this](const orm::StatementRecord &r) { m_records.append(r); });
    }
    ~StatementCounter() { m_connection.removeListener(m_id); }
    int count() const { return int(m_records.size()); }
    const QList<orm::StatementRecord> &records() const { return m_records; }
    QStringList sql() const
    {
        QStringList out;
        for (const auto &r : m_records)
            out << r.sql;
        return out;
    }
    void clear() { m_records.clear(); }

private:
    orm::Connection &m_connection;
    int m_id = 0;
    QList<orm::StatementRecord> m_records;
};

} // namespace testmodels
