// SPDX-License-Identifier: MIT
#include "guitestsupport.h"

#include "ui/filterheader.h"
#include "ui/integritydialog.h"
#include "ui/sqllogmodel.h"

#include <QFile>
#include <QProcess>
#include <QProgressBar>
#include <QTreeWidget>

using namespace guitest;

// Odd files open as far as they can: a view that cannot be read is listed with its error and
// everything else opens, triggers are shown and their writes read again, damage is found and
// reported, and search texts SQLite cannot take are refused before any SQL runs.
class tst_OddFiles : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void aSearchSqliteCannotTakeSaysWhyBeforeAnySql();
    void quotedFilterTextIsLiteral();
    void aViewThatCannotBeReadIsListedAndTheRestOpens();
    void triggersAreShownAndWhatTheyWriteIsReadAgain();
    void aTriggerThatCannotRunMakesItsTableReadOnly();
    void checkIntegrityListsDamageAndDanglingKeys();
    void theStartupCheckFailsWhenTheFirstRowsCannotBeRead_data();
    void theStartupCheckFailsWhenTheFirstRowsCannotBeRead();

private:
    QTemporaryDir m_dir;
    QString m_demo;
};

namespace {

// A file made by another program with the statements given.
QString fileWith(const QTemporaryDir &dir, const QString &name, const QStringList &statements)
{
    const QString path = dir.filePath(name);
    QFile::remove(path);
    auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), orm::ConnectionOptions());
    if (!engine)
        return {};
    for (const QString &sql : statements) {
        if (!engine->connection().exec(sql)) {
            qWarning() << sql << engine->connection().lastError().text();
            return {};
        }
    }
    return path;
}

QStringList statementsSince(ui::MainWindow &w, int from)
{
    w.sqlLogModel()->flush();
    QStringList sql;
    for (int r = from; r < w.sqlLogModel()->rowCount(); ++r)
        sql << w.sqlLogModel()->index(r, ui::SqlLogModel::StatementColumn).data().toString();
    return sql;
}

int logSize(ui::MainWindow &w)
{
    w.sqlLogModel()->flush();
    return w.sqlLogModel()->rowCount();
}

// Overwrites one page of a closed database file with bytes that are no b-tree page.
bool damagePage(const QString &path, qint64 page)
{
    const qint64 pageSize = readBack(path, u"PRAGMA page_size"_s).toLongLong();
    QFile f(path);
    if (pageSize <= 0 || !f.open(QIODevice::ReadWrite) || !f.seek((page - 1) * pageSize))
        return false;
    return f.write(QByteArray(int(pageSize), '\xa5')) == pageSize;
}

// The page that holds a b-tree's first rows: its root, or the leftmost leaf under it.
qint64 firstLeafOf(const QString &path, const QString &table)
{
    return readBack(path,
                    u"SELECT pageno FROM dbstat WHERE name = '%1' AND pagetype = 'leaf' "
                    "ORDER BY path LIMIT 1"_s.arg(table))
        .toLongLong();
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run startupCheck(const QTemporaryDir &dir, const QString &path)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"HOME"_s, dir.filePath(u"home"_s)); // settings stay out of the user's
    env.insert(u"XDG_CONFIG_HOME"_s, dir.filePath(u"home/.config"_s));
    env.insert(u"XDG_DATA_HOME"_s, dir.filePath(u"home/.local/share"_s));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ROWSMITH_EXECUTABLE), {u"--quit-after-load"_s, path});
    if (!p.waitForFinished(30000))
        return {};
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

} // namespace

void tst_OddFiles::initTestCase()
{
    isolateSettings(m_dir.filePath(u"settings"_s));
    m_demo = demoDatabase(m_dir);
    QVERIFY(!m_demo.isEmpty());
}

