// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

namespace orm {
class Session;
}

namespace ui {

// Notices commits that other programs make to the document's file, so that what is shown can
// be read again without being asked for. It asks SQLite (PRAGMA data_version, one cheap call on
// the session's connection) when check() is called (the window regains focus) and on a timer,
// at most once per interval, and never while one of the connection's statements is open. A
// read of the session's own that sees the change reports it too (Session::externalChangesSeen).
// A schema change (PRAGMA schema_version) is told apart: the tables must be described again.
//
// No read transaction is left open between checks: each pragma is one statement, reset at once.
class ExternalChangeWatcher : public QObject
{
    Q_OBJECT
public:
    explicit ExternalChangeWatcher(orm::Session *session, QObject *parent = nullptr);

    // How often the timer asks (1000 ms; 0 stops it).
    void setInterval(int ms);
    int interval() const { return m_interval; }
    // Asks now, unless it asked less than an interval ago.
    void check();

Q_SIGNALS:
    // Another program committed: read again what is shown (emitted from the event loop, once
    // per burst of changes).
    void externalChange();
    // Another program changed the schema.
    void schemaChange();

private:
    void poll();
    void report();

    orm::Session *m_session;
    QTimer m_timer;
    QTimer m_report; // coalesces reports into one, from the event loop
    QElapsedTimer m_lastPoll;
    qint64 m_schemaVersion = -1;
    int m_interval = 1000;
    bool m_schemaMoved = false;
};

} // namespace ui
