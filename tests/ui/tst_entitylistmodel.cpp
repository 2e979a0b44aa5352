// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "ui/entitylistmodel.h"

#include <QAbstractItemModelTester>

using namespace uitest;

class tst_EntityListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsEntitiesWithCountsFromTheBackground();
    void showsStagedNewAndDeletedObjects();
};

void tst_EntityListModel::listsEntitiesWithCountsFromTheBackground()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    QVERIFY(doc);
    ui::EntityListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    // When the document is set,
    model.setDocument(doc.get());
    // then every entity is listed at once, in the order the application gives,
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.index(0, 0).data().toString(), u"Users"_s);
    QCOMPARE(model.entityAt(1), &blog::Post::staticMeta());
    // and the counts arrive from the worker thread.
    QTRY_COMPARE(model.count(&blog::User::staticMeta()), qint64(50));
    QTRY_COMPARE(model.count(&blog::Post::staticMeta()), qint64(500));
    QCOMPARE(model.index(1, ui::EntityListModel::CountColumn).data().toString(),
             QLocale().toString(500));
    model.setDocument(nullptr);
    QCOMPARE(model.rowCount(), 0);
}

void tst_EntityListModel::showsStagedNewAndDeletedObjects()
{
    QTemporaryDir dir;
    auto doc = openDocument(demoDatabase(dir));
    ui::EntityListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocument(doc.get());
    QTRY_COMPARE(model.count(&blog::Tag::staticMeta()), qint64(30));
    doc->createObject(blog::Tag::staticMeta());
    const QModelIndex tags =
        model.index(model.rowOf(&blog::Tag::staticMeta()), ui::EntityListModel::CountColumn);
    QVERIFY2(tags.data().toString().contains(u"+1"_s), qPrintable(tags.data().toString()));
    // After a commit, the counts are read again.
    doc->undoStack()->clear();
    doc->discard();
    QVERIFY(!tags.data().toString().contains(u"+1"_s));
}

QTEST_MAIN(tst_EntityListModel)
#include "tst_entitylistmodel.moc"
