// SPDX-License-Identifier: MIT
// Data in and out of a server database through the window: export, import (staged, in one
// transaction, into a new table), copy and paste. The test cluster's, with tables of its own.

#include "gui/guitestsupport.h"
#include "postgresql/serverdatabase.h"
#include "ui/document.h"
#include "ui/exportdialog.h"
#include "ui/filterheader.h"
#include "ui/importdialog.h"

#include <QClipboard>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>

using namespace guitest;

class tst_PgData : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void exportsTheTableAsJson();
    void importsStagedRowsAndANewTable();
    void copiedRowsPasteAsNewRows();
    void numericValuesAreNotOdd();
    void longDecimalsImportExactly();
    void longDecimalsPasteExactly();
    void longDecimalsTypeExactly();
    void longDecimalsFilterExactly();

private:
    Window open();
    // Books shown, every row's object there (on a server they come from the background reader).
    bool showBooks(Window &w, int rows) { return showTable(w, u"Books"_s, rows); }
    bool showTable(Window &w, const QString &entity, int rows);
    QString writeFile(const QString &name, const QByteArray &contents);

    QTemporaryDir m_dir;
    testserver::ServerDatabase m_database {u"rowsmith_data"_s};
    QString m_url;
};

void tst_PgData::initTestCase()
{
    QVERIFY(m_dir.isValid());
    isolateSettings(m_dir.path());
    withoutKeychain(m_dir.path());
    QString error;
    m_url = m_database.create(&error);
    QVERIFY2(!m_url.isEmpty(), qPrintable(error));
}

void tst_PgData::cleanupTestCase()
{
    m_database.drop();
}

void tst_PgData::init()
{
    QString error;
    QVERIFY2(
        m_database.run(
            {
                u"DROP TABLE IF EXISTS books, authors, members, ledger"_s,
                u"CREATE TABLE authors (id SERIAL PRIMARY KEY, name VARCHAR(100) NOT NULL UNIQUE)"_s,
                u"CREATE TABLE books (id SERIAL PRIMARY KEY, title VARCHAR(200) NOT NULL, "
                "author_id INTEGER REFERENCES authors (id), price NUMERIC(8, 2), "
                "added TIMESTAMP)"_s,
                u"INSERT INTO authors (name) VALUES ('Ada Lovelace'), ('Alan Turing')"_s,
                u"INSERT INTO books (title, author_id, price, added) VALUES "
                "('Notes, \"annotated\"', 1, 12.50, '2024-02-29 23:59:59.123456'), "
                "('Computing Machinery', 2, 8.00, NULL), ('Sketch', 1, NULL, NULL)"_s,
                u"CREATE TABLE ledger (id SERIAL PRIMARY KEY, note VARCHAR(20), "
                "exact NUMERIC(30, 10), free NUMERIC)"_s,
                u"INSERT INTO ledger (note, exact, free) VALUES ('first', 1.5, 2.25)"_s,
            },
            &error),
        qPrintable(error));
}

Window tst_PgData::open()
{
    return showWindow(
        std::make_unique<ui::MainWindow>(std::make_shared<ui::ReflectingSchemaProvider>()), m_url);
}

bool tst_PgData::showTable(Window &w, const QString &entity, int rows)
{
    if (!clickEntity(*w, entity))
        return false;
    return QTest::qWaitFor([&] {
        ui::EntityTableModel *model = tableModel(*w);
        if (!model || model->isCounting() || model->rowCount() != rows)
            return false;
        for (int r = 0; r < rows; ++r) {
            if (!model->objectAt(r))
                return false;
        }
        return true;
    });
}

QString tst_PgData::writeFile(const QString &name, const QByteArray &contents)
{
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(contents) != contents.size())
        return {};
    return f.fileName();
}

