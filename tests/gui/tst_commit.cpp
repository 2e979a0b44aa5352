// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "orm/mapping/relationship.h"
#include "ui/sqllogmodel.h"

#include <QCheckBox>
#include <QMessageBox>
#include <QTimer>
#include <QToolBar>

using namespace guitest;

// Story 6: commit writes everything in one transaction, or nothing; a refusal keeps every
// edit and points at the field; discard restores; closing or opening another file asks.
class tst_Commit : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void commitWritesEverythingInOneTransaction();
    void aRefusedCommitKeepsEveryEditAndMarksTheField();
    void discardRestoresEverything();
    void discardAsksFirstAndUndoBringsEverythingBack();
    void discardCanStopAsking();
    void theDiscardQuestionSaysHowManyAndCanBeSilenced();
    void closingWithPendingChangesAsks_data();
    void closingWithPendingChangesAsks();
    void openingAnotherFileAsksToo();

private:
    void editAlicesEmail(const QString &value);
    QTemporaryDir m_dir;
    QString m_demo;
    QString m_path;
    Window m_w;
};

void tst_Commit::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
}

void tst_Commit::init()
{
    m_path = copyOf(m_demo, m_dir);
    m_w = openWindow(m_path);
}

void tst_Commit::cleanup()
{
    if (m_w.window && m_w->document())
        m_w->document()->discard();
    m_w.window.reset();
}

void tst_Commit::editAlicesEmail(const QString &value)
{
    QVERIFY(clickEntity(*m_w, u"Users"_s));
    clickCell(*m_w, 0);
    retype(lineEditOf(m_w->form(), u"email"_s), value);
}

