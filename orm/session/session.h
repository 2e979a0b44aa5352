// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/engine.h"
#include "orm/engine/error.h"
#include "orm/mapping/entitymeta.h"
#include "orm/mapping/flatmap.h"

#include <QObject>
#include <QVariantMap>

#include <functional>
#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace orm {

class QueryBase;
class RowQuery;
struct RelationshipMeta;
template<class T>
class Query;
template<class T>
class Related;
class Session;

namespace detail {
class Flush;
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
struct Conflicts;
// A staged association-table row (many-to-many), keyed so that both sides stage one row.
struct AssociationRow
{
    const RelationshipMeta *rel; // the side it was staged through
    std::shared_ptr<Entity> owner;
    std::shared_ptr<Entity> item;
    QString key;
    // A new link's values for the association table's other columns (a role, a timestamp), by
    // column name; the columns not given take their defaults.
    QVariantMap values;
};

// Staged association rows in staging order, with a look-up by key (thousands of links are
// staged when a graph of new objects is added at once).
class AssociationSet
{
public:
    bool contains(const QString &key) const { return m_index.contains(key); }
    AssociationRow *find(const QString &key)
    {
        const auto it = m_index.constFind(key);
        return it == m_index.cend() ? nullptr : &m_rows[it.value()];
    }
    const AssociationRow *find(const QString &key) const
    {
        const auto it = m_index.constFind(key);
        return it == m_index.cend() ? nullptr : &m_rows.at(it.value());
    }
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

// One staged field whose base another program changed: the value the edit was based on, the
// one the database holds now, and the staged one (program form). See Session::conflicts().
struct Conflict
{
    std::shared_ptr<Entity> object;
    int column = -1;
    QVariant loaded;
    QVariant theirs;
    QVariant mine;
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

// Everything a session has staged, captured so that it can be staged again once dropped (an
// undoable "discard": stagedChanges(), rollback(), later restage()). It holds the objects.
// Relationships are captured as their many-to-one (and one-to-one owner-side) targets and as
// association rows; a one-to-many change without a many-to-one on the other side comes back
// through the foreign keys it set, not as a link to a new parent.
struct StagedChanges
{
    struct Values
    {
        std::shared_ptr<Entity> object;
        QList<std::pair<int, QVariant>> columns;
    };
    struct Reference
    {
        std::shared_ptr<Entity> owner;
        const RelationshipMeta *relationship = nullptr;
        std::shared_ptr<Entity> target; // null: cleared
    };
    struct Link
    {
        std::shared_ptr<Entity> owner;
        const RelationshipMeta *relationship = nullptr;
        std::shared_ptr<Entity> item;
        QVariantMap values; // a new link's other columns (Session::setLinkValues())
    };
    std::vector<std::shared_ptr<Entity>> added;
    std::vector<Values> modified;
    std::vector<Reference> references;
    std::vector<Link> linked;
    std::vector<Link> unlinked;
    std::vector<std::shared_ptr<Entity>> deleted;

    bool isEmpty() const
    {
        return added.empty() && modified.empty() && references.empty() && linked.empty()
            && unlinked.empty() && deleted.empty();
    }
};

// The unit of work (SQLAlchemy's Session): an identity map (one object per row, while anyone
// uses it: see releaseUnusedObjects()), staged new, modified and deleted objects held in
// memory (never as an open database transaction, so the file is not locked while changes are
// pending), and commit() as one write transaction in dependency order.
//
// On a failed commit the database transaction is rolled back and every staged change is kept,
// with lastError() naming the entity, key, column and constraint: fix the field, commit again.
// rollback() restores every object's attributes to their last committed values in memory.
//
// Other writers: the database is shared with running programs. Before each read the session
// asks SQLite whether another connection has committed (PRAGMA data_version, one cheap call);
// once one has, every row read (queries, get(), relationship loads) is compared with the
// object already loaded: an object without staged changes takes the database's values, and so
// do the untouched columns of one with staged changes; a staged column whose database value
// moved becomes a conflict (conflicts(), resolveConflict()), never overwritten. get() then reads
// the row again instead of answering from memory. Every UPDATE checks the loaded values of the
// columns it changes (a DELETE: of every column), or the version column the mapping names,
// and fails with Error::Kind::Conflict, writing nothing, when they moved. Rows not read again
// are not refreshed: read-modify-write code calls begin() first (or transaction()), so that
// its reads are fresh and nobody writes until it commits.
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
    // Values of chosen columns and aggregates, not objects (SQLAlchemy's
    // session.query(func.avg(User.age)).scalar()): see orm::RowQuery (orm/rowquery.h).
    template<class C, class... More>
    RowQuery query(const C &column, const More &...more);

