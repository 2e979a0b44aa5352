// SPDX-License-Identifier: MIT
#include "ui/externalchangewatcher.h"

#include "orm/session/session.h"

namespace ui {

ExternalChangeWatcher::ExternalChangeWatcher(orm::Session *session, QObject *parent)
    : QObject(parent)
    , m_session(session)
{
    m_schemaVersion = m_session->connection().schemaVersion().value_or(-1);
    m_timer.setInterval(m_interval);
    connect(&m_timer, &QTimer::timeout, this, &ExternalChangeWatcher::poll);
    m_timer.start();
    m_report.setSingleShot(true);
    m_report.setInterval(0);
    connect(&m_report, &QTimer::timeout, this, &ExternalChangeWatcher::report);
    // A read of the session's own may be the first to see the change.
    connect(m_session, &orm::Session::externalChangesSeen, &m_report, qOverload<>(&QTimer::start));
}

void ExternalChangeWatcher::setInterval(int ms)
{
    m_interval = qMax(0, ms);
    if (m_interval == 0) {
        m_timer.stop();
        return;
    }
    m_timer.setInterval(m_interval);
    m_timer.start();
}

void ExternalChangeWatcher::check()
{
    if (m_lastPoll.isValid() && m_lastPoll.elapsed() < m_interval)
        return;
    poll();
}

void ExternalChangeWatcher::poll()
{
    orm::Connection &c = m_session->connection();
    if (c.hasActiveStatement())
        return; // asked again at the next tick
    m_lastPoll.start();
    // The data version first: a schema change is a commit too.
    const bool moved = m_session->checkForExternalChanges();
    const qint64 schema =
        c.schemaVersion(orm::Connection::LockWait::NoWait).value_or(m_schemaVersion);
    if (schema != m_schemaVersion) {
        m_schemaVersion = schema;
        m_schemaMoved = true;
        m_report.start();
    } else if (moved) {
        m_report.start();
    }
}

void ExternalChangeWatcher::report()
{
    if (std::exchange(m_schemaMoved, false))
        Q_EMIT schemaChange();
    else
        Q_EMIT externalChange();
}

} // namespace ui
