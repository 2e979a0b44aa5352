// SPDX-License-Identifier: MIT
// The schema editor: each kind of edit staged, undone and redone, checked before the commit,
// confirmed when it loses data, committed on its own, and the window following what it renamed.

#include "guitestsupport.h"
#include "orm/engine/engine.h"

#include "ui/externalchangewatcher.h"
#include "ui/pendingchangesview.h"
#include "ui/relatedlistmodel.h"
#include "ui/relationshippanel.h"
#include "ui/schemachanges.h"
#include "ui/schemaeditor.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QContextMenuEvent>
#include <QListView>
#include <QListWidget>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTreeWidget>

using namespace guitest;
using Button = ui::SchemaEditor::Button;

namespace {

// Three customers (one without an email) and four orders, an index and a check.
QString shopDatabase(const QTemporaryDir &dir)
{
    const QString path = dir.filePath(u"shop.db"_s);
    QFile::remove(path);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    if (!engine)
        return {};
    orm::Connection &c = engine->connection();
    for (
        const QString &sql :
        {u"CREATE TABLE customers (id INTEGER PRIMARY KEY, name VARCHAR(60) NOT NULL, email TEXT)"_s,
         u"CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER, total FLOAT, "
         "note VARCHAR(80), CHECK (total >= 0))"_s,
         u"CREATE INDEX ix_orders_total ON orders (total)"_s,
         u"INSERT INTO customers VALUES (1, 'Ada', 'ada@example.org'), (2, 'Brian', NULL), "
         "(3, 'Cleo', 'cleo@example.org')"_s,
         u"INSERT INTO orders VALUES (1, 1, 10.5, 'first'), (2, 1, 3, 'a rather long note'), "
         "(3, 2, 7, NULL), (4, 3, 0, 'gift')"_s}) {
        if (!c.exec(sql)) {
            qWarning() << c.lastError().text();
            return {};
        }
    }
    return path;
}

// The file as another connection reads it now.
std::optional<orm::MetaData> reflectFile(const QString &path)
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    return engine ? engine->connection().reflect() : std::nullopt;
}

QVariant scalar(const QString &path, const QString &sql)
{
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    const auto rows = engine ? engine->connection().select(sql) : std::nullopt;
    return rows && !rows->isEmpty() ? rows->first().value(0) : QVariant();
}

void typeInto(QWidget *field, const QString &text)
{
    field->setFocus();
    QTest::keyClick(field, Qt::Key_A, Qt::ControlModifier);
    if (text.isEmpty())
        QTest::keyClick(field, Qt::Key_Delete);
    else
        QTest::keyClicks(field, text);
}

void click(ui::SchemaEditor *editor, Button b)
{
    QVERIFY(editor->button(b)->isEnabled());
    QTest::mouseClick(editor->button(b), Qt::LeftButton);
}

void selectTable(ui::SchemaEditor *editor, const QString &name)
{
    QListWidget *list = editor->tableList();
    const auto found = list->findItems(name, Qt::MatchExactly);
    QVERIFY2(!found.isEmpty(), qPrintable(name));
    list->scrollToItem(found.first());
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualItemRect(found.first()).center());
    QCOMPARE(editor->currentTable(), name);
}

QTreeWidgetItem *itemOf(QTreeWidget *tree, const QString &text, int column = 0)
{
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->text(column).contains(text))
            return tree->topLevelItem(i);
    }
    return nullptr;
}

void selectItems(QTreeWidget *tree, const QStringList &texts, int column = 0)
{
    Qt::KeyboardModifiers modifiers;
    for (const QString &text : texts) {
        QTreeWidgetItem *item = itemOf(tree, text, column);
        QVERIFY2(item, qPrintable(text));
        tree->scrollToItem(item);
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, modifiers,
                          tree->visualItemRect(item).center());
        modifiers = Qt::ControlModifier;
    }
}

QStringList columnNames(const orm::Table *table)
{
    QStringList names;
    for (const orm::Column &c : table ? table->columns() : QList<orm::Column>())
        names << c.name;
    return names;
}

} // namespace

