// SPDX-License-Identifier: MIT
#include "guitestsupport.h"
#include "ui/importdialog.h"

#include <QClipboard>
#include <QDropEvent>
#include <QMimeData>
#include <QStatusBar>
#include <QUndoStack>

using namespace guitest;

// Story: a person moves cells between the table and a spreadsheet (or another table) through
// the clipboard, as tab-separated text, and drops files on the window to open them.
class tst_Clipboard : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void copiesTheCellOrTheRowsAsStored();
    void pastesOntoCellsAsOneUndoStep();
    void copiedRowsPasteBackExactly();
    void refusesWhatDoesNotFitAndStagesNothing();
    void refusesATimeFinerThanAnEpochColumn();
    void fillsTheSelectedRowsWithOneValue();
    void rowsPastTheEndBecomeNewRows();
    void opensADroppedDatabase();
    void importsADroppedCsvFile();

private:
    static void press(ui::MainWindow &w, Qt::Key key, Qt::KeyboardModifiers modifiers)
    {
        table(w)->setFocus();
        QTest::keyClick(table(w), key, modifiers);
    }
    static QString clipboardText() { return QGuiApplication::clipboard()->text(); }
    // Selects model rows first..last as a person does: a click, then Shift+click.
    static void selectRows(ui::MainWindow &w, int first, int last, int column);

    QTemporaryDir m_dir;
    QString m_demo;
    QString m_awkward; // the demo with a post whose title and body are hard to copy
};

void tst_Clipboard::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
    QVERIFY(!m_demo.isEmpty());
    m_awkward = copyOf(m_demo, m_dir, u"awkward.db"_s);
    auto engine =
        orm::Engine::create(orm::DatabaseUrl::forFile(m_awkward), orm::ConnectionOptions());
    QVERIFY(engine);
    QVERIFY(engine->connection().exec(
        u"UPDATE posts SET title = ?, body = NULL, date_posted = ? WHERE id = 1"_s,
        {u"Tab\there, \"quoted\", =1+1\nand a new line, π"_s, u"2024-02-29 23:59:59.123456"_s}));
    QVERIFY(engine->connection().exec(u"UPDATE posts SET body = '' WHERE id = 2"_s));
}

void tst_Clipboard::selectRows(ui::MainWindow &w, int first, int last, int column)
{
    QTableView *view = table(w);
    clickCell(w, first, column);
    const QModelIndex end = view->model()->index(last, column);
    view->scrollTo(end);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                      view->visualRect(end).center());
}

