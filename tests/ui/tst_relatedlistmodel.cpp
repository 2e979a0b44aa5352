// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "orm/query/query.h"
#include "ui/relatedlistmodel.h"

#include <QAbstractItemModelTester>

using namespace uitest;

class tst_RelatedListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsObjectsByLabelWithTheirState();
};

void tst_RelatedListModel::listsObjectsByLabelWithTheirState()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::RelatedListModel model(&doc->session());
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    std::vector<std::shared_ptr<orm::Entity>> tags;
    for (const auto &t : doc->session().query<blog::Tag>().limit(3).all())
        tags.push_back(t);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setObjects(tags);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.index(0, 0).data().toString(), u"python"_s);
    QCOMPARE(model.rowOf(*tags[1]), 1);
    // The same list again is no reset.
    model.setObjects(tags);
    QCOMPARE(reset.count(), 1);
    doc->removeObjects({tags[0]});
    model.refresh();
    QVERIFY(model.index(0, 0).data(Qt::DecorationRole).isValid());
    model.setObjects({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(tst_RelatedListModel)
#include "tst_relatedlistmodel.moc"
