// SPDX-License-Identifier: MIT
// The session and other writers: fresh reads (PRAGMA data_version), rows read again merged
// into the objects already loaded, and the conflicts of staged edits whose base another
// program changed.

#include "orm/engine/logging.h"
#include "orm/session/conflicts_p.h"
#include "orm/session/session.h"
#include "orm/session/session_p.h"

namespace orm {

namespace {

// A row of meta read into an object of its own, with its baseline: "theirs".
struct FreshRow
{
    std::shared_ptr<Entity> object;
    std::unique_ptr<detail::Snapshot> baseline; // may live in object's allocation: freed first

    FreshRow(const EntityMeta &meta, const Statement &st, int first)
    {
        void *room = nullptr;
        object = meta.createWithRoom(detail::Snapshot::roomBytes(meta), &room);
        if (room) {
            baseline = detail::Snapshot::readInPlace(room, meta, *object, st, first);
        } else {
            for (int i = 0; i < meta.columnCount(); ++i)
                meta.column(i).access->read(st, first + i, *object);
            baseline = detail::Snapshot::of(*object);
        }
    }
    FreshRow(const FreshRow &) = delete;
    FreshRow &operator=(const FreshRow &) = delete;
    ~FreshRow() { baseline.reset(); }
};

} // namespace

void Session::beginRead()
{
    // Asked when the read meets its first row (loadRow()), inside the read transaction of
    // the statement that returned it: the same answer as a pragma before the read, without
    // running one. A read that loads no row asks nothing.
    if (m_readDepth++ == 0)
        m_pollPending = true;
}

void Session::pollInRead()
{
    m_pollPending = false;
    noteDataVersion(connection().seenDataVersion());
}

void Session::endRead()
{
    if (--m_readDepth > 0)
        return;
    m_pollPending = false;
    // Reported once the read is over: listeners may read again.
    std::vector<std::shared_ptr<Entity>> refreshed;
    refreshed.swap(m_refreshed);
    const bool external = std::exchange(m_externalSeen, false);
    const bool conflictsMoved = std::exchange(m_conflictsMoved, false);
    for (const auto &object : refreshed) {
        Q_EMIT objectRefreshed(object.get());
        Q_EMIT objectChanged(object.get(), -1);
    }
    if (conflictsMoved)
        Q_EMIT conflictsChanged();
    if (!refreshed.empty() || conflictsMoved)
        Q_EMIT pendingChangesChanged();
    if (external)
        Q_EMIT externalChangesSeen();
}

bool Session::pollDataVersion(Connection::LockWait wait)
{
    m_pollPending = false;
    const std::optional<qint64> version = connection().dataVersion(wait);
    return version && noteDataVersion(*version);
}

bool Session::noteDataVersion(qint64 version)
{
    if (version == m_dataVersion)
        return false;
    const bool moved = m_dataVersion >= 0;
    m_dataVersion = version;
    if (!moved)
        return false;
    // From now on every row read is compared with the object already loaded: objects read
    // before this moment may be stale, whenever they are read again.
    if (!m_refreshRows)
        qCInfo(lcOrmSession) << "another connection wrote to the database: rows read again "
                                "refresh the objects loaded";
    m_refreshRows = true;
    m_externalSeen = true;
    return true;
}

void Session::noteExternalChanges()
{
    if (!m_refreshRows)
        qCInfo(lcOrmSession) << "another connection wrote to the database: rows read again "
                                "refresh the objects loaded";
    m_refreshRows = true;
    Q_EMIT externalChangesSeen();
}

bool Session::checkForExternalChanges()
{
    if (m_readDepth > 0 || connection().hasActiveStatement())
        return false;
    ++m_readDepth;
    const bool moved = pollDataVersion(Connection::LockWait::NoWait);
    endRead();
    return moved;
}

void Session::mergeRow(const std::shared_ptr<Entity> &object, const Statement &stmt, int first)
{
    Entity &o = *object;
    detail::InstanceState &s = st(o);
    detail::Snapshot *base = s.baseline();
    if (!base || s.state() != ObjectState::Persistent)
        return;
    const EntityMeta &meta = o.entityMeta();
    const FreshRow theirs(meta, stmt, first);
    const bool deletion = s.markedForDeletion();
    const int version = meta.versionColumn();
    bool changed = false;
    QList<int> conflicting;
    for (int c = 0; c < meta.columnCount(); ++c) {
        if (c == version || base->holdsSameAs(c, *theirs.baseline, *theirs.object))
            continue; // the database still holds what the object is based on
        if (deletion) {
            conflicting << c; // the row to delete is not the one the person saw
        } else if (base->equals(c, o)) {
            // Untouched: follows the database.
            theirs.baseline->restore(c, o);
            base->copyColumn(c, *theirs.baseline);
            changed = true;
        } else if (theirs.baseline->equals(c, o)) {
            base->copyColumn(c, *theirs.baseline); // staged the same value: nothing to write
        } else {
            conflicting << c;
        }
    }

    if (!conflicting.isEmpty() || hasConflict(o)) {
        if (!m_conflicts)
            m_conflicts = std::make_unique<detail::Conflicts>();
        detail::ConflictEntry &entry = m_conflicts->entries[&o];
        if (!entry.object) {
            entry.object = object;
            entry.loaded = base->clone();
        }
        for (int c : std::as_const(conflicting)) {
            if (!entry.open.contains(c))
                entry.loaded->copyColumn(c, *base);
            entry.resolved.removeAll(c);
        }
        entry.theirs = theirs.baseline->clone();
        if (entry.open != conflicting) {
            entry.open = conflicting;
            m_conflictsMoved = true;
        }
        if (entry.open.isEmpty() && entry.resolved.isEmpty())
            m_conflicts->entries.erase(&o);
    }
    // The version follows only when nothing is in conflict: until then the commit must fail.
    if (version >= 0 && !deletion && !base->holdsSameAs(version, *theirs.baseline, *theirs.object)
        && !hasConflict(o)) {
        theirs.baseline->restore(version, o);
        base->copyColumn(version, *theirs.baseline);
        changed = true;
    }
    if (changed) {
        if (m_readDepth > 0) {
            m_refreshed.push_back(object);
        } else {
            Q_EMIT objectRefreshed(&o);
            Q_EMIT objectChanged(&o, -1);
        }
    }
}

QString Session::qualifiedSelectByKey(const EntityMeta &meta) const
{
    QStringList conditions;
    for (int c : meta.primaryKeyColumns())
        conditions << dialect().quoteIdentifier(meta.column(c).column.name)
                + QStringLiteral(" = ?");
    return QStringLiteral("SELECT %1 FROM %2 WHERE %3")
        .arg(meta.selectList(), dialect().tableReference(meta.schema(), meta.tableName()),
             conditions.join(QStringLiteral(" AND ")));
}

bool Session::mergeFromDatabase(const std::shared_ptr<Entity> &object)
{
    ReadScope read(this);
    const detail::InstanceState &s = st(*object);
    if (!s.baseline())
        return false;
    const EntityMeta &meta = object->entityMeta();
    Statement stmt = connection().prepare(qualifiedSelectByKey(meta));
    if (!stmt.isValid())
        return false;
    int k = 0;
    for (int p : meta.primaryKeyColumns())
        s.baseline()->bind(p, stmt, k++);
    if (!stmt.next())
        return false;
    mergeRow(object, stmt, 0);
    return true;
}

Error Session::writeConflictError(const Entity &object, const QList<int> &checked, bool deletion)
{
    const EntityMeta &meta = object.entityMeta();
    const detail::Snapshot &base = *st(object).baseline();
    Statement stmt = connection().prepare(qualifiedSelectByKey(meta));
    if (!stmt.isValid())
        return errorForObject(connection().lastError(), object);
    int k = 0;
    for (int p : meta.primaryKeyColumns())
        base.bind(p, stmt, k++);
    if (!stmt.next()) {
        if (stmt.hasError())
            return errorForObject(connection().lastError(), object);
        return errorForObject(
            Error(Error::Kind::StaleData, QStringLiteral("deleted by another program")), object);
    }
    const FreshRow theirs(meta, stmt, 0);
    QList<Error::ConflictValue> values;
    QStringList names;
    auto add = [&](int c) {
        names << meta.column(c).column.name;
        values.append({meta.column(c).column.name, base.programValue(c),
                       theirs.baseline->programValue(c), meta.column(c).access->get(object)});
    };
    const int version = meta.versionColumn();
    // With a version column: the changed columns that moved, else the version itself.
    const QList<int> compared =
        version >= 0 ? (deletion ? QList<int>() : modifiedColumns(object)) : checked;
    for (int c : compared) {
        if (c != version && !meta.column(c).column.onUpdate
            && !base.holdsSameAs(c, *theirs.baseline, *theirs.object))
            add(c);
    }
    if (values.isEmpty() && version >= 0)
        add(version);
    if (values.isEmpty()) {
        // Every value is the one loaded, storage class and bytes, yet the check did not match
        // (the baseline binds what is stored, so this is not expected). Read under the write
        // lock, the row is the one the person saw: the caller writes it by its key.
        return Error();
    }
    Error e(Error::Kind::Conflict,
            (deletion ? QStringLiteral("changed by another program since it was marked for "
                                       "deletion: %1")
                      : QStringLiteral("changed by another program since it was loaded: %1"))
                .arg(names.join(QStringLiteral(", "))));
    e.setConflictValues(values);
    Error out = errorForObject(e, object);
    out.setColumns(names);
    return out;
}

QList<Conflict> Session::conflicts() const
{
    QList<Conflict> out;
    if (!m_conflicts)
        return out;
    for (const auto &[key, entry] : m_conflicts->entries) {
        for (int c : entry.open) {
            out.append({entry.object, c, entry.loaded->programValue(c),
                        entry.theirs->programValue(c),
                        entry.object->entityMeta().column(c).access->get(*entry.object)});
        }
    }
    // A stable order: by entity, key, column.
    std::sort(out.begin(), out.end(), [](const Conflict &a, const Conflict &b) {
        const QString ea = a.object->entityMeta().name(), eb = b.object->entityMeta().name();
        if (ea != eb)
            return ea < eb;
        if (a.object != b.object) {
            const QVariant ka = a.object->primaryKey(), kb = b.object->primaryKey();
            return QVariant::compare(ka, kb) == QPartialOrdering::Less;
        }
        return a.column < b.column;
    });
    return out;
}

bool Session::hasConflicts() const
{
    if (!m_conflicts)
        return false;
    return std::any_of(m_conflicts->entries.begin(), m_conflicts->entries.end(),
                       [](const auto &p) { return !p.second.open.isEmpty(); });
}

bool Session::hasConflict(const Entity &object, int column) const
{
    if (!m_conflicts)
        return false;
    const auto it = m_conflicts->entries.find(&object);
    if (it == m_conflicts->entries.end())
        return false;
    return column < 0 ? !it->second.open.isEmpty() : it->second.open.contains(column);
}

QVariant Session::theirValue(const Entity &object, int column) const
{
    if (!hasConflict(object, column))
        return {};
    return m_conflicts->entries.at(&object).theirs->programValue(column);
}

bool Session::resolveConflict(Entity &object, int column, Resolution resolution)
{
    if (!m_conflicts)
        return false;
    const auto it = m_conflicts->entries.find(&object);
    if (it == m_conflicts->entries.end())
        return false;
    detail::ConflictEntry &entry = it->second;
    detail::Snapshot *base = st(object).baseline();
    const QList<int> columns = column < 0 ? entry.open : QList<int> {column};
    bool any = false;
    for (int c : columns) {
        if (!entry.open.contains(c) || !base)
            continue;
        // Either way the field is now based on theirs; taking theirs also replaces the value.
        base->copyColumn(c, *entry.theirs);
        if (resolution == Resolution::TakeTheirs)
            entry.theirs->restore(c, object);
        entry.open.removeAll(c);
        entry.resolved.append(c);
        any = true;
        Q_EMIT objectChanged(&object, c);
    }
    if (!any)
        return false;
    // Nothing left in conflict: the version is theirs too, so that the commit's check passes.
    const int version = object.entityMeta().versionColumn();
    if (entry.open.isEmpty() && version >= 0 && base) {
        entry.theirs->restore(version, object);
        base->copyColumn(version, *entry.theirs);
    }
    Q_EMIT conflictsChanged();
    Q_EMIT pendingChangesChanged();
    return true;
}

void Session::reopenConflict(Entity &object, int column)
{
    if (!m_conflicts)
        return;
    const auto it = m_conflicts->entries.find(&object);
    if (it == m_conflicts->entries.end() || !it->second.resolved.contains(column))
        return;
    detail::ConflictEntry &entry = it->second;
    if (detail::Snapshot *base = st(object).baseline()) {
        base->copyColumn(column, *entry.loaded);
        const int version = object.entityMeta().versionColumn();
        if (version >= 0 && entry.open.isEmpty()) {
            entry.loaded->restore(version, object);
            base->copyColumn(version, *entry.loaded);
        }
    }
    entry.resolved.removeAll(column);
    entry.open.append(column);
    std::sort(entry.open.begin(), entry.open.end());
    Q_EMIT objectChanged(&object, column);
    Q_EMIT conflictsChanged();
    Q_EMIT pendingChangesChanged();
}

void Session::takeTheirs(Entity &object, int column)
{
    const auto it = m_conflicts->entries.find(&object);
    if (it == m_conflicts->entries.end())
        return;
    detail::ConflictEntry &entry = it->second;
    detail::Snapshot *base = st(object).baseline();
    const QList<int> open = entry.open;
    for (int c : open) {
        if ((column >= 0 && c != column) || !base)
            continue;
        // Based on theirs from now on; an untouched value follows (a reverted one is restored
        // from the baseline by the caller).
        const bool untouched = base->equals(c, object);
        base->copyColumn(c, *entry.theirs);
        if (untouched)
            entry.theirs->restore(c, object);
        entry.open.removeAll(c);
    }
    const int version = object.entityMeta().versionColumn();
    if (entry.open.isEmpty() && version >= 0 && base) {
        entry.theirs->restore(version, object);
        base->copyColumn(version, *entry.theirs);
    }
    if (entry.open.isEmpty() && entry.resolved.isEmpty())
        m_conflicts->entries.erase(it);
    Q_EMIT conflictsChanged();
}

void Session::takeAllTheirs()
{
    std::vector<Entity *> objects;
    for (const auto &[key, entry] : m_conflicts->entries)
        objects.push_back(entry.object.get());
    for (Entity *o : objects)
        takeTheirs(*o, -1);
}

void Session::clearConflicts()
{
    if (m_conflicts->entries.empty())
        return;
    m_conflicts->entries.clear();
    Q_EMIT conflictsChanged();
}

void Session::dropConflicts(const Entity &object)
{
    if (m_conflicts && m_conflicts->entries.erase(&object) > 0)
        Q_EMIT conflictsChanged();
}

void Session::noteValueSet(Entity &object, int column)
{
    const auto it = m_conflicts->entries.find(&object);
    if (it == m_conflicts->entries.end() || !it->second.open.contains(column))
        return;
    const detail::Snapshot *base = st(object).baseline();
    // Typed back to the value it was based on: unstaged, so it follows the database.
    if (base && base->equals(column, object))
        takeTheirs(object, column);
}

} // namespace orm
