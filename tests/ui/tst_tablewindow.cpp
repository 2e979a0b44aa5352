// SPDX-License-Identifier: MIT
#include "ui/tablewindow.h"

#include <QtTest>

using ui::TableWindow;

class tst_TableWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aSmallTableHasNoWindow();
    void modelRowsAreAbsoluteRowsFromTheStart();
    void theWindowStaysInsideTheTable();
    void startsAroundRowsOnAnEvenRow_data();
    void startsAroundRowsOnAnEvenRow();
    void movesOnlyWhenTheRowsAreOutside();
    void knowsWhichRowsAViewCanShowAtItsTop();
    void insertsBeforeInsideOrAfterTheWindow_data();
    void insertsBeforeInsideOrAfterTheWindow();
    void removesAndFillsTheWindowAgain_data();
    void removesAndFillsTheWindowAgain();
    void givesTheModelRowsOfAbsoluteRows();
    void readsPagesByOffsetFromTheNearerEnd();
    void readsTheKeysOfAPageWithItsNeighbours();
    void readsPagesOfDenseKeysAsRanges();
    void readsAheadInsideTheTable();
};

// A window of capacity rows over a table of total rows, at start.
static TableWindow window(int capacity, qint64 total, qint64 start = 0, int pageSize = 100)
{
    TableWindow w;
    w.setCapacity(capacity);
    w.setPageSize(pageSize);
    w.reset(total);
    w.setStart(start);
    return w;
}

void tst_TableWindow::aSmallTableHasNoWindow()
{
    // Given 30 rows and room for 50, then every row is in the model and the start stays 0.
    TableWindow w = window(50, 30);
    QVERIFY(!w.isWindowed());
    QCOMPARE(w.rowCount(), 30);
    w.setStart(10);
    QCOMPARE(w.start(), qint64(0));
    QCOMPARE(w.windowRow(29), 29);
    QCOMPARE(w.windowRow(30), -1);
    // When the capacity shrinks below the table, then it is windowed, from where it was.
    w.setCapacity(10);
    QVERIFY(w.isWindowed());
    QCOMPARE(w.rowCount(), 10);
    QCOMPARE(w.start(), qint64(0));
    // A capacity of 0 is one row.
    w.setCapacity(0);
    QCOMPARE(w.capacity(), 1);
    QCOMPARE(w.rowCount(), 1);
}

void tst_TableWindow::modelRowsAreAbsoluteRowsFromTheStart()
{
    // Given a window of 50 of 3000 rows at 1000,
    const TableWindow w = window(50, 3000, 1000);
    // then model row r is absolute row 1000 + r, and rows outside have no model row.
    QVERIFY(w.isWindowed());
    QCOMPARE(w.rowCount(), 50);
    QCOMPARE(w.absoluteRow(0), qint64(1000));
    QCOMPARE(w.absoluteRow(49), qint64(1049));
    QCOMPARE(w.windowRow(1049), 49);
    QCOMPARE(w.windowRow(1050), -1);
    QCOMPARE(w.windowRow(999), -1);
    QVERIFY(w.holds(1000, 1049));
    QVERIFY(!w.holds(999, 1010));
    QVERIFY(!w.holds(1040, 1050));
    QVERIFY(w.isInTable(2999));
    QVERIFY(!w.isInTable(3000));
    QVERIFY(!w.isInTable(-1));
}

void tst_TableWindow::theWindowStaysInsideTheTable()
{
    // Given a window of 50 of 3000 rows,
    TableWindow w = window(50, 3000);
    // when it is moved past the end or before the start, then it stays whole, at the end or at 0;
    w.setStart(5000);
    QCOMPARE(w.start(), qint64(2950));
    QCOMPARE(w.absoluteRow(49), qint64(2999));
    w.setStart(-7);
    QCOMPARE(w.start(), qint64(0));
    // a copy moved elsewhere leaves it where it is;
    const TableWindow moved = w.movedTo(2000);
    QCOMPARE(moved.start(), qint64(2000));
    QCOMPARE(w.start(), qint64(0));
    // and a reset starts it from the first row again.
    w.setStart(700);
    w.reset(100);
    QCOMPARE(w.start(), qint64(0));
    QCOMPARE(w.rowCount(), 50);
    QCOMPARE(w.totalRows(), qint64(100));
}

