// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

// Schema pairs (before, after) that every migration test and the Alembic parity test run on:
// one kind of change each, with rows in the before schema.
struct MigrationPair
{
    const char *name;
    QStringList before;
    QStringList after;
};

inline QList<MigrationPair> migrationPairs()
{
    using namespace Qt::StringLiterals;
    const QString users =
        QStringLiteral("CREATE TABLE users (id INTEGER NOT NULL, username VARCHAR(80) NOT NULL, "
                       "email VARCHAR(120), PRIMARY KEY (id))");
    const QString usersRows = QStringLiteral(
        "INSERT INTO users (id, username, email) VALUES (1, 'ann', 'ann@example.com'), "
        "(2, 'bob', NULL)");
    const QString posts = QStringLiteral(
        "CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER, title VARCHAR(80), "
        "PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id))");
    const QString postsRows = QStringLiteral(
        "INSERT INTO posts (id, user_id, title) VALUES (1, 1, 'Hello'), (2, 2, 'Hi')");
    auto usersWith = [](const QString &columns, const QString &constraints = QString()) {
        return QStringLiteral("CREATE TABLE users (id INTEGER NOT NULL, %1, PRIMARY KEY (id)%2)")
            .arg(columns, constraints);
    };
    return {
        {"create table",
         {users, usersRows},
         {users, posts, u"CREATE INDEX ix_posts_title ON posts (title)"_s}},
        {"drop table", {users, usersRows, posts, postsRows}, {users}},
        {"add column",
         {users, usersRows},
         {usersWith(u"username VARCHAR(80) NOT NULL, email VARCHAR(120), age INTEGER"_s)}},
        {"add column not null with default",
         {users, usersRows},
         {usersWith(
             u"username VARCHAR(80) NOT NULL, email VARCHAR(120), active BOOLEAN NOT NULL DEFAULT '1'"_s)}},
        {"drop column", {users, usersRows}, {usersWith(u"username VARCHAR(80) NOT NULL"_s)}},
        {"alter type",
         {users, usersRows},
         {usersWith(u"username VARCHAR(80) NOT NULL, email VARCHAR(200)"_s)}},
        {"alter type narrower",
         {users, usersRows},
         {usersWith(u"username VARCHAR(80) NOT NULL, email VARCHAR(10)"_s)}},
        {"alter nullable",
         {users, usersRows},
         {usersWith(u"username VARCHAR(80), email VARCHAR(120)"_s)}},
        {"alter not null",
         {users, u"INSERT INTO users (id, username, email) VALUES (1, 'ann', 'a@example.com')"_s},
         {usersWith(u"username VARCHAR(80) NOT NULL, email VARCHAR(120) NOT NULL"_s)}},
        {"alter server default",
         {users, usersRows},
         {usersWith(u"username VARCHAR(80) NOT NULL DEFAULT 'anon', email VARCHAR(120)"_s)}},
        {"create index",
         {users, usersRows},
         {users, u"CREATE INDEX ix_users_email ON users (email)"_s}},
        {"drop index",
         {users, u"CREATE UNIQUE INDEX ix_users_username ON users (username)"_s, usersRows},
         {users}},
        {"add unique constraint",
         {users, usersRows},
         {usersWith(u"username VARCHAR(80) NOT NULL, email VARCHAR(120)"_s,
                    u", UNIQUE (email)"_s)}},
        {"drop unique constraint",
         {usersWith(u"username VARCHAR(80) NOT NULL, email VARCHAR(120)"_s,
                    u", UNIQUE (username)"_s),
          usersRows},
         {users}},
        {"add foreign key",
         {users, usersRows,
          u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER, title VARCHAR(80), PRIMARY KEY (id))"_s,
          postsRows},
         {users, posts}},
        {"drop foreign key",
         {users, usersRows, posts, postsRows},
         {users,
          u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER, title VARCHAR(80), PRIMARY KEY (id))"_s}},
        {"add check",
         {users, usersRows},
         {usersWith(u"username VARCHAR(80) NOT NULL, email VARCHAR(120)"_s,
                    u", CHECK (length(username) > 0)"_s)}},
        {"create view",
         {users, usersRows},
         {users, u"CREATE VIEW names AS SELECT id, username FROM users"_s}},
        {"change view",
         {users, usersRows, u"CREATE VIEW names AS SELECT id FROM users"_s},
         {users, u"CREATE VIEW names AS SELECT id, username FROM users"_s}},
        {"create expression index",
         {users, usersRows},
         {users, u"CREATE INDEX ix_users_lower_email ON users (lower(email))"_s}},
        {"create partial index",
         {users, usersRows},
         {users,
          u"CREATE UNIQUE INDEX ix_users_email_set ON users (email) WHERE email IS NOT NULL"_s}},
        {"several changes at once",
         {users, usersRows, posts, postsRows, u"CREATE INDEX ix_posts_title ON posts (title)"_s},
         {usersWith(u"username VARCHAR(100) NOT NULL, email VARCHAR(120), bio TEXT"_s,
                    u", UNIQUE (username)"_s),
          u"CREATE TABLE posts (id INTEGER NOT NULL, user_id INTEGER NOT NULL, title VARCHAR(80), PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE)"_s,
          u"CREATE INDEX ix_posts_user_id ON posts (user_id)"_s,
          u"CREATE TABLE tags (id INTEGER NOT NULL, name VARCHAR(40) NOT NULL, PRIMARY KEY (id), UNIQUE (name))"_s}},
    };
}
