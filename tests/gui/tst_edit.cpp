// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "orm/query/query.h"
#include "ui/recordpicker.h"
#include "ui/stagedvalidator.h"

#include <QAbstractItemView>
#include <QAccessible>
#include <QCompleter>
#include <QDateTimeEdit>

using namespace guitest;

// Story 4: edit in a form generated from the metadata, validated as one types.
class tst_Edit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void invalidEmailIsShownBesideTheFieldAndBlocksCommit();
    void uniquenessIsCheckedAsOneTypes();
    void editorsFollowTheColumnTypes();
    void aClickOnADateFieldsEdgeChangesNothing();
    void newRecordNeedsItsRequiredFields();
    void editingInTheTableIsValidatedToo();
    void deleteShowsWhatCascades();
    void deleteIsRefusedWhenRowsStillReferToIt();

private:
    QTemporaryDir m_dir;
    QString m_demo;
    QString m_path;
    Window m_w;
};

void tst_Edit::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir, u"demo.db"_s);
    QVERIFY(!m_demo.isEmpty());
}

void tst_Edit::init()
{
    m_path = copyOf(m_demo, m_dir);
    m_w = openWindow(m_path);
    QVERIFY(m_w->document());
}

void tst_Edit::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

void tst_Edit::invalidEmailIsShownBesideTheFieldAndBlocksCommit()
{
    ui::MainWindow &w = *m_w;
    // Given the users, searched for "alice",
    QVERIFY(clickEntity(w, u"Users"_s));
    searchFor(w, u"alice"_s);
    QTRY_COMPARE(tableModel(w)->rowCount(), 3);
    // when her row is opened,
    clickCell(w, 0);
    QCOMPARE(w.form()->object()->value(u"username"_s).toString(), u"alice"_s);
    QLineEdit *email = lineEditOf(w.form(), u"email"_s);
    QVERIFY(email);
    QCOMPARE(email->text(), u"alice@example.com"_s);
    QCOMPARE(email->maxLength(), 120); // String(120)
    // and her e-mail is typed as an invalid address,
    retype(email, u"alice-at-example"_s);
    // then the error shows beside the field, and Commit is disabled;
    QCOMPARE(errorText(w.form(), u"email"_s), u"not a valid e-mail address"_s);
    // as a screen reader hears it too: the field describes its error, and the error beside it
    // names the field and says what is wrong;
    QAccessibleInterface *field = QAccessible::queryAccessibleInterface(email);
    QVERIFY(field);
    QCOMPARE(field->text(QAccessible::Name), u"E-mail"_s);
    QCOMPARE(field->text(QAccessible::Description), u"not a valid e-mail address"_s);
    QAccessibleInterface *beside =
        QAccessible::queryAccessibleInterface(w.form()->errorLabel(u"email"_s));
    QVERIFY(beside);
    QVERIFY(!beside->state().invisible);
    QCOMPARE(beside->text(QAccessible::Name), u"E-mail: not a valid e-mail address"_s);
    QVERIFY(!w.action(ui::MainWindow::Action::Commit)->isEnabled());
    QVERIFY(w.isWindowModified());
    // Ctrl+S does nothing then.
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY(w.document()->hasPendingChanges());
    // When it is fixed,
    retype(email, u"alice@rowsmith.org"_s);
    QCOMPARE(errorText(w.form(), u"email"_s), QString());
    QCOMPARE(field->text(QAccessible::Description), QString());
    QVERIFY(beside->state().invisible);
    QVERIFY(w.action(ui::MainWindow::Action::Commit)->isEnabled());
    // and committed with Ctrl+S,
    QTest::keySequence(&w, QKeySequence::Save);
    // then the file has it, as another connection reads it.
    QVERIFY(!w.document()->hasPendingChanges());
    QVERIFY(!w.isWindowModified());
    QCOMPARE(readBack(m_path, u"SELECT email FROM users WHERE username = 'alice'"_s).toString(),
             u"alice@rowsmith.org"_s);
}

void tst_Edit::uniquenessIsCheckedAsOneTypes()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    QLineEdit *username = lineEditOf(w.form(), u"username"_s);
    retype(username, u"bob"_s);
    QCOMPARE(errorText(w.form(), u"username"_s), u"already used by bob"_s);
    QVERIFY(!w.action(ui::MainWindow::Action::Commit)->isEnabled());
    QTest::keyClicks(username, u"by"_s);
    QCOMPARE(errorText(w.form(), u"username"_s), QString());
    // Not an identifier: the model's validator says so.
    retype(username, u"bob by"_s);
    QVERIFY(errorText(w.form(), u"username"_s).contains(u"letters"_s));
}