void tst_OddFiles::aSearchSqliteCannotTakeSaysWhyBeforeAnySql()
{
    // Given the users, searched for "ali",
    Window w = openWindow(copyOf(m_demo, m_dir, u"search.db"_s));
    QVERIFY(clickEntity(*w, u"Users"_s));
    searchFor(*w, u"ali"_s);
    ui::EntityTableModel *model = tableModel(*w);
    QTRY_VERIFY(!model->isCounting());
    const int rows = model->rowCount();
    QVERIFY(rows > 0);
    QLabel *note = w->browser()->noteLabel();
    QVERIFY(!note->isVisible());
    // when the person pastes a text with a NUL (LIKE would stop there and match every row),
    int before = logSize(*w);
    QLineEdit *search = w->browser()->searchField();
    search->setFocus();
    search->selectAll();
    search->insert(u"ali"_s + QChar(0) + u"ce"_s);
    QTest::keyClick(search, Qt::Key_Return);
    // then it says why beside the field, no SQL runs and the rows stay those of "ali";
    QVERIFY(note->isVisible());
    QCOMPARE(note->text(), u"A NUL character cannot be searched for"_s);
    QCOMPARE(statementsSince(*w, before), QStringList());
    QCOMPARE(model->rowCount(), rows);
    QCOMPARE(model->searchText(), u"ali"_s);
    // a text longer than SQLite's LIKE takes (60,000 bytes of UTF-8): the same;
    search->selectAll();
    search->insert(QString(20000, QChar(0x20ac)));
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY2(note->text().startsWith(u"Too long to search for"_s), qPrintable(note->text()));
    QCOMPARE(statementsSince(*w, before), QStringList());
    // and a text it can take searches again.
    QTest::keySequence(search, QKeySequence::SelectAll);
    QTest::keyClicks(search, u"bob"_s);
    QTest::keyClick(search, Qt::Key_Return);
    QVERIFY(!note->isVisible());
    QTRY_VERIFY(!model->isCounting());
    QCOMPARE(model->searchText(), u"bob"_s);
    QVERIFY(model->rowCount() > 0);

    // The same in a column filter: the field says why, no SQL runs.
    QLineEdit *filter = w->browser()->filterHeader()->filterEditor(columnOf(*w, u"email"_s));
    before = logSize(*w);
    filter->setFocus();
    filter->insert(u"x"_s + QChar(0));
    QTest::keyClick(filter, Qt::Key_Return);
    QCOMPARE(model->columnFilterError(columnOf(*w, u"email"_s)),
             u"a NUL character cannot be searched for"_s);
    QVERIFY(filter->toolTip().startsWith(u"a NUL character cannot be searched for"_s));
    QCOMPARE(statementsSince(*w, before), QStringList());
}

void tst_OddFiles::quotedFilterTextIsLiteral()
{
    // Given users whose names look like filter operators,
    const QString path = copyOf(m_demo, m_dir, u"literal.db"_s);
    QVERIFY(writeFromAnotherProgram(path, u"UPDATE users SET username = 'x=abc' WHERE id = 3"_s)
                .isEmpty());
    QVERIFY(writeFromAnotherProgram(path, u"UPDATE users SET username = 'NULL' WHERE id = 4"_s)
                .isEmpty());
    QVERIFY(writeFromAnotherProgram(path, u"UPDATE users SET username = '>b \"q\"' WHERE id = 5"_s)
                .isEmpty());
    Window w = openWindow(path);
    QVERIFY(clickEntity(*w, u"Users"_s));
    ui::EntityTableModel *model = tableModel(*w);
    const int username = columnOf(*w, u"username"_s);
    QLineEdit *filter = w->browser()->filterHeader()->filterEditor(username);
    // the filter's tooltip explains the syntax, quotes included;
    QVERIFY2(filter->toolTip().contains(u"\"=abc\""_s), qPrintable(filter->toolTip()));
    auto filterBy = [&](const QString &text) -> QStringList {
        retype(filter, text);
        QTest::keyClick(filter, Qt::Key_Return);
        if (!QTest::qWaitFor([model] { return !model->isCounting(); }))
            return {u"(still counting)"_s};
        QStringList names;
        for (int r = 0; r < model->rowCount(); ++r)
            names << model->objectAt(r)->value(username).toString();
        return names;
    };
    // unquoted, they are operators; quoted, the text itself.
    QCOMPARE(filterBy(u"=abc"_s), QStringList());
    QCOMPARE(filterBy(u"\"=abc\""_s), QStringList {u"x=abc"_s});
    QCOMPARE(filterBy(u"NULL"_s), QStringList());
    QCOMPARE(filterBy(u"\"NULL\""_s), QStringList {u"NULL"_s});
    QCOMPARE(filterBy(u"=\"NULL\""_s), QStringList {u"NULL"_s});
    QCOMPARE(filterBy(u"\">b \\\"q\\\"\""_s), QStringList {u">b \"q\""_s});
    // An unclosed quote says so.
    filterBy(u"\"abc"_s);
    QVERIFY2(model->columnFilterError(username).startsWith(u"close the quote"_s),
             qPrintable(model->columnFilterError(username)));
}

