// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <functional>

class QTimer;

namespace orm {
class Connection;
class Error;
} // namespace orm

namespace ui {

// Keeps the window's thread from waiting on another program's lock.
//
// The window's connection has no busy timeout: a statement that meets a lock fails at once
// with orm::Error::Kind::Busy. The document then tells the waiter (noteError()), and the
// waiter waits in the event loop: every moment it checks, without waiting, whether the file
// can be read again (Connection::canReadNow()), and when it can, emits released(), on which
// what could not be read is read again (the visible rows, labels, counts, uniqueness checks,
// the relationship panel, a picker's list). While it waits, isWaiting() is true: the window's
// reads skip the database (rows read as placeholders) and a status line says "Waiting:
// another program is writing to demo.db", with Cancel. A commit that waits for the write lock
// waits through here too (setCommitWaiting()).
//
// cancel() stops the waiting: cancelled() tells the commit to give up (nothing was written),
// and what could not be read is read again when next asked for (View > Reload), which may
// wait again. On a server, a commit that waits for the server's answer says so here too
// (setServerWaiting()); its Cancel asks the server to stop the commit.
class LockWaiter : public QObject
{
    Q_OBJECT
public:
    LockWaiter(orm::Connection *connection, const QString &fileName, QObject *parent = nullptr);
    ~LockWaiter() override;

    // Whether anything waits for another program's lock.
    bool isWaiting() const { return m_readWaiting || m_commitWaiting || m_serverWaiting; }
    bool isCommitWaiting() const { return m_commitWaiting; }
    // Whether a read met the lock and the file cannot be read yet.
    bool isReadWaiting() const { return m_readWaiting; }
    QString fileName() const { return m_fileName; }
    // The status line's text while waiting.
    QString message() const;
    // Whether the lock is one of this program's own (the SQL Console's open transaction holds
    // the file's write lock): the message then says where to end it.
    void setOwnLockCheck(std::function<bool()> ownLock) { m_ownLock = std::move(ownLock); }

    // When error is a lock another connection holds, starts waiting (or goes on) and returns
    // true. Safe to call while a statement runs: the signals follow from the event loop.
    bool noteError(const orm::Error &error);
    // A read that met the lock elsewhere (the background reader's thread): waits until it is gone.
    void noteLockMet();
    // A commit waits for the write lock (the document retries it) or no longer does.
    void setCommitWaiting(bool waiting);
    // The window's connection waits for a server's answer to the commit (ServerWait), or no
    // longer does. Cancel then asks the server to stop; the wait goes on until it has.
    void setServerWaiting(bool waiting);
    bool isServerWaiting() const { return m_serverWaiting; }
    void cancel();

    // How often the file is checked while waiting (ms).
    void setInterval(int ms);

Q_SIGNALS:
    void waitingChanged(bool waiting);
    // The file can be read again: read again what could not be.
    void released();
    // The person stopped waiting.
    void cancelled();

private:
    void startReadWaiting();
    void check();
    void announce();

    orm::Connection *m_connection;
    std::function<bool()> m_ownLock;
    QString m_fileName;
    QTimer *m_timer;
    bool m_readWaiting = false;
    bool m_commitWaiting = false;
    bool m_serverWaiting = false;
    bool m_serverCancelling = false; // Cancel was asked while the server was waited for
    bool m_announced = false; // waitingChanged(true) emitted
};

} // namespace ui