void tst_PgData::exportsTheTableAsJson()
{
    // Given the books of a server database,
    Window w = open();
    QVERIFY(showBooks(w, 3));
    // when File > Export writes them as JSON,
    ui::ExportDialog *dialog = w->showExportDialog();
    QVERIFY(dialog);
    auto *format = dialog->findChild<QComboBox *>(u"exportFormat"_s);
    format->setFocus();
    QTest::keyClick(format, Qt::Key_Down);
    const QString path = m_dir.filePath(u"books.json"_s);
    w.prompts->fileToSave = path;
    QSignalSpy finished(dialog, &ui::ExportDialog::exportFinished);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"exportButton"_s), Qt::LeftButton);
    QVERIFY(finished.wait(30000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(3).toString()));
    // the file holds every row, values as the server stores them.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonArray rows = QJsonDocument::fromJson(file.readAll()).array();
    QCOMPARE(rows.size(), 3);
    const QJsonObject first = rows.at(0).toObject();
    QCOMPARE(first.value(u"title"_s).toString(), u"Notes, \"annotated\""_s);
    QCOMPARE(first.value(u"author_id"_s).toInt(), 1);
    QCOMPARE(first.value(u"added"_s).toString(), u"2024-02-29 23:59:59.123456"_s);
    QVERIFY(rows.at(2).toObject().value(u"price"_s).isNull());
}

void tst_PgData::importsStagedRowsAndANewTable()
{
    // Given the books, and a file of two more,
    Window w = open();
    QVERIFY(showBooks(w, 3));
    const QString file = writeFile(u"more.csv"_s,
                                   "title,author_id,price\n"
                                   "\"Line\nbreak\",2,9.99\n"
                                   "Plain,1,\n");
    w.prompts->fileToOpen = file;
    ui::ImportDialog *dialog = w->showImportDialog();
    QVERIFY(dialog);
    QVERIFY2(dialog->isReadable(), qPrintable(dialog->problems()));
    // they are staged for review, then committed;
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!w->findChild<ui::ImportDialog *>());
    QCOMPARE(w->document()->pendingChangeCount(), 2);
    QVERIFY(w->commit());
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QCOMPARE(
        m_database
            .readBack(u"SELECT count(*) FROM books WHERE title = E'Line\\nbreak' AND price = 9.99 "
                      "AND author_id = 2"_s)
            .toInt(),
        1);
    QCOMPARE(m_database.readBack(u"SELECT count(*) FROM books WHERE price IS NULL"_s).toInt(), 2);

    // and a file of members goes into a new table, which the window then shows.
    const QString members = writeFile(u"members.csv"_s, "name,age\nann,31\nbo,\n");
    w.prompts->fileToOpen = members;
    dialog = w->showImportDialog();
    QVERIFY(dialog);
    dialog->findChild<QComboBox *>(u"importInto"_s)->setCurrentIndex(1);
    QSignalSpy imported(dialog, &ui::ImportDialog::imported);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    QVERIFY(imported.wait(30000));
    QCOMPARE(m_database.readBack(u"SELECT count(*) FROM members WHERE age IS NULL"_s).toInt(), 1);
    QCOMPARE(m_database
                 .readBack(u"SELECT data_type FROM information_schema.columns WHERE table_name = "
                           "'members' AND column_name = 'age'"_s)
                 .toString(),
             u"integer"_s);
    QTRY_VERIFY(w->browser()->entity() && w->browser()->entity()->tableName() == u"members"_s);
}

