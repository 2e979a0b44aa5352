// SPDX-License-Identifier: MIT
#include "ui/backgroundreader.h"

#include "orm/engine/engine.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

#include <QTimer>

#include <algorithm>
#include <mutex>
#include <utility>

namespace ui {

// Lives in the worker thread; its engine and session are created and released there.
class ReadWorker : public QObject
{
    Q_OBJECT
public:
    ReadWorker(const orm::DatabaseUrl &url, std::shared_ptr<std::atomic<quint64>> generation)
        : m_url(url)
        , m_generation(std::move(generation))
    { }

    void count(quint64 id, quint64 generation, const orm::EntityMeta *meta, const orm::Expr &where)
    {
        countOf(id, generation, [&] {
            orm::QueryBase query = m_session->query(*meta);
            return where.isEmpty() ? query : query.filter(where);
        });
    }

    void countQuery(quint64 id, quint64 generation, const orm::QueryBase &query)
    {
        countOf(id, generation, [&] { return query.withSession(m_session.get()); });
    }

    // A moment's answer from the statistics, where the count may take seconds.
    void estimate(quint64 id, quint64 generation, const orm::EntityMeta *meta)
    {
        if (isCancelled(generation) || !open().isEmpty())
            return;
        if (const std::optional<qint64> n = m_session->query(*meta).estimatedCount())
            Q_EMIT estimated(id, *n);
    }

    // Empty columns: the entity's own, as stored rows.
    void rows(quint64 id, quint64 generation, const orm::QueryBase &query,
              const QList<orm::Expr> &columns)
    {
        if (isCancelled(generation)) {
            Q_EMIT rowsRead(id, {}, cancelledText());
            return;
        }
        if (const QString error = open(); !error.isEmpty()) {
            Q_EMIT rowsRead(id, {}, error);
            return;
        }
        const orm::QueryBase here = query.withSession(m_session.get());
        const auto rows = waiting(generation, [&here, &columns] {
            return columns.isEmpty() ? here.storedRows() : here.rows(columns);
        });
        Q_EMIT rowsRead(id, rows.value_or(QList<QVariantList>()),
                        rows ? QString() : m_session->lastError().text());
    }

    void release()
    {
        const std::lock_guard lock(m_connectionMutex);
        m_session.reset();
        m_engine.reset();
    }

    // From the window's thread: the statement running now stops (Connection::interrupt()).
    void interrupt()
    {
        const std::lock_guard lock(m_connectionMutex);
        if (m_engine)
            m_engine->connection().interrupt();
    }

    static QString cancelledText() { return tr("Cancelled"); }

Q_SIGNALS:
    // A request of the rows' queue is over (after its result).
    void jobDone();
    void counted(quint64 id, qint64 count, const QString &error);
    void estimated(quint64 id, qint64 estimate);
    void rowsRead(quint64 id, const QList<QVariantList> &rows, const QString &error);
    void lockMet();

private:
    // The count of the query make() builds on this worker's session, once it is open.
    template<class Make>
    void countOf(quint64 id, quint64 generation, Make make)
    {
        if (isCancelled(generation)) {
            Q_EMIT counted(id, -1, cancelledText());
            return;
        }
        if (const QString error = open(); !error.isEmpty()) {
            Q_EMIT counted(id, -1, error);
            return;
        }
        const orm::QueryBase query = make();
        const std::optional<qint64> n = waiting(generation, [&query] { return query.count(); });
        Q_EMIT counted(id, n.value_or(-1), n ? QString() : m_session->lastError().text());
    }

    // A request made before a cancel is answered without running.
    bool isCancelled(quint64 generation) const { return m_generation->load() != generation; }

    // Reads until the read is not refused by another program's lock, or the request's
    // generation is over (cancelled, or the reader is going away). Each try waits at most the
    // connection's short busy timeout, so that a cancel is heard soon.
    template<class Read>
    auto waiting(quint64 generation, Read read) -> decltype(read())
    {
        bool told = false;
        for (;;) {
            auto result = read();
            if (result || m_session->lastError().kind() != orm::Error::Kind::Busy
                || m_generation->load() != generation)
                return result;
            if (!std::exchange(told, true))
                Q_EMIT lockMet();
        }
    }

    // Why the connection could not be opened; empty once it is.
    QString open()
    {
        if (m_session)
            return {};
        orm::ConnectionOptions options;
        options.readOnly = true;
        options.busyTimeoutMs = 100;
        orm::Error error;
        auto engine = orm::Engine::create(m_url, options, &error);
        {
            const std::lock_guard lock(m_connectionMutex);
            m_engine = std::move(engine);
        }
        if (!m_engine)
            return error.text().isEmpty() ? tr("The database could not be opened") : error.text();
        m_session = std::make_unique<orm::Session>(m_engine);
        return {};
    }

