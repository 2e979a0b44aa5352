// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "orm/engine/connection.h"
#include "ui/document.h"
#include "ui/exportdialog.h"
#include "ui/lockwaitbar.h"
#include "ui/sqlconsolesession.h"
#include "ui/sqlconsoleview.h"
#include "ui/sqleditor.h"
#include "ui/sqlresultmodel.h"

#include <QAbstractItemModelTester>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDockWidget>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QScrollBar>
#include <QSignalSpy>
#include <QToolButton>

using namespace guitest;

// The SQL console as a person uses it: Alt+3, a statement typed, Ctrl+Return, rows; a long
// query cancelled while the window answers; writes committed or rolled back in the console,
// and what that does to the rest of the window.
class tst_SqlConsole : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aQueryTypedAndRunShowsItsRows();
    void aMillionRowsAreReadOnlyAsFarAsScrolled();
    void aResultLetsOtherProgramsWriteOnceLeft();
    void aQuerysRowsAreExported();
    void cancelStopsALongQueryAndTheWindowAnswers();
    void aCommittedWriteAppearsInTheTable();
    void rollBackLeavesNothing();
    void theWindowsCommitLeavesTheConsolesTransactionAlone();
    void aSyntaxErrorIsMarkedWhereItIs();
    void ddlDescribesTheDatabaseAgain();
    void closingWithAnOpenTransactionAsks();
    void closingWhileAQueryRunsStopsIt();
    void historyIsRecalledPerDatabase();
    void namesAreCompleted();
    void explainShowsThePlan();

private:
    ui::SqlConsoleView *console() const { return m_w->sqlConsole(); }
    ui::SqlEditor *editor() const { return console()->editor(); }
    // Alt+3, the text typed, Ctrl+Return, and the run's end awaited.
    bool typeAndRun(const QString &text);
    void openConsole();
    qint64 countInFile(const QString &sql);
    QString cellText(int row, const QString &column);

    QTemporaryDir m_dir;
    QString m_demo;
    QString m_path;
    Window m_w;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
};

void tst_SqlConsole::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_SqlConsole::init()
{
    m_path = copyOf(m_demo, m_dir);
    QSettings().remove(u"sqlConsoleHistory"_s); // each story starts without one
    m_w = openWindow(m_path);
    QVERIFY(clickEntity(*m_w, u"Users"_s));
    m_tester = std::make_unique<QAbstractItemModelTester>(
        console()->resultModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY(console()->session()->isOpen());
}

void tst_SqlConsole::cleanup()
{
    // A completion popup left open would keep the next window from becoming active.
    while (QWidget *popup = QApplication::activePopupWidget())
        popup->close();
    m_tester.reset();
    if (m_w.window) {
        m_w.prompts->consoleAnswer = QMessageBox::Discard;
        if (m_w->document())
            m_w->document()->discard();
    }
    m_w.window.reset();
}

void tst_SqlConsole::openConsole()
{
    QApplication::setActiveWindow(m_w.window.get());
    QVERIFY(QTest::qWaitForWindowActive(m_w.window.get()));
    QTest::keyClick(m_w.window.get(), Qt::Key_3, Qt::AltModifier);
    QVERIFY(m_w->sqlConsoleDock()->isVisible());
    QTRY_VERIFY2(
        editor()->hasFocus(),
        qPrintable(
            QString::fromLatin1(QApplication::activeWindow()
                                    ? QApplication::activeWindow()->metaObject()->className()
                                    : "none")
            + u" "_s
            + (QApplication::focusWidget() ? QApplication::focusWidget()->objectName() : u"-"_s)));
}

bool tst_SqlConsole::typeAndRun(const QString &text)
{
    if (!editor()->hasFocus())
        openConsole();
    QTest::keySequence(editor(), QKeySequence::SelectAll);
    QTest::keyClick(editor(), Qt::Key_Delete);
    const QStringList lines = text.split(u'\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            if (editor()->completer()->popup()->isVisible())
                QTest::keyClick(editor()->completer()->popup(), Qt::Key_Escape);
            QTest::keyClick(editor(), Qt::Key_Return);
        }
        QTest::keyClicks(editor(), lines.at(i));
    }
    if (editor()->completer()->popup()->isVisible())
        QTest::keyClick(editor()->completer()->popup(), Qt::Key_Escape);
    QSignalSpy finished(console()->session(), &ui::SqlConsoleSession::runFinished);
    QTest::keyClick(editor(), Qt::Key_Return, Qt::ControlModifier);
    return finished.count() > 0 || finished.wait(10000);
}

