// SPDX-License-Identifier: MIT
// The relationship engine: loading, the in-memory synchronisation of both sides, staging
// through the session, and what the session's flush asks of relationships (foreign keys,
// association rows, cascades, the rows of deleted objects). It implements the interfaces the
// layers below declare (detail::RelationOps in mapping, detail::SessionRelations in session)
// and registers itself as the program starts: calls go from here to the session and the
// queries, never back.

#include "orm/engine/logging.h"
#include "orm/mapping/related.h"
#include "orm/mapping/relationops.h"
#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "orm/relationships/relatedread.h"
#include "orm/session/flush_p.h"
#include "orm/session/relationhooks_p.h"
#include "orm/session/session.h"
#include "orm/session/session_p.h"

#include <algorithm>

namespace orm {

// ---- the engine --------------------------------------------------------------------------

namespace {
// A single integer key column read without QVariant, when the member's type allows it: keys
// are compared for every object of a flush and of every relationship assignment.
struct DirectKey
{
    bool known = false;
    bool null = true;
    qint64 value = 0;
};

DirectKey directKey(const Entity &e, int column)
{
    const ColumnMeta &c = e.entityMeta().column(column);
    if (!c.column.type.isIntegral() || !c.access->hasDirectValues())
        return {};
    if (c.access->isNull(e))
        return {true, true, 0};
    return {true, false, c.access->toInt64(e)};
}

bool sameKey(const DirectKey &a, const DirectKey &b)
{
    return a.known && b.known && a.null == b.null && (a.null || a.value == b.value);
}

bool singleKey(const QList<int> &a, const QList<int> &b)
{
    return a.size() == 1 && b.size() == 1 && a.first() >= 0 && b.first() >= 0;
}
} // namespace

// The operations on relationship states, with or without a session (transient objects keep
// both sides in step in memory too).
class RelationEngine final : public detail::RelationOps, public detail::SessionRelations
{
public:
    static RelationBase &state(Entity &e, const RelationshipMeta &rel)
    {
        return rel.access->state(e);
    }
    static bool loaded(const RelationBase &s) { return s.isLoadedFlag(); }
    // Whether loading the relationship is refused (the 'raise' strategy, declared or per query).
    static bool raises(const RelationBase &s, const RelationshipMeta &rel)
    {
        return s.raiseFlag() || rel.strategy == LoadStrategy::Raise;
    }
    static void setRaise(RelationBase &s) { s.setRaiseFlag(true); }
    // Whether a read of a relationship that refuses to load (raise) is refused, or loads
    // anyway: a cascade, and a write that must know the current partner, load it.
    enum class Loading { PerStrategy, EvenIfRefused };

    // A dynamic collection of an owner that has rows: read from the database each time.
    static bool isDynamic(const RelationBase &s, const RelationshipMeta &rel)
    {
        return rel.strategy == LoadStrategy::Dynamic && rel.isCollection() && persistentOwner(s)
            && s.owner()->session();
    }
    // Whether every related object is in memory: loaded (a dynamic collection never is), or
    // an owner that has no rows yet. Otherwise changes are staged.
    static bool inMemory(const RelationBase &s)
    {
        if (!persistentOwner(s))
            return true;
        return s.isLoadedFlag() && !isDynamic(s, s.meta());
    }
    // Whether a collection's changes are staged without loading it (dynamic, or raise).
    static bool stagesUnloaded(const RelationBase &s, const RelationshipMeta &rel)
    {
        return !inMemory(s) && s.owner()->session()
            && (rel.strategy == LoadStrategy::Dynamic || raises(s, rel));
    }

    static bool contains(const std::vector<std::shared_ptr<Entity>> &v, const Entity *e)
    {
        return std::any_of(v.begin(), v.end(), [e](const auto &p) { return p.get() == e; });
    }

    static void addRaw(RelationBase &s, const std::shared_ptr<Entity> &item)
    {
        if (inMemory(s)) {
            s.setLoadedFlag(true);
            if (!s.m_items.contains(item.get()))
                s.m_items.push_back(item);
        } else {
            s.pendingRemove().erase(item.get());
            if (!contains(s.pendingAdd(), item.get()) && !s.m_items.contains(item.get()))
                s.pendingAdd().push_back(item);
        }
    }

    static void removeRaw(RelationBase &s, const Entity *item)
    {
        if (inMemory(s)) {
            s.setLoadedFlag(true);
            s.m_items.remove(item);
        } else {
            s.pendingAdd().eraseIf([item](const auto &p) { return p.get() == item; });
            s.m_items.remove(item); // (a dynamic collection's, staged while its owner was new)
            if (std::find(s.pendingRemove().begin(), s.pendingRemove().end(), item)
                == s.pendingRemove().end())
                s.pendingRemove().push_back(item);
        }
    }

    static void setRaw(RelationBase &s, const std::shared_ptr<Entity> &target)
    {
        s.m_items.clear();
        if (target)
            s.m_items.push_back(target);
        s.setLoadedFlag(true);
        s.pendingAdd().clear();
        s.pendingRemove().clear();
    }

    // Whether the owner's rows may exist in the database (so an unloaded state must load).
    static bool persistentOwner(const RelationBase &s)
    {
        const ObjectState st = s.owner()->objectState();
        return st == ObjectState::Persistent || st == ObjectState::Detached
            || st == ObjectState::Deleted;
    }

    static QVariantList keyValues(const Entity &e, const QList<int> &columns)
    {
        QVariantList out;
        const EntityMeta &meta = e.entityMeta();
        for (int c : columns)
            out << (c >= 0 ? meta.column(c).access->get(e) : QVariant());
        return out;
    }

    static bool hasNullKey(const QVariantList &key)
    {
        return std::any_of(key.begin(), key.end(), [](const QVariant &v) { return v.isNull(); });
    }

    // The current target of a scalar relationship without running SQL: the loaded value, or
    // the object the foreign key names if it is in the identity map.
    static std::shared_ptr<Entity> currentNoLoad(Entity &owner, const RelationshipMeta &rel)
    {
        RelationBase &s = state(owner, rel);
        if (s.isLoadedFlag())
            return s.m_items.empty() ? nullptr : s.m_items.front();
        Session *session = owner.session();
        if (!session || !rel.foreignKeyOnOwner || rel.isCollection())
            return nullptr;
        const QVariantList key = keyValues(owner, rel.localColumns());
        if (hasNullKey(key))
            return nullptr;
        return session->identityLookup(rel.target(), key.size() == 1 ? key.first() : QVariant(key));
    }

