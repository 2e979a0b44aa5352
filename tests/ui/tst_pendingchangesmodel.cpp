// SPDX-License-Identifier: MIT
#include "uitestsupport.h"

#include "ui/pendingchangesmodel.h"

#include <QAbstractItemModelTester>

using namespace uitest;

class tst_PendingChangesModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void listsEveryStagedChangeWithOldAndNewValues();
    void updatesInPlaceWhileTheUserTypes();
    void revertsOneFieldOrOneChange();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<ui::Document> m_doc;
    static int column(const QString &name) { return blog::User::staticMeta().columnIndex(name); }
};

void tst_PendingChangesModel::init()
{
    m_doc.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    m_doc = openDocument(demoDatabase(*m_dir));
    QVERIFY(m_doc);
}

void tst_PendingChangesModel::listsEveryStagedChangeWithOldAndNewValues()
{
    ui::PendingChangesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocument(m_doc.get());
    QCOMPARE(model.rowCount(), 0);
    auto alice = m_doc->session().get<blog::User>(1);
    // Given a modified user, a new tag and a deleted tag,
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"alice@new.org"_s));
    auto tag = m_doc->createObject(blog::Tag::staticMeta());
    QVERIFY(m_doc->stageValue(tag, blog::Tag::staticMeta().columnIndex(u"name"_s), u"fresh"_s));
    m_doc->removeObjects({m_doc->session().get<blog::Tag>(3)});
    // then each is a row,
    QCOMPARE(model.rowCount(), 3);
    QStringList changes;
    for (int r = 0; r < model.rowCount(); ++r)
        changes << model.index(r, 0).data().toString();
    QVERIFY2(changes.contains(u"User: alice"_s), qPrintable(changes.join(u'|')));
    QVERIFY2(changes.contains(u"New Tag: fresh"_s), qPrintable(changes.join(u'|')));
    QVERIFY2(changes.contains(u"Delete Tag: sqlalchemy"_s), qPrintable(changes.join(u'|')));
    // and a modified field shows its committed and staged values.
    const int aliceRow = int(changes.indexOf(u"User: alice"_s));
    const QModelIndex parent = model.index(aliceRow, 0);
    QCOMPARE(model.rowCount(parent), 1);
    QCOMPARE(model.index(0, ui::PendingChangesModel::ChangeColumn, parent).data().toString(),
             u"E-mail"_s);
    QCOMPARE(model.index(0, ui::PendingChangesModel::OldValueColumn, parent).data().toString(),
             u"alice@example.com"_s);
    QCOMPARE(model.index(0, ui::PendingChangesModel::NewValueColumn, parent).data().toString(),
             u"alice@new.org"_s);
    QCOMPARE(model.objectAt(parent), alice);
    QCOMPARE(model.fieldAt(model.index(0, 0, parent)), column(u"email"_s));
}

void tst_PendingChangesModel::updatesInPlaceWhileTheUserTypes()
{
    ui::PendingChangesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocument(m_doc.get());
    auto alice = m_doc->session().get<blog::User>(1);
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"a@b.org"_s, 5));
    const QPersistentModelIndex row = model.index(0, 0);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"a@bc.org"_s, 5));
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"a@bcd.org"_s, 5));
    // No reset, no removal: a view keeps its selection and expansion.
    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.count(), 0);
    QVERIFY(row.isValid());
    QCOMPARE(model.index(0, ui::PendingChangesModel::NewValueColumn, row).data().toString(),
             u"a@bcd.org"_s);
    // A second field adds a child row.
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"alicia"_s));
    QCOMPARE(model.rowCount(row), 2);
    // An invalid staged value is flagged on its field.
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"broken"_s, 5));
    QVERIFY(!model.index(0, 0).data(ui::PendingChangesModel::ErrorRole).toString().isEmpty());
}

void tst_PendingChangesModel::revertsOneFieldOrOneChange()
{
    ui::PendingChangesModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setDocument(m_doc.get());
    auto alice = m_doc->session().get<blog::User>(1);
    QVERIFY(m_doc->stageValue(alice, column(u"email"_s), u"a@b.org"_s));
    QVERIFY(m_doc->stageValue(alice, column(u"username"_s), u"alicia"_s));
    auto bob = m_doc->session().get<blog::User>(2);
    QVERIFY(m_doc->stageValue(bob, column(u"email"_s), u"bob@b.org"_s));
    QCOMPARE(model.rowCount(), 2);
    // Reverting alice's e-mail keeps her new name,
    const QModelIndex aliceRow = model.index(0, 0);
    int emailRow = -1;
    for (int r = 0; r < model.rowCount(aliceRow); ++r) {
        if (model.fieldAt(model.index(r, 0, aliceRow)) == column(u"email"_s))
            emailRow = r;
    }
    QVERIFY(emailRow >= 0);
    QVERIFY(model.canRevert(model.index(emailRow, 0, aliceRow)));
    model.revert(model.index(emailRow, 0, aliceRow));
    QCOMPARE(alice->email, u"alice@example.com"_s);
    QCOMPARE(alice->username, u"alicia"_s);
    QCOMPARE(model.rowCount(model.index(0, 0)), 1);
    // reverting bob's change drops it,
    model.revert(model.index(1, 0));
    QCOMPARE(bob->email, u"bob@example.com"_s);
    QCOMPARE(model.rowCount(), 1);
    // and undo brings it back.
    m_doc->undoStack()->undo();
    QCOMPARE(bob->email, u"bob@b.org"_s);
    QCOMPARE(model.rowCount(), 2);
}

QTEST_MAIN(tst_PendingChangesModel)
#include "tst_pendingchangesmodel.moc"
