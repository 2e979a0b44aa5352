// SPDX-License-Identifier: MIT
#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QTableView;

namespace ui {

class SqlLogModel;

// The SQL log panel: every statement the session ran, with its bound values and duration,
// newest at the bottom (followed while the view is scrolled to the end).
class SqlLogView : public QWidget
{
    Q_OBJECT
public:
    explicit SqlLogView(QWidget *parent = nullptr);

    void setModel(SqlLogModel *model);
    SqlLogModel *model() const { return m_model; }
    QTableView *tableView() const { return m_view; }

private:
    void updateSummary();

    SqlLogModel *m_model = nullptr;
    QTableView *m_view;
    QLabel *m_summary;
    QCheckBox *m_follow;
};

} // namespace ui
