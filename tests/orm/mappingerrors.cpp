// SPDX-License-Identifier: MIT
// Maps models whose declarations the mapping cannot make sense of, one case per run (the
// first argument). tst_mapper runs it: each must stop the program with a message naming the
// relationship and saying why.

#include "orm/mapping/mapper.h"

#include <QCoreApplication>

#include <sys/resource.h>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace nokey {
class Item;
class Owner : public orm::Model<Owner>
{
public:
    qint64 id = 0;
    orm::Collection<Item> items {this};
    static void map(orm::Mapper<Owner> &m)
    {
        m.column(&Owner::id, u"id"_s, orm::primaryKey);
        m.relationship(&Owner::items, u"items"_s);
    }
};
class Item : public orm::Model<Item>
{
public:
    qint64 id = 0;
    static void map(orm::Mapper<Item> &m) { m.column(&Item::id, u"id"_s, orm::primaryKey); }
};
} // namespace nokey

namespace twokeys {
class Item;
class Owner : public orm::Model<Owner>
{
public:
    qint64 id = 0;
    orm::Collection<Item> items {this};
    static void map(orm::Mapper<Owner> &m)
    {
        m.column(&Owner::id, u"id"_s, orm::primaryKey);
        m.relationship(&Owner::items, u"items"_s);
    }
};
class Item : public orm::Model<Item>
{
public:
    qint64 id = 0;
    qint64 ownerId = 0;
    qint64 previousOwnerId = 0;
    static void map(orm::Mapper<Item> &m)
    {
        m.column(&Item::id, u"id"_s, orm::primaryKey);
        m.column(&Item::ownerId, u"owner_id"_s, orm::foreignKey(u"owner.id"_s));
        m.column(&Item::previousOwnerId, u"previous_owner_id"_s, orm::foreignKey(u"owner.id"_s));
    }
};
} // namespace twokeys

namespace unnamed {
class Item;
class Owner : public orm::Model<Owner>
{
public:
    qint64 id = 0;
    orm::Collection<Item> items {this};
    static void map(orm::Mapper<Owner> &m);
};
class Item : public orm::Model<Item>
{
public:
    qint64 id = 0;
    qint64 ownerId = 0;
    orm::Reference<Owner> owner {this};
    static void map(orm::Mapper<Item> &m)
    {
        m.column(&Item::id, u"id"_s, orm::primaryKey);
        m.column(&Item::ownerId, u"owner_id"_s, orm::foreignKey(u"owner.id"_s));
    }
};
void Owner::map(orm::Mapper<Owner> &m)
{
    m.column(&Owner::id, u"id"_s, orm::primaryKey);
    m.relationship(&Owner::items, u"items"_s, orm::backref(&Item::owner)); // no name
}
} // namespace unnamed

namespace viewonly {
class Item;
class Owner : public orm::Model<Owner>
{
public:
    qint64 id = 0;
    orm::Collection<Item> items {this};
    static void map(orm::Mapper<Owner> &m);
};
class Item : public orm::Model<Item>
{
public:
    qint64 id = 0;
    qint64 ownerId = 0;
    orm::Reference<Owner> owner {this};
    static void map(orm::Mapper<Item> &m)
    {
        m.column(&Item::id, u"id"_s, orm::primaryKey);
        m.column(&Item::ownerId, u"owner_id"_s, orm::foreignKey(u"owner.id"_s));
    }
};
void Owner::map(orm::Mapper<Owner> &m)
{
    m.column(&Owner::id, u"id"_s, orm::primaryKey);
    m.relationship(&Owner::items, u"items"_s, orm::viewOnly,
                   orm::backref(&Item::owner, u"owner"_s));
}
} // namespace viewonly

namespace collections {
class Item;
class Owner : public orm::Model<Owner>
{
public:
    qint64 id = 0;
    orm::Collection<Item> items {this};
    static void map(orm::Mapper<Owner> &m);
};
class Item : public orm::Model<Item>
{
public:
    qint64 id = 0;
    qint64 ownerId = 0;
    orm::Collection<Owner> owners {this}; // the other side of a one-to-many is a reference
    static void map(orm::Mapper<Item> &m)
    {
        m.column(&Item::id, u"id"_s, orm::primaryKey);
        m.column(&Item::ownerId, u"owner_id"_s, orm::foreignKey(u"owner.id"_s));
    }
};
void Owner::map(orm::Mapper<Owner> &m)
{
    m.column(&Owner::id, u"id"_s, orm::primaryKey);
    m.relationship(&Owner::items, u"items"_s, orm::backref(&Item::owners, u"owners"_s));
}
} // namespace collections

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    // The expected abort leaves no core file behind.
    const rlimit noCore {0, 0};
    setrlimit(RLIMIT_CORE, &noCore);
    const QString which = app.arguments().value(1);
    if (which == u"no foreign key")
        (void)nokey::Owner::staticMeta();
    else if (which == u"several foreign keys")
        (void)twokeys::Owner::staticMeta();
    else if (which == u"unnamed backref")
        (void)unnamed::Owner::staticMeta();
    else if (which == u"view-only backref")
        (void)viewonly::Owner::staticMeta();
    else if (which == u"collection both ways")
        (void)collections::Owner::staticMeta();
    else
        return 2;
    std::puts("mapped");
    return 0;
}