void tst_Edit::editorsFollowTheColumnTypes()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Posts"_s));
    clickCell(w, 0);
    ui::RecordForm *form = w.form();
    QVERIFY(qobject_cast<QLineEdit *>(form->editor(u"title"_s)->control()));
    QCOMPARE(lineEditOf(form, u"title"_s)->maxLength(), 200);
    QCOMPARE(form->editor(u"body"_s)->control()->metaObject()->className(), "QPlainTextEdit");
    QCOMPARE(form->editor(u"date_posted"_s)->control()->metaObject()->className(), "QDateTimeEdit");
    QVERIFY(form->findChild<ui::RecordPicker *>()); // the author and reply-to pickers
    QVERIFY(form->findChild<QLabel *>(u"label_title"_s)->text().endsWith(u'*')); // required
    QVERIFY(!form->findChild<QLabel *>(u"label_body"_s)->text().endsWith(u'*'));
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    QCOMPARE(w.form()->editor(u"is_active"_s)->control()->metaObject()->className(), "QCheckBox");
}

void tst_Edit::aClickOnADateFieldsEdgeChangesNothing()
{
    // Given a post's date in the form (a date-time field with a calendar pop-up),
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Posts"_s));
    clickCell(w, 0);
    auto *date = qobject_cast<QDateTimeEdit *>(w.form()->editor(u"date_posted"_s)->control());
    QVERIFY(date && date->calendarPopup());
    QTRY_VERIFY(date->isVisible());
    const QDateTime shown = date->dateTime();
    // when the person clicks its upper edge, its lower edge and its left edge, to focus it,
    const QRect r = date->rect();
    for (const QPoint &at : {QPoint(r.width() / 3, 1), QPoint(r.width() / 3, r.height() - 2),
                             QPoint(1, r.height() / 2)}) {
        QTest::mouseClick(date, Qt::LeftButton, {}, at);
        QTest::mouseDClick(date, Qt::LeftButton, {}, at);
    }
    // then the field has the focus, and the date and the pending changes are as they were:
    QVERIFY(date->hasFocus());
    QCOMPARE(date->dateTime(), shown);
    QVERIFY(!w.document()->hasPendingChanges());
    // the arrow keys still step it.
    QTest::keyClick(date, Qt::Key_Up);
    QVERIFY(date->dateTime() != shown);
    QVERIFY(w.document()->hasPendingChanges());
}

void tst_Edit::newRecordNeedsItsRequiredFields()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Posts"_s));
    const int before = tableModel(w)->rowCount();
    // Ctrl+N stages a new post, shown in the form and as the last row,
    QTest::keySequence(&w, QKeySequence::New);
    QCOMPARE(tableModel(w)->rowCount(), before + 1);
    auto post = w.form()->object();
    QVERIFY(post);
    QCOMPARE(post->objectState(), orm::ObjectState::Pending);
    // The new row is current and scrolled into view.
    const QModelIndex newRow = tableModel(w)->index(before, 0);
    QCOMPARE(table(w)->currentIndex().row(), before);
    QTRY_VERIFY(table(w)->viewport()->rect().intersects(table(w)->visualRect(newRow)));
    // with its required fields marked,
    QCOMPARE(errorText(w.form(), u"title"_s), u"required"_s);
    QCOMPARE(errorText(w.form(), u"user_id"_s), u"required"_s);
    QVERIFY(!w.action(ui::MainWindow::Action::Commit)->isEnabled());
    // a title typed,
    retype(lineEditOf(w.form(), u"title"_s), u"Hello from the form"_s);
    QCOMPARE(errorText(w.form(), u"title"_s), QString());
    // and the author chosen by typing part of a name and pressing Enter in the picker.
    auto *picker = qobject_cast<ui::RecordPicker *>(
        w.form()->editor(u"user_id"_s)->findChild<ui::RecordPicker *>());
    QVERIFY(picker);
    picker->lineEdit()->setFocus();
    QTest::keyClicks(picker->lineEdit(), u"caro"_s);
    QTRY_VERIFY(picker->completer()->popup()->isVisible());
    QTest::keyClick(picker->completer()->popup(), Qt::Key_Return);
    QCOMPARE(post->value(u"user_id"_s).toLongLong(), 3); // carol
    QCOMPARE(picker->lineEdit()->text(), u"carol"_s);
    QCOMPARE(errorText(w.form(), u"user_id"_s), QString());
    QVERIFY(w.action(ui::MainWindow::Action::Commit)->isEnabled());
    QVERIFY(w.commit());
    QCOMPARE(readBack(m_path, u"SELECT user_id FROM posts WHERE title = 'Hello from the form'"_s)
                 .toLongLong(),
             3);
}