    // Writes the target's key into the owner's foreign-key columns (null target: NULL).
    // False when the target has no key yet (it is pending): the flush will do it.
    static bool syncForeignKey(Entity &owner, const RelationshipMeta &rel, const Entity *target)
    {
        const EntityMeta &meta = owner.entityMeta();
        const QList<int> &local = rel.localColumns();
        if (target && target->entityMeta().isKeyUnset(*target))
            return false;
        if (singleKey(local, rel.remoteColumns())) {
            const DirectKey have = directKey(owner, local.first());
            const DirectKey want = target ? directKey(*target, rel.remoteColumns().first())
                                          : DirectKey {true, true, 0};
            if (sameKey(have, want))
                return true;
            if (have.known && want.known) {
                const QVariant v = want.null ? QVariant() : QVariant(want.value);
                if (Session *s = owner.session())
                    (void)s->setValue(owner, local.first(), v);
                else
                    (void)meta.column(local.first()).access->set(owner, v);
                return true;
            }
        }
        const QVariantList values =
            target ? keyValues(*target, rel.remoteColumns()) : QVariantList();
        for (int i = 0; i < local.size(); ++i) {
            if (local.at(i) < 0)
                continue;
            const QVariant v = target ? values.value(i) : QVariant();
            const ColumnAccess &a = *meta.column(local.at(i)).access;
            if (a.get(owner) != v || a.isNull(owner) != v.isNull()) {
                if (Session *s = owner.session())
                    (void)s->setValue(owner, local.at(i), v);
                else
                    (void)a.set(owner, v);
            }
        }
        return true;
    }

    // The item's foreign key to the owner of a one-to-many (or one-to-one on the target).
    static bool syncRemoteKey(Entity &owner, const RelationshipMeta &rel, Entity &item, bool clear)
    {
        if (!clear && owner.entityMeta().isKeyUnset(owner))
            return false;
        const QVariantList values = clear ? QVariantList() : keyValues(owner, rel.localColumns());
        const EntityMeta &meta = item.entityMeta();
        const QList<int> &remote = rel.remoteColumns();
        if (clear) {
            // Only if it still points at this owner.
            if (keyValues(item, remote) != keyValues(owner, rel.localColumns()))
                return true;
        }
        for (int i = 0; i < remote.size(); ++i) {
            if (remote.at(i) < 0)
                continue;
            const QVariant v = clear ? QVariant() : values.value(i);
            const ColumnAccess &a = *meta.column(remote.at(i)).access;
            if (a.get(item) != v || a.isNull(item) != v.isNull()) {
                if (Session *s = item.session())
                    (void)s->setValue(item, remote.at(i), v);
                else
                    (void)a.set(item, v);
            }
        }
        return true;
    }

    // Two objects in no session now refer to each other (or one to the other): a cycle that
    // only releaseUnusedTransientObjects() can break. One in a session is its session's.
    static void trackIfTransient(Entity &owner, Entity *other)
    {
        if (other && !owner.session() && !other->session()) {
            detail::trackTransient(owner);
            detail::trackTransient(*other);
        }
    }

    static void note(Entity *e)
    {
        if (e && e->session())
            e->session()->noteRelationChange(*e);
    }

    // A change through a view-only relationship: refused, nothing staged.
    static bool refusedAsViewOnly(Entity &owner, const RelationshipMeta &rel)
    {
        if (!rel.viewOnly)
            return false;
        if (Session *s = owner.session()) {
            Error e(Error::Kind::Usage,
                    QStringLiteral("%1 is view-only: change it through a relationship that writes")
                        .arg(rel.qualifiedName()));
            e.setEntity(rel.owner->name());
            e.setColumns({rel.name});
            s->setError(e);
        }
        return true;
    }

    static void cascadeAdd(Entity &owner, const RelationshipMeta &rel,
                           const std::shared_ptr<Entity> &item)
    {
        Session *s = owner.session();
        if (s && item && !item->session() && testFlag(rel.cascade, Cascade::SaveUpdate))
            s->add(item);
    }

    // Lets go of the loaded relationships that nothing staged depends on (see
    // expireUnstagedRelations()). Kept: those of an owner whose relationships or keys carry a
    // staged change, a collection (or a one-to-one held by the other side) of an entity with
    // staged rows (a child moved by a staged key would come back from the database under its
    // old owner), many-to-many ends with staged links, and 'raise' relationships (never read
    // again by themselves).
    static void expireUnstaged(Session &session)
    {
        QSet<const EntityMeta *> stagedEntities;
        for (const auto &e : session.m_new)
            stagedEntities.insert(&e->entityMeta());
        for (const auto &e : session.m_deleted)
            stagedEntities.insert(&e->entityMeta());
        QSet<const Entity *> linkOwners;
        for (const detail::AssociationSet *set :
             {&session.m_associationAdds, &session.m_associationRemoves}) {
            for (const detail::AssociationRow &row : *set) {
                linkOwners.insert(row.owner.get());
                linkOwners.insert(row.item.get());
            }
        }
        std::vector<Entity *> objects;
        for (auto &[meta, map] : session.m_identity) {
            for (const auto &[k, e] : map.byInt)
                objects.push_back(e.get());
            for (const auto &e : map.byKey)
                objects.push_back(e.get());
        }
        std::vector<Entity *> modified;
        for (Entity *e : objects) {
            if (session.isModified(*e)) {
                stagedEntities.insert(&e->entityMeta());
                modified.push_back(e);
            }
        }
        std::sort(modified.begin(), modified.end());
        const auto isModified = [&modified](const Entity *e) {
            return std::binary_search(modified.begin(), modified.end(), e);
        };
        for (Entity *e : objects) {
            const auto &rels = e->entityMeta().relationships();
            // (Whether the owner's relationships changed since the last commit is not asked:
            // a change taken back, after a commit that failed, leaves it marked.)
            if (rels.empty())
                continue;
            for (const auto &rel : rels) {
                RelationBase *s = rel->access->existingState(*e);
                if (!s || !s->isLoadedFlag() || isDynamic(*s, *rel) || raises(*s, *rel)
                    || !s->pendingAdd().empty() || !s->pendingRemove().empty()
                    || !s->removedItems().empty())
                    continue;
                // A many-to-one follows its owner's key; anything else, the rows of its
                // target (a one-to-one held by the other side moves with that side's key).
                const bool keyOnOwner = !rel->isCollection() && rel->foreignKeyOnOwner;
                if (keyOnOwner ? isModified(e)
                               : stagedEntities.contains(&rel->target())
                            || (rel->kind == RelationshipKind::ManyToMany
                                && linkOwners.contains(e)))
                    continue;
                s->m_items.clear();
                s->setLoadedFlag(false);
            }
        }
    }

    static bool ensureLoaded(Entity &owner, const RelationshipMeta &rel,
                             Loading how = Loading::PerStrategy)
    {
        RelationBase &s = state(owner, rel);
        if (s.isLoadedFlag())
            return true;
        Session *session = owner.session();
        // A new object given the key of the row it refers to (not the object) refers to that
        // row: read by the key below, as for a stored object. Taken for "none", the flush
        // would write the key back as NULL.
        const bool newWithKey = session && !persistentOwner(s) && !rel.isCollection()
            && rel.foreignKeyOnOwner && s.pendingAdd().empty() && !raises(s, rel)
            && !hasNullKey(keyValues(owner, rel.localColumns()));
        if (!session || (!persistentOwner(s) && !newWithKey)) {
            s.setLoadedFlag(true);
            for (const auto &a : s.pendingAdd())
                if (!s.m_items.contains(a.get()))
                    s.m_items.push_back(a);
            s.pendingAdd().clear();
            s.pendingRemove().clear();
            return true;
        }
        if (how == Loading::PerStrategy && raises(s, rel)) {
            refuse(*session, rel);
            return false;
        }
        std::vector<std::shared_ptr<Entity>> loaded;
        if (!rel.isCollection() && rel.foreignKeyOnOwner) {
            const QVariantList key = keyValues(owner, rel.localColumns());
            if (!hasNullKey(key)) {
                auto target =
                    session->get(rel.target(), key.size() == 1 ? key.first() : QVariant(key));
                if (target)
                    loaded.push_back(target);
                else if (session->lastError().isError())
                    return false;
            }
        } else {
            QueryBase q = session->relatedQuery(owner, rel);
            session->clearError();
            loaded = q.allEntities();
            if (session->lastError().isError())
                return false;
            if (!rel.isCollection() && loaded.size() > 1)
                loaded.resize(1);
        }
        applyLoaded(s, std::move(loaded));
        return true;
    }

