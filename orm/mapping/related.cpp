// SPDX-License-Identifier: MIT
// Relationship declarations and states: resolving a relationship's columns, the state's own
// bookkeeping, and the typed members' calls handed to the relationship engine
// (detail::RelationOps, implemented in orm/relationships).

#include "orm/mapping/related.h"
#include "orm/engine/logging.h"
#include "orm/mapping/relationops.h"
#include "orm/mapping/relationship.h"

namespace orm {

// ---- RelationshipMeta --------------------------------------------------------------------

static QList<int> columnIndexes(const EntityMeta &meta, const QStringList &names)
{
    QList<int> out;
    for (const QString &n : names) {
        const int i = meta.columnIndex(n);
        if (i < 0)
            qCWarning(lcOrmSession) << "unknown column" << n << "in" << meta.name();
        out << i;
    }
    return out;
}

void RelationshipMeta::resolve() const
{
    if (m_resolved)
        return;
    const EntityMeta &t = target();
    switch (kind) {
    case RelationshipKind::ManyToMany:
        m_local = owner->primaryKeyColumns();
        m_remote = t.primaryKeyColumns();
        break;
    default:
        if (foreignKeyOnOwner) {
            m_local = columnIndexes(*owner, localColumnNames);
            m_remote = remoteColumnNames.isEmpty() ? t.primaryKeyColumns()
                                                   : columnIndexes(t, remoteColumnNames);
        } else {
            m_local = localColumnNames.isEmpty() ? owner->primaryKeyColumns()
                                                 : columnIndexes(*owner, localColumnNames);
            m_remote = columnIndexes(t, remoteColumnNames);
        }
        break;
    }
    m_resolved = true;
}

const QList<int> &RelationshipMeta::localColumns() const
{
    resolve();
    return m_local;
}

const QList<int> &RelationshipMeta::remoteColumns() const
{
    resolve();
    return m_remote;
}

// ---- the relationship engine -----------------------------------------------------------------

namespace detail {
// Set once, while the program starts (before main()): read without a lock.
static const RelationOps *g_relationOps = nullptr;

const RelationOps &relationOps()
{
    if (Q_UNLIKELY(!g_relationOps))
        qFatal("orm: a relationship was used, but the relationship engine (orm/relationships) "
               "is not linked into the program");
    return *g_relationOps;
}

void setRelationOps(const RelationOps *ops)
{
    g_relationOps = ops;
}

// ---- helpers for queries (eager loading) ------------------------------------------------------

bool isRelationLoaded(Entity &owner, const RelationshipMeta &rel)
{
    return rel.access->state(owner).isLoaded();
}

void setRelationLoaded(Entity &owner, const RelationshipMeta &rel,
                       std::vector<std::shared_ptr<Entity>> items)
{
    rel.access->state(owner).applyLoaded(std::move(items));
}

void setRelationRaise(Entity &owner, const RelationshipMeta &rel)
{
    rel.access->state(owner).setRaiseFlag(true);
}
} // namespace detail

// ---- RelationBase ------------------------------------------------------------------------

const RelationshipMeta &RelationBase::meta() const
{
    if (const quintptr cached = m_metaBits & kMetaMask)
        return *reinterpret_cast<const RelationshipMeta *>(cached);
    Entity *o = owner();
    for (const auto &rel : o->entityMeta().relationships()) {
        if (&rel->access->state(*o) != this)
            continue;
        static_assert(alignof(RelationshipMeta) > (kLoaded | kRaise | kOwnerFollows));
        const quintptr p = quintptr(rel.get());
        if ((p & kMetaMask) == p)
            const_cast<RelationBase *>(this)->m_metaBits |= p;
        return *rel;
    }
    qFatal("orm::RelationBase: the member is not a declared relationship");
}

void RelationBase::applyLoaded(std::vector<std::shared_ptr<Entity>> loaded)
{
    for (const Entity *r : pendingRemove())
        std::erase_if(loaded, [r](const auto &p) { return p.get() == r; });
    for (const auto &a : pendingAdd()) {
        if (std::none_of(loaded.begin(), loaded.end(),
                         [&a](const auto &p) { return p.get() == a.get(); }))
            loaded.push_back(a);
    }
    m_items = std::move(loaded);
    pendingAdd().clear();
    pendingRemove().clear();
    setLoadedFlag(true);
}

Related<Entity> RelationBase::loadedItems() const
{
    return detail::relationOps().readItems(*owner(), meta(), -1);
}

qsizetype RelationBase::itemCount() const
{
    return detail::relationOps().itemCount(*owner(), meta());
}

bool RelationBase::containsItem(const std::shared_ptr<Entity> &item) const
{
    return detail::relationOps().holdsItem(*owner(), meta(), item);
}

bool RelationBase::setTarget(const std::shared_ptr<Entity> &target)
{
    return detail::relationOps().setTarget(*owner(), meta(), target);
}

bool RelationBase::appendItem(const std::shared_ptr<Entity> &item)
{
    return detail::relationOps().appendItem(*owner(), meta(), item);
}

bool RelationBase::removeItem(const std::shared_ptr<Entity> &item)
{
    return detail::relationOps().removeItem(*owner(), meta(), item);
}

bool RelationBase::holdsAnyObject(Entity &object)
{
    for (const auto &rel : object.entityMeta().relationships()) {
        const RelationBase *s = rel->access->existingState(object);
        if (s && s->holdsObjects()) {
            return true;
        }
    }
    return false;
}

void RelationBase::forgetAll(Entity &object)
{
    for (const auto &rel : object.entityMeta().relationships()) {
        if (RelationBase *s = rel->access->existingState(object)) {
            s->m_items.clear();
            s->pendingAdd().clear();
            s->pendingRemove().clear();
            s->removedItems().clear();
            s->setLoadedFlag(false);
        }
    }
}

namespace detail {
void relationMemberOutOfRange(const QString &model, const QString &name, std::ptrdiff_t offset)
{
    qFatal("orm: %s.%s lies %lld bytes from the start of its object's orm::Entity base: a "
           "relationship member must lie after it, at most %lld bytes away (declare it before "
           "the model's large members)",
           qPrintable(model), qPrintable(name), static_cast<long long>(offset),
           static_cast<long long>(RelationBase::kMaxOwnerDistance));
}

void relationOwnerOutOfRange()
{
    qFatal("orm: a relationship member lies more than %lld bytes from the start of its "
           "object's orm::Entity base, or before it (declare it before the model's large "
           "members)",
           static_cast<long long>(RelationBase::kMaxOwnerDistance));
}

void refusedResultRead(const Error &error)
{
    qFatal("%s (its result was read without looking at the error)", qPrintable(error.text()));
}
} // namespace detail

} // namespace orm
