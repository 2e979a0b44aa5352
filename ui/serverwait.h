// SPDX-License-Identifier: MIT
#pragma once

#include <QElapsedTimer>
#include <QObject>

class QWidget;

namespace orm {
class Connection;
}

namespace ui {

class BackgroundReader;
class LockWaiter;

// Keeps the window answering while its connection waits for a server: for as long as it
// lives (one commit), it is the connection's wait hook (orm::Connection::setWaitHook()), and
// each wait for the server's answer runs the event loop instead of blocking the thread. The
// window paints, moves and resizes; after a moment the status line says "Committing: waiting
// for the server", with Cancel (LockWaiter::setServerWaiting()).
//
// What could change what the commit is writing waits until it ends: timers do not fire, the
// background reader's answers are held (BackgroundReader::hold()), and input other than the
// status line's (clicks, keys, closing the window) is refused, as a modal dialog refuses it.
//
// Escape, wherever the focus is, cancels as the status line's Cancel does.
//
// cancel() asks the server to stop the statement (a cancel request, from a thread of its own:
// it can itself wait on the network). The statement fails, the commit rolls back and nothing
// staged is lost. A server that has not answered a few seconds later is given up on: the
// connection is closed, and the commit fails the same way.
class ServerWait : public QObject
{
    Q_OBJECT
public:
    ServerWait(orm::Connection &connection, LockWaiter *waiter, BackgroundReader *reader);
    ~ServerWait() override;

    void cancel();
    bool isCancelled() const { return m_cancelled.isValid(); }

    // The wait before anything else runs, in which the thread simply blocks (ms).
    static constexpr int QuietWaitMs = 40;
    // The wait after which the status line tells it (ms).
    static constexpr int AnnounceAfterMs = 300;
    // How long a cancelled statement's server is given to answer before the connection is
    // closed (ms).
    static constexpr int GiveUpAfterMs = 3000;
    // Tests shorten it.
    static void setGiveUpAfterMs(int ms);
    // The widget (the status line) takes input while a wait runs.
    static void answerWhileWaiting(QWidget *widget);
    static constexpr const char *AnswersWhileWaiting = "rowsmithAnswersWhileWaiting";

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    bool wait(qintptr socket);
    bool refused(QObject *receiver, const QEvent *event) const;

    orm::Connection &m_connection;
    LockWaiter *m_waiter;
    BackgroundReader *m_reader;
    QElapsedTimer m_started;
    QElapsedTimer m_sinceEvents; // since the window last answered
    QElapsedTimer m_cancelled;
    bool m_announced = false;
};

} // namespace ui
