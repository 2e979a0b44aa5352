// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/connection.h"
#include "orm/engine/engine.h"
#include "orm/engine/error.h"
#include "orm/session/session.h"
#include "ui/entitycatalog.h"
#include "ui/schemaprovider.h"

#include <QObject>
#include <QSet>
#include <QUndoStack>

class QTimer;

#include <memory>
#include <vector>

namespace ui {

class ExternalChangeWatcher;
class SchemaChanges;
class LockWaiter;
class BackgroundReader;
class ServerWait;
class StagedValidator;

// One open database: its engine and session, the entities it holds, the undo stack of staged
// edits, the validator of staged objects and the background reader. Every edit the user interface
// makes goes through here, as an undoable command; nothing is written before commit().
//
// The window's thread never waits on another program's lock: its connection has no busy
// timeout, a read that meets a lock fails at once and the LockWaiter (lockWaiter()) waits in
// the event loop until the file can be read again; a commit takes the write lock without
// waiting, trying again from the event loop (see commit()).
class Document : public QObject
{
    Q_OBJECT
public:
    enum class OpenMode { OpenExisting, CreateNew };

    // A database connected to and described, not yet a document: what connect() gives, on any
    // thread, for the window's thread to make a Document of.
    struct Connected
    {
        std::shared_ptr<orm::Engine> engine;
        DatabaseSchema schema;
        QString path;
    };

    // location is a file's path or a server's URL (postgresql://…). Null with *error when the
    // database cannot be opened (or created) or described.
    static std::unique_ptr<Document> open(const QString &location, SchemaProvider &schemaProvider,
                                          OpenMode mode, orm::Error *error);
    // What open() does before the document is made (connectDatabase()): connects and describes.
    // Runs on any thread (a server's round trips keep the window's thread free); the result is
    // moved to the window's thread and given to the constructor.
    static std::optional<Connected> connectDatabase(const QString &location,
                                                    SchemaProvider &schemaProvider, OpenMode mode,
                                                    orm::Error *error);
    // Whether location names a server database (a postgresql:// URL) rather than a file.
    static bool isServerLocation(const QString &location);
    // A database already open (an in-memory one, in tests).
    Document(std::shared_ptr<orm::Engine> engine, DatabaseSchema schema, const QString &path);
    explicit Document(Connected connected);
    ~Document() override;

    // The file's path, or a server database's URL without its password.
    QString path() const { return m_path; }
    QString displayName() const;
    // Whether the database is on a server (PostgreSQL) rather than in a file: the file's checks
    // (integrity, locks) do not apply there.
    bool isServer() const;
    // A server database's schema shown (empty for a file), and every schema it has.
    QString schemaName() const { return m_schema.schemaName; }
    QStringList schemaNames() const { return m_schema.schemaNames; }
    orm::Session &session() const { return *m_session; }
    orm::Engine &engine() const { return *m_engine; }
    const EntityCatalog &catalog() const { return m_catalog; }
    const DatabaseSchema &schema() const { return m_schema; }
    QUndoStack *undoStack() const { return m_undoStack.get(); }
    StagedValidator *validator() const { return m_validator.get(); }
    BackgroundReader *backgroundReader() const { return m_backgroundReader.get(); }
    // Notices other programs' commits to the file (see ExternalChangeWatcher).
    ExternalChangeWatcher *externalChanges() const { return m_externalChanges.get(); }
    LockWaiter *lockWaiter() const { return m_lockWaiter.get(); }
    // The schema edits staged (undoable on undoStack(), committed on their own).
    SchemaChanges *schemaChanges() const { return m_schemaChanges; }
    // Whether a read or the commit waits for another program's lock (reads then skip the
    // database until LockWaiter::released()).
    bool isWaiting() const;

    // The session's staged changes, kept up to date (computed once per change).
    const QList<orm::PendingChange> &pendingChanges() const { return m_pendingChanges; }
    int pendingChangeCount() const { return int(m_pendingChanges.size()); }
    bool hasPendingChanges() const { return !m_pendingChanges.isEmpty(); }

