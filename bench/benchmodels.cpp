// SPDX-License-Identifier: MIT
#include "bench/benchmodels.h"

using namespace Qt::StringLiterals;

namespace bench::models {

void User::map(orm::Mapper<User> &m)
{
    m.table(u"users"_s);
    m.column(&User::id, u"id"_s).primaryKey();
    m.column(&User::username, u"username"_s, orm::String(80)).unique().notNull();
    m.column(&User::email, u"email"_s, orm::String(120)).unique().notNull();
    m.column(&User::createdAt, u"created_at"_s, orm::DateTime).notNull().defaultNow();
    m.column(&User::isActive, u"is_active"_s).notNull().defaultValue(true);
    m.oneToMany(&User::posts, u"posts"_s, {u"user_id"_s}).backref(u"author"_s);
}

void Post::map(orm::Mapper<Post> &m)
{
    m.table(u"posts"_s);
    m.column(&Post::id, u"id"_s).primaryKey();
    m.column(&Post::userId, u"user_id"_s).notNull().index().foreignKey(u"users.id"_s);
    m.column(&Post::title, u"title"_s, orm::String(200)).notNull();
    m.column(&Post::body, u"body"_s, orm::Text).notNull();
    m.manyToOne(&Post::author, u"author"_s, {u"user_id"_s}).backref(u"posts"_s);
}

} // namespace bench::models