void tst_OddFiles::aViewThatCannotBeReadIsListedAndTheRestOpens()
{
    // Given a file with a view that calls a function SQLite does not know,
    const QString path =
        fileWith(m_dir, u"brokenview.db"_s,
                 {u"CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT)"_s,
                  u"INSERT INTO authors VALUES (1, 'Ada'), (2, 'Grace')"_s,
                  u"CREATE VIEW a_loud AS SELECT no_such_fn(name) AS shout FROM authors"_s,
                  u"CREATE VIEW names AS SELECT name FROM authors"_s});
    QVERIFY(!path.isEmpty());
    // when it is opened, everything else opens:
    Window w = openReflected(path);
    QVERIFY2(w->document(), qPrintable(w.prompts->errors.join(u'\n')));
    QCOMPARE(w->browser()->entity()->tableName(), u"authors"_s);
    QTRY_COMPARE(tableModel(*w)->rowCount(), 2);
    // the view is listed, with its error, read-only;
    const QModelIndex broken = entityIndex(*w, u"A loud"_s);
    QVERIFY(broken.isValid());
    const QString tip = broken.data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"no such function: no_such_fn"_s), qPrintable(tip));
    QVERIFY(w->document()->catalog().entityForTable(u"a_loud"_s)->isReadOnly());
    // choosing it says why where its rows would be, and runs no query on it;
    const int before = logSize(*w);
    QVERIFY(clickEntity(*w, u"A loud"_s));
    QCOMPARE(tableModel(*w)->rowCount(), 0);
    QVERIFY(w->browser()->noteLabel()->isVisible());
    QVERIFY2(w->browser()->noteLabel()->text().contains(u"no such function: no_such_fn"_s),
             qPrintable(w->browser()->noteLabel()->text()));
    for (const QString &sql : statementsSince(*w, before))
        QVERIFY2(!sql.contains(u"a_loud"_s), qPrintable(sql));
    // the other view reads.
    QVERIFY(clickEntity(*w, u"Names"_s));
    QTRY_COMPARE(tableModel(*w)->rowCount(), 2);
    QVERIFY(!w->browser()->noteLabel()->isVisible());
    // The start-up check opens it too.
    const Run run = startupCheck(m_dir, path);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.out.contains(u"Authors, 2 rows"_s), qPrintable(run.out));
}

