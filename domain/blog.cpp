// SPDX-License-Identifier: MIT
#include "domain/blog.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace blog {

std::shared_ptr<User> UserQuery::findByUsername(const QString &username) const
{
    return filterBy(&User::username, username).first();
}

void User::map(orm::Mapper<User> &m)
{
    m.table(u"users"_s);
    m.displayName(QCoreApplication::translate("blog", "Users"));
    m.column(&User::id, u"id"_s).primaryKey().label(QCoreApplication::translate("blog", "ID"));
    m.column(&User::username, u"username"_s, orm::String(80))
        .unique()
        .notNull()
        .isLabel()
        .label(QCoreApplication::translate("blog", "Username"))
        .validate(orm::validators::identifier());
    m.column(&User::email, u"email"_s, orm::String(120))
        .unique()
        .notNull()
        .label(QCoreApplication::translate("blog", "E-mail"))
        .validate(orm::validators::email());
    m.column(&User::createdAt, u"created_at"_s, orm::DateTime)
        .defaultNow()
        .label(QCoreApplication::translate("blog", "Created"));
    m.column(&User::isActive, u"is_active"_s)
        .defaultValue(true)
        .label(QCoreApplication::translate("blog", "Active"));
    // Each relationship and its backref declared once, here or on the other model; the columns
    // come from the foreign keys and association tables. No delete cascade on posts: a user who
    // still has posts cannot be deleted by accident.
    m.relationship(&User::posts, u"posts"_s)
        .backref(&Post::author)
        .label(QCoreApplication::translate("blog", "Posts"));
    m.relationship(&User::profile, u"profile"_s)
        .backref(&Profile::user)
        .cascade(orm::Cascade::All | orm::Cascade::DeleteOrphan)
        .label(QCoreApplication::translate("blog", "Profile"));
    m.relationship(&User::groups, u"groups"_s)
        .secondary(memberships)
        .backref(&Group::users)
        .label(QCoreApplication::translate("blog", "Groups"));
    m.relationship(&User::following, u"following"_s)
        .secondary(follows)
        .backref(&User::followers)
        .label(QCoreApplication::translate("blog", "Following"));
    m.relationship(&User::followers, u"followers"_s)
        .label(QCoreApplication::translate("blog", "Followers"));
}

void Profile::map(orm::Mapper<Profile> &m)
{
    m.table(u"profiles"_s);
    m.displayName(QCoreApplication::translate("blog", "Profiles"));
    m.column(&Profile::id, u"id"_s).primaryKey().label(QCoreApplication::translate("blog", "ID"));
    m.column(&Profile::userId, u"user_id"_s)
        .unique()
        .notNull()
        .foreignKey(u"users.id"_s, orm::ReferentialAction::Cascade)
        .label(QCoreApplication::translate("blog", "User"));
    m.column(&Profile::displayName, u"display_name"_s, orm::String(100))
        .isLabel()
        .label(QCoreApplication::translate("blog", "Display name"));
    m.column(&Profile::bio, u"bio"_s, orm::Text).label(QCoreApplication::translate("blog", "Bio"));
    m.column(&Profile::website, u"website"_s, orm::String(200))
        .label(QCoreApplication::translate("blog", "Website"));
    m.relationship(&Profile::user, u"user"_s).label(QCoreApplication::translate("blog", "User"));
}

void Post::map(orm::Mapper<Post> &m)
{
    m.table(u"posts"_s);
    m.displayName(QCoreApplication::translate("blog", "Posts"));
    m.column(&Post::id, u"id"_s).primaryKey().label(QCoreApplication::translate("blog", "ID"));
    m.column(&Post::title, u"title"_s, orm::String(200))
        .notNull()
        .isLabel()
        .label(QCoreApplication::translate("blog", "Title"))
        .validate(orm::validators::notBlank());
    m.column(&Post::body, u"body"_s, orm::Text).label(QCoreApplication::translate("blog", "Body"));
    m.column(&Post::datePosted, u"date_posted"_s, orm::DateTime)
        .notNull()
        .defaultNow()
        .index()
        .label(QCoreApplication::translate("blog", "Posted"));
    m.column(&Post::userId, u"user_id"_s)
        .notNull()
        .index()
        .foreignKey(u"users.id"_s)
        .label(QCoreApplication::translate("blog", "Author"));
    m.column(&Post::parentId, u"parent_id"_s, orm::Integer)
        .foreignKey(u"posts.id"_s, orm::ReferentialAction::Cascade)
        .label(QCoreApplication::translate("blog", "Reply to"));
    m.relationship(&Post::author, u"author"_s).label(QCoreApplication::translate("blog", "Author"));
    m.relationship(&Post::tags, u"tags"_s)
        .secondary(postTags)
        .backref(&Tag::posts)
        .label(QCoreApplication::translate("blog", "Tags"));
    m.relationship(&Post::parent, u"parent"_s)
        .label(QCoreApplication::translate("blog", "Reply to"));
    m.relationship(&Post::replies, u"replies"_s)
        .backref(&Post::parent)
        .cascade(orm::Cascade::All)
        .label(QCoreApplication::translate("blog", "Replies"));
}

void Tag::map(orm::Mapper<Tag> &m)
{
    m.table(u"tags"_s);
    m.displayName(QCoreApplication::translate("blog", "Tags"));
    m.column(&Tag::id, u"id"_s).primaryKey().label(QCoreApplication::translate("blog", "ID"));
    m.column(&Tag::name, u"name"_s, orm::String(50))
        .unique()
        .notNull()
        .isLabel()
        .label(QCoreApplication::translate("blog", "Name"))
        .validate(orm::validators::notBlank());
    m.relationship(&Tag::posts, u"posts"_s).label(QCoreApplication::translate("blog", "Posts"));
}

void Group::map(orm::Mapper<Group> &m)
{
    m.table(u"groups"_s);
    m.displayName(QCoreApplication::translate("blog", "Groups"));
    m.column(&Group::id, u"id"_s).primaryKey().label(QCoreApplication::translate("blog", "ID"));
    m.column(&Group::name, u"name"_s, orm::String(80))
        .unique()
        .notNull()
        .isLabel()
        .label(QCoreApplication::translate("blog", "Name"))
        .validate(orm::validators::notBlank());
    m.column(&Group::description, u"description"_s, orm::Text)
        .label(QCoreApplication::translate("blog", "Description"));
    m.relationship(&Group::users, u"users"_s).label(QCoreApplication::translate("blog", "Members"));
}

orm::MetaData metadata()
{
    return orm::MetaData::of<User, Post, Tag, Group, Profile>();
}

QList<const orm::EntityMeta *> entities()
{
    return {&User::staticMeta(), &Post::staticMeta(), &Tag::staticMeta(), &Group::staticMeta(),
            &Profile::staticMeta()};
}

} // namespace blog
