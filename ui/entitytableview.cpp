// SPDX-License-Identifier: MIT
#include "ui/entitytableview.h"

#include "ui/entitytablemodel.h"

#include <QCoreApplication>
#include <QKeyEvent>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

namespace ui {

EntityTableView::EntityTableView(QWidget *parent)
    : QTableView(parent)
    , m_tableBar(new QScrollBar(Qt::Vertical, this))
{
    // The view's own bar counts rows (its value is the top row), as the table's bar does.
    setVerticalScrollMode(ScrollPerItem);
    // Tab goes on to the next control, as everywhere else; the arrows move between cells.
    setTabKeyNavigation(false);
    m_tableBar->setObjectName(u"tableScrollBar"_s);
    m_tableBar->setAccessibleName(tr("Position in the table"));
    m_tableBar->hide();
    // In the view's scroll bar area, where the view's own bar is (hidden while this one shows).
    addScrollBarWidget(m_tableBar, Qt::AlignBottom);
    connect(m_tableBar, &QScrollBar::valueChanged, this, &EntityTableView::onTableBarMoved);
    connect(verticalScrollBar(), &QScrollBar::valueChanged, this, &EntityTableView::onViewScrolled);
}

void EntityTableView::setModel(QAbstractItemModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    QTableView::setModel(model);
    m_model = qobject_cast<EntityTableModel *>(model);
    if (m_model)
        connect(m_model, &EntityTableModel::windowChanged, this, &EntityTableView::updateTableBar);
    updateTableBar();
}

int EntityTableView::revealAbsoluteRow(qint64 row)
{
    if (!m_model)
        return -1;
    if (m_model->windowRow(row) < 0 && row >= 0 && row < m_model->absoluteRowCount())
        moveWindow(windowStartFor(row, row), m_model->windowStart() + verticalScrollBar()->value());
    return m_model->windowRow(row);
}

qint64 EntityTableView::topRow() const
{
    const qint64 top = verticalScrollBar()->value();
    return m_model ? m_model->windowStart() + top : top;
}

void EntityTableView::setTopRow(qint64 row)
{
    if (m_model && m_model->isWindowed()) {
        m_tableBar->setValue(int(qBound<qint64>(0, row, qint64(m_tableBar->maximum()))));
        return;
    }
    doItemsLayout(); // the bar's range for the rows the model has now
    verticalScrollBar()->setValue(
        int(qBound<qint64>(0, row, qint64(verticalScrollBar()->maximum()))));
}

QItemSelectionModel::SelectionFlags EntityTableView::selectionCommand(const QModelIndex &index,
                                                                      const QEvent *event) const
{
    const QItemSelectionModel::SelectionFlags flags = QTableView::selectionCommand(index, event);
    // An extended selection lets Ctrl with a key move the current row alone: the highlight
    // would stay behind, on a row the form no longer shows.
    if (event && event->type() == QEvent::KeyPress && flags == QItemSelectionModel::NoUpdate
        && index.isValid())
        return QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows;
    return flags;
}

void EntityTableView::keyPressEvent(QKeyEvent *event)
{
    const bool enter = event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter;
    const Qt::KeyboardModifiers modifiers = event->modifiers() & ~Qt::KeypadModifier;
    // Only the view's own Enter: one an editor passes on (after committing) closes it.
    if (enter && modifiers == Qt::NoModifier && state() != EditingState && hasFocus()
        && currentIndex().isValid() && edit(currentIndex(), EditKeyPressed, event)) {
        event->accept();
        return;
    }
    QTableView::keyPressEvent(event);
}

qint64 EntityTableView::windowStartFor(qint64 first, qint64 last) const
{
    const qint64 rows = m_model->rowCount();
    const qint64 maxStart = m_model->absoluteRowCount() - rows;
    qint64 start = qBound<qint64>(0, (first + last + 1) / 2 - rows / 2, maxStart);
    if (start % 2 != 0) {
        if (start > 0 && last < start - 1 + rows)
            --start;
        else if (start < maxStart && first > start)
            ++start;
    }
    return start;
}

void EntityTableView::moveWindow(qint64 start, qint64 top)
{
    QScrollBar *bar = verticalScrollBar();
    // An editor whose row leaves the window would lose its index: its value is staged first.
    const QModelIndex current = currentIndex();
    if (state() == EditingState && current.isValid()) {
        const qint64 row = m_model->absoluteRow(current.row());
        QWidget *editor = indexWidget(current);
        if (editor && (row < start || row >= start + m_model->rowCount())) {
            commitData(editor);
            closeEditor(editor, QAbstractItemDelegate::NoHint);
        }
    }
    m_model->setWindowStart(start);
    // The top row in view where the new window has it.
    const QScopedValueRollback<bool> guard(m_syncing, true);
    bar->setValue(int(qBound<qint64>(0, top - m_model->windowStart(), qint64(bar->maximum()))));
    m_tableBar->setValue(int(m_model->windowStart() + bar->value()));
}

void EntityTableView::onTableBarMoved(int top)
{
    if (m_syncing || !m_model || !m_model->isWindowed())
        return;
    QScrollBar *bar = verticalScrollBar();
    if (top < m_model->windowStart() || top - m_model->windowStart() > bar->maximum())
        moveWindow(windowStartFor(top, top + bar->pageStep() - 1), top);
    const QScopedValueRollback<bool> guard(m_syncing, true);
    bar->setValue(int(top - m_model->windowStart()));
}

void EntityTableView::onViewScrolled(int value)
{
    if (m_syncing || !m_model || !m_model->isWindowed())
        return;
    const QScopedValueRollback<bool> guard(m_syncing, true);
    m_tableBar->setValue(int(m_model->windowStart() + value));
}

void EntityTableView::updateTableBar()
{
    const bool windowed = m_model && m_model->isWindowed();
    if (windowed == m_tableBar->isHidden()) {
        verticalScrollBar()->setVisible(!windowed);
        m_tableBar->setVisible(windowed);
        setVerticalScrollBarPolicy(windowed ? Qt::ScrollBarAlwaysOn : Qt::ScrollBarAsNeeded);
    }
    if (!windowed)
        return;
    const QScopedValueRollback<bool> guard(m_syncing, true);
    // The view's bar ends where the rows that fit end; the table's bar ends as far from the end.
    QScrollBar *bar = verticalScrollBar();
    const qint64 maxTop = m_model->absoluteRowCount() - m_model->rowCount() + bar->maximum();
    m_tableBar->setRange(0,
                         int(qBound<qint64>(0, maxTop, qint64(std::numeric_limits<int>::max()))));
    m_tableBar->setPageStep(qMax(1, bar->pageStep()));
    m_tableBar->setSingleStep(1);
    m_tableBar->setValue(int(m_model->windowStart() + verticalScrollBar()->value()));
}

void EntityTableView::updateGeometries()
{
    QTableView::updateGeometries();
    updateTableBar(); // the rows that fit may have changed
}

void EntityTableView::wheelEvent(QWheelEvent *event)
{
    // The wheel scrolls the whole table, as the table's bar does.
    const QPoint delta = event->angleDelta();
    if (m_model && m_model->isWindowed() && qAbs(delta.y()) >= qAbs(delta.x())) {
        QCoreApplication::sendEvent(m_tableBar, event);
        return;
    }
    QTableView::wheelEvent(event);
}

QModelIndex EntityTableView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers)
{
    if (!m_model || !m_model->isWindowed())
        return QTableView::moveCursor(cursorAction, modifiers);
    const QModelIndex current = currentIndex();
    const int page = qMax(1, verticalScrollBar()->pageStep());
    const qint64 top = m_model->windowStart() + verticalScrollBar()->value();
    const qint64 at = current.isValid() ? m_model->absoluteRow(current.row()) : top;
    const bool control = modifiers & Qt::ControlModifier;
    qint64 target = at;
    switch (cursorAction) {
    case MoveUp:
    case MovePrevious:
        target = at - 1;
        break;
    case MoveDown:
    case MoveNext:
        target = at + 1;
        break;
    case MovePageUp:
        target = at - page - 1;
        break;
    case MovePageDown:
        target = at + page + 1;
        break;
    case MoveHome:
        target = control ? 0 : at;
        break;
    case MoveEnd:
        target = control ? m_model->absoluteRowCount() - 1 : at;
        break;
    default:
        break;
    }
    target = qBound<qint64>(0, target, m_model->absoluteRowCount() - 1);
    // The rows in view, the current row and the target: in the window, Qt's own move (by rows,
    // by a page of pixels, to the first or last row) behaves as it would on the whole table.
    const qint64 first = std::min({top, at, target});
    const qint64 last = qMin(std::max({top + page, at, target}), m_model->absoluteRowCount() - 1);
    const qint64 start = m_model->windowStart();
    if (first < start || last >= start + m_model->rowCount()) {
        if (last - first < m_model->rowCount())
            moveWindow(windowStartFor(first, last), top);
        else
            moveWindow(windowStartFor(target - page, target + page), top); // Ctrl+Home / End
    }
    if (currentIndex().isValid())
        return QTableView::moveCursor(cursorAction, modifiers);
    // The current row is outside the window: the target, else the first row in view.
    const bool jump = (cursorAction == MoveHome || cursorAction == MoveEnd) && control;
    const int column = current.isValid() ? current.column() : 0;
    return m_model->index(m_model->windowRow(jump ? target : top), column);
}

} // namespace ui
