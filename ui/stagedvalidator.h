// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/error.h"
#include "orm/session/session.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <memory>
#include <vector>

namespace ui {

class BackgroundReader;
class EntityCatalog;

// Validates every staged (new or modified) object as it changes, so that errors show beside
// the field while the user types and Commit can be disabled while anything is invalid:
// required, length, type and the model's validators (EntityMeta::validateValue), foreign keys
// that point nowhere, entity-level validators, and uniqueness, checked against the database
// (excluding the row itself, with a LIMIT) and against the other staged objects.
//
// After a commit the database refused, its reason is kept beside the field it names until
// that field changes (one it ties to no field, until any field of the record changes). A check the
// database could not answer at once (another program held the file locked) reports nothing and is
// not remembered: recheck() runs it again.
//
// With a BackgroundReader (setBackgroundReader(): a server, where each check is a round trip)
// the checks against the database run in its workers: until the answer comes the field shows
// no error from it, then the objects are validated again with it.
class StagedValidator : public QObject
{
    Q_OBJECT
public:
    StagedValidator(orm::Session *session, const EntityCatalog *catalog, QObject *parent = nullptr);

    // The errors of one object by column (-1: the object as a whole).
    QHash<int, QString> errors(const orm::Entity &object) const;
    QString error(const orm::Entity &object, int column) const;
    bool hasErrors() const;
    int invalidObjectCount() const;
    std::vector<std::shared_ptr<orm::Entity>> invalidObjects() const;

    // The error a value would have in one column of the object, before it is staged.
    QString checkValue(const orm::Entity &object, int column, const QVariant &value) const;

    void setCommitError(const orm::Error &error);
    // A value typed into a field that could not be staged (too many digits, text that is not
    // JSON): the field keeps showing it, with message, and Commit waits for it to be fixed,
    // so that neither the value staged before it nor the committed one is written in its
    // place. It goes when a value of that field is staged (or the column changes otherwise:
    // Undo), and with a commit or a discard (reset()).
    void setRefused(const std::shared_ptr<orm::Entity> &object, int column, const QVariant &typed,
                    const QString &message);
    void clearRefused(const orm::Entity &object, int column);
    // The value typed that was refused (invalid when none).
    QVariant refusedValue(const orm::Entity &object, int column) const;
    // Brings the errors up to date with the staged objects (the document calls it whenever the
    // session's pending changes change).
    void update(const QList<orm::PendingChange> &changes);
    // Forgets what was checked against the database (after a commit or a discard).
    void reset();
    // Checks again what could not be checked against the database (another program held the
    // file locked): the document calls it once the lock is gone.
    void recheck(const QList<orm::PendingChange> &changes);
    // Asks the database through reader from now on, off the window's thread.
    void setBackgroundReader(BackgroundReader *reader);

Q_SIGNALS:
    void errorsChanged();
    // A check asked of the BackgroundReader was answered: recheck() brings the errors up to
    // date with it.
    void answered();

private:
    void onObjectChanged(orm::Entity *object, int column);
    QHash<int, QString> validate(const orm::Entity &object) const;
    QString columnError(const orm::Entity &object, int column, const QVariant &value) const;
    QString foreignKeyError(const orm::Entity &object, int column, const QVariant &value) const;
    QString uniqueError(const orm::Entity &object, const QList<int> &columns,
                        const QVariantList &values) const;
    // Reads the rows off the window's thread; false when there is no reader (read here).
    bool ask(const orm::QueryBase &query, const QList<orm::Expr> &columns, const QString &cacheKey,
             const orm::EntityMeta *uniqueOf) const;
    void onRowsReady(quint64 id, const QList<QVariantList> &rows, const QString &error);

    struct Entry
    {
        std::shared_ptr<orm::Entity> object;
        QHash<int, QString> errors;
    };
    struct Conflict
    {
        QVariant key;
        QString label;
    };
    // What the rows that hold a unique value are, from the columns read (key, then label).
    static QList<Conflict> conflictsOf(const orm::EntityMeta &meta,
                                       const QList<QVariantList> &rows);

    orm::Session *m_session;
    const EntityCatalog *m_catalog;
    QHash<const orm::Entity *, Entry> m_entries;
    QHash<const orm::EntityMeta *, std::vector<std::shared_ptr<orm::Entity>>> m_stagedByMeta;
    QSet<const orm::Entity *> m_dirty;
    QSet<const orm::EntityMeta *> m_touchedMetas;
    QHash<const orm::Entity *, QHash<int, QString>> m_commitErrors;
    struct Refused
    {
        std::shared_ptr<orm::Entity> object;
        QHash<int, std::pair<QVariant, QString>> fields; // typed value, why it was refused
    };
    QHash<const orm::Entity *, Refused> m_refused;
    bool m_commitErrorsChanged = false;
    mutable bool m_unanswered = false; // a check met a lock
    mutable QHash<QString, QList<Conflict>> m_uniqueCache;
    mutable QHash<QString, bool> m_existsCache;
    // Checks asked of the reader and not answered yet, by request id.
    struct Asked
    {
        QString cacheKey;
        const orm::EntityMeta *uniqueOf = nullptr; // null: whether a row exists
        quint64 generation = 0;
    };
    BackgroundReader *m_reader = nullptr;
    mutable QHash<quint64, Asked> m_asked;
    mutable QSet<QString> m_askedKeys;
    quint64 m_generation = 0; // moves on with reset(): older answers are stale
};

} // namespace ui
