// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "orm/query/query.h"
#include "ui/sqllogmodel.h"

#include <QElapsedTimer>

using namespace guitest;

// Story 9: a large table opens at once (the first page), is counted in the background, and
// browsing never keeps the file locked.
class tst_NoFreeze : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aLargeTableOpensWithoutLoadingItAll();
    void browsingAndStagingNeverLockTheFile();
    void aNewRowStaysInViewWhileTheTableIsCounted();

private:
    QTemporaryDir m_dir;
    QString m_large;
};

void tst_NoFreeze::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    blog::DemoOptions options;
    options.users = 1000;
    options.postsPerUser = 20;
    m_large = demoDatabase(m_dir, u"large.db"_s, options);
    QVERIFY(!m_large.isEmpty());
}

void tst_NoFreeze::aLargeTableOpensWithoutLoadingItAll()
{
    Window w = openWindow(m_large);
    // When the 20,000 posts are chosen,
    QVERIFY(clickEntity(*w, u"Posts"_s));
    ui::EntityTableModel *model = tableModel(*w);
    // then the first page is there, the count comes later from the worker,
    QVERIFY(model->rowCount() > 0);
    QVERIFY(model->rowCount() <= model->pageSize());
    QTRY_COMPARE(model->rowCount(), 20000);
    QCOMPARE(w->browser()->findChild<QLabel *>(u"rowCount"_s)->text(),
             u"%1 rows"_s.arg(QLocale().toString(20000)));
    // scrolling to the end loads the pages it shows, not the table;
    table(*w)->scrollToBottom();
    QTRY_VERIFY(model->objectAt(19999));
    QVERIFY2(model->pageLoadCount() <= 4, qPrintable(QString::number(model->pageLoadCount())));
    QVERIFY(w->document()->session().identityCount() < 2000);
    // and the window's session never counted the posts itself (the worker did).
    w->sqlLogModel()->flush();
    QVERIFY(w->sqlLogModel()->rowCount() > 0);
    for (int r = 0; r < w->sqlLogModel()->rowCount(); ++r) {
        const QString sql =
            w->sqlLogModel()->index(r, ui::SqlLogModel::StatementColumn).data().toString();
        const bool countsTheTable = sql.contains(u"count("_s) && sql.contains(u"FROM \"posts\""_s)
            && !sql.contains(u"WHERE"_s);
        QVERIFY2(!countsTheTable, qPrintable(sql));
    }
}

void tst_NoFreeze::browsingAndStagingNeverLockTheFile()
{
    const QString path = copyOf(m_large, m_dir, u"locks.db"_s);
    Window w = openWindow(path);
    QVERIFY(clickEntity(*w, u"Posts"_s));
    QTRY_COMPARE(tableModel(*w)->rowCount(), 20000);
    table(*w)->scrollToBottom();
    clickCell(*w, 10);
    retype(lineEditOf(w->form(), u"title"_s), u"Staged, not written"_s);
    QVERIFY(w->document()->hasPendingChanges());
    // Another program writes at once: no read transaction is open, nothing is locked.
    const QString refused =
        writeFromAnotherProgram(path, u"UPDATE tags SET name = 'python-3' WHERE id = 1"_s);
    QVERIFY2(refused.isEmpty(), qPrintable(refused));
    QVERIFY(!w->document()->engine().connection().inTransaction());
}

void tst_NoFreeze::aNewRowStaysInViewWhileTheTableIsCounted()
{
    Window w = openWindow(m_large);
    QVERIFY(clickEntity(*w, u"Posts"_s));
    // Ctrl+N before the count arrives: the new row is after the first page for now,
    QTest::keySequence(w.window.get(), QKeySequence::New);
    // and after the count, after the 20,000 rows, still current and in view.
    QTRY_COMPARE(tableModel(*w)->rowCount(), 20001);
    QCOMPARE(table(*w)->currentIndex().row(), 20000);
    QTRY_VERIFY(
        table(*w)->viewport()->rect().intersects(table(*w)->visualRect(table(*w)->currentIndex())));
    w->document()->discard();
}

QTEST_MAIN(tst_NoFreeze)
#include "tst_nofreeze.moc"
