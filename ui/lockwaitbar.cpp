// SPDX-License-Identifier: MIT
#include "ui/lockwaitbar.h"

#include "ui/lockwaiter.h"
#include "ui/serverwait.h"
#include "ui/theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

using namespace Qt::StringLiterals;

namespace ui {

LockWaitBar::LockWaitBar(QWidget *parent)
    : QWidget(parent)
    , m_icon(new QLabel(this))
    , m_label(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel"), this))
{
    setObjectName(u"lockWaitBar"_s);
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    const int size = m_label->fontMetrics().height();
    m_icon->setPixmap(Theme::icon(Theme::Icon::Warning).pixmap(size, size));
    layout->addWidget(m_icon);
    m_label->setObjectName(u"lockWaitText"_s);
    layout->addWidget(m_label);
    m_cancel->setObjectName(u"lockWaitCancel"_s);
    m_cancel->setToolTip(tr("Stop waiting (Esc while a commit waits): a commit that waits is "
                            "not written, and rows not read yet are read again by View > Reload"));
    layout->addWidget(m_cancel);
    layout->addStretch(1);
    // Its Cancel stops a commit that waits for a server, while other input waits.
    ServerWait::answerWhileWaiting(this);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (m_waiter)
            m_waiter->cancel();
    });
    hide();
}

void LockWaitBar::setWaiter(LockWaiter *waiter)
{
    if (m_waiter)
        disconnect(m_waiter, nullptr, this, nullptr);
    m_waiter = waiter;
    if (waiter)
        connect(waiter, &LockWaiter::waitingChanged, this, &LockWaitBar::showWaiting);
    showWaiting(waiter && waiter->isWaiting());
}

void LockWaitBar::showWaiting(bool waiting)
{
    if (waiting && m_waiter)
        m_label->setText(m_waiter->message());
    setVisible(waiting);
}

} // namespace ui
