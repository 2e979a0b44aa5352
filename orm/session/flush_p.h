// SPDX-License-Identifier: MIT
#pragma once

// The flush's phases: what Session::doFlush() runs, one method per phase.

#include "orm/session/session.h"
#include "orm/session/session_p.h"

#include <memory>
#include <vector>

namespace orm::detail {

// Entities in the order their rows are inserted: parents first.
QList<const EntityMeta *> dependencyOrder(const QList<const EntityMeta *> &metas);
QString keyCondition(const Dialect &d, const EntityMeta &meta);
// The key condition, and that each checked column still holds what the write was based on.
QString keyAndCheckCondition(const Dialect &d, const EntityMeta &meta, const QList<int> &checked);
QString checkedUpdateSql(const Dialect &d, const EntityMeta &meta, const QList<int> &columns,
                         const QList<int> &checked);
// The checked UPDATE of many rows changed alike, from unnest() of one array per parameter of
// checkedUpdateSql(): each row's new values, key and checked values (Connection::
// prepareArrays()); it returns the keys of the rows it wrote. For a single key column.
QString updateSetSql(const Dialect &d, const EntityMeta &meta, const QList<int> &columns,
                     const QList<int> &checked);
QString checkedDeleteSql(const Dialect &d, const EntityMeta &meta, const QList<int> &checked);
// The columns an UPDATE / a DELETE checks still hold what it was based on.
QList<int> updateChecks(const EntityMeta &meta, const QList<int> &changed);
QList<int> deleteChecks(const EntityMeta &meta);
// An UPDATE or DELETE by key matched `rows` rows: a table whose key is not unique (a link
// table keyed by its pair, which may repeat). Refused: the transaction is rolled back.
Error repeatedKeyError(const EntityMeta &meta, qint64 rows, bool deletion);
// The same for a link table's rows named by their pair (key: its columns).
Error repeatedKeyError(const QString &table, const QStringList &key, qint64 rows, bool deletion);

// One flush: validate, free unique values, leaf deletes, inserts (parents first, in multi-row
// batches), relationship keys, updates (in key order), association rows, the other deletes.
// A phase that fails sets the session's lastError() and stops the flush; the caller undoes it.
class Flush
{
public:
    Flush(Session &session, Journal &journal, const QList<std::shared_ptr<Entity>> &dirty,
          bool *batchFailed);
    bool run();

private:
    struct UpdateStatement
    {
        const EntityMeta *meta;
        QList<int> columns;
        QList<int> checked;
        Statement stmt;
        Statement set; // updateSetSql() of a full set of rows, once needed
    };
    class Inserts;
    struct PendingUpdate
    {
        const std::shared_ptr<Entity> *object = nullptr;
        UpdateStatement *update = nullptr;
        size_t entry = 0; // in the journal
    };

    bool validate(const auto &objects);
    bool writeUpdate(const std::shared_ptr<Entity> &obj);
    bool writeUpdates(const std::vector<std::shared_ptr<Entity>> &objects);
    bool prepareUpdate(const std::shared_ptr<Entity> &obj, PendingUpdate *pending);
    bool executeUpdates(const PendingUpdate *pending, size_t count);
    bool executeUpdateSets(const PendingUpdate *pending, size_t count);
    void bindUpdate(const UpdateStatement &update, Statement &stmt, int first,
                    const Entity &obj) const;
    UpdateStatement *updateStatement(const EntityMeta &meta, const QList<int> &changed,
                                     const QList<int> &checked, const Entity &obj);
    bool updateByKeyOnly(const std::shared_ptr<Entity> &obj, const QList<int> &changed,
                         const QList<int> &checked);
    bool deleteLeaves();
    bool syncChangedRelations();
    std::vector<std::shared_ptr<Entity>> updatesInKeyOrder() const;
    bool deleteTheRest();

    Session &m_session;
    Journal &m_journal;
    const QList<std::shared_ptr<Entity>> &m_dirty;
    bool *m_batchFailed;
    Connection &m_connection;
    const Dialect &m_dialect;
    QList<const EntityMeta *> m_order;
    // One prepared statement per entity and set of changed columns, not one SQL text per row.
    std::vector<std::unique_ptr<UpdateStatement>> m_updateStatements;
    std::vector<PendingUpdate> m_pending;
    std::vector<qint64> m_rowsChanged;
    QList<int> m_changed;
    PointerIndex m_settled; // inserted, and every key it refers to was known
};

} // namespace orm::detail
