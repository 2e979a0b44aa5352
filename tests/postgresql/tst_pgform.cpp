// SPDX-License-Identifier: MIT
// Editing a server's rows in the form, typed as a person types: NUMERIC values are exact
// decimal text there, and values the server refuses at commit.

#include "gui/guitestsupport.h"
#include "orm/sql/decimal.h"
#include "postgresql/serverdatabase.h"
#include "ui/document.h"

#include <QPlainTextEdit>

using namespace guitest;

class tst_PgForm : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void typedDecimalsAreStagedAsTyped();
    void aRefusedDecimalBlocksTheCommit();
    void noStorageClassNotesOnAServer();
    void aRefusedCommitIsTriedAgainAfterAnEdit();
    void anEqualDecimalIsNoChange();
    void aGeneratedColumnIsReadOnly();

private:
    // The window on the grades, the first one shown in the form.
    Window openGrades();

    QTemporaryDir m_dir;
    testserver::ServerDatabase m_database {u"rowsmith_form"_s};
    QString m_url;
};

void tst_PgForm::initTestCase()
{
    QVERIFY(m_dir.isValid());
    isolateSettings(m_dir.path());
    withoutKeychain(m_dir.path());
    QString error;
    m_url = m_database.create(&error);
    QVERIFY2(!m_url.isEmpty(), qPrintable(error));
}

void tst_PgForm::cleanupTestCase()
{
    m_database.drop();
}

void tst_PgForm::init()
{
    QString error;
    QVERIFY2(
        m_database.run(
            {
                u"DROP TABLE IF EXISTS grades, totals"_s,
                u"CREATE TABLE grades (id SERIAL PRIMARY KEY, name VARCHAR(40) NOT NULL, "
                "grade NUMERIC(5, 2), balance NUMERIC(12, 4), ratio NUMERIC, token UUID, prefs JSONB)"_s,
                u"INSERT INTO grades (name, grade, balance, ratio) "
                "VALUES ('ada', 3.50, 131234.5678, 'NaN')"_s,
                u"CREATE TABLE totals (id SERIAL PRIMARY KEY, amount NUMERIC NOT NULL, "
                "total NUMERIC GENERATED ALWAYS AS (amount * 2) STORED)"_s,
                u"INSERT INTO totals (amount) VALUES (4.25)"_s,
            },
            &error),
        qPrintable(error));
}

Window tst_PgForm::openGrades()
{
    Window w = showWindow(
        std::make_unique<ui::MainWindow>(std::make_shared<ui::ReflectingSchemaProvider>()), m_url);
    if (!clickEntity(*w, u"Grades"_s))
        return w;
    if (!QTest::qWaitFor([&] { return tableModel(*w) && tableModel(*w)->objectAt(0); }))
        return w;
    clickCell(*w, 0);
    (void)QTest::qWaitFor([&] { return w->form()->object() != nullptr; });
    return w;
}

void tst_PgForm::typedDecimalsAreStagedAsTyped()
{
    // Given a grade of NUMERIC(5, 2) in the form, which the server gives as decimal text,
    Window w = openGrades();
    QVERIFY(w->form()->object());
    QLineEdit *grade = lineEditOf(w->form(), u"grade"_s);
    QVERIFY(grade);
    QCOMPARE(grade->text(), u"3.50"_s);
    // when a person selects it and types 12.5,
    retype(grade, u"12.5"_s);
    // the field shows what was typed, the cursor after it, with no complaint,
    QCOMPARE(grade->text(), u"12.5"_s);
    QCOMPARE(grade->cursorPosition(), 4);
    QCOMPARE(errorText(w->form(), u"grade"_s), QString());
    // 12.50 is staged,
    const QVariant staged = w->form()->object()->value(u"grade"_s);
    QCOMPARE(orm::Decimal::fromString(staged.toString()), orm::Decimal(1250, 2));
    QVERIFY(w->action(ui::MainWindow::Action::Commit)->isEnabled());
    // and 12.50 is what the commit writes.
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY2(!w->document()->hasPendingChanges(), qPrintable(w->messageLabel()->text()));
    QCOMPARE(m_database.readBack(u"SELECT grade::text FROM grades"_s).toString(), u"12.50"_s);
}

