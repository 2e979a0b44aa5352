// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QHBoxLayout;

namespace ui {

class NavigationHistory;

// The trail of places that led to the current one ("Users: alice › Posts: Quick notes on qt"):
// each earlier place is a button that goes back to it.
class BreadcrumbBar : public QWidget
{
    Q_OBJECT
public:
    explicit BreadcrumbBar(QWidget *parent = nullptr);

    void setHistory(NavigationHistory *history);
    // The crumbs shown, oldest first.
    QStringList crumbs() const;
    int maximumCrumbs() const { return m_maximum; }
    // Names the crumbs again (an object shown in one was renamed).
    void refresh();

Q_SIGNALS:
    // The user chose the place at this index of the history.
    void placeRequested(int index);

private:
    void rebuild();

    NavigationHistory *m_history = nullptr;
    QHBoxLayout *m_layout;
    int m_maximum = 6;
};

} // namespace ui