    // Staged, undoable edits. stageValue() returns false when the value does not fit the
    // column's type; consecutive edits with the same non-zero merge token merge.
    bool stageValue(const std::shared_ptr<orm::Entity> &object, int column, const QVariant &value,
                    int mergeToken = 0);
    // A new object with its declared default values, staged.
    std::shared_ptr<orm::Entity> createObject(const orm::EntityMeta &meta);
    // New objects of meta, one per row, with values (program form) for columns, staged as one
    // undoable step (an import): validation, the pending panel and commit treat them as
    // objects made by hand. Columns not listed keep their defaults.
    void stageNewObjects(const orm::EntityMeta &meta, const QList<int> &columns,
                         const QList<QVariantList> &rows, const QString &description);
    // A new object linked to owner through a one-to-many relationship.
    std::shared_ptr<orm::Entity> createRelated(const std::shared_ptr<orm::Entity> &owner,
                                               const orm::RelationshipMeta &relationship);
    void removeObjects(const std::vector<std::shared_ptr<orm::Entity>> &objects);
    void revert(const std::shared_ptr<orm::Entity> &object, int column = -1);
    // values: the new link's other columns (orm::RelationshipMeta::secondaryExtra), by name.
    bool link(const std::shared_ptr<orm::Entity> &owner, const orm::RelationshipMeta &relationship,
              const std::shared_ptr<orm::Entity> &item, const QVariantMap &values = {});
    bool unlink(const std::shared_ptr<orm::Entity> &owner,
                const orm::RelationshipMeta &relationship,
                const std::shared_ptr<orm::Entity> &item);
    bool setRelated(const std::shared_ptr<orm::Entity> &owner,
                    const orm::RelationshipMeta &relationship,
                    const std::shared_ptr<orm::Entity> &target);

    // The file's triggers on an entity's table, read when the file was opened. They run with
    // Rowsmith's writes as with any program's: after a commit that wrote to a table with
    // triggers, every loaded object without staged changes is read again (a trigger may have
    // written anywhere), before committed().
    QList<orm::Trigger> triggers(const orm::EntityMeta &meta) const;

    // Reads the rows that the objects' composite keys refer to, which EntityCatalog::labelOf()
    // names them by: on a file at once (EntityCatalog::loadKeyTargets()); on a server in the
    // background reader, behind no page (BackgroundReader::Queue::Labels), keyTargetsRead()
    // following once they are in (they are named by their keys meanwhile). A read that fails
    // leaves them named by their keys until they are asked for again.
    void loadKeyTargets(const std::vector<std::shared_ptr<orm::Entity>> &objects);

    // The column shown for an entity's objects (in foreign keys, pickers, titles): the person's
    // choice, remembered per database file; -1 restores the default.
    void setLabelColumn(const orm::EntityMeta &meta, int column);
    // The columns a label can be chosen from (text and integer columns).
    static QList<int> labelCandidates(const orm::EntityMeta &meta);

    // Fields in conflict with another program's change (orm::Session::conflicts()), resolved
    // as undoable commands: keep mine (written by the next commit), take theirs, or an edited
    // value; column -1 resolves every field of the object the same way.
    void resolveConflict(const std::shared_ptr<orm::Entity> &object, int column,
                         orm::Session::Resolution resolution);
    void resolveConflictWith(const std::shared_ptr<orm::Entity> &object, int column,
                             const QVariant &value);