void tst_Clipboard::copiesTheCellOrTheRowsAsStored()
{
    // Given the posts, the first with a title holding a tab, quotes and a line break,
    Window w = openWindow(copyOf(m_awkward, m_dir, u"copy.db"_s));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    const int title = columnOf(*w, u"title"_s);
    const int body = columnOf(*w, u"body"_s);

    // Ctrl+C on a cell copies that cell, quoted as a spreadsheet quotes it.
    clickCell(*w, 0, title);
    press(*w, Qt::Key_C, Qt::ControlModifier);
    QCOMPARE(clipboardText(), u"\"Tab\there, \"\"quoted\"\", =1+1\nand a new line, π\"\n"_s);

    // Several rows are copied whole, every value as stored: a NULL as an empty field, empty
    // text as "", the date with its microseconds, the author as its key.
    selectRows(*w, 0, 1, body);
    press(*w, Qt::Key_C, Qt::ControlModifier);
    const QStringList lines = clipboardText().split(u'\n');
    QCOMPARE(lines.size(), 4); // two rows, one with a line break in its title, and the end
    QCOMPARE(lines.at(1),
             u"and a new line, π\"\t\t2024-02-29 23:59:59.123456\t%1\t"_s.arg(
                 readBack(w->document()->path(), u"SELECT user_id FROM posts WHERE id = 1"_s)
                     .toString()));
    QVERIFY2(lines.at(2).startsWith(u"2\t"_s) && lines.at(2).contains(u"\t\"\"\t"_s),
             qPrintable(lines.at(2)));

    // With headers, a first row names the columns, even for one row.
    clickCell(*w, 1, title);
    press(*w, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY2(clipboardText().startsWith(u"id\ttitle\tbody\tdate_posted\tuser_id\tparent_id\n2\t"_s),
             qPrintable(clipboardText()));
    QCOMPARE(clipboardText().count(u'\n'), 2);
    QCOMPARE(w->document()->pendingChangeCount(), 0);
}

void tst_Clipboard::pastesOntoCellsAsOneUndoStep()
{
    // Given the users, and two rows of username and e-mail copied from a spreadsheet,
    Window w = openWindow(copyOf(m_demo, m_dir, u"paste.db"_s));
    QVERIFY(clickEntity(*w, u"Users"_s));
    ui::EntityTableModel *model = tableModel(*w);
    const int username = columnOf(*w, u"username"_s);
    const int email = columnOf(*w, u"email"_s);
    const QString alice = model->index(0, username).data().toString();
    QGuiApplication::clipboard()->setText(
        u"carol2\tcarol2@example.com\r\ndave2\tdave2@example.com\r\n"_s);

    // when they paste on the first username,
    clickCell(*w, 0, username);
    press(*w, Qt::Key_V, Qt::ControlModifier);

    // both rows take the cells, staged, and the pasted rows are selected.
    QCOMPARE(model->index(0, username).data().toString(), u"carol2"_s);
    QCOMPARE(model->index(0, email).data().toString(), u"carol2@example.com"_s);
    QCOMPARE(model->index(1, username).data().toString(), u"dave2"_s);
    QCOMPARE(model->index(1, email).data().toString(), u"dave2@example.com"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 2);
    QCOMPARE(table(*w)->selectionModel()->selectedRows().size(), 2);
    QCOMPARE(table(*w)->currentIndex(), model->index(0, username));
    QVERIFY(w->messageLabel()->isHidden() || !w->messageLabel()->isVisible());

    // One Undo takes back the whole paste; nothing was written.
    QCOMPARE(w->document()->undoStack()->undoText(), u"Paste 4 cells"_s);
    w->action(ui::MainWindow::Action::Undo)->trigger();
    QCOMPARE(model->index(0, username).data().toString(), alice);
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    QCOMPARE(
        readBack(w->document()->path(), u"SELECT username FROM users WHERE id = 1"_s).toString(),
        alice);
}

void tst_Clipboard::copiedRowsPasteBackExactly()
{
    // Given the awkward post and the one with empty text, copied with headers,
    Window w = openWindow(copyOf(m_awkward, m_dir, u"roundtrip.db"_s));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    ui::EntityTableModel *model = tableModel(*w);
    const qint64 before =
        readBack(w->document()->path(), u"SELECT count(*) FROM posts"_s).toLongLong();
    QTRY_VERIFY(!model->isCounting());
    selectRows(*w, 0, 1, columnOf(*w, u"title"_s));
    press(*w, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);

    // when they paste them as new rows and commit,
    press(*w, Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(model->absoluteRowCount(), before + 2);
    QVERIFY2(w->statusBar()->currentMessage().contains(u"key"_s),
             qPrintable(w->statusBar()->currentMessage()));
    QVERIFY(w->commit());

    // the new posts hold exactly what the first two hold, under keys of their own.
    const QString path = w->document()->path();
    for (int i = 1; i <= 2; ++i) {
        const QString same =
            u"SELECT count(*) FROM posts a JOIN posts b ON a.id = %1 AND b.id = %2 "
            "AND a.title IS b.title AND a.body IS b.body AND typeof(a.body) = typeof(b.body) "
            "AND a.date_posted IS b.date_posted AND a.user_id IS b.user_id "
            "AND a.parent_id IS b.parent_id"_s.arg(i)
                .arg(before + i);
        QCOMPARE(readBack(path, same).toInt(), 1);
    }
}

void tst_Clipboard::refusesWhatDoesNotFitAndStagesNothing()
{
    // Given the posts, and cells whose second row has a date that is not one,
    Window w = openWindow(copyOf(m_demo, m_dir, u"refuse.db"_s));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    ui::EntityTableModel *model = tableModel(*w);
    const int title = columnOf(*w, u"title"_s);
    const QString first = model->index(0, title).data().toString();
    QGuiApplication::clipboard()->setText(
        u"New title\tbody\t2024-01-01 10:00:00\nOther\tbody\tnext Tuesday\n"_s);
    clickCell(*w, 0, title);
    press(*w, Qt::Key_V, Qt::ControlModifier);

    // nothing is staged, and the message says which row and column, and why.
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    QCOMPARE(w->document()->undoStack()->count(), 0);
    QCOMPARE(model->index(0, title).data().toString(), first);
    QTRY_VERIFY(w->messageLabel()->isVisible());
    QVERIFY2(w->messageLabel()->text().contains(u"row 2"_s)
                 && w->messageLabel()->text().contains(u"next Tuesday"_s),
             qPrintable(w->messageLabel()->text()));

    // Rows wider than the columns left are refused too.
    QGuiApplication::clipboard()->setText(u"a\tb\tc\td\te\tf\tg\n"_s);
    clickCell(*w, 0, title);
    press(*w, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    QVERIFY2(w->messageLabel()->text().contains(u"7 cells wide"_s),
             qPrintable(w->messageLabel()->text()));
}

void tst_Clipboard::refusesATimeFinerThanAnEpochColumn()
{
    // Given a table whose times are stored as whole epoch seconds,
    const QString path = m_dir.filePath(u"epoch.db"_s);
    QVERIFY(makeDatabase(path,
                         {u"CREATE TABLE events (id INTEGER PRIMARY KEY, name TEXT, "
                          "at DATETIME NOT NULL)"_s,
                          u"INSERT INTO events VALUES (1, 'launch', 1714558830), "
                          "(2, 'landing', 1714558900)"_s}));
    Window w = openReflected(path);
    QVERIFY(clickEntity(*w, u"Events"_s));
    const int at = columnOf(*w, u"at"_s);
    // when a time with half a second is pasted onto one,
    QGuiApplication::clipboard()->setText(u"2024-05-01 10:20:30.5\n"_s);
    clickCell(*w, 0, at);
    press(*w, Qt::Key_V, Qt::ControlModifier);
    // nothing is staged, and the message says it would be cut;
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    QTRY_VERIFY(w->messageLabel()->isVisible());
    QVERIFY2(w->messageLabel()->text().contains(u"2024-05-01 10:20:30.5"_s)
                 && w->messageLabel()->text().contains(u"epoch seconds"_s),
             qPrintable(w->messageLabel()->text()));
    // a whole second is pasted and written as the column keeps it.
    QGuiApplication::clipboard()->setText(u"2024-05-01 10:20:31\n"_s);
    clickCell(*w, 0, at);
    press(*w, Qt::Key_V, Qt::ControlModifier);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QVERIFY2(w->commit(), qPrintable(w->messageLabel()->text()));
    QCOMPARE(
        readBack(path, u"SELECT typeof(at) || ':' || at FROM events WHERE id = 1"_s).toString(),
        u"integer:1714558831"_s);
}

void tst_Clipboard::fillsTheSelectedRowsWithOneValue()
{
    // Given three posts selected and one word copied,
    Window w = openWindow(copyOf(m_demo, m_dir, u"fill.db"_s));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    ui::EntityTableModel *model = tableModel(*w);
    const int body = columnOf(*w, u"body"_s);
    const QString fourth = model->index(3, body).data().toString();
    QGuiApplication::clipboard()->setText(u"Same body"_s);
    selectRows(*w, 0, 2, body);

    // a paste puts it in the body of each.
    press(*w, Qt::Key_V, Qt::ControlModifier);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(model->index(row, body).data(Qt::EditRole).toString(), u"Same body"_s);
    QCOMPARE(model->index(3, body).data().toString(), fourth);
    QCOMPARE(w->document()->pendingChangeCount(), 3);
}

void tst_Clipboard::rowsPastTheEndBecomeNewRows()
{
    // Given the tags, and three names pasted on the last one,
    Window w = openWindow(copyOf(m_demo, m_dir, u"end.db"_s));
    QVERIFY(clickEntity(*w, u"Tags"_s));
    ui::EntityTableModel *model = tableModel(*w);
    const int name = columnOf(*w, u"name"_s);
    const int rows = model->rowCount();
    const int id = columnOf(*w, u"id"_s);
    QGuiApplication::clipboard()->setText(u"renamed\nfresh one\n\"fresh\ttwo\"\n"_s);
    clickCell(*w, rows - 1, name);
    press(*w, Qt::Key_V, Qt::ControlModifier);

    // the last tag is renamed and two new tags follow it, with keys of their own to come.
    QCOMPARE(model->rowCount(), rows + 2);
    QCOMPARE(model->index(rows - 1, name).data().toString(), u"renamed"_s);
    QCOMPARE(model->index(rows, name).data().toString(), u"fresh one"_s);
    QCOMPARE(model->index(rows + 1, name).data().toString(), u"fresh\ttwo"_s);
    QCOMPARE(model->index(rows, id).data().toString(), u"new"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 3);
    QVERIFY(w->commit());
    QCOMPARE(readBack(w->document()->path(),
                      u"SELECT count(*) FROM tags WHERE name IN "
                      "('renamed', 'fresh one', 'fresh\ttwo')"_s)
                 .toInt(),
             3);
}

void tst_Clipboard::opensADroppedDatabase()
{
    // Given a window on one database and another database dragged from a file manager,
    Window w = openWindow(copyOf(m_demo, m_dir, u"first.db"_s));
    const QString other = copyOf(m_demo, m_dir, u"dropped.db"_s);
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(other)});
    const QPoint at = w->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, {});
    QApplication::sendEvent(w.window.get(), &enter);
    QVERIFY(enter.isAccepted());

    // dropping it opens it.
    QDropEvent drop(at, Qt::CopyAction, &data, Qt::LeftButton, {});
    QApplication::sendEvent(w.window.get(), &drop);
    QVERIFY(drop.isAccepted());
    QTRY_COMPARE(w->document()->path(), other);

    // Something that is not one file is not taken.
    QMimeData text;
    text.setText(u"not a file"_s);
    QDragEnterEvent refused(at, Qt::CopyAction, &text, Qt::LeftButton, {});
    refused.setAccepted(false);
    QApplication::sendEvent(w.window.get(), &refused);
    QVERIFY(!refused.isAccepted());
}

