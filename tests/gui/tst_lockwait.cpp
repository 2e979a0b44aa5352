// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/externalchangewatcher.h"
#include "ui/lockwaitbar.h"
#include "ui/lockwaiter.h"
#include "ui/relationshippanel.h"
#include "ui/stagedvalidator.h"

#include <QProcess>
#include <QPushButton>
#include <QStatusBar>

using namespace guitest;

// The window never waits on another program's lock: while one holds the file, the window
// paints, rows it could not read wait as placeholders, a commit waits in the event loop, and a
// status line says so, with Cancel.
class tst_LockWait : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void theWindowKeepsPaintingWhileAnotherProgramWrites();
    void aWaitingCommitCanBeCancelled();
    void aWaitingCommitCountsWhatItWrites();
    void closingWithAWaitingCommitClosesOnceItIsWritten();

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

namespace {

// Another program: holds an exclusive lock on the file for ms milliseconds (0: until its
// input closes). Started once the lock is held.
bool holdLock(QProcess &helper, const QString &path, int ms)
{
    QStringList arguments {path};
    if (ms > 0)
        arguments << QString::number(ms);
    helper.start(QStringLiteral(LOCK_HOLDER), arguments);
    if (!helper.waitForStarted() || !helper.waitForReadyRead(10000))
        return false;
    return helper.readLine().trimmed() == "locked";
}

} // namespace

void tst_LockWait::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
    QVERIFY(!m_demo.isEmpty());
}

void tst_LockWait::theWindowKeepsPaintingWhileAnotherProgramWrites()
{
    // Given a window on the users, an edit staged, and another program that holds the file
    // locked for five seconds,
    const QString path = copyOf(m_demo, m_dir, u"locked.db"_s);
    Window w = openWindow(path);
    QVERIFY(clickEntity(*w, u"Users"_s));
    QTRY_VERIFY(!tableModel(*w)->isCounting());
    clickCell(*w, 0);
    QCOMPARE(w->form()->object()->value(columnOf(*w, u"username"_s)).toString(), u"alice"_s);
    QCOMPARE(w->document()->engine().connection().busyTimeout(), 0);
    // (a look for other programs' changes, as on every return to the window, leaves it so)
    w->document()->externalChanges()->check();
    QProcess helper;
    QVERIFY(holdLock(helper, path, 5000));
    const EventLoopGaps gaps;

    // when the person goes to the posts (their first rows cannot be read yet), clicks a row,
    // types a username someone else has (the uniqueness check meets the lock) and commits,
    QVERIFY(clickEntity(*w, u"Posts"_s));
    ui::EntityTableModel *posts = tableModel(*w);
    QTRY_VERIFY(w->lockWaitBar()->isVisible());
    QCOMPARE(w->lockWaitBar()->label()->text(),
             u"Waiting: another program is writing to locked.db"_s);
    QVERIFY(clickEntity(*w, u"Users"_s));
    clickCell(*w, 1);
    retype(lineEditOf(w->form(), u"username"_s), u"alice"_s);
    retype(lineEditOf(w->form(), u"email"_s), u"bob@locked.example"_s);
    QVERIFY(w->document()->hasPendingChanges());
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(w->document()->isCommitting());
    QVERIFY(w->lockWaitBar()->isVisible());
    // the window answers all along,
    QTRY_VERIFY_WITH_TIMEOUT(helper.state() == QProcess::NotRunning, 15000);
    const qint64 longest = gaps.longest();
    qInfo("The longest the event loop went without a turn: %lld ms", longest);

    // and once the other program is done, the uniqueness check runs: the commit waits for
    // the field to be fixed, nothing written;
    QTRY_VERIFY(!w->document()->isCommitting());
    QTRY_COMPARE(errorText(w->form(), u"username"_s), u"already used by alice"_s);
    QVERIFY(w->document()->hasPendingChanges());
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE id = 2"_s).toString(),
             u"bob@example.com"_s);
    retype(lineEditOf(w->form(), u"username"_s), u"bobby"_s);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(!w->document()->hasPendingChanges());
    QCOMPARE(
        readBack(path, u"SELECT username || ' ' || email FROM users WHERE id = 2"_s).toString(),
        u"bobby bob@locked.example"_s);
    QVERIFY(!w->lockWaitBar()->isVisible());
    // the posts' rows are there.
    QVERIFY(clickEntity(*w, u"Posts"_s));
    QVERIFY(tableModel(*w) == posts);
    QTRY_VERIFY(posts->rowCount() > 0 && posts->objectAt(0));
    QTRY_VERIFY(!posts->isCounting());
    QVERIFY(posts->totalCount() > 0);
    if (timed()) {
        QVERIFY2(longest <= 200, qPrintable(u"the event loop stopped for %1 ms"_s.arg(longest)));
    }
}

