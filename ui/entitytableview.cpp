// SPDX-License-Identifier: MIT
#include "ui/entitytableview.h"

#include "ui/entitytablemodel.h"
#include "ui/tablewindow.h"

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
    const TableWindow &window = m_model->window();
    if (!window.holds(row) && window.isInTable(row))
        moveWindow(window.startAround(row, row), topRow());
    return window.windowRow(row);
}

qint64 EntityTableView::topRow() const
{
    const int top = verticalScrollBar()->value();
    return m_model ? m_model->window().absoluteRow(top) : top;
}

void EntityTableView::setTopRow(qint64 row)
{
    if (isWindowed()) {
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

bool EntityTableView::isWindowed() const
{
    return m_model && m_model->window().isWindowed();
}

void EntityTableView::moveWindow(qint64 start, qint64 top)
{
    QScrollBar *bar = verticalScrollBar();
    const TableWindow &window = m_model->window();
    // An editor whose row leaves the window would lose its index: its value is staged first.
    const QModelIndex current = currentIndex();
    if (state() == EditingState && current.isValid()) {
        QWidget *editor = indexWidget(current);
        if (editor && !window.movedTo(start).holds(window.absoluteRow(current.row()))) {
            commitData(editor);
            closeEditor(editor, QAbstractItemDelegate::NoHint);
        }
    }
    m_model->setWindowStart(start);
    // The top row in view where the new window has it.
    const QScopedValueRollback<bool> guard(m_syncing, true);
    bar->setValue(int(qBound<qint64>(0, top - window.start(), qint64(bar->maximum()))));
    m_tableBar->setValue(int(window.absoluteRow(bar->value())));
}

void EntityTableView::onTableBarMoved(int top)
{
    if (m_syncing || !isWindowed())
        return;
    QScrollBar *bar = verticalScrollBar();
    const TableWindow &window = m_model->window();
    if (!window.canShowAtTop(top, bar->maximum()))
        moveWindow(window.startAround(top, top + bar->pageStep() - 1), top);
    const QScopedValueRollback<bool> guard(m_syncing, true);
    bar->setValue(int(top - window.start()));
}

void EntityTableView::onViewScrolled(int value)
{
    if (m_syncing || !isWindowed())
        return;
    const QScopedValueRollback<bool> guard(m_syncing, true);
    m_tableBar->setValue(int(m_model->window().absoluteRow(value)));
}

void EntityTableView::updateTableBar()
{
    const bool windowed = isWindowed();
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
    const TableWindow &window = m_model->window();
    const qint64 maxTop = window.lastTableTop(bar->maximum());
    m_tableBar->setRange(0,
                         int(qBound<qint64>(0, maxTop, qint64(std::numeric_limits<int>::max()))));
    m_tableBar->setPageStep(qMax(1, bar->pageStep()));
    m_tableBar->setSingleStep(1);
    m_tableBar->setValue(int(window.absoluteRow(bar->value())));
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
    if (isWindowed() && qAbs(delta.y()) >= qAbs(delta.x())) {
        QCoreApplication::sendEvent(m_tableBar, event);
        return;
    }
    QTableView::wheelEvent(event);
}

QModelIndex EntityTableView::moveCursor(CursorAction cursorAction, Qt::KeyboardModifiers modifiers)
{
    if (!isWindowed())
        return QTableView::moveCursor(cursorAction, modifiers);
    const TableWindow &window = m_model->window();
    const QModelIndex current = currentIndex();
    const int page = qMax(1, verticalScrollBar()->pageStep());
    const qint64 top = topRow();
    const qint64 at = current.isValid() ? window.absoluteRow(current.row()) : top;
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
        target = control ? window.totalRows() - 1 : at;
        break;
    default:
        break;
    }
    target = qBound<qint64>(0, target, window.totalRows() - 1);
    // The rows in view, the current row and the target: in the window, Qt's own move (by rows,
    // by a page of pixels, to the first or last row) behaves as it would on the whole table.
    // When they do not fit in it (Ctrl+Home / End), the window goes around the target.
    const qint64 first = std::min({top, at, target});
    const qint64 last = qMin(std::max({top + page, at, target}), window.totalRows() - 1);
    if (const std::optional<qint64> start = window.startToHold(first, last, target, page))
        moveWindow(*start, top);
    if (currentIndex().isValid())
        return QTableView::moveCursor(cursorAction, modifiers);
    // The current row is outside the window: the target, else the first row in view.
    const bool jump = (cursorAction == MoveHome || cursorAction == MoveEnd) && control;
    const int column = current.isValid() ? current.column() : 0;
    return m_model->index(window.windowRow(jump ? target : top), column);
}

} // namespace ui
