#pragma once

#include "orm/sql.h"
#include "orm/url.h"

#include <QObject>
#include <QThread>

#include <functional>

namespace orm {
class EntityMeta;
}

namespace ui {

class CountWorker;

// Counts rows without blocking the window: each request runs in a worker thread on its own
// read-only connection to the same file, and the result comes back as a signal. Statements are
// reset as soon as they have run, so no read transaction is left open.
//
// An in-memory database cannot be shared between connections: there the count runs on the
// given fallback (the window's own session) and is still delivered asynchronously.
class RowCounter : public QObject
{
    Q_OBJECT
public:
    using Fallback =
        std::function<std::optional<qint64>(const orm::EntityMeta &, const orm::Expr &)>;

    RowCounter(const orm::DatabaseUrl &url, Fallback fallback, QObject *parent = nullptr);
    ~RowCounter() override;

    // Returns the request's id, which countReady() carries.
    quint64 requestCount(const orm::EntityMeta &meta, const orm::Expr &where = {});

Q_SIGNALS:
    // count is -1 when the database could not be read (error says why).
    void countReady(quint64 requestId, qint64 count, const QString &error);

private:
    QThread m_thread;
    CountWorker *m_worker = nullptr;
    Fallback m_fallback;
    quint64 m_nextId = 0;
};

} // namespace ui