void tst_Edit::editingInTheTableIsValidatedToo()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    QTableView *view = table(w);
    const QModelIndex cell = tableModel(w)->index(1, columnOf(w, u"email"_s));
    // A double-click opens the form's editor in the cell;
    ui::FieldEditor *editor = editCell(view, cell);
    QVERIFY(editor);
    auto *line = qobject_cast<QLineEdit *>(editor->control());
    QVERIFY(line);
    // an invalid value marks it while typing,
    QTest::keySequence(line, QKeySequence::SelectAll);
    QTest::keyClicks(line, u"bob.at.example"_s);
    QCOMPARE(editor->error(), u"not a valid e-mail address"_s);
    // Enter stages it, and the cell and Commit show the problem.
    QTest::keyClick(line, Qt::Key_Return);
    QTRY_VERIFY(!view->findChild<ui::FieldEditor *>());
    QCOMPARE(cell.data().toString(), u"bob.at.example"_s);
    QCOMPARE(cell.data(ui::EntityTableModel::ErrorRole).toString(),
             u"not a valid e-mail address"_s);
    QVERIFY(!w.action(ui::MainWindow::Action::Commit)->isEnabled());
    QCOMPARE(w.document()->undoStack()->count(), 1);
}

void tst_Edit::deleteShowsWhatCascades()
{
    ui::MainWindow &w = *m_w;
    // Given a post with replies (they cascade),
    orm::Session &s = w.document()->session();
    std::shared_ptr<blog::Post> parent;
    for (const auto &p : s.query<blog::Post>()
                             .filter(orm::Expr::column(u"posts"_s, u"parent_id"_s).isNotNull())
                             .limit(1)
                             .all())
        parent = s.get<blog::Post>(*p->parentId);
    QVERIFY(parent);
    const qint64 replies = s.query<blog::Post>()
                               .filterBy(&blog::Post::parentId, std::optional<qint64>(parent->id))
                               .count()
                               .value_or(0);
    QVERIFY(replies > 0);
    QVERIFY(clickEntity(w, u"Posts"_s));
    w.openObject(parent);
    QVERIFY(w.browser()->selectObject(*parent));
    table(w)->setFocus();
    // when Del is pressed in the table,
    QTest::keyClick(table(w), Qt::Key_Delete);
    // then the question says what else goes,
    QCOMPARE(m_w.prompts->deleteQuestions.size(), 1);
    QVERIFY2(m_w.prompts->deleteDetails.first().contains(u"also deletes %1"_s.arg(replies)),
             qPrintable(m_w.prompts->deleteDetails.first()));
    // and the post is staged for deletion (struck out), not deleted.
    QVERIFY(s.isMarkedForDeletion(*parent));
    QCOMPARE(
        readBack(m_path, u"SELECT count(*) FROM posts WHERE id = %1"_s.arg(parent->id)).toInt(), 1);
    // A post without replies goes without a question.
    QTest::keySequence(&w, QKeySequence::Undo);
    QVERIFY(!s.isMarkedForDeletion(*parent));
}

void tst_Edit::deleteIsRefusedWhenRowsStillReferToIt()
{
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    table(w)->setFocus();
    QTest::keyClick(table(w), Qt::Key_Delete);
    // Alice still has posts, and users' posts do not cascade: refused, with the reason.
    QVERIFY(!w.document()->hasPendingChanges());
    QTRY_VERIFY(w.messageLabel()->isVisible());
    // said once, naming the row as the window does.
    QCOMPARE(w.messageLabel()->text(),
             u"alice cannot be deleted: 10 posts still refer to it. Delete or relink them "
             u"first."_s);
}

QTEST_MAIN(tst_Edit)
#include "tst_edit.moc"
