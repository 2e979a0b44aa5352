// SPDX-License-Identifier: MIT
#include "guitestsupport.h"
#include "ui/importdialog.h"
#include "ui/pendingchangesview.h"

#include <QComboBox>
#include <QFile>
#include <QLineEdit>
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
    void readsWithTheSeparatorEncodingAndNullChosen();
    void importsIntoANewTable();
    void aNewTableNeedsANameOfItsOwn();

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

void tst_Import::readsWithTheSeparatorEncodingAndNullChosen()
{
    // Given a spreadsheet's export: semicolons, Latin-1, and "-" for nothing,
    Window w = openWindow(copyOf(m_demo, m_dir, u"latin1.db"_s));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    const QString file = writeFile(u"posts.csv"_s,
                                   QByteArray("title;body;date_posted;user_id\r\n"
                                              "Zo\xeb's day;-;2024-03-01 10:00:00;1\r\n"
                                              "Caf\xe9;\"a; b\";2024-03-02 10:00:00;2\r\n"));
    ui::ImportDialog *dialog = openImport(w, file);
    QVERIFY(dialog);
    // the separator is guessed from the first line, and the columns are read with it;
    auto *separator = dialog->findChild<QComboBox *>(u"importSeparator"_s);
    QCOMPARE(separator->currentData().value<QChar>(), QChar(u';'));
    // read as UTF-8, it cannot be, and the dialog says why;
    auto *importButton = dialog->findChild<QPushButton *>(u"importButton"_s);
    QVERIFY(!importButton->isEnabled());
    QVERIFY2(dialog->problems().contains(u"not valid in the file's encoding (UTF-8)"_s),
             qPrintable(dialog->problems()));
    // choosing Latin-1 and "-" as NULL reads the preview again,
    auto *encoding = dialog->findChild<QComboBox *>(u"importEncoding"_s);
    encoding->setCurrentIndex(encoding->findText(u"ISO 8859-1 (Latin-1)"_s));
    QVERIFY(importButton->isEnabled());
    QVERIFY(dialog->problems().isEmpty());
    auto *preview = dialog->findChild<QTableWidget *>(u"importPreview"_s);
    QCOMPARE(preview->columnCount(), 4);
    QCOMPARE(preview->item(1, 1)->text(), u"a; b"_s);
    QCOMPARE(preview->item(0, 0)->text(), u"Zoë's day"_s);
    auto *nullText = dialog->findChild<QLineEdit *>(u"importNullText"_s);
    nullText->setFocus();
    QTest::keyClicks(nullText, u"-"_s);
    QCOMPARE(preview->item(0, 1)->text(), u"NULL"_s);
    QCOMPARE(dialog->findChild<QComboBox *>(u"importTarget0"_s)->currentText(), u"title"_s);
    // and the rows are staged as read.
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!w->findChild<ui::ImportDialog *>());
    QCOMPARE(w->document()->pendingChangeCount(), 2);
    QVERIFY(w->commit());
    QCOMPARE(readBack(w->document()->path(),
                      u"SELECT count(*) FROM posts WHERE title = 'Zoë''s day' AND body IS NULL"_s)
                 .toInt(),
             1);
    QCOMPARE(readBack(w->document()->path(), u"SELECT body FROM posts WHERE title = 'Café'"_s)
                 .toString(),
             u"a; b"_s);
}

void tst_Import::importsIntoANewTable()
{
    // Given a database opened as it is (reflected) and a file of people,
    Window w = openReflected(copyOf(m_demo, m_dir, u"newtable.db"_s));
    QVERIFY(clickEntity(*w, u"Tags"_s));
    w->action(ui::MainWindow::Action::NewRecord)->trigger(); // a staged edit, kept throughout
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    const QString file =
        writeFile(u"club members.csv"_s, "name,age,joined\nann,31,2020-01-02\nbo,,2021-05-06\n");
    ui::ImportDialog *dialog = openImport(w, file);
    QVERIFY(dialog);
    // when they choose a new table (named after the file at first) and import,
    auto *into = dialog->findChild<QComboBox *>(u"importInto"_s);
    into->setCurrentIndex(1);
    auto *name = dialog->findChild<QLineEdit *>(u"importNewTable"_s);
    QCOMPARE(name->text(), u"club_members"_s);
    QVERIFY(!dialog->findChild<QComboBox *>(u"importTarget0"_s)->isEnabled());
    QSignalSpy imported(dialog, &ui::ImportDialog::imported);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    QVERIFY(imported.wait(30000));

    // the table is made with the types of its values and every row, and the window shows it,
    // the staged edit still staged.
    const QString path = w->document()->path();
    QCOMPARE(readBack(path, u"SELECT count(*) FROM club_members"_s).toInt(), 2);
    QCOMPARE(
        readBack(path, u"SELECT typeof(age) FROM club_members WHERE name = 'ann'"_s).toString(),
        u"integer"_s);
    QTRY_VERIFY(w->browser()->entity() && w->browser()->entity()->tableName() == u"club_members"_s);
    QCOMPARE(tableModel(*w)->rowCount(), 2);
    QVERIFY(entityIndex(*w, w->browser()->entity()->displayName()).isValid());
    QCOMPARE(w->document()->pendingChangeCount(), 1);
}

void tst_Import::aNewTableNeedsANameOfItsOwn()
{
    Window w = openReflected(copyOf(m_demo, m_dir, u"taken.db"_s));
    QVERIFY(clickEntity(*w, u"Tags"_s));
    ui::ImportDialog *dialog = openImport(w, writeFile(u"more.csv"_s, "name\nx\n"));
    QVERIFY(dialog);
    dialog->findChild<QComboBox *>(u"importInto"_s)->setCurrentIndex(1);
    auto *name = dialog->findChild<QLineEdit *>(u"importNewTable"_s);
    retype(name, u"tags"_s);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    const QString problems = dialog->findChild<QLabel *>(u"importProblems"_s)->text();
    QVERIFY2(problems.contains(u"already has a table tags"_s), qPrintable(problems));
    retype(name, QString());
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    QCOMPARE(dialog->findChild<QLabel *>(u"importProblems"_s)->text(), u"Name the new table."_s);
    // A table the window does not know of (another program made it meanwhile) is refused
    // too, whatever the case of its name: nothing is added to it.
    auto other = orm::Engine::create(orm::DatabaseUrl::forFile(w->document()->path()), {});
    QVERIFY(other && other->connection().exec(u"CREATE TABLE Meanwhile (name TEXT)"_s));
    retype(name, u"meanwhile"_s);
    QSignalSpy imported(dialog, &ui::ImportDialog::imported);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    QTRY_VERIFY(dialog->findChild<QLabel *>(u"importProblems"_s)
                    ->text()
                    .contains(u"already has a table Meanwhile"_s));
    QVERIFY(imported.isEmpty());
    QCOMPARE(readBack(w->document()->path(), u"SELECT count(*) FROM Meanwhile"_s).toInt(), 0);
    QVERIFY(dialog->isVisible());
    QCOMPARE(
        readBack(w->document()->path(), u"SELECT count(*) FROM tags WHERE name = 'x'"_s).toInt(),
        0);
}

QTEST_MAIN(tst_Import)
#include "tst_import.moc"
