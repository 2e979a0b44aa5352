// SPDX-License-Identifier: MIT
#pragma once

#include "orm/mapping/entitymeta.h"

#include <QAnyStringView>

namespace orm {

// How a relationship's related objects are loaded (SQLAlchemy's lazy=…).
enum class LoadStrategy {
    Select, // lazy: one SELECT on first access (the default)
    Joined, // eager: LEFT OUTER JOIN in the parent query
    SelectIn, // eager: one SELECT … WHERE key IN (…) after the parent query
    Dynamic, // a live query, never loaded: each read runs SQL, changes are staged (Collection)
    Raise, // a read that would load is refused, loudly: no accidental N+1 (see orm::Related)
};

// Cascades (SQLAlchemy's cascade=…). SaveUpdate is on by default.
enum class Cascade : unsigned {
    None = 0,
    SaveUpdate = 1, // adding the parent adds its new related objects
    Delete = 2, // deleting the parent deletes the related objects
    DeleteOrphan = 4, // an object that loses its parent (from either side) is deleted
    All = SaveUpdate | Delete,
};
constexpr Cascade operator|(Cascade a, Cascade b)
{
    return Cascade(unsigned(a) | unsigned(b));
}
constexpr bool testFlag(Cascade set, Cascade flag)
{
    return (unsigned(set) & unsigned(flag)) == unsigned(flag) && unsigned(flag) != 0;
}

class RelationBase;

// An association table of two models (many-to-many), declared in one line as Flask-SQLAlchemy's
// db.Table('post_tags', db.Column('post_id', …, db.ForeignKey('posts.id'), primary_key=True), …):
//
//     constexpr auto postTags = orm::associationTable<Post, Tag>("post_tags");
//
// Its columns are named after each model and its key (post_id, tag_id: the class name in snake
// case, "_", the key column), typed as that key, each a foreign key to it (ON DELETE CASCADE:
// a link means nothing without both ends), and together its primary key (a link is stored
// once). A table of one model with itself names its columns:
// orm::associationTable<User, User>("follows", "follower_id", "followed_id"). Models with a
// composite key are not supported. A relationship takes it with secondary(); MetaData::of()
// creates it with its models.
struct AssociationTable
{
    QAnyStringView name;
    EntityMeta &(*left)() = nullptr; // the models as mapped (see orm::detail::mappedMeta())
    EntityMeta &(*right)() = nullptr;
    QAnyStringView leftColumn; // empty: "<left model>_<key>"
    QAnyStringView rightColumn;

    bool isNull() const { return !left; }
    QString tableName() const { return name.toString(); }
    QString leftColumnName() const;
    QString rightColumnName() const;
    // The table itself, for MetaData.
    Table table() const;
};

// Where the relationship's state lives on an object (the Reference / Collection member of a
// typed model, or a slot of a generic record).
class RelationshipAccess
{
public:
    virtual ~RelationshipAccess() = default;
    virtual RelationBase &state(Entity &owner) const = 0;
    // The state if the owner has one (a generic record makes its states on first use): for
    // visits that must not create them.
    virtual RelationBase *existingState(Entity &owner) const { return &state(owner); }
    // Where the state lies from the owner's Entity base when that is the same in every object
    // (a member of a typed model), else -1.
    virtual std::ptrdiff_t stateOffset() const { return -1; }
};

namespace detail {
// A backref named by the other model's member (declared once): the relationship there is
// found, or made, when the models are configured (see orm::detail::configure()).
struct BackrefMember
{
    std::ptrdiff_t offset = -1; // the member's offset in its model
    QString name; // empty: the member's own declaration names it
    std::shared_ptr<const RelationshipAccess> access;
    bool collection = false; // an orm::Collection (else an orm::Reference)
};
} // namespace detail

// The description of one relationship of an entity.
//  ManyToOne / OneToOne with the foreign key on the owner: localColumns are the owner's
//  foreign-key columns, remoteColumns the target's key.
//  OneToMany / OneToOne with the foreign key on the target: localColumns are the owner's key,
//  remoteColumns the target's foreign-key columns.
//  ManyToMany: localColumns / remoteColumns are the owner's / target's keys, and
//  secondaryLocal / secondaryRemote the association table's columns that refer to them.
struct RelationshipMeta
{
    QString name;
    QString label;
    RelationshipKind kind = RelationshipKind::ManyToOne;
    const EntityMeta *owner = nullptr;
    const EntityMeta &(*targetFunction)() = nullptr; // metas refer to each other: resolved late
    const EntityMeta *targetMeta = nullptr; // for generic (reflected) relationships
    QString backref; // the name of the relationship on the target that mirrors this one
    LoadStrategy strategy = LoadStrategy::Select;
    Cascade cascade = Cascade::SaveUpdate;
    bool passiveDeletes = false; // leave related rows to the database's ON DELETE
    QStringList localColumnNames;
    QStringList remoteColumnNames; // empty: the target's primary key (ManyToOne)
    QString secondary; // the association table's qualified name (Table::qualifiedName())
    QString secondarySchema; // and its schema (empty: the connection's default)
    QStringList secondaryLocal;
    QStringList secondaryRemote;
    // The association table's other columns (a role, timestamps: a Laravel pivot, SQLAlchemy's
    // association object): a new link writes those given (Session::setLinkValues()), the
    // others take their defaults.
    QList<Column> secondaryExtra;
    // Matched by the association table's name and columns alone, no foreign key declaring
    // it (Rails' create_join_table): a guess, which the UI says is one.
    bool inferred = false;
    bool foreignKeyOnOwner = true; // ManyToOne, and OneToOne declared on the FK side
    // The order a collection loads in, lazily, joined or selectin, and its query() (SQLAlchemy's
    // order_by=). Objects appended in memory go last until it loads again.
    QList<OrderTerm> orderBy;
    // Loads, and is never written (SQLAlchemy's viewonly=True): a change through it is refused
    // (Error::Kind::Usage), a flush neither writes nor cascades through it, and no backref keeps
    // it in step with another relationship (read it again to see their changes).
    bool viewOnly = false;

