// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/pendingchangesmodel.h"
#include "ui/pendingchangesview.h"

#include <QCheckBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTextCursor>

using namespace guitest;

// Story 5: every edit is staged; the pending-changes panel shows them, with the SQL a commit
// will run; each can be reverted; Undo and Redo walk through them.
class tst_Stage : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void thePanelListsEveryChangeAcrossTables();
    void oneChangeIsRevertedFromThePanel();
    void undoAndRedoWithTheKeyboard();
    void theWindowShowsThatChangesArePending();

private:
    void stageThreeChanges();
    QTemporaryDir m_dir;
    QString m_demo;
    QString m_path;
    Window m_w;
};

void tst_Stage::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_Stage::init()
{
    m_path = copyOf(m_demo, m_dir);
    m_w = openWindow(m_path);
}

void tst_Stage::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

void tst_Stage::stageThreeChanges()
{
    ui::MainWindow &w = *m_w;
    // Alice's e-mail in the form,
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    retype(lineEditOf(w.form(), u"email"_s), u"alice@rowsmith.org"_s);
    // a new tag,
    QVERIFY(clickEntity(w, u"Tags"_s));
    QTest::keySequence(&w, QKeySequence::New);
    retype(lineEditOf(w.form(), u"name"_s), u"rowsmith"_s);
    // and a group deleted.
    QVERIFY(clickEntity(w, u"Groups"_s));
    clickCell(w, 0);
    table(w)->setFocus();
    QTest::keyClick(table(w), Qt::Key_Delete);
}

void tst_Stage::thePanelListsEveryChangeAcrossTables()
{
    stageThreeChanges();
    ui::MainWindow &w = *m_w;
    ui::PendingChangesView *panel = w.pendingChangesView();
    ui::PendingChangesModel *model = panel->model();
    QCOMPARE(model->rowCount(), 3);
    QStringList rows;
    for (int r = 0; r < model->rowCount(); ++r)
        rows << model->index(r, 0).data().toString();
    QVERIFY2(rows.contains(u"User: alice"_s), qPrintable(rows.join(u'|')));
    QVERIFY2(rows.contains(u"New Tag: rowsmith"_s), qPrintable(rows.join(u'|')));
    QVERIFY2(std::any_of(rows.begin(), rows.end(),
                         [](const QString &r) { return r.startsWith(u"Delete Group: "_s); }),
             qPrintable(rows.join(u'|')));
    // Each field: committed -> staged value.
    const QModelIndex alice = model->index(int(rows.indexOf(u"User: alice"_s)), 0);
    QCOMPARE(model->index(0, ui::PendingChangesModel::OldValueColumn, alice).data().toString(),
             u"alice@example.com"_s);
    QCOMPARE(model->index(0, ui::PendingChangesModel::NewValueColumn, alice).data().toString(),
             u"alice@rowsmith.org"_s);
    // At the panel's first height, the three changes show, their words whole.
    QTreeView *tree = panel->treeView();
    const QFontMetrics metrics(tree->font());
    for (int r = 0; r < model->rowCount(); ++r) {
        const QModelIndex change = model->index(r, 0);
        QVERIFY2(tree->viewport()->rect().contains(tree->visualRect(change)),
                 qPrintable(change.data().toString()));
        QVERIFY2(metrics.horizontalAdvance(change.data().toString())
                     <= tree->columnWidth(ui::PendingChangesModel::ChangeColumn)
                         - tree->indentation(),
                 qPrintable(change.data().toString()));
    }
    // The SQL that commit will run, with the values it binds, marked as parameters;
    QCOMPARE(panel->showValuesBox()->text(), u"Show &values"_s);
    QVERIFY(panel->showValuesBox()->isChecked());
    QString sql = panel->sqlPreview()->toPlainText();
    QVERIFY2(sql.contains(u"INSERT INTO \"tags\" (\"name\") VALUES ('rowsmith')"_s),
             qPrintable(sql));
    QVERIFY2(sql.contains(u"UPDATE \"users\" SET \"email\" = 'alice@rowsmith.org' WHERE \"id\" = "
                          u"1 AND \"email\" IS 'alice@example.com'"_s),
             qPrintable(sql));
    QVERIFY2(sql.contains(u"DELETE FROM \"groups\""_s), qPrintable(sql));
    QTextCursor at(panel->sqlPreview()->document());
    const auto backgroundAt = [&](const QString &text) {
        at.setPosition(int(sql.indexOf(text)) + 2);
        return at.charFormat().background();
    };
    QVERIFY(backgroundAt(u"'alice@rowsmith.org'"_s) != backgroundAt(u"UPDATE"_s));
    QCOMPARE(backgroundAt(u"'alice@rowsmith.org'"_s), backgroundAt(u"'rowsmith'"_s));
    // the switch beside it shows the placeholders instead.
    QTest::mouseClick(panel->showValuesBox(), Qt::LeftButton, {},
                      QPoint(8, panel->showValuesBox()->height() / 2));
    sql = panel->sqlPreview()->toPlainText();
    QVERIFY2(sql.contains(u"UPDATE \"users\" SET \"email\" = ? WHERE \"id\" = ?"_s),
             qPrintable(sql));
    QVERIFY(!sql.contains(u"rowsmith.org"_s));
    // Double-clicking a change goes to its object.
    tree->scrollTo(alice);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(alice).center());
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(alice).center());
    QCOMPARE(w.form()->object()->value(u"username"_s).toString(), u"alice"_s);
}