void tst_TableWindow::startsAroundRowsOnAnEvenRow_data()
{
    QTest::addColumn<qint64>("first");
    QTest::addColumn<qint64>("last");
    QTest::addColumn<qint64>("start");
    // A window of 50 over 3000 rows: the rows' middle in the window's middle, on an even row.
    QTest::newRow("an odd start moved up") << qint64(1000) << qint64(1000) << qint64(974);
    QTest::newRow("an even start") << qint64(1001) << qint64(1001) << qint64(976);
    QTest::newRow("a range") << qint64(1000) << qint64(1019) << qint64(984);
    QTest::newRow("at the start") << qint64(3) << qint64(3) << qint64(0);
    QTest::newRow("at the end") << qint64(2999) << qint64(2999) << qint64(2950);
}

void tst_TableWindow::startsAroundRowsOnAnEvenRow()
{
    QFETCH(qint64, first);
    QFETCH(qint64, last);
    QFETCH(qint64, start);
    const TableWindow w = window(50, 3000, 500);
    const qint64 s = w.startAround(first, last);
    QCOMPARE(s, start);
    QVERIFY(w.movedTo(s).holds(first, last));
}

void tst_TableWindow::movesOnlyWhenTheRowsAreOutside()
{
    // Given a window of 50 at 1000,
    const TableWindow w = window(50, 3000, 1000);
    // rows it holds keep it where it is;
    QCOMPARE(w.startToHold(1010, 1020, 1015, 10), std::nullopt);
    // rows outside that fit in it move it around them;
    QCOMPARE(w.startToHold(1040, 1060, 1060, 10), std::optional<qint64>(w.startAround(1040, 1060)));
    // and rows that do not fit (a jump from the first row to the last) move it around the one
    // it goes to, with the margin around it.
    const std::optional<qint64> far = w.startToHold(1000, 2999, 2999, 10);
    QCOMPARE(far, std::optional<qint64>(2950));
    QVERIFY(w.movedTo(*far).holds(2989, 2999));
}

void tst_TableWindow::knowsWhichRowsAViewCanShowAtItsTop()
{
    // Given a window of 50 at 1000, in a view that shows 20 rows (model rows 0 to 30 at top),
    const TableWindow w = window(50, 3000, 1000);
    const int lastTop = 30;
    // then rows 1000 to 1030 can be at the top without moving it, and no others;
    QVERIFY(w.canShowAtTop(1000, lastTop));
    QVERIFY(w.canShowAtTop(1030, lastTop));
    QVERIFY(!w.canShowAtTop(1031, lastTop));
    QVERIFY(!w.canShowAtTop(999, lastTop));
    // and the table's last top row is as far from the end as the window's.
    QCOMPARE(w.lastTableTop(lastTop), qint64(2980));
}

void tst_TableWindow::insertsBeforeInsideOrAfterTheWindow_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("at");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<int>("kind");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("shown");
    QTest::addColumn<qint64>("newStart");
    QTest::addColumn<int>("newRows");
    using Kind = TableWindow::Insertion::Kind;
    // A window of 50 rows.
    QTest::newRow("before") << qint64(3000) << qint64(1000) << qint64(10) << qint64(5)
                            << int(Kind::Before) << 0 << 0 << qint64(1005) << 50;
    QTest::newRow("after") << qint64(3000) << qint64(1000) << qint64(1050) << qint64(5)
                           << int(Kind::After) << 0 << 0 << qint64(1000) << 50;
    QTest::newRow("appended to a full window")
        << qint64(3000) << qint64(2950) << qint64(3000) << qint64(1) << int(Kind::After) << 0 << 0
        << qint64(2950) << 50;
    QTest::newRow("into room") << qint64(20) << qint64(0) << qint64(5) << qint64(3)
                               << int(Kind::Shown) << 5 << 3 << qint64(0) << 23;
    QTest::newRow("appended, more than the room")
        << qint64(40) << qint64(0) << qint64(40) << qint64(30) << int(Kind::Shown) << 40 << 10
        << qint64(0) << 50;
    QTest::newRow("pushing rows out") << qint64(3000) << qint64(1000) << qint64(1010) << qint64(2)
                                      << int(Kind::Reset) << 0 << 0 << qint64(1000) << 50;
}

