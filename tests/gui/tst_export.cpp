// SPDX-License-Identifier: MIT
#include "guitestsupport.h"
#include "orm/engine/connection.h"
#include "orm/io/recordreader.h"
#include "ui/exportdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMenu>
#include <QMenuBar>
#include <QProcess>
#include <QProgressDialog>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStatusBar>

using namespace guitest;

// Story: a person writes the table they look at to a file, whole or as shown, and goes on
// working while it is written.
class tst_Export : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void exportsTheWholeTableAsCsv();
    void exportsTheRowsAsShownAsJson();
    void writesAScriptThatMakesTheTableAgain();
    void reportsAFileThatCannotBeWritten();
    void cancelLeavesNoFile();

private:
    // File > Export…, as a person opens it from the menu.
    ui::ExportDialog *openExport(Window &w);
    // Clicks Export… and waits until the dialog says how it ended.
    QList<QVariant> clickExport(ui::ExportDialog *dialog);

    QTemporaryDir m_dir;
    QString m_demo;
};

void tst_Export::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
    QVERIFY(!m_demo.isEmpty());
}

ui::ExportDialog *tst_Export::openExport(Window &w)
{
    QMenu *file = nullptr;
    for (QAction *menu : w->menuBar()->actions()) {
        if (menu->text() == u"&File"_s)
            file = menu->menu();
    }
    if (!file)
        return nullptr;
    QAction *exportAction = nullptr;
    for (QAction *a : file->actions()) {
        if (a->text() == u"&Export…"_s)
            exportAction = a;
    }
    if (!exportAction || !exportAction->isEnabled())
        return nullptr;
    exportAction->trigger();
    return w->findChild<ui::ExportDialog *>();
}

QList<QVariant> tst_Export::clickExport(ui::ExportDialog *dialog)
{
    QSignalSpy finished(dialog, &ui::ExportDialog::exportFinished);
    auto *button = dialog->findChild<QPushButton *>(u"exportButton"_s);
    if (!button)
        return {};
    QTest::mouseClick(button, Qt::LeftButton);
    if (!finished.wait(30000))
        return {};
    return finished.first();
}

void tst_Export::exportsTheWholeTableAsCsv()
{
    // Given the Users table shown,
    Window w = openWindow(copyOf(m_demo, m_dir, u"whole.db"_s));
    QVERIFY(clickEntity(*w, u"Users"_s));
    QTRY_VERIFY(tableModel(*w)->rowCount() > 0);
    // when the person opens File > Export, the whole table is the only choice (nothing is
    // filtered or sorted), CSV with a header first;
    ui::ExportDialog *dialog = openExport(w);
    QVERIFY(dialog);
    QVERIFY(dialog->findChild<QRadioButton *>(u"exportWholeTable"_s)->isChecked());
    QVERIFY(!dialog->findChild<QRadioButton *>(u"exportShownRows"_s)->isEnabled());
    QVERIFY(dialog->findChild<QCheckBox *>(u"exportHeader"_s)->isChecked());
    // and clicks Export…, choosing a file,
    const QString path = m_dir.filePath(u"users.csv"_s);
    w.prompts->fileToSave = path;
    const QList<QVariant> result = clickExport(dialog);
    QVERIFY(!result.isEmpty());
    // then every row is written there, the dialog closes and the status bar says so.
    QVERIFY2(result.at(0).toBool(), qPrintable(result.at(3).toString()));
    const qint64 users =
        readBack(w->document()->path(), u"SELECT count(*) FROM users"_s).toLongLong();
    QCOMPARE(result.at(1).toLongLong(), users);
    QCOMPARE(w.prompts->saveFilters, QStringList {u"CSV file (*.csv)"_s});
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    orm::RecordReader reader(&file, {});
    QVERIFY(reader.open());
    QCOMPARE(reader.columnNames().first(), u"id"_s);
    QVariantList values;
    qint64 rows = 0;
    while (reader.next(&values))
        ++rows;
    QCOMPARE(rows, users);
    QTRY_VERIFY(!w->findChild<ui::ExportDialog *>());
    QVERIFY(w->statusBar()->currentMessage().startsWith(u"Exported %1 rows to"_s.arg(users)));
}

void tst_Export::exportsTheRowsAsShownAsJson()
{
    // Given Users searched for "a" and sorted by name, descending,
    Window w = openWindow(copyOf(m_demo, m_dir, u"shown.db"_s));
    QVERIFY(clickEntity(*w, u"Users"_s));
    searchFor(*w, u"a"_s);
    QHeaderView *header = table(*w)->horizontalHeader();
    const int username = columnOf(*w, u"username"_s);
    const int x = header->sectionViewportPosition(username) + header->sectionSize(username) / 2;
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 6));
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, QPoint(x, 6));
    QCOMPARE(tableModel(*w)->sortOrder(), Qt::DescendingOrder);
    QTRY_VERIFY(!tableModel(*w)->isCounting());
    const int shown = tableModel(*w)->rowCount();
    QVERIFY(shown > 0);
    QStringList names;
    for (int r = 0; r < shown; ++r)
        names << tableModel(*w)->index(r, username).data().toString();
    // when File > Export offers the rows as shown, and the person picks JSON with the keys,
    ui::ExportDialog *dialog = openExport(w);
    QVERIFY(dialog);
    auto *shownRows = dialog->findChild<QRadioButton *>(u"exportShownRows"_s);
    QVERIFY(shownRows->isEnabled());
    QVERIFY(shownRows->isChecked());
    auto *format = dialog->findChild<QComboBox *>(u"exportFormat"_s);
    format->setFocus();
    QTest::keyClick(format, Qt::Key_Down);
    QCOMPARE(format->currentText(), u"JSON (an array of objects)"_s);
    // (CSV's options do not apply to it.)
    QVERIFY(!dialog->findChild<QComboBox *>(u"exportSeparator"_s)->isEnabled());
    const QString path = m_dir.filePath(u"users.json"_s);
    w.prompts->fileToSave = path;
    const QList<QVariant> result = clickExport(dialog);
    QVERIFY(!result.isEmpty());
    QVERIFY2(result.at(0).toBool(), qPrintable(result.at(3).toString()));
    // then the file holds those rows, in that order.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray array = QJsonDocument::fromJson(file.readAll()).array();
    QStringList written;
    for (const QJsonValue &v : array)
        written << v.toObject().value(u"username"_s).toString();
    QCOMPARE(written, names);
}

