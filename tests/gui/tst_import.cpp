// SPDX-License-Identifier: MIT
#include "guitestsupport.h"
#include "ui/importdialog.h"
#include "ui/pendingchangesview.h"

#include <QComboBox>
#include <QFile>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QUndoStack>

using namespace guitest;

// Story: a person brings the rows of a file into the table they look at: a few, to review and
// commit like their own edits; many, written at once, all or nothing.
class tst_Import : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void stagesAFewRowsForReview();
    void namesTheRowsThatDoNotFitAndStagesNothing();
    void writesManyRowsInOneTransaction();

private:
    // File > Import…, the file chosen.
    ui::ImportDialog *openImport(Window &w, const QString &file);
    QString writeFile(const QString &name, const QByteArray &contents);

    QTemporaryDir m_dir;
    QString m_demo;
};

void tst_Import::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
    QVERIFY(!m_demo.isEmpty());
}

QString tst_Import::writeFile(const QString &name, const QByteArray &contents)
{
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(contents) != contents.size())
        return {};
    return f.fileName();
}

ui::ImportDialog *tst_Import::openImport(Window &w, const QString &file)
{
    QMenu *menu = nullptr;
    for (QAction *m : w->menuBar()->actions()) {
        if (m->text() == u"&File"_s)
            menu = m->menu();
    }
    if (!menu)
        return nullptr;
    for (QAction *a : menu->actions()) {
        if (a->text() == u"I&mport…"_s && a->isEnabled()) {
            w.prompts->fileToOpen = file;
            a->trigger();
            // The files offered are data files, not databases.
            if (!w.prompts->readFilters.value(0).startsWith(u"CSV or JSON files (*.csv"_s))
                return nullptr;
            return w->findChild<ui::ImportDialog *>();
        }
    }
    return nullptr;
}

void tst_Import::stagesAFewRowsForReview()
{
    // Given the Tags table shown and a CSV file of new tags with a column to leave out,
    Window w = openWindow(copyOf(m_demo, m_dir, u"few.db"_s));
    QVERIFY(clickEntity(*w, u"Tags"_s));
    const qint64 before =
        readBack(w->document()->path(), u"SELECT count(*) FROM tags"_s).toLongLong();
    const QString file =
        writeFile(u"tags.csv"_s, "name,note\r\n\"comma, tag\",x\r\nÜnïcødé,y\r\n=formula,z\r\n");
    // when the person opens it with File > Import, the preview shows its rows, name mapped by
    // its name and note (no such column) skipped;
    ui::ImportDialog *dialog = openImport(w, file);
    QVERIFY(dialog);
    QVERIFY(dialog->isReadable());
    auto *preview = dialog->findChild<QTableWidget *>(u"importPreview"_s);
    QCOMPARE(preview->rowCount(), 3);
    QCOMPARE(preview->item(0, 0)->text(), u"comma, tag"_s);
    QCOMPARE(dialog->findChild<QComboBox *>(u"importTarget0"_s)->currentText(), u"name"_s);
    QCOMPARE(dialog->findChild<QComboBox *>(u"importTarget1"_s)->currentText(), u"(skip)"_s);
    // and clicks Import,
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    // then the rows are staged as new tags, one undoable step, nothing written yet;
    QTRY_VERIFY(!w->findChild<ui::ImportDialog *>());
    QCOMPARE(w->document()->pendingChangeCount(), 3);
    QCOMPARE(readBack(w->document()->path(), u"SELECT count(*) FROM tags"_s).toLongLong(), before);
    QCOMPARE(w->document()->undoStack()->undoText(), u"Import 3 rows"_s);
    // undo takes them all back, redo stages them again, and commit writes them.
    w->action(ui::MainWindow::Action::Undo)->trigger();
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    w->action(ui::MainWindow::Action::Redo)->trigger();
    QCOMPARE(w->document()->pendingChangeCount(), 3);
    QVERIFY(w->commit());
    QCOMPARE(readBack(w->document()->path(), u"SELECT count(*) FROM tags"_s).toLongLong(),
             before + 3);
    QCOMPARE(readBack(w->document()->path(),
                      u"SELECT count(*) FROM tags WHERE name IN ('comma, tag', 'Ünïcødé', "
                      "'=formula')"_s)
                 .toLongLong(),
             3);
}

void tst_Import::namesTheRowsThatDoNotFitAndStagesNothing()
{
    // Given Users and a file whose second row has no username (a required column),
    Window w = openWindow(copyOf(m_demo, m_dir, u"bad.db"_s));
    QVERIFY(clickEntity(*w, u"Users"_s));
    const QString file = writeFile(u"users.csv"_s,
                                   "username,email,is_active\r\nzed,zed@example.com,1\r\n"
                                   ",nobody@example.com,1\r\nyan,yan@example.com,maybe\r\n");
    ui::ImportDialog *dialog = openImport(w, file);
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    // the dialog stays, naming each bad row and column where the person looks, and nothing is
    // staged.
    QVERIFY(dialog->isVisible());
    const QString problems = dialog->findChild<QLabel *>(u"importProblems"_s)->text();
    QVERIFY2(problems.contains(u"row 2 (line 3), column username"_s), qPrintable(problems));
    QVERIFY2(problems.contains(u"row 3 (line 4), column is_active"_s), qPrintable(problems));
    QCOMPARE(w->document()->pendingChangeCount(), 0);
}

void tst_Import::writesManyRowsInOneTransaction()
{
    // Given more rows than a person reviews (10,001 tags),
    Window w = openWindow(copyOf(m_demo, m_dir, u"many.db"_s));
    QVERIFY(clickEntity(*w, u"Tags"_s));
    const qint64 before =
        readBack(w->document()->path(), u"SELECT count(*) FROM tags"_s).toLongLong();
    QByteArray csv = "name\n";
    for (int i = 0; i < ui::ImportDialog::stagingLimit + 1; ++i)
        csv += "bulk " + QByteArray::number(i) + '\n';
    const QString file = writeFile(u"many.csv"_s, csv);
    ui::ImportDialog *dialog = openImport(w, file);
    QVERIFY(dialog);
    QSignalSpy imported(dialog, &ui::ImportDialog::imported);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    // they are written at once, in the background, and nothing is left staged.
    QVERIFY(imported.wait(60000));
    QCOMPARE(imported.first().at(0).toLongLong(), ui::ImportDialog::stagingLimit + 1);
    QCOMPARE(imported.first().at(1).toBool(), false);
    QCOMPARE(readBack(w->document()->path(), u"SELECT count(*) FROM tags"_s).toLongLong(),
             before + ui::ImportDialog::stagingLimit + 1);
    QCOMPARE(w->document()->pendingChangeCount(), 0);
}

QTEST_MAIN(tst_Import)
#include "tst_import.moc"
