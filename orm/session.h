#pragma once

#include "orm/engine.h"
#include "orm/entitymeta.h"
#include "orm/error.h"
#include "orm/flatmap.h"

#include <QObject>

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace orm {

class QueryBase;
struct RelationshipMeta;
template<class T>
class Query;
class Session;

namespace detail {
template<class T>
struct QueryClassOf
{
    using type = Query<T>;
};
template<class T>
requires requires
{
    typename T::QueryClass;
}
struct QueryClassOf<T>
{
    using type = typename T::QueryClass;
};
struct Journal;
// A staged association-table row (many-to-many), keyed so that both sides stage one row.
struct AssociationRow
{
    const RelationshipMeta *rel; // the side it was staged through
    std::shared_ptr<Entity> owner;
    std::shared_ptr<Entity> item;
    QString key;
};

// Staged association rows in staging order, with a look-up by key (thousands of links are
// staged when a graph of new objects is added at once).
class AssociationSet
{
public:
    bool contains(const QString &key) const { return m_index.contains(key); }
    void insert(const AssociationRow &row)
    {
        if (m_index.contains(row.key))
            return;
        m_index.insert(row.key, m_rows.size());
        m_rows.append(row);
    }
    bool remove(const QString &key)
    {
        const auto it = m_index.constFind(key);
        if (it == m_index.cend())
            return false;
        const qsizetype at = it.value();
        m_index.erase(it);
        m_rows.removeAt(at);
        for (auto &i : m_index) {
            if (i > at)
                --i;
        }
        return true;
    }
    const QList<AssociationRow> &rows() const { return m_rows; }
    bool isEmpty() const { return m_rows.isEmpty(); }
    qsizetype size() const { return m_rows.size(); }
    void clear()
    {
        m_rows.clear();
        m_index.clear();
    }
    QList<AssociationRow>::const_iterator begin() const { return m_rows.cbegin(); }
    QList<AssociationRow>::const_iterator end() const { return m_rows.cend(); }

private:
    QList<AssociationRow> m_rows;
    QHash<QString, qsizetype> m_index;
};
} // namespace detail

// The class of session.query<T>(): T::QueryClass when the model names one (custom helpers such
// as UserQuery::findByUsername), orm::Query<T> otherwise.
template<class T>
using QueryFor = typename detail::QueryClassOf<T>::type;

// The result of raw SQL.
struct ResultSet
{
    QStringList columns;
    QList<QVariantList> rows;
    qint64 rowsAffected = 0;
};

// A result that is a value or a typed "not found" (Flask-SQLAlchemy's get_or_404).
template<class T>
class Fetched
{
public:
    Fetched(std::shared_ptr<T> value, Error error)
        : m_value(std::move(value))
        , m_error(std::move(error))
    { }
    bool isFound() const { return m_value != nullptr; }
    bool isNotFound() const { return !m_value && m_error.kind() == Error::Kind::NotFound; }
    explicit operator bool() const { return isFound(); }
    const std::shared_ptr<T> &value() const { return m_value; }
    T *operator->() const { return m_value.get(); }
    const Error &error() const { return m_error; }

private:
    std::shared_ptr<T> m_value;
    Error m_error;
};

// A nested transaction (SAVEPOINT) of a session. It rolls back, in the database and in memory,
// unless committed: objects added inside it are dropped and every object's attributes go back
// to what they were when it began.
class Savepoint
{
public:
    Savepoint() = default;
    Savepoint(Savepoint &&other) noexcept;
    Savepoint &operator=(Savepoint &&other) noexcept;
    ~Savepoint();

    bool isActive() const { return m_session != nullptr; }
    [[nodiscard]] bool commit();
    void rollback();

private:
    friend class Session;
    Savepoint(Session *session, int level)
        : m_session(session)
        , m_level(level)
    { }
    Session *m_session = nullptr;
    int m_level = 0;
};

// A staged change of one object, for a pending-changes view.
struct PendingChange
{
    enum class Kind { New, Modified, Deleted, Linked, Unlinked };
    Kind kind;
    std::shared_ptr<Entity> object;
    QList<int> columns; // Modified: the changed columns
    const RelationshipMeta *relationship = nullptr; // Linked / Unlinked (many-to-many)
    std::shared_ptr<Entity> related;
};

// The unit of work (SQLAlchemy's Session): an identity map (one object per row), staged new,
// modified and deleted objects held in memory (never as an open database transaction, so the
// file is not locked while changes are pending), and commit() as one write transaction in
// dependency order.
//
// On a failed commit the database transaction is rolled back and every staged change is kept,
// with lastError() naming the entity, key, column and constraint: fix the field, commit again.
// rollback() restores every object's attributes to their last committed values in memory.
//
// Not supported: autoflush (queries see the database, not pending objects; flush() explicitly
// if needed), more than one thread.
class Session : public QObject
{
    Q_OBJECT
public:
    explicit Session(std::shared_ptr<Engine> engine, QObject *parent = nullptr);
    ~Session() override;

    Engine &engine() const { return *m_engine; }
    std::shared_ptr<Engine> enginePtr() const { return m_engine; }
    Connection &connection() const { return m_engine->connection(); }
    const Dialect &dialect() const { return m_engine->dialect(); }

    // Transient -> pending; a detached object becomes persistent again.
    void add(const std::shared_ptr<Entity> &object);
    template<class Range>
    void addAll(const Range &objects)
    {
        for (const auto &o : objects)
            add(o);
    }
    void addAll(std::initializer_list<std::shared_ptr<Entity>> objects)
    {
        for (const auto &o : objects)
            add(o);
    }
    // Marks for deletion (a pending object is simply dropped).
    void remove(const std::shared_ptr<Entity> &object);
    void remove(Entity &object);

    std::shared_ptr<Entity> get(const EntityMeta &meta, const QVariant &key);
    template<class T>
    std::shared_ptr<T> get(const QVariant &key)
    {
        return std::static_pointer_cast<T>(get(T::staticMeta(), key));
    }
    template<class T>
    Fetched<T> getOr404(const QVariant &key)
    {
        auto found = get<T>(key);
        if (found)
            return Fetched<T>(found, Error());
        if (!m_lastError.isError())
            setNotFound(T::staticMeta(), key);
        return Fetched<T>(nullptr, m_lastError);
    }

    template<class T>
    QueryFor<T> query()
    {
        return QueryFor<T>(this);
    }
    QueryBase query(const EntityMeta &meta);

    // Writes staged changes inside a transaction that stays open until commit() or rollback().
    [[nodiscard]] bool flush();
    [[nodiscard]] bool commit();
    void rollback();
    // Reloads from the database, dropping this object's unstaged and staged edits.
    [[nodiscard]] bool refresh(Entity &object);
    void expunge(Entity &object);
    void expungeAll();
    void close();
    Savepoint beginNested();

    // Raw SQL with bound parameters (positional "?" or named ":name").
    std::optional<ResultSet> execute(const QString &sql, const QVariantList &params = {});
    std::optional<ResultSet> execute(const QString &sql, const QVariantMap &named);

    // Change tracking.
    bool hasPendingChanges() const;
    int pendingChangeCount() const;
    QList<PendingChange> pendingChanges() const;
    bool isModified(const Entity &object) const;
    QList<int> modifiedColumns(const Entity &object) const;
    bool isMarkedForDeletion(const Entity &object) const
    {
        return object.m_state.markedForDeletion();
    }
    bool contains(const Entity &object) const { return object.m_state.session() == this; }
    // The value the database holds (the last committed or flushed value).
    QVariant committedValue(const Entity &object, int column) const;
    std::vector<std::shared_ptr<Entity>> newObjects() const { return m_new; }
    // Every object of the identity map of one entity (persistent objects).
    std::vector<std::shared_ptr<Entity>> identityObjects(const EntityMeta &meta) const;
    std::shared_ptr<Entity> identityLookup(const EntityMeta &meta, const QVariant &key) const;
    qsizetype identityCount() const;
    std::shared_ptr<Entity> sharedFromObject(const Entity &object) const;

    // Relationships, generically (the typed Reference / Collection members call these too).
    // related() loads on first access according to the relationship's strategy (a Raise
    // relationship that is not loaded returns nothing and sets lastError()).
    std::vector<std::shared_ptr<Entity>> related(Entity &owner, const RelationshipMeta &rel);
    std::shared_ptr<Entity> relatedOne(Entity &owner, const RelationshipMeta &rel);
    bool isRelationLoaded(Entity &owner, const RelationshipMeta &rel) const;
    // Many-to-one / one-to-one: sets the related object (null clears); the backref follows.
    [[nodiscard]] bool setRelated(Entity &owner, const RelationshipMeta &rel,
                                  const std::shared_ptr<Entity> &target);
    // Collections: staged like every other change; the other side follows.
    [[nodiscard]] bool appendRelated(Entity &owner, const RelationshipMeta &rel,
                                     const std::shared_ptr<Entity> &item);
    [[nodiscard]] bool removeRelated(Entity &owner, const RelationshipMeta &rel,
                                     const std::shared_ptr<Entity> &item);
    // The related rows as a query (filter, count, paginate in SQL: lazy='dynamic'). Reflects the
    // database, not staged changes.
    QueryBase relatedQuery(const Entity &owner, const RelationshipMeta &rel);
    // What remove(object) would also delete through cascades; an error when the deletion is
    // refused (children left without a cascade).
    struct DeletionPreview
    {
        std::vector<std::shared_ptr<Entity>> alsoDeleted;
        Error error;
    };
    DeletionPreview deletionPreview(Entity &object);

    // Generic edits that tell listeners (the UI) what changed.
    [[nodiscard]] bool setValue(Entity &object, int column, const QVariant &value);
    // Puts one column (or all columns, with column = -1) back to the committed value; a new
    // object is dropped, a deletion is cancelled.
    void revert(Entity &object, int column = -1);
    // The SQL commit() would run now, for display (values shown as bound parameters), one
    // statement per change: new rows of one table that commit() writes together in multi-row
    // INSERTs are shown one by one.
    QStringList pendingSql() const;

    const Error &lastError() const { return m_lastError; }

    // Internal, for queries: turns the current row of st into the identity-mapped object.
    std::shared_ptr<Entity> loadRow(const EntityMeta &meta, const Statement &st, int firstColumn);
    void setError(const Error &error) { m_lastError = error; }
    void clearError() { m_lastError = Error(); }
    // Bulk UPDATE / DELETE keep the identity map in step (used by QueryBase).
    [[nodiscard]] bool ensureTransaction();
    void syncAfterBulkUpdate(const EntityMeta &meta, const QVariantList &keys,
                             const QList<std::pair<int, QVariant>> &assignments);
    void syncAfterBulkDelete(const EntityMeta &meta, const QVariantList &keys);

Q_SIGNALS:
    void pendingChangesChanged();
    void objectChanged(orm::Entity *object, int column);
    void committed();
    void rolledBack();

private:
    friend class Savepoint;
    friend class RelationEngine;
    using AssociationRow = detail::AssociationRow;
    void noteRelationChange(Entity &owner);
    void stageAssociation(const RelationshipMeta &rel, Entity &owner, Entity &item, bool add);
    void cascadeAdd(Entity &object);
    // Delete-orphan: the object lost its parent and is deleted (a new one is dropped); given a
    // parent again before the next flush, it is kept, with what its deletion cascaded to.
    void removeOrphan(Entity &object);
    void adoptOrphan(Entity &object);
    void cascadeRemove(Entity &object);
    // Which relationships a key sync looks at: all of them, or after the object's INSERT
    // only those whose foreign keys are on the other side (its children learn its key).
    enum class KeySync { All, Children };
    // *deferred: a many-to-one target has no key yet (inserted later in the same flush).
    bool syncRelationKeys(detail::Journal &journal, Entity &object, KeySync which = KeySync::All,
                          bool *deferred = nullptr);
    bool flushAssociations(detail::Journal &journal);
    QList<Error::FieldError> validateForFlush(const Entity &object) const;
    bool handleChildrenOfDeleted(detail::Journal &journal, Entity &object);
    bool deleteAssociationRows(Entity &object);
    void expireRelations(bool onlyChanged);
    // Drops detached objects from the relationships of the objects still in the session, and
    // of the objects just detached (deleted ones referring to each other would keep each
    // other alive).
    void pruneDetachedFromRelations(const std::vector<Entity *> &detached);
    QList<std::shared_ptr<Entity>> orderForInsert(const EntityMeta &meta) const;
    QList<std::shared_ptr<Entity>> orderForDelete(const EntityMeta &meta) const;
    bool isLeafForDelete(const Entity &object) const;
    // Writes first the deletions and updates that give up a unique value a new or changed row
    // of this flush takes (update: the session's UPDATE of one object).
    bool freeUniqueValues(detail::Journal &journal, const QList<std::shared_ptr<Entity>> &dirty,
                          const std::function<bool(const std::shared_ptr<Entity> &)> &update);
    // Deletes the object after the loaded related rows marked for deletion with it.
    bool deleteWithChildren(detail::Journal &journal, const std::shared_ptr<Entity> &object);
    bool deleteObject(detail::Journal &journal, const std::shared_ptr<Entity> &object);
    struct IdentityMap
    {
        detail::IntKeyMap byInt; // flat, in load order: a flush scans it
        QHash<QString, std::shared_ptr<Entity>> byKey;
    };
    enum class RestoreMode { KeepStaged, Discard };

    IdentityMap &identityFor(const EntityMeta &meta);
    static QString keyString(const QVariant &key);
    void identityInsert(const std::shared_ptr<Entity> &object);
    void identityRemove(Entity &object);
    std::shared_ptr<Entity> identityFind(const EntityMeta &meta, const Entity &keySource) const;

    // *nothingToFlush: whether there was nothing staged (no transaction was begun for it).
    bool flushInternal(bool *nothingToFlush = nullptr);
    // With batchFailed, new rows may go out in multi-row INSERTs, and *batchFailed tells that
    // one of them failed; without it, every row goes alone.
    bool doFlush(detail::Journal &journal, const QList<std::shared_ptr<Entity>> &dirty,
                 bool *batchFailed);
    void restoreJournal(detail::Journal &journal, RestoreMode mode);
    void mergeIntoParent(std::unique_ptr<detail::Journal> journal);
    void finishCommit();
    void restoreValuesFromBaseline();
    Error errorForObject(const Error &dbError, const Entity &object) const;
    void setNotFound(const EntityMeta &meta, const QVariant &key);
    bool savepointCommit(int level);
    void savepointRollback(int level);
    std::optional<ResultSet> runRaw(Statement &st);
    QList<std::shared_ptr<Entity>> collectDirty() const;

    std::shared_ptr<Engine> m_engine;
    std::unordered_map<const EntityMeta *, IdentityMap> m_identity;
    const EntityMeta *m_lastIdentityMeta = nullptr; // identityFor()'s last answer
    IdentityMap *m_lastIdentity = nullptr;
    std::vector<std::shared_ptr<Entity>> m_new;
    std::vector<std::shared_ptr<Entity>> m_deleted;
    // One journal per open level: [0] the transaction opened by flush(), then savepoints.
    std::vector<std::unique_ptr<detail::Journal>> m_journals;
    std::vector<QString> m_savepointNames;
    bool m_ownsTransaction = false;
    // Objects whose relationship state changed since the last commit (foreign keys to sync at
    // flush, states to expire on rollback).
    std::vector<std::shared_ptr<Entity>> m_relationChanged;
    detail::PointerIndex m_relationChangedSet;
    detail::AssociationSet m_associationAdds;
    detail::AssociationSet m_associationRemoves;
    struct Orphan
    {
        std::shared_ptr<Entity> object;
        bool wasPending;
        std::vector<std::shared_ptr<Entity>> deleted; // it and what its deletion cascaded to
    };
    std::vector<Orphan> m_orphans; // since the last flush
    Error m_lastError;
    int m_savepointCounter = 0;
};

} // namespace orm
