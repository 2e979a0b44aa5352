// SPDX-License-Identifier: MIT
#include "ui/undocommands.h"

#include "orm/mapping/relationship.h"
#include "orm/query/query.h"
#include "ui/entitycatalog.h"

#include <QCoreApplication>

namespace ui {

// ---- SetValueCommand -----------------------------------------------------------------------

SetValueCommand::SetValueCommand(orm::Session *session, std::shared_ptr<orm::Entity> object,
                                 int column, const QVariant &value, int mergeToken,
                                 QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_object(std::move(object))
    , m_column(column)
    , m_old(m_object->value(column))
    , m_new(value)
    , m_mergeToken(mergeToken)
{
    m_oldCommitted = isCommitted(m_old);
    m_newCommitted = isCommitted(m_new);
    setText(tr("Edit %1 of %2")
                .arg(EntityCatalog::columnLabel(m_object->entityMeta(), column),
                     EntityCatalog::labelOf(*m_object)));
}

bool SetValueCommand::isCommitted(const QVariant &value) const
{
    if (m_object->objectState() != orm::ObjectState::Persistent)
        return false;
    const QVariant committed = m_session->committedValue(*m_object, m_column);
    return committed == value && committed.isNull() == value.isNull();
}

void SetValueCommand::apply(const QVariant &value, bool committed)
{
    if (committed && m_object->objectState() == orm::ObjectState::Persistent
        && m_object->session() == m_session) {
        m_session->revert(*m_object, m_column);
        return;
    }
    if (!m_session->setValue(*m_object, m_column, value) && !m_done)
        setObsolete(true);
}

void SetValueCommand::redo()
{
    apply(m_new, m_newCommitted);
    m_done = true;
}

void SetValueCommand::undo()
{
    apply(m_old, m_oldCommitted);
}

bool SetValueCommand::mergeWith(const QUndoCommand *other)
{
    const auto *o = static_cast<const SetValueCommand *>(other);
    if (m_mergeToken == 0 || o->m_mergeToken != m_mergeToken || o->m_object != m_object
        || o->m_column != m_column) {
        return false;
    }
    m_new = o->m_new;
    m_newCommitted = o->m_newCommitted;
    // Typing back to the original value leaves nothing to undo.
    if (m_new == m_old && m_new.isNull() == m_old.isNull())
        setObsolete(true);
    return true;
}

// ---- AddObjectsCommand ---------------------------------------------------------------------

AddObjectsCommand::AddObjectsCommand(orm::Session *session,
                                     std::vector<std::shared_ptr<orm::Entity>> objects,
                                     QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_objects(std::move(objects))
{
    if (m_objects.size() == 1)
        setText(tr("New %1").arg(EntityCatalog::recordName(m_objects.front()->entityMeta())));
    else
        setText(tr("New objects"));
}

void AddObjectsCommand::redo()
{
    for (const auto &o : m_objects)
        m_session->add(o);
}

void AddObjectsCommand::undo()
{
    for (auto it = m_objects.rbegin(); it != m_objects.rend(); ++it)
        m_session->remove(*it);
}

// ---- DeleteObjectsCommand ------------------------------------------------------------------

DeleteObjectsCommand::DeleteObjectsCommand(orm::Session *session,
                                           std::vector<std::shared_ptr<orm::Entity>> objects,
                                           QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_objects(std::move(objects))
{
    if (m_objects.size() == 1) {
        setText(tr("Delete %1 %2")
                    .arg(EntityCatalog::recordName(m_objects.front()->entityMeta()),
                         EntityCatalog::labelOf(*m_objects.front())));
    } else {
        setText(tr("Delete %n object(s)", nullptr, int(m_objects.size())));
    }
}

void DeleteObjectsCommand::redo()
{
    m_wasNew.clear();
    m_cascaded.clear();
    for (const auto &o : m_objects) {
        m_wasNew.push_back(o->objectState() == orm::ObjectState::Pending);
        if (!m_wasNew.back()) {
            // What the session cascades to, so that undo can bring it back.
            for (const auto &c : m_session->deletionPreview(*o).alsoDeleted) {
                if (!m_session->isMarkedForDeletion(*c))
                    m_cascaded.push_back(c);
            }
        }
        m_session->remove(o);
    }
}

void DeleteObjectsCommand::undo()
{
    for (const auto &c : m_cascaded) {
        if (m_session->isMarkedForDeletion(*c))
            m_session->revert(*c, -1);
    }
    for (size_t i = m_objects.size(); i-- > 0;) {
        const auto &o = m_objects[i];
        if (m_wasNew[i])
            m_session->add(o);
        else if (m_session->isMarkedForDeletion(*o))
            m_session->revert(*o, -1);
    }
}

// ---- RevertCommand -------------------------------------------------------------------------

RevertCommand::RevertCommand(orm::Session *session, std::shared_ptr<orm::Entity> object, int column,
                             QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_object(std::move(object))
    , m_column(column)
{
    m_wasNew = m_object->objectState() == orm::ObjectState::Pending;
    m_wasDeleted = m_session->isMarkedForDeletion(*m_object);
    if (!m_wasNew) {
        for (int c : m_session->modifiedColumns(*m_object)) {
            if (column < 0 || c == column)
                m_values.append({c, m_object->value(c)});
        }
    }
    if (column >= 0) {
        setText(tr("Revert %1 of %2")
                    .arg(EntityCatalog::columnLabel(m_object->entityMeta(), column),
                         EntityCatalog::labelOf(*m_object)));
    } else {
        setText(tr("Revert %1").arg(EntityCatalog::labelOf(*m_object)));
    }
}

void RevertCommand::redo()
{
    m_session->revert(*m_object, m_column);
}

void RevertCommand::undo()
{
    if (m_wasNew && m_column < 0)
        m_session->add(m_object);
    if (m_wasDeleted && m_column < 0)
        m_session->remove(m_object);
    for (const auto &[column, value] : m_values)
        (void)m_session->setValue(*m_object, column, value);
}

// ---- LinkCommand ---------------------------------------------------------------------------

LinkCommand::LinkCommand(orm::Session *session, std::shared_ptr<orm::Entity> owner,
                         const orm::RelationshipMeta *relationship,
                         std::shared_ptr<orm::Entity> item, Action action,
                         const QVariantMap &values, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_owner(std::move(owner))
    , m_relationship(relationship)
    , m_item(std::move(item))
    , m_values(values)
    , m_action(action)
{
    const QString format =
        action == Action::Link ? tr("Add %1 to %2 of %3") : tr("Remove %1 from %2 of %3");
    setText(format.arg(EntityCatalog::labelOf(*m_item), relationship->displayLabel(),
                       EntityCatalog::labelOf(*m_owner)));
}

bool LinkCommand::perform(Action action)
{
    if (action == Action::Unlink)
        return m_session->removeRelated(*m_owner, *m_relationship, m_item);
    if (!m_session->appendRelated(*m_owner, *m_relationship, m_item))
        return false;
    // (A link already stored is not staged again, and keeps its values.)
    if (!m_values.isEmpty())
        (void)m_session->setLinkValues(*m_owner, *m_relationship, *m_item, m_values);
    return true;
}

void LinkCommand::redo()
{
    if (!perform(m_action) && !m_done)
        setObsolete(true);
    m_done = true;
}

void LinkCommand::undo()
{
    (void)perform(m_action == Action::Link ? Action::Unlink : Action::Link);
}

// ---- SetRelatedCommand ---------------------------------------------------------------------

SetRelatedCommand::SetRelatedCommand(orm::Session *session, std::shared_ptr<orm::Entity> owner,
                                     const orm::RelationshipMeta *relationship,
                                     std::shared_ptr<orm::Entity> target, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_owner(std::move(owner))
    , m_relationship(relationship)
    , m_new(std::move(target))
{
    // (A 'raise' relationship is not loaded for this: its target is looked up.)
    m_old = m_session->refusesLoading(*m_owner, *m_relationship)
        ? m_session->relatedQuery(*m_owner, *m_relationship).firstEntity()
        : m_session->relatedOne(*m_owner, *m_relationship);
    setText(
        tr("Change %1 of %2").arg(relationship->displayLabel(), EntityCatalog::labelOf(*m_owner)));
}

void SetRelatedCommand::redo()
{
    if (!m_session->setRelated(*m_owner, *m_relationship, m_new) && !m_done)
        setObsolete(true);
    m_done = true;
}

void SetRelatedCommand::undo()
{
    (void)m_session->setRelated(*m_owner, *m_relationship, m_old);
}

// ---- NewRelatedCommand ---------------------------------------------------------------------

NewRelatedCommand::NewRelatedCommand(orm::Session *session, std::shared_ptr<orm::Entity> owner,
                                     const orm::RelationshipMeta *relationship,
                                     std::shared_ptr<orm::Entity> child, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_owner(std::move(owner))
    , m_relationship(relationship)
    , m_child(std::move(child))
{
    setText(tr("New %1 for %2")
                .arg(EntityCatalog::recordName(m_child->entityMeta()),
                     EntityCatalog::labelOf(*m_owner)));
}

void NewRelatedCommand::redo()
{
    const orm::RelationshipMeta &rel = *m_relationship;
    const orm::EntityMeta &ownerMeta = m_owner->entityMeta();
    if (rel.kind == orm::RelationshipKind::OneToMany
        || (rel.kind == orm::RelationshipKind::OneToOne && !rel.foreignKeyOnOwner)) {
        if (!ownerMeta.isKeyUnset(*m_owner)) {
            for (int i = 0; i < rel.localColumns().size() && i < rel.remoteColumns().size(); ++i)
                (void)m_child->setValue(rel.remoteColumns().at(i),
                                        m_owner->value(rel.localColumns().at(i)));
        }
    }
    m_session->add(m_child);
    (void)m_session->appendRelated(*m_owner, rel, m_child);
}

void NewRelatedCommand::undo()
{
    (void)m_session->removeRelated(*m_owner, *m_relationship, m_child);
    m_session->remove(m_child);
}

// ---- ResolveConflictCommand ---------------------------------------------------------------

ResolveConflictCommand::ResolveConflictCommand(orm::Session *session,
                                               std::shared_ptr<orm::Entity> object, int column,
                                               orm::Session::Resolution resolution,
                                               std::optional<QVariant> edited, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_object(std::move(object))
    , m_column(column)
    , m_resolution(resolution)
    , m_edited(std::move(edited))
    , m_mine(m_object->value(column))
{
    const QString field = EntityCatalog::columnLabel(m_object->entityMeta(), column);
    const QString label = EntityCatalog::labelOf(*m_object);
    if (m_edited)
        setText(tr("Edit %1 of %2 over another program's change").arg(field, label));
    else if (resolution == orm::Session::Resolution::KeepMine)
        setText(tr("Keep my %1 of %2").arg(field, label));
    else
        setText(tr("Take their %1 of %2").arg(field, label));
}

void ResolveConflictCommand::redo()
{
    const bool resolved = m_session->resolveConflict(*m_object, m_column, m_resolution);
    if (!resolved && !m_done) {
        setObsolete(true);
        return;
    }
    if (m_edited)
        (void)m_session->setValue(*m_object, m_column, *m_edited);
    m_done = true;
}

void ResolveConflictCommand::undo()
{
    (void)m_session->setValue(*m_object, m_column, m_mine);
    m_session->reopenConflict(*m_object, m_column);
}

// ---- DiscardCommand ------------------------------------------------------------------------

DiscardCommand::DiscardCommand(orm::Session *session, std::function<void()> rollback,
                               int changeCount, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_rollback(std::move(rollback))
{
    setText(tr("Discard %n change(s)", nullptr, changeCount));
}

void DiscardCommand::redo()
{
    m_changes = m_session->stagedChanges();
    m_rollback();
}

void DiscardCommand::undo()
{
    m_session->restage(m_changes);
    m_changes = {}; // redo captures them again
}

} // namespace ui