class tst_SchemaEditor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void opensFromMenuShortcutAndTableList();
    void createTable();
    void addColumnUndoRedoAndCommit();
    void changeColumnTypeNullabilityDefault();
    void renameColumnAndTableFollowedByOpenTables();
    void indexesUniqueChecksAndForeignKeys();
    void validationMessages();
    void refusedDestructiveStep();
    void dropTable();
    void anotherProgramsSchemaChangeKeepsTheEdits();
    void dataEditsFirst();
    void schemaCommitWaitsForAReader();
    void closingCommitsBothKinds();
    void typedModelsNotice();
    void savesMigrationScript();

private:
    ui::SchemaEditor *openEditor(Window &w);
    QTemporaryDir m_dir;
    QString m_path;
};

void tst_SchemaEditor::initTestCase()
{
    QVERIFY(m_dir.isValid());
    isolateSettings(m_dir.filePath(u"settings"_s));
}

void tst_SchemaEditor::init()
{
    QSettings().clear();
    m_path = shopDatabase(m_dir);
    QVERIFY(!m_path.isEmpty());
}

ui::SchemaEditor *tst_SchemaEditor::openEditor(Window &w)
{
    QTest::keyClick(w.window.get(), Qt::Key_E, Qt::ControlModifier | Qt::ShiftModifier);
    ui::SchemaEditor *editor = w->schemaEditor();
    if (editor) {
        QApplication::setActiveWindow(editor);
        if (!QTest::qWaitForWindowActive(editor))
            qWarning("the editor did not become active");
        // Each tester goes with its view's viewport, made before the model: a tree widget's
        // model resets itself while it is destroyed.
        for (QTreeWidget *tree : {editor->columnList(), editor->constraintList()}) {
            if (!tree->viewport()->findChild<QAbstractItemModelTester *>()) {
                new QAbstractItemModelTester(tree->model(),
                                             QAbstractItemModelTester::FailureReportingMode::QtTest,
                                             tree->viewport());
            }
        }
    }
    return editor;
}

void tst_SchemaEditor::opensFromMenuShortcutAndTableList()
{
    // Given a file open at its orders
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Orders"_s));
    // When Ctrl+Shift+E is pressed, then the editor shows the orders' columns
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    QVERIFY(editor->isVisible());
    QCOMPARE(editor->currentTable(), u"orders"_s);
    QVERIFY(itemOf(editor->columnList(), u"customer_id"_s));
    QVERIFY(itemOf(editor->constraintList(), u"ix_orders_total"_s, 1));
    QVERIFY(itemOf(editor->constraintList(), u"total >= 0"_s, 1));
    editor->close();
    QTRY_VERIFY(!w->schemaEditor());

    // When the table list's context menu is asked for on Customers
    QTreeView *list = w->entityList();
    const QRect rect = list->visualRect(entityIndex(*w, u"Customers"_s));
    QContextMenuEvent event(QContextMenuEvent::Mouse, rect.center(),
                            list->viewport()->mapToGlobal(rect.center()));
    QApplication::sendEvent(list->viewport(), &event);
    auto *menu = list->findChild<QMenu *>(u"entityListMenu"_s);
    QVERIFY(menu);
    QAction *edit = nullptr;
    for (QAction *a : menu->actions())
        edit = a->text().contains(u"customers"_s) ? a : edit;
    QVERIFY(edit);
    edit->trigger();
    // Then the editor is at that table
    QVERIFY(w->schemaEditor());
    QCOMPARE(w->schemaEditor()->currentTable(), u"customers"_s);
    menu->close();
}

