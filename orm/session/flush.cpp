// SPDX-License-Identifier: MIT
#include "orm/session/flush_p.h"

#include "orm/mapping/snapshot.h"
#include "orm/sql/sql.h"

#include <QSet>

#include <algorithm>

namespace orm::detail {

Flush::Flush(Session &session, Journal &journal, const QList<std::shared_ptr<Entity>> &dirty,
             bool *batchFailed)
    : m_session(session)
    , m_journal(journal)
    , m_dirty(dirty)
    , m_batchFailed(batchFailed)
    , m_connection(session.connection())
    , m_dialect(session.dialect())
{ }

// ---- INSERT ----------------------------------------------------------------------------------

// The new rows of one entity. Rows whose key the database assigns go out in multi-row INSERTs
// (as SQLAlchemy's "insertmanyvalues"), or a server's COPY (Connection::prepareCopy()): the
// database then runs one statement per batch, not one per row. Their keys are taken up front
// (Connection::reserveKeys(): as SQLite would give them one by one under the write lock the flush
// holds, or from the key's sequence on a server), so that every object knows its key. A batch that
// fails sets *batchFailed: the caller undoes the flush and runs it again row by row (batchFailed
// null), so that the error names the object it is about.
class Flush::Inserts
{
public:
    Inserts(Flush &flush, const EntityMeta &meta);
    bool run();

private:
    struct Waiting
    {
        std::shared_ptr<Entity> object;
        bool deferred;
    };
    void startRow(const std::shared_ptr<Entity> &obj);
    void applyDefaults(const std::shared_ptr<Entity> &obj);
    bool inserted(const std::shared_ptr<Entity> &obj, bool deferred);
    bool insertOne(const std::shared_ptr<Entity> &obj, const QList<int> &idx, bool custom,
                   bool keyUnset, bool deferred);
    bool writeBatch();
    Statement prepareBatch(int rows);
    bool writeRowByRow();
    void forgetKeys()
    {
        m_keys.clear();
        m_nextKey = 0;
    }

