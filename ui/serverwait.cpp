// SPDX-License-Identifier: MIT
#include "ui/serverwait.h"

#include "orm/engine/connection.h"
#include "ui/backgroundreader.h"
#include "ui/lockwaiter.h"

#include <QApplication>
#include <QKeyEvent>
#include <QWidget>
#include <QWindow>

#include <poll.h>

#include <atomic>
#include <thread>

namespace ui {

namespace {

std::atomic<int> giveUpAfterMs {ServerWait::GiveUpAfterMs};

bool isInput(QEvent::Type type)
{
    switch (type) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick:
    case QEvent::Wheel:
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::InputMethod:
    case QEvent::ShortcutOverride:
    case QEvent::Shortcut:
    case QEvent::ContextMenu:
    case QEvent::DragEnter:
    case QEvent::DragMove:
    case QEvent::Drop:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TouchEnd:
    case QEvent::TabletPress:
    case QEvent::TabletRelease:
        return true;
    default:
        return false;
    }
}

} // namespace

ServerWait::ServerWait(orm::Connection &connection, LockWaiter *waiter, BackgroundReader *reader)
    : m_connection(connection)
    , m_waiter(waiter)
    , m_reader(reader)
{
    m_started.start();
    m_sinceEvents.start();
    m_connection.setWaitHook([this](qintptr socket) { return wait(socket); });
    if (m_reader)
        m_reader->hold();
    qApp->installEventFilter(this);
}

ServerWait::~ServerWait()
{
    qApp->removeEventFilter(this);
    m_connection.setWaitHook(nullptr);
    if (m_announced) {
        QApplication::restoreOverrideCursor();
        if (m_waiter)
            m_waiter->setServerWaiting(false);
    }
    if (m_reader)
        m_reader->release();
}

void ServerWait::setGiveUpAfterMs(int ms)
{
    giveUpAfterMs = ms;
}

void ServerWait::answerWhileWaiting(QWidget *widget)
{
    widget->setProperty(AnswersWhileWaiting, true);
}

void ServerWait::cancel()
{
    if (m_cancelled.isValid())
        return; // asked already: the clock that gives up runs
    m_cancelled.start();
    // A cancel request opens a connection of its own to the server, which may not answer.
    if (std::function<void()> interrupt = m_connection.detachedInterrupt())
        std::thread(std::move(interrupt)).detach();
    else
        m_connection.interrupt();
}

bool ServerWait::wait(qintptr socket)
{
    pollfd fd {int(socket), POLLIN, 0};
    for (;;) {
        // A short answer is waited for as a blocking read would: nothing else runs meanwhile.
        // Past that, the window answers every so often until the server does.
        const qint64 due = QuietWaitMs - m_sinceEvents.elapsed();
        if (::poll(&fd, 1, int(qBound(qint64(0), due, qint64(QuietWaitMs)))) != 0)
            return true; // readable, or an error libpq reports
        if (m_cancelled.isValid() && m_cancelled.elapsed() >= giveUpAfterMs.load())
            return false;
        if (!m_announced && m_started.elapsed() >= AnnounceAfterMs) {
            m_announced = true;
            QApplication::setOverrideCursor(Qt::BusyCursor);
            if (m_waiter)
                m_waiter->setServerWaiting(true);
        }
        // Timers wait: what they start (a reload, a search) could change what is written.
        QCoreApplication::processEvents(QEventLoop::X11ExcludeTimers);
        m_sinceEvents.restart();
    }
}

bool ServerWait::refused(QObject *receiver, const QEvent *event) const
{
    const QEvent::Type type = event->type();
    // A window hands its input on to its widgets, which are filtered.
    if (qobject_cast<QWindow *>(receiver))
        return false;
    auto *widget = qobject_cast<QWidget *>(receiver);
    if (!isInput(type) && !(type == QEvent::Close && widget && widget->isWindow()))
        return false;
    for (QWidget *w = widget; w; w = w->parentWidget()) {
        if (w->property(AnswersWhileWaiting).toBool())
            return false;
    }
    return true;
}

bool ServerWait::eventFilter(QObject *watched, QEvent *event)
{
    // Escape is the keyboard's Cancel: the focus stays in the field it was in (moving it would
    // end an edit while the commit writes), so the status line's button is out of its reach.
    // (Claimed as it is offered to shortcuts, too: a shortcut of the window's would take it.)
    const QEvent::Type type = event->type();
    if ((type == QEvent::KeyPress || type == QEvent::ShortcutOverride) && m_announced
        && qobject_cast<QWidget *>(watched)) {
        const auto *key = static_cast<const QKeyEvent *>(event);
        if (key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier) {
            if (m_waiter && m_waiter->isWaiting())
                m_waiter->cancel(); // as the button does: the status line says it cancels
            else
                cancel();
            event->accept();
            return true;
        }
    }
    if (refused(watched, event)) {
        event->ignore();
        return true;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace ui