void tst_SchemaEditor::createTable()
{
    Window w = openReflected(m_path);
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    // When a table name is typed and Create clicked
    typeInto(editor->tableNameEdit(), u"tags"_s);
    click(editor, Button::CreateTable);
    // Then it is staged: listed, with its key, previewed here and in the pending panel
    QCOMPARE(editor->currentTable(), u"tags"_s);
    QVERIFY(itemOf(editor->columnList(), u"id"_s));
    QVERIFY(editor->preview()->toPlainText().contains(u"CREATE TABLE \"tags\""_s));
    QVERIFY(w->pendingChangesView()->sqlPreview()->toPlainText().contains(u"CREATE TABLE"_s));
    QVERIFY(w->pendingLabel()->text().contains(u"1 schema change"_s));
    QVERIFY(w->isWindowModified());
    QVERIFY(!reflectFile(m_path)->table(u"tags"_s));
    // When a column is added to it and the schema committed
    typeInto(editor->columnTypeBox()->lineEdit(), u"VARCHAR(40)"_s);
    typeInto(editor->columnNameEdit(), u"label"_s);
    QTest::keyClick(editor->columnNameEdit(), Qt::Key_Return);
    click(editor, Button::Commit);
    // Then the file has it, and the window lists it
    const auto after = reflectFile(m_path);
    QCOMPARE(columnNames(after->table(u"tags"_s)), QStringList({u"id"_s, u"label"_s}));
    QTRY_VERIFY(entityIndex(*w, u"Tags"_s).isValid());
    QVERIFY(w.prompts->dataLossQuestions.isEmpty());
}

void tst_SchemaEditor::addColumnUndoRedoAndCommit()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    typeInto(editor->columnNameEdit(), u"age"_s);
    typeInto(editor->columnTypeBox()->lineEdit(), u"INTEGER"_s);
    click(editor, Button::AddColumn);
    QVERIFY(itemOf(editor->columnList(), u"age"_s));
    QVERIFY(editor->preview()->toPlainText().contains(u"ADD COLUMN \"age\" INTEGER"_s));
    // Undo, in the editor, takes it back; Redo stages it again
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier);
    QVERIFY(!itemOf(editor->columnList(), u"age"_s));
    QVERIFY(w->document()->schemaChanges()->isEmpty());
    QVERIFY(!editor->button(Button::Commit)->isEnabled());
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(itemOf(editor->columnList(), u"age"_s));
    // And from the window's Edit menu too
    w->action(ui::MainWindow::Action::Undo)->trigger();
    QVERIFY(!itemOf(editor->columnList(), u"age"_s));
    w->action(ui::MainWindow::Action::Redo)->trigger();
    QVERIFY(itemOf(editor->columnList(), u"age"_s));
    // The window's Commit commits it: the table shows the column
    w->action(ui::MainWindow::Action::Commit)->trigger();
    QVERIFY(columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"age"_s));
    QCOMPARE(w->browser()->entity()->tableName(), u"customers"_s);
    QVERIFY(w->browser()->entity()->columnIndex(u"age"_s) >= 0);
    QVERIFY(w->document()->schemaChanges()->isEmpty());
    QVERIFY(w->document()->undoStack()->count() == 0);
}

void tst_SchemaEditor::changeColumnTypeNullabilityDefault()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    // email: NOT NULL with a default for the row without one, and a longer type
    selectItems(editor->columnList(), {u"email"_s});
    QCOMPARE(editor->columnNameEdit()->text(), u"email"_s);
    typeInto(editor->columnTypeBox()->lineEdit(), u"VARCHAR(200)"_s);
    QTest::mouseClick(editor->notNullBox(), Qt::LeftButton);
    typeInto(editor->defaultEdit(), u"'unknown'"_s);
    click(editor, Button::ApplyColumn);
    QTreeWidgetItem *email = itemOf(editor->columnList(), u"email"_s);
    QVERIFY(email);
    QCOMPARE(email->text(1), u"VARCHAR(200)"_s);
    QCOMPARE(email->text(3), u"'unknown'"_s);
    // A table rebuild, previewed
    QVERIFY(editor->preview()->toPlainText().contains(u"_rowsmith_new_customers"_s));
    // The NULL becomes the default: a loss confirmed with its count
    w.prompts->dataLossAnswer = true;
    click(editor, Button::Commit);
    QCOMPARE(w.prompts->dataLossQuestions.size(), 1);
    const QString loss = w.prompts->dataLossQuestions.first().join(u' ');
    QVERIFY2(loss.contains(u"alter column customers.email"_s) && loss.contains(u": 1 "_s)
                 && loss.contains(u"NULL"_s),
             qPrintable(loss));
    const auto after = reflectFile(m_path);
    const orm::Column *column = after->table(u"customers"_s)->column(u"email"_s);
    QVERIFY(column);
    QVERIFY(!column->nullable);
    QCOMPARE(column->type, orm::String(200));
    QCOMPARE(scalar(m_path, u"SELECT email FROM customers WHERE id = 2"_s).toString(),
             u"unknown"_s);
}

