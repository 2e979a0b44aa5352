// SPDX-License-Identifier: MIT
#pragma once

#include "orm/session/session.h"

#include <QCoreApplication>
#include <QUndoCommand>
#include <QVariant>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace orm {
struct RelationshipMeta;
}

namespace ui {

// Every staged edit is one of these commands on the document's QUndoStack, so that Undo and
// Redo walk through values, new objects, deletions, links and reverts alike. A command whose
// first redo() fails marks itself obsolete, and the stack drops it.

// One column of one object. Consecutive edits of the same field with the same merge token
// (one typing session in the form) merge into one command. A value that was the database's
// when the command was made is restored as "the database's value" (Session::revert): another
// program may have changed it since, and Undo never writes back a value the database no
// longer has.
class SetValueCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    SetValueCommand(orm::Session *session, std::shared_ptr<orm::Entity> object, int column,
                    const QVariant &value, int mergeToken = 0, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;
    int id() const override { return 1; }
    bool mergeWith(const QUndoCommand *other) override;

private:
    void apply(const QVariant &value, bool committed);
    bool isCommitted(const QVariant &value) const;
    orm::Session *m_session;
    std::shared_ptr<orm::Entity> m_object;
    int m_column;
    QVariant m_old;
    QVariant m_new;
    bool m_oldCommitted = false;
    bool m_newCommitted = false;
    int m_mergeToken;
    bool m_done = false;
};

// New objects (already holding their initial values).
class AddObjectsCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    AddObjectsCommand(orm::Session *session, std::vector<std::shared_ptr<orm::Entity>> objects,
                      QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    orm::Session *m_session;
    std::vector<std::shared_ptr<orm::Entity>> m_objects;
};

// Marks objects for deletion (new ones are simply dropped). Undo cancels the deletions,
// including the ones the session cascaded to.
class DeleteObjectsCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    DeleteObjectsCommand(orm::Session *session, std::vector<std::shared_ptr<orm::Entity>> objects,
                         QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    orm::Session *m_session;
    std::vector<std::shared_ptr<orm::Entity>> m_objects;
    std::vector<bool> m_wasNew;
    std::vector<std::shared_ptr<orm::Entity>> m_cascaded;
};

// Session::revert of one object (column -1) or one field; undo puts the staged values back.
class RevertCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    RevertCommand(orm::Session *session, std::shared_ptr<orm::Entity> object, int column = -1,
                  QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    orm::Session *m_session;
    std::shared_ptr<orm::Entity> m_object;
    int m_column;
    bool m_wasNew = false;
    bool m_wasDeleted = false;
    QList<std::pair<int, QVariant>> m_values;
};

// Adds an item to, or removes it from, a collection relationship (a post's tags).
class LinkCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    enum class Action { Link, Unlink };
    LinkCommand(orm::Session *session, std::shared_ptr<orm::Entity> owner,
                const orm::RelationshipMeta *relationship, std::shared_ptr<orm::Entity> item,
                Action action, const QVariantMap &values = {}, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    bool perform(Action action);
    orm::Session *m_session;
    std::shared_ptr<orm::Entity> m_owner;
    const orm::RelationshipMeta *m_relationship;
    std::shared_ptr<orm::Entity> m_item;
    QVariantMap m_values; // a new link's other columns
    Action m_action;
    bool m_done = false;
};

// Points a many-to-one relationship at another object (or none).
class SetRelatedCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    SetRelatedCommand(orm::Session *session, std::shared_ptr<orm::Entity> owner,
                      const orm::RelationshipMeta *relationship,
                      std::shared_ptr<orm::Entity> target, QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    orm::Session *m_session;
    std::shared_ptr<orm::Entity> m_owner;
    const orm::RelationshipMeta *m_relationship;
    std::shared_ptr<orm::Entity> m_old;
    std::shared_ptr<orm::Entity> m_new;
    bool m_done = false;
};

// A new object created already linked to its owner through a one-to-many relationship ("New
// post" on a user): the foreign key is set when the owner has its key, and the relationship
// is told so that the session can fix the key of an owner that is new too.
class NewRelatedCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    NewRelatedCommand(orm::Session *session, std::shared_ptr<orm::Entity> owner,
                      const orm::RelationshipMeta *relationship, std::shared_ptr<orm::Entity> child,
                      QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    orm::Session *m_session;
    std::shared_ptr<orm::Entity> m_owner;
    const orm::RelationshipMeta *m_relationship;
    std::shared_ptr<orm::Entity> m_child;
};

// Resolves one field in conflict with another program's change (Session::resolveConflict):
// keep mine (based on theirs from now on), take theirs, or an edited value based on theirs.
// Undo puts the staged value back and bases it on the loaded value again.
class ResolveConflictCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    ResolveConflictCommand(orm::Session *session, std::shared_ptr<orm::Entity> object, int column,
                           orm::Session::Resolution resolution,
                           std::optional<QVariant> edited = std::nullopt,
                           QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    orm::Session *m_session;
    std::shared_ptr<orm::Entity> m_object;
    int m_column;
    orm::Session::Resolution m_resolution;
    std::optional<QVariant> m_edited;
    QVariant m_mine;
    bool m_done = false;
};

// Drops every staged change; undo stages them all again, the very objects (held here), so
// that a discard is one step like any other edit.
class DiscardCommand : public QUndoCommand
{
    Q_DECLARE_TR_FUNCTIONS(ui::UndoCommands)
public:
    // rollback drops the session's staged changes (the document's, which keeps its history).
    DiscardCommand(orm::Session *session, std::function<void()> rollback, int changeCount,
                   QUndoCommand *parent = nullptr);
    void redo() override;
    void undo() override;

private:
    orm::Session *m_session;
    std::function<void()> m_rollback;
    orm::StagedChanges m_changes;
};

} // namespace ui