void tst_PgForm::aRefusedDecimalBlocksTheCommit()
{
    // Given a balance of NUMERIC(12, 4) in the form,
    Window w = openGrades();
    QVERIFY(w->form()->object());
    QLineEdit *balance = lineEditOf(w->form(), u"balance"_s);
    QVERIFY(balance);
    // when a person types a number with a digit too many after the point,
    retype(balance, u"12345678.12345"_s);
    // the field keeps it as typed and says why, in the server's terms,
    QCOMPARE(balance->text(), u"12345678.12345"_s);
    const QString error = errorText(w->form(), u"balance"_s);
    QVERIFY2(error.contains(u"after the point"_s), qPrintable(error));
    QVERIFY2(!error.contains(u"SQLite"_s), qPrintable(error));
    // and Commit waits for it: what was staged for the keys before it is not written.
    QVERIFY(!w->action(ui::MainWindow::Action::Commit)->isEnabled());
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QCOMPARE(m_database.readBack(u"SELECT balance::text FROM grades"_s).toString(),
             u"131234.5678"_s);
    // Once the last digit goes, the value is staged and committed as it reads.
    QTest::keyClick(balance, Qt::Key_Backspace);
    QCOMPARE(errorText(w->form(), u"balance"_s), QString());
    QVERIFY(w->action(ui::MainWindow::Action::Commit)->isEnabled());
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY2(!w->document()->hasPendingChanges(), qPrintable(w->messageLabel()->text()));
    QCOMPARE(m_database.readBack(u"SELECT balance::text FROM grades"_s).toString(),
             u"12345678.1234"_s);
}

void tst_PgForm::noStorageClassNotesOnAServer()
{
    // Given a grade, which the server gives as decimal text, and a NaN ratio, which no number
    // field holds,
    Window w = openGrades();
    QVERIFY(w->form()->object());
    // the grade is an ordinary number field,
    ui::FieldEditor *grade = w->form()->editor(u"grade"_s);
    QVERIFY(grade);
    QVERIFY(!grade->showsStoredValue());
    QVERIFY(grade->control()->isVisible());
    // and the ratio is shown as the server gave it (a server's decimal text), without SQLite's
    // note on storage classes ("Stored as text"), in the form and in the table.
    ui::FieldEditor *ratio = w->form()->editor(u"ratio"_s);
    QVERIFY(ratio);
    QVERIFY(!ratio->showsStoredValue());
    QVERIFY(lineEditOf(w->form(), u"ratio"_s));
    QCOMPARE(lineEditOf(w->form(), u"ratio"_s)->text(), u"NaN"_s);
    QVERIFY(!ratio->storedValueNote() || !ratio->storedValueNote()->isVisible());
    ui::EntityTableModel *model = tableModel(*w);
    const QModelIndex cell = model->index(0, columnOf(*w, u"ratio"_s));
    QCOMPARE(model->data(cell, Qt::DisplayRole).toString(), u"NaN"_s);
    QCOMPARE(model->data(cell, ui::EntityTableModel::StorageNoteRole).toString(), QString());
    QCOMPARE(model->data(cell, Qt::ToolTipRole).toString(), QString());
}