void tst_Stage::oneChangeIsRevertedFromThePanel()
{
    stageThreeChanges();
    ui::MainWindow &w = *m_w;
    ui::PendingChangesView *panel = w.pendingChangesView();
    ui::PendingChangesModel *model = panel->model();
    int tagRow = -1;
    for (int r = 0; r < model->rowCount(); ++r) {
        if (model->index(r, 0).data().toString() == u"New Tag: rowsmith"_s)
            tagRow = r;
    }
    QVERIFY(tagRow >= 0);
    QTreeView *tree = panel->treeView();
    const QModelIndex index = model->index(tagRow, 0);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(index).center());
    QVERIFY(panel->revertButton()->isEnabled());
    QTest::mouseClick(panel->revertButton(), Qt::LeftButton);
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(w.document()->pendingChangeCount(), 2);
    // The other changes are untouched, and the revert itself can be undone.
    QCOMPARE(w.document()->session().get<blog::User>(1)->email, u"alice@rowsmith.org"_s);
    QTest::keySequence(&w, QKeySequence::Undo);
    QCOMPARE(model->rowCount(), 3);
}

void tst_Stage::undoAndRedoWithTheKeyboard()
{
    stageThreeChanges();
    ui::MainWindow &w = *m_w;
    auto alice = w.document()->session().get<blog::User>(1);
    // Three steps: the typing in one field is one step.
    QCOMPARE(w.document()->undoStack()->count(), 4); // e-mail, new tag, its name, the deletion
    QTest::keySequence(&w, QKeySequence::Undo);
    QTest::keySequence(&w, QKeySequence::Undo);
    QTest::keySequence(&w, QKeySequence::Undo);
    QTest::keySequence(&w, QKeySequence::Undo);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(alice->email, u"alice@example.com"_s);
    // Ctrl+Shift+Z.
    QTest::keyClick(&w, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(alice->email, u"alice@rowsmith.org"_s);
    QCOMPARE(w.document()->pendingChangeCount(), 1);
    // Undo reaches into the form too: the e-mail field follows.
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    QLineEdit *email = lineEditOf(w.form(), u"email"_s);
    QCOMPARE(email->text(), u"alice@rowsmith.org"_s);
    email->setFocus();
    QTest::keySequence(email, QKeySequence::Undo); // in the field: still the window's undo
    QCOMPARE(email->text(), u"alice@example.com"_s);
    QVERIFY(!w.document()->hasPendingChanges());
}

void tst_Stage::theWindowShowsThatChangesArePending()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(!w.isWindowModified());
    QVERIFY(w.windowTitle().contains(u"[*]"_s));
    QCOMPARE(w.pendingLabel()->text(), u"No pending changes"_s);
    stageThreeChanges();
    QVERIFY(w.isWindowModified());
    QCOMPARE(w.pendingLabel()->text(), u"3 pending changes"_s);
    // Modified rows are marked in their tables.
    QVERIFY(clickEntity(w, u"Users"_s));
    QVERIFY(tableModel(w)->headerData(0, Qt::Vertical, Qt::DecorationRole).isValid());
    QCOMPARE(tableModel(w)->index(0, 2).data(ui::EntityTableModel::ChangeRole).toInt(),
             int(ui::EntityTableModel::Change::Modified));
    QVERIFY(!tableModel(w)->headerData(1, Qt::Vertical, Qt::DecorationRole).isValid());
    // An invalid change is counted as one to fix.
    clickCell(w, 1);
    retype(lineEditOf(w.form(), u"email"_s), u"nope"_s);
    QCOMPARE(w.pendingLabel()->text(), u"4 pending changes · 1 to fix"_s);
}

QTEST_MAIN(tst_Stage)
#include "tst_stage.moc"