qint64 tst_SqlConsole::countInFile(const QString &sql)
{
    orm::Error error;
    auto c = orm::Connection::open(orm::DatabaseUrl::forFile(m_path), {}, &error);
    const auto rows = c ? c->select(sql) : std::nullopt;
    return rows ? rows->at(0).at(0).toLongLong() : -1;
}

QString tst_SqlConsole::cellText(int row, const QString &column)
{
    return tableModel(*m_w)->index(row, columnOf(*m_w, column)).data().toString();
}

// Given the window, when the person presses Alt+3, types a query and presses Ctrl+Return,
// then its rows appear and the message says how many.
void tst_SqlConsole::aQueryTypedAndRunShowsItsRows()
{
    openConsole();
    QVERIFY(typeAndRun(u"SELECT id, username FROM users WHERE id <= 3 ORDER BY id"_s));
    ui::SqlResultModel *model = console()->resultModel();
    QCOMPARE(model->rowCount(), 3);
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), u"username"_s);
    QCOMPARE(model->index(0, 1).data().toString(), u"alice"_s);
    QVERIFY2(console()->messageLabel()->text().contains(u"3 rows"_s),
             qPrintable(console()->messageLabel()->text()));
    // A NULL reads as NULL.
    QVERIFY(typeAndRun(u"SELECT NULL AS empty"_s));
    QCOMPARE(model->index(0, 0).data().toString(), u"NULL"_s);
    QVERIFY(!console()->commitButton()->isEnabled()); // reads open no transaction
    // Ctrl+C copies the selected cells as tab-separated text.
    QVERIFY(typeAndRun(u"SELECT id, username, NULL FROM users WHERE id <= 2 ORDER BY id"_s));
    QTableView *view = console()->resultView();
    view->setFocus();
    QTest::keySequence(view, QKeySequence::SelectAll);
    QTest::keySequence(view, QKeySequence::Copy);
    QCOMPARE(QGuiApplication::clipboard()->text(), u"1\talice\t\n2\tbob\t\n"_s);
}

// Given a query of a million rows, then the first page shows at once and scrolling reads the
// next pages only, in the console's thread.
void tst_SqlConsole::aMillionRowsAreReadOnlyAsFarAsScrolled()
{
    // The story is the paging: the result is not let go while the test scrolls.
    console()->session()->setReleaseDelay(600000);
    QVERIFY(typeAndRun(u"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                       "WHERE x < 1000000) SELECT x, 'row ' || x AS label FROM n"_s));
    ui::SqlResultModel *model = console()->resultModel();
    QCOMPARE(model->rowCount(), ui::SqlResultModel::kPageRows);
    QVERIFY(model->hasMore());
    QTableView *view = console()->resultView();
    view->setFocus();
    for (int page = 1; page <= 3; ++page) {
        QTest::keyClick(view, Qt::Key_End, Qt::ControlModifier);
        QTRY_VERIFY(model->rowCount() > page * ui::SqlResultModel::kPageRows);
    }
    // The view asks while its last row is in sight; far from the million.
    QVERIFY2(model->rowCount() < 100 * ui::SqlResultModel::kPageRows,
             qPrintable(QString::number(model->rowCount())));
    QVERIFY(model->hasMore());
    QVERIFY(console()->messageLabel()->text().contains(u"more are read as you scroll"_s));
    QCOMPARE(model->index(1000, 0).data().toString(), u"1001"_s);
}

// Given a query without end, when the person clicks Cancel, then it stops; meanwhile the
// window answers (another table opens).
void tst_SqlConsole::aResultLetsOtherProgramsWriteOnceLeft()
{
    // Given a file in a rollback journal (the demo's, as Flask-SQLAlchemy makes them), where
    // a statement left open keeps its read lock, and a result of more rows than a page,
    QCOMPARE(countInFile(u"SELECT count(*) FROM pragma_journal_mode WHERE journal_mode = "
                         "'delete'"_s),
             1);
    console()->session()->setReleaseDelay(100);
    // (The model tester asks for more rows at every change, as no person does: here the
    // person stops reading.)
    m_tester.reset();
    QVERIFY(typeAndRun(u"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
                       "WHERE x < 100000) SELECT x FROM n"_s));
    ui::SqlResultModel *model = console()->resultModel();
    QVERIFY(model->hasMore());
    // when the person stops reading, the rest is let go, and the console says so;
    QTRY_VERIFY(!model->hasMore());
    QCOMPARE(model->rowCount(), ui::SqlResultModel::kPageRows);
    QVERIFY2(console()->messageLabel()->text().contains(u"the rest were let go"_s),
             qPrintable(console()->messageLabel()->text()));
    // another program writes at once, and so does the window's own commit.
    orm::ConnectionOptions noWait;
    noWait.busyTimeoutMs = 0;
    orm::Error error;
    auto other = orm::Connection::open(orm::DatabaseUrl::forFile(m_path), noWait, &error);
    QVERIFY2(other, qPrintable(error.text()));
    QVERIFY2(other->exec(u"UPDATE users SET email = 'other@example.com' WHERE id = 2"_s),
             qPrintable(other->lastError().text()));
    // Run again reads from the start.
    QVERIFY(typeAndRun(u"SELECT x FROM (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                       "FROM n WHERE x < 1000) SELECT x FROM n)"_s));
    QVERIFY(model->hasMore() || model->rowCount() == 1000);
}

void tst_SqlConsole::aQuerysRowsAreExported()
{
    // Given a query run in the console, with a name and a value hard to write,
    QVERIFY(!console()->exportButton()->isEnabled());
    QVERIFY(typeAndRun(u"UPDATE users SET email = 'x' WHERE 0;\nSELECT username AS who, "
                       "'a, \"b\"' AS odd FROM users WHERE id <= 3 ORDER BY id"_s));
    QVERIFY(console()->exportButton()->isEnabled());
    // when Export… writes them as CSV,
    const QString path = m_dir.filePath(u"query.csv"_s);
    m_w.prompts->fileToSave = path;
    QTest::mouseClick(console()->exportButton(), Qt::LeftButton);
    auto *dialog = m_w->findChild<ui::ExportDialog *>();
    QVERIFY(dialog);
    QVERIFY(!dialog->findChild<QRadioButton *>(u"exportShownRows"_s)->isVisible());
    QSignalSpy finished(dialog, &ui::ExportDialog::exportFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"exportButton"_s), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(3).toString()));
    // the file holds the last statement's rows, its columns named as the query names them.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(),
             QByteArray("who,odd\r\nalice,\"a, \"\"b\"\"\"\r\n"
                        "bob,\"a, \"\"b\"\"\"\r\ncarol,\"a, \"\"b\"\"\"\r\n"));
}