void tst_Clipboard::importsADroppedCsvFile()
{
    // Given the tags shown and a CSV file dropped on the window,
    Window w = openWindow(copyOf(m_demo, m_dir, u"dropcsv.db"_s));
    QVERIFY(clickEntity(*w, u"Tags"_s));
    QFile csv(m_dir.filePath(u"tags.csv"_s));
    QVERIFY(csv.open(QIODevice::WriteOnly));
    csv.write("name\ndropped\n");
    csv.close();
    QMimeData data;
    data.setUrls({QUrl::fromLocalFile(csv.fileName())});
    const QPoint at = w->rect().center();
    QDragEnterEvent enter(at, Qt::CopyAction, &data, Qt::LeftButton, {});
    QApplication::sendEvent(w.window.get(), &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(at, Qt::CopyAction, &data, Qt::LeftButton, {});
    QApplication::sendEvent(w.window.get(), &drop);
    QVERIFY(drop.isAccepted());

    // the import's preview opens on it, for the table shown; no file is asked for.
    QTRY_VERIFY2(w->findChild<ui::ImportDialog *>(), qPrintable(w->messageLabel()->text()));
    QVERIFY(w.prompts->readFilters.isEmpty());
    QCOMPARE(w->document()->path(), m_dir.filePath(u"dropcsv.db"_s));
}

QTEST_MAIN(tst_Clipboard)
#include "tst_clipboard.moc"