void tst_OddFiles::triggersAreShownAndWhatTheyWriteIsReadAgain()
{
    // Given a file whose items have a trigger that keeps an audit and a count of edits,
    const QString path = fileWith(
        m_dir, u"triggers.db"_s,
        {u"CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT)"_s,
         u"CREATE TABLE audit (id INTEGER PRIMARY KEY, item_id INTEGER, note TEXT)"_s,
         u"CREATE TABLE stats (id INTEGER PRIMARY KEY, edits INTEGER)"_s,
         u"INSERT INTO items VALUES (1, 'hammer'), (2, 'saw')"_s,
         u"INSERT INTO stats VALUES (1, 0)"_s,
         u"CREATE TRIGGER item_edited AFTER UPDATE OF name ON items BEGIN "
         "INSERT INTO audit (item_id, note) VALUES (new.id, old.name || ' -> ' || new.name); "
         "UPDATE stats SET edits = edits + 1 WHERE id = 1; END"_s});
    QVERIFY(!path.isEmpty());
    Window w = openReflected(path);
    QVERIFY(w->document());
    // the table list shows that items has a trigger, with its name and SQL;
    const QModelIndex items = entityIndex(*w, u"Items"_s);
    const QString details = items.data(ui::EntityListModel::TriggersRole).toString();
    QVERIFY2(details.contains(u"item_edited"_s), qPrintable(details));
    QVERIFY2(details.contains(u"UPDATE stats SET edits = edits + 1"_s), qPrintable(details));
    QVERIFY(items.data(Qt::ToolTipRole).toString().contains(u"item_edited"_s));
    QVERIFY(
        entityIndex(*w, u"Stats"_s).data(ui::EntityListModel::TriggersRole).toString().isEmpty());
    // and so does the table itself, beside its search.
    QVERIFY(clickEntity(*w, u"Items"_s));
    QLabel *note = w->browser()->noteLabel();
    QVERIFY(note->isVisible());
    QCOMPARE(note->text(), u"Writing its rows fires 1 trigger of the file: item_edited"_s);
    QVERIFY2(note->toolTip().contains(u"INSERT INTO audit"_s), qPrintable(note->toolTip()));
    // when the person has seen the stats and the audit, then renames an item and commits,
    QVERIFY(clickEntity(*w, u"Stats"_s));
    clickCell(*w, 0, 1);
    QCOMPARE(w->form()->object()->value(1).toLongLong(), 0);
    QVERIFY(clickEntity(*w, u"Audit"_s));
    QCOMPARE(tableModel(*w)->rowCount(), 0);
    QVERIFY(clickEntity(*w, u"Items"_s));
    clickCell(*w, 0, 1);
    QVERIFY(w->form()->editor(u"name"_s));
    retype(w->form()->editor(u"name"_s)->control(), u"mallet"_s);
    QTest::keySequence(w.window.get(), QKeySequence::Save);
    QVERIFY(!w->document()->hasPendingChanges());
    // then what the trigger wrote is read again: the audit row, and the count of edits.
    QVERIFY(clickEntity(*w, u"Audit"_s));
    QTRY_COMPARE(tableModel(*w)->rowCount(), 1);
    QCOMPARE(tableModel(*w)->index(0, 2).data().toString(), u"hammer -> mallet"_s);
    QVERIFY(clickEntity(*w, u"Stats"_s));
    QCOMPARE(tableModel(*w)->index(0, 1).data().toString(), u"1"_s);
    clickCell(*w, 0, 1);
    QCOMPARE(w->form()->object()->value(1).toLongLong(), 1);
}

void tst_OddFiles::aTriggerThatCannotRunMakesItsTableReadOnly()
{
    // Given a trigger that calls a function SQLite does not know,
    const QString path = fileWith(m_dir, u"brokentrigger.db"_s,
                                  {u"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"_s,
                                   u"CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT)"_s,
                                   u"INSERT INTO notes VALUES (1, 'first')"_s,
                                   u"CREATE TRIGGER notes_shout BEFORE DELETE ON notes BEGIN "
                                   "SELECT no_such_fn(old.body); END"_s});
    QVERIFY(!path.isEmpty());
    Window w = openReflected(path);
    QVERIFY(w->document());
    // its table reads, read-only, and says why; the others stay editable.
    const orm::EntityMeta *notes = w->document()->catalog().entityForTable(u"notes"_s);
    QVERIFY(notes->isReadOnly());
    QVERIFY2(notes->readOnlyReason().contains(u"notes_shout: no such function: no_such_fn"_s),
             qPrintable(notes->readOnlyReason()));
    QVERIFY(!w->document()->catalog().entityForTable(u"tags"_s)->isReadOnly());
    const QString tip = entityIndex(*w, u"Notes"_s).data(Qt::ToolTipRole).toString();
    QVERIFY2(tip.contains(u"cannot run: no such function: no_such_fn"_s), qPrintable(tip));
    QVERIFY(clickEntity(*w, u"Notes"_s));
    QTRY_COMPARE(tableModel(*w)->rowCount(), 1);
}