void tst_SqlConsole::cancelStopsALongQueryAndTheWindowAnswers()
{
    openConsole();
    QTest::keyClicks(editor(),
                     u"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
                     "SELECT count(*) FROM n"_s);
    QSignalSpy finished(console()->session(), &ui::SqlConsoleSession::runFinished);
    QTest::mouseClick(console()->runButton(), Qt::LeftButton);
    QVERIFY(console()->cancelButton()->isEnabled());
    QVERIFY(!console()->runButton()->isEnabled());
    QVERIFY(clickEntity(*m_w, u"Posts"_s)); // the window's thread is free
    QVERIFY(finished.isEmpty());
    QTest::mouseClick(console()->cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(10000));
    QVERIFY2(console()->messageLabel()->text().startsWith(u"Cancelled"_s),
             qPrintable(console()->messageLabel()->text()));
    QVERIFY(!console()->cancelButton()->isEnabled());
    QVERIFY(typeAndRun(u"SELECT 1"_s));
    QCOMPARE(console()->resultModel()->index(0, 0).data().toString(), u"1"_s);
}

// Given a write run in the console, then nothing shows until Commit; after it, the table
// shows the change (another connection's commit, seen by the window's watcher).
void tst_SqlConsole::aCommittedWriteAppearsInTheTable()
{
    QCOMPARE(cellText(1, u"username"_s), u"bob"_s);
    QVERIFY(typeAndRun(u"UPDATE users SET username = 'bobby' WHERE id = 2"_s));
    QVERIFY(console()->messageLabel()->text().contains(u"1 row changed"_s));
    QVERIFY(console()->messageLabel()->text().contains(u"transaction is open"_s));
    QVERIFY(console()->commitButton()->isEnabled());
    QVERIFY(console()->rollbackButton()->isEnabled());
    QCOMPARE(countInFile(u"SELECT count(*) FROM users WHERE username = 'bobby'"_s), 0);
    QTest::mouseClick(console()->commitButton(), Qt::LeftButton);
    QTRY_COMPARE(cellText(1, u"username"_s), u"bobby"_s);
    QVERIFY(!console()->commitButton()->isEnabled());
    QCOMPARE(console()->messageLabel()->text(), u"Committed."_s);
}