    // A read the 'raise' strategy refuses: a defect of the program, which a debug build
    // stops at once, naming the relationship; otherwise the error is the read's result and the
    // session's last error.
    static void refuse(Session &session, const RelationshipMeta &rel)
    {
        Error e(Error::Kind::Usage,
                QStringLiteral("%1 is not loaded and its loading strategy is 'raise'")
                    .arg(rel.qualifiedName()));
        e.setEntity(rel.owner->name());
        e.setColumns({rel.name});
        session.setError(e);
#ifndef NDEBUG
        qFatal("%s", qPrintable(e.text()));
#else
        qCWarning(lcOrmSession).noquote() << e.text();
#endif
    }

    // The objects of a relationship (at most limit of them, when not negative): loaded per its
    // strategy, or, for a dynamic collection, read from the database with the staged changes.
    static Related<Entity> read(Entity &owner, const RelationshipMeta &rel, qsizetype limit = -1,
                                Loading how = Loading::PerStrategy)
    {
        RelationBase &s = state(owner, rel);
        if (isDynamic(s, rel))
            return readDynamic(owner, rel, limit);
        if (!ensureLoaded(owner, rel, how)) {
            const bool refused = how == Loading::PerStrategy && raises(s, rel);
            return Related<Entity>(owner.session()->lastError(),
                                   refused ? Related<Entity>::Refusal::Refused
                                           : Related<Entity>::Refusal::None);
        }
        if (limit >= 0 && size_t(limit) < s.m_items.size())
            return Related<Entity>(
                std::vector<std::shared_ptr<Entity>>(s.m_items.begin(), s.m_items.begin() + limit));
        return Related<Entity>(s.m_items.toVector());
    }

    // A dynamic collection's rows, without the staged removals, then its staged appends.
    static Related<Entity> readDynamic(Entity &owner, const RelationshipMeta &rel, qsizetype limit)
    {
        Session &session = *owner.session();
        RelationBase &s = state(owner, rel);
        QueryBase q = session.relatedQuery(owner, rel);
        session.clearError();
        if (limit >= 0)
            q = q.limit(limit + qsizetype(s.pendingRemove().size()));
        std::vector<std::shared_ptr<Entity>> rows = q.allEntities();
        if (session.lastError().isError())
            return Related<Entity>(session.lastError(), Related<Entity>::Refusal::None);
        return Related<Entity>(withStaged(s, std::move(rows), limit));
    }

    // rows, a dynamic collection's as stored, without the staged removals, then its staged
    // appends.
    static std::vector<std::shared_ptr<Entity>>
    withStaged(RelationBase &s, std::vector<std::shared_ptr<Entity>> rows, qsizetype limit)
    {
        for (const Entity *r : s.pendingRemove())
            std::erase_if(rows, [r](const auto &p) { return p.get() == r; });
        auto addStaged = [&](const std::shared_ptr<Entity> &a) {
            if (!contains(rows, a.get()))
                rows.push_back(a);
        };
        for (const auto &a : s.m_items)
            addStaged(a);
        for (const auto &a : s.pendingAdd())
            addStaged(a);
        if (limit >= 0 && size_t(limit) < rows.size())
            rows.resize(size_t(limit));
        return rows;
    }

    // Whether the database, as of the last flush, lists a staged item in the collection:
    // counted by COUNT(*) already. Added: a new item or link is not; removed: a staged
    // unlink's row is.
    static bool stored(Session &session, Entity &owner, const RelationshipMeta &rel,
                       const Entity &item, bool added)
    {
        if (rel.kind == RelationshipKind::ManyToMany) {
            const QString key = detail::associationKey(rel, owner, item);
            return added ? item.objectState() == ObjectState::Persistent
                    && !session.m_associationAdds.contains(key)
                         : session.m_associationRemoves.contains(key);
        }
        const detail::Snapshot *baseline = st(item).baseline();
        if (item.objectState() != ObjectState::Persistent || !baseline)
            return false;
        const QList<int> &local = rel.localColumns();
        const QList<int> &remote = rel.remoteColumns();
        for (int i = 0; i < local.size() && i < remote.size(); ++i) {
            const TypeSpec &type = rel.target().column(remote.at(i)).column.type;
            if (storage::toStorage(baseline->value(remote.at(i)), type)
                != storage::toStorage(rel.owner->column(local.at(i)).access->get(owner), type))
                return false;
        }
        return true;
    }

    // How many objects the collection holds: a dynamic one counted in SQL, with the staged
    // changes; nullopt on an error.
    static std::optional<qint64> count(Entity &owner, const RelationshipMeta &rel)
    {
        RelationBase &s = state(owner, rel);
        if (!isDynamic(s, rel)) {
            const Related<Entity> items = read(owner, rel);
            if (items.isError())
                return std::nullopt;
            return qint64(items.size());
        }
        Session &session = *owner.session();
        std::optional<qint64> n = session.relatedQuery(owner, rel).count();
        if (!n)
            return n;
        return countWithStaged(session, owner, rel, *n);
    }

    // inDatabase, the rows a dynamic collection has in the database, with its staged changes.
    static qint64 countWithStaged(Session &session, Entity &owner, const RelationshipMeta &rel,
                                  qint64 inDatabase)
    {
        RelationBase &s = state(owner, rel);
        qint64 n = inDatabase;
        std::unordered_set<const Entity *> seen;
        auto added = [&](const std::shared_ptr<Entity> &a) {
            if (seen.insert(a.get()).second && !stored(session, owner, rel, *a, true))
                ++n;
        };
        for (const auto &a : s.m_items)
            added(a);
        for (const auto &a : s.pendingAdd())
            added(a);
        for (const Entity *r : s.pendingRemove()) {
            if (stored(session, owner, rel, *r, false))
                --n;
        }
        return n;
    }

    // Whether the collection holds item: read per its strategy (a refused read stops the
    // program, as the result's error cannot be seen), a dynamic one looked up.
    static bool holds(Entity &owner, const RelationshipMeta &rel,
                      const std::shared_ptr<Entity> &item)
    {
        if (!item)
            return false;
        if (!isDynamic(state(owner, rel), rel)) {
            const Related<Entity> items = read(owner, rel);
            return std::find(items.begin(), items.end(), item) != items.end();
        }
        return holdsUnloaded(owner, rel, *item);
    }