void tst_SchemaEditor::renameColumnAndTableFollowedByOpenTables()
{
    // Given orders open at its second row, visited after customers
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    QVERIFY(clickEntity(*w, u"Orders"_s));
    clickCell(*w, 1);
    QVERIFY(w->form()->object());
    QCOMPARE(w->form()->object()->primaryKey().toInt(), 2);
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    QCOMPARE(editor->currentTable(), u"orders"_s);
    // When note is renamed to remark, and orders to purchases, and committed
    selectItems(editor->columnList(), {u"note"_s});
    typeInto(editor->columnNameEdit(), u"remark"_s);
    click(editor, Button::ApplyColumn);
    QVERIFY(itemOf(editor->columnList(), u"remark"_s));
    typeInto(editor->tableNameEdit(), u"purchases"_s);
    click(editor, Button::RenameTable);
    QCOMPARE(editor->currentTable(), u"purchases"_s);
    click(editor, Button::Commit);
    QVERIFY(w.prompts->dataLossQuestions.isEmpty());
    // Then the window shows purchases at the same row, its column renamed, values kept
    QVERIFY(w->browser()->entity());
    QCOMPARE(w->browser()->entity()->tableName(), u"purchases"_s);
    QVERIFY(w->browser()->entity()->columnIndex(u"remark"_s) >= 0);
    QVERIFY(w->form()->object());
    QCOMPARE(w->form()->object()->primaryKey().toInt(), 2);
    QCOMPARE(scalar(m_path, u"SELECT remark FROM purchases WHERE id = 2"_s).toString(),
             u"a rather long note"_s);
    // The history follows: back goes to customers, forward to purchases
    const QList<ui::Location> &entries = w->history()->entries();
    QVERIFY(!entries.isEmpty());
    for (const ui::Location &l : entries)
        QVERIFY(w->document()->catalog().entities().contains(l.entity));
    QCOMPARE(entries.last().entity->tableName(), u"purchases"_s);
    QVERIFY(w->history()->canGoBack());
    w->goBack();
    QTRY_COMPARE(w->browser()->entity()->tableName(), u"customers"_s);
    // The editor follows the document described again
    QCOMPARE(editor->tableList()->findItems(u"purchases"_s, Qt::MatchExactly).size(), 1);
}