void tst_PgData::copiedRowsPasteAsNewRows()
{
    // Given two books copied with their headers,
    Window w = open();
    QVERIFY(showBooks(w, 3));
    const int title = columnOf(*w, u"title"_s);
    clickCell(*w, 0, title);
    const QModelIndex second = tableModel(*w)->index(1, title);
    QTest::mouseClick(table(*w)->viewport(), Qt::LeftButton, Qt::ShiftModifier,
                      table(*w)->visualRect(second).center());
    table(*w)->setFocus();
    QTest::keyClick(table(*w), Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY2(QGuiApplication::clipboard()->text().startsWith(
                 u"id\ttitle\tauthor_id\tprice\tadded\n1\t"_s),
             qPrintable(QGuiApplication::clipboard()->text()));
    // when they are pasted as new rows and committed,
    QTest::keyClick(table(*w), Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w->document()->pendingChangeCount(), 2);
    QVERIFY(w->commit());
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    // the server gives them keys of their own, and they hold the same values.
    QCOMPARE(m_database
                 .readBack(u"SELECT count(*) FROM books a JOIN books b ON a.id < b.id AND "
                           "a.title = b.title AND a.author_id = b.author_id AND a.price IS NOT "
                           "DISTINCT FROM b.price AND a.added IS NOT DISTINCT FROM b.added"_s)
                 .toInt(),
             2);
    QCOMPARE(m_database.readBack(u"SELECT max(id) FROM books"_s).toInt(), 5);
}

void tst_PgData::numericValuesAreNotOdd()
{
    // Given books with NUMERIC(8, 2) prices, which a server gives as decimal text,
    Window w = open();
    QVERIFY(showBooks(w, 3));
    ui::EntityTableModel *model = tableModel(*w);
    const int price = columnOf(*w, u"price"_s);
    QVERIFY(price >= 0);
    // every price shows its digits, with no note that it is stored as text.
    for (int row : {0, 1}) {
        const QModelIndex cell = model->index(row, price);
        QVERIFY2(model->data(cell, ui::EntityTableModel::StorageNoteRole).toString().isEmpty(),
                 qPrintable(model->data(cell, ui::EntityTableModel::StorageNoteRole).toString()));
        QCOMPARE(model->data(cell, Qt::DisplayRole).toString(), row ? u"8.00"_s : u"12.50"_s);
    }
}

// Longer than a double holds (17 digits): a double would give 12345678901234567168.
static const QString longDecimal = u"12345678901234567890.123456789"_s;

void tst_PgData::longDecimalsImportExactly()
{
    // Given a ledger with a NUMERIC(30, 10) and a NUMERIC column, and a file of long decimals,
    Window w = open();
    QVERIFY(showTable(w, u"Ledger"_s, 1));
    w.prompts->fileToOpen = writeFile(u"ledger.csv"_s,
                                      "note,exact,free\n"
                                      "long,12345678901234567890.123456789,"
                                      "12345678901234567890.123456789012345\n");
    ui::ImportDialog *dialog = w->showImportDialog();
    QVERIFY(dialog);
    QVERIFY2(dialog->isReadable(), qPrintable(dialog->problems()));
    // when File > Import stages them and they are committed,
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    QTRY_VERIFY(!w->findChild<ui::ImportDialog *>());
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QVERIFY(w->commit());
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    // the server holds every digit (at the column's scale);
    QCOMPARE(
        m_database.readBack(u"SELECT exact::text FROM ledger WHERE note = 'long'"_s).toString(),
        longDecimal + u"0"_s);
    QCOMPARE(m_database.readBack(u"SELECT free::text FROM ledger WHERE note = 'long'"_s).toString(),
             u"12345678901234567890.123456789012345"_s);

    // and a value the column cannot hold is refused, saying why, with nothing staged.
    w.prompts->fileToOpen = writeFile(u"wide.csv"_s,
                                      "note,exact\n"
                                      "wide,123456789012345678901.5\n"
                                      "fine,0.12345678901\n");
    dialog = w->showImportDialog();
    QVERIFY(dialog);
    QTest::mouseClick(dialog->findChild<QPushButton *>(u"importButton"_s), Qt::LeftButton);
    QVERIFY(dialog->isVisible());
    const QString problems = dialog->problems();
    QVERIFY2(problems.contains(u"more than 20 digits before the point"_s), qPrintable(problems));
    QVERIFY2(problems.contains(u"more than 10 digits after the point"_s), qPrintable(problems));
    QVERIFY(!w->document()->hasPendingChanges());
}

void tst_PgData::longDecimalsPasteExactly()
{
    // Given the ledger, and rows of long decimals on the clipboard with their header,
    Window w = open();
    QVERIFY(showTable(w, u"Ledger"_s, 1));
    clickCell(*w, 0, columnOf(*w, u"note"_s));
    QGuiApplication::clipboard()->setText(u"id\tnote\texact\tfree\n\tpasted\t"_s + longDecimal
                                          + u"\t-"_s + longDecimal + u"\n"_s);
    // when Edit > Paste adds them as new rows and they are committed,
    table(*w)->setFocus();
    QTest::keyClick(table(*w), Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QVERIFY(w->commit());
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    // the server holds every digit;
    QCOMPARE(
        m_database.readBack(u"SELECT exact::text FROM ledger WHERE note = 'pasted'"_s).toString(),
        longDecimal + u"0"_s);
    QCOMPARE(
        m_database.readBack(u"SELECT free::text FROM ledger WHERE note = 'pasted'"_s).toString(),
        u"-"_s + longDecimal);

    // and a value the column cannot hold is refused, saying why.
    QTRY_VERIFY(tableModel(*w)->rowCount() == 2 && tableModel(*w)->objectAt(0));
    clickCell(*w, 0, columnOf(*w, u"exact"_s));
    QGuiApplication::clipboard()->setText(u"1.00000000001"_s);
    table(*w)->setFocus();
    QTest::keyClick(table(*w), Qt::Key_V, Qt::ControlModifier);
    QVERIFY(!w->document()->hasPendingChanges());
    QVERIFY(w->messageLabel()->isVisible());
    QVERIFY2(w->messageLabel()->text().contains(u"more than 10 digits after the point"_s),
             qPrintable(w->messageLabel()->text()));
}

void tst_PgData::longDecimalsTypeExactly()
{
    // Given a ledger row whose NUMERIC holds more digits than a double,
    {
        auto engine = orm::Engine::create(m_url);
        QVERIFY(engine);
        QVERIFY(engine->connection().exec(u"UPDATE ledger SET free = "_s + longDecimal));
    }
    Window w = open();
    QVERIFY(showTable(w, u"Ledger"_s, 1));
    clickCell(*w, 0, columnOf(*w, u"note"_s));
    // the form shows every digit;
    QLineEdit *free = lineEditOf(w->form(), u"free"_s);
    QVERIFY(free);
    QCOMPARE(free->text(), longDecimal);
    // a long decimal typed into a field is written as typed,
    QLineEdit *exact = lineEditOf(w->form(), u"exact"_s);
    QVERIFY(exact);
    retype(exact, u"98765432109876543210.0123456789"_s);
    QVERIFY2(errorText(w->form(), u"exact"_s).isEmpty(),
             qPrintable(errorText(w->form(), u"exact"_s)));
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY(!w->document()->hasPendingChanges());
    QVERIFY2(w.prompts->errors.isEmpty(), qPrintable(w.prompts->errors.join(u'\n')));
    QCOMPARE(m_database.readBack(u"SELECT exact::text FROM ledger"_s).toString(),
             u"98765432109876543210.0123456789"_s);
    QCOMPARE(m_database.readBack(u"SELECT free::text FROM ledger"_s).toString(), longDecimal);
    // and one the column cannot hold is refused beside the field (the last digit typed).
    retype(exact, u"123456789012345678901"_s);
    QCOMPARE(errorText(w->form(), u"exact"_s), u"at most 20 digits before the point"_s);
    QCOMPARE(w->form()->object()->value(u"exact"_s).toString(), u"12345678901234567890"_s);
}

void tst_PgData::longDecimalsFilterExactly()
{
    // Given two ledger rows whose NUMERIC values differ in a digit past a double's 17th,
    {
        auto engine = orm::Engine::create(m_url);
        QVERIFY(engine);
        QVERIFY(engine->connection().exec(
            u"INSERT INTO ledger (note, free) VALUES ('next', 12345678901234567890.123456788)"_s));
        QVERIFY(engine->connection().exec(u"UPDATE ledger SET free = "_s + longDecimal
                                          + u" WHERE note = 'first'"_s));
    }
    Window w = open();
    QVERIFY(showTable(w, u"Ledger"_s, 2));
    QLineEdit *filter = w->browser()->filterHeader()->filterEditor(columnOf(*w, u"free"_s));
    QVERIFY(filter);
    // a column filter of one value's digits shows that row alone,
    QTest::keyClicks(filter, longDecimal);
    QTest::keyClick(filter, Qt::Key_Return);
    ui::EntityTableModel *model = tableModel(*w);
    QVERIFY2(model->columnFilterError(columnOf(*w, u"free"_s)).isEmpty(),
             qPrintable(model->columnFilterError(columnOf(*w, u"free"_s))));
    QTRY_VERIFY(!model->isCounting() && model->rowCount() == 1 && model->objectAt(0));
    QCOMPARE(model->objectAt(0)->value(u"note"_s).toString(), u"first"_s);
    // and a comparison compares every digit.
    QTest::keySequence(filter, QKeySequence::SelectAll);
    QTest::keyClicks(filter, u"<"_s + longDecimal);
    QTest::keyClick(filter, Qt::Key_Return);
    QTRY_VERIFY(!model->isCounting() && model->rowCount() == 1 && model->objectAt(0));
    QCOMPARE(model->objectAt(0)->value(u"note"_s).toString(), u"next"_s);
}

QTEST_MAIN(tst_PgData)
#include "tst_pgdata.moc"