void tst_Export::writesAScriptThatMakesTheTableAgain()
{
    // Given the posts, exported as SQL with the table's definition,
    Window w = openWindow(copyOf(m_demo, m_dir, u"dump.db"_s));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    ui::ExportDialog *dialog = openExport(w);
    QVERIFY(dialog);
    auto *definition = dialog->findChild<QCheckBox *>(u"exportDefinition"_s);
    QVERIFY(!definition->isEnabled()); // CSV has none
    auto *format = dialog->findChild<QComboBox *>(u"exportFormat"_s);
    format->setFocus();
    QTest::keyClick(format, Qt::Key_Down);
    QTest::keyClick(format, Qt::Key_Down);
    QVERIFY(format->currentText().startsWith(u"SQL"_s));
    QVERIFY(definition->isEnabled());
    QTest::mouseClick(definition, Qt::LeftButton, {}, QPoint(4, definition->height() / 2));
    QVERIFY(definition->isChecked());
    const QString path = m_dir.filePath(u"posts.sql"_s);
    w.prompts->fileToSave = path;
    const QList<QVariant> result = clickExport(dialog);
    QVERIFY(!result.isEmpty());
    QVERIFY2(result.at(0).toBool(), qPrintable(result.at(3).toString()));
    // the script makes the table, its indexes and its rows in an empty database.
    const QString empty = m_dir.filePath(u"empty.db"_s);
    QProcess shell;
    shell.start(u"sqlite3"_s, {u"-bail"_s, empty, u".read "_s + path});
    QVERIFY(shell.waitForFinished(60000));
    QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
    QCOMPARE(readBack(empty, u"SELECT count(*) FROM posts"_s),
             readBack(w->document()->path(), u"SELECT count(*) FROM posts"_s));
    QCOMPARE(readBack(empty,
                      u"SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND "
                      "name = 'ix_posts_date_posted'"_s)
                 .toInt(),
             1);
    QCOMPARE(readBack(empty,
                      u"SELECT group_concat(title, '|') FROM (SELECT title FROM posts "
                      "ORDER BY id)"_s),
             readBack(w->document()->path(),
                      u"SELECT group_concat(title, '|') FROM (SELECT "
                      "title FROM posts ORDER BY id)"_s));
}

void tst_Export::reportsAFileThatCannotBeWritten()
{
    // Given a file in a folder that does not exist,
    Window w = openWindow(copyOf(m_demo, m_dir, u"nofolder.db"_s));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    ui::ExportDialog *dialog = openExport(w);
    QVERIFY(dialog);
    w.prompts->fileToSave = m_dir.filePath(u"missing/posts.csv"_s);
    const QList<QVariant> result = clickExport(dialog);
    QVERIFY(!result.isEmpty());
    // the export fails, says why, and the dialog stays open to choose another.
    QVERIFY(!result.at(0).toBool());
    QCOMPARE(w.prompts->errors.size(), 1);
    QVERIFY(dialog->isVisible());
    QVERIFY(!QFile::exists(m_dir.filePath(u"missing/posts.csv"_s)));
}

void tst_Export::cancelLeavesNoFile()
{
    // Given another program holding the file's lock, so that the export's read waits,
    Window w = openWindow(copyOf(m_demo, m_dir, u"cancel.db"_s));
    QVERIFY(clickEntity(*w, u"Posts"_s));
    orm::Error error;
    auto other =
        orm::Connection::open(orm::DatabaseUrl::forFile(w->document()->path()), {}, &error);
    QVERIFY2(other, qPrintable(error.text()));
    QVERIFY(other->exec(u"BEGIN EXCLUSIVE"_s));
    ui::ExportDialog *dialog = openExport(w);
    QVERIFY(dialog);
    const QString path = m_dir.filePath(u"cancelled.csv"_s);
    w.prompts->fileToSave = path;
    QSignalSpy finished(dialog, &ui::ExportDialog::exportFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"exportButton"_s), Qt::LeftButton);
    // when the person clicks Cancel in the progress dialog while it runs (the window answers
    // meanwhile),
    auto *progress = dialog->findChild<QProgressDialog *>(u"exportProgress"_s);
    QVERIFY(progress);
    QTRY_VERIFY(progress->isVisible());
    QVERIFY(dialog->isExporting());
    QPushButton *cancel = progress->findChild<QPushButton *>();
    QVERIFY(cancel);
    QTest::mouseClick(cancel, Qt::LeftButton);
    // then the export stops, says it was cancelled, and leaves no file.
    QVERIFY(finished.wait(30000));
    QVERIFY(!finished.first().at(0).toBool());
    QVERIFY(w.prompts->errors.isEmpty());
    QVERIFY(!QFile::exists(path));
    QVERIFY(other->rollback());
}

QTEST_MAIN(tst_Export)
#include "tst_export.moc"