void tst_SchemaEditor::indexesUniqueChecksAndForeignKeys()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Orders"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    // Drop the existing index and check
    selectItems(editor->constraintList(), {u"ix_orders_total"_s}, 1);
    click(editor, Button::DropConstraint);
    QVERIFY(!itemOf(editor->constraintList(), u"ix_orders_total"_s, 1));
    selectItems(editor->constraintList(), {u"total >= 0"_s}, 1);
    click(editor, Button::DropConstraint);
    QVERIFY(!itemOf(editor->constraintList(), u"total >= 0"_s, 1));
    // Add an index on customer_id, a unique pair, a check, and a foreign key to customers
    selectItems(editor->columnList(), {u"customer_id"_s});
    click(editor, Button::AddIndex);
    QVERIFY(itemOf(editor->constraintList(), u"ix_orders_customer_id"_s, 1));
    selectItems(editor->columnList(), {u"customer_id"_s, u"note"_s});
    click(editor, Button::AddUnique);
    QVERIFY(itemOf(editor->constraintList(), u"(customer_id, note)"_s, 1));
    typeInto(editor->checkEdit(), u"total < 1000"_s);
    QTest::keyClick(editor->checkEdit(), Qt::Key_Return);
    QVERIFY(itemOf(editor->constraintList(), u"total < 1000"_s, 1));
    selectItems(editor->columnList(), {u"customer_id"_s});
    editor->referredTableBox()->setCurrentText(u"customers"_s);
    click(editor, Button::AddForeignKey);
    QVERIFY(itemOf(editor->constraintList(), u"→ customers (id)"_s, 1));
    QCOMPARE(w->document()->schemaChanges()->count(), 6);
    // Undo the unique pair, then drop and re-add nothing else: five edits committed
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier); // the foreign key
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier); // the check
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier); // the unique pair
    QVERIFY(!itemOf(editor->constraintList(), u"(customer_id, note)"_s, 1));
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QTest::keyClick(editor, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
    QVERIFY(itemOf(editor->constraintList(), u"→ customers (id)"_s, 1));
    click(editor, Button::Commit);
    const auto after = reflectFile(m_path);
    const orm::Table *orders = after->table(u"orders"_s);
    QVERIFY(orders);
    QStringList indexes;
    for (const orm::Index &i : orders->indexes())
        indexes << i.name;
    QVERIFY(indexes.contains(u"ix_orders_customer_id"_s));
    QVERIFY(!indexes.contains(u"ix_orders_total"_s));
    QCOMPARE(orders->foreignKeys().size(), 1);
    QCOMPARE(orders->foreignKeys().first().referredTable, u"customers"_s);
    QVERIFY(orders->isUnique({u"customer_id"_s, u"note"_s}));
    QCOMPARE(orders->checks().size(), 1);
    QVERIFY(orders->checks().first().sqlText.contains(u"total < 1000"_s));
    // The new relationship is in the relationship panel of a customer
    QVERIFY(clickEntity(*w, u"Customers"_s));
    clickCell(*w, 0);
    QVERIFY(w->form()->object());
    const orm::EntityMeta *customers = w->browser()->entity();
    QString relationship;
    for (const auto &r : customers->relationships()) {
        if (r->targetMeta && r->targetMeta->tableName() == u"orders"_s)
            relationship = r->name;
    }
    QVERIFY(!relationship.isEmpty());
    QTRY_VERIFY(w->relationshipPanel()->listView(relationship));
    QTRY_COMPARE(w->relationshipPanel()->listModel(relationship)->rowCount(), 2);
}

void tst_SchemaEditor::validationMessages()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    // A column name twice
    typeInto(editor->columnNameEdit(), u"Name"_s);
    click(editor, Button::AddColumn);
    QVERIFY(editor->columnMessage()->isVisible());
    QCOMPARE(editor->columnMessage()->text(), u"customers already has a column named name."_s);
    // NOT NULL without a default on a table with rows
    typeInto(editor->columnNameEdit(), u"code"_s);
    QTest::mouseClick(editor->notNullBox(), Qt::LeftButton);
    click(editor, Button::AddColumn);
    QVERIFY(editor->columnMessage()->text().contains(u"has 3 row(s): a NOT NULL column added"_s));
    // A default that is not one expression
    typeInto(editor->defaultEdit(), u"0); DROP TABLE orders; --"_s);
    click(editor, Button::AddColumn);
    QVERIFY(editor->columnMessage()->text().contains(u"not one expression"_s));
    // A table name taken
    typeInto(editor->tableNameEdit(), u"ORDERS"_s);
    click(editor, Button::CreateTable);
    QVERIFY(editor->tableMessage()->isVisible());
    QCOMPARE(editor->tableMessage()->text(), u"A table named orders already exists."_s);
    // A foreign key to a column that does not exist
    selectTable(editor, u"orders"_s);
    selectItems(editor->columnList(), {u"customer_id"_s});
    editor->referredTableBox()->setCurrentText(u"customers"_s);
    typeInto(editor->referredColumnsEdit(), u"number"_s);
    click(editor, Button::AddForeignKey);
    QVERIFY(editor->constraintMessage()->isVisible());
    QCOMPARE(editor->constraintMessage()->text(),
             u"customers has no column named number to refer to."_s);
    // A check that does not compile
    typeInto(editor->checkEdit(), u"amount > 0"_s);
    click(editor, Button::AddCheck);
    QVERIFY(editor->constraintMessage()->text().contains(u"does not compile"_s));
    QVERIFY(editor->constraintMessage()->text().contains(u"amount"_s));
    // Nothing was staged
    QVERIFY(w->document()->schemaChanges()->isEmpty());
    QCOMPARE(w->document()->undoStack()->count(), 0);
}

