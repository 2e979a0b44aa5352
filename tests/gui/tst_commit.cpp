#include "guitestsupport.h"

#include "ui/sqllogmodel.h"

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
