// SPDX-License-Identifier: MIT
#include "ui/backgroundreader.h"

#include "orm/engine/engine.h"
#include "orm/query/query.h"
#include "orm/session/session.h"

#include <QTimer>

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

    void rows(quint64 id, quint64 generation, const orm::QueryBase &query,
              const QList<orm::Expr> &columns)
    {
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
        m_session.reset();
        m_engine.reset();
    }

Q_SIGNALS:
    void counted(quint64 id, qint64 count, const QString &error);
    void rowsRead(quint64 id, const QList<QVariantList> &rows, const QString &error);
    void lockMet();

private:
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
        m_engine = orm::Engine::create(m_url, options, &error);
        if (!m_engine)
            return error.text().isEmpty() ? tr("The database could not be opened") : error.text();
        m_session = std::make_unique<orm::Session>(m_engine);
        return {};
    }

    orm::DatabaseUrl m_url;
    std::shared_ptr<std::atomic<quint64>> m_generation;
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
    m_worker = new ReadWorker(url, m_generation);
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &ReadWorker::counted, this, &BackgroundReader::countReady,
            Qt::QueuedConnection);
    connect(m_worker, &ReadWorker::rowsRead, this, &BackgroundReader::rowsReady,
            Qt::QueuedConnection);
    connect(m_worker, &ReadWorker::lockMet, this, &BackgroundReader::lockMet, Qt::QueuedConnection);
    // The connection is closed in the thread that used it.
    connect(
        &m_thread, &QThread::finished, m_worker, [worker = m_worker] { worker->release(); },
        Qt::DirectConnection);
    m_thread.setObjectName(QStringLiteral("rowsmith-reader"));
    m_thread.start(QThread::LowPriority);
}

BackgroundReader::~BackgroundReader()
{
    cancelWaiting(); // a request waiting for a lock lets the thread finish
    if (m_worker) {
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
    }
}

quint64 BackgroundReader::requestCount(const orm::EntityMeta &meta, const orm::Expr &where)
{
    const quint64 id = ++m_nextId;
    if (m_worker) {
        // The meta's cached select list is built here, before another thread reads it.
        (void)meta.selectList();
        QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker, id, generation = m_generation->load(), m = &meta, where] {
                worker->count(id, generation, m, where);
            },
            Qt::QueuedConnection);
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
    if (m_worker) {
        (void)query.meta().selectList();
        QMetaObject::invokeMethod(
            m_worker,
            [worker = m_worker, id, generation = m_generation->load(), query, columns] {
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

} // namespace ui

#include "backgroundreader.moc"
