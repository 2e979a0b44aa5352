// SPDX-License-Identifier: MIT
// The session's side of relationships: its generic relationship calls, handed to the
// relationship engine (detail::RelationOps), the staging of relationship changes (association
// rows, orphans), and the flush's questions to the engine (detail::SessionRelations). The
// engine itself lives in orm/relationships and calls the session, never the other way.

#include "orm/mapping/related.h"
#include "orm/mapping/relationops.h"
#include "orm/mapping/relationship.h"
#include "orm/session/relationhooks_p.h"
#include "orm/session/session.h"
#include "orm/session/session_p.h"

#include <algorithm>

namespace orm {

namespace detail {
// Set once, while the program starts (before main()): read without a lock.
static const SessionRelations *g_sessionRelations = nullptr;

const SessionRelations *sessionRelations()
{
    return g_sessionRelations;
}

void setSessionRelations(const SessionRelations *relations)
{
    g_sessionRelations = relations;
}

QString associationKey(const RelationshipMeta &rel, const Entity &owner, const Entity &item)
{
    QList<std::pair<QString, const Entity *>> parts;
    parts << std::pair {rel.secondaryLocal.join(u','), &owner};
    parts << std::pair {rel.secondaryRemote.join(u','), &item};
    std::sort(parts.begin(), parts.end());
    QString key = rel.secondary;
    for (const auto &[c, e] : parts)
        key += u'|' + c + u'=' + QString::number(quintptr(e), 16);
    return key;
}
} // namespace detail

// ---- the generic relationship interface -----------------------------------------------------

Related<Entity> Session::related(Entity &owner, const RelationshipMeta &rel, qsizetype limit)
{
    return detail::relationOps().readItems(owner, rel, limit);
}

std::shared_ptr<Entity> Session::relatedOne(Entity &owner, const RelationshipMeta &rel)
{
    return related(owner, rel).first();
}

std::optional<qint64> Session::relatedCount(Entity &owner, const RelationshipMeta &rel)
{
    return detail::relationOps().countItems(owner, rel);
}

bool Session::isRelationLoaded(Entity &owner, const RelationshipMeta &rel) const
{
    return rel.access->state(owner).isLoadedFlag();
}

bool Session::refusesLoading(Entity &owner, const RelationshipMeta &rel) const
{
    return detail::relationOps().refusesLoading(owner, rel);
}

bool Session::setRelated(Entity &owner, const RelationshipMeta &rel,
                         const std::shared_ptr<Entity> &target)
{
    const bool ok = detail::relationOps().setTarget(owner, rel, target);
    if (ok)
        Q_EMIT pendingChangesChanged();
    return ok;
}

bool Session::appendRelated(Entity &owner, const RelationshipMeta &rel,
                            const std::shared_ptr<Entity> &item)
{
    const bool ok = detail::relationOps().appendItem(owner, rel, item);
    if (ok)
        Q_EMIT pendingChangesChanged();
    return ok;
}

bool Session::removeRelated(Entity &owner, const RelationshipMeta &rel,
                            const std::shared_ptr<Entity> &item)
{
    const bool ok = detail::relationOps().removeItem(owner, rel, item);
    if (ok)
        Q_EMIT pendingChangesChanged();
    return ok;
}

Session::DeletionPreview Session::deletionPreview(Entity &object)
{
    const detail::SessionRelations *relations = detail::sessionRelations();
    if (!relations || object.entityMeta().relationships().empty())
        return {};
    return relations->deletionPreview(*this, object);
}

// ---- staging -------------------------------------------------------------------------------

bool Session::setLinkValues(Entity &owner, const RelationshipMeta &rel, Entity &item,
                            const QVariantMap &values)
{
    for (auto it = values.cbegin(); it != values.cend(); ++it) {
        const bool known = std::any_of(rel.secondaryExtra.begin(), rel.secondaryExtra.end(),
                                       [&it](const Column &c) { return c.name == it.key(); });
        if (!known) {
            Error e(Error::Kind::Usage,
                    QStringLiteral("%1: %2 has no column %3 besides its keys")
                        .arg(rel.qualifiedName(), rel.secondary, it.key()));
            e.setEntity(rel.owner->name());
            m_lastError = e;
            return false;
        }
    }
    detail::AssociationRow *row = m_associationAdds.find(detail::associationKey(rel, owner, item));
    if (!row) {
        m_lastError = Error(Error::Kind::Usage,
                            QStringLiteral("%1: %2 is not a new link of %3")
                                .arg(rel.qualifiedName(), item.describe(), owner.describe()));
        return false;
    }
    // Staged through either side, the row holds the same values.
    row->values = values;
    Q_EMIT pendingChangesChanged();
    return true;
}

QVariantMap Session::linkValues(Entity &owner, const RelationshipMeta &rel, Entity &item) const
{
    const detail::AssociationRow *row =
        m_associationAdds.find(detail::associationKey(rel, owner, item));
    return row ? row->values : QVariantMap();
}

void Session::noteRelationChange(Entity &owner)
{
    if (owner.session() != this)
        return;
    if (m_relationChangedSet.insertIfAbsent(&owner, m_relationChanged.size()))
        m_relationChanged.push_back(owner.shared_from_this());
}

void Session::removeOrphan(Entity &object)
{
    if (object.session() != this)
        return;
    std::shared_ptr<Entity> self = object.shared_from_this();
    const bool pending = object.objectState() == ObjectState::Pending;
    const size_t before = m_deleted.size();
    remove(object);
    Orphan orphan {self, pending, {}};
    if (m_deleted.size() > before)
        orphan.deleted.assign(m_deleted.begin() + qsizetype(before), m_deleted.end());
    m_orphans.push_back(std::move(orphan));
}

void Session::adoptOrphan(Entity &object)
{
    const auto it = std::find_if(m_orphans.begin(), m_orphans.end(),
                                 [&object](const Orphan &o) { return o.object.get() == &object; });
    if (it == m_orphans.end())
        return;
    Orphan orphan = std::move(*it);
    m_orphans.erase(it);
    if (orphan.wasPending) {
        if (!object.session())
            add(orphan.object);
        return;
    }
    for (const auto &e : orphan.deleted) {
        if (e->session() == this && st(*e).markedForDeletion()) {
            st(*e).setMarkedForDeletion(false);
            std::erase(m_deleted, e);
        }
    }
    Q_EMIT pendingChangesChanged();
}

void Session::stageAssociation(const RelationshipMeta &rel, Entity &owner, Entity &item, bool add)
{
    const QString key = detail::associationKey(rel, owner, item);
    AssociationRow row {&rel, owner.shared_from_this(), item.shared_from_this(), key, {}};
    detail::AssociationSet &same = add ? m_associationAdds : m_associationRemoves;
    detail::AssociationSet &opposite = add ? m_associationRemoves : m_associationAdds;
    if (opposite.remove(key))
        return; // cancels a staged change the other way
    same.insert(row);
}

// ---- what the session and the flush ask of the relationship engine ----------------------------

void Session::cascadeAdd(Entity &object)
{
    const detail::SessionRelations *relations = detail::sessionRelations();
    if (relations && !object.entityMeta().relationships().empty())
        relations->cascadeAdd(*this, object);
}

void Session::cascadeRemove(Entity &object)
{
    const detail::SessionRelations *relations = detail::sessionRelations();
    if (relations && !object.entityMeta().relationships().empty())
        relations->cascadeRemove(*this, object);
}

void Session::forgetCommittedRelationChanges()
{
    const detail::SessionRelations *relations = detail::sessionRelations();
    if (relations && !m_relationChanged.empty())
        relations->forgetCommittedChanges(*this);
}

void Session::expireRelations(bool onlyChanged)
{
    if (const detail::SessionRelations *relations = detail::sessionRelations())
        relations->expire(*this, onlyChanged);
    m_relationChanged.clear();
    m_relationChangedSet.clear();
    m_associationAdds.clear();
    m_associationRemoves.clear();
}

void Session::pruneDetachedFromRelations(const std::vector<Entity *> &detached)
{
    if (const detail::SessionRelations *relations = detail::sessionRelations())
        relations->pruneDetached(*this, detached);
}

QList<Error::FieldError> Session::validateForFlush(const Entity &object) const
{
    QList<Error::FieldError> errors = object.entityMeta().validate(object);
    if (errors.isEmpty())
        return errors;
    // A modified row is checked on what changed: odd values already stored (text in an
    // INTEGER column of a foreign file) do not block an edit of another column.
    if (object.objectState() == ObjectState::Persistent) {
        QStringList changed;
        for (int c : modifiedColumns(object))
            changed << object.entityMeta().column(c).column.name;
        errors.removeIf([&changed, &object](const Error::FieldError &f) {
            return object.entityMeta().columnIndex(f.column) >= 0 && !changed.contains(f.column);
        });
    }
    const detail::SessionRelations *relations = detail::sessionRelations();
    if (relations && !errors.isEmpty() && !object.entityMeta().relationships().empty())
        relations->dropFilledForeignKeys(object, errors);
    return errors;
}

QList<std::shared_ptr<Entity>> Session::orderForInsert(const EntityMeta &meta) const
{
    QList<std::shared_ptr<Entity>> group;
    for (const auto &o : m_new) {
        if (&o->entityMeta() == &meta)
            group << o;
    }
    const bool selfReferential =
        std::any_of(meta.relationships().begin(), meta.relationships().end(),
                    [&meta](const auto &rel) { return &rel->target() == &meta; });
    const detail::SessionRelations *relations = detail::sessionRelations();
    if (!selfReferential || group.size() < 2 || !relations)
        return group;
    // (A reply and the post it answers: the engine puts what an object refers to first.)
    return relations->orderForInsert(group);
}

bool Session::syncRelationKeys(detail::Journal &journal, Entity &object, KeySync which,
                               bool *deferred)
{
    if (object.entityMeta().relationships().empty())
        return true;
    const detail::SessionRelations *relations = detail::sessionRelations();
    return !relations
        || relations->syncKeys(*this, journal, object, which == KeySync::Children, deferred);
}

bool Session::flushAssociations(detail::Journal &journal)
{
    if (m_associationAdds.isEmpty() && m_associationRemoves.isEmpty()) {
        journal.associationAdds.clear();
        journal.associationRemoves.clear();
        return true;
    }
    const detail::SessionRelations *relations = detail::sessionRelations();
    return !relations || relations->flushAssociations(*this, journal);
}

bool Session::deleteAssociationRows(Entity &object)
{
    const detail::SessionRelations *relations = detail::sessionRelations();
    return !relations || object.entityMeta().relationships().empty()
        || relations->deleteAssociationRows(*this, object);
}

bool Session::handleChildrenOfDeleted(detail::Journal &journal, Entity &object)
{
    const detail::SessionRelations *relations = detail::sessionRelations();
    return !relations || object.entityMeta().relationships().empty()
        || relations->handleChildrenOfDeleted(*this, journal, object);
}

} // namespace orm
