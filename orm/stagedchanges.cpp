// Session::stagedChanges() and Session::restage(): what is staged, captured, and staged again
// (an undoable discard).

#include "orm/relationship.h"
#include "orm/session.h"

#include <QSignalBlocker>

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
            if (rel->isCollection() || !rel->foreignKeyOnOwner || !isRelationLoaded(*object, *rel))
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
        out.linked.push_back({row.owner, row.rel, row.item});
    for (const AssociationRow &row : m_associationRemoves)
        out.unlinked.push_back({row.owner, row.rel, row.item});
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
            if (ours(l.owner) && ours(l.item))
                (void)appendRelated(*l.owner, *l.relationship, l.item);
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

} // namespace orm
