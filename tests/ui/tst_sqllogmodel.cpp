// SPDX-License-Identifier: MIT
#include "ui/sqllogmodel.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace Qt::StringLiterals;

class tst_SqlLogModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void appendsFromTheEventLoop();
    void keepsAtMostTheMaximum();
    void formatsDurationsAndValues_data();
    void formatsDurationsAndValues();
};

static orm::StatementRecord record(const QString &sql, qint64 ns = 1500, bool ok = true)
{
    orm::StatementRecord r;
    r.sql = sql;
    r.durationNs = ns;
    r.ok = ok;
    r.params = {qint64(3), u"alice"_s, QVariant()};
    if (!ok)
        r.error = u"UNIQUE constraint failed"_s;
    return r;
}

void tst_SqlLogModel::appendsFromTheEventLoop()
{
    ui::SqlLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // Given statements reported while something else runs,
    model.append(record(u"SELECT 1"_s));
    model.append(record(u"UPDATE \"users\" SET \"email\" = ?"_s, 2'500'000, false));
    // then they appear once the event loop runs,
    QCOMPARE(model.rowCount(), 0);
    QTRY_COMPARE(model.rowCount(), 2);
    // with their durations, values and failures.
    QCOMPARE(model.index(1, ui::SqlLogModel::StatementColumn).data().toString(),
             u"UPDATE \"users\" SET \"email\" = ?"_s);
    QCOMPARE(model.index(1, ui::SqlLogModel::DurationColumn).data().toString(), u"2.50 ms"_s);
    QCOMPARE(model.index(0, ui::SqlLogModel::ParametersColumn).data().toString(),
             u"3, 'alice', NULL"_s);
    QVERIFY(model.index(1, 0).data(ui::SqlLogModel::FailedRole).toBool());
    QVERIFY(model.index(1, 0).data(Qt::ToolTipRole).toString().contains(u"UNIQUE"_s));
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void tst_SqlLogModel::keepsAtMostTheMaximum()
{
    ui::SqlLogModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMaximumEntries(10);
    for (int i = 0; i < 25; ++i)
        model.append(record(u"SELECT %1"_s.arg(i)));
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.index(9, ui::SqlLogModel::StatementColumn).data().toString(), u"SELECT 24"_s);
    for (int i = 0; i < 5; ++i)
        model.append(record(u"SELECT x%1"_s.arg(i)));
    model.flush();
    QCOMPARE(model.rowCount(), 10);
    QCOMPARE(model.index(0, ui::SqlLogModel::StatementColumn).data().toString(), u"SELECT 20"_s);
}

void tst_SqlLogModel::formatsDurationsAndValues_data()
{
    QTest::addColumn<qint64>("ns");
    QTest::addColumn<QString>("text");
    QTest::newRow("ns") << qint64(800) << u"800 ns"_s;
    QTest::newRow("us") << qint64(12'400) << u"12 µs"_s;
    QTest::newRow("ms") << qint64(3'210'000) << u"3.21 ms"_s;
    QTest::newRow("long") << qint64(123'400'000) << u"123.4 ms"_s;
}

void tst_SqlLogModel::formatsDurationsAndValues()
{
    QFETCH(qint64, ns);
    QFETCH(QString, text);
    QCOMPARE(ui::SqlLogModel::formatDuration(ns), text);
}

QTEST_MAIN(tst_SqlLogModel)
#include "tst_sqllogmodel.moc"
