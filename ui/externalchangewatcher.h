// SPDX-License-Identifier: MIT
#pragma once

#include "orm/engine/url.h"

#include <QElapsedTimer>
#include <QObject>
#include <QThread>
#include <QTimer>

namespace orm {
class Session;
}

namespace ui {

class VersionProbe;

// Notices commits that other programs make to the document's file, so that what is shown can
// be read again without being asked for. It asks SQLite (PRAGMA data_version, one cheap call on
// the session's connection) when check() is called (the window regains focus) and on a timer,
// at most once per interval, and never while one of the connection's statements is open. A
// read of the session's own that sees the change reports it too (Session::externalChangesSeen).
// A schema change (PRAGMA schema_version) is told apart: the tables must be described again.
//
// No read transaction is left open between checks: each pragma is one statement, reset at once.
//
// On a server (setServer()) each check is a round trip: it runs in a thread of the watcher's
// own, on a connection of its own, one check at a time, and the window's thread only hears the
// answer. A server tells no schema version: only data changes are reported there. The
// session's connection records the transactions it ends (orm::recordCommits()), and the
// watcher's passes over them: the window's own commits are not reported as another program's.
class ExternalChangeWatcher : public QObject
{
    Q_OBJECT
public:
    explicit ExternalChangeWatcher(orm::Session *session, QObject *parent = nullptr);
    ~ExternalChangeWatcher() override;

    // Checks the server at url from now on, off the window's thread.
    void setServer(const orm::DatabaseUrl &url);

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
    void onProbed(qint64 version);

    orm::Session *m_session;
    QTimer m_timer;
    QTimer m_report; // coalesces reports into one, from the event loop
    QElapsedTimer m_lastPoll;
    qint64 m_schemaVersion = -1;
    int m_interval = 1000;
    bool m_schemaMoved = false;
    // On a server: the thread and its connection, the last version it told, and whether a
    // check is under way.
    QThread m_thread;
    VersionProbe *m_probe = nullptr;
    qint64 m_serverVersion = -1;
    bool m_probing = false;
};

} // namespace ui
