// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/conflictview.h"
#include "ui/document.h"
#include "ui/externalchangewatcher.h"
#include "ui/pendingchangesmodel.h"
#include "ui/pendingchangesview.h"
#include "ui/relationshippanel.h"

#include <QAction>
#include <QListView>
#include <QProcess>
#include <QPushButton>
#include <QStatusBar>
#include <QTableWidget>
#include <QUndoStack>

using namespace guitest;

namespace {
// Ctrl+Z where the person is: the conflict view, a window of its own.
void pressUndo(QWidget *window)
{
    window->activateWindow();
    QApplication::setActiveWindow(window);
    if (!QTest::qWaitForWindowActive(window))
        qWarning("the window did not become active");
    QTest::keySequence(window, QKeySequence::Undo);
}
} // namespace

// Other programs write to the open file: what they commit appears by itself, and a commit that
// meets their changes asks field by field instead of overwriting them. The other program is
// rowsmith-test-writer, started with QProcess.
class tst_ExternalChanges : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void aCommitMeetingAnotherProgramsChangeAsksFieldByField();
    void takeTheirsAndUndoAreChoicesToo();
    void anotherProgramsChangeAppearsByItself();
    void aStagedFieldTheyChangedIsMarkedAtOnce();
    void theConflictMessageGoesWithTheLastConflict();
    void reloadReadsEverythingAgain();
    void undoAfterTheirChangeShowsTheirValue();
    void aSchemaChangeKeepsTheStagedChanges();
    void theirLinksAndChildrenAppearInTheRelationships();
    void aStagedLinkStaysWhenTheyLinkToo();
    void backGoesWhereItWentAfterTheirSchemaChange();
    void anUnlinkTheyMadeFirstIsToldNotCounted();

private:
    bool otherProgramRuns(const QStringList &statements);
    QString cellText(int row, const QString &column);
    QTemporaryDir m_dir;
    QString m_demo;
    QString m_path;
    Window m_w;
};

void tst_ExternalChanges::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_ExternalChanges::init()
{
    m_path = copyOf(m_demo, m_dir);
    m_w = openWindow(m_path);
    QVERIFY(clickEntity(*m_w, u"Users"_s));
}

void tst_ExternalChanges::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

bool tst_ExternalChanges::otherProgramRuns(const QStringList &statements)
{
    QProcess p;
    p.start(QStringLiteral(WRITER_HELPER), QStringList {u"sql"_s, m_path} + statements);
    if (!p.waitForFinished(60000) || p.exitCode() != 0) {
        qWarning() << p.readAllStandardError();
        return false;
    }
    return true;
}

QString tst_ExternalChanges::cellText(int row, const QString &column)
{
    return tableModel(*m_w)->index(row, columnOf(*m_w, column)).data().toString();
}