    // Whether a collection that is not in memory holds item: staged, or looked up in SQL.
    static bool holdsUnloaded(Entity &owner, const RelationshipMeta &rel, Entity &item)
    {
        RelationBase &s = state(owner, rel);
        const auto &removed = s.pendingRemove();
        if (std::find(removed.begin(), removed.end(), &item) != removed.end())
            return false;
        if (contains(s.pendingAdd(), &item) || s.m_items.contains(&item))
            return true;
        if (item.objectState() != ObjectState::Persistent || &item.entityMeta() != &rel.target())
            return false;
        const EntityMeta &target = rel.target();
        QList<Expr> same;
        for (int k : target.primaryKeyColumns())
            same << (target.column(k).expr == target.column(k).access->get(item));
        return owner.session()->relatedQuery(owner, rel).filter(Expr::allOf(same)).exists();
    }

    static void applyLoaded(RelationBase &s, std::vector<std::shared_ptr<Entity>> loaded)
    {
        s.applyLoaded(std::move(loaded));
    }

    static bool setScalar(Entity &owner, const RelationshipMeta &rel,
                          const std::shared_ptr<Entity> &target)
    {
        if (rel.isCollection() || refusedAsViewOnly(owner, rel))
            return false;
        detail::collectTransientIfDue(owner);
        RelationBase &s = state(owner, rel);
        std::shared_ptr<Entity> old;
        if (rel.foreignKeyOnOwner) {
            old = currentNoLoad(owner, rel);
        } else {
            // (A write that must know the current partner: no read the program did not ask for.)
            if (!ensureLoaded(owner, rel, Loading::EvenIfRefused))
                return false;
            old = s.m_items.empty() ? nullptr : s.m_items.front();
        }
        if (old == target && s.isLoadedFlag())
            return true;
        // (A child whose foreign key names a parent that is not loaded had one too.)
        const bool hadParent =
            old || (rel.foreignKeyOnOwner && !hasNullKey(keyValues(owner, rel.localColumns())));
        // A one-to-one partner has one owner: the one it leaves is known by the partner's key
        // (in the identity map) where its side is not loaded, so it is found before the key
        // moves.
        const RelationshipMeta *back = rel.backrefMeta();
        std::shared_ptr<Entity> targetsOwner;
        if (target && back && !back->isCollection())
            targetsOwner = currentNoLoad(*target, *back);
        setRaw(s, target);
        if (rel.foreignKeyOnOwner) {
            syncForeignKey(owner, rel, target.get());
        } else if (old) {
            if (testFlag(rel.cascade, Cascade::DeleteOrphan))
                orphan(*old);
            else
                syncRemoteKey(owner, rel, *old, true);
        }
        if (!rel.foreignKeyOnOwner && target)
            syncRemoteKey(owner, rel, *target, false);
        if (back) {
            if (old)
                detachBack(*old, *back, owner);
            if (target)
                attachBack(*target, *back, owner);
        }
        if (targetsOwner && targetsOwner.get() != &owner && targetsOwner != old) {
            RelationBase &ts = state(*targetsOwner, rel);
            if (ts.isLoadedFlag() && !ts.m_items.empty() && ts.m_items.front() == target)
                setRaw(ts, nullptr);
            else
                targetsOwner.reset();
        }
        note(&owner);
        note(old.get());
        note(target.get());
        note(targetsOwner.get());
        cascadeAdd(owner, rel, target);
        trackIfTransient(owner, target.get());
        // Delete-orphan, from either side: a child left without its parent is deleted, one
        // given a parent (again) is kept.
        const RelationshipMeta *parentSide = rel.foreignKeyOnOwner ? rel.backrefMeta() : &rel;
        if (parentSide && testFlag(parentSide->cascade, Cascade::DeleteOrphan)) {
            if (target && rel.foreignKeyOnOwner)
                adopt(owner, target.get());
            else if (target)
                adopt(*target, &owner);
            else if (rel.foreignKeyOnOwner && hadParent)
                orphan(owner);
        }
        return true;
    }

    // Delete-orphan: the item lost its parent through a relationship that deletes orphans.
    static void orphan(Entity &item)
    {
        if (Session *s = item.session())
            s->removeOrphan(item);
    }

    // ... and has one again (the parent's session keeps a new item that was dropped).
    static void adopt(Entity &item, Entity *parent)
    {
        Session *s = item.session() ? item.session() : parent ? parent->session() : nullptr;
        if (s && !s->m_orphans.empty())
            s->adoptOrphan(item);
    }

    // `other` no longer refers to `owner` through `back`.
    static void detachBack(Entity &other, const RelationshipMeta &back, Entity &owner)
    {
        RelationBase &s = state(other, back);
        if (back.isCollection()) {
            removeRaw(s, &owner);
        } else if (s.isLoadedFlag() && !s.m_items.empty() && s.m_items.front().get() == &owner) {
            setRaw(s, nullptr);
        }
    }

    // `other` now refers to `owner` through `back`.
    static void attachBack(Entity &other, const RelationshipMeta &back, Entity &owner)
    {
        RelationBase &s = state(other, back);
        std::shared_ptr<Entity> self = owner.shared_from_this();
        if (back.isCollection()) {
            addRaw(s, self);
            return;
        }
        // A one-to-one whose key is on the partners' side: the previous partner must give the
        // key up (cleared, or deleted as an orphan), so it is looked up if not known yet.
        if (!back.foreignKeyOnOwner && !s.isLoadedFlag())
            (void)ensureLoaded(other, back, Loading::EvenIfRefused);
        std::shared_ptr<Entity> previous =
            s.isLoadedFlag() && !s.m_items.empty() ? s.m_items.front() : nullptr;
        setRaw(s, self);
        if (previous && previous.get() != &owner) {
            // A one-to-one: the previous partner loses its link.
            if (const RelationshipMeta *mirror = back.backrefMeta()) {
                RelationBase &ps = state(*previous, *mirror);
                setRaw(ps, nullptr);
                if (testFlag(back.cascade, Cascade::DeleteOrphan))
                    orphan(*previous);
                else if (mirror->foreignKeyOnOwner)
                    syncForeignKey(*previous, *mirror, nullptr);
                note(previous.get());
            }
        }
        if (back.foreignKeyOnOwner)
            syncForeignKey(other, back, &owner);
    }

