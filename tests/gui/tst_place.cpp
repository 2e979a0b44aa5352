// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include <QItemSelectionModel>
#include <QScrollBar>

using namespace guitest;

// Story 11: the current row is the one truth. The form, the highlight and every action (Delete
// first) are about the same row, whatever keys moved it; a row the table no longer lists
// leaves the form too.
class tst_Place : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void deleteActsOnTheRowTheFormShows();
    void theHighlightMovesWithTheCurrentRow();
    void aSearchThatLeavesTheRowOutEmptiesTheForm();
    void aReloadKeepsTheSelectedRowAndTheTopRow();

private:
    QTemporaryDir m_dir;
    QString m_demo;
    Window m_w;
};

void tst_Place::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_Place::init()
{
    m_w = openWindow(copyOf(m_demo, m_dir));
}

void tst_Place::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

// The objects of the highlighted rows.
static QStringList highlighted(ui::MainWindow &w, const QString &column)
{
    QStringList out;
    for (const QModelIndex &index : table(w)->selectionModel()->selectedRows(columnOf(w, column)))
        out << index.data().toString();
    return out;
}

// The absolute row shown first in view.
static qint64 topRow(ui::MainWindow &w)
{
    return tableModel(w)->absoluteRow(table(w)->rowAt(0));
}

static QString shown(ui::MainWindow &w, const QString &column)
{
    return w.form()->object() ? w.form()->object()->value(column).toString() : QString();
}

void tst_Place::deleteActsOnTheRowTheFormShows()
{
    ui::MainWindow &w = *m_w;
    // Given the tags, with "cpp" clicked,
    QVERIFY(clickEntity(w, u"Tags"_s));
    clickCell(w, 4, columnOf(w, u"name"_s));
    QCOMPARE(shown(w, u"name"_s), u"cpp"_s);
    // when Ctrl+Home is pressed, then the form and the highlight are on "python",
    QTest::keyClick(table(w), Qt::Key_Home, Qt::ControlModifier);
    QCOMPARE(shown(w, u"name"_s), u"python"_s);
    QCOMPARE(highlighted(w, u"name"_s), QStringList {u"python"_s});
    // and Delete stages the deletion of python, not of cpp.
    QTest::keyClick(table(w), Qt::Key_Delete);
    orm::Session &s = w.document()->session();
    const auto python = s.query<blog::Tag>().filterBy(&blog::Tag::name, u"python"_s).first();
    const auto cpp = s.query<blog::Tag>().filterBy(&blog::Tag::name, u"cpp"_s).first();
    QVERIFY(python && cpp);
    QVERIFY(s.isMarkedForDeletion(*python));
    QVERIFY(!s.isMarkedForDeletion(*cpp));
}

void tst_Place::theHighlightMovesWithTheCurrentRow()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 3);
    // Whatever key moves the current row, the highlight is that row alone, and the form
    // shows it.
    const QList<std::pair<Qt::Key, Qt::KeyboardModifiers>> keys = {
        {Qt::Key_End, Qt::ControlModifier},  {Qt::Key_PageUp, {}},
        {Qt::Key_Home, Qt::ControlModifier}, {Qt::Key_PageDown, {}},
        {Qt::Key_Down, Qt::ControlModifier}, {Qt::Key_Down, {}},
    };
    for (const auto &[key, modifiers] : keys) {
        const QString before = shown(w, u"username"_s);
        QTest::keyClick(table(w), key, modifiers);
        const QString now = shown(w, u"username"_s);
        QVERIFY2(now != before, qPrintable(now));
        QCOMPARE(highlighted(w, u"username"_s), QStringList {now});
        QCOMPARE(w.browser()->currentObject(), w.form()->object());
    }
}

void tst_Place::aSearchThatLeavesTheRowOutEmptiesTheForm()
{
    ui::MainWindow &w = *m_w;
    // Given alice in the form,
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    QCOMPARE(shown(w, u"username"_s), u"alice"_s);
    // when "bob" is typed in the quick search (without Enter),
    QTest::keySequence(&w, QKeySequence::Find);
    QTest::keyClicks(w.browser()->searchField(), u"bob"_s);
    QTRY_COMPARE(tableModel(w)->searchText(), u"bob"_s);
    QTRY_COMPARE(tableModel(w)->totalCount(), qint64(3)); // bob, bob2, bob3
    // then the form no longer shows alice, whom the table does not list.
    QTRY_VERIFY(!w.form()->object());
    QVERIFY(highlighted(w, u"username"_s).isEmpty());
    // A row the search keeps stays current: bob, then "bo" again.
    clickCell(w, 0);
    QCOMPARE(shown(w, u"username"_s), u"bob"_s);
    QTest::keyClick(w.browser()->searchField(), Qt::Key_Backspace);
    QTRY_COMPARE(tableModel(w)->searchText(), u"bo"_s);
    QTRY_COMPARE(highlighted(w, u"username"_s), QStringList {u"bob"_s});
    QCOMPARE(shown(w, u"username"_s), u"bob"_s);
}

void tst_Place::aReloadKeepsTheSelectedRowAndTheTopRow()
{
    ui::MainWindow &w = *m_w;
    // Given the posts, the 300th selected and in view,
    QVERIFY(clickEntity(w, u"Posts"_s));
    QTRY_COMPARE(tableModel(w)->totalCount(), qint64(500));
    clickCell(w, 0);
    QTest::keyClick(table(w), Qt::Key_End, Qt::ControlModifier);
    for (int i = 0; i < 200; ++i)
        QTest::keyClick(table(w), Qt::Key_Up);
    const auto post = w.form()->object();
    QCOMPARE(post->value(u"id"_s).toLongLong(), 300);
    QTableView *view = table(w);
    const qint64 top = topRow(w);
    QVERIFY(top > 250);
    // when the table is read again (F5), then it is still selected, and the view has not moved;
    QTest::keySequence(&w, QKeySequence::Refresh);
    QTRY_COMPARE(w.browser()->currentObject(), post);
    QTRY_COMPARE(topRow(w), top);
    QCOMPARE(highlighted(w, u"id"_s), QStringList {u"300"_s});
    QCOMPARE(w.form()->object(), post);
    // Scrolled away from it, the top row stays, and so does the selection.
    view->verticalScrollBar()->setValue(int(top - 100));
    QTest::keySequence(&w, QKeySequence::Refresh);
    QTRY_COMPARE(tableModel(w)->totalCount(), qint64(500));
    QTRY_COMPARE(topRow(w), top - 100);
    QTRY_COMPARE(w.browser()->currentObject(), post);
}

QTEST_MAIN(tst_Place)
#include "tst_place.moc"
