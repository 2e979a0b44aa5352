// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "orm/query/query.h"
#include "ui/filterheader.h"

#include <QMenu>
#include <QScrollArea>
#include <QSettings>

using namespace guitest;

// Story 2: browse the entities' tables: search, sort by header, filter per column, foreign
// keys by label.
class tst_Browse : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void choosingAnEntityShowsItsTable();
    void ctrlFSearchesTheTextColumns();
    void clickingAHeaderSortsInSql();
    void eachColumnHasAFilter();
    void foreignKeysReadAsLabels();
    void eachTableKeepsItsSearch();
    void labelsAreChosenAndRememberedPerDatabase();
    void aNarrowWindowPutsTheRecordBelowTheTable();

private:
    QTemporaryDir m_dir;
    QString m_demo;
    Window m_w;
};

void tst_Browse::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_Browse::init()
{
    m_w = openWindow(copyOf(m_demo, m_dir));
}

void tst_Browse::cleanup()
{
    m_w.window.reset();
}

void tst_Browse::choosingAnEntityShowsItsTable()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Tags"_s));
    QTRY_COMPARE(tableModel(w)->rowCount(), 30);
    QCOMPARE(w.browser()->findChild<QLabel *>(u"rowCount"_s)->text(), u"30 rows"_s);
    QCOMPARE(tableModel(w)->headerData(1, Qt::Horizontal).toString(), u"Name"_s);
    // The form shows the selected row.
    clickCell(w, 3);
    QCOMPARE(w.form()->object(), tableModel(w)->objectAt(3));
}

void tst_Browse::ctrlFSearchesTheTextColumns()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    QTest::keySequence(&w, QKeySequence::Find);
    QCOMPARE(QApplication::focusWidget(), w.browser()->searchField());
    QTest::keyClicks(w.browser()->searchField(), u"alice"_s);
    QTest::keyClick(w.browser()->searchField(), Qt::Key_Return);
    QTRY_COMPARE(tableModel(w)->rowCount(), 3);
    QCOMPARE(tableModel(w)->index(0, columnOf(w, u"username"_s)).data().toString(), u"alice"_s);
    QCOMPARE(w.browser()->findChild<QLabel *>(u"rowCount"_s)->text(), u"3 rows match"_s);
    // Enter went on to the table; back in the search field, Escape clears it.
    QCOMPARE(QApplication::focusWidget(), table(w));
    QTest::keySequence(&w, QKeySequence::Find);
    QTest::keyClick(w.browser()->searchField(), Qt::Key_Escape);
    QTRY_COMPARE(tableModel(w)->rowCount(), 50);
}

void tst_Browse::clickingAHeaderSortsInSql()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    QHeaderView *header = table(w)->horizontalHeader();
    const int username = columnOf(w, u"username"_s);
    StatementLog log(w.document()->engine().connection());
    auto clickHeader = [&] {
        const int x = header->sectionViewportPosition(username) + header->sectionSize(username) / 2;
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 6));
    };
    clickHeader();
    QCOMPARE(tableModel(w)->sortColumn(), username);
    // Unique, hence indexed: sorted in the index's order.
    QVERIFY(log.countContaining(u"ORDER BY \"users\".\"username\""_s) > 0);
    const QString first = tableModel(w)->index(0, username).data().toString();
    clickHeader();
    QCOMPARE(tableModel(w)->sortOrder(), header->sortIndicatorOrder());
    QVERIFY(log.countContaining(u"ORDER BY \"users\".\"username\" DESC"_s) > 0);
    QVERIFY(tableModel(w)->index(0, username).data().toString() != first);
    QTRY_COMPARE(tableModel(w)->rowCount(), 50);
}

void tst_Browse::eachColumnHasAFilter()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    auto *header = qobject_cast<ui::FilterHeader *>(table(w)->horizontalHeader());
    QVERIFY(header);
    QLineEdit *email = header->filterEditor(columnOf(w, u"email"_s));
    QVERIFY(email && email->isVisible());
    QTest::keyClicks(email, u"bob"_s);
    QTest::keyClick(email, Qt::Key_Return);
    QTRY_COMPARE(tableModel(w)->rowCount(), 3);
    QLineEdit *id = header->filterEditor(columnOf(w, u"id"_s));
    QTest::keyClicks(id, u">20"_s);
    QTest::keyClick(id, Qt::Key_Return);
    QTRY_COMPARE(tableModel(w)->rowCount(), 2); // bob2, bob3
    // What cannot be a number is refused, said so, and ignored.
    QTest::keySequence(id, QKeySequence::SelectAll);
    QTest::keyClicks(id, u"twenty"_s);
    QTest::keyClick(id, Qt::Key_Return);
    QVERIFY(!id->toolTip().isEmpty());
    QTRY_COMPARE(tableModel(w)->rowCount(), 3);
}

void tst_Browse::foreignKeysReadAsLabels()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Posts"_s));
    const int author = columnOf(w, u"user_id"_s);
    QCOMPARE(tableModel(w)->headerData(author, Qt::Horizontal).toString(), u"Author"_s);
    const auto post = tableModel(w)->objectAt(0);
    const auto user = w.document()->session().get<blog::User>(post->value(u"user_id"_s));
    QCOMPARE(tableModel(w)->index(0, author).data().toString(), user->username);
    // The quick search also finds posts by their author's name.
    searchFor(w, u"heidi"_s);
    QTRY_VERIFY(tableModel(w)->rowCount() >= 10);
    for (int r = 0; r < tableModel(w)->rowCount(); ++r) {
        const QString text = tableModel(w)->index(r, author).data().toString()
            + tableModel(w)->index(r, 1).data().toString()
            + tableModel(w)->objectAt(r)->value(u"body"_s).toString();
        QVERIFY2(text.contains(u"heidi"_s), qPrintable(text));
    }
}