    orm::DatabaseUrl m_url;
    std::shared_ptr<std::atomic<quint64>> m_generation;
    std::mutex m_connectionMutex; // m_engine, as interrupt() reads it from another thread
    std::shared_ptr<orm::Engine> m_engine;
    std::unique_ptr<orm::Session> m_session;
};

BackgroundReader::BackgroundReader(const orm::DatabaseUrl &url, Fallback fallback, QObject *parent)
    : QObject(parent)
    , m_fallback(std::move(fallback))
    , m_generation(std::make_shared<std::atomic<quint64>>(0))
{
    if (url.isMemory())
        return;
    m_estimates = url.backend() != u"sqlite"; // a server keeps statistics
    // A file's reads are short (a lock waits in the worker, for every reader alike); a
    // server's may wait on one table while others could be read.
    if (m_estimates) {
        m_labels = Pool {Counts + 1, 2, true, {}};
        m_rows = Pool {Counts + 3, 2, false, {}};
    } else {
        m_rows = Pool {Counts + 1, 1, false, {}};
    }
    m_lanes = m_rows.first + m_rows.count;
    for (int lane = 0; lane < m_lanes; ++lane) {
        auto *worker = new ReadWorker(url, m_generation);
        m_workers[lane] = worker;
        worker->moveToThread(&m_threads[lane]);
        connect(
            worker, &ReadWorker::counted, this,
            [this](quint64 id, qint64 count, const QString &error) {
                deliver([this, id, count, error] { Q_EMIT countReady(id, count, error); });
            },
            Qt::QueuedConnection);
        connect(
            worker, &ReadWorker::estimated, this,
            [this](quint64 id, qint64 estimate) {
                deliver([this, id, estimate] { Q_EMIT countEstimated(id, estimate); });
            },
            Qt::QueuedConnection);
        connect(
            worker, &ReadWorker::rowsRead, this,
            [this](quint64 id, const QList<QVariantList> &rows, const QString &error) {
                deliver([this, id, rows, error] { Q_EMIT rowsReady(id, rows, error); });
            },
            Qt::QueuedConnection);
        connect(
            worker, &ReadWorker::lockMet, this, [this] { deliver([this] { Q_EMIT lockMet(); }); },
            Qt::QueuedConnection);
        connect(
            worker, &ReadWorker::jobDone, this,
            [this, lane] {
                m_busy[lane] = false;
                m_reading[lane] = nullptr;
                dispatch(lane < m_rows.first ? m_labels : m_rows);
            },
            Qt::QueuedConnection);
        // The connection is closed in the thread that used it.
        connect(
            &m_threads[lane], &QThread::finished, worker, [worker] { worker->release(); },
            Qt::DirectConnection);
        m_threads[lane].setObjectName(lane == Counts ? QStringLiteral("rowsmith-counter")
                                          : lane < m_rows.first
                                          ? QStringLiteral("rowsmith-labels")
                                          : QStringLiteral("rowsmith-reader"));
        m_threads[lane].start(QThread::LowPriority);
    }
}

BackgroundReader::~BackgroundReader()
{
    cancel(); // a request running or waiting for a lock lets the thread finish
    m_rows.jobs.clear();
    m_labels.jobs.clear();
    for (int lane = 0; lane < m_lanes; ++lane) {
        m_threads[lane].quit();
        m_threads[lane].wait();
        delete m_workers[lane];
    }
}

void BackgroundReader::deliver(std::function<void()> signal)
{
    // (Behind the held ones until they are signalled.)
    if (m_held > 0 || !m_heldAnswers.isEmpty())
        m_heldAnswers.append(std::move(signal));
    else
        signal();
}

void BackgroundReader::hold()
{
    ++m_held;
}

void BackgroundReader::release()
{
    if (m_held == 0 || --m_held > 0)
        return;
    // From the event loop: the commit that held them ends first. Answers that come meanwhile
    // are queued behind this.
    QMetaObject::invokeMethod(
        this,
        [this] {
            while (m_held == 0 && !m_heldAnswers.isEmpty())
                m_heldAnswers.takeFirst()();
        },
        Qt::QueuedConnection);
}

void BackgroundReader::enqueue(Pool &pool, Job job)
{
    pool.jobs.append(std::move(job));
    dispatch(pool);
}

void BackgroundReader::dispatch(Pool &pool)
{
    const auto readElsewhere = [&](const orm::EntityMeta *meta) {
        for (int lane = pool.first; lane < pool.first + pool.count; ++lane) {
            if (m_busy[lane] && m_reading[lane] == meta)
                return true;
        }
        return false;
    };
    for (int lane = pool.first; lane < pool.first + pool.count && !pool.jobs.isEmpty(); ++lane) {
        if (m_busy[lane])
            continue;
        // The first job whose table no other worker reads (one that does may be the table
        // that cannot be read: its next job waits for it).
        const auto next = pool.onePerTable
            ? std::find_if(pool.jobs.begin(), pool.jobs.end(),
                           [&](const Job &job) { return !job.meta || !readElsewhere(job.meta); })
            : pool.jobs.begin();
        if (next == pool.jobs.end())
            return;
        Job job = std::move(*next);
        pool.jobs.erase(next);
        m_busy[lane] = true;
        m_reading[lane] = job.meta;
        QMetaObject::invokeMethod(
            m_workers[lane],
            [worker = m_workers[lane], run = std::move(job.run)] {
                run(worker);
                Q_EMIT worker->jobDone();
            },
            Qt::QueuedConnection);
    }
}

quint64 BackgroundReader::requestCount(const orm::EntityMeta &meta, const orm::Expr &where)
{
    const quint64 id = ++m_nextId;
    if (ReadWorker *counter = m_workers[Counts]) {
        // The meta's cached select list is built here, before another thread reads it.
        (void)meta.selectList();
        QMetaObject::invokeMethod(
            counter,
            [worker = counter, id, generation = m_generation->load(), m = &meta, where] {
                worker->count(id, generation, m, where);
            },
            Qt::QueuedConnection);
        // With the rows, whose reads are short: not behind other counts.
        if (m_estimates && where.isEmpty()) {
            enqueue(m_rows,
                    Job {[id, generation = m_generation->load(), m = &meta](ReadWorker *worker) {
                             worker->estimate(id, generation, m);
                         },
                         &meta});
        }
    } else {
        QTimer::singleShot(0, this, [this, id, m = &meta, where] {
            const std::optional<qint64> n = m_fallback ? m_fallback(*m, where) : std::nullopt;
            Q_EMIT countReady(id, n.value_or(-1),
                              n ? QString() : tr("The rows could not be counted"));
        });
    }
    return id;
}

quint64 BackgroundReader::requestRows(const orm::QueryBase &query, const QList<orm::Expr> &columns,
                                      Queue queue)
{
    const quint64 id = ++m_nextId;
    if (m_lanes > 0) {
        (void)query.meta().selectList();
        auto job = [id, generation = m_generation->load(), query, columns](ReadWorker *worker) {
            worker->rows(id, generation, query, columns);
        };
        // Counts run in the order asked on their lane's thread; labels (a server's) on their
        // pool's.
        if (queue == Queue::Counts)
            QMetaObject::invokeMethod(
                m_workers[Counts], [worker = m_workers[Counts], job] { job(worker); },
                Qt::QueuedConnection);
        else
            enqueue(queue == Queue::Labels && m_labels.count > 0 ? m_labels : m_rows,
                    Job {job, &query.meta()});
    } else {
        QTimer::singleShot(0, this, [this, id, query, columns] {
            const auto rows = columns.isEmpty() ? query.storedRows() : query.rows(columns);
            Q_EMIT rowsReady(id, rows.value_or(QList<QVariantList>()),
                             rows ? QString() : query.session()->lastError().text());
        });
    }
    return id;
}

quint64 BackgroundReader::requestQueryCount(const orm::QueryBase &query)
{
    const quint64 id = ++m_nextId;
    if (m_lanes > 0) {
        (void)query.meta().selectList();
        enqueue(m_rows,
                Job {[id, generation = m_generation->load(), query](ReadWorker *worker) {
                         worker->countQuery(id, generation, query);
                     },
                     &query.meta()});
    } else {
        QTimer::singleShot(0, this, [this, id, query] {
            const std::optional<qint64> n = query.count();
            Q_EMIT countReady(id, n.value_or(-1),
                              n ? QString() : query.session()->lastError().text());
        });
    }
    return id;
}

quint64 BackgroundReader::requestEntityRows(const orm::QueryBase &query, Queue queue)
{
    return requestRows(query, {}, queue);
}

void BackgroundReader::cancelWaiting()
{
    ++*m_generation;
}

void BackgroundReader::cancel()
{
    ++*m_generation;
    for (int lane = 0; lane < m_lanes; ++lane)
        m_workers[lane]->interrupt();
}

} // namespace ui

#include "backgroundreader.moc"
