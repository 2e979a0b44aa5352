// SPDX-License-Identifier: MIT
#include "ui/tablewindow.h"

#include <algorithm>

namespace ui {

void TableWindow::reset(qint64 total)
{
    m_total = qMax<qint64>(0, total);
    m_rows = int(qMin<qint64>(m_capacity, m_total));
    m_start = 0;
}

void TableWindow::setCapacity(int rows)
{
    m_capacity = qMax(1, rows);
    m_rows = int(qMin<qint64>(m_capacity, m_total));
    m_start = clampedStart(m_start);
}

qint64 TableWindow::clampedStart(qint64 start) const
{
    return qBound<qint64>(0, start, m_total - m_rows);
}

void TableWindow::setStart(qint64 start)
{
    m_start = clampedStart(start);
}

TableWindow TableWindow::movedTo(qint64 start) const
{
    TableWindow moved = *this;
    moved.setStart(start);
    return moved;
}

int TableWindow::windowRow(qint64 absoluteRow) const
{
    return absoluteRow >= m_start && absoluteRow < m_start + m_rows ? int(absoluteRow - m_start)
                                                                    : -1;
}

bool TableWindow::holds(qint64 first, qint64 last) const
{
    return first >= m_start && last < m_start + m_rows;
}

std::optional<std::pair<int, int>> TableWindow::rowsInWindow(qint64 first, qint64 end) const
{
    const qint64 a = qMax(first, m_start);
    const qint64 b = qMin(end, m_start + m_rows) - 1;
    if (a > b)
        return std::nullopt;
    return std::pair<int, int>(int(a - m_start), int(b - m_start));
}

qint64 TableWindow::startAround(qint64 first, qint64 last) const
{
    const qint64 rows = m_rows;
    const qint64 maxStart = m_total - rows;
    qint64 start = qBound<qint64>(0, (first + last + 1) / 2 - rows / 2, maxStart);
    if (start % 2 != 0) {
        if (start > 0 && last < start - 1 + rows)
            --start;
        else if (start < maxStart && first > start)
            ++start;
    }
    return start;
}

std::optional<qint64> TableWindow::startToHold(qint64 first, qint64 last, qint64 around,
                                               qint64 margin) const
{
    if (holds(first, last))
        return std::nullopt;
    if (last - first < m_rows)
        return startAround(first, last);
    return startAround(around - margin, around + margin);
}

bool TableWindow::canShowAtTop(qint64 top, int lastTop) const
{
    return top >= m_start && top - m_start <= lastTop;
}

TableWindow::Insertion TableWindow::insertion(qint64 at, qint64 count) const
{
    const qint64 end = m_start + m_rows;
    if (at < m_start)
        return {Insertion::Kind::Before, 0, 0};
    const qint64 room = m_capacity - m_rows;
    if (at > end || (at == end && room == 0))
        return {Insertion::Kind::After, 0, 0};
    // At the end, rows past the window stay out of it.
    if (at == end || count <= room)
        return {Insertion::Kind::Shown, int(at - m_start), int(qMin(count, room))};
    return {Insertion::Kind::Reset, 0, 0};
}

void TableWindow::insertRows(qint64 at, qint64 count)
{
    const Insertion change = insertion(at, count);
    m_total += count;
    switch (change.kind) {
    case Insertion::Kind::Before:
        m_start += count;
        break;
    case Insertion::Kind::After:
        break;
    case Insertion::Kind::Shown:
        m_rows += change.count;
        break;
    case Insertion::Kind::Reset:
        m_rows = int(qMin<qint64>(m_capacity, m_total));
        m_start = clampedStart(m_start);
        break;
    }
}

TableWindow::Removal TableWindow::removal(qint64 at, qint64 count) const
{
    const qint64 end = m_start + m_rows;
    if (at + count <= m_start || at >= end)
        return {};
    const qint64 first = qMax(at, m_start);
    const qint64 last = qMin(at + count, end) - 1;
    return {true, int(first - m_start), int(last - m_start)};
}

void TableWindow::removeRows(qint64 at, qint64 count)
{
    const Removal change = removal(at, count);
    m_total -= count;
    if (at + count <= m_start) {
        m_start -= count; // before the window: it keeps its rows, further up
        return;
    }
    if (!change.shown)
        return; // after the window
    m_start -= qMin(at + count, m_start) - qMin(at, m_start);
    m_rows -= change.last - change.first + 1;
}

int TableWindow::rowsMissingBelow() const
{
    const qint64 wanted = qMin<qint64>(m_capacity, m_total);
    return int(qMax<qint64>(0, qMin(wanted - m_rows, m_total - m_start - m_rows)));
}

int TableWindow::rowsMissingAbove() const
{
    return int(qMax<qint64>(0, qMin<qint64>(m_capacity, m_total) - m_rows));
}

void TableWindow::growBelow(int rows)
{
    m_rows += rows;
}

void TableWindow::growAbove(int rows)
{
    m_start -= rows;
    m_rows += rows;
}

void TableWindow::setPageSize(int rows)
{
    m_pageSize = qMax(1, rows);
}

TableWindow::Read TableWindow::pageRead(qint64 page, qint64 rows, Counted counted) const
{
    const qint64 first = firstRowOf(page);
    if (counted == Counted::Yes && first > rows / 2) {
        const qint64 last = qMin(first + m_pageSize, rows);
        return {last - first, rows - last, true};
    }
    return {m_pageSize, first, false};
}

std::optional<TableWindow::Read> TableWindow::keyRead(qint64 page, qint64 rows,
                                                      Counted counted) const
{
    const qint64 first = firstRowOf(keyReadFirstPage(page));
    qint64 count = keyReadSpan * m_pageSize;
    if (counted == Counted::Yes)
        count = qMin(count, rows - first);
    if (count <= 0)
        return std::nullopt;
    // Past the middle the walk starts from the end, in the opposite order.
    if (counted == Counted::Yes && first > rows / 2)
        return Read {count, rows - first - count, true};
    return Read {count, first, false};
}

std::pair<qint64, qint64> TableWindow::keyRange(qint64 page, qint64 rows, qint64 firstKey,
                                                Order order) const
{
    const qint64 first = firstRowOf(page);
    const qint64 last = qMin(first + m_pageSize, rows) - 1;
    if (order == Order::Descending)
        return {firstKey - last, firstKey - first};
    return {firstKey + first, firstKey + last};
}

QList<qint64> TableWindow::pagesAhead(qint64 page, qint64 rows) const
{
    QList<qint64> out;
    for (const qint64 ahead : {page + 2, page - 2}) {
        if (ahead >= 0 && firstRowOf(ahead) < rows)
            out << ahead;
    }
    return out;
}

} // namespace ui