void tst_PgForm::aRefusedCommitIsTriedAgainAfterAnEdit()
{
    // Given a token the server refused at commit, for a reason it ties to no column,
    Window w = openGrades();
    QVERIFY(w->form()->object());
    QAction *commit = w->action(ui::MainWindow::Action::Commit);
    QLineEdit *token = lineEditOf(w->form(), u"token"_s);
    QVERIFY(token);
    retype(token, u"not-a-uuid"_s);
    QTRY_VERIFY(commit->isEnabled());
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    auto *problem = w->form()->findChild<QLabel *>(u"objectError"_s);
    QVERIFY(problem);
    QTRY_VERIFY(problem->isVisible());
    QVERIFY2(problem->text().contains(u"uuid"_s), qPrintable(problem->text()));
    QVERIFY(!commit->isEnabled());
    // when the person types a valid one,
    retype(token, u"00000000-0000-0000-0000-0000000000ff"_s);
    // the old refusal goes and the next commit writes it.
    QVERIFY(!problem->isVisible());
    QVERIFY(commit->isEnabled());
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY2(!w->document()->hasPendingChanges(), qPrintable(w->messageLabel()->text()));
    QCOMPARE(m_database.readBack(u"SELECT token::text FROM grades"_s).toString(),
             u"00000000-0000-0000-0000-0000000000ff"_s);
    // Text typed into a JSONB field that is not JSON stays, red with the reason, after the
    // focus leaves and another field is edited, and nothing is committed in its place.
    auto *prefs = qobject_cast<QPlainTextEdit *>(w->form()->editor(u"prefs"_s)->control());
    QVERIFY(prefs);
    retype(prefs, u"{\"bad\":"_s);
    QTest::keyClick(prefs, Qt::Key_Tab);
    retype(lineEditOf(w->form(), u"name"_s), u"ann"_s);
    QCOMPARE(prefs->toPlainText(), u"{\"bad\":"_s);
    QVERIFY2(errorText(w->form(), u"prefs"_s).contains(u"JSON"_s),
             qPrintable(errorText(w->form(), u"prefs"_s)));
    QVERIFY(!commit->isEnabled());
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QCOMPARE(m_database.readBack(u"SELECT name FROM grades"_s).toString(), u"ada"_s);
}

void tst_PgForm::anEqualDecimalIsNoChange()
{
    // Given a grade the server gives as 3.50,
    Window w = openGrades();
    QVERIFY(w->form()->object());
    QLineEdit *grade = lineEditOf(w->form(), u"grade"_s);
    QVERIFY(grade);
    QCOMPARE(grade->text(), u"3.50"_s);
    // when a person types 3.5 over it, the same number, nothing is pending;
    retype(grade, u"3.5"_s);
    QCOMPARE(grade->text(), u"3.5"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    QVERIFY(!w->action(ui::MainWindow::Action::Commit)->isEnabled());
    // 3.49 is a change,
    retype(grade, u"3.49"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
    // and typing back 3.500 leaves none again.
    retype(grade, u"3.500"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    // Longer than any integer of units: the same by value too.
    QLineEdit *ratio = lineEditOf(w->form(), u"ratio"_s);
    retype(ratio, u"12345678901234567890.5"_s);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY2(!w->document()->hasPendingChanges(), qPrintable(w->messageLabel()->text()));
    retype(ratio, u"12345678901234567890.50"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 0);
    retype(ratio, u"12345678901234567890.51"_s);
    QCOMPARE(w->document()->pendingChangeCount(), 1);
}

void tst_PgForm::aGeneratedColumnIsReadOnly()
{
    // Given a total the server computes (GENERATED ALWAYS AS (amount * 2) STORED),
    Window w = showWindow(
        std::make_unique<ui::MainWindow>(std::make_shared<ui::ReflectingSchemaProvider>()), m_url);
    QVERIFY(clickEntity(*w, u"Totals"_s));
    QTRY_VERIFY(tableModel(*w) && tableModel(*w)->objectAt(0));
    clickCell(*w, 0);
    QTRY_VERIFY(w->form()->object());
    // the form shows it, read-only, and typing there stages nothing;
    ui::FieldEditor *total = w->form()->editor(u"total"_s);
    QVERIFY(total);
    auto *shown = qobject_cast<QLineEdit *>(total->control());
    QVERIFY(shown && shown->isReadOnly());
    QCOMPARE(shown->text(), u"8.50"_s);
    QTest::mouseClick(total->control(), Qt::LeftButton);
    QTest::keyClicks(total->control(), u"5"_s);
    QVERIFY(!w->document()->hasPendingChanges());
    // the table's cell is not editable either;
    const QModelIndex cell = tableModel(*w)->index(0, columnOf(*w, u"total"_s));
    QVERIFY(!(tableModel(*w)->flags(cell) & Qt::ItemIsEditable));
    // and an edit of the amount commits without writing the total, which the server follows.
    retype(lineEditOf(w->form(), u"amount"_s), u"10"_s);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QTRY_VERIFY2(!w->document()->hasPendingChanges(), qPrintable(w->messageLabel()->text()));
    QCOMPARE(m_database.readBack(u"SELECT total::text FROM totals"_s).toString(), u"20"_s);
}

QTEST_MAIN(tst_PgForm)
#include "tst_pgform.moc"
