// SPDX-License-Identifier: MIT
#pragma once

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace ui {

class LockWaiter;

// The status line of a wait for another program's lock: "Waiting: another program is writing
// to demo.db", with Cancel. Hidden while nothing waits.
class LockWaitBar : public QWidget
{
    Q_OBJECT
public:
    explicit LockWaitBar(QWidget *parent = nullptr);

    void setWaiter(LockWaiter *waiter);
    QLabel *label() const { return m_label; }
    QPushButton *cancelButton() const { return m_cancel; }

private:
    void showWaiting(bool waiting);

    QPointer<LockWaiter> m_waiter;
    QLabel *m_icon;
    QLabel *m_label;
    QPushButton *m_cancel;
};

} // namespace ui
