// SPDX-License-Identifier: MIT
#include "ui/lockwaiter.h"

#include "orm/engine/connection.h"
#include "orm/engine/error.h"

#include <QTimer>

namespace ui {

LockWaiter::LockWaiter(orm::Connection *connection, const QString &fileName, QObject *parent)
    : QObject(parent)
    , m_connection(connection)
    , m_fileName(fileName)
    , m_timer(new QTimer(this))
{
    m_timer->setInterval(50);
    connect(m_timer, &QTimer::timeout, this, &LockWaiter::check);
}

LockWaiter::~LockWaiter() = default;

QString LockWaiter::message() const
{
    if (m_serverWaiting) {
        return m_serverCancelling
            ? tr("Cancelling the commit: waiting for %1 to answer").arg(m_fileName)
            : tr("Committing: waiting for %1 to answer").arg(m_fileName);
    }
    if (m_ownLock && m_ownLock()) {
        return tr("Waiting: the SQL Console's open transaction is writing to %1 (commit or roll "
                  "it back there)")
            .arg(m_fileName);
    }
    return tr("Waiting: another program is writing to %1").arg(m_fileName);
}

void LockWaiter::setInterval(int ms)
{
    m_timer->setInterval(qMax(1, ms));
}

bool LockWaiter::noteError(const orm::Error &error)
{
    if (error.kind() != orm::Error::Kind::Busy)
        return false;
    startReadWaiting();
    return true;
}

void LockWaiter::noteLockMet()
{
    startReadWaiting();
}

void LockWaiter::startReadWaiting()
{
    if (m_readWaiting)
        return;
    m_readWaiting = true;
    // The timer and the signal start from the event loop: this may run inside a statement,
    // a paint or a model's data().
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_readWaiting)
                return;
            if (!m_timer->isActive())
                m_timer->start();
            announce();
        },
        Qt::QueuedConnection);
}

void LockWaiter::setCommitWaiting(bool waiting)
{
    if (m_commitWaiting == waiting)
        return;
    m_commitWaiting = waiting;
    if (waiting) {
        announce();
    } else if (!isWaiting() && m_announced) {
        m_announced = false;
        Q_EMIT waitingChanged(false);
    }
}

void LockWaiter::setServerWaiting(bool waiting)
{
    if (m_serverWaiting == waiting)
        return;
    m_serverWaiting = waiting;
    m_serverCancelling = false;
    if (waiting && !m_announced) {
        announce();
    } else if (!isWaiting() && m_announced) {
        m_announced = false;
        Q_EMIT waitingChanged(false);
    } else if (m_announced) {
        Q_EMIT waitingChanged(true); // another message
    }
}

void LockWaiter::announce()
{
    if (m_announced || !isWaiting())
        return;
    m_announced = true;
    Q_EMIT waitingChanged(true);
}

void LockWaiter::check()
{
    if (!m_readWaiting) {
        m_timer->stop();
        return;
    }
    if (!m_connection->canReadNow())
        return;
    m_timer->stop();
    m_readWaiting = false;
    if (!isWaiting() && m_announced) {
        m_announced = false;
        Q_EMIT waitingChanged(false);
    }
    Q_EMIT released();
}

void LockWaiter::cancel()
{
    if (!isWaiting())
        return;
    m_timer->stop();
    m_readWaiting = false;
    m_commitWaiting = false;
    m_serverCancelling = m_serverWaiting;
    Q_EMIT cancelled();
    if (m_announced && !isWaiting()) {
        m_announced = false;
        Q_EMIT waitingChanged(false);
    } else if (m_announced) {
        Q_EMIT waitingChanged(true); // the server is still waited for: another message
    }
}

} // namespace ui