void tst_LockWait::aWaitingCommitCanBeCancelled()
{
    // Given an edit staged and another program holding the file,
    const QString path = copyOf(m_demo, m_dir, u"cancel.db"_s);
    Window w = openWindow(path);
    QVERIFY(clickEntity(*w, u"Users"_s));
    clickCell(*w, 0);
    retype(lineEditOf(w->form(), u"email"_s), u"alice@cancel.example"_s);
    QProcess helper;
    QVERIFY(holdLock(helper, path, 0));
    // when the person commits, the commit waits, with the status line;
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(w->document()->isCommitting());
    QTRY_VERIFY(w->lockWaitBar()->isVisible());
    QVERIFY(!w->action(ui::MainWindow::Action::Commit)->isEnabled());
    // Cancel stops it: nothing written, the edit still staged,
    QTest::mouseClick(w->lockWaitBar()->cancelButton(), Qt::LeftButton);
    QVERIFY(!w->document()->isCommitting());
    QVERIFY(!w->lockWaitBar()->isVisible());
    QVERIFY(w->document()->hasPendingChanges());
    QVERIFY(w->action(ui::MainWindow::Action::Commit)->isEnabled());
    helper.closeWriteChannel();
    QVERIFY(helper.waitForFinished(10000));
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@example.com"_s);
    // and a later commit writes it.
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(!w->document()->hasPendingChanges());
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@cancel.example"_s);
}

void tst_LockWait::aWaitingCommitCountsWhatItWrites()
{
    // Given an edit staged and committed while another program holds the file,
    const QString path = copyOf(m_demo, m_dir, u"count.db"_s);
    Window w = openWindow(path);
    QVERIFY(clickEntity(*w, u"Users"_s));
    clickCell(*w, 0);
    retype(lineEditOf(w->form(), u"email"_s), u"alice@count.example"_s);
    QProcess helper;
    QVERIFY(holdLock(helper, path, 0));
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(w->document()->isCommitting());
    // when the edit is undone while the commit waits, and the other program lets go,
    w->action(ui::MainWindow::Action::Undo)->trigger();
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    helper.closeWriteChannel();
    QVERIFY(helper.waitForFinished(10000));
    // then the commit ends writing nothing, and says so.
    QTRY_VERIFY(!w->document()->isCommitting());
    QCOMPARE(w->statusBar()->currentMessage(),
             u"Nothing was committed: no staged change was left"_s);
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@example.com"_s);
}

void tst_LockWait::closingWithAWaitingCommitClosesOnceItIsWritten()
{
    // Given an edit staged and another program holding the file,
    const QString path = copyOf(m_demo, m_dir, u"close.db"_s);
    Window w = openWindow(path);
    QVERIFY(clickEntity(*w, u"Users"_s));
    clickCell(*w, 0);
    retype(lineEditOf(w->form(), u"email"_s), u"alice@close.example"_s);
    QProcess helper;
    QVERIFY(holdLock(helper, path, 0));
    // when the window is closed and the person chooses to commit,
    w.prompts->saveAnswer = QMessageBox::Save;
    QVERIFY(!w->close());
    QCOMPARE(w.prompts->saveQuestions, 1);
    QVERIFY(w->document()->isCommitting());
    QVERIFY(w->isVisible());
    // then the window waits for the commit, and closes once it is written.
    helper.closeWriteChannel();
    QVERIFY(helper.waitForFinished(10000));
    QTRY_VERIFY(!w->isVisible());
    QCOMPARE(readBack(path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@close.example"_s);
}

QTEST_MAIN(tst_LockWait)
#include "tst_lockwait.moc"