void tst_SchemaEditor::refusedDestructiveStep()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Orders"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    // Dropping customers' email loses two values; narrowing note loses one
    selectTable(editor, u"customers"_s);
    selectItems(editor->columnList(), {u"email"_s});
    click(editor, Button::DropColumn);
    QVERIFY(!itemOf(editor->columnList(), u"email"_s));
    selectTable(editor, u"orders"_s);
    selectItems(editor->columnList(), {u"note"_s});
    typeInto(editor->columnTypeBox()->lineEdit(), u"VARCHAR(10)"_s);
    click(editor, Button::ApplyColumn);
    // When the commit's loss is refused
    w.prompts->dataLossAnswer = false;
    click(editor, Button::Commit);
    QCOMPARE(w.prompts->dataLossQuestions.size(), 1);
    const QStringList losses = w.prompts->dataLossQuestions.first();
    QCOMPARE(losses.size(), 2);
    QVERIFY(losses.at(0).contains(u"drop column customers.email: 2 value(s) deleted"_s));
    QVERIFY(losses.at(1).contains(u"1 value(s) do not fit the new type"_s));
    // Then nothing changed, and everything is still staged
    QVERIFY(columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"email"_s));
    QCOMPARE(scalar(m_path, u"SELECT count(email) FROM customers"_s).toInt(), 2);
    QCOMPARE(w->document()->schemaChanges()->count(), 2);
    // When it is confirmed, the column goes
    w.prompts->dataLossAnswer = true;
    click(editor, Button::Commit);
    QVERIFY(!columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"email"_s));
    QVERIFY(w->document()->schemaChanges()->isEmpty());
}

void tst_SchemaEditor::dropTable()
{
    // Given orders visited after customers
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    QVERIFY(clickEntity(*w, u"Orders"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    // When orders is dropped: staged, and its four rows counted before the commit
    click(editor, Button::DropTable);
    QVERIFY(editor->tableList()->findItems(u"orders"_s, Qt::MatchExactly).isEmpty());
    QVERIFY(editor->preview()->toPlainText().contains(u"DROP TABLE \"orders\""_s));
    w.prompts->dataLossAnswer = true;
    click(editor, Button::Commit);
    QCOMPARE(w.prompts->dataLossQuestions.size(), 1);
    QCOMPARE(w.prompts->dataLossQuestions.first(),
             QStringList({u"drop table orders: 4 row(s) deleted"_s}));
    // Then the file and the window no longer have it, nor its places in the history
    QVERIFY(!reflectFile(m_path)->table(u"orders"_s));
    QVERIFY(!entityIndex(*w, u"Orders"_s).isValid());
    QVERIFY(!w->document()->catalog().entityForTable(u"orders"_s));
    for (const ui::Location &l : w->history()->entries())
        QCOMPARE(l.entity->tableName(), u"customers"_s);
}

void tst_SchemaEditor::anotherProgramsSchemaChangeKeepsTheEdits()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    typeInto(editor->columnNameEdit(), u"age"_s);
    click(editor, Button::AddColumn);
    const ui::Document *before = w->document();
    // When another program adds a table, the window describes the file again
    QVERIFY(writeFromAnotherProgram(m_path, u"CREATE TABLE notes (id INTEGER PRIMARY KEY)"_s)
                .isEmpty());
    w->document()->externalChanges()->check();
    QTRY_VERIFY_WITH_TIMEOUT(w->document() != before, 3000);
    // Then the staged schema edit is still staged, in the editor too, and commits
    QCOMPARE(w->document()->schemaChanges()->count(), 1);
    QVERIFY(editor->tableList()->findItems(u"notes"_s, Qt::MatchExactly).size() == 1);
    selectTable(editor, u"customers"_s);
    QVERIFY(itemOf(editor->columnList(), u"age"_s));
    click(editor, Button::Commit);
    QVERIFY(columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"age"_s));
}

