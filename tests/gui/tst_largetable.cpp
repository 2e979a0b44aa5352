// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/entitytableview.h"
#include "ui/relationshippanel.h"

#include <QHeaderView>
#include <QPushButton>
#include <QScrollBar>
#include <QStyleOptionSlider>
#include <QWheelEvent>

using namespace guitest;

// Story 10: a large table is shown through a window of its rows (here 100 of 3000 posts), with
// a scroll bar that spans the whole table. Scrolling, the keys, editing and links behave as on
// a table without a window.
class tst_LargeTable : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void ctrlEndAndCtrlHomeReachTheLastAndFirstRows();
    void keysMoveAcrossTheWindowAsWithoutOne();
    void theScrollBarSpansTheWholeTable();
    void farRowsOfASortedTableArriveWhileTheWindowStaysFree();
    void editsInAMovedWindowStayStagedAndMarked();
    void followingALinkSelectsAFarRow();
    void aNewRowIsShownAtTheEnd();
    void theKeyColumnFitsTheLargestKey();
    void reloadCommitAndASortKeepTheSelectedRowInView();
    void scrolledAwayAReloadKeepsTheTopRow();

private:
    Window openPosts(int windowRows = 100);
    QTemporaryDir m_dir;
    QString m_demo;
};

static constexpr int windowRows = 100;

void tst_LargeTable::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    blog::DemoOptions options;
    options.users = 150;
    options.postsPerUser = 20; // 3000 posts, ids 1 to 3000, user 150 wrote the last ones
    m_demo = demoDatabase(m_dir, u"posts.db"_s, options);
    QVERIFY(!m_demo.isEmpty());
}

Window tst_LargeTable::openPosts(int rows)
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    if (rows > 0)
        w->browser()->setWindowRows(rows);
    if (!clickEntity(*w, u"Posts"_s))
        qWarning("no posts");
    // The window exists once the rows are counted.
    if (!QTest::qWaitFor([&w] { return tableModel(*w)->totalCount() == 3000; }))
        qWarning("the posts were not counted");
    table(*w)->setFocus();
    return w;
}

// The absolute row of the current index (-1 without one).
static qint64 currentRow(ui::MainWindow &w)
{
    const QModelIndex current = table(w)->currentIndex();
    return current.isValid() ? tableModel(w)->absoluteRow(current.row()) : -1;
}

// The post the current row shows, read from the cell as a person reads it.
static qint64 currentId(ui::MainWindow &w)
{
    const QModelIndex current = table(w)->currentIndex();
    return current.isValid() ? current.siblingAtColumn(columnOf(w, u"id"_s)).data().toLongLong()
                             : -1;
}

static bool currentIsInView(ui::MainWindow &w)
{
    QTableView *view = table(w);
    return view->currentIndex().isValid()
        && view->viewport()->rect().contains(view->visualRect(view->currentIndex()));
}

// The id of the post in the first (or last) row in view.
static qint64 idInView(ui::MainWindow &w, bool last = false)
{
    QTableView *view = table(w);
    const int y = last ? view->viewport()->height() - 1 : 0;
    int row = view->rowAt(y);
    if (last && view->visualRect(view->model()->index(row, 0)).bottom() >= y)
        --row; // the last row shown whole
    return view->model()->index(row, columnOf(w, u"id"_s)).data().toLongLong();
}

