// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/session/session.h"

#include <QList>

#include <memory>
#include <vector>

namespace orm::detail {

struct Journal;

// What the session and its flush ask of the relationship engine: cascades on add and remove,
// the order of a self-referential table's new rows, foreign keys synced from the objects
// related, association-table rows, the rows that refer to a deleted one, and the relationship
// states expired or pruned. The engine (orm/relationships) implements it and registers itself
// as the program starts; the session calls only this, so that calls go one way, from the
// relationships to the session. Nothing is asked for an object whose model has no
// relationships, and without a registered engine a session works for such models.
class SessionRelations
{
public:
    virtual ~SessionRelations() = default;

    // The object was added: related objects follow (save-update), and the links of a new
    // object's many-to-many collections are staged.
    virtual void cascadeAdd(Session &session, Entity &object) const = 0;
    // The object is marked for deletion: so are its children through delete cascades.
    virtual void cascadeRemove(Session &session, Entity &object) const = 0;
    // What remove(object) would also delete, or why it is refused.
    virtual Session::DeletionPreview deletionPreview(Session &session, Entity &object) const = 0;

    // group: new objects of one self-referential table; returned with what each refers to
    // first.
    virtual QList<std::shared_ptr<Entity>>
    orderForInsert(const QList<std::shared_ptr<Entity>> &group) const = 0;
    // Drops the errors of foreign-key columns a relationship fills at flush (its target is
    // pending).
    virtual void dropFilledForeignKeys(const Entity &object,
                                       QList<Error::FieldError> &errors) const = 0;
    // Writes the keys of related objects into foreign-key columns (through the journal).
    // childrenOnly: after the object's INSERT, only the relationships whose keys are on the
    // other side. *deferred: a many-to-one target has no key yet.
    virtual bool syncKeys(Session &session, Journal &journal, Entity &object, bool childrenOnly,
                          bool *deferred) const = 0;
    // Writes the staged association rows (unlinks, then links).
    virtual bool flushAssociations(Session &session, Journal &journal) const = 0;
    // A deleted object's rows in association tables.
    virtual bool deleteAssociationRows(Session &session, Entity &object) const = 0;
    // The rows that refer to a deleted object: refused, or their foreign key cleared.
    virtual bool handleChildrenOfDeleted(Session &session, Journal &journal,
                                         Entity &object) const = 0;

    // At commit: relationship states drop what they staged.
    virtual void forgetCommittedChanges(Session &session) const = 0;
    // Rollback: the relationship states of the changed objects (or of every object) expire.
    virtual void expire(Session &session, bool onlyChanged) const = 0;
    // Drops detached objects from the relationship states of the session's objects and of
    // detached.
    virtual void pruneDetached(Session &session, const std::vector<Entity *> &detached) const = 0;
};

// The registered engine, or null when the program links none.
const SessionRelations *sessionRelations();
void setSessionRelations(const SessionRelations *relations);

// One association row's key, the same whichever side it is staged through.
QString associationKey(const RelationshipMeta &rel, const Entity &owner, const Entity &item);

} // namespace orm::detail
