// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QtGlobal>

#include <optional>

namespace ui {

// Where a table's rows are, as numbers. A large table is shown through a window: a model has at
// most capacity() rows, the absolute rows start() and after (model row r is absolute row
// start() + r), so that a view's per-row bookkeeping stays the same at any size. The table's
// rows are read in pages of pageSize() rows.
//
// EntityTableModel keeps one, moves it and grows or shrinks it with the rows; EntityTableView
// reads it (EntityTableModel::window()) to decide where the window goes as the person scrolls;
// PageCache asks it which pages a read brings along and which it reads ahead. Only arithmetic:
// no rows, no model, no signals.
//
// The window is always as full as the table allows (rowCount() is the smaller of capacity()
// and totalRows()) and never passes the table's end: the last row of a windowed table is the
// window's last row when the window is at the end.
class TableWindow
{
public:
    static constexpr int defaultCapacity = 100000;
    static constexpr int defaultPageSize = 100;

    enum class Counted { No, Yes };
    enum class Order { Ascending, Descending };

    // Every row: the database's (as counted so far) and the rows after them.
    qint64 totalRows() const { return m_total; }
    int capacity() const { return m_capacity; }
    qint64 start() const { return m_start; }
    // The rows in the window (the model's row count).
    int rowCount() const { return m_rows; }
    bool isWindowed() const { return m_total > m_capacity; }

    // The window from the first row, over a table of total rows (a reload).
    void reset(qint64 total);
    // At least one row; the window keeps its start where the table allows.
    void setCapacity(int rows);
    // The start a window would have there (kept inside the table).
    qint64 clampedStart(qint64 start) const;
    void setStart(qint64 start);
    // The same window with another start (clamped), to ask what it would hold.
    TableWindow movedTo(qint64 start) const;

    qint64 absoluteRow(int row) const { return m_start + row; }
    // The model row of an absolute row; -1 outside the window.
    int windowRow(qint64 absoluteRow) const;
    bool holds(qint64 first, qint64 last) const;
    bool holds(qint64 row) const { return holds(row, row); }
    bool isInTable(qint64 row) const { return row >= 0 && row < m_total; }
    // The model rows [first, last] of the absolute rows [first, end) in the window, if any.
    std::optional<std::pair<int, int>> rowsInWindow(qint64 first, qint64 end) const;

    // The window start that holds [first, last] around its middle (an even start keeps a view's
    // alternating row colours in place).
    qint64 startAround(qint64 first, qint64 last) const;
    // Where the window goes to hold [first, last]: around them, or around [around - margin,
    // around + margin] when they do not fit in it; nullopt when it holds them already.
    std::optional<qint64> startToHold(qint64 first, qint64 last, qint64 around,
                                      qint64 margin) const;
    // Whether the absolute row can be the first in view without moving the window, when the
    // view can show model rows up to lastTop at its top.
    bool canShowAtTop(qint64 top, int lastTop) const;
    // The largest absolute row a view can show at its top, when it can show model rows up to
    // lastTop there.
    qint64 lastTableTop(int lastTop) const { return m_total - m_rows + lastTop; }

    // Rows inserted before absolute row at (at == totalRows(): appended).
    struct Insertion
    {
        enum class Kind {
            Before, // before the window: the window keeps its rows, further down
            After, // after the window: nothing in it changes
            Shown, // model rows [first, first + count) inserted
            Reset, // rows of the window would be pushed out of it: read again
        };
        Kind kind = Kind::After;
        int first = 0;
        int count = 0;
    };
    Insertion insertion(qint64 at, qint64 count) const;
    // Applies insertion(at, count): the rows are in.
    void insertRows(qint64 at, qint64 count);

    // Rows removed from absolute row at.
    struct Removal
    {
        bool shown = false; // model rows [first, last] removed
        int first = 0;
        int last = 0;
    };
    Removal removal(qint64 at, qint64 count) const;
    // Applies removal(at, count). The window may then have fewer rows than it can hold:
    // rowsMissingBelow() come after it, then rowsMissingAbove() before it.
    void removeRows(qint64 at, qint64 count);
    int rowsMissingBelow() const;
    int rowsMissingAbove() const;
    void growBelow(int rows);
    void growAbove(int rows);

    // Pages: the database's rows, pageSize() at a time (page p holds rows p * pageSize() on).
    int pageSize() const { return m_pageSize; }
    // At least one row.
    void setPageSize(int rows);
    qint64 pageOf(qint64 row) const { return row / m_pageSize; }
    qint64 firstRowOf(qint64 page) const { return page * m_pageSize; }
    qsizetype indexInPage(qint64 row) const { return qsizetype(row % m_pageSize); }

    // One read of rows [offset, offset + limit) of the table's order, or of the opposite order
    // when fromEnd (past the middle, stepping over rows from the end is shorter).
    struct Read
    {
        qint64 limit = 0;
        qint64 offset = 0;
        bool fromEnd = false;
    };
    // How a page of a table of rows rows (counted, or not yet) is read by OFFSET.
    Read pageRead(qint64 page, qint64 rows, Counted counted) const;
    // The background read of a page's keys: the walk to the page costs the same for a few pages
    // more, so the neighbours come along (keyReadSpan pages from keyReadFirstPage()). Empty when
    // the page is past the table's end.
    static constexpr qint64 keyReadSpan = 9;
    qint64 keyReadFirstPage(qint64 page) const { return qMax<qint64>(0, page - keyReadSpan / 2); }
    std::optional<Read> keyRead(qint64 page, qint64 rows, Counted counted) const;
    // The keys [first, last] of a page of a table whose keys run without gaps from firstKey (in
    // the given order).
    std::pair<qint64, qint64> keyRange(qint64 page, qint64 rows, qint64 firstKey,
                                       Order order) const;
    // The pages whose keys are read ahead once a page is read by its keys (scrolling on, the
    // person gets there next), inside a table of rows rows.
    QList<qint64> pagesAhead(qint64 page, qint64 rows) const;

private:
    qint64 m_total = 0;
    qint64 m_start = 0;
    int m_rows = 0;
    int m_capacity = defaultCapacity;
    int m_pageSize = defaultPageSize;
};

} // namespace ui