    // Opens the session's write transaction now (SQLite: BEGIN IMMEDIATE), unless one is open:
    // until commit() or rollback() nobody else writes, and the rows read in between are what
    // the database holds (objects loaded before are refreshed as they are read). For
    // read-modify-write code: begin(), read, change, commit().
    [[nodiscard]] bool begin();
    // begin(), work, commit() as one unit: work returning false, or a failed commit, rolls
    // back (rollback()). When the database stays busy (Error::Kind::Busy), the whole unit
    // runs again, as many times as ConnectionOptions::busyRetries says, with a growing pause.
    // Refused (Usage) while changes are staged: running the work again drops what it staged.
    [[nodiscard]] bool transaction(const std::function<bool(Session &)> &work);
    // Writes staged changes inside a transaction that stays open until commit() or rollback().
    [[nodiscard]] bool flush();
    [[nodiscard]] bool commit();
    void rollback();
    // Reloads from the database, dropping this object's staged edits. A row deleted elsewhere
    // lets the object go (expunged; StaleData).
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
    // The value the database holds (the last committed or flushed value), in program form as
    // Entity::value() gives it.
    QVariant committedValue(const Entity &object, int column) const;
    std::vector<std::shared_ptr<Entity>> newObjects() const { return m_new; }
    // Every object of the identity map of one entity (persistent objects).
    std::vector<std::shared_ptr<Entity>> identityObjects(const EntityMeta &meta) const;
    std::shared_ptr<Entity> identityLookup(const EntityMeta &meta, const QVariant &key) const;
    qsizetype identityCount() const;
    // Lets go of the objects nobody uses (SQLAlchemy's weak identity map): an object with no
    // staged change (new, modified, marked for deletion, relationship changes, conflicts)
    // that the program no longer refers to, directly or through the relationships of objects
    // it does refer to, leaves the identity map, and its links to other objects go with it;
    // its row read again is a new object. Returns how many went. The session does it by
    // itself before a flush and from the event loop, once it has loaded as many objects as
    // were in use after the last time (and at least kReleaseAfterLoads): memory follows what
    // is in use. Not during a read.
    qsizetype releaseUnusedObjects();
    static constexpr qsizetype kReleaseAfterLoads = 10000;
    std::shared_ptr<Entity> sharedFromObject(const Entity &object) const;

    // Relationships, generically (the typed Reference / Collection members call these too).
    // related() loads on first access according to the relationship's strategy; a dynamic
    // collection is read from the database each time, with the staged changes (at most limit
    // objects, when limit is not negative, read). A 'raise' relationship that is not loaded
    // refuses: see orm::Related. relatedOne() is related().first().
    Related<Entity> related(Entity &owner, const RelationshipMeta &rel, qsizetype limit = -1);
    std::shared_ptr<Entity> relatedOne(Entity &owner, const RelationshipMeta &rel);
    // How many objects a collection holds: a dynamic one counted in SQL, with the staged
    // changes; nullopt on an error (a refused read included).
    std::optional<qint64> relatedCount(Entity &owner, const RelationshipMeta &rel);
    bool isRelationLoaded(Entity &owner, const RelationshipMeta &rel) const;
    // Whether related() would be refused (a 'raise' relationship that is not loaded): a view
    // that must show it anyway reads it with relatedQuery().
    bool refusesLoading(Entity &owner, const RelationshipMeta &rel) const;
    // Many-to-one / one-to-one: sets the related object (null clears); the backref follows.
    [[nodiscard]] bool setRelated(Entity &owner, const RelationshipMeta &rel,
                                  const std::shared_ptr<Entity> &target);
    // Collections: staged like every other change; the other side follows.
    [[nodiscard]] bool appendRelated(Entity &owner, const RelationshipMeta &rel,
                                     const std::shared_ptr<Entity> &item);
    [[nodiscard]] bool removeRelated(Entity &owner, const RelationshipMeta &rel,
                                     const std::shared_ptr<Entity> &item);
    // A staged new many-to-many link's values for the association table's other columns
    // (RelationshipMeta::secondaryExtra), by column name, written with the link. False (with
    // lastError()) when no such link is staged or a name is not one of those columns.
    [[nodiscard]] bool setLinkValues(Entity &owner, const RelationshipMeta &rel, Entity &item,
                                     const QVariantMap &values);
    QVariantMap linkValues(Entity &owner, const RelationshipMeta &rel, Entity &item) const;
    // The related rows as a query (filter, count, paginate in SQL: lazy='dynamic'). Reflects the
    // database, not staged changes.
    QueryBase relatedQuery(const Entity &owner, const RelationshipMeta &rel);
    // What remove(object) would also delete through cascades; an error when the deletion is
    // refused (children left without a cascade).
    struct DeletionPreview
    {
        std::vector<std::shared_ptr<Entity>> alsoDeleted;
        Error error;
        // When refused: the row that cannot go (the object, or one its deletion cascades to),
        // the relationship whose rows still refer to it, and how many they are.
        const Entity *blockedObject = nullptr;
        const RelationshipMeta *blockingRelationship = nullptr;
        qint64 blockingRows = 0;
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
    // The same statements with the values commit() would bind, in the order of their "?"s.
    // A value that is known only at commit is marked: the key of a new row (keyOf names it),
    // or a column the ORM sets itself (onUpdate: its value as it would be now).
    struct PendingValue
    {
        QVariant value;
        std::shared_ptr<Entity> keyOf; // the new row whose key this will be
        bool setAtCommit = false;
    };
    struct PendingStatement
    {
        QString sql;
        std::vector<PendingValue> values;
    };
    std::vector<PendingStatement> pendingStatements() const;
    // The new, not yet written row whose key a foreign-key column will receive at commit (its
    // many-to-one names it), or null when the column's value is what it holds now.
    std::shared_ptr<Entity> pendingReference(const Entity &object, int column) const;
    // What is staged now, and staging it again (after rollback(); objects of another session
    // are skipped). Defined in stagedchanges.cpp.
    StagedChanges stagedChanges() const;
    void restage(const StagedChanges &changes);
    // Stages in this session what another session had staged, by table and column name (the
    // schema was described again): new rows are created anew, edits, deletions and links
    // apply to this session's rows of the same key. What cannot be carried (its table, row,
    // column or relationship is gone, or a value no longer fits its column) is described in
    // notCarried. An edit carried over is based on the row as this session reads it.
    void carryOver(const StagedChanges &changes,
                   const std::function<const EntityMeta *(const QString &table)> &metaFor,
                   QStringList *notCarried = nullptr);