void tst_Browse::eachTableKeepsItsSearch()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Tags"_s));
    searchFor(w, u"qt"_s);
    QTRY_COMPARE(tableModel(w)->rowCount(), 1);
    QVERIFY(clickEntity(w, u"Users"_s));
    QCOMPARE(w.browser()->searchField()->text(), QString());
    QVERIFY(clickEntity(w, u"Tags"_s));
    QCOMPARE(w.browser()->searchField()->text(), u"qt"_s);
    QCOMPARE(tableModel(w)->rowCount(), 1);
}

namespace {

QRect inWindow(const QWidget *widget)
{
    return QRect(widget->mapTo(widget->window(), QPoint(0, 0)), widget->size());
}

} // namespace

void tst_Browse::aNarrowWindowPutsTheRecordBelowTheTable()
{
    // Given the users and a record, side by side in a wide window,
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    auto *form = w.findChild<QScrollArea *>(u"formArea"_s);
    QVERIFY(form);
    QTRY_VERIFY(inWindow(form).left() >= inWindow(w.browser()).right());
    const int wideTableWidth = w.browser()->width();

    // when the window is made narrower than 1,000 pixels,
    w.resize(900, 800);
    QTRY_COMPARE(w.width(), 900);

    // the record moves below the table, both as wide as the window allows: every field of the
    // form shows whole, and the table shows more of its columns than side by side;
    QTRY_VERIFY(inWindow(form).top() >= inWindow(w.browser()).bottom());
    QVERIFY(form->width() >= form->widget()->minimumSizeHint().width());
    QCOMPARE(form->width(), w.browser()->width());
    QVERIFY2(w.browser()->width() > 600, qPrintable(QString::number(w.browser()->width())));
    QVERIFY(form->height() > 150 && w.browser()->height() > 150);

    // and back beside it, at the width it had, when the window widens again.
    w.resize(1400, 900);
    QTRY_VERIFY(inWindow(form).left() >= inWindow(w.browser()).right());
    QVERIFY(qAbs(w.browser()->width() - wideTableWidth) <= 2);

    // A window closed narrow opens beside again when wide.
    w.resize(900, 800);
    QTRY_VERIFY(inWindow(form).top() >= inWindow(w.browser()).bottom());
    QVERIFY(w.close());
    Window again = openWindow(QString());
    QTRY_VERIFY(inWindow(again->findChild<QScrollArea *>(u"formArea"_s)).left()
                >= inWindow(again->browser()).right());
}

QTEST_MAIN(tst_Browse)
#include "tst_browse.moc"

// Given the Users table, when the person picks View > Label Rows By > E-mail, then every
// foreign key to a user reads as the e-mail (and sorts by it), the choice comes back when the
// same file is opened again, and another file keeps the default.
void tst_Browse::labelsAreChosenAndRememberedPerDatabase()
{
    ui::MainWindow &w = *m_w;
    const QString path = w.document()->path();
    auto chooseLabel = [&w](const QString &text) {
        QMenu *menu = w.labelMenu();
        menu->popup(w.mapToGlobal(QPoint(40, 40)));
        if (!QTest::qWaitForWindowExposed(menu))
            return false;
        QAction *wanted = nullptr;
        for (QAction *a : menu->actions()) {
            if (a->text().startsWith(text))
                wanted = a;
        }
        if (!wanted)
            return false;
        QTest::mouseClick(menu, Qt::LeftButton, {}, menu->actionGeometry(wanted).center());
        return !menu->isVisible();
    };
    auto checkedLabel = [&w] {
        QMenu *menu = w.labelMenu();
        Q_EMIT menu->aboutToShow();
        for (QAction *a : menu->actions()) {
            if (a->isChecked())
                return a->text();
        }
        return QString();
    };

    QVERIFY(clickEntity(w, u"Users"_s));
    QCOMPARE(checkedLabel(), u"Username (default)"_s);
    QVERIFY(chooseLabel(u"E-mail"_s));
    QCOMPARE(checkedLabel(), u"E-mail"_s);
    QCOMPARE(w.form()->object()->entityMeta().labelColumn(), columnOf(w, u"email"_s));

    QVERIFY(clickEntity(w, u"Posts"_s));
    const int author = columnOf(w, u"user_id"_s);
    auto firstAuthor = [&] {
        const QVariant key = tableModel(w)->objectAt(0)->value(u"user_id"_s);
        return readBack(path, u"SELECT email FROM users WHERE id = "_s + key.toString()).toString();
    };
    QCOMPARE(tableModel(w)->index(0, author).data().toString(), firstAuthor());

    // Another file: the default. The same file again: the choice.
    const QString other = copyOf(m_demo, m_dir, u"other.db"_s);
    QVERIFY(w.openDatabase(other));
    QVERIFY(clickEntity(w, u"Posts"_s));
    const auto post = tableModel(w)->objectAt(0);
    QCOMPARE(
        tableModel(w)->index(0, author).data().toString(),
        readBack(other,
                 u"SELECT username FROM users WHERE id = "_s + post->value(u"user_id"_s).toString())
            .toString());
    QVERIFY(w.openDatabase(path));
    QVERIFY(clickEntity(w, u"Posts"_s));
    QCOMPARE(tableModel(w)->index(0, author).data().toString(), firstAuthor());

    // Back to the default: nothing left in the settings for this file.
    QVERIFY(clickEntity(w, u"Users"_s));
    QVERIFY(chooseLabel(u"Username"_s));
    QCOMPARE(checkedLabel(), u"Username (default)"_s);
    QVERIFY(QSettings().allKeys().filter(u"labels/"_s).isEmpty());
}
