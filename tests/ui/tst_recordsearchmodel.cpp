#include "uitestsupport.h"

#include "ui/recordsearchmodel.h"

#include <QAbstractItemModelTester>

using namespace uitest;

class tst_RecordSearchModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void searchesWithALimit();
    void offersNewObjectsAndLeavesOutExcludedOnes();
};

void tst_RecordSearchModel::searchesWithALimit()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::RecordSearchModel model(doc.get(), blog::User::staticMeta());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    StatementLog log(doc->engine().connection());
    model.setLimit(10);
    // Ten rows, and a last row saying there are more;
    QCOMPARE(model.rowCount(), 11);
    QVERIFY(model.hasMore());
    QVERIFY(model.index(10, 0).data(ui::RecordSearchModel::MoreRole).toBool());
    QVERIFY(!(model.flags(model.index(10, 0)) & Qt::ItemIsSelectable));
    QVERIFY(log.sql().last().contains(u"LIMIT"_s));
    // typing narrows the search in SQL, ordered by label.
    model.setSearchText(u"ali"_s);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 0).data().toString(), u"alice"_s);
    QVERIFY(!model.hasMore());
    const auto alice = model.objectAt(0);
    QVERIFY(alice);
    QCOMPARE(alice->value(u"username"_s).toString(), u"alice"_s);
    // A number finds the row with that key.
    model.setSearchText(u"7"_s);
    QVERIFY(model.rowCount() >= 1);
}

void tst_RecordSearchModel::offersNewObjectsAndLeavesOutExcludedOnes()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    const orm::EntityMeta &tags = blog::Tag::staticMeta();
    auto fresh = doc->createObject(tags);
    QVERIFY(doc->stageValue(fresh, tags.columnIndex(u"name"_s), u"qt-fresh"_s));
    ui::RecordSearchModel model(doc.get(), tags);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setExcluded({doc->session().get<blog::Tag>(4)}); // qt
    model.setSearchText(u"qt"_s);
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.objectAt(0), fresh);
    model.setExcluded({});
    model.refresh();
    QCOMPARE(model.rowCount(), 2);
}

QTEST_MAIN(tst_RecordSearchModel)
#include "tst_recordsearchmodel.moc"