void tst_Commit::commitWritesEverythingInOneTransaction()
{
    ui::MainWindow &w = *m_w;
    editAlicesEmail(u"alice@rowsmith.org"_s);
    QVERIFY(clickEntity(w, u"Tags"_s));
    clickCell(w, 0);
    retype(lineEditOf(w.form(), u"name"_s), u"python3"_s);
    w.sqlLogModel()->flush();
    const int before = w.sqlLogModel()->rowCount();
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(readBack(m_path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@rowsmith.org"_s);
    QCOMPARE(readBack(m_path, u"SELECT name FROM tags WHERE id = 1"_s).toString(), u"python3"_s);
    // One BEGIN IMMEDIATE ... COMMIT around both updates.
    w.sqlLogModel()->flush();
    QStringList sql;
    for (int r = before; r < w.sqlLogModel()->rowCount(); ++r)
        sql << w.sqlLogModel()->index(r, ui::SqlLogModel::StatementColumn).data().toString();
    QCOMPARE(sql.count(u"BEGIN IMMEDIATE"_s), 1);
    QCOMPARE(sql.count(u"COMMIT"_s), 1);
    const qsizetype begin = sql.indexOf(u"BEGIN IMMEDIATE"_s);
    const qsizetype commit = sql.indexOf(u"COMMIT"_s);
    int updates = 0;
    for (qsizetype i = begin; i < commit; ++i)
        updates += sql.at(i).startsWith(u"UPDATE"_s) ? 1 : 0;
    QCOMPARE(updates, 2);
    QVERIFY(!w.isWindowModified());
    QCOMPARE(w.document()->undoStack()->count(), 0);
}

void tst_Commit::aRefusedCommitKeepsEveryEditAndMarksTheField()
{
    ui::MainWindow &w = *m_w;
    // Given alice renamed to "zed" (free when typed) and another edit,
    QVERIFY(clickEntity(w, u"Tags"_s));
    clickCell(w, 1);
    retype(lineEditOf(w.form(), u"name"_s), u"flask3"_s);
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    retype(lineEditOf(w.form(), u"username"_s), u"zed"_s);
    QCOMPARE(errorText(w.form(), u"username"_s), QString());
    // when another program takes "zed" first,
    QVERIFY(readBack(m_path, u"SELECT 1"_s).isValid());
    {
        auto other =
            orm::Engine::create(orm::DatabaseUrl::forFile(m_path), orm::ConnectionOptions());
        QVERIFY(other->connection().exec(u"UPDATE users SET username = 'zed' WHERE id = 5"_s));
    }
    // and the user looks at something else and commits,
    QVERIFY(clickEntity(w, u"Groups"_s));
    QTest::keySequence(&w, QKeySequence::Save);
    // then nothing is written,
    QCOMPARE(readBack(m_path, u"SELECT username FROM users WHERE id = 1"_s).toString(), u"alice"_s);
    QCOMPARE(readBack(m_path, u"SELECT name FROM tags WHERE id = 2"_s).toString(), u"flask"_s);
    // nothing is lost,
    QCOMPARE(w.document()->pendingChangeCount(), 2);
    QCOMPARE(w.document()->session().get<blog::User>(1)->username, u"zed"_s);
    // and the window shows alice, with the reason beside the field.
    QCOMPARE(w.form()->object()->value(u"id"_s).toLongLong(), 1);
    QVERIFY2(errorText(w.form(), u"username"_s).contains(u"already used"_s),
             qPrintable(errorText(w.form(), u"username"_s)));
    QCOMPARE(QApplication::focusWidget(), w.form()->editor(u"username"_s)->control());
    QVERIFY(w.messageLabel()->isVisible());
    QVERIFY(!w.action(ui::MainWindow::Action::Commit)->isEnabled());
    // Fixing the field lets the commit through.
    retype(lineEditOf(w.form(), u"username"_s), u"zelda"_s);
    QVERIFY(w.action(ui::MainWindow::Action::Commit)->isEnabled());
    QTest::keySequence(&w, QKeySequence::Save);
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(readBack(m_path, u"SELECT username FROM users WHERE id = 1"_s).toString(), u"zelda"_s);
    QCOMPARE(readBack(m_path, u"SELECT name FROM tags WHERE id = 2"_s).toString(), u"flask3"_s);
}

void tst_Commit::discardRestoresEverything()
{
    ui::MainWindow &w = *m_w;
    editAlicesEmail(u"alice@rowsmith.org"_s);
    QVERIFY(clickEntity(w, u"Tags"_s));
    QTest::keySequence(&w, QKeySequence::New);
    QCOMPARE(w.document()->pendingChangeCount(), 2);
    w.action(ui::MainWindow::Action::Discard)->trigger();
    QVERIFY(!w.document()->hasPendingChanges());
    QCOMPARE(tableModel(w)->rowCount(), 30);
    QVERIFY(clickEntity(w, u"Users"_s));
    clickCell(w, 0);
    QCOMPARE(lineEditOf(w.form(), u"email"_s)->text(), u"alice@example.com"_s);
    QVERIFY(!w.isWindowModified());
}

// Clicks the Discard button of the tool bar.
static void clickDiscard(ui::MainWindow &w)
{
    auto *bar = w.findChild<QToolBar *>(u"mainToolBar"_s);
    QWidget *button = bar->widgetForAction(w.action(ui::MainWindow::Action::Discard));
    QTest::mouseClick(button, Qt::LeftButton);
}

static QStringList sorted(QStringList list)
{
    list.sort();
    return list;
}

void tst_Commit::discardAsksFirstAndUndoBringsEverythingBack()
{
    ui::MainWindow &w = *m_w;
    ui::Document &doc = *w.document();
    orm::Session &s = doc.session();
    // Given an edited e-mail, a new tag, a deleted one, a new link, and a new post by a new
    // user (its author has no key yet),
    editAlicesEmail(u"alice@rowsmith.org"_s);
    QVERIFY(clickEntity(w, u"Tags"_s));
    QTest::keySequence(&w, QKeySequence::New);
    retype(lineEditOf(w.form(), u"name"_s), u"zig"_s);
    clickCell(w, 4, columnOf(w, u"name"_s));
    QCOMPARE(w.form()->object()->value(u"name"_s).toString(), u"cpp"_s);
    QTest::keyClick(table(w), Qt::Key_Delete);
    const auto post = s.get<blog::Post>(qint64(1));
    const auto tag = s.get<blog::Tag>(qint64(30));
    QVERIFY(!post->tags.contains(tag));
    QVERIFY(doc.link(post, *blog::Post::staticMeta().relationship(u"tags"_s), tag));
    const orm::EntityMeta &users = blog::User::staticMeta();
    const orm::EntityMeta &posts = blog::Post::staticMeta();
    const auto newbie = doc.createObject(users);
    QVERIFY(doc.stageValue(newbie, users.columnIndex(u"username"_s), u"newbie"_s));
    QVERIFY(doc.stageValue(newbie, users.columnIndex(u"email"_s), u"newbie@example.com"_s));
    const auto reply = doc.createObject(posts);
    QVERIFY(doc.stageValue(reply, posts.columnIndex(u"title"_s), u"Hello from newbie"_s));
    QVERIFY(doc.stageValue(reply, posts.columnIndex(u"body"_s), u"First post."_s));
    QVERIFY(doc.setRelated(reply, *blog::Post::staticMeta().relationship(u"author"_s), newbie));
    const int before = doc.pendingChangeCount();
    const QStringList sqlBefore = sorted(s.pendingSql());
    QVERIFY(before >= 6);
    // when Discard is clicked, then the window asks first, with the number of changes,
    clickDiscard(w);
    QCOMPARE(m_w.prompts->discardQuestions, QList<int> {before});
    // and every change is dropped;
    QVERIFY(!doc.hasPendingChanges());
    QCOMPARE(s.get<blog::User>(qint64(1))->email, u"alice@example.com"_s);
    QVERIFY(!post->tags.contains(tag));
    // Undo brings every one of them back, in one step,
    QTest::keySequence(&w, QKeySequence::Undo);
    QCOMPARE(doc.pendingChangeCount(), before);
    QCOMPARE(sorted(s.pendingSql()), sqlBefore);
    QCOMPARE(s.get<blog::User>(qint64(1))->email, u"alice@rowsmith.org"_s);
    QVERIFY(post->tags.contains(tag));
    QCOMPARE(reply->value(u"title"_s).toString(), u"Hello from newbie"_s);
    // Redo drops them again, Undo brings them back again, and a commit writes them all.
    QTest::keySequence(&w, QKeySequence::Redo);
    QVERIFY(!doc.hasPendingChanges());
    QTest::keySequence(&w, QKeySequence::Undo);
    QCOMPARE(doc.pendingChangeCount(), before);
    QVERIFY(w.commit());
    QCOMPARE(readBack(m_path, u"SELECT email FROM users WHERE id = 1"_s).toString(),
             u"alice@rowsmith.org"_s);
    QCOMPARE(
        readBack(m_path, u"SELECT count(*) FROM tags WHERE name IN ('zig', 'cpp')"_s).toString(),
        u"1"_s);
    QCOMPARE(readBack(m_path, u"SELECT count(*) FROM post_tags WHERE post_id = 1 AND tag_id = 30"_s)
                 .toInt(),
             1);
    QCOMPARE(readBack(m_path,
                      u"SELECT u.username FROM posts p JOIN users u ON u.id = p.user_id "
                      "WHERE p.title = 'Hello from newbie'"_s)
                 .toString(),
             u"newbie"_s);
}

void tst_Commit::discardCanStopAsking()
{
    ui::MainWindow &w = *m_w;
    // Given a staged edit, Cancel keeps it;
    editAlicesEmail(u"alice@rowsmith.org"_s);
    m_w.prompts->discardAnswer = false;
    clickDiscard(w);
    QCOMPARE(m_w.prompts->discardQuestions.size(), 1);
    QVERIFY(w.document()->hasPendingChanges());
    // "don't ask again" discards, and is remembered: the next discard does not ask.
    m_w.prompts->discardAnswer = true;
    m_w.prompts->dontAskAgain = true;
    clickDiscard(w);
    QCOMPARE(m_w.prompts->discardQuestions.size(), 2);
    QVERIFY(!w.document()->hasPendingChanges());
    editAlicesEmail(u"alice@rowsmith.net"_s);
    clickDiscard(w);
    QCOMPARE(m_w.prompts->discardQuestions.size(), 2);
    QVERIFY(!w.document()->hasPendingChanges());
    QSettings().remove(u"prompts/confirmDiscard"_s);
}

void tst_Commit::theDiscardQuestionSaysHowManyAndCanBeSilenced()
{
    ui::MainWindow &w = *m_w;
    w.setPrompts(std::make_unique<ui::Prompts>()); // the real dialogs
    editAlicesEmail(u"alice@rowsmith.org"_s);
    QVERIFY(clickEntity(w, u"Tags"_s));
    QTest::keySequence(&w, QKeySequence::New);
    // When Discard is clicked, the question says how many changes go, and its check box and
    // buttons answer to their mnemonics (Alt+N: don't ask again, Alt+D: discard).
    QString question;
    QStringList buttons;
    int questions = 0;
    QTimer answer;
    answer.setInterval(0);
    connect(&answer, &QTimer::timeout, this, [&] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        ++questions;
        question = box->text();
        buttons.clear();
        for (QAbstractButton *b : box->buttons())
            buttons << b->text();
        QApplication::setActiveWindow(box);
        if (box->checkBox()) {
            QTest::keyClick(box, Qt::Key_N, Qt::AltModifier);
            QTRY_VERIFY(box->checkBox()->isChecked());
        }
        QTest::keyClick(box, Qt::Key_D, Qt::AltModifier);
        if (!QTest::qWaitFor([box] { return !box->isVisible(); }))
            box->done(QMessageBox::Cancel);
    });
    answer.start();
    clickDiscard(w);
    QCOMPARE(questions, 1);
    QCOMPARE(question, u"Discard 2 staged changes?"_s);
    for (const QString &text : std::as_const(buttons))
        QVERIFY2(text.contains(u'&'), qPrintable(text));
    QVERIFY(!w.document()->hasPendingChanges());
    // The next discard does not ask.
    editAlicesEmail(u"alice@rowsmith.net"_s);
    clickDiscard(w);
    QCOMPARE(questions, 1);
    QVERIFY(!w.document()->hasPendingChanges());
    answer.stop();
    QSettings().remove(u"prompts/confirmDiscard"_s);
}

void tst_Commit::closingWithPendingChangesAsks_data()
{
    QTest::addColumn<int>("answer");
    QTest::addColumn<bool>("closes");
    QTest::addColumn<QString>("written");
    QTest::newRow("cancel") << int(QMessageBox::Cancel) << false << u"alice@example.com"_s;
    QTest::newRow("discard") << int(QMessageBox::Discard) << true << u"alice@example.com"_s;
    QTest::newRow("save") << int(QMessageBox::Save) << true << u"alice@rowsmith.org"_s;
}

void tst_Commit::closingWithPendingChangesAsks()
{
    QFETCH(int, answer);
    QFETCH(bool, closes);
    QFETCH(QString, written);
    ui::MainWindow &w = *m_w;
    editAlicesEmail(u"alice@rowsmith.org"_s);
    m_w.prompts->saveAnswer = QMessageBox::StandardButton(answer);
    QCOMPARE(w.close(), closes);
    QCOMPARE(m_w.prompts->saveQuestions, 1);
    QCOMPARE(w.isVisible(), !closes);
    QCOMPARE(readBack(m_path, u"SELECT email FROM users WHERE id = 1"_s).toString(), written);
    // Without pending changes, no question.
    if (!closes) {
        w.document()->discard();
        QVERIFY(w.close());
        QCOMPARE(m_w.prompts->saveQuestions, 1);
    }
}

void tst_Commit::openingAnotherFileAsksToo()
{
    ui::MainWindow &w = *m_w;
    editAlicesEmail(u"alice@rowsmith.org"_s);
    const QString other = copyOf(m_demo, m_dir, u"other.db"_s);
    m_w.prompts->saveAnswer = QMessageBox::Cancel;
    QVERIFY(!w.openDatabase(other));
    QCOMPARE(w.document()->path(), m_path);
    QVERIFY(w.document()->hasPendingChanges());
    m_w.prompts->saveAnswer = QMessageBox::Discard;
    QVERIFY(w.openDatabase(other));
    QCOMPARE(w.document()->path(), other);
    QCOMPARE(m_w.prompts->saveQuestions, 2);
}

QTEST_MAIN(tst_Commit)
#include "tst_commit.moc"
