// SPDX-License-Identifier: MIT
// Session::stagedChanges() and Session::restage(): what is staged, captured, and staged again
// (an undoable discard).

#include "orm/mapping/relationship.h"
#include "orm/session/session.h"

#include <QSignalBlocker>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace orm {

StagedChanges Session::stagedChanges() const
{
    StagedChanges out;
    out.added = m_new;
    for (const auto &object : collectDirty()) {
        StagedChanges::Values values {object, {}};
        for (int column : modifiedColumns(*object))
            values.columns.append({column, object->value(column)});
        out.modified.push_back(std::move(values));
    }
    // The targets of the many-to-one relationships that changed: a new parent has no key yet,
    // so its foreign key is only known through the relationship.
    auto *self = const_cast<Session *>(this); // a loaded relationship reads without a query
    for (const auto &object : m_relationChanged) {
        for (const auto &rel : object->entityMeta().relationships()) {
            if (rel->isCollection() || !rel->foreignKeyOnOwner || rel->viewOnly
                || !isRelationLoaded(*object, *rel))
                continue;
            std::shared_ptr<Entity> target = self->relatedOne(*object, *rel);
            // A relationship read as empty while its foreign key is set says nothing.
            const QList<int> &local = rel->localColumns();
            if (!target && std::any_of(local.begin(), local.end(), [&object](int c) {
                    return c >= 0 && !object->value(c).isNull();
                }))
                continue;
            out.references.push_back({object, rel.get(), std::move(target)});
        }
    }
    for (const AssociationRow &row : m_associationAdds)
        out.linked.push_back({row.owner, row.rel, row.item, row.values});
    for (const AssociationRow &row : m_associationRemoves)
        out.unlinked.push_back({row.owner, row.rel, row.item, {}});
    out.deleted = m_deleted;
    return out;
}

void Session::restage(const StagedChanges &changes)
{
    const auto ours = [this](const std::shared_ptr<Entity> &o) {
        return o && o->session() == this;
    };
    std::vector<Entity *> touched;
    {
        // One signal for the whole set, not one per value.
        const QSignalBlocker blocker(this);
        for (const auto &object : changes.added) {
            if (object && !object->session()) {
                add(object);
                touched.push_back(object.get());
            }
        }
        for (const auto &values : changes.modified) {
            if (!ours(values.object))
                continue;
            for (const auto &[column, value] : values.columns)
                (void)setValue(*values.object, column, value);
            touched.push_back(values.object.get());
        }
        for (const auto &r : changes.references) {
            if (ours(r.owner) && (!r.target || ours(r.target))) {
                (void)setRelated(*r.owner, *r.relationship, r.target);
                touched.push_back(r.owner.get());
            }
        }
        for (const auto &l : changes.linked) {
            if (ours(l.owner) && ours(l.item) && appendRelated(*l.owner, *l.relationship, l.item)
                && !l.values.isEmpty())
                (void)setLinkValues(*l.owner, *l.relationship, *l.item, l.values);
        }
        for (const auto &l : changes.unlinked) {
            if (ours(l.owner) && ours(l.item))
                (void)removeRelated(*l.owner, *l.relationship, l.item);
        }
        for (const auto &object : changes.deleted) {
            if (ours(object) && !isMarkedForDeletion(*object))
                remove(object);
        }
    }
    for (Entity *object : touched)
        Q_EMIT objectChanged(object, -1);
    Q_EMIT pendingChangesChanged();
}