void tst_ExternalChanges::aCommitMeetingAnotherProgramsChangeAsksFieldByField()
{
    ui::MainWindow &w = *m_w;
    // Given alice's e-mail edited in the form (staged),
    w.document()->externalChanges()->setInterval(0); // the commit is what meets the change
    clickCell(w, 0);
    const QString username = cellText(0, u"username"_s);
    const QString loaded = cellText(0, u"email"_s);
    retype(lineEditOf(w.form(), u"email"_s), u"mine@example.com"_s);
    // when another program changes her e-mail and username, and the person commits,
    QVERIFY(otherProgramRuns({u"UPDATE users SET email = 'theirs@example.com', username = "
                              "'alicia' WHERE id = 1"_s}));
    QTest::keySequence(&w, QKeySequence::Save);
    // then nothing is written over theirs, and the conflict view shows the field with loaded,
    // theirs and mine;
    QVERIFY(w.document()->hasPendingChanges());
    QCOMPARE(readBack(m_path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"theirs@example.com"_s);
    ui::ConflictView *view = w.conflictView();
    QVERIFY(view);
    QTRY_VERIFY(view->isVisible());
    QTableWidget *rows = view->table();
    QTRY_COMPARE(rows->rowCount(), 1);
    QCOMPARE(rows->item(0, ui::ConflictView::LoadedColumn)->text(), loaded);
    QCOMPARE(rows->item(0, ui::ConflictView::TheirsColumn)->text(), u"theirs@example.com"_s);
    QCOMPARE(rows->item(0, ui::ConflictView::MineColumn)->text(), u"mine@example.com"_s);
    // the username nobody staged follows the database, in the table and the form;
    QVERIFY(username != u"alicia"_s);
    QTRY_COMPARE(cellText(0, u"username"_s), u"alicia"_s);
    QCOMPARE(lineEditOf(w.form(), u"username"_s)->text(), u"alicia"_s);
    // "Keep mine" resolves the field, and can be undone;
    QPushButton *keep = rows->cellWidget(0, ui::ConflictView::ChoiceColumn)
                            ->findChild<QPushButton *>(u"keepMine"_s);
    QVERIFY(keep);
    QTest::mouseClick(keep, Qt::LeftButton);
    QTRY_COMPARE(rows->rowCount(), 0);
    QVERIFY(!w.document()->session().hasConflicts());
    pressUndo(view);
    QTRY_COMPARE(rows->rowCount(), 1);
    QVERIFY(w.document()->session().hasConflicts());
    keep = rows->cellWidget(0, ui::ConflictView::ChoiceColumn)
               ->findChild<QPushButton *>(u"keepMine"_s);
    QTest::mouseClick(keep, Qt::LeftButton);
    QTRY_COMPARE(rows->rowCount(), 0);
    // and the next commit writes mine over theirs, keeping their username.
    QPushButton *commit = nullptr;
    for (QPushButton *b : view->findChildren<QPushButton *>()) {
        if (b->text() == u"Commit"_s)
            commit = b;
    }
    QVERIFY(commit && commit->isEnabled());
    QTest::mouseClick(commit, Qt::LeftButton);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(readBack(m_path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"mine@example.com"_s);
    QCOMPARE(readBack(m_path, u"SELECT username FROM users WHERE id = 1"_s).toString(),
             u"alicia"_s);
}

void tst_ExternalChanges::takeTheirsAndUndoAreChoicesToo()
{
    ui::MainWindow &w = *m_w;
    w.document()->externalChanges()->setInterval(0);
    clickCell(w, 1);
    retype(lineEditOf(w.form(), u"email"_s), u"mine@example.com"_s);
    QVERIFY(otherProgramRuns({u"UPDATE users SET email = 'theirs@example.com' WHERE id = 2"_s}));
    QTest::keySequence(&w, QKeySequence::Save);
    ui::ConflictView *view = w.conflictView();
    QVERIFY(view);
    QTRY_COMPARE(view->table()->rowCount(), 1);
    QPushButton *take = view->table()
                            ->cellWidget(0, ui::ConflictView::ChoiceColumn)
                            ->findChild<QPushButton *>(u"takeTheirs"_s);
    QTest::mouseClick(take, Qt::LeftButton);
    QTRY_COMPARE(view->table()->rowCount(), 0);
    QTRY_COMPARE(cellText(1, u"email"_s), u"theirs@example.com"_s);
    QVERIFY(!w.document()->hasPendingChanges());
    // Undone (Ctrl+Z in the view), my value is back, in conflict again.
    pressUndo(view);
    QTRY_COMPARE(cellText(1, u"email"_s), u"mine@example.com"_s);
    QVERIFY(w.document()->session().hasConflicts());
    QTRY_COMPARE(view->table()->rowCount(), 1);
    // Typing a value in the Mine column writes that one over theirs.
    QTableWidget *rows = view->table();
    const QModelIndex mine = rows->model()->index(0, ui::ConflictView::MineColumn);
    QTest::mouseClick(rows->viewport(), Qt::LeftButton, {}, rows->visualRect(mine).center());
    QTest::keyClick(rows, Qt::Key_F2);
    QLineEdit *editor = nullptr;
    QTRY_VERIFY((editor = rows->findChild<QLineEdit *>()) != nullptr);
    QTest::keySequence(editor, QKeySequence::SelectAll);
    QTest::keyClicks(editor, u"typed@example.com"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(rows->rowCount(), 0);
    QVERIFY(w.commit());
    QCOMPARE(readBack(m_path, u"SELECT email FROM users WHERE id = 2"_s).toString(),
             u"typed@example.com"_s);
}

void tst_ExternalChanges::anotherProgramsChangeAppearsByItself()
{
    ui::MainWindow &w = *m_w;
    clickCell(w, 1);
    const int rows = tableModel(w)->rowCount();
    QVERIFY(otherProgramRuns({u"UPDATE users SET username = 'bobby' WHERE id = 2"_s,
                              u"INSERT INTO users (username, email, created_at, is_active) "
                              "VALUES ('zoe', 'zoe@example.com', '2026-01-01 00:00:00', 1)"_s}));
    // Within a second (the watcher's timer), without anything asked: the table, the count and
    // the form show it, and the row is marked for a moment.
    QTRY_COMPARE_WITH_TIMEOUT(cellText(1, u"username"_s), u"bobby"_s, 3000);
    QCOMPARE(lineEditOf(w.form(), u"username"_s)->text(), u"bobby"_s);
    QVERIFY(tableModel(w)->index(1, 0).data(ui::EntityTableModel::ExternallyChangedRole).toBool());
    QTRY_VERIFY(
        !tableModel(w)->index(1, 0).data(ui::EntityTableModel::ExternallyChangedRole).toBool());
    QTRY_COMPARE(tableModel(w)->rowCount(), rows + 1);
    QCOMPARE(cellText(rows, u"username"_s), u"zoe"_s);
}

void tst_ExternalChanges::aStagedFieldTheyChangedIsMarkedAtOnce()
{
    ui::MainWindow &w = *m_w;
    clickCell(w, 2);
    retype(lineEditOf(w.form(), u"email"_s), u"mine@example.com"_s);
    QVERIFY(otherProgramRuns({u"UPDATE users SET email = 'theirs@example.com' WHERE id = 3"_s}));
    // Known as soon as the change is seen (the watcher's timer), before any commit: marked in
    // the table and in the pending-changes panel, with their value.
    const int email = columnOf(w, u"email"_s);
    QTRY_VERIFY_WITH_TIMEOUT(
        tableModel(w)->index(2, email).data(ui::EntityTableModel::ConflictRole).toBool(), 3000);
    QAbstractItemModel *pending = w.pendingChangesView()->model();
    bool marked = false;
    for (int r = 0; r < pending->rowCount(); ++r) {
        const QModelIndex parent = pending->index(r, 0);
        for (int f = 0; f < pending->rowCount(parent); ++f) {
            const QVariant theirs =
                pending->index(f, ui::PendingChangesModel::NewValueColumn, parent)
                    .data(ui::PendingChangesModel::ConflictRole);
            marked = marked || theirs.toString() == u"theirs@example.com"_s;
        }
    }
    QVERIFY(marked);
    QCOMPARE(lineEditOf(w.form(), u"email"_s)->text(), u"mine@example.com"_s);
}

void tst_ExternalChanges::theConflictMessageGoesWithTheLastConflict()
{
    ui::MainWindow &w = *m_w;
    // Given a staged e-mail another program changed too, seen by the window (its message),
    clickCell(w, 2);
    retype(lineEditOf(w.form(), u"email"_s), u"mine@example.com"_s);
    QVERIFY(otherProgramRuns({u"UPDATE users SET email = 'theirs@example.com' WHERE id = 3"_s}));
    QTRY_VERIFY_WITH_TIMEOUT(w.document()->session().hasConflicts(), 3000);
    QTRY_VERIFY(w.messageLabel()->isVisible());
    QVERIFY2(w.messageLabel()->text().contains(u"they are marked"_s),
             qPrintable(w.messageLabel()->text()));
    // when the commit asks, and Take Theirs resolves the only conflict,
    QTest::keySequence(&w, QKeySequence::Save);
    ui::ConflictView *view = w.conflictView();
    QVERIFY(view);
    QTRY_COMPARE(view->table()->rowCount(), 1);
    QVERIFY(w.messageLabel()->isVisible());
    QPushButton *take = view->table()
                            ->cellWidget(0, ui::ConflictView::ChoiceColumn)
                            ->findChild<QPushButton *>(u"takeTheirs"_s);
    QTest::mouseClick(take, Qt::LeftButton);
    QTRY_COMPARE(view->table()->rowCount(), 0);
    // then nothing is left to choose, and no message asks to.
    QVERIFY(!w.document()->hasPendingChanges());
    QTRY_VERIFY(!w.messageLabel()->isVisible());
    // Undone, the conflict is back, and so is a word on it at the next commit.
    pressUndo(view);
    QTRY_VERIFY(w.document()->session().hasConflicts());
}

void tst_ExternalChanges::reloadReadsEverythingAgain()
{
    ui::MainWindow &w = *m_w;
    w.document()->externalChanges()->setInterval(0); // only F5 reads again
    clickCell(w, 0);
    QVERIFY(otherProgramRuns({u"UPDATE users SET username = 'ally' WHERE id = 1"_s}));
    QTest::keySequence(&w, QKeySequence::Refresh);
    QCOMPARE(cellText(0, u"username"_s), u"ally"_s);
    QCOMPARE(lineEditOf(w.form(), u"username"_s)->text(), u"ally"_s);
}

void tst_ExternalChanges::undoAfterTheirChangeShowsTheirValue()
{
    ui::MainWindow &w = *m_w;
    w.document()->externalChanges()->setInterval(0);
    clickCell(w, 0);
    const int before = w.document()->undoStack()->count();
    retype(lineEditOf(w.form(), u"username"_s), u"mine"_s);
    QVERIFY(w.document()->undoStack()->count() > before);
    QVERIFY(otherProgramRuns({u"UPDATE users SET username = 'theirs' WHERE id = 1"_s}));
    QTest::keySequence(&w, QKeySequence::Refresh);
    QVERIFY(w.document()->session().hasConflicts());
    // Undo never writes back a value the database no longer has: the field takes theirs.
    while (w.document()->undoStack()->canUndo())
        QTest::keySequence(&w, QKeySequence::Undo);
    QTRY_COMPARE(cellText(0, u"username"_s), u"theirs"_s);
    QVERIFY(!w.document()->hasPendingChanges());
    QVERIFY(!w.document()->session().hasConflicts());
}

void tst_ExternalChanges::aSchemaChangeKeepsTheStagedChanges()
{
    // Given an e-mail edited and a new tag, staged,
    ui::MainWindow &w = *m_w;
    clickCell(w, 0);
    retype(lineEditOf(w.form(), u"email"_s), u"alice@kept.example"_s);
    QVERIFY(clickEntity(w, u"Tags"_s));
    QTest::keySequence(&w, QKeySequence::New);
    retype(lineEditOf(w.form(), u"name"_s), u"kept"_s);
    QCOMPARE(w.document()->pendingChangeCount(), 2);
    const ui::Document *before = w.document();

    // when another program changes the tables of the file,
    QVERIFY(otherProgramRuns({u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"_s,
                              u"CREATE INDEX tags_by_name ON tags (name)"_s}));

    // the window describes the file again by itself, its changes still staged, and back on
    // the tags;
    QTRY_VERIFY_WITH_TIMEOUT(w.document() != before, 3000);
    QCOMPARE(w.document()->pendingChangeCount(), 2);
    QVERIFY(!w.messageLabel()->isVisible());
    QCOMPARE(w.browser()->entity()->tableName(), u"tags"_s);
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    QCOMPARE(lineEditOf(w.form(), u"email"_s)->text(), u"alice@kept.example"_s);

    // a commit writes them.
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(readBack(m_path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@kept.example"_s);
    QCOMPARE(readBack(m_path, u"SELECT count(*) FROM tags WHERE name = 'kept'"_s).toInt(), 1);
}

namespace {
QStringList labelsOf(QListView *list)
{
    QStringList out;
    for (int r = 0; r < list->model()->rowCount(); ++r)
        out << list->model()->index(r, 0).data().toString();
    out.sort();
    return out;
}

// Makes the row showing label the list's current one, as a click would.
bool selectLabel(QListView *list, const QString &label)
{
    const QModelIndexList found = list->model()->match(list->model()->index(0, 0), Qt::DisplayRole,
                                                       label, 1, Qt::MatchExactly);
    if (found.isEmpty())
        return false;
    list->setCurrentIndex(found.first());
    return true;
}
} // namespace

void tst_ExternalChanges::theirLinksAndChildrenAppearInTheRelationships()
{
    ui::MainWindow &w = *m_w;
    clickCell(w, 0);
    const qint64 user = tableModel(w)->index(0, columnOf(w, u"id"_s)).data().toLongLong();
    QListView *groups = w.relationshipPanel()->listView(u"groups"_s);
    QListView *posts = w.relationshipPanel()->listView(u"posts"_s);
    QVERIFY(groups && posts);
    const int postCount = posts->model()->rowCount();
    const QStringList before = labelsOf(groups);
    QVERIFY(!before.isEmpty());
    const QString id = QString::number(user);
    const QString joined =
        readBack(m_path,
                 u"SELECT name FROM groups WHERE id NOT IN (SELECT group_id FROM memberships "
                 "WHERE user_id = %1) ORDER BY id LIMIT 1"_s.arg(id))
            .toString();
    const QString left =
        readBack(m_path,
                 u"SELECT name FROM groups WHERE id IN (SELECT group_id FROM memberships "
                 "WHERE user_id = %1) ORDER BY id LIMIT 1"_s.arg(id))
            .toString();
    QVERIFY(!joined.isEmpty() && !left.isEmpty());
    // When another program links the user to a group, unlinks another and writes a post of
    // hers,
    QVERIFY(otherProgramRuns(
        {u"INSERT INTO memberships (user_id, group_id) SELECT %1, id FROM groups WHERE name = "
         "'%2'"_s.arg(id, joined),
         u"DELETE FROM memberships WHERE user_id = %1 AND group_id = (SELECT id FROM groups "
         "WHERE name = '%2')"_s.arg(id, left),
         u"INSERT INTO posts (title, date_posted, user_id) VALUES ('Theirs', "
         "'2026-01-01 00:00:00.000000', %1)"_s.arg(id)}));
    // then the relationship panel shows them by itself (the watcher's timer), as the database
    // holds them.
    QStringList after = before;
    after.removeAll(left);
    after << joined;
    after.sort();
    QTRY_COMPARE_WITH_TIMEOUT(labelsOf(w.relationshipPanel()->listView(u"groups"_s)), after, 3000);
    QTRY_COMPARE(w.relationshipPanel()->listView(u"posts"_s)->model()->rowCount(), postCount + 1);
    // Unlinking what they linked writes it away.
    QListView *list = w.relationshipPanel()->listView(u"groups"_s);
    QVERIFY(selectLabel(list, joined));
    QPushButton *remove = w.relationshipPanel()->removeButton(u"groups"_s);
    QVERIFY(remove && remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QVERIFY(w.commit());
    QCOMPARE(readBack(m_path,
                      u"SELECT count(*) FROM memberships WHERE user_id = %1 AND group_id = "
                      "(SELECT id FROM groups WHERE name = '%2')"_s.arg(id, joined))
                 .toInt(),
             0);
}

void tst_ExternalChanges::aStagedLinkStaysWhenTheyLinkToo()
{
    ui::MainWindow &w = *m_w;
    w.document()->externalChanges()->setInterval(0); // F5 reads again
    clickCell(w, 0);
    const qint64 user = tableModel(w)->index(0, columnOf(w, u"id"_s)).data().toLongLong();
    const QString id = QString::number(user);
    QListView *groups = w.relationshipPanel()->listView(u"groups"_s);
    const QString left =
        readBack(m_path,
                 u"SELECT name FROM groups WHERE id IN (SELECT group_id FROM memberships "
                 "WHERE user_id = %1) ORDER BY id LIMIT 1"_s.arg(id))
            .toString();
    // Given a link of hers removed in the window (staged),
    QVERIFY(selectLabel(groups, left));
    QTest::mouseClick(w.relationshipPanel()->removeButton(u"groups"_s), Qt::LeftButton);
    QTRY_VERIFY(!labelsOf(w.relationshipPanel()->listView(u"groups"_s)).contains(left));
    // when another program links her to a group and the person reloads,
    const QString joined =
        readBack(m_path,
                 u"SELECT name FROM groups WHERE id NOT IN (SELECT group_id FROM memberships "
                 "WHERE user_id = %1) ORDER BY id LIMIT 1"_s.arg(id))
            .toString();
    QVERIFY(otherProgramRuns(
        {u"INSERT INTO memberships (user_id, group_id) SELECT %1, id FROM groups WHERE name = "
         "'%2'"_s.arg(id, joined)}));
    QTest::keySequence(&w, QKeySequence::Refresh);
    // then the staged removal is still shown and still staged: nothing staged is lost.
    QVERIFY(!labelsOf(w.relationshipPanel()->listView(u"groups"_s)).contains(left));
    QVERIFY(w.document()->hasPendingChanges());
    QVERIFY(w.commit());
    QCOMPARE(readBack(m_path,
                      u"SELECT count(*) FROM memberships WHERE user_id = %1 AND group_id = "
                      "(SELECT id FROM groups WHERE name = '%2')"_s.arg(id, left))
                 .toInt(),
             0);
    QCOMPARE(readBack(m_path,
                      u"SELECT count(*) FROM memberships WHERE user_id = %1 AND group_id = "
                      "(SELECT id FROM groups WHERE name = '%2')"_s.arg(id, joined))
                 .toInt(),
             1);
    // After the commit the panel shows what the database holds, theirs included.
    QTest::keySequence(&w, QKeySequence::Refresh);
    QTRY_VERIFY(labelsOf(w.relationshipPanel()->listView(u"groups"_s)).contains(joined));
}

void tst_ExternalChanges::backGoesWhereItWentAfterTheirSchemaChange()
{
    // Given a tag shown, then one of its posts opened from its page,
    ui::MainWindow &w = *m_w;
    QVERIFY(clickEntity(w, u"Tags"_s));
    clickCell(w, 0);
    const QVariant tag = w.form()->object()->primaryKey();
    QListView *posts = w.relationshipPanel()->listView(u"posts"_s);
    QVERIFY(posts && posts->model()->rowCount() > 0);
    const QModelIndex first = posts->model()->index(0, 0);
    QTest::mouseClick(posts->viewport(), Qt::LeftButton, {}, posts->visualRect(first).center());
    QTest::mouseDClick(posts->viewport(), Qt::LeftButton, {}, posts->visualRect(first).center());
    QTRY_COMPARE(w.browser()->entity()->tableName(), u"posts"_s);
    const QVariant post = w.form()->object()->primaryKey();
    const ui::Document *before = w.document();
    // when another program adds a table that sorts first and the window describes the file
    // again,
    QVERIFY(otherProgramRuns({u"CREATE TABLE aardvark (id INTEGER PRIMARY KEY)"_s}));
    QTRY_VERIFY_WITH_TIMEOUT(w.document() != before, 3000);
    QCOMPARE(w.browser()->entity()->tableName(), u"posts"_s);
    QCOMPARE(w.form()->object()->primaryKey(), post);
    // then Back goes to the tag, as before, and Forward to the post.
    QVERIFY(w.action(ui::MainWindow::Action::Back)->isEnabled());
    QTest::keySequence(&w, QKeySequence::Back);
    QTRY_COMPARE(w.browser()->entity()->tableName(), u"tags"_s);
    QCOMPARE(w.form()->object()->primaryKey(), tag);
    QTest::keySequence(&w, QKeySequence::Forward);
    QTRY_COMPARE(w.browser()->entity()->tableName(), u"posts"_s);
    QCOMPARE(w.form()->object()->primaryKey(), post);
}

void tst_ExternalChanges::anUnlinkTheyMadeFirstIsToldNotCounted()
{
    ui::MainWindow &w = *m_w;
    w.document()->externalChanges()->setInterval(0); // the commit is what meets their change
    clickCell(w, 0);
    const QString id =
        QString::number(tableModel(w)->index(0, columnOf(w, u"id"_s)).data().toLongLong());
    const QString left =
        readBack(m_path,
                 u"SELECT name FROM groups WHERE id IN (SELECT group_id FROM memberships "
                 "WHERE user_id = %1) ORDER BY id LIMIT 1"_s.arg(id))
            .toString();
    QVERIFY(!left.isEmpty());
    // Given a link of hers removed in the window (staged),
    QVERIFY(selectLabel(w.relationshipPanel()->listView(u"groups"_s), left));
    QTest::mouseClick(w.relationshipPanel()->removeButton(u"groups"_s), Qt::LeftButton);
    QTRY_VERIFY(!labelsOf(w.relationshipPanel()->listView(u"groups"_s)).contains(left));
    const int pending = w.document()->pendingChangeCount();
    QCOMPARE(pending, 1);
    // when another program removes the same link first and the person commits,
    QVERIFY(otherProgramRuns(
        {u"DELETE FROM memberships WHERE user_id = %1 AND group_id = (SELECT id FROM groups "
         "WHERE name = '%2')"_s.arg(id, left)}));
    QTest::keySequence(&w, QKeySequence::Save);
    // then no change is counted as committed: the window says that another program unlinked
    // them, and the unlink stays staged, to be undone.
    QTRY_VERIFY(w.messageLabel()->isVisible());
    const QString message = w.messageLabel()->text();
    QVERIFY2(message.startsWith(u"Another program already deleted or unlinked what you changed; "
                                "nothing was written"_s)
                 && message.contains(u"Group"_s)
                 && message.contains(u"unlinked by another program"_s),
             qPrintable(message));
    QVERIFY2(!w.statusBar()->currentMessage().startsWith(u"Committed"_s),
             qPrintable(w.statusBar()->currentMessage()));
    QCOMPARE(w.document()->pendingChangeCount(), pending);
    QTest::keySequence(&w, QKeySequence::Undo);
    QTRY_VERIFY(!w.document()->hasPendingChanges());
}

QTEST_MAIN(tst_ExternalChanges)
#include "tst_externalchanges.moc"