    const Error &lastError() const { return m_lastError; }

    // Other writers (see the class comment).
    // Asks the database whether another connection has committed since the session last
    // asked; externalChangesSeen() when it has. Not while one of the connection's statements
    // is open (false then).
    bool checkForExternalChanges();
    // Another connection has committed, as seen by a connection of the program's own (a
    // watcher in another thread, where a round trip does not hold up the session's): from now
    // on rows read refresh the objects loaded, and externalChangesSeen() is emitted.
    void noteExternalChanges();
    // Whether rows read are compared with the objects already loaded: once another connection
    // has been seen to commit.
    bool refreshesRows()
    {
        if (m_pollPending) // no row read yet: ask with the pragma
            pollDataVersion();
        return m_refreshRows;
    }
    // Staged fields whose base the database no longer has, found when their rows were read
    // again or when a commit met them.
    QList<Conflict> conflicts() const;
    bool hasConflicts() const;
    // column -1: any column of the object.
    bool hasConflict(const Entity &object, int column = -1) const;
    // The database's value of a field in conflict (invalid when it is not).
    QVariant theirValue(const Entity &object, int column) const;
    enum class Resolution {
        KeepMine, // the staged value stays, now based on theirs: the next commit writes it
        TakeTheirs, // the database's value replaces the staged one
    };
    // Resolves one field (column -1: every field of the object). False when it is not in
    // conflict.
    bool resolveConflict(Entity &object, int column, Resolution resolution);
    // Undoes resolveConflict() of one field: the edit is based on the loaded value again (the
    // staged value is the caller's to put back).
    void reopenConflict(Entity &object, int column);

    // Internal, for queries: one read of the database (polls data_version once, at the
    // outermost; reports objects refreshed by the rows read when it ends).
    class ReadScope
    {
    public:
        explicit ReadScope(Session *session)
            : m_session(session)
        {
            m_session->beginRead();
        }
        ~ReadScope() { m_session->endRead(); }
        ReadScope(const ReadScope &) = delete;
        ReadScope &operator=(const ReadScope &) = delete;

    private:
        Session *m_session;
    };
    // Internal, for queries: turns the current row of st into the identity-mapped object.
    std::shared_ptr<Entity> loadRow(const EntityMeta &meta, const Statement &st, int firstColumn);