    static bool append(Entity &owner, const RelationshipMeta &rel,
                       const std::shared_ptr<Entity> &item)
    {
        if (!rel.isCollection() || !item || refusedAsViewOnly(owner, rel))
            return false;
        if (&item->entityMeta() != &rel.target()) {
            if (Session *s = owner.session())
                s->setError(Error(
                    Error::Kind::Usage,
                    QStringLiteral("%1 holds %2 objects, not %3")
                        .arg(rel.qualifiedName(), rel.target().name(), item->entityMeta().name())));
            return false;
        }
        detail::collectTransientIfDue(owner);
        RelationBase &s = state(owner, rel);
        if (stagesUnloaded(s, rel)) {
            // Staged without loading the collection (a link already stored is not linked
            // again).
            if (holdsUnloaded(owner, rel, *item))
                return true;
            addRaw(s, item);
        } else {
            if (!ensureLoaded(owner, rel))
                return false;
            if (s.m_items.contains(item.get()))
                return true;
            s.m_items.push_back(item);
        }
        s.removedItems().eraseIf([&item](const auto &p) { return p == item; });
        std::shared_ptr<Entity> previousOwner;
        if (rel.kind == RelationshipKind::OneToMany) {
            syncRemoteKey(owner, rel, *item, false);
            if (const RelationshipMeta *back = rel.backrefMeta()) {
                previousOwner = currentNoLoad(*item, *back);
                setRaw(state(*item, *back), owner.shared_from_this());
                if (previousOwner && previousOwner.get() != &owner)
                    removeRaw(state(*previousOwner, rel), item.get());
            }
        } else if (const RelationshipMeta *back = rel.backrefMeta()) {
            addRaw(state(*item, *back), owner.shared_from_this());
        }
        if (rel.kind == RelationshipKind::ManyToMany) {
            if (Session *s = owner.session() ? owner.session() : item->session())
                s->stageAssociation(rel, owner, *item, true);
        }
        note(&owner);
        note(item.get());
        note(previousOwner.get());
        cascadeAdd(owner, rel, item);
        if (testFlag(rel.cascade, Cascade::DeleteOrphan))
            adopt(*item, &owner);
        trackIfTransient(owner, item.get());
        return true;
    }

    static bool remove(Entity &owner, const RelationshipMeta &rel,
                       const std::shared_ptr<Entity> &item)
    {
        if (!rel.isCollection() || !item || refusedAsViewOnly(owner, rel))
            return false;
        RelationBase &s = state(owner, rel);
        if (stagesUnloaded(s, rel)) {
            if (!holdsUnloaded(owner, rel, *item))
                return true;
            removeRaw(s, item.get());
        } else {
            if (!ensureLoaded(owner, rel))
                return false;
            if (!s.m_items.contains(item.get()))
                return true;
            s.m_items.remove(item.get());
        }
        if (rel.kind == RelationshipKind::OneToMany) {
            s.removedItems().push_back(item);
            if (const RelationshipMeta *back = rel.backrefMeta()) {
                RelationBase &bs = state(*item, *back);
                if (!bs.isLoadedFlag()
                    || (!bs.m_items.empty() && bs.m_items.front().get() == &owner))
                    setRaw(bs, nullptr);
            }
            if (testFlag(rel.cascade, Cascade::DeleteOrphan)) {
                orphan(*item);
            } else {
                syncRemoteKey(owner, rel, *item, true);
            }
        } else if (const RelationshipMeta *back = rel.backrefMeta()) {
            removeRaw(state(*item, *back), &owner);
        }
        if (rel.kind == RelationshipKind::ManyToMany) {
            if (Session *session = owner.session() ? owner.session() : item->session())
                session->stageAssociation(rel, owner, *item, false);
        }
        note(&owner);
        note(item.get());
        trackIfTransient(owner, item.get()); // (the owner keeps the removed item)
        return true;
    }

    // detail::RelationOps (the typed members, and the session's generic calls).
    Related<Entity> readItems(Entity &owner, const RelationshipMeta &rel,
                              qsizetype limit) const override
    {
        return read(owner, rel, limit);
    }
    std::optional<qint64> countItems(Entity &owner, const RelationshipMeta &rel) const override
    {
        return count(owner, rel);
    }
    qsizetype itemCount(Entity &owner, const RelationshipMeta &rel) const override
    {
        if (!isDynamic(state(owner, rel), rel))
            return qsizetype(read(owner, rel).size());
        return qsizetype(count(owner, rel).value_or(0));
    }
    bool holdsItem(Entity &owner, const RelationshipMeta &rel,
                   const std::shared_ptr<Entity> &item) const override
    {
        return holds(owner, rel, item);
    }
    bool refusesLoading(Entity &owner, const RelationshipMeta &rel) const override
    {
        const RelationBase &s = state(owner, rel);
        return raises(s, rel) && !inMemory(s);
    }
    bool setTarget(Entity &owner, const RelationshipMeta &rel,
                   const std::shared_ptr<Entity> &target) const override
    {
        return setScalar(owner, rel, target);
    }
    bool appendItem(Entity &owner, const RelationshipMeta &rel,
                    const std::shared_ptr<Entity> &item) const override
    {
        return append(owner, rel, item);
    }
    bool removeItem(Entity &owner, const RelationshipMeta &rel,
                    const std::shared_ptr<Entity> &item) const override
    {
        return remove(owner, rel, item);
    }