void tst_LargeTable::ctrlEndAndCtrlHomeReachTheLastAndFirstRows()
{
    // Given 3000 posts shown through a window of 100 rows,
    Window w = openPosts();
    ui::EntityTableModel *model = tableModel(*w);
    QVERIFY(model->isWindowed());
    QCOMPARE(model->rowCount(), windowRows);
    clickCell(*w, 0);
    QCOMPARE(currentId(*w), 1);
    // when Ctrl+End is pressed, then the last post is current, in view and in the form,
    QTest::keyClick(table(*w), Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(currentRow(*w), 2999);
    QCOMPARE(currentId(*w), 3000);
    QVERIFY(currentIsInView(*w));
    QCOMPARE(w->form()->object()->value(u"id"_s).toLongLong(), 3000);
    QScrollBar *bar = w->browser()->view()->tableScrollBar();
    QCOMPARE(bar->value(), bar->maximum());
    QCOMPARE(idInView(*w, true), 3000);
    // and Ctrl+Home goes back to the first.
    QTest::keyClick(table(*w), Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(currentRow(*w), 0);
    QCOMPARE(currentId(*w), 1);
    QVERIFY(currentIsInView(*w));
    QCOMPARE(w->form()->object()->value(u"id"_s).toLongLong(), 1);
    QCOMPARE(bar->value(), 0);
    QCOMPARE(idInView(*w), 1);
}

void tst_LargeTable::keysMoveAcrossTheWindowAsWithoutOne()
{
    // Given the same keys pressed on the posts without a window (the reference) and with one,
    struct Step
    {
        Qt::Key key;
        Qt::KeyboardModifiers modifiers;
        int times;
    };
    const QList<Step> steps {
        {Qt::Key_PageDown, {}, 12},
        {Qt::Key_Down, {}, 30},
        {Qt::Key_Up, {}, 45},
        {Qt::Key_PageUp, {}, 4},
        {Qt::Key_End, Qt::ControlModifier, 1},
        {Qt::Key_Up, {}, 3},
        {Qt::Key_PageUp, {}, 9},
        {Qt::Key_Home, Qt::ControlModifier, 1},
        {Qt::Key_PageDown, {}, 2},
    };
    auto press = [&steps](ui::MainWindow &w, QList<qint64> *rows, int *height) {
        *height = table(w)->viewport()->height();
        clickCell(w, 0);
        for (const Step &step : steps) {
            for (int i = 0; i < step.times; ++i) {
                QTest::keyClick(table(w), step.key, step.modifiers);
                *rows << currentRow(w);
                // Each row shows its own post, in view.
                QCOMPARE(currentId(w), currentRow(w) + 1);
                QVERIFY(currentIsInView(w));
                QCOMPARE(w.form()->object()->value(u"id"_s).toLongLong(), currentRow(w) + 1);
            }
        }
    };
    QList<qint64> expected;
    int expectedHeight = 0;
    {
        Window reference = openPosts(0);
        QVERIFY(!tableModel(*reference)->isWindowed());
        press(*reference, &expected, &expectedHeight);
    }
    // when they are pressed with the window,
    Window w = openPosts();
    QList<qint64> rows;
    int height = 0;
    press(*w, &rows, &height);
    QCOMPARE(height, expectedHeight);
    // then every key reaches the row it reaches without one, across the window's edges.
    QCOMPARE(rows, expected);
    QVERIFY(*std::max_element(expected.begin(), expected.begin() + 12) > windowRows);
    QCOMPARE(expected.at(12 + 30 + 45 + 4), qint64(2999));
}

// The style's geometry of a scroll bar's parts, as it draws them now.
static QRect scrollBarPart(QScrollBar *bar, QStyle::SubControl part)
{
    QStyleOptionSlider option;
    option.initFrom(bar);
    option.orientation = Qt::Vertical;
    option.minimum = bar->minimum();
    option.maximum = bar->maximum();
    option.sliderPosition = bar->sliderPosition();
    option.sliderValue = bar->value();
    option.pageStep = bar->pageStep();
    option.singleStep = bar->singleStep();
    option.subControls = QStyle::SC_All;
    return bar->style()->subControlRect(QStyle::CC_ScrollBar, &option, part, bar);
}

// Drags the bar's handle with the mouse to the middle of its groove.
static void dragHandleToTheMiddle(QScrollBar *bar)
{
    const QRect handle = scrollBarPart(bar, QStyle::SC_ScrollBarSlider);
    const QPoint middle(handle.center().x(),
                        scrollBarPart(bar, QStyle::SC_ScrollBarGroove).center().y());
    QTest::mousePress(bar, Qt::LeftButton, {}, handle.center());
    QTest::mouseMove(bar, middle);
    QTest::mouseRelease(bar, Qt::LeftButton, {}, middle);
}

void tst_LargeTable::theScrollBarSpansTheWholeTable()
{
    Window w = openPosts();
    ui::EntityTableView *view = w->browser()->view();
    QScrollBar *bar = view->tableScrollBar();
    // The bar spans the 3000 rows, in the place of the view's own bar (which spans the window),
    QVERIFY(bar->isVisible());
    QVERIFY(!view->verticalScrollBar()->isVisible());
    QCOMPARE(bar->maximum(), 3000 - bar->pageStep());
    QVERIFY(bar->pageStep() > 5);
    QVERIFY(!bar->accessibleName().isEmpty());
    QCOMPARE(bar->parentWidget(), view->verticalScrollBar()->parentWidget());
    QCOMPARE(bar->geometry().right(), bar->parentWidget()->width() - 1);
    // when its handle is dragged to the middle,
    dragHandleToTheMiddle(bar);
    // then the middle rows are shown, the first of them the one the bar says;
    QVERIFY2(bar->value() > bar->maximum() * 2 / 5 && bar->value() < bar->maximum() * 3 / 5,
             qPrintable(QString::number(bar->value())));
    QCOMPARE(idInView(*w), bar->value() + 1);
    QVERIFY(tableModel(*w)->windowStart() > 0);
    // the wheel scrolls on from there, three rows a notch,
    const int before = bar->value();
    const QPoint at = view->viewport()->rect().center();
    QWheelEvent wheel(at, view->viewport()->mapToGlobal(at), QPoint(), QPoint(0, -120),
                      Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(view->viewport(), &wheel);
    QCOMPARE(bar->value(), before + 3);
    QCOMPARE(idInView(*w), before + 3 + 1);
    // a click below the handle goes a page down,
    const QRect moved = scrollBarPart(bar, QStyle::SC_ScrollBarSlider);
    const QRect groove = scrollBarPart(bar, QStyle::SC_ScrollBarGroove);
    QTest::mouseClick(bar, Qt::LeftButton, {},
                      QPoint(moved.center().x(), (moved.bottom() + groove.bottom()) / 2));
    QCOMPARE(bar->value(), before + 3 + bar->pageStep());
    QCOMPARE(idInView(*w), bar->value() + 1);
    // and the bottom of the bar shows the last post last.
    bar->triggerAction(QAbstractSlider::SliderToMaximum);
    QCOMPARE(bar->value(), bar->maximum());
    QCOMPARE(idInView(*w, true), 3000);
    bar->triggerAction(QAbstractSlider::SliderToMinimum);
    QCOMPARE(idInView(*w), 1);
}

void tst_LargeTable::farRowsOfASortedTableArriveWhileTheWindowStaysFree()
{
    // Given the 3000 posts read in the background (as a table of millions would be), sorted
    // by a click on the title's header,
    Window w = openPosts();
    ui::EntityTableModel *model = tableModel(*w);
    model->setBackgroundReadRows(1000);
    QHeaderView *header = table(*w)->horizontalHeader();
    const int title = columnOf(*w, u"title"_s);
    QTest::mouseClick(
        header->viewport(), Qt::LeftButton, {},
        QPoint(header->sectionViewportPosition(title) + header->sectionSize(title) / 2, 6));
    QCOMPARE(model->sortColumn(), title);
    QTRY_COMPARE(model->totalCount(), qint64(3000));
    QTRY_VERIFY(!model->isArriving(0));
    clickCell(*w, 0);
    const auto first = w->form()->object();
    QVERIFY(first);
    // when the scroll bar's handle is dragged to the middle,
    StatementLog log(w->document()->engine().connection());
    QScrollBar *bar = w->browser()->view()->tableScrollBar();
    dragHandleToTheMiddle(bar);
    const qint64 top = bar->value();
    QVERIFY(top > 1000 && top < 2000);
    // then the rows there read as placeholders at once (the window's thread walked no OFFSET),
    QTableView *view = table(*w);
    const QModelIndex shown = model->index(view->rowAt(0), title);
    QCOMPARE(model->absoluteRow(shown.row()), top);
    QCOMPARE(shown.data().toString(), u"…"_s);
    QVERIFY(!shown.flags().testFlag(Qt::ItemIsEditable));
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0, qPrintable(log.sql().join(u'\n')));
    // a click on one of them makes it current, and the form follows when its row arrives,
    clickCell(*w, shown.row() + 2, title);
    QCOMPARE(currentRow(*w), top + 2);
    QTRY_VERIFY(shown.data().toString() != u"…"_s);
    QTRY_VERIFY(w->form()->object() != first);
    QCOMPARE(w->form()->object(), model->objectAtAbsolute(top + 2));
    // with the values the order puts there.
    QStringList titles;
    for (const auto &p : w->document()->session().query<blog::Post>().all())
        titles << p->title.toLower();
    std::sort(titles.begin(), titles.end());
    QCOMPARE(model->index(shown.row() + 2, title).data().toString().toLower(), titles[top + 2]);
    QVERIFY2(log.countContaining(u"OFFSET"_s) == 0, qPrintable(log.sql().join(u'\n')));
}

void tst_LargeTable::editsInAMovedWindowStayStagedAndMarked()
{
    Window w = openPosts();
    ui::EntityTableView *view = w->browser()->view();
    ui::EntityTableModel *model = tableModel(*w);
    const int title = columnOf(*w, u"title"_s);
    // Given the window moved to the end of the table,
    clickCell(*w, 0);
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Up);
    QCOMPARE(currentId(*w), 2999);
    // when a cell of post 2999 is edited in place,
    ui::FieldEditor *editor = editCell(view, view->currentIndex().siblingAtColumn(title));
    QVERIFY(editor);
    auto *line = qobject_cast<QLineEdit *>(editor->control());
    QVERIFY(line);
    QTest::keySequence(line, QKeySequence::SelectAll);
    QTest::keyClicks(line, u"Edited far down"_s);
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY(!view->findChild<ui::FieldEditor *>());
    // then post 2999 has the edit staged,
    orm::Session &session = w->document()->session();
    const auto post = session.get<blog::Post>(qint64(2999));
    QCOMPARE(post->title, u"Edited far down"_s);
    QVERIFY(session.isModified(*post));
    QCOMPARE(session.pendingChangeCount(), 1);
    // and after the window went to the start and back, its row still shows it, marked.
    QTest::keyClick(view, Qt::Key_Home, Qt::ControlModifier);
    QVERIFY(model->windowStart() == 0);
    QVERIFY(model->rowOf(*post) < 0);
    QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
    const int row = model->rowOf(*post);
    QVERIFY(row >= 0);
    QCOMPARE(model->absoluteRow(row), qint64(2998));
    QCOMPARE(model->index(row, title).data().toString(), u"Edited far down"_s);
    QCOMPARE(model->index(row, title).data(ui::EntityTableModel::ChangeRole).toInt(),
             int(ui::EntityTableModel::Change::Modified));
    QVERIFY(model->index(row, title).data(Qt::FontRole).value<QFont>().bold());
    // An editor open when the person scrolls far away keeps what was typed, staged.
    editor = editCell(view, model->index(row, title));
    QVERIFY(editor);
    line = qobject_cast<QLineEdit *>(editor->control());
    QTest::keySequence(line, QKeySequence::SelectAll);
    QTest::keyClicks(line, u"Typed, then scrolled away"_s);
    view->tableScrollBar()->triggerAction(QAbstractSlider::SliderToMinimum);
    QCOMPARE(idInView(*w), 1);
    QTRY_VERIFY(!view->findChild<ui::FieldEditor *>());
    QCOMPARE(post->title, u"Typed, then scrolled away"_s);
    // Scrolled back, the current row is the edited one again.
    view->tableScrollBar()->triggerAction(QAbstractSlider::SliderToMaximum);
    QCOMPARE(currentId(*w), 2999);
    QCOMPARE(w->form()->object(), std::static_pointer_cast<orm::Entity>(post));
}

void tst_LargeTable::followingALinkSelectsAFarRow()
{
    // Given the last post, by user 150, and users shown through a window of 100 rows,
    Window w = openPosts();
    clickCell(*w, 0);
    QTest::keyClick(table(*w), Qt::Key_End, Qt::ControlModifier);
    const auto post = w->form()->object();
    QCOMPARE(post->value(u"id"_s).toLongLong(), 3000);
    const auto user = w->document()->session().get<blog::User>(post->value(u"user_id"_s));
    QCOMPARE(user->id, 150);
    // when its author is followed,
    QPushButton *author = w->relationshipPanel()->linkButton(u"author"_s);
    QVERIFY(author);
    QTest::mouseClick(author, Qt::LeftButton);
    // then the users table shows the author's row, far from its first rows, selected and in view.
    QCOMPARE(w->browser()->entity(), &blog::User::staticMeta());
    QCOMPARE(w->form()->object(), std::static_pointer_cast<orm::Entity>(user));
    QTRY_COMPARE(w->browser()->currentObject(), std::static_pointer_cast<orm::Entity>(user));
    QVERIFY(tableModel(*w)->isWindowed());
    QVERIFY(tableModel(*w)->windowStart() > 0);
    QCOMPARE(currentRow(*w), 149);
    QCOMPARE(table(*w)->selectionModel()->selectedRows().size(), 1);
    QVERIFY(currentIsInView(*w));
    // Back goes to the post, selected again at the end of the posts.
    QTest::keySequence(w.window.get(), QKeySequence::Back);
    QCOMPARE(w->browser()->entity(), &blog::Post::staticMeta());
    QCOMPARE(w->browser()->currentObject(), post);
    QCOMPARE(currentRow(*w), 2999);
}

void tst_LargeTable::aNewRowIsShownAtTheEnd()
{
    // Given the first posts in view,
    Window w = openPosts();
    clickCell(*w, 0);
    // when a post is created (Ctrl+N), then the window goes to the end, where it is current;
    QTest::keySequence(w.window.get(), QKeySequence::New);
    const auto created = w->form()->object();
    QCOMPARE(created->objectState(), orm::ObjectState::Pending);
    QCOMPARE(w->browser()->currentObject(), created);
    QCOMPARE(currentRow(*w), 3000);
    QVERIFY(currentIsInView(*w));
    QCOMPARE(tableModel(*w)->absoluteRowCount(), qint64(3001));
    // and when it is undone, the last row is the last post again.
    QTest::keySequence(w.window.get(), QKeySequence::Undo);
    QCOMPARE(tableModel(*w)->absoluteRowCount(), qint64(3000));
    QCOMPARE(tableModel(*w)->rowCount(), windowRows);
    QTest::keyClick(table(*w), Qt::Key_End, Qt::ControlModifier);
    QCOMPARE(currentId(*w), 3000);
    w->document()->discard();
}

void tst_LargeTable::theKeyColumnFitsTheLargestKey()
{
    // Given posts whose largest key has 11 digits (as ids of a large table have 8 and more),
    const QString path = copyOf(m_demo, m_dir, u"bigkey.db"_s);
    {
        auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), {});
        QVERIFY(engine);
        QVERIFY(engine->connection().exec(u"PRAGMA foreign_keys = OFF"_s));
        QVERIFY(engine->connection().exec(u"UPDATE posts SET id = 98765432109 WHERE id = 3000"_s));
    }
    Window w = openWindow(path);
    QVERIFY(clickEntity(*w, u"Posts"_s));
    // when they are shown, then the key column is wide enough for the whole number.
    QTableView *view = table(*w);
    const int id = columnOf(*w, u"id"_s);
    QVERIFY2(view->columnWidth(id) > view->fontMetrics().horizontalAdvance(u"98765432109"_s),
             qPrintable(QString::number(view->columnWidth(id))));
}