void tst_SchemaEditor::dataEditsFirst()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    // Given a staged data edit and a staged schema edit
    ui::FieldEditor *cell = editCell(table(*w), tableModel(*w)->index(0, 1));
    QVERIFY(cell);
    QTest::keySequence(cell->control(), QKeySequence::SelectAll);
    QTest::keyClicks(cell->control(), u"Ada L."_s);
    QTest::keyClick(cell->control(), Qt::Key_Return);
    QTRY_VERIFY(w->document()->hasPendingChanges());
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    typeInto(editor->columnNameEdit(), u"city"_s);
    click(editor, Button::AddColumn);
    // When the schema is committed and the question cancelled: nothing happens
    w.prompts->dataEditsAnswer = QMessageBox::Cancel;
    click(editor, Button::Commit);
    QCOMPARE(w.prompts->dataEditsQuestions, QList<int>({1}));
    QVERIFY(w->document()->hasPendingChanges());
    QVERIFY(!columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"city"_s));
    // When they are committed first: the data edit, then the schema edit
    w.prompts->dataEditsAnswer = QMessageBox::Save;
    click(editor, Button::Commit);
    QCOMPARE(scalar(m_path, u"SELECT name FROM customers WHERE id = 1"_s).toString(), u"Ada L."_s);
    // (the schema's once the window's own reads of the new rows let go of the file)
    QTRY_VERIFY(columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"city"_s));
    // And a discarded data edit is not written
    clickCell(*w, 1);
    cell = editCell(table(*w), tableModel(*w)->index(1, 1));
    QVERIFY(cell);
    QTest::keySequence(cell->control(), QKeySequence::SelectAll);
    QTest::keyClicks(cell->control(), u"Bob"_s);
    QTest::keyClick(cell->control(), Qt::Key_Return);
    QTRY_VERIFY(w->document()->hasPendingChanges());
    editor = openEditor(w);
    typeInto(editor->columnNameEdit(), u"country"_s);
    click(editor, Button::AddColumn);
    w.prompts->dataEditsAnswer = QMessageBox::Discard;
    click(editor, Button::Commit);
    QCOMPARE(scalar(m_path, u"SELECT name FROM customers WHERE id = 2"_s).toString(), u"Brian"_s);
    QVERIFY(columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"country"_s));
}

void tst_SchemaEditor::schemaCommitWaitsForAReader()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    typeInto(editor->columnNameEdit(), u"age"_s);
    click(editor, Button::AddColumn);
    // Given another program in the middle of a read of the file,
    orm::Error error;
    auto reader = orm::Engine::create(orm::DatabaseUrl::forFile(m_path), {}, &error);
    QVERIFY2(reader, qPrintable(error.text()));
    orm::Connection &c = reader->connection();
    QVERIFY(c.begin(orm::Connection::TransactionMode::Deferred));
    QVERIFY(c.select(u"SELECT count(*) FROM customers"_s));
    // when the schema edit is committed, then it waits for the read to end, still staged,
    click(editor, Button::Commit);
    QVERIFY(!columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"age"_s));
    QCOMPARE(w->document()->schemaChanges()->count(), 1);
    QVERIFY(w.prompts->errors.isEmpty());
    // and commits by itself once it has.
    QVERIFY(c.rollback());
    QTRY_VERIFY(columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"age"_s));
    QTRY_VERIFY(w->document()->schemaChanges()->isEmpty());
    QVERIFY(w->browser()->entity()->columnIndex(u"age"_s) >= 0);
}