void Session::carryOver(const StagedChanges &changes,
                        const std::function<const EntityMeta *(const QString &table)> &metaFor,
                        QStringList *notCarried)
{
    const auto lost = [notCarried](const QString &what) {
        if (notCarried)
            *notCarried << what;
    };
    std::unordered_map<const Entity *, std::shared_ptr<Entity>> carried;
    std::unordered_set<const Entity *> missing;
    std::unordered_set<const Entity *> added;
    for (const auto &object : changes.added)
        added.insert(object.get());
    // This session's object for one of the other session's (created for a new row).
    const auto map = [&](const std::shared_ptr<Entity> &old) -> std::shared_ptr<Entity> {
        if (!old)
            return nullptr;
        if (const auto it = carried.find(old.get()); it != carried.end())
            return it->second;
        if (missing.count(old.get()))
            return nullptr;
        const EntityMeta &was = old->entityMeta();
        const EntityMeta *meta = metaFor(was.tableName());
        std::shared_ptr<Entity> object;
        if (meta && added.count(old.get())) {
            object = meta->create();
            for (int i = 0; i < was.columnCount(); ++i) {
                const int at = meta->columnIndex(was.column(i).column.name);
                const QVariant value = old->value(i);
                if (at >= 0 && !value.isNull() && !meta->column(at).access->set(*object, value))
                    lost(QStringLiteral("%1: %2").arg(old->describe(), was.column(i).column.name));
            }
            add(object);
        } else if (meta) {
            object = get(*meta, old->primaryKey());
        }
        if (!object) {
            missing.insert(old.get());
            lost(old->describe());
            return nullptr;
        }
        carried.emplace(old.get(), object);
        return object;
    };
    const auto relationshipOf = [&lost](const std::shared_ptr<Entity> &owner,
                                        const RelationshipMeta &was) -> const RelationshipMeta * {
        const RelationshipMeta *rel = owner->entityMeta().relationship(was.name);
        if (!rel)
            lost(QStringLiteral("%1: %2").arg(owner->describe(), was.name));
        return rel;
    };
    {
        const QSignalBlocker blocker(this);
        for (const auto &object : changes.added)
            (void)map(object);
        for (const auto &values : changes.modified) {
            const std::shared_ptr<Entity> object = map(values.object);
            if (!object)
                continue;
            const EntityMeta &was = values.object->entityMeta();
            for (const auto &[column, value] : values.columns) {
                const QString name = was.column(column).column.name;
                const int at = object->entityMeta().columnIndex(name);
                if (at < 0 || !setValue(*object, at, value))
                    lost(QStringLiteral("%1: %2").arg(values.object->describe(), name));
            }
        }
        for (const auto &r : changes.references) {
            const std::shared_ptr<Entity> owner = map(r.owner);
            const std::shared_ptr<Entity> target = map(r.target);
            if (!owner || (r.target && !target))
                continue;
            if (const RelationshipMeta *rel = relationshipOf(owner, *r.relationship))
                (void)setRelated(*owner, *rel, target);
        }
        const auto link = [&](const StagedChanges::Link &l, bool add) {
            const std::shared_ptr<Entity> owner = map(l.owner);
            const std::shared_ptr<Entity> item = map(l.item);
            if (!owner || !item)
                return;
            const RelationshipMeta *rel = relationshipOf(owner, *l.relationship);
            if (!rel || !add) {
                if (rel)
                    (void)removeRelated(*owner, *rel, item);
                return;
            }
            if (!appendRelated(*owner, *rel, item) || l.values.isEmpty())
                return;
            // The link's other values, by column name, where the columns still exist.
            QVariantMap values;
            for (auto it = l.values.cbegin(); it != l.values.cend(); ++it) {
                const bool kept =
                    std::any_of(rel->secondaryExtra.begin(), rel->secondaryExtra.end(),
                                [&it](const Column &c) { return c.name == it.key(); });
                if (kept)
                    values.insert(it.key(), it.value());
                else
                    lost(QStringLiteral("%1: %2").arg(rel->secondary, it.key()));
            }
            if (!values.isEmpty())
                (void)setLinkValues(*owner, *rel, *item, values);
        };
        for (const auto &l : changes.linked)
            link(l, true);
        for (const auto &l : changes.unlinked)
            link(l, false);
        for (const auto &old : changes.deleted) {
            if (const std::shared_ptr<Entity> object = map(old);
                object && !isMarkedForDeletion(*object))
                remove(object);
        }
    }
    for (const auto &[old, object] : carried)
        Q_EMIT objectChanged(object.get(), -1);
    Q_EMIT pendingChangesChanged();
}

} // namespace orm