void tst_LargeTable::reloadCommitAndASortKeepTheSelectedRowInView()
{
    // Given post 2991 selected near the end of the 3000 posts, shown through a window,
    Window w = openPosts();
    clickCell(*w, 0);
    QTest::keyClick(table(*w), Qt::Key_End, Qt::ControlModifier);
    for (int i = 0; i < 9; ++i)
        QTest::keyClick(table(*w), Qt::Key_Up);
    QCOMPARE(currentId(*w), 2991);
    const auto post = w->form()->object();
    // when the table is read again (F5), then it is selected and in view, at its row;
    QTest::keySequence(w.window.get(), QKeySequence::Refresh);
    QTRY_COMPARE(currentRow(*w), qint64(2990));
    QVERIFY(currentIsInView(*w));
    QCOMPARE(table(*w)->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(w->form()->object(), post);
    // after a commit too;
    retype(lineEditOf(w->form(), u"title"_s), u"Committed far down"_s);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(!w->document()->hasPendingChanges());
    QTRY_COMPARE(currentRow(*w), qint64(2990));
    QVERIFY(currentIsInView(*w));
    QCOMPARE(w->form()->object(), post);
    // and after a click on the title's header, where the sort puts it.
    QHeaderView *header = table(*w)->horizontalHeader();
    const int title = columnOf(*w, u"title"_s);
    QTest::mouseClick(
        header->viewport(), Qt::LeftButton, {},
        QPoint(header->sectionViewportPosition(title) + header->sectionSize(title) / 2, 6));
    QCOMPARE(tableModel(*w)->sortColumn(), title);
    QTRY_COMPARE(w->browser()->currentObject(), post);
    QVERIFY(currentRow(*w) < 2990);
    QVERIFY(currentIsInView(*w));
    QCOMPARE(table(*w)->selectionModel()->selectedRows().size(), 1);
    QCOMPARE(currentId(*w), 2991);
    QCOMPARE(w->form()->object(), post);
}

void tst_LargeTable::scrolledAwayAReloadKeepsTheTopRow()
{
    // Given the middle of the posts in view, the current row far from it,
    Window w = openPosts();
    clickCell(*w, 0);
    QScrollBar *bar = w->browser()->view()->tableScrollBar();
    dragHandleToTheMiddle(bar);
    const qint64 top = idInView(*w);
    QVERIFY(top > 1000);
    QVERIFY(!table(*w)->currentIndex().isValid());
    // when the table is read again, then the same rows are in view.
    QTest::keySequence(w.window.get(), QKeySequence::Refresh);
    QTRY_COMPARE(tableModel(*w)->totalCount(), qint64(3000));
    QTRY_COMPARE(idInView(*w), top);
    QCOMPARE(bar->value(), top - 1);
}

QTEST_MAIN(tst_LargeTable)
#include "tst_largetable.moc"