void tst_TableWindow::insertsBeforeInsideOrAfterTheWindow()
{
    QFETCH(qint64, total);
    QFETCH(qint64, start);
    QFETCH(qint64, at);
    QFETCH(qint64, count);
    QFETCH(int, kind);
    QFETCH(int, first);
    QFETCH(int, shown);
    QFETCH(qint64, newStart);
    QFETCH(int, newRows);
    // Given a window of 50 rows, when rows are inserted,
    TableWindow w = window(50, total, start);
    const TableWindow::Insertion change = w.insertion(at, count);
    // then the change says what a model tells its views,
    QCOMPARE(int(change.kind), kind);
    QCOMPARE(change.first, first);
    QCOMPARE(change.count, shown);
    // and once applied, the window is where its rows went.
    w.insertRows(at, count);
    QCOMPARE(w.totalRows(), total + count);
    QCOMPARE(w.start(), newStart);
    QCOMPARE(w.rowCount(), newRows);
}

void tst_TableWindow::removesAndFillsTheWindowAgain_data()
{
    QTest::addColumn<qint64>("total");
    QTest::addColumn<qint64>("start");
    QTest::addColumn<qint64>("at");
    QTest::addColumn<qint64>("count");
    QTest::addColumn<bool>("shown");
    QTest::addColumn<int>("first");
    QTest::addColumn<int>("last");
    QTest::addColumn<int>("below");
    QTest::addColumn<int>("above");
    QTest::addColumn<qint64>("newStart");
    // A window of 50 rows.
    QTest::newRow("before") << qint64(3000) << qint64(1000) << qint64(10) << qint64(5) << false << 0
                            << 0 << 0 << 0 << qint64(995);
    QTest::newRow("after") << qint64(3000) << qint64(1000) << qint64(1050) << qint64(5) << false
                           << 0 << 0 << 0 << 0 << qint64(1000);
    QTest::newRow("inside, filled from below")
        << qint64(3000) << qint64(1000) << qint64(1010) << qint64(3) << true << 10 << 12 << 3 << 0
        << qint64(1000);
    QTest::newRow("across its start") << qint64(3000) << qint64(1000) << qint64(995) << qint64(10)
                                      << true << 0 << 4 << 5 << 0 << qint64(995);
    QTest::newRow("at the end, filled from above")
        << qint64(3000) << qint64(2950) << qint64(2999) << qint64(1) << true << 49 << 49 << 0 << 1
        << qint64(2949);
    QTest::newRow("a small table shrinks") << qint64(30) << qint64(0) << qint64(5) << qint64(2)
                                           << true << 5 << 6 << 0 << 0 << qint64(0);
}

void tst_TableWindow::removesAndFillsTheWindowAgain()
{
    QFETCH(qint64, total);
    QFETCH(qint64, start);
    QFETCH(qint64, at);
    QFETCH(qint64, count);
    QFETCH(bool, shown);
    QFETCH(int, first);
    QFETCH(int, last);
    QFETCH(int, below);
    QFETCH(int, above);
    QFETCH(qint64, newStart);
    // Given a window of 50 rows, when rows are removed,
    TableWindow w = window(50, total, start);
    const TableWindow::Removal change = w.removal(at, count);
    // then the change names the model rows that go,
    QCOMPARE(change.shown, shown);
    if (shown) {
        QCOMPARE(change.first, first);
        QCOMPARE(change.last, last);
    }
    // and the window fills up again, with the rows after it, else with those before it.
    w.removeRows(at, count);
    QCOMPARE(w.totalRows(), total - count);
    QCOMPARE(w.rowsMissingBelow(), below);
    w.growBelow(below);
    QCOMPARE(w.rowsMissingAbove(), above);
    w.growAbove(above);
    QCOMPARE(w.start(), newStart);
    QCOMPARE(w.rowCount(), int(qMin<qint64>(50, total - count)));
    QVERIFY(w.start() + w.rowCount() <= w.totalRows());
}

void tst_TableWindow::givesTheModelRowsOfAbsoluteRows()
{
    // Given a window of 50 at 1000, then rows [first, end) that reach into it name its rows.
    const TableWindow w = window(50, 3000, 1000);
    QCOMPARE(w.rowsInWindow(900, 1005), (std::optional<std::pair<int, int>>({0, 4})));
    QCOMPARE(w.rowsInWindow(1040, 1500), (std::optional<std::pair<int, int>>({40, 49})));
    QCOMPARE(w.rowsInWindow(0, 1000), std::nullopt);
    QCOMPARE(w.rowsInWindow(1050, 1060), std::nullopt);
}

