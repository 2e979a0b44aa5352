// SPDX-License-Identifier: MIT
#pragma once

// The benchmark's models: the tables of bench/common.cpp's schema, declared once with
// orm::Model, with the relationship pair User.posts <-> Post.author.

#include "orm/mapping/mapper.h"
#include "orm/mapping/related.h"
#include "orm/query/query.h"

#include <QDateTime>

namespace bench::models {

class Post;

class User : public orm::Model<User>
{
public:
    qint64 id = 0;
    QString username;
    QString email;
    QDateTime createdAt;
    bool isActive = true;

    orm::Collection<Post> posts {this};

    static void map(orm::Mapper<User> &m);
};

class Post : public orm::Model<Post>
{
public:
    qint64 id = 0;
    qint64 userId = 0;
    QString title;
    QString body;

    orm::Reference<User> author {this};

    static void map(orm::Mapper<Post> &m);
};

} // namespace bench::models
