// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/sqllogmodel.h"
#include "ui/sqllogview.h"

#include <QDockWidget>
#include <QPushButton>

using namespace guitest;

// Story 7: the SQL log shows every statement the window's session runs, with its duration.
class tst_SqlLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsEveryStatementWithItsDuration();
    void clearEmptiesIt();

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

void tst_SqlLog::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_SqlLog::showsEveryStatementWithItsDuration()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    auto *dock = w->findChild<QDockWidget *>(u"sqlLogDock"_s);
    QVERIFY(dock);
    dock->show();
    dock->raise();
    QVERIFY(clickEntity(*w, u"Tags"_s));
    searchFor(*w, u"qt"_s);
    ui::SqlLogModel *log = w->sqlLogModel();
    QTRY_VERIFY(log->rowCount() > 0);
    bool sawSearch = false;
    for (int r = 0; r < log->rowCount(); ++r) {
        const QString sql = log->index(r, ui::SqlLogModel::StatementColumn).data().toString();
        const QString values = log->index(r, ui::SqlLogModel::ParametersColumn).data().toString();
        if (sql.contains(u"FROM \"tags\""_s) && sql.contains(u"LIKE"_s)
            && values.contains(u"'%qt%'"_s))
            sawSearch = true;
        QVERIFY(!log->index(r, ui::SqlLogModel::DurationColumn).data().toString().isEmpty());
        QVERIFY(!log->index(r, ui::SqlLogModel::TimeColumn).data().toString().isEmpty());
    }
    QVERIFY(sawSearch);
    QCOMPARE(w->sqlLogView()->tableView()->model(), log);
}

void tst_SqlLog::clearEmptiesIt()
{
    Window w = openWindow(copyOf(m_demo, m_dir));
    QTRY_VERIFY(w->sqlLogModel()->rowCount() > 0);
    auto *clear = w->sqlLogView()->findChild<QPushButton *>(u"clearSqlLog"_s);
    QVERIFY(clear);
    w->findChild<QDockWidget *>(u"sqlLogDock"_s)->raise();
    QTest::mouseClick(clear, Qt::LeftButton);
    QCOMPARE(w->sqlLogModel()->rowCount(), 0);
    // A failed statement is logged as failed.
    w->document()->session().execute(u"SELECT * FROM no_such_table"_s).has_value();
    QTRY_COMPARE(w->sqlLogModel()->rowCount(), 1);
    QVERIFY(w->sqlLogModel()->index(0, 0).data(ui::SqlLogModel::FailedRole).toBool());
}

QTEST_MAIN(tst_SqlLog)
#include "tst_sqllog.moc"
