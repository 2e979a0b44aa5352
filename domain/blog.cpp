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
    // No delete cascade: a user who still has posts cannot be deleted by accident.
    m.oneToMany(&User::posts, u"posts"_s, {u"user_id"_s})
            .backref(u"author"_s)
            .label(QCoreApplication::translate("blog", "Posts"));
    m.oneToOne(&User::profile, u"profile"_s, {u"user_id"_s}, orm::Mapper<User>::ForeignKeyOn::Target)
            .backref(u"user"_s)
            .cascade(orm::Cascade::All | orm::Cascade::DeleteOrphan)
            .label(QCoreApplication::translate("blog", "Profile"));
    m.manyToMany(&User::groups, u"groups"_s, u"memberships"_s, {u"user_id"_s}, {u"group_id"_s})
            .backref(u"users"_s)
            .label(QCoreApplication::translate("blog", "Groups"));
    m.manyToMany(&User::following, u"following"_s, u"follows"_s, {u"follower_id"_s}, {u"followed_id"_s})
            .backref(u"followers"_s)
            .label(QCoreApplication::translate("blog", "Following"));
    m.manyToMany(&User::followers, u"followers"_s, u"follows"_s, {u"followed_id"_s}, {u"follower_id"_s})
            .backref(u"following"_s)
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
    m.oneToOne(&Profile::user, u"user"_s, {u"user_id"_s}, orm::Mapper<Profile>::ForeignKeyOn::Owner)
            .backref(u"profile"_s)
            .label(QCoreApplication::translate("blog", "User"));
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
    m.manyToOne(&Post::author, u"author"_s, {u"user_id"_s})
            .backref(u"posts"_s)
            .label(QCoreApplication::translate("blog", "Author"));
    m.manyToMany(&Post::tags, u"tags"_s, u"post_tags"_s, {u"post_id"_s}, {u"tag_id"_s})
            .backref(u"posts"_s)
            .label(QCoreApplication::translate("blog", "Tags"));
    m.manyToOne(&Post::parent, u"parent"_s, {u"parent_id"_s})
            .backref(u"replies"_s)
            .label(QCoreApplication::translate("blog", "Reply to"));
    m.oneToMany(&Post::replies, u"replies"_s, {u"parent_id"_s})
            .backref(u"parent"_s)
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
    m.manyToMany(&Tag::posts, u"posts"_s, u"post_tags"_s, {u"tag_id"_s}, {u"post_id"_s})
            .backref(u"tags"_s)
            .label(QCoreApplication::translate("blog", "Posts"));
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
    m.manyToMany(&Group::users, u"users"_s, u"memberships"_s, {u"group_id"_s}, {u"user_id"_s})
            .backref(u"groups"_s)
            .label(QCoreApplication::translate("blog", "Members"));
}

static orm::Table associationTable(const QString &name, const QString &left, const QString &leftTable,
                                   const QString &right, const QString &rightTable)
{
    orm::Table t(name);
    orm::Column a;
    a.name = left;
    a.type = orm::Integer;
    a.primaryKey = true;
    a.nullable = false;
    orm::Column b = a;
    b.name = right;
    t.addColumn(a);
    t.addColumn(b);
    t.addForeignKey(orm::ForeignKey{QString(), {left}, leftTable, {u"id"_s},
                                    orm::ReferentialAction::Cascade, orm::ReferentialAction::NoAction});
    t.addForeignKey(orm::ForeignKey{QString(), {right}, rightTable, {u"id"_s},
                                    orm::ReferentialAction::Cascade, orm::ReferentialAction::NoAction});
    return t;
}

orm::Table postTagsTable()
{
    return associationTable(u"post_tags"_s, u"post_id"_s, u"posts"_s, u"tag_id"_s, u"tags"_s);
}

orm::Table membershipsTable()
{
    return associationTable(u"memberships"_s, u"user_id"_s, u"users"_s, u"group_id"_s, u"groups"_s);
}

orm::Table followsTable()
{
    return associationTable(u"follows"_s, u"follower_id"_s, u"users"_s, u"followed_id"_s, u"users"_s);
}

orm::MetaData metadata()
{
    orm::MetaData md;
    for (const orm::EntityMeta *e : entities())
        md.addTable(e->table());
    md.addTable(postTagsTable());
    md.addTable(membershipsTable());
    md.addTable(followsTable());
    return md;
}

QList<const orm::EntityMeta *> entities()
{
    return {&User::staticMeta(), &Post::staticMeta(), &Tag::staticMeta(), &Group::staticMeta(),
            &Profile::staticMeta()};
}

} // namespace blog