    // Writes every staged change in one transaction. On failure nothing is written, nothing
    // staged is lost, and lastError() (also shown beside the field it names) says why.
    //
    // Nothing waits for another program's lock. While one holds the file (BEGIN IMMEDIATE is
    // refused while it writes, COMMIT while it reads a rollback-journal file), the attempt
    // rolls back at once with every staged change kept, commit() returns false with
    // isCommitting() true, and the document tries again from the event loop (the window
    // paints, edits go on) until the commit goes through; committed() or commitFailed()
    // follow. Each attempt writes all or nothing within one turn of the event loop, so
    // cancelCommit() (or the waiter's Cancel) stops it with nothing written, and
    // commitCancelled() follows.
    //
    // On a server the commit's round trips wait in the event loop (ServerWait): the window
    // paints while other input waits, and cancelCommit() asks the server to stop; commit()
    // then returns false with an Error::Kind::Cancelled lastError().
    [[nodiscard]] bool commit();
    bool isCommitting() const { return m_commitTimer != nullptr || m_serverWait != nullptr; }
    void cancelCommit();
    // Runs work, whose round trips on the window's connection (a commit, schema changes) wait
    // in the event loop on a server (ServerWait), with Cancel (cancelCommit()); *cancelled
    // tells whether it was asked. On a file, just runs it.
    bool answeringWhile(const std::function<bool()> &work, bool *cancelled = nullptr);
    // Drops every staged change, as one undoable step (Undo stages them all again).
    void discard();
    const orm::Error &lastError() const { return m_lastError; }
    // The changes the last commit wrote: those staged when it went through (a commit that
    // waited may find more, or fewer after an Undo).
    int committedCount() const { return m_committedCount; }

Q_SIGNALS:
    void changesUpdated();
    void committed();
    void discarded();
    void commitFailed(const orm::Error &error);
    void commitCancelled();
    void statementExecuted(const orm::StatementRecord &record);
    void labelsChanged(const orm::EntityMeta *meta);
    // Rows loadKeyTargets() asked for are in: labels that name objects by them change.
    void keyTargetsRead();

private:
    // One attempt: false with isCommitting() while the write lock is taken by another program.
    bool tryCommit();
    void finishCommitWaiting();
    void refreshPendingChanges();
    // Whether the staged changes write to a table with triggers.
    bool firesTriggers() const;
    // Reads every loaded object again (a trigger may have changed or deleted its row).
    void rereadLoadedObjects();
    void applyDefaults(orm::Entity &object) const;
    void restoreLabelChoices();
    void onKeyTargetsRead(quint64 id, const QList<QVariantList> &rows, const QString &error);
    QString labelSettingsKey() const;

    // Destroyed in reverse order: the session before the engine, both before the entities'
    // descriptions that reflected tables own.
    DatabaseSchema m_schema;
    EntityCatalog m_catalog;
    QString m_path;
    std::shared_ptr<orm::Engine> m_engine;
    std::unique_ptr<orm::Session> m_session;
    std::unique_ptr<QUndoStack> m_undoStack;
    std::unique_ptr<StagedValidator> m_validator;
    std::unique_ptr<BackgroundReader> m_backgroundReader;
    std::unique_ptr<ExternalChangeWatcher> m_externalChanges;
    std::unique_ptr<LockWaiter> m_lockWaiter;
    SchemaChanges *m_schemaChanges = nullptr; // a child
    QTimer *m_commitTimer = nullptr; // retries a commit waiting for the write lock
    ServerWait *m_serverWait = nullptr; // while a commit waits for a server's answer
    bool m_commitRetried = false;
    int m_committedCount = 0;
    bool m_takingWriteLock = false;
    QList<orm::PendingChange> m_pendingChanges;
    QHash<QString, QList<orm::Trigger>> m_triggers; // by table name, lower case
    // loadKeyTargets()' reads on their way (a server): the entity and the keys each reads, and
    // every key being read ("entity\x1fkey"), not asked for twice.
    struct KeyTargetRead
    {
        const orm::EntityMeta *target = nullptr;
        QStringList keys;
    };
    QHash<quint64, KeyTargetRead> m_keyTargetReads;
    QSet<QString> m_keyTargetsReading;
    bool m_firesTriggers = false; // the commit under way
    orm::Error m_lastError;
    int m_listenerId = 0;
    bool m_discarding = false; // a rollback that keeps the undo history
};

} // namespace ui