    // Typed models' declarations, read when the models are configured (orm::detail::configure()):
    // a relationship declared with Mapper::relationship() (joinFromForeignKeys) takes its kind
    // and columns from the tables' foreign keys, or from its association table, or mirrors the
    // relationship that names it as its backref.
    EntityMeta &(*mappedTarget)() = nullptr; // the target as mapped, before configuration
    const EntityMeta &(*ownerFunction)() = nullptr; // the owner's staticMeta()
    EntityMeta &(*mappedOwner)() = nullptr;
    std::ptrdiff_t memberOffset = -1; // of the member holding its state
    bool referenceMember = false; // an orm::Reference (else an orm::Collection)
    bool joinFromForeignKeys = false;
    QStringList foreignKeyColumns; // which foreign key, when there are several (foreignKeys())
    AssociationTable association; // secondary() of a one-line association table
    std::shared_ptr<const detail::BackrefMember> backrefMember;
    std::shared_ptr<const RelationshipAccess> access;

    const EntityMeta &target() const { return targetMeta ? *targetMeta : targetFunction(); }
    // Column indexes, resolved on first use (the target may not exist while this is declared).
    const QList<int> &localColumns() const;
    const QList<int> &remoteColumns() const;
    bool isCollection() const
    {
        return kind == RelationshipKind::OneToMany || kind == RelationshipKind::ManyToMany;
    }
    // The mirror kept in step in memory; none for a view-only relationship, either side.
    const RelationshipMeta *backrefMeta() const
    {
        if (backref.isEmpty() || viewOnly)
            return nullptr;
        const RelationshipMeta *mirror = target().relationship(backref);
        return mirror && !mirror->viewOnly ? mirror : nullptr;
    }
    QString displayLabel() const { return label.isEmpty() ? name : label; }
    // "User.posts"
    QString qualifiedName() const { return owner->name() + u'.' + name; }

private:
    mutable QList<int> m_local;
    mutable QList<int> m_remote;
    mutable bool m_resolved = false;
    void resolve() const;
};

// A per-query loading strategy for one relationship (SQLAlchemy's options(selectinload(...))).
struct LoadOption
{
    QString relationship;
    LoadStrategy strategy = LoadStrategy::Select;
};
inline LoadOption selectInLoad(const QString &relationship)
{
    return {relationship, LoadStrategy::SelectIn};
}
inline LoadOption joinedLoad(const QString &relationship)
{
    return {relationship, LoadStrategy::Joined};
}
inline LoadOption lazyLoad(const QString &relationship)
{
    return {relationship, LoadStrategy::Select};
}
inline LoadOption raiseLoad(const QString &relationship)
{
    return {relationship, LoadStrategy::Raise};
}

namespace detail {
// Used by queries to fill relationship states (eager loading); defined with the mapping.
bool isRelationLoaded(Entity &owner, const RelationshipMeta &rel);
void setRelationLoaded(Entity &owner, const RelationshipMeta &rel,
                       std::vector<std::shared_ptr<Entity>> items);
void setRelationRaise(Entity &owner, const RelationshipMeta &rel);
} // namespace detail

} // namespace orm
