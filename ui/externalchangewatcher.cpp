// SPDX-License-Identifier: MIT
#include "ui/externalchangewatcher.h"

#include "orm/engine/commitlog.h"
#include "orm/engine/connection.h"
#include "orm/session/session.h"

namespace ui {

// Lives in the watcher's thread: its connection is opened, used and closed there.
class VersionProbe : public QObject
{
    Q_OBJECT
public:
    VersionProbe(const orm::DatabaseUrl &url, std::shared_ptr<const orm::CommitLog> ownCommits)
        : m_url(url)
        , m_ownCommits(std::move(ownCommits))
    { }

    void probe()
    {
        if (!m_connection) {
            orm::ConnectionOptions options;
            options.readOnly = true;
            orm::Error error;
            m_connection = orm::Connection::open(m_url, options, &error);
            // The window's own commits are not another program's.
            if (m_connection)
                orm::passOverCommits(*m_connection, m_ownCommits);
        }
        const std::optional<qint64> version = m_connection
            ? m_connection->dataVersion(orm::Connection::LockWait::NoWait)
            : std::nullopt;
        if (!version)
            m_connection.reset(); // opened again at the next check (a server restarted)
        Q_EMIT probed(version.value_or(-1));
    }

    void release() { m_connection.reset(); }

Q_SIGNALS:
    void probed(qint64 version);

private:
    orm::DatabaseUrl m_url;
    std::shared_ptr<const orm::CommitLog> m_ownCommits;
    std::unique_ptr<orm::Connection> m_connection;
};

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

ExternalChangeWatcher::~ExternalChangeWatcher()
{
    if (m_probe) {
        m_thread.quit();
        m_thread.wait();
        delete m_probe;
    }
}

void ExternalChangeWatcher::setServer(const orm::DatabaseUrl &url)
{
    if (m_probe)
        return;
    m_probe = new VersionProbe(url, orm::recordCommits(m_session->connection()));
    m_probe->moveToThread(&m_thread);
    connect(m_probe, &VersionProbe::probed, this, &ExternalChangeWatcher::onProbed,
            Qt::QueuedConnection);
    connect(
        &m_thread, &QThread::finished, m_probe, [probe = m_probe] { probe->release(); },
        Qt::DirectConnection);
    m_thread.setObjectName(QStringLiteral("rowsmith-watcher"));
    m_thread.start(QThread::LowPriority);
    poll(); // the version the next checks are compared with, as soon as can be
}

void ExternalChangeWatcher::onProbed(qint64 version)
{
    m_probing = false;
    if (version < 0)
        return; // the server did not answer: asked again at the next tick
    if (m_serverVersion >= 0 && version != m_serverVersion)
        m_session->noteExternalChanges(); // reported through externalChangesSeen()
    m_serverVersion = version;
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
    if (m_probe) {
        if (!m_probing) {
            m_probing = true;
            m_lastPoll.start();
            QMetaObject::invokeMethod(m_probe, &VersionProbe::probe, Qt::QueuedConnection);
        }
        return;
    }
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

#include "externalchangewatcher.moc"
