// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/mapper.h"
#include "orm/mapping/related.h"
#include "orm/query/query.h"
#include "orm/sql/schema.h"
#include "orm/sql/timestamp.h"

namespace blog {

class User;
class Post;
class Tag;
class Profile;
class Group;

class UserQuery : public orm::Query<User>
{
public:
    using Query::Query;
    std::shared_ptr<User> findByUsername(const QString &username) const;
};

class User : public orm::Model<User>
{
public:
    using QueryClass = UserQuery;

    qint64 id = 0;
    QString username;
    QString email;
    orm::Timestamp createdAt; // naive UTC, with microseconds
    bool isActive = true;

    orm::Collection<Post> posts {this};
    orm::Reference<Profile> profile {this};
    orm::Collection<Group> groups {this};
    orm::Collection<User> following {this};
    orm::Collection<User> followers {this};

    static void map(orm::Mapper<User> &m);
};

class Profile : public orm::Model<Profile>
{
public:
    qint64 id = 0;
    qint64 userId = 0;
    QString displayName;
    QString bio;
    QString website;

    orm::Reference<User> user {this};

    static void map(orm::Mapper<Profile> &m);
};

class Post : public orm::Model<Post>
{
public:
    qint64 id = 0;
    QString title;
    QString body;
    orm::Timestamp datePosted;
    qint64 userId = 0;
    std::optional<qint64> parentId; // a reply to another post

    orm::Reference<User> author {this};
    orm::Collection<Tag> tags {this};
    orm::Reference<Post> parent {this};
    orm::Collection<Post> replies {this};

    static void map(orm::Mapper<Post> &m);
};

class Tag : public orm::Model<Tag>
{
public:
    qint64 id = 0;
    QString name;

    orm::Collection<Post> posts {this};

    static void map(orm::Mapper<Tag> &m);
};

class Group : public orm::Model<Group>
{
public:
    qint64 id = 0;
    QString name;
    QString description;

    orm::Collection<User> users {this};

    static void map(orm::Mapper<Group> &m);
};

// The association tables (no class).
constexpr auto postTags = orm::associationTable<Post, Tag>("post_tags");
constexpr auto memberships = orm::associationTable<User, Group>("memberships");
constexpr auto follows = orm::associationTable<User, User>("follows", "follower_id", "followed_id");

// Every table of the domain and the association tables, for createAll() / dropAll().
orm::MetaData metadata();
// The entities, in the order an application lists them.
QList<const orm::EntityMeta *> entities();

} // namespace blog