void tst_SchemaEditor::closingCommitsBothKinds()
{
    // Given a data edit and a schema edit staged
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    ui::FieldEditor *cell = editCell(table(*w), tableModel(*w)->index(0, 1));
    QVERIFY(cell);
    QTest::keySequence(cell->control(), QKeySequence::SelectAll);
    QTest::keyClicks(cell->control(), u"Ada K."_s);
    QTest::keyClick(cell->control(), Qt::Key_Return);
    QTRY_VERIFY(w->document()->hasPendingChanges());
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    typeInto(editor->columnNameEdit(), u"city"_s);
    click(editor, Button::AddColumn);
    // When the window closes and the person chooses to save
    w.prompts->saveAnswer = QMessageBox::Save;
    QVERIFY(w->close());
    // Then one question was asked, and both were written
    QCOMPARE(w.prompts->saveQuestions, 1);
    QVERIFY(w.prompts->dataEditsQuestions.isEmpty());
    QCOMPARE(scalar(m_path, u"SELECT name FROM customers WHERE id = 1"_s).toString(), u"Ada K."_s);
    QVERIFY(columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"city"_s));
}

void tst_SchemaEditor::typedModelsNotice()
{
    // Given the demo opened with the blog's typed models
    const QString demo = demoDatabase(m_dir, u"typed.db"_s);
    QVERIFY(!demo.isEmpty());
    Window w = openWindow(demo);
    QVERIFY(w->document());
    QVERIFY(!w->document()->schema().metadata);
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    // When a column is added to users, through the reflected tables
    selectTable(editor, u"users"_s);
    typeInto(editor->columnNameEdit(), u"nickname"_s);
    typeInto(editor->columnTypeBox()->lineEdit(), u"TEXT"_s);
    click(editor, Button::AddColumn);
    click(editor, Button::Commit);
    QVERIFY(columnNames(reflectFile(demo)->table(u"users"_s)).contains(u"nickname"_s));
    // Then a notice says the typed models do not know it, and offers to reopen reflected
    QVERIFY(w->messageLabel()->isVisible());
    QVERIFY(w->messageLabel()->text().contains(u"typed models"_s));
    QVERIFY(w->reopenReflectedButton()->isVisible());
    QTest::mouseClick(w->reopenReflectedButton(), Qt::LeftButton);
    QVERIFY(w->document()->schema().metadata);
    const orm::EntityMeta *users = w->document()->catalog().entityForTable(u"users"_s);
    QVERIFY(users);
    QVERIFY(users->columnIndex(u"nickname"_s) >= 0);
    QVERIFY(!w->reopenReflectedButton()->isVisible());
}

void tst_SchemaEditor::savesMigrationScript()
{
    Window w = openReflected(m_path);
    QVERIFY(clickEntity(*w, u"Customers"_s));
    ui::SchemaEditor *editor = openEditor(w);
    QVERIFY(editor);
    typeInto(editor->columnNameEdit(), u"age"_s);
    typeInto(editor->columnTypeBox()->lineEdit(), u"INTEGER"_s);
    click(editor, Button::AddColumn);
    w.prompts->fileToSave = m_dir.filePath(u"add_age.sql"_s);
    click(editor, Button::SaveScript);
    QFile sql(w.prompts->fileToSave);
    QVERIFY(sql.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(sql.readAll());
    QVERIFY(text.contains(u"-- upgrade"_s));
    QVERIFY(text.contains(u"ALTER TABLE \"customers\" ADD COLUMN \"age\" INTEGER"_s));
    QVERIFY(text.contains(u"-- downgrade"_s));
    w.prompts->fileToSave = m_dir.filePath(u"add_age.py"_s);
    click(editor, Button::SaveScript);
    QFile py(w.prompts->fileToSave);
    QVERIFY(py.open(QIODevice::ReadOnly));
    QVERIFY(QString::fromUtf8(py.readAll()).contains(u"sa.Column('age', sa.Integer()"_s));
    // Saving commits nothing
    QVERIFY(!columnNames(reflectFile(m_path)->table(u"customers"_s)).contains(u"age"_s));
    QCOMPARE(w->document()->schemaChanges()->count(), 1);
}

QTEST_MAIN(tst_SchemaEditor)
#include "tst_schemaeditor.moc"
