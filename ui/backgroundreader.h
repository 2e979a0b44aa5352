// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/url.h"
#include "orm/query/query.h"
#include "orm/sql/sql.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <functional>
#include <memory>

namespace orm {
class EntityMeta;
}

namespace ui {

class ReadWorker;

// Counts rows, and reads what a query's rows are (their keys, say), without blocking the
// window: each request runs in a worker thread on its own read-only connection to the same
// database, and the result comes back as a signal. Counts run one after another on a thread
// of their own; reads of rows on another (a file), or on the first of two that is free (a
// server, where one slow read, a table another program holds, must not hold up the rest), in
// the order they were asked for. On a server labels (the few rows that name what is shown:
// foreign keys' targets) have two threads of their own too, so that pages that cannot be read
// hold up no label, and each reads a table the other does not: the labels of a table that
// cannot be read hold up no other table's. Statements are reset as soon as they have run, so
// no read transaction is left open.
//
// A request that meets another program's lock waits for it there, off the window's thread, and
// says so once (lockMet()); cancelWaiting() makes the requests made so far give up (their
// results then carry the error).
//
// On a server, a count of a whole table also asks the statistics' estimate of its rows
// (countEstimated(), usually long before the count, from the rows' connection), and cancel()
// interrupts what runs (a count that takes seconds).
//
// An in-memory database cannot be shared between connections: there a count runs on the given
// fallback and rows on the query's own session (the window's), both still delivered
// asynchronously.
class BackgroundReader : public QObject
{
    Q_OBJECT
public:
    using Fallback =
        std::function<std::optional<qint64>(const orm::EntityMeta &, const orm::Expr &)>;

    BackgroundReader(const orm::DatabaseUrl &url, Fallback fallback, QObject *parent = nullptr);
    ~BackgroundReader() override;

    // Returns the request's id, which countReady() carries.
    quint64 requestCount(const orm::EntityMeta &meta, const orm::Expr &where = {});
    // The rows of any query (QueryBase::count()), in the rows' queue: a short count (a
    // relationship's) that someone waits for, not behind a table's.
    quint64 requestQueryCount(const orm::QueryBase &query);
    // The chosen columns of the query's rows (QueryBase::rows()), read on the worker's session.
    // Queue::Counts: behind the counts (an aggregate nobody waits for, that may take long).
    // Queue::Labels: a few rows by key that name what is shown, behind no page nor count (on a
    // file, where reads are short and a lock holds up every reader alike, with the rows).
    enum class Queue { Rows, Counts, Labels };
    quint64 requestRows(const orm::QueryBase &query, const QList<orm::Expr> &columns,
                        Queue queue = Queue::Rows);
    // The entity's columns of the query's rows (QueryBase::storedRows()), for the window's
    // session to make its objects of (Session::loadStoredRows()); rowsReady() carries them.
    quint64 requestEntityRows(const orm::QueryBase &query, Queue queue = Queue::Rows);
    // The requests made so far stop waiting for a lock.
    void cancelWaiting();
    // The requests made so far give up: the one running is interrupted (PQcancel on a server,
    // sqlite3_interrupt on a file), those waiting their turn are answered without running.
    // Their results carry an error. (A statement that starts just as the cancel is made may
    // run to its end.)
    void cancel();
    // While held, answers wait (in order) instead of being signalled: the window's session is
    // in the middle of a commit. release() signals them from the event loop. Nests.
    void hold();
    void release();

Q_SIGNALS:
    // A request waits for another program's lock.
    void lockMet();
    // count is -1 when the database could not be read (error says why).
    void countReady(quint64 requestId, qint64 count, const QString &error);
    // For a count of a whole table whose engine keeps statistics (a server): their estimate of
    // its rows (QueryBase::estimatedCount()), before or after countReady().
    void countEstimated(quint64 requestId, qint64 estimate);
    // error is empty when the rows were read.
    void rowsReady(quint64 requestId, const QList<QVariantList> &rows, const QString &error);

private:
    // A request of the rows' (or the labels') queue, run on the first free worker of its pool;
    // meta: the table it reads.
    struct Job
    {
        std::function<void(ReadWorker *)> run;
        const orm::EntityMeta *meta = nullptr;
    };
    // Workers that take requests in the order asked, each the first that is free. With
    // onePerTable a table another worker of the pool reads waits for it: a table that cannot be
    // read (another program's lock) holds up one worker, never the others' tables.
    struct Pool
    {
        int first = 0;
        int count = 0;
        bool onePerTable = false;
        QList<Job> jobs; // waiting for a free worker
    };
    void enqueue(Pool &pool, Job job);
    void dispatch(Pool &pool);
    // Signals an answer now, or once released.
    void deliver(std::function<void()> signal);

    // Counts on a thread and connection of their own: a count that takes seconds never holds
    // up the rows. On a server labels on two more. Then the rows' workers.
    static constexpr int Counts = 0;
    static constexpr int MaxLanes = 5;
    int m_lanes = 0;
    QThread m_threads[MaxLanes];
    ReadWorker *m_workers[MaxLanes] = {};
    bool m_busy[MaxLanes] = {};
    const orm::EntityMeta *m_reading[MaxLanes] = {}; // the table each busy worker reads
    Pool m_rows;
    Pool m_labels; // empty on a file: labels are read with the rows
    int m_held = 0;
    QList<std::function<void()>> m_heldAnswers;
    bool m_estimates = false;
    Fallback m_fallback;
    quint64 m_nextId = 0;
    // Requests made before the generation moved on stop waiting.
    std::shared_ptr<std::atomic<quint64>> m_generation;
};

} // namespace ui