    // The objects of rows another connection read (QueryBase::storedRows(), on a worker
    // thread's session of the same database), as a query of this session makes them: one
    // object per row key (an object already loaded is the one given, refreshed once another
    // program has written, as a query's rows refresh it), no round trip. Empty, with
    // lastError() (Usage), when the rows do not have the entity's columns. Defined in
    // storedrowsload.cpp.
    std::vector<std::shared_ptr<Entity>> loadStoredRows(const EntityMeta &meta,
                                                        const QList<QVariantList> &rows);
    void setError(const Error &error) { m_lastError = error; }
    void clearError() { m_lastError = Error(); }
    // Bulk UPDATE / DELETE keep the identity map in step (used by QueryBase).
    void syncAfterBulkUpdate(const EntityMeta &meta, const QVariantList &keys,
                             const QList<std::pair<int, QVariant>> &assignments);
    void syncAfterBulkDelete(const EntityMeta &meta, const QVariantList &keys);

Q_SIGNALS:
    void pendingChangesChanged();
    void objectChanged(orm::Entity *object, int column);
    void committed();
    void rolledBack();
    // Another connection has committed (seen before a read, or by checkForExternalChanges()).
    void externalChangesSeen();
    // A row read again changed a loaded object (another program's commit); objectChanged()
    // follows.
    void objectRefreshed(orm::Entity *object);
    void conflictsChanged();

private:
    friend class Savepoint;
    friend class RelationEngine;
    friend class detail::Flush; // the flush's phases (flush.cpp)
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
    // At commit: relationship states drop what they staged (a dynamic collection keeps
    // nothing).
    void forgetCommittedRelationChanges();
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
    // With batchFailed (the first pass), new rows may go out in multi-row INSERTs, and
    // *batchFailed tells that one of them failed, and rows that trade unique values are not
    // put in order; without it, every row goes alone, after the rows it takes values from.
    bool doFlush(detail::Journal &journal, const QList<std::shared_ptr<Entity>> &dirty,
                 bool *batchFailed);
    void restoreJournal(detail::Journal &journal, RestoreMode mode);
    void mergeIntoParent(std::unique_ptr<detail::Journal> journal);
    void finishCommit();
    void restoreValuesFromBaseline();
    // BEGIN IMMEDIATE, tried again on SQLITE_BUSY as ConnectionOptions::busyRetries says.
    bool beginImmediate();
    Error errorForObject(const Error &dbError, const Entity &object) const;
    void setNotFound(const EntityMeta &meta, const QVariant &key);
    bool savepointCommit(int level);
    void savepointRollback(int level);
    std::optional<ResultSet> runRaw(Statement &st);
    QList<std::shared_ptr<Entity>> collectDirty() const;

    // Letting go of unused objects (sessionrelease.cpp).
    bool isUnchanged(const Entity &object) const;
    // An object entered the identity map (once per row loaded: inline); a release is due once
    // m_releaseDue of them did.
    void noteLoaded()
    {
        if (++m_loadedSinceRelease == m_releaseDue) {
            postRelease();
        }
    }
    void postRelease();
    void releaseUnusedIfDue();

    // Other writers (sessionfreshness.cpp).
    void beginRead();
    void endRead();
    bool pollDataVersion(Connection::LockWait wait = Connection::LockWait::BusyTimeout);
    // The first row of a read: the data version as the statement's transaction sees it.
    void pollInRead();
    // A data version read: true (and rows read from now on refresh objects) when it moved.
    bool noteDataVersion(qint64 version);
    // A row read again of an object already loaded: compared with its baseline.
    void mergeRow(const std::shared_ptr<Entity> &object, const Statement &st, int first);
    // After a refused UPDATE / DELETE: the row as it is now merged in (conflicts recorded);
    // false when it is gone.
    bool mergeFromDatabase(const std::shared_ptr<Entity> &object);
    // The error of an UPDATE / DELETE that matched no row: Conflict (the row moved) or
    // StaleData (it is gone); no error when every value read again is the one loaded (the
    // row stores one in another form than the baseline binds), to write it by its key.
    // checked: the columns the statement compared.
    Error writeConflictError(const Entity &object, const QList<int> &checked, bool deletion);
    // Staged fields in conflict take the database's value (revert, rollback); column -1: all
    // of the object's.
    void takeTheirs(Entity &object, int column);
    void takeAllTheirs();
    void clearConflicts();
    void dropConflicts(const Entity &object);
    // Session::setValue() typed back the loaded value of a field in conflict: the field is
    // unstaged, so it follows the database.
    void noteValueSet(Entity &object, int column);
    QString qualifiedSelectByKey(const EntityMeta &meta) const;

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
    // Other writers.
    std::unique_ptr<detail::Conflicts> m_conflicts;
    std::vector<std::shared_ptr<Entity>> m_refreshed; // during a read: objects to report
    // Letting go of unused objects.
    qsizetype m_loadedSinceRelease = 0;
    qsizetype m_releaseDue = kReleaseAfterLoads; // objects in use at the last one, or more
    bool m_releasePosted = false;
    qint64 m_dataVersion = -1;
    int m_readDepth = 0;
    bool m_pollPending = false; // a read has begun and has not asked for the data version yet
    bool m_refreshRows = false;
    bool m_externalSeen = false; // during a read: report externalChangesSeen() at its end
    bool m_conflictsMoved = false; // during a read: report conflictsChanged() at its end
};

} // namespace orm