// Given a write, when the person clicks Roll Back, then the file holds nothing of it.
void tst_SqlConsole::rollBackLeavesNothing()
{
    const int rows = tableModel(*m_w)->rowCount();
    QVERIFY(typeAndRun(u"DELETE FROM post_tags; DELETE FROM posts WHERE author_id > 1"_s));
    QVERIFY(console()->session()->inTransaction());
    QTest::mouseClick(console()->rollbackButton(), Qt::LeftButton);
    QTRY_VERIFY(!console()->session()->inTransaction());
    QCOMPARE(console()->messageLabel()->text(), u"Rolled back."_s);
    QVERIFY(countInFile(u"SELECT count(*) FROM post_tags"_s) > 0);
    QCOMPARE(tableModel(*m_w)->rowCount(), rows);
}

// Given an open console transaction and an edit staged in the form, when the window commits,
// then its commit waits for the console's lock and never takes the console's writes with it.
void tst_SqlConsole::theWindowsCommitLeavesTheConsolesTransactionAlone()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(typeAndRun(u"UPDATE users SET email = 'console@example.com' WHERE id = 3"_s));
    QVERIFY(console()->session()->inTransaction());
    clickCell(w, 0);
    retype(lineEditOf(w.form(), u"username"_s), u"alicia"_s);
    QVERIFY(w.document()->hasPendingChanges());
    QTest::keySequence(&w, QKeySequence::Save);
    // The console holds the write lock: the window's commit waits, its edit kept, and the
    // status line says that the console is what it waits for.
    QVERIFY(console()->session()->inTransaction());
    QTRY_VERIFY(w.lockWaitBar()->isVisible());
    QVERIFY2(w.lockWaitBar()->label()->text().contains(u"SQL Console"_s),
             qPrintable(w.lockWaitBar()->label()->text()));
    QTest::mouseClick(console()->rollbackButton(), Qt::LeftButton);
    QTRY_VERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(countInFile(u"SELECT count(*) FROM users WHERE username = 'alicia'"_s), 1);
    QCOMPARE(countInFile(u"SELECT count(*) FROM users WHERE email = 'console@example.com'"_s), 0);
}

// Given a statement with a syntax error, then the message names its line and column and the
// editor marks it, the cursor there.
void tst_SqlConsole::aSyntaxErrorIsMarkedWhereItIs()
{
    QVERIFY(typeAndRun(u"SELECT username FROM users WHERE WHERE id = 1"_s));
    QVERIFY2(console()->messageLabel()->text().contains(u"line 1, column 34"_s),
             qPrintable(console()->messageLabel()->text()));
    QVERIFY(editor()->hasErrorMark());
    QCOMPARE(editor()->textCursor().position(), 33);
    // The second statement of two, on its own line.
    QVERIFY(typeAndRun(u"SELECT 1;\nSELECT nope FROM users"_s));
    QVERIFY2(console()->messageLabel()->text().contains(u"line 2, column 8"_s),
             qPrintable(console()->messageLabel()->text()));
    QCOMPARE(editor()->textCursor().position(), 17);
    // Typing takes the mark away.
    QTest::keyClick(editor(), Qt::Key_X);
    QVERIFY(!editor()->hasErrorMark());
}