void tst_TableWindow::readsPagesByOffsetFromTheNearerEnd()
{
    using Counted = TableWindow::Counted;
    // Given pages of 50 over 2999 rows,
    const TableWindow w = window(100, 2999, 0, 50);
    QCOMPARE(w.pageOf(1499), qint64(29));
    QCOMPARE(w.firstRowOf(29), qint64(1450));
    QCOMPARE(w.indexInPage(1499), qsizetype(49));
    // a page before the middle is read forward;
    TableWindow::Read r = w.pageRead(10, 2999, Counted::Yes);
    QVERIFY(!r.fromEnd);
    QCOMPARE(r.limit, qint64(50));
    QCOMPARE(r.offset, qint64(500));
    // past the middle, from the end (the last page holds 49 rows);
    r = w.pageRead(59, 2999, Counted::Yes);
    QVERIFY(r.fromEnd);
    QCOMPARE(r.limit, qint64(49));
    QCOMPARE(r.offset, qint64(0));
    r = w.pageRead(40, 2999, Counted::Yes);
    QVERIFY(r.fromEnd);
    QCOMPARE(r.offset, qint64(2999 - 2050));
    // and before the rows are counted, always forward.
    QVERIFY(!w.pageRead(59, 2999, Counted::No).fromEnd);
}

void tst_TableWindow::readsTheKeysOfAPageWithItsNeighbours()
{
    using Counted = TableWindow::Counted;
    // Given pages of 50 over 3000 rows,
    const TableWindow w = window(100, 3000, 0, 50);
    // the keys of page 30 come with four pages on either side;
    QCOMPARE(w.keyReadFirstPage(30), qint64(26));
    std::optional<TableWindow::Read> r = w.keyRead(30, 3000, Counted::Yes);
    QVERIFY(r && !r->fromEnd);
    QCOMPARE(r->limit, qint64(9 * 50));
    QCOMPARE(r->offset, qint64(26 * 50));
    // past the middle, walked from the end in the opposite order;
    r = w.keyRead(40, 3000, Counted::Yes);
    QVERIFY(r && r->fromEnd);
    QCOMPARE(r->limit, qint64(9 * 50));
    QCOMPARE(r->offset, qint64(3000 - 36 * 50 - 9 * 50));
    // near the start, from page 0 on, forward;
    r = w.keyRead(2, 3000, Counted::Yes);
    QCOMPARE(w.keyReadFirstPage(2), qint64(0));
    QVERIFY(r && !r->fromEnd);
    QCOMPARE(r->offset, qint64(0));
    // near the end, only the rows there are;
    r = w.keyRead(59, 3000, Counted::Yes);
    QVERIFY(r);
    QCOMPARE(r->limit, qint64(3000 - 55 * 50));
    // past the end, nothing; and before the count, a whole span forward.
    QVERIFY(!w.keyRead(70, 3000, Counted::Yes));
    r = w.keyRead(70, 3000, Counted::No);
    QVERIFY(r && !r->fromEnd);
    QCOMPARE(r->offset, qint64(66 * 50));
}

void tst_TableWindow::readsPagesOfDenseKeysAsRanges()
{
    using Order = TableWindow::Order;
    // Given pages of 50 over 3000 rows whose keys run from 1 (or down from 3000),
    const TableWindow w = window(100, 3000, 0, 50);
    QCOMPARE(w.keyRange(0, 3000, 1, Order::Ascending), (std::pair<qint64, qint64>(1, 50)));
    QCOMPARE(w.keyRange(30, 3000, 1, Order::Ascending), (std::pair<qint64, qint64>(1501, 1550)));
    QCOMPARE(w.keyRange(0, 3000, 3000, Order::Descending), (std::pair<qint64, qint64>(2951, 3000)));
    // the last page of 2990 rows is short.
    QCOMPARE(w.keyRange(59, 2990, 1, Order::Ascending), (std::pair<qint64, qint64>(2951, 2990)));
}

void tst_TableWindow::readsAheadInsideTheTable()
{
    // Given pages of 50 over 3000 rows (pages 0 to 59),
    const TableWindow w = window(100, 3000, 0, 50);
    // then two pages on either side are read ahead, none outside the table.
    QCOMPARE(w.pagesAhead(30, 3000), (QList<qint64> {32, 28}));
    QCOMPARE(w.pagesAhead(1, 3000), (QList<qint64> {3}));
    QCOMPARE(w.pagesAhead(58, 3000), (QList<qint64> {56}));
}

QTEST_APPLESS_MAIN(tst_TableWindow)
#include "tst_tablewindow.moc"
