// SPDX-License-Identifier: MIT
#include "ui/backgroundreader.h"

#include "orm/engine/engine.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

#include <QTimer>

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
        if (isCancelled(generation)) {
            Q_EMIT counted(id, -1, cancelledText());
            return;
        }
        if (const QString error = open(); !error.isEmpty()) {
            Q_EMIT counted(id, -1, error);
            return;
        }
        orm::QueryBase query = m_session->query(*meta);
        if (!where.isEmpty())
            query = query.filter(where);
        const std::optional<qint64> n = waiting(generation, [&query] { return query.count(); });
        Q_EMIT counted(id, n.value_or(-1), n ? QString() : m_session->lastError().text());
    }

    // A moment's answer from the statistics, where the count may take seconds.
    void estimate(quint64 id, quint64 generation, const orm::EntityMeta *meta)
    {
        if (isCancelled(generation) || !open().isEmpty())
            return;
        if (const std::optional<qint64> n = m_session->query(*meta).estimatedCount())
            Q_EMIT estimated(id, *n);
    }

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
        const auto rows = waiting(generation, [&here, &columns] { return here.rows(columns); });
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
    void counted(quint64 id, qint64 count, const QString &error);
    void estimated(quint64 id, qint64 estimate);
    void rowsRead(quint64 id, const QList<QVariantList> &rows, const QString &error);
    void lockMet();

private:
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
    for (int lane : {Rows, Counts}) {
        auto *worker = new ReadWorker(url, m_generation);
        m_workers[lane] = worker;
        worker->moveToThread(&m_threads[lane]);
        connect(worker, &ReadWorker::counted, this, &BackgroundReader::countReady,
                Qt::QueuedConnection);
        connect(worker, &ReadWorker::estimated, this, &BackgroundReader::countEstimated,
                Qt::QueuedConnection);
        connect(worker, &ReadWorker::rowsRead, this, &BackgroundReader::rowsReady,
                Qt::QueuedConnection);
        connect(worker, &ReadWorker::lockMet, this, &BackgroundReader::lockMet,
                Qt::QueuedConnection);
        // The connection is closed in the thread that used it.
        connect(
            &m_threads[lane], &QThread::finished, worker, [worker] { worker->release(); },
            Qt::DirectConnection);
        m_threads[lane].setObjectName(lane == Rows ? QStringLiteral("rowsmith-reader")
                                                   : QStringLiteral("rowsmith-counter"));
        m_threads[lane].start(QThread::LowPriority);
    }
}

BackgroundReader::~BackgroundReader()
{
    cancel(); // a request running or waiting for a lock lets the thread finish
    for (int lane : {Rows, Counts}) {
        if (ReadWorker *worker = m_workers[lane]) {
            m_threads[lane].quit();
            m_threads[lane].wait();
            delete worker;
        }
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
        // On the rows' connection, whose reads are short: not behind other counts.
        if (m_estimates && where.isEmpty()) {
            QMetaObject::invokeMethod(
                m_workers[Rows],
                [worker = m_workers[Rows], id, generation = m_generation->load(), m = &meta] {
                    worker->estimate(id, generation, m);
                },
                Qt::QueuedConnection);
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

quint64 BackgroundReader::requestRows(const orm::QueryBase &query, const QList<orm::Expr> &columns)
{
    const quint64 id = ++m_nextId;
    if (ReadWorker *reader = m_workers[Rows]) {
        (void)query.meta().selectList();
        QMetaObject::invokeMethod(
            reader,
            [worker = reader, id, generation = m_generation->load(), query, columns] {
                worker->rows(id, generation, query, columns);
            },
            Qt::QueuedConnection);
    } else {
        QTimer::singleShot(0, this, [this, id, query, columns] {
            const auto rows = query.rows(columns);
            Q_EMIT rowsReady(id, rows.value_or(QList<QVariantList>()),
                             rows ? QString() : query.session()->lastError().text());
        });
    }
    return id;
}

void BackgroundReader::cancelWaiting()
{
    ++*m_generation;
}

void BackgroundReader::cancel()
{
    ++*m_generation;
    for (ReadWorker *worker : m_workers) {
        if (worker)
            worker->interrupt();
    }
}

} // namespace ui

#include "backgroundreader.moc"