// Given a reflected file, when the console creates a table and commits, then the table list
// shows it.
void tst_SqlConsole::ddlDescribesTheDatabaseAgain()
{
    m_tester.reset();
    m_w.window.reset();
    m_w = openReflected(m_path);
    m_tester = std::make_unique<QAbstractItemModelTester>(
        console()->resultModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QTRY_VERIFY(console()->session()->isOpen());
    QVERIFY(!entityIndex(*m_w, u"Notes"_s).isValid());
    QVERIFY(typeAndRun(u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"_s));
    QVERIFY(console()->messageLabel()->text().contains(u"tables were changed"_s));
    QTest::mouseClick(console()->commitButton(), Qt::LeftButton);
    QTRY_VERIFY(entityIndex(*m_w, u"Notes"_s).isValid());
    // The console keeps its connection: the next statement sees the table.
    QVERIFY(typeAndRun(u"SELECT count(*) FROM notes"_s));
    QCOMPARE(console()->resultModel()->index(0, 0).data().toString(), u"0"_s);
}

// Given an open console transaction, when the window closes, then the person is asked:
// Cancel keeps the window and the transaction, Roll Back closes with nothing written.
void tst_SqlConsole::closingWithAnOpenTransactionAsks()
{
    QVERIFY(typeAndRun(u"DELETE FROM post_tags"_s));
    m_w.prompts->consoleAnswer = QMessageBox::Cancel;
    QVERIFY(!m_w->close());
    QCOMPARE(m_w.prompts->consoleQuestions, 1);
    QVERIFY(console()->session()->inTransaction());
    m_w.prompts->consoleAnswer = QMessageBox::Discard;
    QVERIFY(m_w->close());
    QCOMPARE(m_w.prompts->consoleQuestions, 2);
    QVERIFY(countInFile(u"SELECT count(*) FROM post_tags"_s) > 0);
    // Commit writes it.
    m_w.window.reset();
    m_w = openWindow(m_path);
    QTRY_VERIFY(console()->session()->isOpen());
    QVERIFY(typeAndRun(u"DELETE FROM post_tags"_s));
    m_w.prompts->consoleAnswer = QMessageBox::Save;
    QVERIFY(m_w->close());
    QCOMPARE(countInFile(u"SELECT count(*) FROM post_tags"_s), 0);
}

// Given a query without end, when the window closes, then the query is stopped and the
// window goes.
void tst_SqlConsole::closingWhileAQueryRunsStopsIt()
{
    openConsole();
    QTest::keyClicks(editor(),
                     u"WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n) "
                     "SELECT count(*) FROM n"_s);
    QTest::mouseClick(console()->runButton(), Qt::LeftButton);
    QVERIFY(console()->session()->isBusy());
    QVERIFY(m_w->close());
    m_tester.reset();
    m_w.window.reset(); // returns: the statement was interrupted
}

// Given statements run, then Ctrl+Up brings them back, the latest first, and the history is
// the database's own.
void tst_SqlConsole::historyIsRecalledPerDatabase()
{
    QVERIFY(typeAndRun(u"SELECT 1"_s));
    QVERIFY(typeAndRun(u"SELECT 2"_s));
    QTest::keyClicks(editor(), u" -- typed"_s);
    QTest::keyClick(editor(), Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(editor()->toPlainText(), u"SELECT 2"_s);
    QTest::keyClick(editor(), Qt::Key_Up, Qt::ControlModifier);
    QCOMPARE(editor()->toPlainText(), u"SELECT 1"_s);
    QTest::keyClick(editor(), Qt::Key_Down, Qt::ControlModifier);
    QTest::keyClick(editor(), Qt::Key_Down, Qt::ControlModifier);
    QCOMPARE(editor()->toPlainText(), u"SELECT 2 -- typed"_s);
    QCOMPARE(console()->historyBox()->count(), 2);
    // Another database has its own; this one's comes back with it.
    const QString other = copyOf(m_demo, m_dir, u"other.db"_s);
    QVERIFY(m_w->openDatabase(other));
    QCOMPARE(console()->historyBox()->count(), 0);
    QVERIFY(m_w->openDatabase(m_path));
    QCOMPARE(console()->history(), (QStringList {u"SELECT 2"_s, u"SELECT 1"_s}));
}

// Given the tables of the file, when the person types the start of a name, then it is offered.
void tst_SqlConsole::namesAreCompleted()
{
    openConsole();
    QTest::keyClicks(editor(), u"SELECT * FROM pos"_s);
    QCompleter *completer = editor()->completer();
    QTRY_VERIFY(completer->popup()->isVisible());
    QStringList offered;
    for (int i = 0; completer->setCurrentRow(i); ++i)
        offered << completer->currentCompletion();
    QVERIFY2(offered.contains(u"posts"_s), qPrintable(offered.join(u',')));
    QVERIFY(offered.contains(u"post_tags"_s));
    QTest::keyClick(completer->popup(), Qt::Key_Escape);
    // Not inside a comment.
    QTest::keyClicks(editor(), u" -- pos"_s);
    QVERIFY(!completer->popup()->isVisible());
}

// Given two statements, when the person clicks Explain, then the plan shows how the table of
// the statement at the cursor is read.
void tst_SqlConsole::explainShowsThePlan()
{
    openConsole();
    QTest::keyClicks(editor(), u"SELECT * FROM posts; SELECT * FROM users WHERE id = 1"_s);
    QTest::mouseClick(console()->explainButton(), Qt::LeftButton);
    QTRY_VERIFY(console()->planView()->isVisible());
    QVERIFY2(console()->planView()->toPlainText().contains(u"SEARCH users"_s),
             qPrintable(console()->planView()->toPlainText()));
    QTest::keyClick(editor(), Qt::Key_Home);
    QSignalSpy planned(console()->session(), &ui::SqlConsoleSession::planReady);
    QTest::mouseClick(console()->explainButton(), Qt::LeftButton);
    QVERIFY(planned.wait());
    QVERIFY2(console()->planView()->toPlainText().contains(u"SCAN posts"_s),
             qPrintable(console()->planView()->toPlainText()));
}

QTEST_MAIN(tst_SqlConsole)
#include "tst_console.moc"