    // detail::SessionRelations (the session and its flush), defined below.
    void cascadeAdd(Session &session, Entity &object) const override;
    void cascadeRemove(Session &session, Entity &object) const override;
    Session::DeletionPreview deletionPreview(Session &session, Entity &object) const override;
    QList<std::shared_ptr<Entity>>
    orderForInsert(const QList<std::shared_ptr<Entity>> &group) const override;
    void dropFilledForeignKeys(const Entity &object,
                               QList<Error::FieldError> &errors) const override;
    bool syncKeys(Session &session, detail::Journal &journal, Entity &object, bool childrenOnly,
                  bool *deferred) const override;
    bool flushAssociations(Session &session, detail::Journal &journal) const override;
    bool deleteAssociationRows(Session &session, Entity &object) const override;
    bool handleChildrenOfDeleted(Session &session, detail::Journal &journal,
                                 Entity &object) const override;
    void forgetCommittedChanges(Session &session) const override;
    void expire(Session &session, bool onlyChanged) const override;
    void pruneDetached(Session &session, const std::vector<Entity *> &detached) const override;
};

// ---- helpers for queries and readers elsewhere ------------------------------------------

DynamicRead dynamicReadWithStagedChanges(Session &session, Entity &owner,
                                         const RelationshipMeta &rel,
                                         std::vector<std::shared_ptr<Entity>> rows,
                                         qint64 inDatabase, qsizetype limit)
{
    if (owner.session() != &session
        || !RelationEngine::isDynamic(RelationEngine::state(owner, rel), rel))
        return {std::move(rows), inDatabase};
    RelationBase &s = RelationEngine::state(owner, rel);
    DynamicRead read;
    read.items = RelationEngine::withStaged(s, std::move(rows), limit);
    read.count = RelationEngine::countWithStaged(session, owner, rel, inDatabase);
    return read;
}

bool acceptRelatedRead(Session &session, Entity &owner, const RelationshipMeta &rel,
                       std::vector<std::shared_ptr<Entity>> items)
{
    if (owner.session() != &session)
        return false;
    RelationBase &s = RelationEngine::state(owner, rel);
    if (RelationEngine::loaded(s) || !RelationEngine::persistentOwner(s)
        || RelationEngine::isDynamic(s, rel))
        return false;
    if (!rel.isCollection() && items.size() > 1)
        items.resize(1);
    RelationEngine::applyLoaded(s, std::move(items));
    return true;
}

void expireUnstagedRelations(Session &session)
{
    RelationEngine::expireUnstaged(session);
}

// ---- the session's questions ----------------------------------------------------------------

Session::DeletionPreview RelationEngine::deletionPreview(Session &session, Entity &object) const
{
    Session::DeletionPreview preview;
    std::vector<Entity *> stack {&object};
    std::unordered_set<const Entity *> seen {&object};
    while (!stack.empty() && !preview.error.isError()) {
        Entity *current = stack.back();
        stack.pop_back();
        for (const auto &relPtr : current->entityMeta().relationships()) {
            const RelationshipMeta &rel = *relPtr;
            if (rel.foreignKeyOnOwner || rel.kind == RelationshipKind::ManyToMany || rel.viewOnly)
                continue;
            if (testFlag(rel.cascade, Cascade::Delete)) {
                const Related<Entity> children =
                    RelationEngine::read(*current, rel, -1, RelationEngine::Loading::EvenIfRefused);
                for (const auto &child : children) {
                    if (seen.insert(child.get()).second) {
                        preview.alsoDeleted.push_back(child);
                        stack.push_back(child.get());
                    }
                }
                continue;
            }
            if (rel.passiveDeletes)
                continue;
            const EntityMeta &target = rel.target();
            const bool nullable = std::all_of(
                rel.remoteColumns().begin(), rel.remoteColumns().end(),
                [&target](int c) { return c >= 0 && target.column(c).column.nullable; });
            if (nullable)
                continue;
            const qint64 n = session.relatedQuery(*current, rel).count().value_or(0);
            if (n > 0) {
                Error e(Error::Kind::Constraint,
                        QStringLiteral("%1 cannot be deleted: %2 %3 still refer to it (%4)")
                            .arg(current->describe())
                            .arg(n)
                            .arg(target.displayName().toLower(), rel.qualifiedName()));
                e.setConstraint(Error::Constraint::Relationship);
                e.setEntity(current->entityMeta().name());
                e.setKey(current->primaryKey());
                e.setColumns({rel.name});
                preview.error = e;
                preview.blockedObject = current;
                preview.blockingRelationship = &rel;
                preview.blockingRows = n;
            }
        }
    }
    return preview;
}

void RelationEngine::forgetCommittedChanges(Session &session) const
{
    for (const auto &e : session.m_relationChanged) {
        for (const auto &rel : e->entityMeta().relationships()) {
            RelationBase &s = RelationEngine::state(*e, *rel);
            s.removedItems().clear();
            // A dynamic collection keeps nothing: what it staged is in the database now.
            if (rel->strategy == LoadStrategy::Dynamic && rel->isCollection()) {
                s.m_items.clear();
                s.pendingAdd().clear();
                s.pendingRemove().clear();
                s.setLoadedFlag(false);
            } else if (!s.isLoadedFlag()) {
                // Nor does one not loaded: a load will read what it staged. (Kept, the lists
                // would hold every object ever linked to it, and the removed ones by an
                // address a later object may take.)
                s.pendingAdd().eraseIf([](const std::shared_ptr<Entity> &item) {
                    return item->objectState() == ObjectState::Persistent;
                });
                s.pendingRemove().clear();
            }
        }
    }
}

void RelationEngine::cascadeAdd(Session &session, Entity &object) const
{
    bool any = false;
    for (const auto &relPtr : object.entityMeta().relationships()) {
        const RelationshipMeta &rel = *relPtr;
        RelationBase &s = RelationEngine::state(object, rel);
        if (rel.viewOnly || (s.m_items.empty() && s.pendingAdd().empty()))
            continue;
        any = true;
        // Nothing to do for related objects already in a session (the usual many-to-one
        // target): no copy of the list.
        const auto needsWork = [&rel, &object](const std::shared_ptr<Entity> &item) {
            return (rel.kind == RelationshipKind::ManyToMany
                    && object.objectState() == ObjectState::Pending)
                || !item->session();
        };
        if (std::none_of(s.m_items.begin(), s.m_items.end(), needsWork)
            && std::none_of(s.pendingAdd().begin(), s.pendingAdd().end(), needsWork))
            continue;
        std::vector<std::shared_ptr<Entity>> items = s.m_items.toVector();
        items.insert(items.end(), s.pendingAdd().begin(), s.pendingAdd().end());
        for (const auto &item : items) {
            if (rel.kind == RelationshipKind::ManyToMany
                && object.objectState() == ObjectState::Pending)
                session.stageAssociation(rel, object, *item, true);
            if (!item->session() && testFlag(rel.cascade, Cascade::SaveUpdate))
                session.add(item);
        }
    }
    if (any)
        session.noteRelationChange(object);
}

void RelationEngine::cascadeRemove(Session &session, Entity &object) const
{
    for (const auto &relPtr : object.entityMeta().relationships()) {
        const RelationshipMeta &rel = *relPtr;
        if (rel.foreignKeyOnOwner || rel.kind == RelationshipKind::ManyToMany || rel.viewOnly
            || !testFlag(rel.cascade, Cascade::Delete))
            continue;
        if (rel.passiveDeletes && !RelationEngine::state(object, rel).isLoadedFlag())
            continue;
        const Related<Entity> children =
            RelationEngine::read(object, rel, -1, RelationEngine::Loading::EvenIfRefused);
        for (const auto &child : children) {
            if (child->session() == &session && !session.isMarkedForDeletion(*child))
                session.remove(*child);
        }
    }
}

void RelationEngine::expire(Session &session, bool onlyChanged) const
{
    auto expire = [](Entity &e) {
        for (const auto &rel : e.entityMeta().relationships()) {
            RelationBase &s = RelationEngine::state(e, *rel);
            s.setLoadedFlag(false);
            s.m_items.clear();
            s.pendingAdd().clear();
            s.pendingRemove().clear();
            s.removedItems().clear();
            s.setRaiseFlag(false);
        }
    };
    if (onlyChanged) {
        for (const auto &e : session.m_relationChanged)
            expire(*e);
    } else {
        for (auto &[meta, map] : session.m_identity) {
            if (meta->relationships().empty())
                continue;
            for (const auto &[k, e] : map.byInt)
                expire(*e);
            for (const auto &e : map.byKey)
                expire(*e);
        }
        for (const auto &e : session.m_new)
            expire(*e);
    }
}

void RelationEngine::pruneDetached(Session &session, const std::vector<Entity *> &detached) const
{
    auto prune = [](Entity &e) {
        for (const auto &rel : e.entityMeta().relationships()) {
            RelationBase &s = RelationEngine::state(e, *rel);
            s.m_items.removeIf(
                [](const auto &p) { return p->objectState() == ObjectState::Detached; });
        }
    };
    for (auto &[meta, map] : session.m_identity) {
        if (meta->relationships().empty())
            continue;
        for (const auto &[k, e] : map.byInt)
            prune(*e);
        for (const auto &e : map.byKey)
            prune(*e);
    }
    for (Entity *e : detached)
        prune(*e);
}

// ---- the flush ---------------------------------------------------------------------------

void RelationEngine::dropFilledForeignKeys(const Entity &object,
                                           QList<Error::FieldError> &errors) const
{
    // A foreign key that a relationship will fill at flush (its target is pending) is not missing.
    QStringList filled;
    Entity &e = const_cast<Entity &>(object);
    for (const auto &relPtr : object.entityMeta().relationships()) {
        const RelationshipMeta &rel = *relPtr;
        if (!rel.foreignKeyOnOwner || rel.isCollection() || rel.viewOnly)
            continue;
        const RelationBase &s = RelationEngine::state(e, rel);
        if (s.isLoadedFlag() && !s.m_items.empty()) {
            for (int c : rel.localColumns())
                if (c >= 0)
                    filled << object.entityMeta().column(c).column.name;
        }
    }
    errors.removeIf([&filled, &object](const Error::FieldError &f) {
        const int c = object.entityMeta().columnIndex(f.column);
        return filled.contains(f.column) && c >= 0
            && object.entityMeta().column(c).access->isNull(object);
    });
}

QList<std::shared_ptr<Entity>>
RelationEngine::orderForInsert(const QList<std::shared_ptr<Entity>> &group) const
{
    const EntityMeta &meta = group.first()->entityMeta();
    // Within one table (self-references: a reply and the post it answers), what an object
    // refers to goes first.
    std::unordered_map<const Entity *, std::vector<std::shared_ptr<Entity>>> deps;
    for (const auto &o : group) {
        for (const auto &relPtr : meta.relationships()) {
            const RelationshipMeta &rel = *relPtr;
            if (&rel.target() != &meta || rel.viewOnly)
                continue;
            const RelationBase &s = RelationEngine::state(*o, rel);
            if (!s.isLoadedFlag())
                continue;
            for (const auto &item : s.m_items) {
                if (item->objectState() != ObjectState::Pending)
                    continue;
                if (rel.foreignKeyOnOwner)
                    deps[o.get()].push_back(item);
                else if (rel.kind != RelationshipKind::ManyToMany)
                    deps[item.get()].push_back(o);
            }
        }
    }
    QList<std::shared_ptr<Entity>> ordered;
    std::unordered_set<const Entity *> done, visiting;
    std::function<void(const std::shared_ptr<Entity> &)> visit =
        [&](const std::shared_ptr<Entity> &o) {
            if (done.count(o.get()) || visiting.count(o.get()))
                return;
            visiting.insert(o.get());
            for (const auto &d : deps[o.get()])
                visit(d);
            visiting.erase(o.get());
            done.insert(o.get());
            ordered << o;
        };
    for (const auto &o : group)
        visit(o);
    return ordered;
}

bool RelationEngine::syncKeys(Session &session, detail::Journal &journal, Entity &object,
                              bool childrenOnly, bool *deferred) const
{
    const EntityMeta &meta = object.entityMeta();
    if (meta.relationships().empty())
        return true;
    auto assign = [&journal](const std::shared_ptr<Entity> &target, int column,
                             const QVariant &value) {
        const ColumnAccess &a = *target->entityMeta().column(column).access;
        const QVariant current = a.get(*target);
        if (current == value && current.isNull() == value.isNull())
            return;
        detail::JournalEntry &entry = journal.record(target);
        detail::Journal::setValue(entry, column, value);
    };
    for (const auto &relPtr : meta.relationships()) {
        const RelationshipMeta &rel = *relPtr;
        RelationBase &s = RelationEngine::state(object, rel);
        if (!s.isLoadedFlag() || rel.kind == RelationshipKind::ManyToMany || rel.viewOnly)
            continue;
        if (rel.foreignKeyOnOwner) {
            if (childrenOnly)
                continue;
            const std::shared_ptr<Entity> target = s.m_items.empty() ? nullptr : s.m_items.front();
            if (target && target->entityMeta().isKeyUnset(*target)) {
                // Inserted later in this flush (a cycle): synced once it has its key.
                if (deferred)
                    *deferred = true;
                continue;
            }
            if (singleKey(rel.localColumns(), rel.remoteColumns())
                && sameKey(directKey(object, rel.localColumns().first()),
                           target ? directKey(*target, rel.remoteColumns().first())
                                  : DirectKey {true, true, 0}))
                continue; // already refers to it
            const QVariantList values =
                target ? RelationEngine::keyValues(*target, rel.remoteColumns()) : QVariantList();
            const std::shared_ptr<Entity> self = object.shared_from_this();
            const QList<int> &local = rel.localColumns();
            for (int i = 0; i < local.size(); ++i) {
                if (local.at(i) >= 0)
                    assign(self, local.at(i), target ? values.value(i) : QVariant());
            }
            continue;
        }
        if (meta.isKeyUnset(object))
            continue;
        const QVariantList key = RelationEngine::keyValues(object, rel.localColumns());
        const QList<int> &remote = rel.remoteColumns();
        const bool single = singleKey(rel.localColumns(), remote);
        const DirectKey ownKey =
            single ? directKey(object, rel.localColumns().first()) : DirectKey();
        for (const auto &item : s.m_items) {
            if (item->session() != &session || session.isMarkedForDeletion(*item))
                continue;
            if (single && sameKey(directKey(*item, remote.first()), ownKey))
                continue;
            for (int i = 0; i < remote.size(); ++i) {
                if (remote.at(i) >= 0)
                    assign(item, remote.at(i), key.value(i));
            }
        }
        for (const auto &item : s.removedItems()) {
            if (item->session() != &session || session.isMarkedForDeletion(*item)
                || RelationEngine::keyValues(*item, remote) != key)
                continue;
            for (int i = 0; i < remote.size(); ++i) {
                if (remote.at(i) >= 0)
                    assign(item, remote.at(i), QVariant());
            }
        }
    }
    return true;
}

bool RelationEngine::flushAssociations(Session &session, detail::Journal &journal) const
{
    Connection &c = session.connection();
    const Dialect &d = session.dialect();
    auto keyOf = [](const Entity &e, const QList<int> &columns) {
        QVariantList out;
        const EntityMeta &meta = e.entityMeta();
        for (int col : columns)
            out << storage::toStorage(meta.column(col).access->get(e),
                                      meta.column(col).column.type);
        return out;
    };
    auto run = [&](const detail::AssociationRow &row, bool add) {
        const RelationshipMeta &rel = *row.rel;
        QStringList columns = rel.secondaryLocal + rel.secondaryRemote;
        QVariantList values =
            keyOf(*row.owner, rel.localColumns()) + keyOf(*row.item, rel.remoteColumns());
        QString sql;
        if (add) {
            // The link's other columns that were given; the rest take their defaults.
            for (const Column &extra : rel.secondaryExtra) {
                const auto it = row.values.constFind(extra.name);
                if (it == row.values.cend())
                    continue;
                columns << extra.name;
                values << storage::toStorage(it.value(), extra.type);
            }
            sql = compileInsert(d, rel.secondarySchema, rel.secondary, columns).sql;
        } else {
            QStringList conditions;
            for (const QString &col : columns)
                conditions << d.quoteIdentifier(col) + QStringLiteral(" = ?");
            sql = QStringLiteral("DELETE FROM %1 WHERE %2")
                      .arg(d.tableReference(rel.secondarySchema, rel.secondary),
                           conditions.join(QStringLiteral(" AND ")));
        }
        Statement stmt = c.prepare(sql);
        if (!stmt.isValid() || (stmt.bindValues(values), !stmt.exec())) {
            Error e = session.errorForObject(c.lastError(), *row.owner);
            e.setMessage(
                QStringLiteral("%1: %2 %3 %4: %5")
                    .arg(rel.qualifiedName(),
                         add ? QStringLiteral("cannot link") : QStringLiteral("cannot unlink"),
                         row.item->describe(), add ? QStringLiteral("to") : QStringLiteral("from"),
                         c.lastError().message())
                    .replace(QStringLiteral(" to: "), QStringLiteral(": "))
                    .replace(QStringLiteral(" from: "), QStringLiteral(": ")));
            e.setConstraint(e.constraint() == Error::Constraint::None
                                ? Error::Constraint::Relationship
                                : e.constraint());
            session.m_lastError = e;
            return false;
        }
        // More than one: a keyless link table holding the pair twice (another program's
        // doing, where no unique index forbids it). Both rows would go, so neither does: the
        // commit fails, rolled back, with the unlink kept staged (as for the link's values).
        if (!add && c.changes() > 1) {
            session.m_lastError = session.errorForObject(
                detail::repeatedKeyError(rel.secondary, columns, c.changes(), true), *row.owner);
            return false;
        }
        // An unlink that matched no row: another program unlinked them meanwhile (or deleted
        // an end). As for a row deleted elsewhere (and SQLAlchemy's StaleDataError for a
        // secondary DELETE), the commit fails with every change kept, rather than counting a
        // change that wrote nothing. An end deleted in this flush may have taken the row with
        // it (ON DELETE CASCADE): that is no news.
        const auto deletedHere = [&session](const Entity &end) {
            return session.isMarkedForDeletion(end) || end.objectState() == ObjectState::Deleted;
        };
        if (!add && c.changes() == 0 && !deletedHere(*row.owner) && !deletedHere(*row.item)) {
            Error e(Error::Kind::StaleData,
                    QStringLiteral("%1: %2 was unlinked by another program")
                        .arg(rel.qualifiedName(), row.item->describe()));
            e.setTable(rel.secondary);
            session.m_lastError = session.errorForObject(e, *row.owner);
            return false;
        }
        return true;
    };
    for (const detail::AssociationRow &row : std::as_const(session.m_associationRemoves)) {
        if (!run(row, false))
            return false;
    }
    for (const detail::AssociationRow &row : std::as_const(session.m_associationAdds)) {
        // A link to an object deleted in this same flush is dropped with it.
        if (session.isMarkedForDeletion(*row.owner) || session.isMarkedForDeletion(*row.item))
            continue;
        if (!run(row, true))
            return false;
    }
    journal.associationAdds = session.m_associationAdds.rows();
    journal.associationRemoves = session.m_associationRemoves.rows();
    return true;
}

bool RelationEngine::deleteAssociationRows(Session &session, Entity &object) const
{
    const Dialect &d = session.dialect();
    const detail::InstanceState &s = st(object);
    const detail::Snapshot *keySource = s.baseline();
    for (const auto &relPtr : object.entityMeta().relationships()) {
        const RelationshipMeta &rel = *relPtr;
        if (rel.kind != RelationshipKind::ManyToMany || rel.viewOnly)
            continue;
        QStringList conditions;
        for (const QString &col : rel.secondaryLocal)
            conditions << d.quoteIdentifier(col) + QStringLiteral(" = ?");
        const QString sql = QStringLiteral("DELETE FROM %1 WHERE %2")
                                .arg(d.tableReference(rel.secondarySchema, rel.secondary),
                                     conditions.join(QStringLiteral(" AND ")));
        Statement stmt = session.connection().prepare(sql);
        if (!stmt.isValid()) {
            session.m_lastError = session.errorForObject(session.connection().lastError(), object);
            return false;
        }
        int k = 0;
        for (int c : rel.localColumns()) {
            if (keySource)
                keySource->bind(c, stmt, k++);
            else
                object.entityMeta().column(c).access->bind(stmt, k++, object);
        }
        if (!stmt.exec()) {
            session.m_lastError = session.errorForObject(session.connection().lastError(), object);
            return false;
        }
    }
    return true;
}

bool RelationEngine::handleChildrenOfDeleted(Session &session, detail::Journal &journal,
                                             Entity &object) const
{
    const Dialect &d = session.dialect();
    for (const auto &relPtr : object.entityMeta().relationships()) {
        const RelationshipMeta &rel = *relPtr;
        if (rel.foreignKeyOnOwner || rel.kind == RelationshipKind::ManyToMany || rel.passiveDeletes
            || rel.viewOnly || testFlag(rel.cascade, Cascade::Delete))
            continue;
        const qint64 n = session.relatedQuery(object, rel).count().value_or(0);
        if (n == 0)
            continue;
        const EntityMeta &target = rel.target();
        const QList<int> &remote = rel.remoteColumns();
        const bool nullable = std::all_of(remote.begin(), remote.end(), [&target](int c) {
            return c >= 0 && target.column(c).column.nullable;
        });
        if (!nullable) {
            Error e(
                Error::Kind::Constraint,
                QStringLiteral("%1 cannot be deleted: %2 %3 still refer to it (%4); delete them "
                               "first or declare a delete cascade")
                    .arg(object.describe())
                    .arg(n)
                    .arg(target.displayName().toLower(), rel.qualifiedName()));
            e.setConstraint(Error::Constraint::Relationship);
            e.setColumns({rel.name});
            session.m_lastError = session.errorForObject(e, object);
            session.m_lastError.setTable(object.entityMeta().tableName());
            return false;
        }
        // SQLAlchemy's default: the children stay, their foreign key is cleared.
        const QVariantList key = RelationEngine::keyValues(object, rel.localColumns());
        QStringList sets, conditions;
        QVariantList params;
        for (int i = 0; i < remote.size(); ++i) {
            const Column &c = target.column(remote.at(i)).column;
            sets << d.quoteIdentifier(c.name) + QStringLiteral(" = NULL");
            conditions << d.quoteIdentifier(c.name) + QStringLiteral(" = ?");
            params << storage::toStorage(key.value(i), c.type);
        }
        const QString sql =
            QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                .arg(d.tableReference(target.schema(), target.tableName()),
                     sets.join(QStringLiteral(", ")), conditions.join(QStringLiteral(" AND ")));
        if (!session.connection().exec(sql, params)) {
            session.m_lastError = session.errorForObject(session.connection().lastError(), object);
            return false;
        }
        for (const auto &child : session.identityObjects(target)) {
            if (RelationEngine::keyValues(*child, remote) != key)
                continue;
            detail::JournalEntry &entry = journal.record(child);
            std::unique_ptr<detail::Snapshot> baseline = st(*child).baseline()->clone();
            for (int c : remote) {
                (void)baseline->setValue(c, QVariant());
                detail::Journal::setValue(entry, c, QVariant());
            }
            detail::Journal::replaceBaseline(entry, std::move(baseline));
        }
    }
    return true;
}

// ---- registration ------------------------------------------------------------------------

namespace {
const RelationEngine g_engine {};
// Before main(): the layers below reach the engine through what they declare.
[[maybe_unused]] const bool g_registered = [] {
    detail::setRelationOps(&g_engine);
    detail::setSessionRelations(&g_engine);
    return true;
}();
} // namespace

} // namespace orm

// Named by the orm target's link options (orm/CMakeLists.txt): every program that links orm
// links this file, and so registers the engine, even where nothing calls into it by name (a
// browser of reflected databases reaches relationships only through the session).
extern "C" {
[[gnu::used]] extern const char orm_relationships_engine = 1;
}
