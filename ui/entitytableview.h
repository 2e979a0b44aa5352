// SPDX-License-Identifier: MIT
#pragma once

#include <QTableView>

class QScrollBar;

namespace ui {

class EntityTableModel;

// The table of an EntityTableModel. While the model shows a window of a large table, a scroll
// bar that spans the whole table takes the place of the view's own (which still scrolls within
// the window, hidden), and the window moves as the person scrolls: with that bar, the wheel, or
// the keys (arrows, Page Up / Page Down, Ctrl+Home / Ctrl+End) across the window's edge.
// Keyboard moves keep Qt's own behaviour; the window is moved first so that they have room.
// The selection moves with the current row whatever the keys (Ctrl+Home selects the first
// row), so that the highlight is always the row the form shows and Delete acts on. Tab leaves
// the table (the arrows move between cells); F2 and Enter edit the current cell.
//
// Not supported across a move of the window: a selection of rows outside the new window (it
// keeps the rows still in it), and an editor whose row leaves it (its value is committed and
// the editor closed).
class EntityTableView : public QTableView
{
    Q_OBJECT
public:
    explicit EntityTableView(QWidget *parent = nullptr);

    void setModel(QAbstractItemModel *model) override;

    // Spans the whole table; shown while the model has a window.
    QScrollBar *tableScrollBar() const { return m_tableBar; }
    // Moves the window when the absolute row is outside it (centred on the row), and returns
    // the row's model row.
    int revealAbsoluteRow(qint64 row);
    // The absolute row shown first in view, and scrolling (moving the window) to show a row
    // there, or as near as the end of the table allows.
    qint64 topRow() const;
    void setTopRow(qint64 row);

protected:
    QModelIndex moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers) override;
    QItemSelectionModel::SelectionFlags selectionCommand(const QModelIndex &index,
                                                         const QEvent *event) const override;
    // Enter edits the current cell, as F2 does (Qt leaves Enter to activated()).
    void keyPressEvent(QKeyEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void updateGeometries() override;

private:
    // Whether the model shows a window of a larger table (its TableWindow says where).
    bool isWindowed() const;
    // Shows top as the first row in view, or as near as the new window allows.
    void moveWindow(qint64 start, qint64 top);
    void onTableBarMoved(int top);
    void onViewScrolled(int value);
    void updateTableBar();

    EntityTableModel *m_model = nullptr;
    QScrollBar *m_tableBar;
    bool m_syncing = false;
};

} // namespace ui