void tst_OddFiles::checkIntegrityListsDamageAndDanglingKeys()
{
    // Given a file with a post whose author does not exist (written with foreign keys off)
    // and a damaged index,
    const QString path = copyOf(m_demo, m_dir, u"integrity.db"_s);
    {
        orm::ConnectionOptions options;
        options.foreignKeys = false;
        auto engine = orm::Engine::create(orm::DatabaseUrl::forFile(path), options);
        QVERIFY(engine);
        QVERIFY(engine->connection().exec(u"UPDATE posts SET user_id = 9999 WHERE id = 7"_s));
    }
    const qint64 index = readBack(path,
                                  u"SELECT rootpage FROM sqlite_schema WHERE type = 'index' AND "
                                  "tbl_name = 'users' ORDER BY name LIMIT 1"_s)
                             .toLongLong();
    QVERIFY(index > 0);
    QVERIFY(damagePage(path, index));
    Window w = openWindow(path);
    QVERIFY(w->document());
    // when the person checks it,
    QVERIFY(w->action(ui::MainWindow::Action::CheckIntegrity)->isEnabled());
    w->action(ui::MainWindow::Action::CheckIntegrity)->trigger();
    auto *dialog = w->findChild<ui::IntegrityDialog *>();
    QVERIFY(dialog && dialog->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 20000);
    // then its progress went through every step, and it lists both problems,
    QCOMPARE(dialog->progressBar()->value(), dialog->progressBar()->maximum());
    QVERIFY(dialog->progressBar()->maximum() > 1);
    QTreeWidget *findings = dialog->findingsView();
    QTreeWidgetItem *dangling = nullptr;
    bool damage = false;
    for (int i = 0; i < findings->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = findings->topLevelItem(i);
        if (item->text(0) == u"posts"_s && item->text(2).contains(u"does not exist"_s))
            dangling = item;
        damage = damage || item->text(0) == u"users"_s;
    }
    QVERIFY2(dangling, qPrintable(dialog->statusLabel()->text()));
    QVERIFY(damage);
    QCOMPARE(dangling->text(1), u"7"_s);
    QCOMPARE(dangling->text(2), u"user_id refers to a row of users that does not exist"_s);
    // and a double-click shows the post.
    QVERIFY(QTest::qWaitForWindowExposed(dialog));
    const QRect at = findings->visualItemRect(dangling);
    QTest::mouseClick(findings->viewport(), Qt::LeftButton, {}, at.center());
    QTest::mouseDClick(findings->viewport(), Qt::LeftButton, {}, at.center());
    QTRY_COMPARE(w->form()->object()->entityMeta().tableName(), u"posts"_s);
    QCOMPARE(w->form()->object()->value(0).toLongLong(), 7);
}

void tst_OddFiles::theStartupCheckFailsWhenTheFirstRowsCannotBeRead_data()
{
    QTest::addColumn<QString>("damaged");
    // The table shown first (entries) cannot be read; or its rows can, but not the labels of
    // the people they refer to, which the first page shows.
    QTest::newRow("its own rows") << u"entries"_s;
    QTest::newRow("the labels of its rows") << u"people"_s;
}

void tst_OddFiles::theStartupCheckFailsWhenTheFirstRowsCannotBeRead()
{
    QFETCH(QString, damaged);
    // Given a file whose first table's first page cannot be read, while the schema can,
    QStringList statements {
        u"CREATE TABLE entries (id INTEGER PRIMARY KEY, title VARCHAR(40), "
        "person_id INTEGER REFERENCES people (id))"_s,
        u"CREATE TABLE people (id INTEGER PRIMARY KEY, name VARCHAR(40))"_s,
        u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 400) "
        "INSERT INTO people SELECT i, 'person ' || i || ' ' || hex(randomblob(20)) FROM n"_s,
        u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50) "
        "INSERT INTO entries SELECT i, 'entry ' || i, i FROM n"_s};
    const QString path = fileWith(m_dir, u"damaged-%1.db"_s.arg(damaged), statements);
    QVERIFY(!path.isEmpty());
    QCOMPARE(startupCheck(m_dir, path).exitCode, 0);
    const qint64 leaf = firstLeafOf(path, damaged);
    QVERIFY(leaf > 1);
    QVERIFY(damagePage(path, leaf));
    QVERIFY(readBack(path, u"SELECT count(*) FROM sqlite_schema"_s).toLongLong() > 0);
    // the start-up check fails, and says why.
    const Run run = startupCheck(m_dir, path);
    QVERIFY2(run.exitCode == 1, qPrintable(run.out + run.err));
    QVERIFY2(run.err.contains(u"The rows cannot be read"_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"malformed"_s), qPrintable(run.err));
}

QTEST_MAIN(tst_OddFiles)
#include "tst_oddfiles.moc"
