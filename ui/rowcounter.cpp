#include "ui/rowcounter.h"

#include "orm/engine.h"
#include "orm/query.h"
#include "orm/session.h"

#include <QTimer>

namespace ui {

// Lives in the worker thread; its engine and session are created and released there.
class CountWorker : public QObject
{
    Q_OBJECT
public:
    explicit CountWorker(const orm::DatabaseUrl &url)
        : m_url(url)
    { }

    void count(quint64 id, const orm::EntityMeta *meta, const orm::Expr &where)
    {
        if (!m_session) {
            orm::ConnectionOptions options;
            options.readOnly = true;
            options.busyTimeoutMs = 2000;
            orm::Error error;
            m_engine = orm::Engine::create(m_url, options, &error);
            if (!m_engine) {
                Q_EMIT counted(id, -1, error.text());
                return;
            }
            m_session = std::make_unique<orm::Session>(m_engine);
        }
        orm::QueryBase query = m_session->query(*meta);
        if (!where.isEmpty())
            query = query.filter(where);
        const std::optional<qint64> n = query.count();
        Q_EMIT counted(id, n.value_or(-1), n ? QString() : m_session->lastError().text());
    }

    void release()
    {
        m_session.reset();
        m_engine.reset();
    }

Q_SIGNALS:
    void counted(quint64 id, qint64 count, const QString &error);

private:
    orm::DatabaseUrl m_url;
    std::shared_ptr<orm::Engine> m_engine;
    std::unique_ptr<orm::Session> m_session;
};

RowCounter::RowCounter(const orm::DatabaseUrl &url, Fallback fallback, QObject *parent)
    : QObject(parent)
    , m_fallback(std::move(fallback))
{
    if (url.isMemory())
        return;
    m_worker = new CountWorker(url);
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &CountWorker::counted, this, &RowCounter::countReady, Qt::QueuedConnection);
    // The connection is closed in the thread that used it.
    connect(
        &m_thread, &QThread::finished, m_worker, [worker = m_worker] { worker->release(); },
        Qt::DirectConnection);
    m_thread.setObjectName(QStringLiteral("rowsmith-counter"));
    m_thread.start(QThread::LowPriority);
}

RowCounter::~RowCounter()
{
    if (m_worker) {
        m_thread.quit();
        m_thread.wait();
        delete m_worker;
    }
}

quint64 RowCounter::requestCount(const orm::EntityMeta &meta, const orm::Expr &where)
{
    const quint64 id = ++m_nextId;
    if (m_worker) {
        // The meta's cached select list is built here, before another thread reads it.
        (void)meta.selectList();
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, id, m = &meta, where] { worker->count(id, m, where); },
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

} // namespace ui

#include "rowcounter.moc"
