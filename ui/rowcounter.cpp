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
        if (const QString error = open(); !error.isEmpty()) {
            Q_EMIT counted(id, -1, error);
            return;
        }
        orm::QueryBase query = m_session->query(*meta);
        if (!where.isEmpty())
            query = query.filter(where);
        const std::optional<qint64> n = query.count();
        Q_EMIT counted(id, n.value_or(-1), n ? QString() : m_session->lastError().text());
    }

    void rows(quint64 id, const orm::QueryBase &query, const QList<orm::Expr> &columns)
    {
        if (const QString error = open(); !error.isEmpty()) {
            Q_EMIT rowsRead(id, {}, error);
            return;
        }
        const auto rows = query.withSession(m_session.get()).rows(columns);
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

private:
    // Why the connection could not be opened; empty once it is.
    QString open()
    {
        if (m_session)
            return {};
        orm::ConnectionOptions options;
        options.readOnly = true;
        options.busyTimeoutMs = 2000;
        orm::Error error;
        m_engine = orm::Engine::create(m_url, options, &error);
        if (!m_engine)
            return error.text().isEmpty() ? tr("The database could not be opened") : error.text();
        m_session = std::make_unique<orm::Session>(m_engine);
        return {};
    }

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
    connect(m_worker, &CountWorker::rowsRead, this, &RowCounter::rowsReady, Qt::QueuedConnection);
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

quint64 RowCounter::requestRows(const orm::QueryBase &query, const QList<orm::Expr> &columns)
{
    const quint64 id = ++m_nextId;
    if (m_worker) {
        (void)query.meta().selectList();
        QMetaObject::invokeMethod(
            m_worker, [worker = m_worker, id, query, columns] { worker->rows(id, query, columns); },
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

} // namespace ui

#include "rowcounter.moc"