    Flush &m_flush;
    Session &m_session;
    const EntityMeta &m_meta;
    const int m_autoCol;
    QStringList m_allColumns, m_withoutKey;
    QList<int> m_allIdx, m_withoutKeyIdx;
    // Looked at once per entity, not per row: which columns may take a default, whether any is
    // filled by the database.
    QList<int> m_defaulted;
    bool m_serverDefaults = false;
    // A key the database assigns comes back with RETURNING, or from the connection.
    bool m_returning = false;
    QString m_returningKey;
    Statement m_insertAll, m_insertNoKey, m_fullBatch;
    int m_batchRows = 1;
    QList<std::shared_ptr<Entity>> m_pending;
    qsizetype m_written = 0; // of m_pending, for how many keys to take at once
    std::vector<Waiting> m_batch; // rows waiting for the next multi-row INSERT
    std::vector<qint64> m_keys;
    size_t m_nextKey = 0; // the first of m_keys not given yet
};

Flush::Inserts::Inserts(Flush &flush, const EntityMeta &meta)
    : m_flush(flush)
    , m_session(flush.m_session)
    , m_meta(meta)
    , m_autoCol(meta.autoincrementColumn())
{
    for (int i = 0; i < meta.columnCount(); ++i) {
        const Column &col = meta.column(i).column;
        if (col.isGenerated())
            continue; // the database computes it, and refuses a value for it
        m_allColumns << col.name;
        m_allIdx << i;
        if (i != m_autoCol) {
            m_withoutKey << col.name;
            m_withoutKeyIdx << i;
            if (col.defaultFunction || col.defaultValue.isValid())
                m_defaulted << i;
        }
        m_serverDefaults = m_serverDefaults || !col.serverDefault.isEmpty();
    }
    m_returning = m_autoCol >= 0 && flush.m_dialect.returnsInsertedKey();
    if (m_returning) {
        m_returningKey = QStringLiteral(" RETURNING ")
            + flush.m_dialect.quoteIdentifier(meta.column(m_autoCol).column.name);
    }
    const Dialect &d = flush.m_dialect;
    m_batchRows = flush.m_batchFailed && m_autoCol >= 0
        ? qBound(1, d.maxParameters() / int(m_allColumns.size()), d.maxInsertRows())
        : 1;
}

bool Flush::Inserts::run()
{
    m_pending = m_session.orderForInsert(m_meta);
    for (const auto &obj : std::as_const(m_pending)) {
        startRow(obj);
        bool deferred = false;
        if (!m_session.syncRelationKeys(m_flush.m_journal, *obj, Session::KeySync::All, &deferred))
            return false;
        if (deferred && !m_batch.empty()) {
            // What it refers to may be waiting in the batch: written first, it has its key.
            if (!writeBatch())
                return false;
            deferred = false;
            if (!m_session.syncRelationKeys(m_flush.m_journal, *obj, Session::KeySync::All,
                                            &deferred))
                return false;
        }
        applyDefaults(obj);
        const bool keyUnset = m_meta.isKeyUnset(*obj);
        // Columns left NULL that the database fills (server defaults) are not sent.
        QList<int> idx = keyUnset ? m_withoutKeyIdx : m_allIdx;
        bool custom = false;
        for (qsizetype k = m_serverDefaults ? idx.size() - 1 : -1; k >= 0; --k) {
            const ColumnMeta &cm = m_meta.column(idx.at(k));
            if (!cm.column.serverDefault.isEmpty() && cm.access->isNull(*obj)) {
                idx.removeAt(k);
                custom = true;
            }
        }
        if (keyUnset && !custom && m_batchRows > 1) {
            m_batch.push_back({obj, deferred});
            if (int(m_batch.size()) == m_batchRows && !writeBatch())
                return false;
            continue;
        }
        // Rows are written in the order they were staged.
        if (!writeBatch() || !insertOne(obj, idx, custom, keyUnset, deferred))
            return false;
        ++m_written;
        if (keyUnset)
            forgetKeys(); // taken up front, they may no longer be the next ones
    }
    return writeBatch();
}

// The row's journal entry, and its version counter's first value.
void Flush::Inserts::startRow(const std::shared_ptr<Entity> &obj)
{
    m_flush.m_journal.record(obj);
    const int versionCol = m_meta.versionColumn();
    if (versionCol >= 0
        && (m_meta.column(versionCol).access->isNull(*obj)
            || m_meta.column(versionCol).access->toInt64(*obj) == 0)) {
        Journal::setValue(m_flush.m_journal.record(obj), versionCol, qint64(1));
    }
}

// Program-side defaults of the columns left unset (after the relationship keys are known).
void Flush::Inserts::applyDefaults(const std::shared_ptr<Entity> &obj)
{
    if (m_defaulted.isEmpty())
        return;
    JournalEntry &entry = m_flush.m_journal.record(obj);
    for (int i : std::as_const(m_defaulted)) {
        const Column &col = m_meta.column(i).column;
        if (!m_meta.column(i).access->isNull(*obj))
            continue;
        if (col.defaultFunction)
            Journal::setValue(entry, i, col.defaultFunction());
        else
            Journal::setValue(entry, i, col.defaultValue);
    }
}

// What is left to do once an object's row is written.
bool Flush::Inserts::inserted(const std::shared_ptr<Entity> &obj, bool deferred)
{
    Journal::replaceBaseline(m_flush.m_journal.record(obj), Snapshot::of(*obj));
    st(*obj).setState(ObjectState::Persistent);
    if (!m_meta.primaryKeyColumns().isEmpty())
        m_session.identityInsert(obj);
    // Children staged in this object's collections now learn its key.
    if (!m_session.syncRelationKeys(m_flush.m_journal, *obj, Session::KeySync::Children))
        return false;
    if (!deferred)
        m_flush.m_settled.insert(obj.get(), 0);
    return true;
}

bool Flush::Inserts::insertOne(const std::shared_ptr<Entity> &obj, const QList<int> &idx,
                               bool custom, bool keyUnset, bool deferred)
{
    Connection &c = m_flush.m_connection;
    const Dialect &d = m_flush.m_dialect;
    const QString returning = keyUnset ? m_returningKey : QString();
    Statement customStmt;
    Statement *stmt = nullptr;
    if (custom) {
        QStringList names;
        for (int i : idx)
            names << m_meta.column(i).column.name;
        customStmt =
            c.prepare(compileInsert(d, m_meta.schema(), m_meta.tableName(), names).sql + returning);
        stmt = &customStmt;
    } else {
        Statement &cached = keyUnset ? m_insertNoKey : m_insertAll;
        if (!cached.isValid()) {
            cached = c.prepare(compileInsert(d, m_meta.schema(), m_meta.tableName(),
                                             keyUnset ? m_withoutKey : m_allColumns)
                                   .sql
                               + returning);
        }
        stmt = &cached;
    }
    if (!stmt->isValid()) {
        m_session.m_lastError = m_session.errorForObject(c.lastError(), *obj);
        return false;
    }
    for (int k = 0; k < idx.size(); ++k)
        m_meta.column(idx.at(k)).access->bind(*stmt, k, *obj);
    qint64 key = 0;
    bool ok = true;
    if (keyUnset && m_returning) {
        ok = stmt->next();
        key = ok ? stmt->int64(0) : 0;
    }
    ok = ok && stmt->exec();
    stmt->reset();
    if (!ok) {
        m_session.m_lastError = m_session.errorForObject(c.lastError(), *obj);
        return false;
    }
    if (keyUnset) {
        Journal::setValue(m_flush.m_journal.record(obj), m_autoCol,
                          m_returning ? key : c.lastInsertRowId());
    }
    return inserted(obj, deferred);
}

// Keys that cannot be told (SQLite's at their limit are picked at random) or one row alone: the
// database gives each row its key.
bool Flush::Inserts::writeRowByRow()
{
    for (const Waiting &w : m_batch) {
        if (!insertOne(w.object, m_withoutKeyIdx, false, true, w.deferred))
            return false;
    }
    m_written += qsizetype(m_batch.size());
    m_batch.clear();
    forgetKeys(); // SQLite's next key moved on with these rows
    return true;
}

// The statement that writes `rows` rows of every column: the engine's COPY where it has one,
// else a multi-row INSERT.
Statement Flush::Inserts::prepareBatch(int rows)
{
    Connection &c = m_flush.m_connection;
    const Dialect &d = m_flush.m_dialect;
    QStringList columns;
    for (const QString &name : std::as_const(m_allColumns))
        columns << d.quoteIdentifier(name);
    Statement copy =
        c.prepareCopy(d.quoteTable(m_meta.schema(), m_meta.table().name()), columns, rows);
    if (copy.isValid())
        return copy;
    return c.prepare(compileInsert(d, m_meta.schema(), m_meta.tableName(), m_allColumns, rows).sql);
}

bool Flush::Inserts::writeBatch()
{
    if (m_batch.empty())
        return true;
    Connection &c = m_flush.m_connection;
    if (m_batch.size() > 1 && m_keys.size() - m_nextKey < m_batch.size()) {
        const qsizetype wanted = qMax(qsizetype(m_batch.size()), m_pending.size() - m_written);
        m_nextKey = 0;
        if (!c.reserveKeys(m_meta.schema(), m_meta.table().name(),
                           m_meta.column(m_autoCol).column.name,
                           int(qMin(wanted, qsizetype(1) << 20)), &m_keys)) {
            m_keys.clear();
        }
    }
    if (m_batch.size() == 1 || m_keys.size() - m_nextKey < m_batch.size())
        return writeRowByRow();
    const int rows = int(m_batch.size());
    Statement partial;
    Statement *stmt = &m_fullBatch;
    if (rows < m_batchRows) {
        partial = prepareBatch(rows);
        stmt = &partial;
    } else if (!m_fullBatch.isValid()) {
        m_fullBatch = prepareBatch(rows);
    }
    if (!stmt->isValid()) {
        m_session.m_lastError = m_session.errorForObject(c.lastError(), *m_batch.front().object);
        return false;
    }
    const int columns = int(m_allIdx.size());
    for (int r = 0; r < rows; ++r) {
        const Entity &obj = *m_batch[size_t(r)].object;
        for (int k = 0; k < columns; ++k) {
            const int column = m_allIdx.at(k); // generated columns are not written
            if (column == m_autoCol)
                stmt->bindInt64(r * columns + k, m_keys[m_nextKey + size_t(r)]);
            else
                m_meta.column(column).access->bind(*stmt, r * columns + k, obj);
        }
    }
    const bool ok = stmt->exec();
    stmt->reset();
    if (!ok) {
        m_session.m_lastError = m_session.errorForObject(c.lastError(), *m_batch.front().object);
        *m_flush.m_batchFailed = true;
        return false;
    }
    for (int r = 0; r < rows; ++r) {
        const Waiting &w = m_batch[size_t(r)];
        Journal::setValue(m_flush.m_journal.record(w.object), m_autoCol,
                          m_keys[m_nextKey + size_t(r)]);
        if (!inserted(w.object, w.deferred))
            return false;
    }
    m_nextKey += size_t(rows);
    m_written += rows;
    m_batch.clear();
    return true;
}

bool Flush::run()
{
    Session &s = m_session;
    // Everything is validated before anything is written.
    if (!validate(s.m_new) || !validate(m_dirty))
        return false;
    m_journal.reserve(s.m_new.size() + size_t(m_dirty.size()));

    QList<const EntityMeta *> metas;
    auto note = [&metas](const std::shared_ptr<Entity> &o) {
        const EntityMeta *m = &o->entityMeta();
        if (!metas.contains(m))
            metas << m;
    };
    for (const auto &o : s.m_new)
        note(o);
    for (const auto &o : m_dirty)
        note(o);
    for (const auto &o : s.m_deleted)
        note(o);
    m_order = dependencyOrder(metas);

    // Rows whose unique values a new or changed row takes give them up first (a one-to-one
    // partner replaced: the old row's key cleared, or the old row deleted). The first pass
    // does not look: finding those rows costs a hash of every changed unique value, and most
    // flushes trade none. When one does, a UNIQUE error sends the flush round again, carefully.
    const auto update = [this](const std::shared_ptr<Entity> &obj) { return writeUpdate(obj); };
    if (!m_batchFailed && !s.freeUniqueValues(m_journal, m_dirty, update))
        return false;
    if (!deleteLeaves())
        return false;

    // INSERT, parents first (see Inserts).
    m_settled.reserve(s.m_new.size());
    for (const EntityMeta *meta : std::as_const(m_order)) {
        if (!Inserts(*this, *meta).run())
            return false;
    }
    if (!syncChangedRelations())
        return false;
    return writeUpdates(updatesInKeyOrder()) && s.flushAssociations(m_journal) && deleteTheRest();
}

bool Flush::validate(const auto &objects)
{
    for (const auto &o : objects) {
        const QList<Error::FieldError> errors = m_session.validateForFlush(*o);
        if (!errors.isEmpty()) {
            Error e(Error::Kind::Validation, errors.first().message);
            e.setFieldErrors(errors);
            QStringList columns;
            for (const auto &f : errors)
                columns << f.column;
            e.setColumns(columns);
            m_session.m_lastError = m_session.errorForObject(e, *o);
            return false;
        }
    }
    return true;
}

// ---- UPDATE ----------------------------------------------------------------------------------

// UPDATE of the changed columns of one object, keyed by the key the database has.
bool Flush::writeUpdate(const std::shared_ptr<Entity> &obj)
{
    PendingUpdate pending;
    if (!prepareUpdate(obj, &pending))
        return false;
    return !pending.update || executeUpdates(&pending, 1);
}

// The UPDATEs of many objects. Consecutive ones that share a statement (the same entity and
// changed columns, as a bulk change gives) run together: pipelined on a server.
bool Flush::writeUpdates(const std::vector<std::shared_ptr<Entity>> &objects)
{
    m_pending.clear();
    for (const auto &obj : objects) {
        PendingUpdate pending;
        if (!prepareUpdate(obj, &pending))
            return false;
        if (!pending.update)
            continue;
        if (!m_pending.empty() && m_pending.back().update != pending.update) {
            if (!executeUpdates(m_pending.data(), m_pending.size()))
                return false;
            m_pending.clear();
        }
        m_pending.push_back(pending);
    }
    return m_pending.empty() || executeUpdates(m_pending.data(), m_pending.size());
}

// What an object's UPDATE will write: its changed columns, with onupdate values and the
// version counter set (and journalled); pending->update stays null when nothing changed.
bool Flush::prepareUpdate(const std::shared_ptr<Entity> &obj, PendingUpdate *pending)
{
    const EntityMeta &meta = obj->entityMeta();
    m_changed.clear();
    st(*obj).baseline()->changedColumns(*obj, &m_changed);
    if (m_changed.isEmpty())
        return true;
    JournalEntry &entry = m_journal.record(obj);
    const Snapshot &baseline = *st(*obj).baseline();
    const QList<int> checked = updateChecks(meta, m_changed);
    for (int i = 0; i < meta.columnCount(); ++i) {
        const Column &col = meta.column(i).column;
        if (col.onUpdate && !m_changed.contains(i)) {
            Journal::setValue(entry, i, col.onUpdate());
            m_changed << i;
        }
    }
    if (const int v = meta.versionColumn(); v >= 0) {
        Journal::setValue(entry, v, baseline.toInt64(v) + 1);
        if (!m_changed.contains(v))
            m_changed << v;
    }
    pending->update = updateStatement(meta, m_changed, checked, *obj);
    if (!pending->update)
        return false;
    pending->object = &obj;
    pending->entry = size_t(&entry - m_journal.entries.data());
    return true;
}

// Runs the prepared UPDATEs of `count` objects that share one statement, then settles each: a
// row that did not match is either a conflict or written by key alone, the identity map follows
// a changed key, and the baseline becomes what was written.
bool Flush::executeUpdates(const PendingUpdate *pending, size_t count)
{
    UpdateStatement &update = *pending[0].update;
    const EntityMeta &meta = *update.meta;
    Statement &stmt = update.stmt;
    // The key may have changed: re-register under the new one.
    const bool keyChanged =
        std::any_of(update.columns.begin(), update.columns.end(),
                    [&meta](int i) { return meta.primaryKeyColumns().contains(i); });
    if (m_batchFailed && count > 1 && m_dialect.maxArrayRows() > 0 && meta.hasIntegerKey()
        && !keyChanged) {
        if (!executeUpdateSets(pending, count))
            return false;
    } else {
        const auto bind = [&](qsizetype row) {
            bindUpdate(update, stmt, 0, **pending[row].object);
        };
        qsizetype failed = 0;
        if (!m_connection.execEach(stmt, qsizetype(count), bind, &m_rowsChanged, &failed)) {
            m_session.m_lastError =
                m_session.errorForObject(m_connection.lastError(), **pending[failed].object);
            return false;
        }
    }
    for (size_t row = 0; row < count; ++row) {
        const std::shared_ptr<Entity> &obj = *pending[row].object;
        if (m_rowsChanged[row] > 1) {
            m_session.m_lastError =
                m_session.errorForObject(repeatedKeyError(meta, m_rowsChanged[row], false), *obj);
            return false;
        }
        if (m_rowsChanged[row] != 1 && !updateByKeyOnly(obj, update.columns, update.checked))
            return false;
        if (keyChanged)
            m_session.identityRemove(*obj);
        JournalEntry &entry = m_journal.entries[pending[row].entry];
        Journal::replaceBaseline(entry, st(*obj).baseline()->afterWrite(*obj, update.columns));
        if (keyChanged)
            m_session.identityInsert(obj);
    }
    return true;
}

// An object's values for its UPDATE's parameters from `first` on: the new values, the key the
// database has, and the loaded values of the checked columns, exactly as the baseline keeps them.
void Flush::bindUpdate(const UpdateStatement &update, Statement &stmt, int first,
                       const Entity &obj) const
{
    const EntityMeta &meta = *update.meta;
    const Snapshot &baseline = *st(obj).baseline();
    int k = first;
    for (int i : std::as_const(update.columns))
        meta.column(i).access->bind(stmt, k++, obj);
    for (int p : meta.primaryKeyColumns())
        baseline.bind(p, stmt, k++);
    for (int i : std::as_const(update.checked))
        baseline.bind(i, stmt, k++);
}

// The UPDATEs of rows changed alike as UPDATE ... FROM unnest() statements of up to
// Dialect::maxArrayRows() rows, where the engine runs that faster than a statement a row. The
// rows are told apart by their integer key, which the UPDATE does not change: RETURNING gives
// the keys of the rows that matched, and m_rowsChanged[row] says whether each did. A statement
// that fails sets *m_batchFailed: the flush runs again a row at a time, to name the object.
bool Flush::executeUpdateSets(const PendingUpdate *pending, size_t count)
{
    UpdateStatement &update = *pending[0].update;
    const EntityMeta &meta = *update.meta;
    const int perRow = int(update.columns.size() + 1 + update.checked.size());
    const int setRows = m_dialect.maxArrayRows();
    const auto prepare = [&](int rows) {
        return m_connection.prepareArrays(
            updateSetSql(m_dialect, meta, update.columns, update.checked), update.stmt, rows);
    };
    const int key = meta.primaryKeyColumns().first();
    m_rowsChanged.assign(count, 0);
    QSet<qint64> matched;
    for (size_t first = 0; first < count; first += size_t(setRows)) {
        const int rows = int(qMin(count - first, size_t(setRows)));
        Statement partial;
        Statement *stmt = &update.set;
        if (rows < setRows) {
            partial = prepare(rows);
            stmt = &partial;
        } else if (!update.set.isValid()) {
            update.set = prepare(rows);
        }
        const Entity &firstObject = **pending[first].object;
        if (!stmt->isValid()) {
            m_session.m_lastError = m_session.errorForObject(m_connection.lastError(), firstObject);
            return false;
        }
        for (int r = 0; r < rows; ++r)
            bindUpdate(update, *stmt, r * perRow, **pending[first + size_t(r)].object);
        matched.clear();
        while (stmt->next())
            matched.insert(stmt->int64(0));
        const bool ok = !stmt->hasError();
        stmt->reset();
        if (!ok) {
            m_session.m_lastError = m_session.errorForObject(m_connection.lastError(), firstObject);
            *m_batchFailed = true;
            return false;
        }
        for (int r = 0; r < rows; ++r) {
            const Entity &obj = **pending[first + size_t(r)].object;
            m_rowsChanged[first + size_t(r)] = matched.contains(st(obj).baseline()->toInt64(key));
        }
    }
    return true;
}

Flush::UpdateStatement *Flush::updateStatement(const EntityMeta &meta, const QList<int> &changed,
                                               const QList<int> &checked, const Entity &obj)
{
    for (const auto &u : m_updateStatements) {
        if (u->meta == &meta && u->columns == changed && u->checked == checked)
            return u.get();
    }
    Statement prepared = m_connection.prepare(checkedUpdateSql(m_dialect, meta, changed, checked));
    if (!prepared.isValid()) {
        m_session.m_lastError = m_session.errorForObject(m_connection.lastError(), obj);
        return nullptr;
    }
    m_updateStatements.push_back(std::make_unique<UpdateStatement>(
        UpdateStatement {&meta, changed, checked, std::move(prepared), Statement()}));
    return m_updateStatements.back().get();
}

// The checked UPDATE matched no row: either the row changed meanwhile (an error naming the
// fields), or nothing that matters did and the write goes by key alone.
bool Flush::updateByKeyOnly(const std::shared_ptr<Entity> &obj, const QList<int> &changed,
                            const QList<int> &checked)
{
    Session &s = m_session;
    const EntityMeta &meta = obj->entityMeta();
    s.m_lastError = s.writeConflictError(*obj, checked, false);
    if (s.m_lastError.isError())
        return false;
    QStringList sets;
    for (int i : changed)
        sets << m_dialect.quoteIdentifier(meta.column(i).column.name) + QStringLiteral(" = ?");
    Statement byKey = m_connection.prepare(
        QStringLiteral("UPDATE %1 SET %2 WHERE %3")
            .arg(m_dialect.tableReference(meta.schema(), meta.tableName()),
                 sets.join(QStringLiteral(", ")), keyCondition(m_dialect, meta)));
    if (!byKey.isValid()) {
        s.m_lastError = s.errorForObject(m_connection.lastError(), *obj);
        return false;
    }
    const Snapshot &baseline = *st(*obj).baseline();
    int b = 0;
    for (int i : changed)
        meta.column(i).access->bind(byKey, b++, *obj);
    for (int p : meta.primaryKeyColumns())
        baseline.bind(p, byKey, b++);
    const bool ran = byKey.exec();
    if (ran && m_connection.changes() > 1) {
        s.m_lastError =
            s.errorForObject(repeatedKeyError(meta, m_connection.changes(), false), *obj);
        return false;
    }
    if (!ran || m_connection.changes() != 1) {
        s.m_lastError = s.errorForObject(m_connection.lastError(), *obj);
        return false;
    }
    return true;
}

// UPDATE only the changed columns, keyed by the key the database has. What may have changed:
// the objects found dirty before the flush, and those the flush itself assigned to (relationship
// keys, taken from the journal rather than from a second scan of the identity map). Rows go in
// key order, as SQLAlchemy writes them: the B-tree pages are then visited in sequence.
std::vector<std::shared_ptr<Entity>> Flush::updatesInKeyOrder() const
{
    std::vector<std::shared_ptr<Entity>> updates(m_dirty.cbegin(), m_dirty.cend());
    {
        PointerIndex seen;
        for (size_t i = 0; i < updates.size(); ++i)
            seen.insert(updates[i].get(), i);
        for (const JournalEntry &e : m_journal.entries) {
            if (e.changedSinceBaseline && seen.value(e.object.get()) < 0) {
                seen.insert(e.object.get(), updates.size());
                updates.push_back(e.object);
            }
        }
    }
    std::erase_if(updates, [](const std::shared_ptr<Entity> &o) {
        const InstanceState &s = st(*o);
        return s.state() != ObjectState::Persistent || s.markedForDeletion() || !s.baseline();
    });
    const auto rank = [this](const EntityMeta *m) { return m_order.indexOf(m); };
    std::vector<std::pair<std::pair<qsizetype, qint64>, size_t>> keys;
    keys.reserve(updates.size());
    for (size_t i = 0; i < updates.size(); ++i) {
        const EntityMeta &m = updates[i]->entityMeta();
        const qint64 key = m.hasIntegerKey()
            ? st(*updates[i]).baseline()->toInt64(m.primaryKeyColumns().first())
            : 0;
        keys.push_back({{rank(&m), key}, i});
    }
    if (std::is_sorted(keys.begin(), keys.end()))
        return updates;
    std::stable_sort(keys.begin(), keys.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<std::shared_ptr<Entity>> sorted;
    sorted.reserve(updates.size());
    for (const auto &k : keys)
        sorted.push_back(std::move(updates[k.second]));
    return sorted;
}

// Persistent objects whose relationships changed take the keys of what they now refer to.
// Objects inserted whose targets all had keys are done already.
bool Flush::syncChangedRelations()
{
    Session &s = m_session;
    for (const auto &obj : std::vector<std::shared_ptr<Entity>>(s.m_relationChanged)) {
        const InstanceState &state = st(*obj);
        if (state.session() == &s && state.state() == ObjectState::Persistent
            && !state.markedForDeletion() && m_settled.value(obj.get()) < 0
            && !s.syncRelationKeys(m_journal, *obj)) {
            return false;
        }
    }
    return true;
}

// ---- DELETE ----------------------------------------------------------------------------------

// The deleted rows that nothing can refer to go first: the rows that take their unique values
// may then be written.
bool Flush::deleteLeaves()
{
    for (auto mit = m_order.crbegin(); mit != m_order.crend(); ++mit) {
        for (const auto &obj : m_session.orderForDelete(**mit)) {
            if (m_session.isLeafForDelete(*obj) && !m_session.deleteObject(m_journal, obj))
                return false;
        }
    }
    return true;
}

// DELETE the rest, children first (tables in reverse order, and within a table the rows that
// refer to other deleted rows before those).
bool Flush::deleteTheRest()
{
    for (auto mit = m_order.crbegin(); mit != m_order.crend(); ++mit) {
        for (const auto &obj : m_session.orderForDelete(**mit)) {
            if (!st(*obj).markedForDeletion() || m_session.isLeafForDelete(*obj))
                continue;
            if (!m_session.deleteObject(m_journal, obj))
                return false;
        }
    }
    return true;
}

} // namespace orm::detail
