// SPDX-License-Identifier: MIT
#pragma once

#include <QHeaderView>
#include <QList>

class QLineEdit;
class QTimer;

namespace ui {

// A table header with a filter field under each column (what DB Browser for SQLite calls a
// filter row). The text is handed over as typed; parsing it is ColumnFilter's business.
class FilterHeader : public QHeaderView
{
    Q_OBJECT
public:
    explicit FilterHeader(QWidget *parent = nullptr);

    void setFilterText(int column, const QString &text);
    QString filterText(int column) const;
    // Marks a column's filter as not understood (empty message: fine).
    void setFilterError(int column, const QString &message);
    QLineEdit *filterEditor(int column) const;
    void clearFilters();
    // Creates one filter field per column and names them after the columns.
    void refreshEditors();
    // Keeps the fields under their columns (call when the table scrolls sideways).
    void placeEditors();

    QSize sizeHint() const override;

Q_SIGNALS:
    // After a short pause in typing, or at once on Enter.
    void filterChanged(int column, const QString &text);

protected:
    void updateGeometries() override;

private:
    int editorHeight() const;
    // The column's filter syntax, for its field's tooltip.
    QString syntaxTip(int column) const;

    QList<QLineEdit *> m_editors;
    QList<QTimer *> m_timers;
};

} // namespace ui
